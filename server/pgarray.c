/*
 * pgarray.c — array literals in and out (see pgarray.h).
 */
#include "pgarray.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void pgarray_put(struct pgarray *a, char c);
static bool pgarray_element(const char **p, char **out);

void
pgarray_init(struct pgarray *a)
{
	memset(a, 0, sizeof *a);
	pgarray_put(a, '{');
}

void
pgarray_add(struct pgarray *a, const char *item)
{
	if (a->n > 0)
		pgarray_put(a, ',');
	pgarray_put(a, '"');
	for (; *item != '\0'; item++) {
		if (*item == '"' || *item == '\\')
			pgarray_put(a, '\\');
		pgarray_put(a, *item);
	}
	pgarray_put(a, '"');
	a->n++;
}

void
pgarray_add_null(struct pgarray *a)
{
	if (a->n > 0)
		pgarray_put(a, ',');
	pgarray_put(a, 'N');
	pgarray_put(a, 'U');
	pgarray_put(a, 'L');
	pgarray_put(a, 'L');
	a->n++;
}

const char *
pgarray_finish(struct pgarray *a)
{
	pgarray_put(a, '}');
	pgarray_put(a, '\0');
	return a->buf;
}

void
pgarray_free(struct pgarray *a)
{
	free(a->buf);
	memset(a, 0, sizeof *a);
}

bool
pgarray_parse(const char *text, char ***items, size_t *n)
{
	const char *p = text;
	char **out = NULL, *item;
	size_t count = 0, cap = 0;

	*items = NULL;
	*n = 0;
	if (p == NULL || *p++ != '{')
		return false;
	if (*p == '}' && p[1] == '\0')
		return true;
	for (;;) {
		if (!pgarray_element(&p, &item))
			goto fail;
		if (count == cap) {
			char **grown;

			cap = cap == 0 ? 8 : cap * 2;
			grown = realloc(out, cap * sizeof *out);
			if (grown == NULL) {
				free(item);
				goto fail;
			}
			out = grown;
		}
		out[count++] = item;
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p == '}' && p[1] == '\0')
			break;
		goto fail;
	}
	*items = out;
	*n = count;
	return true;
fail:
	pgarray_items_free(out, count);
	return false;
}

void
pgarray_items_free(char **items, size_t n)
{
	size_t i;

	if (items == NULL)
		return;
	for (i = 0; i < n; i++)
		free(items[i]);
	free(items);
}

/* ---------------------------------------------------------------- helpers */

/* Append a byte; abort on out of memory (as the daemon does elsewhere). */
static void
pgarray_put(struct pgarray *a, char c)
{
	if (a->len == a->cap) {
		size_t cap = a->cap == 0 ? 64 : a->cap * 2;
		char *grown = realloc(a->buf, cap);

		if (grown == NULL)
			abort();
		a->buf = grown;
		a->cap = cap;
	}
	a->buf[a->len++] = c;
}

/*
 * One element at *p: "quoted" (with \ escapes) or bare up to ',' or '}';
 * a bare NULL is the NULL element (*out = NULL). Moves *p past it. An empty
 * bare element or an unterminated quote is an error.
 */
static bool
pgarray_element(const char **p, char **out)
{
	const char *s = *p;
	char *buf;
	size_t len = 0;

	*out = NULL;
	if (*s == '"') {
		const char *q;

		s++;
		buf = malloc(strlen(s) + 1);
		if (buf == NULL)
			return false;
		for (q = s; *q != '"'; q++) {
			if (*q == '\0')
				goto bad;
			if (*q == '\\') {
				q++;
				if (*q == '\0')
					goto bad;
			}
			buf[len++] = *q;
		}
		buf[len] = '\0';
		*p = q + 1;
		*out = buf;
		return true;
	}
	len = strcspn(s, ",}");
	if (len == 0 || s[len] == '\0')
		return false;
	*p = s + len;
	if (len == 4 && strncasecmp(s, "NULL", 4) == 0)
		return true;
	buf = malloc(len + 1);
	if (buf == NULL)
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	*out = buf;
	return true;
bad:
	free(buf);
	return false;
}
