/*
 * pgarray.h — one-dimensional PostgreSQL array literals, to pass arrays as
 * text parameters ('{"a","b"}'::text[]) and to read array columns of a text
 * result. Pure functions on strings: unit-tested in tests/unit.
 */
#ifndef ANSINH_PGARRAY_H
#define ANSINH_PGARRAY_H

#include <stdbool.h>
#include <stddef.h>

/* An array literal being built. Every element is quoted, so any text (and
 * any value whose text form is then cast: uuid, numeric, bigint) is safe. */
struct pgarray {
	char *buf; /* owned; "{...}" once finished */
	size_t len;
	size_t cap;
	size_t n; /* elements added */
};

void pgarray_init(struct pgarray *a);
/* Append one element (not NULL). */
void pgarray_add(struct pgarray *a, const char *item);
/* Append a NULL element (unquoted NULL). */
void pgarray_add_null(struct pgarray *a);
/* The literal, e.g. {"trứng","rau"} or {}. Owned by a; valid until
 * pgarray_free. No element may be added after. */
const char *pgarray_finish(struct pgarray *a);
void pgarray_free(struct pgarray *a);

/*
 * Parse the text form of a one-dimensional array, as PostgreSQL prints it:
 * {a,"b c","d \"e\"",NULL}. On success *items is a new array of *n new
 * strings (an element NULL is a NULL pointer), freed with pgarray_items_free.
 * Returns false (and allocates nothing) on anything else.
 */
bool pgarray_parse(const char *text, char ***items, size_t *n)
    __attribute__((warn_unused_result));
void pgarray_items_free(char **items, size_t n);

#endif
