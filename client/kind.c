/*
 * kind.c — the table of kinds for import and export, a row read into its
 * request by its record's fields, and the row helpers the families' own
 * code shares (see kind.h). Nothing here talks to the daemon (kind-export.c
 * does), so the kinds' checks are unit-tested.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "csv.h"
#include "ids.h"
#include "kind.h"
#include "record.h"
#include "rules.h"
#include "xmalloc.h"

/* Folded header or word, for comparisons. */
#define KIND_FOLD 256
/* Most bytes of the Vietnamese words a word column lists in a rejection. */
#define KIND_LOCAL_WORDS 400

const struct kind *const kind_table[] = {
    &kind_households, &kind_members,     &kind_needs,
    &kind_supports,   &kind_assessments, NULL,
};

static bool kind_field(struct kind_build *b, const struct kind_row *row,
                       int col, const struct record_field *f,
                       Ansinh__V1__Request *req);
static void kind_put(bool put, const struct record_field *f);
static bool kind_absent(struct kind_build *b, const struct kind_row *row,
                        int col, const struct record_field *f);
static bool kind_checked(struct kind_build *b, const struct kind_row *row,
                         int col, const struct record_field *f, bool multiline);
static bool kind_code(struct kind_build *b, const struct kind_row *row, int col,
                      const struct record_field *f);
static bool kind_number(struct kind_build *b, const struct kind_row *row,
                        int col, const struct record_field *f, long *out);
static bool kind_bool(struct kind_build *b, const struct kind_row *row, int col,
                      bool *out);
static bool kind_word(struct kind_build *b, const struct kind_row *row, int col,
                      const struct record_field *f, int *out);
static int kind_word_find(const struct record_word *words, const char *v);
static void kind_local_words(const struct record_words *w, char *out,
                             size_t size);
static const char *kind_label(const struct kind_row *row, int col);
static bool kind_alias_match(const char *aliases, const char *folded);
static bool kind_date_dmy(const char *s, char out[11]);

const struct kind *
kind_find(const char *name)
{
	size_t i;

	for (i = 0; kind_table[i] != NULL; i++) {
		if (strcmp(kind_table[i]->name, name) == 0)
			return kind_table[i];
	}
	return NULL;
}

const char *
kind_names(void)
{
	static char names[256];
	size_t i, o = 0;

	if (names[0] != '\0')
		return names;
	for (i = 0; kind_table[i] != NULL; i++)
		o += (size_t)snprintf(names + o, sizeof names - o, "%s%s",
		                      i > 0 ? "|" : "", kind_table[i]->name);
	return names;
}

int
kind_column(const struct kind *k, const char *name)
{
	const struct record_field *f;
	int i;

	for (i = 0; !record_field_end(&k->record->fields[i]); i++) {
		f = &k->record->fields[i];
		if (f->column != NULL && strcmp(f->column, name) == 0)
			return i;
	}
	return -1;
}

int
kind_match_header(const struct kind *k, const char *header)
{
	const struct record_field *f;
	char folded[KIND_FOLD], name[KIND_FOLD];
	int i;

	csv_fold(header, folded, sizeof folded);
	for (i = 0; !record_field_end(&k->record->fields[i]); i++) {
		f = &k->record->fields[i];
		if (f->column == NULL)
			continue;
		csv_fold(f->column, name, sizeof name);
		if (strcmp(name, folded) == 0 ||
		    kind_alias_match(f->aliases, folded))
			return i;
	}
	return -1;
}

bool
kind_build(const struct kind *k, const struct kind_row *row,
           struct kind_build *b)
{
	const struct record_field *f;
	Ansinh__V1__Request *req;
	bool ok = true;
	int i;

	if (k->own != NULL && k->own(row, b, &ok))
		return ok;
	req = record_request_new(k->record->body);
	for (i = 0; ok && !record_field_end(&k->record->fields[i]); i++) {
		f = &k->record->fields[i];
		if (f->column != NULL)
			ok = kind_field(b, row, i, f, req);
	}
	if (ok)
		ok = k->finish(row, b, req);
	if (ok)
		kind_emit(b, req);
	record_request_free(req);
	return ok;
}

bool
kind_reject(struct kind_build *b, const struct kind_row *row, int col,
            const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (col >= 0)
		n = snprintf(b->reason, sizeof b->reason,
		             "%s: ", kind_label(row, col));
	if (n < 0 || (size_t)n >= sizeof b->reason)
		n = 0;
	va_start(ap, fmt);
	vsnprintf(b->reason + n, sizeof b->reason - (size_t)n, fmt, ap);
	va_end(ap);
	return false;
}

bool
kind_text(struct kind_build *b, const struct kind_row *row, int col,
          bool required, size_t max, const char **out)
{
	const char *v = row->value[col] != NULL ? row->value[col] : "";
	const char *why = NULL;

	*out = v;
	if (v[0] == '\0') {
		if (required)
			return kind_reject(b, row, col, "must not be empty");
		return true;
	}
	if (strpbrk(v, "\r\n") != NULL)
		return kind_reject(b, row, col,
		                   "must be on one line (the "
		                   "cell holds a line break)");
	if (!rule_text(v, max, required, false, &why))
		return kind_reject(b, row, col, "%s", why);
	return true;
}

bool
kind_date(struct kind_build *b, const struct kind_row *row, int col,
          char out[11])
{
	const char *v = row->value[col] != NULL ? row->value[col] : "";
	const char *why = NULL;

	out[0] = '\0';
	if (v[0] == '\0')
		return true;
	if (strchr(v, '/') != NULL) {
		if (!kind_date_dmy(v, out))
			return kind_reject(b, row, col,
			                   "'%.40s' is not a date "
			                   "(use YYYY-MM-DD or DD/MM/YYYY)",
			                   v);
	} else if (strlen(v) == 10) {
		memcpy(out, v, 11);
	} else {
		return kind_reject(b, row, col,
		                   "'%.40s' is not a date (use "
		                   "YYYY-MM-DD or DD/MM/YYYY)",
		                   v);
	}
	if (!rule_past_date(out, &why))
		return kind_reject(b, row, col, "'%.40s' %s", v, why);
	return true;
}

bool
kind_id(struct kind_build *b, const struct kind_row *row, const char *record,
        const char *key, uint8_t out[UUID_SIZE])
{
	const char *v = row->id_col >= 0 ? row->value[row->id_col] : NULL;

	snprintf(b->key, sizeof b->key, "%s", key);
	if (v != NULL && v[0] != '\0') {
		if (!uuid_parse(v, out) || uuid_is_nil(out))
			return kind_reject(b, row, row->id_col,
			                   "'%.40s' is not an id (a UUID)", v);
		return true;
	}
	ids_record(record, row->ward, key, out);
	return true;
}

bool
kind_key(const struct kind *k, struct kind_build *b, const struct kind_row *row,
         Ansinh__V1__Request *req, const char *key)
{
	const struct record_field *f;

	if (!kind_id(b, row, k->record->name, key, b->record_id))
		return false;
	for (f = k->record->fields; !record_field_end(f); f++) {
		if (f->type == RECORD_SELF)
			kind_put(record_put_bytes(req, f->path, b->record_id,
			                          UUID_SIZE),
			         f);
	}
	return true;
}

void
kind_emit(struct kind_build *b, const Ansinh__V1__Request *req)
{
	Ansinh__V1__Request copy = *req;

	free(b->packed);
	b->packed = NULL;
	b->packed_len = 0;
	if (b->dry_run)
		return;
	copy.seq = 0;
	copy.request_id.data = NULL;
	copy.request_id.len = 0;
	b->packed_len = protobuf_c_message_get_packed_size(&copy.base);
	b->packed = xmalloc(b->packed_len == 0 ? 1 : b->packed_len);
	protobuf_c_message_pack(&copy.base, b->packed);
}

bool
kind_vnd(struct kind_build *b, const struct kind_row *row, int col,
         bool required, bool negative, bool *given, int64_t *out)
{
	const char *v = row->value[col] != NULL ? row->value[col] : "";
	const char *digits = v, *why = NULL;
	long long n;
	bool minus = false;

	*out = 0;
	*given = v[0] != '\0';
	if (!*given) {
		if (required)
			return kind_reject(b, row, col, "must not be empty");
		return true;
	}
	if (negative && v[0] == '-') {
		minus = true;
		digits = v + 1;
	}
	if (!check_parse_vnd(digits, &n))
		return kind_reject(
		    b, row, col,
		    "'%.40s' is not an amount in "
		    "VND (digits, optionally grouped by threes: 60000000, "
		    "60.000.000, 60,000,000)",
		    v);
	if (!rule_vnd(n, &why))
		return kind_reject(b, row, col, "'%.40s' %s", v, why);
	if (negative && !minus && n != 0)
		return kind_reject(
		    b, row, col,
		    "'%.40s': a reversing entry "
		    "carries minus the amount it reverses (e.g. -%s)",
		    v, v);
	*out = minus ? -(int64_t)n : (int64_t)n;
	return true;
}

bool
kind_uuid(struct kind_build *b, const struct kind_row *row, int col,
          bool *given, uint8_t out[UUID_SIZE])
{
	const char *v = row->value[col] != NULL ? row->value[col] : "";

	memset(out, 0, UUID_SIZE);
	*given = v[0] != '\0';
	if (!*given)
		return true;
	if (!uuid_parse(v, out) || uuid_is_nil(out))
		return kind_reject(b, row, col,
		                   "'%.40s' is not an id (a "
		                   "UUID)",
		                   v);
	return true;
}

void
kind_key_text(const char *s, char *out, size_t size)
{
	size_t o = 0;
	bool space = false;

	if (size == 0)
		return;
	for (; *s != '\0' && o + 2 < size; s++) {
		if (*s == ' ' || *s == '\t') {
			space = true;
			continue;
		}
		if (space && o > 0)
			out[o++] = ' ';
		space = false;
		out[o++] = *s;
	}
	out[o] = '\0';
}

/* ---------------------------------------------------------------- helpers */

/* Read and check the value of column col, field f, and put it at its path
 * in req (an empty value is not put: the field stays empty). */
static bool
kind_field(struct kind_build *b, const struct kind_row *row, int col,
           const struct record_field *f, Ansinh__V1__Request *req)
{
	const char *v = row->value[col] != NULL ? row->value[col] : "";
	uint8_t id[UUID_SIZE];
	char date[11];
	int64_t amount;
	long n;
	int word;
	bool yes, given;

	switch (f->type) {
	case RECORD_WARD:
		kind_put(record_put_string(req, f->path, row->ward), f);
		return true;
	case RECORD_SELF:
	case RECORD_FAMILY:
		return true; /* the family's finish */
	case RECORD_TEXT:
	case RECORD_NOTE:
		if (!kind_checked(b, row, col, f, f->type == RECORD_NOTE))
			return false;
		break;
	case RECORD_CODE:
		if (!kind_code(b, row, col, f))
			return false;
		break;
	case RECORD_REF:
		if (!kind_code(b, row, col, f))
			return false;
		if (v[0] != '\0' && uuid_parse(v, id)) {
			kind_put(
			    record_put_bytes(req, f->id_path, id, sizeof id),
			    f);
			return true;
		}
		break;
	case RECORD_NUMBER:
		if (!kind_number(b, row, col, f, &n))
			return false;
		if (n != 0)
			kind_put(record_put_int(req, f->path, n), f);
		return true;
	case RECORD_VND:
		if (!kind_vnd(b, row, col, (f->attrs & RECORD_REQUIRED) != 0,
		              false, &given, &amount))
			return false;
		if (given)
			kind_put(record_put_int(req, f->path, amount), f);
		return true;
	case RECORD_DATE:
		if (!kind_date(b, row, col, date))
			return false;
		if (date[0] != '\0')
			kind_put(record_put_string(req, f->path, date), f);
		return true;
	case RECORD_BOOL:
		if (!kind_bool(b, row, col, &yes))
			return false;
		if (yes)
			kind_put(record_put_int(req, f->path, 1), f);
		return true;
	case RECORD_WORD:
		if (!kind_word(b, row, col, f, &word))
			return false;
		if (word > 0)
			kind_put(record_put_int(req, f->path, word), f);
		return true;
	case RECORD_ID:
		if (!kind_uuid(b, row, col, &given, id))
			return false;
		if (given)
			kind_put(record_put_bytes(req, f->path, id, sizeof id),
			         f);
		return true;
	}
	/* Text, a code, a name: as it is. */
	if (v[0] != '\0')
		kind_put(record_put_string(req, f->path, v), f);
	return true;
}

/* A path the request lacks is a bug in the table. */
static void
kind_put(bool put, const struct record_field *f)
{
	if (!put)
		record_missing(f->path);
}

/* An empty cell: refused when f is required. */
static bool
kind_absent(struct kind_build *b, const struct kind_row *row, int col,
            const struct record_field *f)
{
	if (f->attrs & RECORD_REQUIRED)
		return kind_reject(b, row, col, "must not be empty");
	return true;
}

/* One line of text (or with multiline, free text) checked by f's rule:
 * "name: must not be empty", "address: must be on one line". */
static bool
kind_checked(struct kind_build *b, const struct kind_row *row, int col,
             const struct record_field *f, bool multiline)
{
	const char *v = row->value[col] != NULL ? row->value[col] : "";
	const char *why = "is not valid";

	if (v[0] == '\0')
		return kind_absent(b, row, col, f);
	if (!multiline && strpbrk(v, "\r\n") != NULL)
		return kind_reject(b, row, col,
		                   "must be on one line (the "
		                   "cell holds a line break)");
	if (!record_check(f)(v, &why))
		return kind_reject(b, row, col, "%s", why);
	return true;
}

/* A word checked by f's rule (a code, a phone number, a reference), the
 * value quoted in the message: "citizen_id: '12345' must be 12 digits". */
static bool
kind_code(struct kind_build *b, const struct kind_row *row, int col,
          const struct record_field *f)
{
	const char *v = row->value[col] != NULL ? row->value[col] : "";
	const char *why = "is not valid";

	if (v[0] == '\0' && !(f->attrs & RECORD_REQUIRED))
		return true;
	if (record_check(f)(v, &why))
		return true;
	if (v[0] == '\0')
		return kind_reject(b, row, col, "%s", why);
	return kind_reject(b, row, col, "'%.40s' %s", v, why);
}

/* A whole number, in the range f's rule says; 0 when not given. */
static bool
kind_number(struct kind_build *b, const struct kind_row *row, int col,
            const struct record_field *f, long *out)
{
	const char *v = row->value[col] != NULL ? row->value[col] : "";
	const char *why = "is not valid";

	*out = 0;
	if (v[0] == '\0')
		return kind_absent(b, row, col, f);
	if (!isdigit((unsigned char)v[0]) || !check_parse_long(v, out)) {
		*out = 0;
		return kind_reject(b, row, col, "'%.40s' is not a number", v);
	}
	if (!record_check(f)(v, &why)) {
		*out = 0;
		return kind_reject(b, row, col, "%s", why);
	}
	return true;
}

/* yes/no, true/false, 1/0, x, có/không; empty is no. */
static bool
kind_bool(struct kind_build *b, const struct kind_row *row, int col, bool *out)
{
	static const char *const yes = "yes|y|true|1|x|co";
	static const char *const no = "no|n|false|0|khong";
	char folded[KIND_FOLD];
	const char *v = row->value[col] != NULL ? row->value[col] : "";

	*out = false;
	if (v[0] == '\0')
		return true;
	csv_fold(v, folded, sizeof folded);
	if (kind_alias_match(yes, folded)) {
		*out = true;
		return true;
	}
	if (kind_alias_match(no, folded))
		return true;
	return kind_reject(b, row, col, "'%.40s' is not yes or no", v);
}

/* A word of f's list, in English or one of its other words; 0 when not
 * given (refused when f is required). */
static bool
kind_word(struct kind_build *b, const struct kind_row *row, int col,
          const struct record_field *f, int *out)
{
	const struct record_words *w = f->words;
	const char *v = row->value[col] != NULL ? row->value[col] : "";
	char local[KIND_LOCAL_WORDS];
	size_t i;
	int n;

	*out = 0;
	if (v[0] == '\0')
		return kind_absent(b, row, col, f);
	n = w->parse(v);
	for (i = 0; n <= 0 && i < 3 && w->local[i] != NULL; i++)
		n = kind_word_find(w->local[i], v);
	if (n > 0) {
		*out = n;
		return true;
	}
	kind_local_words(w, local, sizeof local);
	if (local[0] != '\0')
		return kind_reject(
		    b, row, col, "'%.40s' is not one of %s (in Vietnamese: %s)",
		    v, w->list(), local);
	return kind_reject(b, row, col, "'%.40s' is not one of %s", v,
	                   w->list());
}

/* The other words of w ("nghèo|hộ nghèo|cận nghèo"), '|'-separated, into
 * out (cut at size, at a whole word); "" when it has none. */
static void
kind_local_words(const struct record_words *w, char *out, size_t size)
{
	size_t i, j, len = 0, n;

	out[0] = '\0';
	for (i = 0; i < 3 && w->local[i] != NULL; i++) {
		for (j = 0; w->local[i][j].word != NULL; j++) {
			n = strlen(w->local[i][j].word);
			if (len + n + 2 > size)
				return;
			if (len > 0)
				out[len++] = '|';
			memcpy(out + len, w->local[i][j].word, n + 1);
			len += n;
		}
	}
}

/* The value of v in a list of words (compared folded), or 0. */
static int
kind_word_find(const struct record_word *words, const char *v)
{
	char folded[KIND_FOLD], w[KIND_FOLD];
	size_t i;

	csv_fold(v, folded, sizeof folded);
	for (i = 0; words[i].word != NULL; i++) {
		csv_fold(words[i].word, w, sizeof w);
		if (strcmp(w, folded) == 0)
			return words[i].value;
	}
	return 0;
}

/* The column as the file names it, for messages. */
static const char *
kind_label(const struct kind_row *row, int col)
{
	if (col >= 0 && col < RECORD_MAX_FIELDS && row->header[col] != NULL)
		return row->header[col];
	return "?";
}

/* Whether folded equals one of the '|'-separated aliases, folded. */
static bool
kind_alias_match(const char *aliases, const char *folded)
{
	char one[KIND_FOLD], f[KIND_FOLD];
	const char *p = aliases;
	size_t len;

	while (p != NULL && *p != '\0') {
		len = strcspn(p, "|");
		if (len < sizeof one) {
			memcpy(one, p, len);
			one[len] = '\0';
			csv_fold(one, f, sizeof f);
			if (strcmp(f, folded) == 0)
				return true;
		}
		p += len;
		if (*p == '|')
			p++;
	}
	return false;
}

/* D/M/YYYY or DD/MM/YYYY -> YYYY-MM-DD (the calendar check comes after). */
static bool
kind_date_dmy(const char *s, char out[11])
{
	unsigned d, m, y;
	int n = 0;

	if (sscanf(s, "%2u/%2u/%4u%n", &d, &m, &y, &n) != 3 || s[n] != '\0' ||
	    strlen(s) < 8 || y < 1000 || strspn(s, "0123456789/") != strlen(s))
		return false;
	snprintf(out, 11, "%04u-%02u-%02u", y % 10000, m % 100, d % 100);
	return true;
}
