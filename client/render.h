/*
 * render.h — print results as an aligned table, CSV (RFC 4180 quoting, LF line
 * ends) or one JSON document.
 *
 * A render_table holds rows of typed cells under named columns; it knows
 * nothing about households or sockets, so it is unit-tested on its own
 * (tests/unit/test_render.c). Column names are lower case ("citizen_id"):
 * they are the CSV header and the JSON keys; the table format shows them in
 * upper case.
 */
#ifndef ANSINH_RENDER_H
#define ANSINH_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum render_format {
	RENDER_TABLE,
	RENDER_CSV,
	RENDER_JSON,
	RENDER_HTML, /* one self-contained page */
};

/* "table", "csv", "json", "html" -> *out; false on any other word. */
bool render_format_parse(const char *s, enum render_format *out);

struct render_table;

/*
 * A new empty table with ncols columns. The column names are not copied: they
 * must outlive the table (string literals). Freed with render_table_free.
 */
struct render_table *render_table_new(const char *const *columns, size_t ncols);
/* render_table_new, the table owning columns (an array from malloc, whose
 * strings it does not own): render_table_free frees it. */
struct render_table *render_table_new_owned(const char **columns, size_t ncols);
void render_table_free(struct render_table *t);

/*
 * Append one cell to the table; after ncols cells a row is complete and the
 * next cell starts a new one. render_str copies s; a NULL s is a null cell.
 * Null cells print as nothing in table and CSV, as null in JSON; booleans as
 * yes/no in table and CSV, true/false in JSON.
 */
void render_str(struct render_table *t, const char *s);
void render_int(struct render_table *t, long long v);
void render_bool(struct render_table *t, bool v);
void render_null(struct render_table *t);

/* Complete rows so far. */
size_t render_rows(const struct render_table *t);

/*
 * Print every row. table: a header line, then the rows, columns aligned by
 * display width and separated by two spaces, numbers right-aligned. csv: a
 * header line, then the rows. json: an array of objects, one per line.
 * html: one page holding the table (the report commands make their own).
 */
void render_list(FILE *out, enum render_format fmt,
                 const struct render_table *t);

/*
 * Print the first row of rec as one record. table: a FIELD/VALUE two-column
 * table; then, when sub has rows, a blank line and sub as a list. csv: the
 * header line and the row (sub is not printed). json: one object, with sub
 * as an array of objects under the key sub_name. sub may be NULL.
 */
void render_record(FILE *out, enum render_format fmt,
                   const struct render_table *rec, const char *sub_name,
                   const struct render_table *sub);

/*
 * render_record with several sub-lists (names[i] and subs[i], nsubs of
 * them): in a table each non-empty sub-list follows after a blank line; CSV
 * prints the record only; JSON puts each sub-list under its name.
 */
void render_record_subs(FILE *out, enum render_format fmt,
                        const struct render_table *rec, size_t nsubs,
                        const char *const *names,
                        const struct render_table *const *subs);

/*
 * Terminal columns that s takes: one per character, zero for combining marks
 * (a decomposed "ệ" is one column), two for East Asian wide characters. Bytes
 * that are not valid UTF-8 count one each.
 */
size_t render_width(const char *s);

/* A whole number with thousands separators: 15600000 -> "15,600,000". */
void render_thousands(char *out, size_t size, long long v);

#endif
