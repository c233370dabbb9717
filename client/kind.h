/*
 * kind.h — the kinds of record that `ansinh import` and `ansinh export`
 * know, as one table (kind.c). A kind is one entry:
 *
 *   name, record   "households", "household" (the word on the command line,
 *                  and the record's name in derived ids and messages)
 *   columns        its CSV columns in export order: the English header, the
 *                  other headers accepted (Vietnamese aliases), whether the
 *                  file must have it, a line of help
 *   build          one row -> the create request: check every value with
 *                  the shared rules (kind_text, kind_date, ... below), take
 *                  the record id from the row's natural key (kind_id), fill
 *                  a Request on the stack and hand it to kind_emit
 *   export         page through the kind's list request(s) and write each
 *                  record with kind_export_row, in column order, in words
 *                  that build takes back unchanged (kind-export.c holds
 *                  the helpers that talk to the daemon)
 *   year_column    for a dated kind, the column `export --year` filters on
 *
 * Every ward-scoped kind has a "ward" column and an "id" column; the import
 * resolves the ward of each row before build, and kind_id takes a non-empty
 * id column as the record id (so an export imports back with its ids).
 */
#ifndef ANSINH_KIND_H
#define ANSINH_KIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ansinh.h"
#include "ansinh.pb-c.h"
#include "uuid.h"

#define KIND_MAX_COLUMNS 24

struct cmd_ctx;

struct kind_column {
	const char *name;    /* header as export writes it: "citizen_id" */
	const char *aliases; /* also accepted, '|' separated, compared folded
	                        (csv_fold): "cccd|số cccd|căn cước" */
	bool required;       /* the file must have this column */
	const char *help;    /* one line for --help and the README */
};

/* A word accepted in a column with a fixed list, beside the canonical words
 * of proto/rules.h (compared folded). */
struct kind_word {
	const char *word;
	int value;
};

/* One row of the file, as build sees it. */
struct kind_row {
	size_t line;      /* where the record starts in the file */
	const char *ward; /* the row's ward ("" when not known: dry run) */
	int id_col;       /* the kind's "id" column, or -1 */
	/* By column index: the value with surrounding blanks removed, or
	 * NULL when the file has no such column. */
	const char *value[KIND_MAX_COLUMNS];
	/* By column index: the header as the file spells it. */
	const char *header[KIND_MAX_COLUMNS];
};

/* What build produces: the request (packed), or why the row is refused. */
struct kind_build {
	bool dry_run;     /* check only: kind_emit keeps nothing */
	char reason[512]; /* set by kind_reject */
	uint8_t *packed;  /* owned: the Request, seq 0, no request_id */
	size_t packed_len;
	uint8_t record_id[UUID_SIZE];
	char key[256]; /* the natural key, for duplicate messages */
	/* Set by build: the row depends on earlier rows of the file (a
	 * reversing entry on its original, a support on the need an earlier
	 * row made approved again), so it is sent only once every earlier
	 * row has been answered. */
	bool barrier;
};

struct kind_export;

struct kind {
	const char *name;
	const char *record;
	const char *summary;
	const struct kind_column *columns; /* {NULL} ended */
	bool (*build)(const struct kind_row *row, struct kind_build *b);
	enum ansinh_exit (*export)(struct kind_export *x);
	/* The column `export --year Y` filters on (its year must be Y), or
	 * NULL: the kind has no year and --year is a usage error. */
	const char *year_column;
};

/* Export's state, for a kind's export function. */
struct kind_export {
	struct cmd_ctx *ctx;
	const struct kind *kind;
	const char *ward; /* "" for every ward the token sees */
	FILE *out;
	int year; /* --year, 0 for every year */
	unsigned long long rows;
};

/* Every kind, NULL ended; "households|members|...". */
extern const struct kind *const kind_table[];
const struct kind *kind_find(const char *name);
const char *kind_names(void);
size_t kind_ncolumns(const struct kind *k);
/* The index of a column by its English name, -1 when the kind has none. */
int kind_column(const struct kind *k, const char *name);
/* The column a header names (its name or an alias, folded), or -1. */
int kind_match_header(const struct kind *k, const char *header);

/*
 * Row helpers. Each checks the value of column col and returns true, or
 * calls kind_reject and returns false. An empty value is "not given".
 */
bool kind_reject(struct kind_build *b, const struct kind_row *row, int col,
                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Text: UTF-8, no control characters, one line, at most max characters;
 * *out is the value ("" when not given). */
bool kind_text(struct kind_build *b, const struct kind_row *row, int col,
               bool required, size_t max, const char **out);
/* A date, YYYY-MM-DD or D/M/YYYY (as Vietnamese spreadsheets write it),
 * not in the future; out gets YYYY-MM-DD, or "" when not given. */
bool kind_date(struct kind_build *b, const struct kind_row *row, int col,
               char out[11]);
/* yes/no, true/false, 1/0, x, có/không; empty is no. */
bool kind_bool(struct kind_build *b, const struct kind_row *row, int col,
               bool *out);
/* A whole number in [min, max]; 0 when not given. */
bool kind_int(struct kind_build *b, const struct kind_row *row, int col,
              long min, long max, long *out);
/* A word of a fixed list: parse (a rules.h name table) or one of words
 * ({NULL} ended); list is shown in the message. 0 when not given. */
bool kind_word(struct kind_build *b, const struct kind_row *row, int col,
               int (*parse)(const char *), const struct kind_word *words,
               const char *list, int *out);
/* Other checks of a value with a rules.h rule. */
bool kind_rule(struct kind_build *b, const struct kind_row *row, int col,
               bool (*rule)(const char *, const char **));
/* Free text that may hold line breaks (notes), at most max characters. */
bool kind_note(struct kind_build *b, const struct kind_row *row, int col,
               size_t max, const char **out);
/* An amount in VND, 0 to RULE_VND_MAX, written as the --amount flags take
 * it (60000000, 60.000.000, 60,000,000, 60_000_000, 60 000 000). With
 * negative, a leading '-' is accepted too (and then required unless the
 * amount is 0): the amount of a reversing entry. *given says whether the
 * cell held a value; a required one must. */
bool kind_vnd(struct kind_build *b, const struct kind_row *row, int col,
              bool required, bool negative, bool *given, int64_t *out);
/* A record id (UUID) in a column; *given false (and out zero) when
 * empty. */
bool kind_uuid(struct kind_build *b, const struct kind_row *row, int col,
               bool *given, uint8_t out[UUID_SIZE]);
/* The value of a fixed word list (or 0): the words' lookup without the
 * rejection, for kinds that try several lists. */
int kind_word_find(const struct kind_word *words, const char *v);

/* Text as part of a natural key: runs of blanks made one space, none at
 * the ends. */
void kind_key_text(const char *s, char *out, size_t size);
/* Today's local date, YYYY-MM-DD. */
void kind_today(char out[11]);

/*
 * The record id: the row's id column when it holds one (it must be a
 * UUID), else derived from the natural key (ids_record(kind's record, the
 * row's ward, key)). Also keeps key for messages.
 */
bool kind_id(struct kind_build *b, const struct kind_row *row,
             const char *record, const char *key, uint8_t out[UUID_SIZE]);

/* Hand over the built request (packed with seq 0 and no request_id). */
void kind_emit(struct kind_build *b, const Ansinh__V1__Request *req);

/*
 * Export helpers (kind-export.c).
 */
/* Call before each request for a page — the --timeout counts from there,
 * not from the start of the export. */
void kind_export_page(struct kind_export *x);

/* One record, values in column order (NULL or "" for empty). Returns
 * false when the output fails. */
bool kind_export_row(struct kind_export *x, const char *const *values);

/* Whether a date (YYYY-MM-DD) is in the year of --year (always, without
 * it). */
bool kind_export_in_year(const struct kind_export *x, const char *date);

/*
 * n requests at once on the session (a pipeline: every request sent, then
 * every reply read in order): make(arg, i, req) fills request i (its body
 * may live in arg's storage: it is sent before the next make), each reply
 * must carry body want, and take(arg, i, resp) consumes reply i (resp is
 * freed after it returns; false stops with an output error). Returns
 * ANSINH_EXIT_OK, or the exit code after printing why (ANSINH_EXIT_USAGE
 * when take failed).
 */
enum ansinh_exit kind_export_fanout(
    struct kind_export *x, size_t n,
    void (*make)(void *arg, size_t i, Ansinh__V1__Request *req),
    Ansinh__V1__Response__BodyCase want,
    bool (*take)(void *arg, size_t i, const Ansinh__V1__Response *resp),
    void *arg);

/* Words for export: "yes"/"no", a number or "" for 0, an amount (always
 * digits, "-" first when negative), an id ("" unless 16 bytes). */
const char *kind_yes_no(bool v);
const char *kind_number(long v, char buf[24]);
const char *kind_vnd_text(int64_t v, char buf[24]);
const char *kind_id_text(const ProtobufCBinaryData *id,
                         char buf[UUID_STR_SIZE]);

/* The kinds (kind-household.c, kind-member.c, kind-need.c,
 * kind-support.c, kind-assessment.c). */
extern const struct kind kind_households;
extern const struct kind kind_members;
extern const struct kind kind_needs;
extern const struct kind kind_supports;
extern const struct kind kind_assessments;

/* The Vietnamese words of the need kinds (kind-need.c); supports take them
 * too. */
extern const struct kind_word kind_need_kind_words[];

/*
 * The order in which `export supports` writes one day's entries
 * (kind-support.c): first those that neither reverse an entry nor fulfil a
 * need (related false), by ward and id; then the others by pos, the order
 * support_list gave them in (the order they were recorded). A qsort
 * comparator of keys (or of structs that start with one).
 */
struct kind_support_key {
	const char *ward;
	uint8_t id[UUID_SIZE];
	bool related;
	size_t pos;
};
int kind_support_cmp(const void *a, const void *b);

#endif
