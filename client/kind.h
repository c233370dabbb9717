/*
 * kind.h — the kinds of record that `ansinh import` and `ansinh export`
 * know, as one table (kind.c). A kind is one entry:
 *
 *   name           "households": the word on the command line
 *   record         the record's fields (record.h): the kind's CSV columns
 *                  are the fields with a column, in their order (the English
 *                  header, the other headers accepted, whether the file must
 *                  have it, a line of help); a row's values are read and
 *                  checked by the fields' types and rules and put at their
 *                  paths in the create request (kind_build)
 *   finish         the family's part of a row, after its fields: rules
 *                  across fields, the record id from the row's natural key
 *                  (kind_key)
 *   own            optional: a row the family builds entirely itself (a
 *                  reversing entry of supports)
 *   export         page through the kind's list request(s) and write each
 *                  record with kind_export_values and kind_export_row, in
 *                  column order, in words that import takes back unchanged
 *                  (kind-export.c holds the helpers that talk to the daemon)
 *   year_column    for a dated kind, the column `export --year` filters on
 *
 * Every ward-scoped kind has a "ward" column and an "id" column; the import
 * resolves the ward of each row before building it, and kind_key takes a
 * non-empty id column as the record id (so an export imports back with its
 * ids).
 */
#ifndef ANSINH_KIND_H
#define ANSINH_KIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ansinh.h"
#include "ansinh.pb-c.h"
#include "record.h"
#include "uuid.h"

struct cmd_ctx;

/* One row of the file, as build sees it. Columns are by field index in the
 * kind's record. */
struct kind_row {
	size_t line;      /* where the record starts in the file */
	const char *ward; /* the row's ward ("" when not known: dry run) */
	int id_col;       /* the kind's "id" column, or -1 */
	/* The value with surrounding blanks removed, or NULL when the file
	 * has no such column. */
	const char *value[RECORD_MAX_FIELDS];
	/* The header as the file spells it. */
	const char *header[RECORD_MAX_FIELDS];
};

/* What build produces: the request (packed), or why the row is refused. */
struct kind_build {
	bool dry_run;      /* check only: kind_emit keeps nothing */
	char reason[1024]; /* set by kind_reject */
	uint8_t *packed;   /* owned: the Request, seq 0, no request_id */
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
	const char *summary;
	const struct record *record;
	/* After the row's fields were read into req: false (after
	 * kind_reject) when the row is refused. */
	bool (*finish)(const struct kind_row *row, struct kind_build *b,
	               Ansinh__V1__Request *req);
	/* Optional: true when the family builds this row itself, *ok its
	 * result (then kind_emit was called, or kind_reject). */
	bool (*own)(const struct kind_row *row, struct kind_build *b, bool *ok);
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
	int year;    /* --year, 0 for every year */
	bool redact; /* --redact: leave the RECORD_PERSONAL columns out */
	unsigned long long rows;
};

/* Every kind, NULL ended; "households|members|...". */
extern const struct kind *const kind_table[];
const struct kind *kind_find(const char *name);
const char *kind_names(void);
/* The field index of the column with this English name, or -1. */
int kind_column(const struct kind *k, const char *name);
/* The field index of the column a header names (its name or an alias,
 * folded), or -1. */
int kind_match_header(const struct kind *k, const char *header);

/*
 * A row -> its request: the family's own build, if it takes the row; else
 * every column read by its field's type and rule and put at its path, then
 * the family's finish, then kind_emit. False with b->reason when the row is
 * refused.
 */
bool kind_build(const struct kind *k, const struct kind_row *row,
                struct kind_build *b);

/*
 * Row helpers, for a family's own rows and rules. Each checks the value of
 * column col and returns true, or calls kind_reject and returns false. An
 * empty value is "not given".
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

/* Text as part of a natural key: runs of blanks made one space, none at
 * the ends. */
void kind_key_text(const char *s, char *out, size_t size);

/*
 * The record id: the row's id column when it holds one (it must be a
 * UUID), else derived from the natural key (ids_record(record, the row's
 * ward, key)). Also keeps key for messages.
 */
bool kind_id(struct kind_build *b, const struct kind_row *row,
             const char *record, const char *key, uint8_t out[UUID_SIZE]);
/* kind_id for the kind's record, put into req (its RECORD_SELF field) and
 * into b->record_id. */
bool kind_key(const struct kind *k, struct kind_build *b,
              const struct kind_row *row, Ansinh__V1__Request *req,
              const char *key);

/* Hand over the built request (packed with seq 0 and no request_id). */
void kind_emit(struct kind_build *b, const Ansinh__V1__Request *req);

/*
 * Export helpers (kind-export.c).
 */
/* Call before each request for a page — the --timeout counts from there,
 * not from the start of the export. */
void kind_export_page(struct kind_export *x);

/* The values of a record's message m, by field index, in the words import
 * takes back (record_text): they live in m or in v. */
struct kind_values {
	const char *v[RECORD_MAX_FIELDS];
	char buf[RECORD_MAX_FIELDS][RECORD_TEXT_SIZE];
};
void kind_export_values(const struct kind_export *x, const ProtobufCMessage *m,
                        struct kind_values *out);

/* The header line: the English names of the columns (without the personal
 * ones under --redact). Returns false when the output fails. */
bool kind_export_header(struct kind_export *x);
/* One record, values by field index (NULL or "" for empty), its columns
 * in order, CSV-guarded (csv.h). Returns false when the output fails. */
bool kind_export_row(struct kind_export *x, const char *const *values);

/* Whether a date (YYYY-MM-DD) is in the year of --year (always, without
 * it). */
bool kind_export_in_year(const struct kind_export *x, const char *date);

/*
 * n requests at once on the link (a pipeline: every request sent, then
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

/* The kinds (kind-household.c, kind-member.c, kind-need.c,
 * kind-support.c, kind-assessment.c), and their records: the fields that
 * `<noun> add` takes as flags too. */
extern const struct kind kind_households;
extern const struct kind kind_members;
extern const struct kind kind_needs;
extern const struct kind kind_supports;
extern const struct kind kind_assessments;
extern const struct record record_household;
extern const struct record record_member;
extern const struct record record_need;
extern const struct record record_support;
extern const struct record record_assessment;

/* The Vietnamese words of the need kinds (kind-need.c); supports take them
 * too. */
extern const struct record_word kind_need_kind_words[];

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
