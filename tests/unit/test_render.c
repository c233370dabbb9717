/*
 * test_render.c — display width, the aligned table, CSV quoting and JSON
 * escaping of client/render.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../client/render.h"
#include "tap.h"

/* Precomposed and decomposed (NFD: e + U+0302 + U+0303) spellings. */
#define KHE        "Kh\xc3\xaa"             /* Khê, precomposed */
#define NGUYEN_NFD "Nguye\xcc\x82\xcc\x83n" /* Nguyễn, decomposed */
#define NGUYEN_NFC "Nguy\xe1\xbb\x85n"      /* Nguyễn, precomposed */

struct width_case {
	const char *s;
	size_t width;
	const char *what;
};

static void test_width(void);
static void test_format_parse(void);
static void test_table(void);
static void test_csv(void);
static void test_json(void);
static void test_record(void);
static void test_record_subs(void);
static char *render_to_string(enum render_format fmt,
                              const struct render_table *t);
static char *record_to_string(enum render_format fmt,
                              const struct render_table *rec,
                              const struct render_table *sub);

static const char *const two_columns[] = {"code", "name"};
static const char *const typed_columns[] = {"name", "group", "policy", "note"};

int
main(void)
{
	test_width();
	test_format_parse();
	test_table();
	test_csv();
	test_json();
	test_record();
	test_record_subs();
	return done_testing();
}

static void
test_width(void)
{
	static const struct width_case cases[] = {
	    {"", 0, "empty"},
	    {"abc", 3, "ASCII"},
	    {"An " KHE, 6, "precomposed Vietnamese"},
	    {"Thanh Kh\xc3\xaa \xc4\x90\xc3\xb4ng", 14, "Thanh Khê Đông"},
	    {NGUYEN_NFC, 6, "Nguyễn precomposed"},
	    {NGUYEN_NFD, 6, "Nguyễn decomposed: combining marks are 0"},
	    {"Ho\xc3\xa0nh", 5, "Hoành"},
	    {"Hoa\xcc\x80nh", 5, "Hoành decomposed"},
	    {"\xe6\xbc\xa2\xe5\xad\x97", 4, "two CJK characters are wide"},
	    {"\xff", 1, "a stray byte counts one"},
	    {"a\xe1\xbb", 3, "a truncated sequence counts its bytes"},
	    {"\xc0\xaf", 2, "an overlong form counts its bytes"},
	    {"\xcc\x81", 0, "a lone combining mark"},
	    {"x\xe2\x80\x8by", 2, "zero width space"},
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		is_int((long long)render_width(cases[i].s),
		       (long long)cases[i].width, "width: %s", cases[i].what);
}

static void
test_format_parse(void)
{
	enum render_format f = RENDER_TABLE;

	ok(render_format_parse("csv", &f) && f == RENDER_CSV, "parse csv");
	ok(render_format_parse("json", &f) && f == RENDER_JSON, "parse json");
	ok(render_format_parse("table", &f) && f == RENDER_TABLE,
	   "parse table");
	ok(!render_format_parse("JSON", &f), "format words are lower case");
	ok(!render_format_parse("", &f), "empty format refused");
}

static void
test_table(void)
{
	struct render_table *t;
	char *s;

	t = render_table_new(two_columns, 2);
	render_str(t, "AK");
	render_str(t, "An " KHE);
	render_str(t, "CG");
	render_str(t, NGUYEN_NFD);
	render_str(t, "TKD");
	render_str(t, NGUYEN_NFC " x");
	is_int((long long)render_rows(t), 3, "three rows");
	s = render_to_string(RENDER_TABLE, t);
	is_str(s,
	       "CODE  NAME\n"
	       "AK    An " KHE "\n"
	       "CG    " NGUYEN_NFD "\n"
	       "TKD   " NGUYEN_NFC " x\n",
	       "table: upper-case header, aligned by display width, no "
	       "trailing blanks");
	free(s);
	render_table_free(t);

	t = render_table_new(typed_columns, 4);
	render_str(t, NGUYEN_NFD);
	render_int(t, 31);
	render_bool(t, true);
	render_str(t, "line one\nline\ttwo\x1b[31m");
	render_str(t, "B");
	render_null(t);
	render_bool(t, false);
	render_null(t);
	s = render_to_string(RENDER_TABLE, t);
	is_str(s,
	       "NAME    GROUP  POLICY  NOTE\n" NGUYEN_NFD
	       "     31  yes     line one line two [31m\n"
	       "B              no\n",
	       "table: numbers right-aligned, null blank, controls become "
	       "spaces, yes/no");
	free(s);
	render_table_free(t);

	t = render_table_new(two_columns, 2);
	s = render_to_string(RENDER_TABLE, t);
	is_str(s, "CODE  NAME\n", "table: no rows prints the header");
	free(s);
	render_table_free(t);
}

static void
test_csv(void)
{
	struct render_table *t;
	char *s;

	t = render_table_new(typed_columns, 4);
	render_str(t, "Tr\xc6\xb0\xc6\xa1ng, V\xc4\x83n");
	render_int(t, -7);
	render_bool(t, true);
	render_str(t, "she said \"hi\"");
	render_str(t, "two\nlines");
	render_null(t);
	render_bool(t, false);
	render_str(t, "cr\rhere");
	render_str(t, "");
	render_int(t, 0);
	render_bool(t, false);
	render_str(t, " spaces kept ");
	s = render_to_string(RENDER_CSV, t);
	is_str(s,
	       "name,group,policy,note\n"
	       "\"Tr\xc6\xb0\xc6\xa1ng, V\xc4\x83n\",-7,yes,\"she said "
	       "\"\"hi\"\"\"\n"
	       "\"two\nlines\",,no,\"cr\rhere\"\n"
	       ",0,no, spaces kept \n",
	       "csv: RFC 4180 quoting, LF line ends, yes/no, null empty");
	free(s);
	render_table_free(t);

	/* Formula cells are guarded as export guards them (csv.h); numbers,
	 * negative ones too, are not. */
	t = render_table_new(typed_columns, 4);
	render_str(t, "=HYPERLINK(\"http://x\",\"a\")");
	render_int(t, -7);
	render_bool(t, true);
	render_str(t, "+1");
	render_str(t, "-2+3");
	render_int(t, 1);
	render_bool(t, false);
	render_str(t, "@SUM(A1)");
	render_str(t, "\tx");
	render_null(t);
	render_bool(t, false);
	render_str(t, "\rx");
	render_str(t, "-500000");
	render_int(t, 2);
	render_bool(t, false);
	render_str(t, "'=a");
	s = render_to_string(RENDER_CSV, t);
	is_str(s,
	       "name,group,policy,note\n"
	       "\"'=HYPERLINK(\"\"http://x\"\",\"\"a\"\")\",-7,yes,'+1\n"
	       "'-2+3,1,no,'@SUM(A1)\n"
	       "'\tx,,no,\"'\rx\"\n"
	       "-500000,2,no,''=a\n",
	       "csv: cells a spreadsheet would run as formulas are guarded "
	       "with '");
	free(s);
	render_table_free(t);

	t = render_table_new(two_columns, 2);
	s = render_to_string(RENDER_CSV, t);
	is_str(s, "code,name\n", "csv: no rows prints the header");
	free(s);
	render_table_free(t);
}

static void
test_json(void)
{
	struct render_table *t;
	char *s;

	t = render_table_new(typed_columns, 4);
	render_str(t, "An " KHE);
	render_int(t, 31);
	render_bool(t, true);
	render_str(t, "q\" b\\ n\n t\t c\x01 d\x7f");
	render_str(t, "bad \xff byte");
	render_null(t);
	render_bool(t, false);
	render_str(t, "sep \xe2\x80\xa8 end");
	s = render_to_string(RENDER_JSON, t);
	is_str(s,
	       "[\n"
	       "  {\"name\":\"An " KHE "\",\"group\":31,\"policy\":true,"
	       "\"note\":\"q\\\" b\\\\ n\\n t\\t c\\u0001 d\\u007f\"},\n"
	       "  {\"name\":\"bad \\ufffd byte\",\"group\":null,"
	       "\"policy\":false,\"note\":\"sep \\u2028 end\"}\n"
	       "]\n",
	       "json: an array of objects, escapes, null, booleans, numbers");
	free(s);
	render_table_free(t);

	t = render_table_new(two_columns, 2);
	s = render_to_string(RENDER_JSON, t);
	is_str(s, "[]\n", "json: no rows is an empty array");
	free(s);
	render_table_free(t);
}

static void
test_record(void)
{
	static const char *const rec_columns[] = {"code", "head", "members"};
	static const char *const sub_columns[] = {"status", "since"};
	struct render_table *rec, *sub, *empty;
	char *s;

	rec = render_table_new(rec_columns, 3);
	render_str(rec, "AK-031");
	render_str(rec, NGUYEN_NFD);
	render_int(rec, 3);
	sub = render_table_new(sub_columns, 2);
	render_str(sub, "poor");
	render_str(sub, "2022-01-01");
	render_str(sub, "near-poor");
	render_null(sub);
	empty = render_table_new(sub_columns, 2);

	s = record_to_string(RENDER_TABLE, rec, sub);
	is_str(s,
	       "FIELD    VALUE\n"
	       "code     AK-031\n"
	       "head     " NGUYEN_NFD "\n"
	       "members  3\n"
	       "\n"
	       "STATUS     SINCE\n"
	       "poor       2022-01-01\n"
	       "near-poor\n",
	       "record as a table: field/value, then the sub-list");
	free(s);

	s = record_to_string(RENDER_TABLE, rec, empty);
	is_str(s,
	       "FIELD    VALUE\n"
	       "code     AK-031\n"
	       "head     " NGUYEN_NFD "\n"
	       "members  3\n",
	       "record as a table: an empty sub-list is left out");
	free(s);

	s = record_to_string(RENDER_CSV, rec, sub);
	is_str(s, "code,head,members\nAK-031," NGUYEN_NFD ",3\n",
	       "record as CSV: header and one row");
	free(s);

	s = record_to_string(RENDER_JSON, rec, sub);
	is_str(s,
	       "{\"code\":\"AK-031\",\"head\":\"" NGUYEN_NFD "\",\"members\":3,"
	       "\"history\":[{\"status\":\"poor\",\"since\":\"2022-01-01\"},"
	       "{\"status\":\"near-poor\",\"since\":null}]}\n",
	       "record as JSON: one object with the sub-list as an array");
	free(s);

	s = record_to_string(RENDER_JSON, rec, empty);
	is_str(s,
	       "{\"code\":\"AK-031\",\"head\":\"" NGUYEN_NFD "\",\"members\":3,"
	       "\"history\":[]}\n",
	       "record as JSON: an empty sub-list is []");
	free(s);

	render_table_free(empty);
	render_table_free(sub);
	render_table_free(rec);
}

static void
test_record_subs(void)
{
	static const char *const rec_columns[] = {"code", "status"};
	static const char *const plan_columns[] = {"kind", "status"};
	static const char *const note_columns[] = {"date", "text"};
	static const char *const names[] = {"plan", "notes"};
	struct render_table *rec, *plan, *notes;
	const struct render_table *subs[2];
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	rec = render_table_new(rec_columns, 2);
	render_str(rec, "AK-031");
	render_str(rec, "poor");
	plan = render_table_new(plan_columns, 2);
	render_str(plan, "livelihood");
	render_str(plan, "done");
	notes = render_table_new(note_columns, 2);
	subs[0] = plan;
	subs[1] = notes;

	f = open_memstream(&buf, &len);
	render_record_subs(f, RENDER_JSON, rec, 2, names, subs);
	fclose(f);
	is_str(
	    buf,
	    "{\"code\":\"AK-031\",\"status\":\"poor\",\"plan\":"
	    "[{\"kind\":\"livelihood\",\"status\":\"done\"}],"
	    "\"notes\":[]}\n",
	    "record with sub-lists as JSON: each under its name, [] if empty");
	free(buf);

	buf = NULL;
	f = open_memstream(&buf, &len);
	render_record_subs(f, RENDER_TABLE, rec, 2, names, subs);
	fclose(f);
	is_str(buf,
	       "FIELD   VALUE\n"
	       "code    AK-031\n"
	       "status  poor\n"
	       "\n"
	       "KIND        STATUS\n"
	       "livelihood  done\n",
	       "record with sub-lists as a table: empty ones left out");
	free(buf);

	buf = NULL;
	f = open_memstream(&buf, &len);
	render_record_subs(f, RENDER_CSV, rec, 2, names, subs);
	fclose(f);
	is_str(buf, "code,status\nAK-031,poor\n",
	       "record with sub-lists as CSV: the record only");
	free(buf);

	render_table_free(notes);
	render_table_free(plan);
	render_table_free(rec);
}

/* What render_list prints, as a string the caller frees. */
static char *
render_to_string(enum render_format fmt, const struct render_table *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	f = open_memstream(&buf, &len);
	if (f == NULL)
		abort();
	render_list(f, fmt, t);
	fclose(f);
	return buf;
}

static char *
record_to_string(enum render_format fmt, const struct render_table *rec,
                 const struct render_table *sub)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	f = open_memstream(&buf, &len);
	if (f == NULL)
		abort();
	render_record(f, fmt, rec, "history", sub);
	fclose(f);
	return buf;
}
