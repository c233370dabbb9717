/*
 * test_rules.c — the field rules and name tables, as tables of cases.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ansinh.pb-c.h"
#include "rules.h"
#include "tap.h"

/* A string case: input, expected verdict, expected reason (NULL when ok). */
struct str_case {
	const char *in;
	bool ok;
	const char *why;
};

/* A number case. */
struct num_case {
	int64_t in;
	bool ok;
	const char *why;
};

typedef bool (*str_rule)(const char *s, const char **why);
typedef bool (*num_rule)(int64_t v, const char **why);

static void run_str(const char *name, str_rule rule,
                    const struct str_case *cases, size_t n);
static void run_num(const char *name, num_rule rule,
                    const struct num_case *cases, size_t n);
static void test_ward_code(void);
static void test_citizen_id(void);
static void test_date(void);
static void test_past_date(void);
static void test_vnd_group(void);
static void test_text(void);
static void test_utf8(void);
static void test_household_code(void);
static void test_phone(void);
static void test_id(void);
static void test_names(void);
static void test_names_derived(void);
static char *repeat(const char *unit, size_t times);

#define N(a) (sizeof(a) / sizeof((a)[0]))

int
main(void)
{
	test_ward_code();
	test_citizen_id();
	test_date();
	test_past_date();
	test_vnd_group();
	test_text();
	test_utf8();
	test_household_code();
	test_phone();
	test_id();
	test_names();
	test_names_derived();
	return done_testing();
}

static void
run_str(const char *name, str_rule rule, const struct str_case *cases, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *why = NULL;
		bool got = rule(cases[i].in, &why);

		ok(got == cases[i].ok, "%s(\"%s\") is %s", name,
		   cases[i].in ? cases[i].in : "(null)",
		   cases[i].ok ? "accepted" : "rejected");
		if (!cases[i].ok)
			is_str(why, cases[i].why, "  with reason \"%s\"",
			       cases[i].why);
	}
}

static void
run_num(const char *name, num_rule rule, const struct num_case *cases, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *why = NULL;
		bool got = rule(cases[i].in, &why);

		ok(got == cases[i].ok, "%s(%lld) is %s", name,
		   (long long)cases[i].in,
		   cases[i].ok ? "accepted" : "rejected");
		if (!cases[i].ok)
			is_str(why, cases[i].why, "  with reason \"%s\"",
			       cases[i].why);
	}
}

static void
test_ward_code(void)
{
	static const struct str_case cases[] = {
	    {"AK", true, NULL},
	    {"ZZ", true, NULL},
	    {"", false, "must not be empty"},
	    {NULL, false, "must not be empty"},
	    {"A", false, "must be two capital letters"},
	    {"TKD", false, "must be two capital letters"},
	    {"ak", false, "must be two capital letters"},
	    {"A1", false, "must be two capital letters"},
	    {"ĐA", false, "must be two capital letters"},
	    {" AK", false, "must be two capital letters"},
	};

	run_str("rule_ward_code", rule_ward_code, cases, N(cases));
}

static void
test_citizen_id(void)
{
	static const struct str_case cases[] = {
	    {"001234567890", true, NULL},
	    {"079203000123", true, NULL},
	    {"00123456789", false, "must be 12 digits"},
	    {"0012345678901", false, "must be 12 digits"},
	    {"00123456789a", false, "must be 12 digits"},
	    {"0012 3456789", false, "must be 12 digits"},
	    {"-01234567890", false, "must be 12 digits"},
	    {"００１２３４５６７８９０", false, "must be 12 digits"},
	    {"", false, "must not be empty"},
	};

	run_str("rule_citizen_id", rule_citizen_id, cases, N(cases));
}

static void
test_date(void)
{
	static const char *fmt = "must be a date YYYY-MM-DD";
	static const char *real = "is not a real date";
	static const char *range = "must be between 1900-01-01 and 2100-12-31";
	const struct str_case cases[] = {
	    {"2024-01-15", true, NULL},
	    {"2000-02-29", true, NULL}, /* divisible by 400 */
	    {"2024-02-29", true, NULL}, /* divisible by 4 */
	    {"2023-02-28", true, NULL},
	    {"1900-01-01", true, NULL}, /* first */
	    {"2100-12-31", true, NULL}, /* last */
	    {"2023-12-31", true, NULL},
	    {"2023-04-30", true, NULL},
	    {"1900-02-29", false, real}, /* divisible by 100 */
	    {"2100-02-29", false, real},
	    {"2023-02-29", false, real},
	    {"2023-13-01", false, real},
	    {"2023-00-10", false, real},
	    {"2023-04-31", false, real},
	    {"2023-01-32", false, real},
	    {"2023-01-00", false, real},
	    {"1899-12-31", false, range},
	    {"2101-01-01", false, range},
	    {"0000-01-01", false, range},
	    {"2023-1-01", false, fmt},
	    {"2023-01-1", false, fmt},
	    {"23-01-01", false, fmt},
	    {"2023/01/01", false, fmt},
	    {"2023-01-01 ", false, fmt},
	    {"2023-01-01T00:00", false, fmt},
	    {"20230101", false, fmt},
	    {"abcd-ef-gh", false, fmt},
	    {"+023-01-01", false, fmt},
	    {"", false, "must not be empty"},
	};

	run_str("rule_date", rule_date, cases, N(cases));
}

static void
test_past_date(void)
{
	char today[16], tomorrow[16];
	const char *why = NULL;
	struct tm tm;
	time_t now = time(NULL);

	ok(rule_past_date_on("2024-05-01", "2024-05-01", &why),
	   "rule_past_date_on: today is not the future");
	ok(rule_past_date_on("2024-04-30", "2024-05-01", &why),
	   "rule_past_date_on: yesterday is fine");
	ok(!rule_past_date_on("2024-05-02", "2024-05-01", &why),
	   "rule_past_date_on: tomorrow is rejected");
	is_str(why, "must not be in the future", "  with its reason");
	ok(!rule_past_date_on("2024-02-30", "2024-05-01", &why),
	   "rule_past_date_on: still checks the date");
	is_str(why, "is not a real date", "  with the date's reason");

	/* Against the real clock: far past, far future, and today unless
	 * midnight passes between the two reads. */
	ok(rule_past_date("1990-06-15", &why), "rule_past_date: 1990-06-15");
	ok(!rule_past_date("2100-12-31", &why), "rule_past_date: 2100-12-31");
	is_str(why, "must not be in the future", "  with its reason");
	/* Today is Vietnam's (UTC+7) whatever the machine's zone: here one
	 * 14 hours behind UTC, whose date is not Vietnam's 21 hours a day. */
	setenv("TZ", "XXX+14", 1);
	tzset();
	now += 7 * 3600;
	gmtime_r(&now, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	char got[11];
	ok(rule_today(got), "rule_today reads the clock");
	is_str(got, today, "rule_today: Vietnam's date, not the machine's");
	ok(rule_past_date(today, &why), "rule_past_date: today in Vietnam (%s)",
	   today);
	now += 2 * 24 * 3600;
	gmtime_r(&now, &tm);
	strftime(tomorrow, sizeof tomorrow, "%Y-%m-%d", &tm);
	ok(!rule_past_date(tomorrow, &why),
	   "rule_past_date: the day after tomorrow (%s)", tomorrow);
	unsetenv("TZ");
	tzset();
}

static void
test_vnd_group(void)
{
	static const struct num_case vnd[] = {
	    {0, true, NULL},
	    {1, true, NULL},
	    {500000, true, NULL},
	    {RULE_VND_MAX, true, NULL},
	    {RULE_VND_MAX + 1, false, "must not be more than 1000000000000"},
	    {INT64_MAX, false, "must not be more than 1000000000000"},
	    {-1, false, "must not be negative"},
	    {INT64_MIN, false, "must not be negative"},
	};
	static const struct num_case group[] = {
	    {1, true, NULL},
	    {12, true, NULL},
	    {999, true, NULL},
	    {0, false, "must be between 1 and 999"},
	    {1000, false, "must be between 1 and 999"},
	    {-5, false, "must be between 1 and 999"},
	};

	run_num("rule_vnd", rule_vnd, vnd, N(vnd));
	run_num("rule_residential_group", rule_residential_group, group,
	        N(group));
}

static void
test_text(void)
{
	static const struct {
		const char *in;
		size_t max;
		bool required, multiline, ok;
		const char *why;
	} cases[] = {
	    {"Trương Văn Hoành", RULE_NAME_MAX, true, false, true, NULL},
	    {"Nguyễn Thị Ánh", RULE_NAME_MAX, true, false, true, NULL},
	    {"", RULE_NAME_MAX, false, false, true, NULL},
	    {"", RULE_NAME_MAX, true, false, false, "must not be empty"},
	    {"   ", RULE_NAME_MAX, true, false, false, "must not be empty"},
	    {"\t \xc2\xa0\xe3\x80\x80", RULE_NAME_MAX, true, false, false,
	     "must not be empty"},
	    {"   ", RULE_NAME_MAX, false, false, true, NULL},
	    {"a\tb", RULE_NAME_MAX, true, false, true, NULL},
	    {"a\nb", RULE_NAME_MAX, true, false, false,
	     "contains a control character"},
	    {"a\nb", RULE_NOTE_MAX, true, true, true, NULL},
	    {"a\r\nb", RULE_NOTE_MAX, true, true, false,
	     "contains a control character"},
	    {"a\x1b[31m", RULE_NAME_MAX, true, false, false,
	     "contains a control character"},
	    {"a\x7f", RULE_NAME_MAX, true, false, false,
	     "contains a control character"},
	    {"a\xc2\x85", RULE_NAME_MAX, true, false, false,
	     "contains a control character"}, /* U+0085 NEL */
	    {"Ho\xe0nh", RULE_NAME_MAX, true, false, false,
	     "is not valid UTF-8"}, /* Latin-1 */
	    {"\xc0\xaf", RULE_NAME_MAX, true, false, false,
	     "is not valid UTF-8"},
	    {"abc", 2, true, false, false, "is too long"},
	    /* Invisible formatting: bidi controls and zero-width characters,
	     * refused in names and in notes alike. */
	    {"Nguy\xe1\xbb\x85n \xe2\x80\xae"
	     "h\xe1\xba\xa1"
	     "hT",
	     RULE_NAME_MAX, true, false, false,
	     "contains a bidirectional control character (U+202E)"},
	    {"a\xe2\x80\xaa"
	     "b",
	     RULE_NAME_MAX, true, false, false,
	     "contains a bidirectional control character (U+202A)"},
	    {"a\xe2\x80\xad"
	     "b",
	     RULE_NAME_MAX, true, false, false,
	     "contains a bidirectional control character (U+202D)"},
	    {"a\xe2\x81\xa6"
	     "b",
	     RULE_NAME_MAX, true, false, false,
	     "contains a bidirectional control character (U+2066)"},
	    {"a\xe2\x81\xa9"
	     "b",
	     RULE_NAME_MAX, true, false, false,
	     "contains a bidirectional control character (U+2069)"},
	    {"a\xe2\x80\x8e"
	     "b",
	     RULE_NAME_MAX, true, false, false,
	     "contains a bidirectional control character (U+200E)"},
	    {"a\xe2\x80\x8f"
	     "b",
	     RULE_NAME_MAX, true, false, false,
	     "contains a bidirectional control character (U+200F)"},
	    {"a\xd8\x9c"
	     "b",
	     RULE_NAME_MAX, true, false, false,
	     "contains a bidirectional control character (U+061C)"},
	    {"Ho\xe2\x80\x8b"
	     "nh",
	     RULE_NAME_MAX, true, false, false,
	     "contains a zero-width character (U+200B)"},
	    {"a\xe2\x80\x8c"
	     "b",
	     RULE_NAME_MAX, true, false, false,
	     "contains a zero-width character (U+200C)"},
	    {"a\xe2\x80\x8d"
	     "b",
	     RULE_NOTE_MAX, true, true, false,
	     "contains a zero-width character (U+200D)"},
	    {"a\xe2\x81\xa0"
	     "b",
	     RULE_NAME_MAX, true, false, false,
	     "contains a zero-width character (U+2060)"},
	    {"\xef\xbb\xbf"
	     "An Kh\xc3\xaa",
	     RULE_NAME_MAX, true, false, false,
	     "contains a zero-width character (U+FEFF)"},
	    /* Their neighbours are ordinary text. */
	    {"a\xe2\x80\x8a"
	     "b",
	     RULE_NAME_MAX, true, false, true, NULL}, /* U+200A hair space */
	    {"a\xe2\x80\x90"
	     "b",
	     RULE_NAME_MAX, true, false, true, NULL}, /* U+2010 hyphen */
	    {"a\xe2\x80\xaf"
	     "b",
	     RULE_NAME_MAX, true, false, true,
	     NULL}, /* U+202F narrow no-break space */
	    {"a\xd8\x9b"
	     "b",
	     RULE_NAME_MAX, true, false, true, NULL}, /* U+061B */
	    {"ab", 2, true, false, true, NULL},
	};
	const char *why = NULL;
	char *s;
	size_t i;

	for (i = 0; i < N(cases); i++) {
		bool got =
		    rule_text(cases[i].in, cases[i].max, cases[i].required,
		              cases[i].multiline, &why);

		ok(got == cases[i].ok, "rule_text case %zu is %s", i,
		   cases[i].ok ? "accepted" : "rejected");
		if (!cases[i].ok)
			is_str(why, cases[i].why, "  with reason \"%s\"",
			       cases[i].why);
	}

	/* Limits count characters: "Hoành " is 6 characters, 8 bytes. */
	s = repeat("Hoành ", RULE_NAME_MAX / 6);
	strcat(s, "Vă"); /* 33 * 6 + 2 = 200 characters */
	is_int((long long)rule_utf8_chars(s), RULE_NAME_MAX,
	       "test string has exactly %d characters", RULE_NAME_MAX);
	ok(strlen(s) > RULE_NAME_MAX, "  and more bytes (%zu)", strlen(s));
	ok(rule_text(s, RULE_NAME_MAX, true, false, &why),
	   "rule_text: exactly %d Vietnamese characters is accepted",
	   RULE_NAME_MAX);
	strcat(s, "ơ");
	ok(!rule_text(s, RULE_NAME_MAX, true, false, &why),
	   "rule_text: %d characters is rejected", RULE_NAME_MAX + 1);
	is_str(why, "is longer than 200 characters", "  with its reason");
	free(s);

	s = repeat("ệ", RULE_ADDRESS_MAX);
	ok(rule_text(s, RULE_ADDRESS_MAX, true, false, &why),
	   "rule_text: %d x U+1EC7 is within the address limit",
	   RULE_ADDRESS_MAX);
	free(s);
	s = repeat("ệ", RULE_ADDRESS_MAX + 1);
	ok(!rule_text(s, RULE_ADDRESS_MAX, true, false, &why),
	   "rule_text: one more is not");
	is_str(why, "is longer than 500 characters", "  with its reason");
	free(s);
}

static void
test_utf8(void)
{
	static const struct {
		const char *in;
		size_t len;
		bool ok;
		const char *what;
	} cases[] = {
	    {"", 0, true, "empty"},
	    {"abc", 3, true, "ASCII"},
	    {"Trương Văn Hoành", 21, true, "Vietnamese"},
	    {"\xf0\x9f\x98\x80", 4, true, "U+1F600"},
	    {"\xf4\x8f\xbf\xbf", 4, true, "U+10FFFF"},
	    {"\xed\x9f\xbf", 3, true, "U+D7FF"},
	    {"\xee\x80\x80", 3, true, "U+E000"},
	    {"a\0b", 3, true, "NUL is valid UTF-8 (rule_text refuses it)"},
	    {"\x80", 1, false, "lone continuation byte"},
	    {"\xc3", 1, false, "truncated 2-byte sequence"},
	    {"\xe1\xbb", 2, false, "truncated 3-byte sequence"},
	    {"\xc3\x28", 2, false, "bad continuation"},
	    {"\xc0\x80", 2, false, "overlong NUL"},
	    {"\xc1\xbf", 2, false, "overlong 2-byte"},
	    {"\xe0\x80\xaf", 3, false, "overlong 3-byte"},
	    {"\xf0\x80\x80\xaf", 4, false, "overlong 4-byte"},
	    {"\xed\xa0\x80", 3, false, "surrogate U+D800"},
	    {"\xed\xbf\xbf", 3, false, "surrogate U+DFFF"},
	    {"\xf4\x90\x80\x80", 4, false, "U+110000"},
	    {"\xf5\x80\x80\x80", 4, false, "F5 lead byte"},
	    {"\xff", 1, false, "FF byte"},
	};
	size_t i;

	for (i = 0; i < N(cases); i++)
		ok(rule_utf8(cases[i].in, cases[i].len) == cases[i].ok,
		   "rule_utf8: %s is %s", cases[i].what,
		   cases[i].ok ? "valid" : "invalid");
	is_int((long long)rule_utf8_chars("Trương Văn Hoành"), 16,
	       "rule_utf8_chars counts code points");
	is_int((long long)rule_utf8_chars(""), 0, "rule_utf8_chars of \"\"");
}

static void
test_household_code(void)
{
#define chars "may only contain letters, digits, '-', '_', '/' and '.'"
#define uuid  "must not look like a UUID"
	static const struct str_case cases[] = {
	    {"AK-001", true, NULL},
	    {"T3/12.a_b", true, NULL},
	    {"x", true, NULL},
	    {"abcdefghijabcdefghijabcdefghij12", true, NULL}, /* 32 */
	    {"abcdefghijabcdefghijabcdefghij123", false,
	     "is longer than 32 characters"},
	    {"", false, "must not be empty"},
	    {"AK 001", false, chars},
	    {"TĐ-1", false, chars},
	    {"AK;drop", false, chars},
	    {"0190a5e2-7c1b-7def-8a12-3456789abcde", false, uuid},
	    {"0190A5E27C1B7DEF8A123456789ABCDE", false, uuid},
	    {"0190a5e27c1b7def8a123456789abcdg", true, NULL},
	};

#undef chars
#undef uuid
	run_str("rule_household_code", rule_household_code, cases, N(cases));
}

static void
test_phone(void)
{
#define chars "may only contain digits, spaces, '.', '-' and a leading '+'"
#define count "must have 8 to 15 digits"
	static const struct str_case cases[] = {
	    {"0905123456", true, NULL},
	    {"+84 905 123 456", true, NULL},
	    {"0269.3832.123", true, NULL},
	    {"0269-383-2123", true, NULL},
	    {"12345678", true, NULL},
	    {"123456789012345", true, NULL},
	    {"1234567", false, count},
	    {"1234567890123456", false, count},
	    {"+ - . ", false, count},
	    {"", false, "must not be empty"},
	    {"0905 123 456 ext", false, chars},
	    {"84+905123456", false, chars},
	    {"(0269) 3832123", false, chars},
	};

#undef chars
#undef count
	run_str("rule_phone", rule_phone, cases, N(cases));
}

static void
test_id(void)
{
	static const uint8_t id[16] = {0x01, 0x90, 0xa5, 0xe2, 0x7c, 0x1b,
	                               0x7d, 0xef, 0x8a, 0x12, 0x34, 0x56,
	                               0x78, 0x9a, 0xbc, 0xde};
	static const uint8_t nil[16];
	const char *why = NULL;

	ok(rule_id(id, 16, &why), "rule_id: 16 bytes");
	ok(!rule_id(id, 15, &why), "rule_id: 15 bytes");
	is_str(why, "must be a 16-byte UUID", "  with its reason");
	ok(!rule_id(id, 0, &why), "rule_id: empty");
	is_str(why, "must not be empty", "  with its reason");
	ok(!rule_id(nil, 16, &why), "rule_id: nil UUID");
	is_str(why, "must not be the nil UUID", "  with its reason");
}

/* An enum without a table of its own: words from its value names, and the
 * engine finds the tables of the wire enums by descriptor. */
static void
test_names_derived(void)
{
	static const ProtobufCEnumValue values[] = {
	    {"GRIEVANCE_STATUS_UNSPECIFIED", "X", 0},
	    {"GRIEVANCE_STATUS_RECEIVED", "X", 1},
	    {"GRIEVANCE_STATUS_IN_PROGRESS", "X", 2},
	    {"GRIEVANCE_STATUS_ANSWERED", "X", 4},
	};
	ProtobufCEnumDescriptor d;
	const struct names_table *t;

	memset(&d, 0, sizeof d);
	d.name = "ansinh.v1.GrievanceStatus";
	d.n_values = 4;
	d.values = values;
	t = names_for_enum(&d);
	ok(t != NULL && t == names_for_enum(&d),
	   "an enum without a table gets one, made once");
	is_str(names_word(t, 0), NULL, "derived: 0 (unspecified) has no word");
	is_str(names_word(t, 2), "in-progress",
	       "derived: the shared prefix dropped, lower case, '-'");
	is_str(names_word(t, 3), NULL, "derived: a gap has no word");
	is_int(names_value(t, "ANSWERED"), 4, "derived: parsed in any case");
	is_str(names_list(t), "received|in-progress|answered", "derived: list");
	ok(names_for_enum(&ansinh__v1__sex__descriptor) != NULL &&
	       strcmp(names_word(names_for_enum(&ansinh__v1__sex__descriptor),
	                         ANSINH__V1__SEX__SEX_FEMALE),
	              names_sex(ANSINH__V1__SEX__SEX_FEMALE)) == 0,
	   "a wire enum's table is found by its descriptor");
}

static void
test_names(void)
{
	static const struct {
		const char *(*name)(int);
		int (*parse)(const char *);
		const char *(*list)(void);
		const char *what, *want_list;
		int first, last;
	} tables[] = {
	    {names_poverty, names_poverty_parse, names_poverty_list, "poverty",
	     "poor|near-poor|none", 1, 3},
	    {names_sex, names_sex_parse, names_sex_list, "sex", "male|female",
	     1, 2},
	    {names_relation, names_relation_parse, names_relation_list,
	     "relation", "head|spouse|child|parent|grandchild|other", 1, 6},
	    {names_disability, names_disability_parse, names_disability_list,
	     "disability", "none|mild|severe|especially-severe", 1, 4},
	    {names_role, names_role_parse, names_role_list, "role",
	     "ward|district|auditor", 1, 3},
	};
	size_t i;
	int v;

	for (i = 0; i < N(tables); i++) {
		char list[128];
		size_t used = 0;

		ok(tables[i].name(0) == NULL, "names %s: 0 has no word",
		   tables[i].what);
		ok(tables[i].name(tables[i].last + 1) == NULL &&
		       tables[i].name(-1) == NULL,
		   "names %s: out of range has no word", tables[i].what);
		list[0] = '\0';
		for (v = tables[i].first; v <= tables[i].last; v++) {
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
		is_int(tables[i].parse(""), -1, "names %s: \"\" is -1",
		       tables[i].what);
		is_int(tables[i].parse(NULL), -1, "names %s: NULL is -1",
		       tables[i].what);
	}

	is_int(names_poverty_parse("near-poor"),
	       ANSINH__V1__POVERTY_STATUS__POVERTY_NEAR_POOR, "near-poor");
	is_int(names_poverty_parse("NEAR_POOR"),
	       ANSINH__V1__POVERTY_STATUS__POVERTY_NEAR_POOR,
	       "NEAR_POOR: any case, '_' for '-'");
	is_int(names_poverty_parse("Near-Poor"),
	       ANSINH__V1__POVERTY_STATUS__POVERTY_NEAR_POOR, "Near-Poor");
	is_int(names_poverty_parse("near"), -1, "a prefix is not a word");
	is_int(names_poverty_parse("poorer"), -1, "nor a longer word");
	is_int(names_poverty_parse("none"),
	       ANSINH__V1__POVERTY_STATUS__POVERTY_NONE, "poverty none");
	is_int(names_disability_parse("none"),
	       ANSINH__V1__DISABILITY__DISABILITY_NONE, "disability none");
	is_int(names_disability_parse("especially_severe"),
	       ANSINH__V1__DISABILITY__DISABILITY_ESPECIALLY_SEVERE,
	       "especially_severe");
	is_int(names_role_parse("DISTRICT"), ANSINH__V1__ROLE__ROLE_DISTRICT,
	       "DISTRICT");

	is_str(names_code(ANSINH__V1__CODE__OK), "OK", "names_code OK");
	is_str(names_code(ANSINH__V1__CODE__INVALID_ARGUMENT),
	       "INVALID_ARGUMENT", "names_code INVALID_ARGUMENT");
	is_str(names_code(ANSINH__V1__CODE__RESOURCE_EXHAUSTED),
	       "RESOURCE_EXHAUSTED", "names_code RESOURCE_EXHAUSTED");
	is_str(names_code(ANSINH__V1__CODE__UNAUTHENTICATED), "UNAUTHENTICATED",
	       "names_code UNAUTHENTICATED");
	is_str(names_code(17), NULL, "names_code 17 is NULL");
	is_str(names_code(-1), NULL, "names_code -1 is NULL");
	for (v = 0; v <= 16; v++) {
		const ProtobufCEnumValue *ev =
		    protobuf_c_enum_descriptor_get_value(
		        &ansinh__v1__code__descriptor, v);

		ok(ev != NULL && names_code(v) != NULL &&
		       strcmp(ev->name, names_code(v)) == 0 &&
		       names_code_parse(names_code(v)) == v,
		   "names_code(%d) is the proto's name %s, and back", v,
		   ev ? ev->name : "?");
	}
	is_int(names_code_parse("invalid-argument"),
	       ANSINH__V1__CODE__INVALID_ARGUMENT, "names_code_parse folds");
}

/* A malloc'd string of unit repeated times, with room for 64 more bytes. */
static char *
repeat(const char *unit, size_t times)
{
	size_t n = strlen(unit), i;
	char *s = malloc(n * times + 64);

	if (s == NULL) {
		perror("malloc");
		exit(2);
	}
	for (i = 0; i < times; i++)
		memcpy(s + i * n, unit, n);
	s[n * times] = '\0';
	return s;
}
