/*
 * csv.c — the streaming RFC 4180 reader, the writer and header folding
 * (see csv.h).
 *
 * The reader is a byte-at-a-time state machine. A record's fields are kept
 * in one buffer, each followed by a NUL, with their offsets and lengths
 * beside; csv_next empties it for the next record.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "xmalloc.h"

enum csv_state {
	CSV_FIELD_START, /* at the start of a field */
	CSV_UNQUOTED,    /* in a field that did not start with a quote */
	CSV_QUOTED,      /* inside quotes */
	CSV_QUOTE,       /* a quote inside quotes: closing, or "" */
};

struct csv_reader {
	enum csv_state state;
	size_t max_record;

	/* The record being read or waiting. */
	char *buf; /* owned: fields, each NUL-terminated */
	size_t len;
	size_t cap;
	size_t field_off[CSV_MAX_FIELDS];
	size_t field_len[CSV_MAX_FIELDS];
	size_t nfields;
	size_t field_start; /* offset in buf of the field being read */
	size_t rec_bytes;   /* bytes of the record seen, terminator aside */
	size_t rec_line;    /* line of its first byte */
	size_t rec_last_line;
	size_t quote_line; /* where the open quoted field began */
	bool ready;
	bool blank;
	bool full;         /* over a limit: stop storing */
	bool cut_kept;     /* the field cut by the limit was kept */
	const char *error; /* the record's first problem, static */

	/* Position. */
	size_t line;  /* line of the next byte */
	bool prev_cr; /* the last byte was CR */
	bool skip_lf; /* a record ended on CR: an LF next is its end too */
	unsigned long long offset;

	/* Byte order mark. */
	size_t bom_pos; /* bytes of EF BB BF matched so far */
	bool bom_done;
	bool had_bom;
};

static const unsigned char csv_bom[3] = {0xef, 0xbb, 0xbf};

static bool csv_byte(struct csv_reader *r, unsigned char c);
static void csv_track_line(struct csv_reader *r, unsigned char c);
static bool csv_room(struct csv_reader *r);
static void csv_append(struct csv_reader *r, unsigned char c);
static void csv_end_field(struct csv_reader *r);
static void csv_end_record(struct csv_reader *r);
static void csv_set_error(struct csv_reader *r, const char *error);
static void csv_bom_replay(struct csv_reader *r);
static bool csv_needs_quotes(const char *s);
static bool csv_formula(const char *s);
static uint32_t csv_decode(const unsigned char *s, size_t *len);
static char csv_fold_char(uint32_t cp, bool *drop);

struct csv_reader *
csv_reader_new(size_t max_record)
{
	struct csv_reader *r;

	r = xcalloc(1, sizeof *r);
	r->max_record = max_record != 0 ? max_record : CSV_DEFAULT_MAX_RECORD;
	r->cap = 256;
	r->buf = xmalloc(r->cap);
	r->line = 1;
	return r;
}

void
csv_reader_free(struct csv_reader *r)
{
	if (r == NULL)
		return;
	free(r->buf);
	free(r);
}

size_t
csv_feed(struct csv_reader *r, const char *buf, size_t len)
{
	const unsigned char *p = (const unsigned char *)buf;
	size_t i = 0;

	if (r->ready)
		return 0;
	while (!r->bom_done && i < len) {
		if (p[i] == csv_bom[r->bom_pos]) {
			i++;
			r->offset++;
			if (++r->bom_pos == sizeof csv_bom) {
				r->bom_done = true;
				r->had_bom = true;
			}
			continue;
		}
		/* Not a BOM after all: what matched is data. */
		csv_bom_replay(r);
	}
	while (i < len) {
		r->offset++;
		if (csv_byte(r, p[i++]))
			break;
	}
	return i;
}

void
csv_finish(struct csv_reader *r)
{
	if (r->ready)
		return;
	if (!r->bom_done)
		csv_bom_replay(r);
	if (r->ready)
		return;
	if (r->state == CSV_QUOTED)
		csv_set_error(r, "a quoted field is not closed before the end "
		                 "of the file");
	if (r->rec_bytes == 0)
		return;
	r->rec_last_line = r->line;
	csv_end_field(r);
	csv_end_record(r);
}

bool
csv_ready(const struct csv_reader *r)
{
	return r->ready;
}

size_t
csv_nfields(const struct csv_reader *r)
{
	return r->nfields;
}

const char *
csv_field(const struct csv_reader *r, size_t i, size_t *len)
{
	if (i >= r->nfields) {
		if (len != NULL)
			*len = 0;
		return "";
	}
	if (len != NULL)
		*len = r->field_len[i];
	return r->buf + r->field_off[i];
}

size_t
csv_line(const struct csv_reader *r)
{
	return r->rec_line;
}

size_t
csv_last_line(const struct csv_reader *r)
{
	return r->rec_last_line;
}

bool
csv_blank(const struct csv_reader *r)
{
	return r->blank;
}

const char *
csv_error(const struct csv_reader *r)
{
	return r->error;
}

bool
csv_had_bom(const struct csv_reader *r)
{
	return r->had_bom;
}

unsigned long long
csv_offset(const struct csv_reader *r)
{
	return r->offset;
}

void
csv_next(struct csv_reader *r)
{
	r->ready = false;
	r->blank = false;
	r->full = false;
	r->cut_kept = false;
	r->error = NULL;
	r->len = 0;
	r->nfields = 0;
	r->field_start = 0;
	r->rec_bytes = 0;
	r->state = CSV_FIELD_START;
}

bool
csv_write_record(FILE *out, const char *const *fields, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			fputc(',', out);
		csv_write_field(out, fields[i] != NULL ? fields[i] : "");
	}
	fputc('\n', out);
	return !ferror(out);
}

void
csv_write_field(FILE *out, const char *s)
{
	if (!csv_needs_quotes(s)) {
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

bool
csv_write_guarded(FILE *out, const char *const *fields, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			fputc(',', out);
		csv_write_guarded_field(out, fields[i]);
	}
	fputc('\n', out);
	return !ferror(out);
}

void
csv_write_guarded_field(FILE *out, const char *s)
{
	if (s == NULL)
		s = "";
	if (!csv_formula(s)) {
		csv_write_field(out, s);
		return;
	}
	/* The guard inside the quotes, if any: "'=a,b". */
	if (csv_needs_quotes(s)) {
		fputs("\"'", out);
		for (; *s != '\0'; s++) {
			if (*s == '"')
				fputc('"', out);
			fputc(*s, out);
		}
		fputc('"', out);
	} else {
		fputc('\'', out);
		fputs(s, out);
	}
}

const char *
csv_unguard(const char *s)
{
	return s[0] == '\'' && csv_formula(s + 1) ? s + 1 : s;
}

void
csv_fold(const char *in, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t o = 0, n;
	bool space = false, drop;
	uint32_t cp;
	char c;

	if (size == 0)
		return;
	while (*p != '\0' && o + 1 < size) {
		cp = csv_decode(p, &n);
		if (cp == UINT32_MAX) {
			/* Not UTF-8: keep the byte. */
			if (space && o > 0 && o + 2 < size)
				out[o++] = ' ';
			space = false;
			out[o++] = (char)*p++;
			continue;
		}
		p += n;
		c = csv_fold_char(cp, &drop);
		if (drop)
			continue;
		if (c == ' ') {
			space = true;
			continue;
		}
		if (space && o > 0) {
			if (o + 2 >= size)
				break;
			out[o++] = ' ';
		}
		space = false;
		if (c != '\0') {
			out[o++] = c;
			continue;
		}
		/* Anything else: its bytes, when they fit. */
		if (o + n >= size)
			break;
		memcpy(out + o, p - n, n);
		o += n;
	}
	out[o] = '\0';
}

/* ---------------------------------------------------------------- helpers */

/* One byte of input; true when it completed a record. */
static bool
csv_byte(struct csv_reader *r, unsigned char c)
{
	bool eol = c == '\r' || c == '\n';

	if (r->skip_lf) {
		r->skip_lf = false;
		if (c == '\n') {
			csv_track_line(r, c);
			return false;
		}
	}
	if (r->rec_bytes == 0 && r->state == CSV_FIELD_START)
		r->rec_line = r->line;
	if (eol && r->state != CSV_QUOTED) {
		r->rec_last_line = r->line;
		csv_track_line(r, c);
		if (c == '\r')
			r->skip_lf = true;
		if (r->rec_bytes == 0)
			r->blank = true;
		csv_end_field(r);
		csv_end_record(r);
		return true;
	}
	r->rec_bytes++;
	csv_track_line(r, c);
	switch (r->state) {
	case CSV_FIELD_START:
		if (c == '"') {
			r->state = CSV_QUOTED;
			r->quote_line = r->rec_line;
		} else if (c == ',') {
			csv_end_field(r);
		} else {
			csv_append(r, c);
			r->state = CSV_UNQUOTED;
		}
		break;
	case CSV_UNQUOTED:
		if (c == ',') {
			csv_end_field(r);
			r->state = CSV_FIELD_START;
		} else {
			if (c == '"')
				csv_set_error(
				    r,
				    "a quote inside a field that "
				    "does not start with one (quote the whole "
				    "field and double the quote)");
			csv_append(r, c);
		}
		break;
	case CSV_QUOTED:
		if (c == '"')
			r->state = CSV_QUOTE;
		else
			csv_append(r, c);
		break;
	case CSV_QUOTE:
		if (c == '"') {
			csv_append(r, c);
			r->state = CSV_QUOTED;
		} else if (c == ',') {
			csv_end_field(r);
			r->state = CSV_FIELD_START;
		} else {
			csv_set_error(r, "text after the closing quote of a "
			                 "field");
			csv_append(r, c);
			r->state = CSV_UNQUOTED;
		}
		break;
	}
	return false;
}

/* CRLF, LF and a lone CR each end one line. */
static void
csv_track_line(struct csv_reader *r, unsigned char c)
{
	if (c == '\r') {
		r->line++;
		r->prev_cr = true;
		return;
	}
	if (c == '\n' && !r->prev_cr)
		r->line++;
	r->prev_cr = false;
}

/* Room for one more byte of the record: false (the record marked over the
 * limit) when there is none. */
static bool
csv_room(struct csv_reader *r)
{
	if (r->len + 1 > r->max_record) {
		csv_set_error(r, "the record is longer than the limit");
		r->full = true;
		return false;
	}
	if (r->len + 1 > r->cap) {
		r->cap *= 2;
		r->buf = xreallocarray(r->buf, r->cap, 1);
	}
	return true;
}

/* One byte of a field; one byte is always kept free for the field's NUL. */
static void
csv_append(struct csv_reader *r, unsigned char c)
{
	if (r->full)
		return;
	if (r->len + 2 > r->max_record) {
		csv_set_error(r, "the record is longer than the limit");
		r->full = true;
		return;
	}
	if (!csv_room(r))
		return;
	r->buf[r->len++] = (char)c;
}

static void
csv_end_field(struct csv_reader *r)
{
	if (r->full) {
		/* Keep what fitted of the field the limit cut (csv_append
		 * left room for its NUL). */
		if (!r->cut_kept && r->nfields < CSV_MAX_FIELDS &&
		    r->len + 1 <= r->cap) {
			r->field_off[r->nfields] = r->field_start;
			r->field_len[r->nfields] = r->len - r->field_start;
			r->nfields++;
			r->buf[r->len++] = '\0';
		}
		r->cut_kept = true;
		r->field_start = r->len;
		return;
	}
	if (r->nfields == CSV_MAX_FIELDS) {
		csv_set_error(r, "the record has more fields than the limit");
		r->full = true;
		return;
	}
	if (!csv_room(r)) {
		r->field_start = r->len;
		return;
	}
	r->field_off[r->nfields] = r->field_start;
	r->field_len[r->nfields] = r->len - r->field_start;
	r->nfields++;
	r->buf[r->len++] = '\0';
	r->field_start = r->len;
}

static void
csv_end_record(struct csv_reader *r)
{
	r->ready = true;
	r->state = CSV_FIELD_START;
}

static void
csv_set_error(struct csv_reader *r, const char *error)
{
	if (r->error == NULL)
		r->error = error;
}

/* The input started with part of a BOM, then something else: those bytes
 * are data. They cannot end a record (none is CR, LF, ',' or '"'). */
static void
csv_bom_replay(struct csv_reader *r)
{
	size_t k, n = r->bom_pos;

	r->bom_done = true;
	r->bom_pos = 0;
	for (k = 0; k < n; k++)
		(void)csv_byte(r, csv_bom[k]);
}

static bool
csv_needs_quotes(const char *s)
{
	return strpbrk(s, ",\"\r\n") != NULL;
}

/* Whether a spreadsheet would take s for a formula (csv.h): it begins
 * with = + - @, a tab or CR (but is not a negative whole number), or with a
 * "'" before one that it would. */
static bool
csv_formula(const char *s)
{
	if (s[0] == '-' && s[1] != '\0' &&
	    strspn(s + 1, "0123456789") == strlen(s + 1))
		return false;
	if (s[0] == '\'')
		return csv_formula(s + 1);
	return s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
}

/* The code point at s and its length in *len, or UINT32_MAX when s does not
 * start with a valid, shortest-form UTF-8 sequence. */
static uint32_t
csv_decode(const unsigned char *s, size_t *len)
{
	uint32_t cp;
	size_t n, i;

	if (s[0] < 0x80) {
		*len = 1;
		return s[0];
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return UINT32_MAX;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return UINT32_MAX;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return UINT32_MAX;
	*len = n;
	return cp;
}

/*
 * The folded form of one code point: an ASCII character, ' ' for a
 * separator, '\0' when it has none (keep its bytes), or *drop for a
 * combining mark.
 */
static char
csv_fold_char(uint32_t cp, bool *drop)
{
	/* U+00C0..U+00FF; '\0' where there is no base letter. */
	static const char latin1[65] = "aaaaaaaceeeeiiiidnooooo\0ouuuuy\0\0"
	                               "aaaaaaaceeeeiiiidnooooo\0ouuuuy\0y";

	*drop = false;
	if (cp >= 'A' && cp <= 'Z')
		return (char)(cp - 'A' + 'a');
	if (cp == ' ' || cp == '\t' || cp == '_' || cp == '-' || cp == '.' ||
	    cp == 0xa0)
		return ' ';
	if (cp < 0x80)
		return (char)cp;
	if (cp >= 0x300 && cp <= 0x36f) {
		*drop = true;
		return '\0';
	}
	if (cp >= 0xc0 && cp <= 0xff)
		return latin1[cp - 0xc0];
	switch (cp) {
	case 0x102:
	case 0x103:
		return 'a';
	case 0x110:
	case 0x111:
		return 'd';
	case 0x128:
	case 0x129:
		return 'i';
	case 0x168:
	case 0x169:
	case 0x1af:
	case 0x1b0:
		return 'u';
	case 0x1a0:
	case 0x1a1:
		return 'o';
	default:
		break;
	}
	if (cp >= 0x1ea0 && cp <= 0x1eb7)
		return 'a';
	if (cp >= 0x1eb8 && cp <= 0x1ec7)
		return 'e';
	if (cp >= 0x1ec8 && cp <= 0x1ecb)
		return 'i';
	if (cp >= 0x1ecc && cp <= 0x1ee3)
		return 'o';
	if (cp >= 0x1ee4 && cp <= 0x1ef1)
		return 'u';
	if (cp >= 0x1ef2 && cp <= 0x1ef9)
		return 'y';
	return '\0';
}
