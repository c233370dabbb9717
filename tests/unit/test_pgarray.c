/*
 * test_pgarray.c — array literals built for parameters and parsed from
 * results, including the quoting PostgreSQL uses.
 */
#include <stdlib.h>
#include <string.h>

#include "../../server/pgarray.h"
#include "tap.h"

static void test_build(void);
static void test_parse(void);
static void test_round_trip(void);

int
main(void)
{
	test_build();
	test_parse();
	test_round_trip();
	return done_testing();
}

static void
test_build(void)
{
	struct pgarray a;

	pgarray_init(&a);
	is_str(pgarray_finish(&a), "{}", "an empty array");
	pgarray_free(&a);

	pgarray_init(&a);
	pgarray_add(&a, "trứng");
	pgarray_add(&a, "rau, củ");
	pgarray_add(&a, "a \"quoted\" \\ word");
	pgarray_add(&a, "");
	is_str(pgarray_finish(&a),
	       "{\"trứng\",\"rau, củ\",\"a \\\"quoted\\\" \\\\ word\",\"\"}",
	       "every element quoted, quotes and backslashes escaped");
	is_int((int)a.n, 4, "four elements");
	pgarray_free(&a);

	/* A NULL element is the bare word; the string "NULL" stays quoted. */
	pgarray_init(&a);
	pgarray_add_null(&a);
	pgarray_add(&a, "NULL");
	pgarray_add_null(&a);
	is_str(pgarray_finish(&a), "{NULL,\"NULL\",NULL}",
	       "a NULL element unquoted, the text NULL quoted");
	is_int((int)a.n, 3, "three elements");
	pgarray_free(&a);

	char **items = NULL;
	size_t n = 0;
	pgarray_init(&a);
	pgarray_add(&a, "x");
	pgarray_add_null(&a);
	ok(pgarray_parse(pgarray_finish(&a), &items, &n) && n == 2 &&
	       strcmp(items[0], "x") == 0 && items[1] == NULL,
	   "and parses back as a NULL element");
	if (n == 2)
		pgarray_items_free(items, n);
	pgarray_free(&a);
}

static void
test_parse(void)
{
	static const struct {
		const char *in;
		bool ok;
		size_t n;
		const char *want[4]; /* "(null)" for a NULL element */
	} cases[] = {
	    {"{}", true, 0, {NULL}},
	    {"{a}", true, 1, {"a"}},
	    {"{trứng,rau}", true, 2, {"trứng", "rau"}},
	    {"{\"Đơn vị 906\",\"f372\"}", true, 2, {"Đơn vị 906", "f372"}},
	    {"{\"a,b\",\"c}d\",\"e\\\"f\\\\g\"}",
	     true,
	     3,
	     {"a,b", "c}d", "e\"f\\g"}},
	    {"{1,NULL,\"NULL\"}", true, 3, {"1", "(null)", "NULL"}},
	    {"{\"\"}", true, 1, {""}},
	    {"", false, 0, {NULL}},
	    {"a,b", false, 0, {NULL}},
	    {"{a", false, 0, {NULL}},
	    {"{a,}", false, 0, {NULL}},
	    {"{,a}", false, 0, {NULL}},
	    {"{\"a}", false, 0, {NULL}},
	    {"{\"a\\", false, 0, {NULL}},
	    {"{a}x", false, 0, {NULL}},
	    {"{\"a\"b}", false, 0, {NULL}},
	};
	size_t i, j;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char **items = NULL;
		size_t n = 99;
		bool got = pgarray_parse(cases[i].in, &items, &n);

		ok(got == cases[i].ok, "parse %s: %s", cases[i].in,
		   cases[i].ok ? "ok" : "refused");
		if (!got) {
			ok(items == NULL && n == 0, "  and returns nothing");
			continue;
		}
		is_int((int)n, (int)cases[i].n, "  %zu elements", cases[i].n);
		for (j = 0; j < n && j < cases[i].n; j++) {
			const char *want = cases[i].want[j];

			if (strcmp(want, "(null)") == 0)
				ok(items[j] == NULL, "  element %zu is NULL",
				   j);
			else
				is_str(items[j], want, "  element %zu", j);
		}
		pgarray_items_free(items, n);
	}
	{
		char **items;
		size_t n;

		ok(!pgarray_parse(NULL, &items, &n), "parse NULL: refused");
	}
}

static void
test_round_trip(void)
{
	static const char *const words[] = {
	    "", " ", "\"", "\\", "{}", ",", "NULL", "quả", "x\"y\\z,}{",
	};
	struct pgarray a;
	char **items;
	size_t n, i;
	bool same = true;

	pgarray_init(&a);
	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		pgarray_add(&a, words[i]);
	ok(pgarray_parse(pgarray_finish(&a), &items, &n),
	   "a built literal parses");
	is_int((int)n, (int)(sizeof words / sizeof words[0]),
	       "with every element");
	for (i = 0; i < n; i++)
		if (items[i] == NULL || strcmp(items[i], words[i]) != 0)
			same = false;
	ok(same, "each element comes back as it went in");
	pgarray_items_free(items, n);
	pgarray_free(&a);
}
