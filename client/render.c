/*
 * render.c — tables, CSV and JSON on a FILE.
 *
 * Self-contained on purpose (libc only, its own allocation helpers) so the
 * unit test links it without the rest of the client.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "render.h"

/* Columns between two table columns. */
#define RENDER_GAP 2
/* U+FFFD REPLACEMENT CHARACTER, printed for bytes that are not UTF-8. */
#define RENDER_REPLACEMENT "\xef\xbf\xbd"

enum render_kind {
	RENDER_CELL_NULL,
	RENDER_CELL_STR,
	RENDER_CELL_INT,
	RENDER_CELL_BOOL,
};

struct render_cell {
	enum render_kind kind;
	char *text; /* owned; RENDER_CELL_STR only */
	long long num;
	bool flag;
};

struct render_table {
	const char *const *columns; /* owned when owns_columns */
	size_t ncols;
	bool owns_columns;
	struct render_cell *cells; /* owned, ncells of them */
	size_t ncells;
	size_t cap;
};

static void *render_alloc(size_t n, size_t size);
static struct render_cell *render_push(struct render_table *t);
static size_t render_utf8_next(const unsigned char *s, size_t len,
                               uint32_t *cp);
static int render_cp_width(uint32_t cp);
static bool render_in(uint32_t cp, const uint32_t (*ranges)[2], size_t n);
static char *render_display(const struct render_cell *c);
static char *render_clean(const char *s);
static void render_upper(FILE *out, const char *s);
static void render_pad(FILE *out, size_t n);
static void render_table_rows(FILE *out, const struct render_table *t,
                              size_t first, size_t nrows, bool header);
static const struct render_cell *render_cell(const struct render_table *t,
                                             size_t row, size_t col);
static void render_csv_field(FILE *out, const char *s);
static void render_csv_cell(FILE *out, const struct render_cell *c);
static void render_csv_header(FILE *out, const struct render_table *t);
static void render_json_string(FILE *out, const char *s);
static void render_json_cell(FILE *out, const struct render_cell *c);
static void render_json_object(FILE *out, const struct render_table *t,
                               size_t row, const char *sub_name,
                               const struct render_table *sub);
static void render_html_page(FILE *out, const struct render_table *t,
                             size_t first, size_t nrows);
static void render_html_text(FILE *out, const char *s);
static void render_json_array(FILE *out, const struct render_table *t,
                              bool one_line);

/* Zero-width code points: combining marks, joiners, direction marks, BOM. */
static const uint32_t render_zero_width[][2] = {
    {0x0300, 0x036F},   {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x05BF, 0x05BF},
    {0x05C1, 0x05C2},   {0x05C4, 0x05C5}, {0x05C7, 0x05C7}, {0x0610, 0x061A},
    {0x064B, 0x065F},   {0x0670, 0x0670}, {0x06D6, 0x06DC}, {0x06DF, 0x06E4},
    {0x0E31, 0x0E31},   {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E}, {0x1AB0, 0x1AFF},
    {0x1DC0, 0x1DFF},   {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x2064},
    {0x20D0, 0x20FF},   {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF},
    {0xE0100, 0xE01EF},
};

/* East Asian wide and fullwidth code points: two columns. */
static const uint32_t render_wide[][2] = {
    {0x1100, 0x115F},   {0x2E80, 0x303E},   {0x3041, 0x33FF},
    {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
    {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE30, 0xFE4F},
    {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x1F300, 0x1F64F},
    {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

bool
render_format_parse(const char *s, enum render_format *out)
{
	if (strcmp(s, "table") == 0)
		*out = RENDER_TABLE;
	else if (strcmp(s, "csv") == 0)
		*out = RENDER_CSV;
	else if (strcmp(s, "json") == 0)
		*out = RENDER_JSON;
	else if (strcmp(s, "html") == 0)
		*out = RENDER_HTML;
	else
		return false;
	return true;
}

struct render_table *
render_table_new(const char *const *columns, size_t ncols)
{
	struct render_table *t;

	t = render_alloc(1, sizeof *t);
	t->columns = columns;
	t->ncols = ncols;
	return t;
}

struct render_table *
render_table_new_owned(const char **columns, size_t ncols)
{
	struct render_table *t = render_table_new(columns, ncols);

	t->owns_columns = true;
	return t;
}

void
render_table_free(struct render_table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->ncells; i++)
		free(t->cells[i].text);
	free(t->cells);
	if (t->owns_columns)
		free((void *)(uintptr_t)t->columns);
	free(t);
}

void
render_str(struct render_table *t, const char *s)
{
	struct render_cell *c;
	size_t n;

	if (s == NULL) {
		render_null(t);
		return;
	}
	c = render_push(t);
	c->kind = RENDER_CELL_STR;
	n = strlen(s);
	c->text = render_alloc(n + 1, 1);
	memcpy(c->text, s, n + 1);
}

void
render_int(struct render_table *t, long long v)
{
	struct render_cell *c;

	c = render_push(t);
	c->kind = RENDER_CELL_INT;
	c->num = v;
}

void
render_bool(struct render_table *t, bool v)
{
	struct render_cell *c;

	c = render_push(t);
	c->kind = RENDER_CELL_BOOL;
	c->flag = v;
}

void
render_null(struct render_table *t)
{
	render_push(t)->kind = RENDER_CELL_NULL;
}

size_t
render_rows(const struct render_table *t)
{
	return t->ncols == 0 ? 0 : t->ncells / t->ncols;
}

void
render_list(FILE *out, enum render_format fmt, const struct render_table *t)
{
	size_t row, col;

	switch (fmt) {
	case RENDER_TABLE:
		render_table_rows(out, t, 0, render_rows(t), true);
		break;
	case RENDER_CSV:
		render_csv_header(out, t);
		for (row = 0; row < render_rows(t); row++) {
			for (col = 0; col < t->ncols; col++) {
				if (col > 0)
					fputc(',', out);
				render_csv_cell(out, render_cell(t, row, col));
			}
			fputc('\n', out);
		}
		break;
	case RENDER_JSON:
		render_json_array(out, t, false);
		fputc('\n', out);
		break;
	case RENDER_HTML:
		render_html_page(out, t, 0, render_rows(t));
		break;
	}
}

void
render_record(FILE *out, enum render_format fmt, const struct render_table *rec,
              const char *sub_name, const struct render_table *sub)
{
	static const char *const fv_columns[] = {"field", "value"};
	struct render_table *fv;
	size_t col;
	char *s;

	if (render_rows(rec) == 0)
		return;
	switch (fmt) {
	case RENDER_HTML:
	case RENDER_TABLE:
		fv = render_table_new(fv_columns, 2);
		for (col = 0; col < rec->ncols; col++) {
			render_str(fv, rec->columns[col]);
			s = render_display(render_cell(rec, 0, col));
			render_str(fv, s);
			free(s);
		}
		if (fmt == RENDER_HTML)
			render_html_page(out, fv, 0, render_rows(fv));
		else
			render_table_rows(out, fv, 0, render_rows(fv), true);
		render_table_free(fv);
		if (sub != NULL && render_rows(sub) > 0) {
			fputc('\n', out);
			if (fmt == RENDER_HTML)
				render_html_page(out, sub, 0, render_rows(sub));
			else
				render_table_rows(out, sub, 0, render_rows(sub),
				                  true);
		}
		break;
	case RENDER_CSV:
		render_csv_header(out, rec);
		for (col = 0; col < rec->ncols; col++) {
			if (col > 0)
				fputc(',', out);
			render_csv_cell(out, render_cell(rec, 0, col));
		}
		fputc('\n', out);
		break;
	case RENDER_JSON:
		render_json_object(out, rec, 0, sub_name, sub);
		fputc('\n', out);
		break;
	}
}

void
render_record_subs(FILE *out, enum render_format fmt,
                   const struct render_table *rec, size_t nsubs,
                   const char *const *names,
                   const struct render_table *const *subs)
{
	size_t i, col;

	if (render_rows(rec) == 0)
		return;
	if (fmt != RENDER_JSON) {
		render_record(out, fmt, rec, NULL, NULL);
		if (fmt != RENDER_TABLE)
			return;
		for (i = 0; i < nsubs; i++) {
			if (subs[i] == NULL || render_rows(subs[i]) == 0)
				continue;
			fputc('\n', out);
			render_table_rows(out, subs[i], 0, render_rows(subs[i]),
			                  true);
		}
		return;
	}
	fputc('{', out);
	for (col = 0; col < rec->ncols; col++) {
		if (col > 0)
			fputc(',', out);
		render_json_string(out, rec->columns[col]);
		fputc(':', out);
		render_json_cell(out, render_cell(rec, 0, col));
	}
	for (i = 0; i < nsubs; i++) {
		if (subs[i] == NULL)
			continue;
		if (col > 0 || i > 0)
			fputc(',', out);
		render_json_string(out, names[i]);
		fputc(':', out);
		render_json_array(out, subs[i], true);
	}
	fputs("}\n", out);
}

size_t
render_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len, n, width = 0;
	uint32_t cp;

	len = strlen(s);
	while (len > 0) {
		n = render_utf8_next(p, len, &cp);
		if (n == 0) {
			width++;
			n = 1;
		} else
			width += (size_t)render_cp_width(cp);
		p += n;
		len -= n;
	}
	return width;
}

/* ---------------------------------------------------------------- helpers */

/* Zeroed memory for n objects; exits on exhaustion. The caller frees. */
static void *
render_alloc(size_t n, size_t size)
{
	void *p;

	p = calloc(n == 0 ? 1 : n, size == 0 ? 1 : size);
	if (p == NULL) {
		fputs("ansinh: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

/* A new zeroed cell at the end of t, owned by t. */
static struct render_cell *
render_push(struct render_table *t)
{
	struct render_cell *cells;
	size_t cap;

	if (t->ncells == t->cap) {
		cap = t->cap == 0 ? 32 : t->cap * 2;
		cells = render_alloc(cap, sizeof *cells);
		if (t->ncells > 0)
			memcpy(cells, t->cells, t->ncells * sizeof *cells);
		free(t->cells);
		t->cells = cells;
		t->cap = cap;
	}
	memset(&t->cells[t->ncells], 0, sizeof t->cells[0]);
	return &t->cells[t->ncells++];
}

/*
 * Decode one UTF-8 sequence at s (len bytes available). Returns its length
 * and the code point, or 0 when the bytes are not valid UTF-8 (overlong
 * forms, surrogates and values past U+10FFFF included).
 */
static size_t
render_utf8_next(const unsigned char *s, size_t len, uint32_t *cp)
{
	size_t n, i;
	uint32_t v, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0) {
		n = 2;
		v = s[0] & 0x1F;
		min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		n = 3;
		v = s[0] & 0x0F;
		min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		n = 4;
		v = s[0] & 0x07;
		min = 0x10000;
	} else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

static bool
render_in(uint32_t cp, const uint32_t (*ranges)[2], size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (cp >= ranges[i][0] && cp <= ranges[i][1])
			return true;
	}
	return false;
}

static int
render_cp_width(uint32_t cp)
{
	if (cp < 0x300)
		return 1;
	if (render_in(cp, render_zero_width,
	              sizeof render_zero_width / sizeof render_zero_width[0]))
		return 0;
	if (render_in(cp, render_wide,
	              sizeof render_wide / sizeof render_wide[0]))
		return 2;
	return 1;
}

/*
 * The text of a cell as the table shows it (see render_clean); the caller
 * frees it.
 */
static char *
render_display(const struct render_cell *c)
{
	char buf[32];

	switch (c->kind) {
	case RENDER_CELL_STR:
		return render_clean(c->text);
	case RENDER_CELL_INT:
		snprintf(buf, sizeof buf, "%lld", c->num);
		return render_clean(buf);
	case RENDER_CELL_BOOL:
		return render_clean(c->flag ? "yes" : "no");
	case RENDER_CELL_NULL:
		break;
	}
	return render_clean("");
}

/*
 * A copy of s safe to print on a terminal, one line: control characters
 * (C0, DEL, C1; newlines and tabs too) become spaces, bytes that are not
 * UTF-8 become U+FFFD. The caller frees the result.
 */
static char *
render_clean(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len, n, o = 0;
	uint32_t cp;
	char *out;

	len = strlen(s);
	out = render_alloc(len * 3 + 1, 1);
	while (len > 0) {
		n = render_utf8_next(p, len, &cp);
		if (n == 0) {
			memcpy(out + o, RENDER_REPLACEMENT, 3);
			o += 3;
			n = 1;
		} else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
			out[o++] = ' ';
		else {
			memcpy(out + o, p, n);
			o += n;
		}
		p += n;
		len -= n;
	}
	out[o] = '\0';
	return out;
}

static void
render_upper(FILE *out, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s >= 'a' && *s <= 'z')
			fputc(*s - 'a' + 'A', out);
		else
			fputc(*s, out);
	}
}

static void
render_pad(FILE *out, size_t n)
{
	while (n-- > 0)
		fputc(' ', out);
}

static const struct render_cell *
render_cell(const struct render_table *t, size_t row, size_t col)
{
	return &t->cells[row * t->ncols + col];
}

/*
 * The aligned table form of nrows rows from first. A column whose cells are
 * numbers (or null, with at least one number) is right-aligned. A line ends
 * at its last non-empty cell, so no line ends in blanks.
 */
static void
render_table_rows(FILE *out, const struct render_table *t, size_t first,
                  size_t nrows, bool header)
{
	size_t *widths, row, col, w, last, total = nrows * t->ncols, i;
	const struct render_cell *c;
	bool *numeric, *has_number;
	const char **line;
	char **text;

	widths = render_alloc(t->ncols, sizeof *widths);
	numeric = render_alloc(t->ncols, sizeof *numeric);
	has_number = render_alloc(t->ncols, sizeof *has_number);
	line = render_alloc(t->ncols, sizeof *line);
	text = render_alloc(total, sizeof *text);
	for (col = 0; col < t->ncols; col++) {
		widths[col] = header ? render_width(t->columns[col]) : 0;
		numeric[col] = true;
	}
	for (row = 0; row < nrows; row++) {
		for (col = 0; col < t->ncols; col++) {
			c = render_cell(t, first + row, col);
			if (c->kind == RENDER_CELL_INT)
				has_number[col] = true;
			else if (c->kind != RENDER_CELL_NULL)
				numeric[col] = false;
			i = row * t->ncols + col;
			text[i] = render_display(c);
			w = render_width(text[i]);
			if (w > widths[col])
				widths[col] = w;
		}
	}
	for (col = 0; col < t->ncols; col++)
		numeric[col] = numeric[col] && has_number[col];

	for (row = 0; row < nrows + (header ? 1 : 0); row++) {
		for (col = 0; col < t->ncols; col++) {
			if (header && row == 0)
				line[col] = t->columns[col];
			else
				line[col] =
				    text[(row - (header ? 1 : 0)) * t->ncols +
				         col];
		}
		for (last = t->ncols; last > 1 && line[last - 1][0] == '\0';)
			last--;
		for (col = 0; col < last; col++) {
			w = render_width(line[col]);
			if (col > 0)
				render_pad(out, RENDER_GAP);
			if (numeric[col])
				render_pad(out, widths[col] - w);
			if (header && row == 0)
				render_upper(out, line[col]);
			else
				fputs(line[col], out);
			if (!numeric[col] && col + 1 < last)
				render_pad(out, widths[col] - w);
		}
		fputc('\n', out);
	}
	for (i = 0; i < total; i++)
		free(text[i]);
	free(text);
	free(line);
	free(has_number);
	free(numeric);
	free(widths);
}

/* RFC 4180: a field holding a comma, a quote, CR or LF is quoted, and quotes
 * inside it doubled. */
static void
render_csv_field(FILE *out, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

static void
render_csv_cell(FILE *out, const struct render_cell *c)
{
	switch (c->kind) {
	case RENDER_CELL_STR:
		/* Guarded as export guards them: a name "=HYPERLINK(…)" must
		 * not run when the output is opened in a spreadsheet. */
		csv_write_guarded_field(out, c->text);
		break;
	case RENDER_CELL_INT:
		fprintf(out, "%lld", c->num);
		break;
	case RENDER_CELL_BOOL:
		fputs(c->flag ? "yes" : "no", out);
		break;
	case RENDER_CELL_NULL:
		break;
	}
}

static void
render_csv_header(FILE *out, const struct render_table *t)
{
	size_t col;

	for (col = 0; col < t->ncols; col++) {
		if (col > 0)
			fputc(',', out);
		render_csv_field(out, t->columns[col]);
	}
	fputc('\n', out);
}

/*
 * A JSON string: quote, backslash and control characters escaped, other
 * characters as UTF-8, bytes that are not UTF-8 as \ufffd.
 */
static void
render_json_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len, n;
	uint32_t cp;

	len = strlen(s);
	fputc('"', out);
	while (len > 0) {
		n = render_utf8_next(p, len, &cp);
		if (n == 0) {
			fputs("\\ufffd", out);
			n = 1;
		} else if (cp == '"')
			fputs("\\\"", out);
		else if (cp == '\\')
			fputs("\\\\", out);
		else if (cp == '\n')
			fputs("\\n", out);
		else if (cp == '\r')
			fputs("\\r", out);
		else if (cp == '\t')
			fputs("\\t", out);
		else if (cp < 0x20 || cp == 0x7F)
			fprintf(out, "\\u%04x", (unsigned)cp);
		else if (cp == 0x2028 || cp == 0x2029)
			fprintf(out, "\\u%04x", (unsigned)cp);
		else
			fwrite(p, 1, n, out);
		p += n;
		len -= n;
	}
	fputc('"', out);
}

static void
render_json_cell(FILE *out, const struct render_cell *c)
{
	switch (c->kind) {
	case RENDER_CELL_STR:
		render_json_string(out, c->text);
		break;
	case RENDER_CELL_INT:
		fprintf(out, "%lld", c->num);
		break;
	case RENDER_CELL_BOOL:
		fputs(c->flag ? "true" : "false", out);
		break;
	case RENDER_CELL_NULL:
		fputs("null", out);
		break;
	}
}

static void
render_json_object(FILE *out, const struct render_table *t, size_t row,
                   const char *sub_name, const struct render_table *sub)
{
	size_t col;

	fputc('{', out);
	for (col = 0; col < t->ncols; col++) {
		if (col > 0)
			fputc(',', out);
		render_json_string(out, t->columns[col]);
		fputc(':', out);
		render_json_cell(out, render_cell(t, row, col));
	}
	if (sub != NULL && sub_name != NULL) {
		if (t->ncols > 0)
			fputc(',', out);
		render_json_string(out, sub_name);
		fputc(':', out);
		render_json_array(out, sub, true);
	}
	fputc('}', out);
}

/* An array of one object per row: on one line, or one object per line. */
static void
render_json_array(FILE *out, const struct render_table *t, bool one_line)
{
	size_t row, nrows = render_rows(t);

	if (nrows == 0) {
		fputs("[]", out);
		return;
	}
	fputs(one_line ? "[" : "[\n", out);
	for (row = 0; row < nrows; row++) {
		if (!one_line)
			fputs("  ", out);
		render_json_object(out, t, row, NULL, NULL);
		if (row + 1 < nrows)
			fputc(',', out);
		if (!one_line)
			fputc('\n', out);
	}
	fputc(']', out);
}

void
render_thousands(char *out, size_t size, long long v)
{
	char digits[32];
	size_t n, i, o = 0;

	snprintf(digits, sizeof digits, "%llu",
	         v < 0 ? -(unsigned long long)v : (unsigned long long)v);
	n = strlen(digits);
	if (v < 0 && o + 1 < size)
		out[o++] = '-';
	for (i = 0; i < n && o + 1 < size; i++) {
		if (i > 0 && (n - i) % 3 == 0 && o + 2 < size)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
}

static void
render_html_text(FILE *out, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '&')
			fputs("&amp;", out);
		else if (*s == '<')
			fputs("&lt;", out);
		else if (*s == '>')
			fputs("&gt;", out);
		else if (*s == '"')
			fputs("&quot;", out);
		else
			fputc(*s, out);
	}
}

/* One page: the columns as the header row, a cell per value (numbers
 * right-aligned). */
static void
render_html_page(FILE *out, const struct render_table *t, size_t first,
                 size_t nrows)
{
	size_t row, col;
	char *s;

	fputs("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
	      "<title>ansinh</title>\n<style>table { border-collapse: "
	      "collapse; } th, td { border: 1px solid #999; padding: 2px "
	      "6px; } td.num { text-align: right; }</style>\n</head>\n"
	      "<body>\n<table>\n<tr>",
	      out);
	for (col = 0; col < t->ncols; col++) {
		fputs("<th>", out);
		render_html_text(out, t->columns[col]);
		fputs("</th>", out);
	}
	fputs("</tr>\n", out);
	for (row = first; row < first + nrows; row++) {
		fputs("<tr>", out);
		for (col = 0; col < t->ncols; col++) {
			const struct render_cell *c = render_cell(t, row, col);
			fputs(c->kind == RENDER_CELL_INT ? "<td class=\"num\">"
			                                 : "<td>",
			      out);
			s = render_display(c);
			render_html_text(out, s);
			free(s);
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
	fputs("</table>\n</body>\n</html>\n", out);
}
