/*
 * test_report_view.c — the reports as people read them (client/
 * report-view.c): money the Vietnamese and the English way, the language
 * words and the environment's default, labels, and a small report laid out
 * as a table (a section per heading, the breakdowns' totals labelled, the
 * measures as columns) and as an HTML page (the raw figures in data-*).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../client/report-view.h"
#include "tap.h"

static void test_money(void);
static void test_lang(void);
static void test_table(void);
static void test_html(void);
static char *print_to_string(enum render_format fmt, enum lang lang);

static const struct report_figure figs[] = {
    {"support", "", "", "all", "", "all", "entries", 3},
    {"support", "", "", "all", "", "all", "net_vnd", 352400000},
    {"support", "", "", "all", "", "cash", "entries", 1},
    {"support", "", "", "all", "", "cash", "net_vnd", -1500000},
    {"targets", "AK", "An Khê", "referrals", "", "all", "target", 4},
    {"targets", "AK", "An Khê", "referrals", "", "all", "met", 0},
};

static const struct report_scope scope = {
    .report = "summary",
    .year = 2023,
    .quarter = 1,
    .from_date = "",
    .to_date = "",
    .unit_code = "",
    .as_of = "",
};

int
main(void)
{
	test_money();
	test_lang();
	test_table();
	test_html();
	return done_testing();
}

static void
test_money(void)
{
	char b[64];

	report_money(b, sizeof b, 352400000, LANG_VI);
	is_str(b, "352.400.000 đ", "vi money: dots, then đ");
	report_money(b, sizeof b, 352400000, LANG_EN);
	is_str(b, "352,400,000", "en money: commas");
	report_money(b, sizeof b, -1500000, LANG_VI);
	is_str(b, "-1.500.000 đ", "a negative amount (a reversal)");
	report_money(b, sizeof b, 0, LANG_VI);
	is_str(b, "0 đ", "nothing");
	report_money(b, sizeof b, 999, LANG_EN);
	is_str(b, "999", "under a thousand: no separator");
	report_count(b, sizeof b, 1234, LANG_VI);
	is_str(b, "1.234", "a count the Vietnamese way");
}

static void
test_lang(void)
{
	enum lang l = LANG_EN;

	ok(lang_parse("vi", &l) && l == LANG_VI, "vi");
	ok(lang_parse("en", &l) && l == LANG_EN, "en");
	ok(!lang_parse("fr", &l), "fr is not a language here");
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	setenv("LANG", "vi_VN.UTF-8", 1);
	ok(lang_environment() == LANG_VI, "LANG=vi_VN.UTF-8: vi");
	setenv("LC_ALL", "C.UTF-8", 1);
	ok(lang_environment() == LANG_EN, "LC_ALL before LANG");
	unsetenv("LC_ALL");
	unsetenv("LANG");
	ok(lang_environment() == LANG_EN, "nothing set: en");
	is_str(report_label("disabled", LANG_VI), "Người khuyết tật",
	       "a label in Vietnamese");
	is_str(report_label("disabled", LANG_EN), "Disabled people",
	       "and in English");
	is_str(report_label("no-such-word", LANG_VI), "no-such-word",
	       "a word without a label is itself");
}

static void
test_table(void)
{
	char *s = print_to_string(RENDER_TABLE, LANG_VI);

	ok(strstr(s, "Báo cáo tổng hợp — quý 1/2023 — toàn bộ đơn vị\n") == s,
	   "the title: report, quarter, unit");
	ok(strstr(s, "\nHỗ trợ đã trao, đã điều chỉnh và còn lại\n"
	             "Loại       Lượt        Còn lại\n"
	             "Tổng cộng     3  352.400.000 đ\n"
	             "Tiền mặt      1   -1.500.000 đ\n") != NULL,
	   "a section: its heading, the breakdown's total, money aligned");
	ok(strstr(s, "An Khê  Giới thiệu đến Trung tâm Dịch vụ việc làm"
	             "                4  chưa đạt\n") != NULL,
	   "targets: the unit's name, the metric, met as chưa đạt");
	free(s);
	s = print_to_string(RENDER_TABLE, LANG_EN);
	ok(strstr(s, "All         3  352,400,000\n") != NULL,
	   "English labels and money");
	free(s);
	s = print_to_string(RENDER_CSV, LANG_VI);
	ok(strstr(s, "section,unit_code,unit_name,key,key_name,item,measure,"
	             "value\nsupport,,,all,,all,entries,3\n"
	             "support,,,all,,all,net_vnd,352400000\n") == s,
	   "CSV: the raw figures whatever the language");
	free(s);
}

static void
test_html(void)
{
	char *s = print_to_string(RENDER_HTML, LANG_VI);

	ok(strncmp(s, "<!DOCTYPE html>", 15) == 0 &&
	       strstr(s, "</html>\n") != NULL,
	   "one page");
	ok(strstr(s, "data-section=\"support\" data-unit=\"\" data-key=\"all\" "
	             "data-item=\"cash\" data-measure=\"net_vnd\" "
	             "data-value=\"-1500000\">-1.500.000 đ</td>") != NULL,
	   "a value cell: the raw figure in data-*, the officer's text");
	ok(strstr(s, "<svg") != NULL && strstr(s, "@page { size: A4;") != NULL,
	   "a bar chart, A4");
	ok(strstr(s, "src=") == NULL && strstr(s, "href=") == NULL,
	   "nothing fetched");
	free(s);
}

static char *
print_to_string(enum render_format fmt, enum lang lang)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	report_print(f, fmt, lang, &scope, figs, sizeof figs / sizeof figs[0]);
	fclose(f);
	return buf;
}
