/*
 * csv.h — RFC 4180 CSV, both ways, as pure functions on bytes: no files, no
 * sockets, so it is unit-tested on its own (tests/unit/test_csv.c); and
 * the guard of cells that spreadsheets would run as formulas.
 *
 * Reading is streamed: feed the bytes in chunks of any size (a record may
 * span chunks, and a quoted field may hold commas, quotes as "" and line
 * breaks); the reader stops after each complete record, which stays valid
 * until csv_next. Memory is bounded by the longest record, never by the
 * input.
 *
 *   csv_reader_new
 *   loop: n = csv_feed(r, buf + off, len - off); off += n;
 *         if (csv_ready(r)) { ...csv_field(r, i, &len)...; csv_next(r); }
 *   at the end: csv_finish(r); if (csv_ready(r)) { ...; csv_next(r); }
 *
 * What the reader accepts: a UTF-8 byte order mark at the very start
 * (skipped); records ended by CRLF, LF or a lone CR (the last one may be
 * unended); fields separated by commas. It does not judge the bytes of a
 * field (UTF-8 or not, NUL or not): that is the caller's business.
 *
 * A malformed record (a quote inside an unquoted field, text after a closing
 * quote, a quoted field still open at the end of the input, a record over
 * the size limit) is still delivered, with csv_error set: the reader goes on
 * with the next record, so one bad row costs only itself.
 */
#ifndef ANSINH_CSV_H
#define ANSINH_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Limits of one record. */
#define CSV_MAX_FIELDS         256
#define CSV_DEFAULT_MAX_RECORD (1024u * 1024u)

struct csv_reader;

/* A new reader refusing records over max_record bytes (0: the default).
 * Freed with csv_reader_free. */
struct csv_reader *csv_reader_new(size_t max_record);
void csv_reader_free(struct csv_reader *r);

/* Consume bytes until a record is complete or buf is used up; returns how
 * many bytes were consumed. Consumes nothing while a record is ready. */
size_t csv_feed(struct csv_reader *r, const char *buf, size_t len);

/* The input has ended: completes a last unended record, if any. */
void csv_finish(struct csv_reader *r);

/* A complete record is waiting. */
bool csv_ready(const struct csv_reader *r);

/* The waiting record: its fields (NUL-terminated copies, which may also
 * hold NUL bytes: *len is the true length; len may be NULL), the line it
 * starts on (1 for the first line), the line it ends on, and whether it was
 * an empty line. */
size_t csv_nfields(const struct csv_reader *r);
const char *csv_field(const struct csv_reader *r, size_t i, size_t *len);
size_t csv_line(const struct csv_reader *r);
size_t csv_last_line(const struct csv_reader *r);
bool csv_blank(const struct csv_reader *r);
/* NULL, or why the record is malformed ("a quoted field is not closed"). */
const char *csv_error(const struct csv_reader *r);

/* Release the waiting record and go on. */
void csv_next(struct csv_reader *r);

/* Whether the input began with a UTF-8 byte order mark. */
bool csv_had_bom(const struct csv_reader *r);

/* Bytes consumed so far (for progress). */
unsigned long long csv_offset(const struct csv_reader *r);

/*
 * Writing: one record of n fields, quoted where RFC 4180 needs it (a comma,
 * a quote, CR or LF; quotes doubled), then LF. A NULL field is written
 * empty. Returns false when the stream reports an error.
 */
bool csv_write_record(FILE *out, const char *const *fields, size_t n);
/* One field, quoted where needed, with nothing before or after it. */
void csv_write_field(FILE *out, const char *s);

/*
 * Cells for spreadsheets (OWASP "CSV injection"): a cell that a spreadsheet
 * would take for a formula — beginning with '=', '+', '-', '@', a tab or a
 * carriage return — is written after a guarding "'", which spreadsheets
 * show as text; so is a cell that begins with "'" followed by one it would
 * guard, so that reading undoes exactly one guard. A negative whole number
 * ("-500000", an amount) is a number to a spreadsheet, not a formula: it is
 * written as it is. csv_unguard(csv_guard(v)) is v for every v.
 *
 * csv_write_guarded: csv_write_record with each field guarded.
 * csv_write_guarded_field: csv_write_field, guarded (NULL is empty); what
 * `--format csv` writes for each text cell (render.c).
 * csv_unguard: a cell as read, without its guard (a pointer into s).
 */
bool csv_write_guarded(FILE *out, const char *const *fields, size_t n);
void csv_write_guarded_field(FILE *out, const char *s);
const char *csv_unguard(const char *s);

/*
 * A header name folded for comparison: lower case, Vietnamese letters
 * without their marks ("Họ và tên" -> "ho va ten", "Đ" -> "d", precomposed
 * or decomposed), '_', '-', '.' and runs of white space made one space,
 * leading and trailing space removed. Bytes that are not valid UTF-8 are
 * kept as they are. Writes at most size bytes including the NUL.
 */
void csv_fold(const char *in, char *out, size_t size);

#endif
