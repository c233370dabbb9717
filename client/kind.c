/*
 * kind.c — the table of kinds for import and export, and the row helpers
 * their build functions share (see kind.h). Nothing here talks to the
 * daemon (kind-export.c does), so the kinds' checks are unit-tested.
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
#include "rules.h"
#include "xmalloc.h"

/* Folded header or word, for comparisons. */
#define KIND_FOLD 256

const struct kind *const kind_table[] = {
    &kind_households, &kind_members,     &kind_needs,
    &kind_supports,   &kind_assessments, NULL,
};

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

size_t
kind_ncolumns(const struct kind *k)
{
	size_t n;

	for (n = 0; k->columns[n].name != NULL; n++)
		;
	return n;
}

int
kind_column(const struct kind *k, const char *name)
{
	int i;

	for (i = 0; k->columns[i].name != NULL; i++) {
		if (strcmp(k->columns[i].name, name) == 0)
			return i;
	}
	return -1;
}

int
kind_match_header(const struct kind *k, const char *header)
{
	char folded[KIND_FOLD], name[KIND_FOLD];
	int i;

	csv_fold(header, folded, sizeof folded);
	for (i = 0; k->columns[i].name != NULL; i++) {
		csv_fold(k->columns[i].name, name, sizeof name);
		if (strcmp(name, folded) == 0 ||
		    kind_alias_match(k->columns[i].aliases, folded))
			return i;
	}
	return -1;
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

bool
kind_int(struct kind_build *b, const struct kind_row *row, int col, long min,
         long max, long *out)
{
	const char *v = row->value[col] != NULL ? row->value[col] : "";
	char *end;
	long n;

	*out = 0;
	if (v[0] == '\0')
		return true;
	if (!isdigit((unsigned char)v[0]))
		return kind_reject(b, row, col, "'%.40s' is not a number", v);
	n = strtol(v, &end, 10);
	if (*end != '\0')
		return kind_reject(b, row, col, "'%.40s' is not a number", v);
	if (n < min || n > max)
		return kind_reject(b, row, col, "must be between %ld and %ld",
		                   min, max);
	*out = n;
	return true;
}

bool
kind_word(struct kind_build *b, const struct kind_row *row, int col,
          int (*parse)(const char *), const struct kind_word *words,
          const char *list, int *out)
{
	const char *v = row->value[col] != NULL ? row->value[col] : "";
	int n;

	*out = 0;
	if (v[0] == '\0')
		return true;
	n = parse(v);
	if (n <= 0)
		n = kind_word_find(words, v);
	if (n > 0) {
		*out = n;
		return true;
	}
	return kind_reject(b, row, col, "'%.40s' is not one of %s", v, list);
}

int
kind_word_find(const struct kind_word *words, const char *v)
{
	char folded[KIND_FOLD], w[KIND_FOLD];
	size_t i;

	csv_fold(v, folded, sizeof folded);
	for (i = 0; words != NULL && words[i].word != NULL; i++) {
		csv_fold(words[i].word, w, sizeof w);
		if (strcmp(w, folded) == 0)
			return words[i].value;
	}
	return 0;
}

bool
kind_rule(struct kind_build *b, const struct kind_row *row, int col,
          bool (*rule)(const char *, const char **))
{
	const char *v = row->value[col] != NULL ? row->value[col] : "";
	const char *why = NULL;

	if (rule(v, &why))
		return true;
	if (v[0] == '\0')
		return kind_reject(b, row, col, "%s", why);
	return kind_reject(b, row, col, "'%.40s' %s", v, why);
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

const char *
kind_yes_no(bool v)
{
	return v ? "yes" : "no";
}

const char *
kind_number(long v, char buf[24])
{
	if (v == 0)
		return "";
	snprintf(buf, 24, "%ld", v);
	return buf;
}

const char *
kind_vnd_text(int64_t v, char buf[24])
{
	snprintf(buf, 24, "%lld", (long long)v);
	return buf;
}

const char *
kind_id_text(const ProtobufCBinaryData *id, char buf[UUID_STR_SIZE])
{
	if (id->len != UUID_SIZE) {
		buf[0] = '\0';
		return buf;
	}
	uuid_format(id->data, buf);
	return buf;
}

bool
kind_note(struct kind_build *b, const struct kind_row *row, int col, size_t max,
          const char **out)
{
	const char *v = row->value[col] != NULL ? row->value[col] : "";
	const char *why = NULL;

	*out = v;
	if (v[0] == '\0')
		return true;
	if (!rule_text(v, max, false, true, &why))
		return kind_reject(b, row, col, "%s", why);
	return true;
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

void
kind_today(char out[11])
{
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* ---------------------------------------------------------------- helpers */

/* The column as the file names it, for messages. */
static const char *
kind_label(const struct kind_row *row, int col)
{
	if (col >= 0 && col < KIND_MAX_COLUMNS && row->header[col] != NULL)
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
