/*
 * test_ledger_rules.c — the ledger's field rules and name tables
 * (proto/rules_ledger.c), and the client's reading of amounts in VND
 * (client/check.c), as tables of cases.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ansinh.pb-c.h"
#include "../../client/check.h"
#include "rules.h"
#include "tap.h"

/* A name table: its functions and the enum's highest value. */
struct table_case {
	const char *name;
	const char *(*word)(int v);
	int (*parse)(const char *s);
	const char *(*list)(void); /* NULL: the table has no list */
	int max;
};

static void test_fund_code(void);
static void test_tables(void);
static void test_vnd(void);
static void test_household_refs(void);

#define N(a) (sizeof(a) / sizeof((a)[0]))

int
main(void)
{
	test_fund_code();
	test_tables();
	test_vnd();
	test_household_refs();
	return done_testing();
}

static void
test_fund_code(void)
{
	static const struct {
		const char *in;
		bool ok;
	} cases[] = {
	    {"poor-fund", true},
	    {"gratitude", true},
	    {"ab", true},
	    {"a", false},
	    {"", false},
	    {"Poor", false},
	    {"1fund", false},
	    {"poor fund", false},
	    {"poor_fund", false},
	    {"quỹ", false},
	    {"abcdefghijklmnopqrstuvwxyz012345", true},
	    {"abcdefghijklmnopqrstuvwxyz0123456", false},
	};
	size_t i;

	for (i = 0; i < N(cases); i++) {
		const char *why = NULL;
		bool got = rule_fund_code(cases[i].in, &why);
		ok(got == cases[i].ok, "rule_fund_code(\"%s\") is %s",
		   cases[i].in, cases[i].ok ? "accepted" : "rejected");
		if (!cases[i].ok)
			ok(why != NULL && why[0] != '\0', "  with a reason");
	}
}

/* Every value has a word, parse is its inverse, the list holds exactly
 * the words in order, and unknown words are -1. */
static void
test_tables(void)
{
	static const struct table_case tables[] = {
	    {"org_kind", names_org_kind, names_org_kind_parse,
	     names_org_kind_list, ANSINH__V1__ORG_KIND__ORG_KIND_OTHER},
	    {"need_kind", names_need_kind, names_need_kind_parse,
	     names_need_kind_list, ANSINH__V1__NEED_KIND__NEED_KIND_OTHER},
	    {"need_status", names_need_status, names_need_status_parse,
	     names_need_status_list,
	     ANSINH__V1__NEED_STATUS__NEED_STATUS_WITHDRAWN},
	    {"need_action", names_need_action, names_need_action_parse, NULL,
	     ANSINH__V1__NEED_ACTION__NEED_ACTION_WITHDRAW},
	    {"support_kind", names_support_kind, names_support_kind_parse,
	     names_support_kind_list,
	     ANSINH__V1__SUPPORT_KIND__SUPPORT_KIND_TET_GIFT},
	};
	size_t t;

	for (t = 0; t < N(tables); t++) {
		const struct table_case *c = &tables[t];
		char list[512] = "";
		bool all = true;
		int v;

		is_str(c->word(0), NULL, "%s: 0 (unspecified) has no word",
		       c->name);
		is_str(c->word(c->max + 1), NULL,
		       "%s: past the last value "
		       "has no word",
		       c->name);
		for (v = 1; v <= c->max; v++) {
			const char *w = c->word(v);
			if (w == NULL || c->parse(w) != v)
				all = false;
			if (w != NULL) {
				if (list[0] != '\0')
					strcat(list, "|");
				strcat(list, w);
			}
		}
		ok(all, "%s: every value has a word that parses back", c->name);
		if (c->list != NULL)
			is_str(c->list(), list,
			       "%s: the list is the words in "
			       "order",
			       c->name);
		is_int(c->parse("no-such-word"), -1,
		       "%s: an unknown word is "
		       "-1",
		       c->name);
		is_int(c->parse(NULL), -1, "%s: NULL is -1", c->name);
	}
	is_int(names_support_kind_parse("Health_Insurance"),
	       ANSINH__V1__SUPPORT_KIND__SUPPORT_KIND_HEALTH_INSURANCE,
	       "words parse in any case, with _ for -");
	/* The support kinds begin with the need kinds, value for value. */
	bool same = true;
	for (int v = 1; v <= ANSINH__V1__NEED_KIND__NEED_KIND_OTHER; v++)
		if (strcmp(names_need_kind(v), names_support_kind(v)) != 0)
			same = false;
	ok(same, "every need kind is a support kind with the same value");
}

static void
test_vnd(void)
{
	static const struct {
		const char *in;
		bool ok;
		long long want;
	} cases[] = {
	    {"0", true, 0},
	    {"60000000", true, 60000000},
	    {"60.000.000", true, 60000000},
	    {"60,000,000", true, 60000000},
	    {"60_000_000", true, 60000000},
	    {"60 000 000", true, 60000000},
	    {"1.000", true, 1000},
	    {"1000000000000", true, 1000000000000LL},
	    {"1.000.000.000.000", true, 1000000000000LL},
	    {"1000000000001", false, 0},
	    {"99999999999999999999999", false, 0},
	    {"12.5", false, 0},
	    {"1.5000", false, 0},
	    {"1,000.000", false, 0},
	    {"1000.000", false, 0},
	    {".100", false, 0},
	    {"100.", false, 0},
	    {"-5", false, 0},
	    {"+5", false, 0},
	    {"", false, 0},
	    {"5k", false, 0},
	    {"0x10", false, 0},
	};
	size_t i;

	for (i = 0; i < N(cases); i++) {
		const char *why = NULL;
		long long got = -1;
		bool parsed = check_parse_vnd(cases[i].in, &got);
		bool accepted = check_vnd(cases[i].in, &why);
		ok(accepted == cases[i].ok, "check_vnd(\"%s\") is %s",
		   cases[i].in, cases[i].ok ? "accepted" : "rejected");
		if (cases[i].ok)
			ok(parsed && got == cases[i].want, "  and reads %lld",
			   cases[i].want);
		else
			ok(why != NULL && why[0] != '\0', "  with a reason");
	}
}

static void
test_household_refs(void)
{
	static const struct {
		const char *in;
		bool ok;
	} cases[] = {
	    {"AK-1", true},
	    {"AK-1,AK-2", true},
	    {"AK-1, AK-2 , AK-3", true},
	    {"0190c3a0-7b1e-7c00-8000-000000000000,AK-2", true},
	    {"", false},
	    {",AK-1", false},
	    {"AK-1,", false},
	    {"AK-1,,AK-2", false},
	    {"AK 1", false},
	};
	size_t i;

	for (i = 0; i < N(cases); i++) {
		const char *why = NULL;
		ok(check_household_refs(cases[i].in, &why) == cases[i].ok,
		   "check_household_refs(\"%s\") is %s", cases[i].in,
		   cases[i].ok ? "accepted" : "rejected");
	}
}
