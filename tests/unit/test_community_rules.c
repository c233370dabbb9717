/*
 * test_community_rules.c — the field rules and name tables of programmes,
 * sessions, pairings, employment and targets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ansinh.pb-c.h"
#include "rules.h"
#include "tap.h"

struct str_case {
	const char *in;
	bool ok;
	const char *why;
};

struct num_case {
	int64_t in;
	bool ok;
	const char *why;
};

static void test_quantity(void);
static void test_numbers(void);
static void test_names(void);

#define N(a) (sizeof(a) / sizeof((a)[0]))

int
main(void)
{
	test_quantity();
	test_numbers();
	test_names();
	return done_testing();
}

static void
test_quantity(void)
{
	static const char *const number = "must be a number such as 12 or 2.5";
	static const struct str_case cases[] = {
	    {"12", true, NULL},
	    {"0.5", true, NULL},
	    {"2.125", true, NULL},
	    {"007", true, NULL},
	    {"1000000000", true, NULL},
	    {"1000000000.000", true, NULL},
	    {"0.001", true, NULL},
	    {"", false, "must not be empty"},
	    {"0", false, "must be more than 0"},
	    {"0.000", false, "must be more than 0"},
	    {"-1", false, number},
	    {"+1", false, number},
	    {"1,5", false, number},
	    {"1.", false, number},
	    {".5", false, number},
	    {"1.2.3", false, number},
	    {" 1", false, number},
	    {"1e3", false, number},
	    {"2.1255", false, "must have at most 3 decimals"},
	    {"1000000000.001", false, "must not be more than 1000000000"},
	    {"1000000001", false, "must not be more than 1000000000"},
	    {"99999999999999999999", false, "must not be more than 1000000000"},
	};
	size_t i;

	for (i = 0; i < N(cases); i++) {
		const char *why = NULL;
		bool got = rule_quantity(cases[i].in, &why);

		ok(got == cases[i].ok, "rule_quantity(\"%s\") is %s",
		   cases[i].in, cases[i].ok ? "ok" : "refused");
		if (!cases[i].ok)
			is_str(why, cases[i].why, "  with its reason");
	}
	ok(!rule_quantity(NULL, NULL), "rule_quantity(NULL) is refused");
}

static void
test_numbers(void)
{
	static const struct num_case years[] = {
	    {2000, true, NULL},
	    {2023, true, NULL},
	    {2100, true, NULL},
	    {1999, false, "must be a year from 2000 to 2100"},
	    {2101, false, "must be a year from 2000 to 2100"},
	    {0, false, "must be a year from 2000 to 2100"},
	};
	static const struct num_case beneficiaries[] = {
	    {1, true, NULL},
	    {1000000, true, NULL},
	    {0, false, "must be between 1 and 1000000"},
	    {-1, false, "must be between 1 and 1000000"},
	    {1000001, false, "must be between 1 and 1000000"},
	};
	static const struct num_case values[] = {
	    {0, true, NULL},
	    {220, true, NULL},
	    {INT64_C(1000000000000), true, NULL},
	    {-1, false, "must not be negative"},
	    {INT64_C(1000000000001), false,
	     "must not be more than 1000000000000"},
	};
	size_t i;
	const char *why;

	for (i = 0; i < N(years); i++) {
		why = NULL;
		ok(rule_year(years[i].in, &why) == years[i].ok,
		   "rule_year(%lld)", (long long)years[i].in);
		if (!years[i].ok)
			is_str(why, years[i].why, "  with its reason");
	}
	for (i = 0; i < N(beneficiaries); i++) {
		why = NULL;
		ok(rule_beneficiaries(beneficiaries[i].in, &why) ==
		       beneficiaries[i].ok,
		   "rule_beneficiaries(%lld)", (long long)beneficiaries[i].in);
		if (!beneficiaries[i].ok)
			is_str(why, beneficiaries[i].why, "  with its reason");
	}
	for (i = 0; i < N(values); i++) {
		why = NULL;
		ok(rule_target_value(values[i].in, &why) == values[i].ok,
		   "rule_target_value(%lld)", (long long)values[i].in);
		if (!values[i].ok)
			is_str(why, values[i].why, "  with its reason");
	}
}

static void
test_names(void)
{
	static const struct {
		const char *(*name)(int);
		int (*parse)(const char *);
		const char *(*list)(void);
		const char *what, *want_list;
		int last;
	} tables[] = {
	    {names_programme_kind, names_programme_kind_parse,
	     names_programme_kind_list, "programme kind",
	     "produce-market|bread-cabinet|free-meals|gift-distribution|"
	     "scholarship|health-check|other",
	     7},
	    {names_employment_kind, names_employment_kind_parse,
	     names_employment_kind_list, "employment kind",
	     "job-placement|vocational-training|employment-centre-referral|"
	     "labour-export",
	     4},
	    {names_target_metric, names_target_metric_parse,
	     names_target_metric_list, "target metric",
	     "poor-exit|poor-exit-special|poor-exit-central|near-poor-exit|"
	     "livelihood-cases|houses-built|job-placements|"
	     "vocational-training|referrals|pairings",
	     10},
	};
	size_t i;
	int v;

	for (i = 0; i < N(tables); i++) {
		char list[512];
		size_t used = 0;

		ok(tables[i].name(0) == NULL, "names %s: 0 has no word",
		   tables[i].what);
		ok(tables[i].name(tables[i].last + 1) == NULL &&
		       tables[i].name(-1) == NULL,
		   "names %s: out of range has no word", tables[i].what);
		list[0] = '\0';
		for (v = 1; v <= tables[i].last; v++) {
			const char *w = tables[i].name(v);

			ok(w != NULL && tables[i].parse(w) == v,
			   "names %s: %d -> %s -> back", tables[i].what, v,
			   w ? w : "NULL");
			used += (size_t)snprintf(list + used,
			                         sizeof list - used, "%s%s",
			                         used ? "|" : "", w ? w : "?");
		}
		is_str(tables[i].list(), tables[i].want_list, "names %s: list",
		       tables[i].what);
		is_str(list, tables[i].want_list,
		       "names %s: list matches the table", tables[i].what);
		is_int(tables[i].parse("nonsense"), -1,
		       "names %s: unknown word is -1", tables[i].what);
	}
	is_int(names_employment_kind_parse("EMPLOYMENT_CENTRE_REFERRAL"),
	       ANSINH__V1__EMPLOYMENT_KIND__EMPLOYMENT_CENTRE_REFERRAL,
	       "employment kind: any case, '_' for '-'");
	is_int(names_target_metric_parse("poor-exit-special"),
	       ANSINH__V1__TARGET_METRIC__TARGET_POOR_EXIT_SPECIAL,
	       "poor-exit-special is not poor-exit");
	is_int(names_target_metric_parse("poor-exit-"), -1,
	       "target metric: a longer prefix is not a word");
}
