/*
 * test_kinds.c — the kinds of import (client/kind*.c) without a daemon:
 * the headers each kind takes (no two columns share a name or an alias,
 * none is a column import ignores), and the row -> request of needs,
 * supports and assessments: the values sent, the natural key and derived
 * id, the exact reason of each refused row, which rows wait for the rows
 * before them; and the order `export supports` writes a day's entries in.
 *
 * Links the client's library; nothing here reaches the daemon.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../client/csv.h"
#include "../../client/ids.h"
#include "../../client/kind.h"
#include "tap.h"

static void test_headers(void);
static void test_needs(void);
static void test_supports(void);
static void test_assessments(void);
static void test_amounts(void);
static void test_support_order(void);

/* A row of kind k: "column=value" pairs, the ward AK. */
static void row_set(struct kind_row *row, const struct kind *k, ...);
/* Build it: the request (unpacked, to free), or NULL with b->reason. */
static Ansinh__V1__Request *
build(const struct kind *k, const struct kind_row *row, struct kind_build *b);
static void id_text(const uint8_t *id, size_t len, char out[UUID_STR_SIZE]);

int
main(void)
{
	test_headers();
	test_needs();
	test_supports();
	test_assessments();
	test_amounts();
	test_support_order();
	return done_testing();
}

/* Every header a kind takes, folded, names one column; none is one that
 * import ignores (client/import.c: a rejects file's line and reason, the
 * row number columns). */
static void
test_headers(void)
{
	static const char *const ignored[] = {
	    "line", "reason", "stt", "so thu tu", "tt", NULL,
	};
	enum { NAMES_MAX = 256 }; /* a kind's columns and aliases */
	char names[NAMES_MAX][64], one[128];
	const struct record_field *c;
	const char *p;
	size_t i, j, n, len;
	int k, bad;

	for (k = 0; kind_table[k] != NULL; k++) {
		n = 0;
		for (c = kind_table[k]->record->fields; !record_field_end(c);
		     c++) {
			if (c->column == NULL)
				continue;
			if (n + 1 + (strlen(c->aliases) + 1) / 2 >= NAMES_MAX) {
				fprintf(stderr,
				        "%s: more headers than NAMES_MAX\n",
				        kind_table[k]->name);
				exit(1);
			}
			csv_fold(c->column, names[n++], sizeof names[0]);
			for (p = c->aliases; *p != '\0';) {
				len = strcspn(p, "|");
				snprintf(one, sizeof one, "%.*s", (int)len, p);
				csv_fold(one, names[n++], sizeof names[0]);
				p += len + (p[len] == '|');
			}
		}
		bad = 0;
		for (i = 0; i < n; i++) {
			for (j = i + 1; j < n; j++)
				bad += strcmp(names[i], names[j]) == 0;
			for (j = 0; ignored[j] != NULL; j++)
				bad += strcmp(names[i], ignored[j]) == 0;
		}
		is_int(bad, 0,
		       "%s: every header names one column, none an "
		       "ignored one",
		       kind_table[k]->name);
	}
	is_int(kind_match_header(&kind_needs, "NGÀY KHẢO SÁT"),
	       kind_column(&kind_needs, "surveyed_on"),
	       "needs: 'NGÀY KHẢO SÁT' is surveyed_on");
	is_int(kind_match_header(&kind_supports, "so_tien"),
	       kind_column(&kind_supports, "amount_vnd"),
	       "supports: 'so_tien' is amount_vnd");
	is_int(
	    kind_match_header(&kind_assessments, "Bảo hiểm y tế"),
	    kind_column(&kind_assessments, "health-insurance"),
	    "assessments: 'Bảo hiểm y tế' is the health-insurance indicator");
	is_int(kind_match_header(&kind_assessments, "health_insurance"),
	       kind_column(&kind_assessments, "health-insurance"),
	       "and so is 'health_insurance'");
	is_str(kind_names(), "households|members|needs|supports|assessments",
	       "the kinds");
	ok(kind_needs.year_column != NULL &&
	       kind_supports.year_column != NULL &&
	       kind_assessments.year_column != NULL &&
	       kind_households.year_column == NULL &&
	       kind_members.year_column == NULL,
	   "needs, supports and assessments have a year; households and "
	   "members none");
}

static void
test_needs(void)
{
	struct kind_row row;
	struct kind_build b;
	Ansinh__V1__Request *req;
	const Ansinh__V1__Need *n;
	uint8_t want[UUID_SIZE];
	char s[UUID_STR_SIZE];

	row_set(&row, &kind_needs, "household=AK-001", "kind=sinh kế",
	        "description=Tủ  trưng bày", "estimate_vnd=5.000.000",
	        "surveyed_on=1/3/2023", "note=Hai\ndòng", NULL);
	req = build(&kind_needs, &row, &b);
	ok(req != NULL &&
	       req->body_case == ANSINH__V1__REQUEST__BODY_NEED_CREATE,
	   "a need row makes a "
	   "NeedCreate");
	if (req == NULL)
		return;
	n = req->need_create->need;
	is_str(n->household_code, "AK-001", "by household code");
	is_int(n->kind, ANSINH__V1__NEED_KIND__NEED_KIND_LIVELIHOOD_EQUIPMENT,
	       "sinh kế is livelihood-equipment");
	ok(n->opt_estimated_vnd_case ==
	           ANSINH__V1__NEED__OPT_ESTIMATED_VND_ESTIMATED_VND &&
	       n->estimated_vnd == 5000000,
	   "5.000.000 is 5000000 VND");
	is_str(n->surveyed_on, "2023-03-01", "1/3/2023 is 2023-03-01");
	is_str(n->note, "Hai\ndòng", "a note may hold a line break");
	ids_record("need", "AK",
	           "AK-001:livelihood-equipment:2023-03-01::"
	           "Tủ trưng bày",
	           want);
	ok(n->id.len == UUID_SIZE && memcmp(n->id.data, want, UUID_SIZE) == 0,
	   "the id is derived from household, kind, date, member and the "
	   "description with blanks collapsed");
	ok(!b.barrier, "a need waits for nothing");
	is_str(b.key, "AK-001:livelihood-equipment:2023-03-01::Tủ trưng bày",
	       "the key, for messages");
	ansinh__v1__request__free_unpacked(req, NULL);

	row_set(&row, &kind_needs, "household=AK-001", "kind=house-new",
	        "description=Nhà",
	        "member=0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b", NULL);
	req = build(&kind_needs, &row, &b);
	ok(req != NULL, "a personal need");
	if (req != NULL) {
		n = req->need_create->need;
		id_text(n->member_id.data, n->member_id.len, s);
		is_str(s, "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b",
		       "names its member by id");
		ok(n->opt_estimated_vnd_case == 0, "no estimate: not given");
		is_str(n->surveyed_on, "", "no date: the daemon's today");
		ansinh__v1__request__free_unpacked(req, NULL);
	}

	row_set(&row, &kind_needs, "household=AK-001", "kind=nuôi gà",
	        "description=x", NULL);
	ok(build(&kind_needs, &row, &b) == NULL, "an unknown kind");
	is_str(b.reason,
	       "kind: 'nuôi gà' is not one of livelihood-equipment|"
	       "house-new|house-repair|assistive-device|orthopaedic-aid|job|"
	       "vocational-training|other (in Vietnamese: sinh kế|phương tiện "
	       "sinh kế|thiết bị sinh kế|xây nhà mới|nhà mới|xây nhà|sửa nhà|"
	       "sửa chữa nhà|dụng cụ trợ giúp|thiết bị trợ giúp|phương tiện "
	       "trợ giúp|chỉnh hình|dụng cụ chỉnh hình|việc làm|học nghề|đào "
	       "tạo nghề|khác)",
	       "is refused, naming the words, English and Vietnamese");
	row_set(&row, &kind_needs, "household=AK-001", "description=x", NULL);
	ok(build(&kind_needs, &row, &b) == NULL &&
	       strcmp(b.reason, "kind: must not be empty") == 0,
	   "an empty kind is refused");
	row_set(&row, &kind_needs, "household=AK-001", "kind=job",
	        "description=x", "surveyed_on=2023-02-29", NULL);
	ok(build(&kind_needs, &row, &b) == NULL, "a date that does not exist");
	is_str(b.reason, "surveyed_on: '2023-02-29' is not a real date",
	       "is refused");
	row_set(&row, &kind_needs, "household=AK-001", "kind=job",
	        "description=x", "estimate_vnd=5,00", NULL);
	ok(build(&kind_needs, &row, &b) == NULL &&
	       strncmp(b.reason, "estimate_vnd: '5,00' is not an amount in VND",
	               44) == 0,
	   "an amount grouped wrongly is refused");
	row_set(&row, &kind_needs, "household=AK-001", "kind=job",
	        "description=x", "member=AK-001-1", NULL);
	ok(build(&kind_needs, &row, &b) == NULL, "a member that is not an id");
	is_str(b.reason, "member: 'AK-001-1' is not an id (a UUID)",
	       "is refused");
	row_set(&row, &kind_needs, "household=", "kind=job", "description=x",
	        NULL);
	ok(build(&kind_needs, &row, &b) == NULL &&
	       strncmp(b.reason, "household: ", 11) == 0,
	   "a row without its household is refused");
}

static void
test_supports(void)
{
	struct kind_row row;
	struct kind_build b;
	Ansinh__V1__Request *req;
	const Ansinh__V1__Support *s;
	const Ansinh__V1__SupportReverse *r;
	uint8_t want[UUID_SIZE];
	char t[UUID_STR_SIZE];

	row_set(&row, &kind_supports, "household=AK-003", "kind=xây nhà mới",
	        "description=Xây nhà mới", "amount_vnd=60 000 000",
	        "given_on=2023-06-01", "org=UBND  tỉnh Thanh Hóa", NULL);
	req = build(&kind_supports, &row, &b);
	ok(req != NULL &&
	       req->body_case == ANSINH__V1__REQUEST__BODY_SUPPORT_CREATE,
	   "a support row makes a "
	   "SupportCreate");
	if (req == NULL)
		return;
	s = req->support_create->support;
	is_int(s->kind, ANSINH__V1__SUPPORT_KIND__SUPPORT_KIND_HOUSE_NEW,
	       "a need kind's Vietnamese word is taken for support");
	ok(s->amount_vnd == 60000000, "60 000 000 is 60000000 VND");
	is_str(s->organization_name, "UBND  tỉnh Thanh Hóa",
	       "the organization by name, as written (the daemon cleans it)");
	ok(s->organization_id.len == 0, "not by id");
	ids_record("support", "AK",
	           "AK-003:house-new:2023-06-01:60000000::"
	           "UBND tỉnh Thanh Hóa:::Xây nhà mới",
	           want);
	ok(memcmp(s->id.data, want, UUID_SIZE) == 0,
	   "the id is derived from "
	   "household, kind, date, amount, fund, organization, member, need "
	   "and description");
	ok(!b.barrier, "an entry that fulfils no need waits for nothing");
	ansinh__v1__request__free_unpacked(req, NULL);

	row_set(&row, &kind_supports, "household=AK-002", "kind=tiền mặt",
	        "description=x", "amount_vnd=0", "fund=poor-fund",
	        "org=0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b",
	        "need=0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2c", NULL);
	req = build(&kind_supports, &row, &b);
	ok(req != NULL, "an entry from a fund and an organization by id, for "
	                "a need");
	if (req != NULL) {
		s = req->support_create->support;
		id_text(s->organization_id.data, s->organization_id.len, t);
		is_str(t, "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b",
		       "an organization given as an id goes by id");
		is_int(s->kind, ANSINH__V1__SUPPORT_KIND__SUPPORT_KIND_CASH,
		       "tiền mặt is cash");
		ok(b.barrier, "an entry that fulfils a need waits for the rows "
		              "before it");
		ansinh__v1__request__free_unpacked(req, NULL);
	}

	row_set(&row, &kind_supports, "household=AK-002", "kind=cash",
	        "description=Tiền", "amount_vnd=-500.000",
	        "given_on=2023-01-25", "fund=gratitude",
	        "reverses=0190A1B2-C3D4-7E5F-8A6B-7C8D9E0F1A2B",
	        "reversal_reason=Nhập nhầm", NULL);
	req = build(&kind_supports, &row, &b);
	ok(req != NULL &&
	       req->body_case == ANSINH__V1__REQUEST__BODY_SUPPORT_REVERSE,
	   "a row with reverses "
	   "makes a SupportReverse");
	if (req != NULL) {
		r = req->support_reverse;
		id_text(r->original_id.data, r->original_id.len, t);
		is_str(t, "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b",
		       "of the entry named");
		is_str(r->reason, "Nhập nhầm", "with its reason");
		is_str(r->date, "2023-01-25", "and date");
		ids_record("support", "AK",
		           "reverses:"
		           "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b",
		           want);
		ok(memcmp(r->id.data, want, UUID_SIZE) == 0,
		   "its id follows the entry it reverses");
		ok(b.barrier, "it waits for the rows before it");
		ansinh__v1__request__free_unpacked(req, NULL);
	}
	row_set(&row, &kind_supports,
	        "reverses=0190a1b2-c3d4-7e5f-8a6b-"
	        "7c8d9e0f1a2b",
	        "reversal_reason=Sai", "amount_vnd=500000", NULL);
	ok(build(&kind_supports, &row, &b) == NULL, "a reversing entry with a "
	                                            "positive amount");
	is_str(b.reason,
	       "amount_vnd: '500000': a reversing entry carries minus "
	       "the amount it reverses (e.g. -500000)",
	       "is refused");
	row_set(&row, &kind_supports,
	        "reverses=0190a1b2-c3d4-7e5f-8a6b-"
	        "7c8d9e0f1a2b",
	        NULL);
	ok(build(&kind_supports, &row, &b) == NULL &&
	       strcmp(b.reason, "reversal_reason: must not be empty") == 0,
	   "a reversing entry needs its reason");
	row_set(&row, &kind_supports,
	        "reverses=0190a1b2-c3d4-7e5f-8a6b-"
	        "7c8d9e0f1a2b",
	        "reversal_reason=Sai",
	        "need=0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2c", NULL);
	ok(build(&kind_supports, &row, &b) == NULL &&
	       strncmp(b.reason, "need: a reversing entry fulfils no need",
	               39) == 0,
	   "and fulfils no need");
	row_set(&row, &kind_supports, "household=AK-002", "kind=cash",
	        "description=x", "amount_vnd=1", "fund=gratitude",
	        "reversal_reason=Sai", NULL);
	ok(build(&kind_supports, &row, &b) == NULL, "a reason without "
	                                            "reverses");
	is_str(b.reason,
	       "reversal_reason: only a reversing entry (with "
	       "reverses) has a reason",
	       "is refused");
	row_set(&row, &kind_supports, "household=AK-002", "kind=cash",
	        "description=x", "amount_vnd=1", NULL);
	ok(build(&kind_supports, &row, &b) == NULL, "an entry from no fund and "
	                                            "no organization");
	is_str(b.reason,
	       "fund: give a fund, a sponsoring organization (org), "
	       "or both",
	       "is refused");
	row_set(&row, &kind_supports, "household=AK-002", "kind=cash",
	        "description=x", "amount_vnd=-1", "fund=gratitude", NULL);
	ok(build(&kind_supports, &row, &b) == NULL &&
	       strncmp(b.reason, "amount_vnd: '-1' is not an amount in VND",
	               40) == 0,
	   "a negative amount outside a reversing entry is refused");
	row_set(&row, &kind_supports, "household=AK-002", "kind=cash",
	        "description=x", "fund=gratitude", NULL);
	ok(build(&kind_supports, &row, &b) == NULL &&
	       strcmp(b.reason, "amount_vnd: must not be empty") == 0,
	   "so is an entry without its amount");
	row_set(&row, &kind_supports, "household=AK-002", "kind=cash",
	        "description=x", "amount_vnd=1", "fund=Quỹ nghèo", NULL);
	ok(build(&kind_supports, &row, &b) == NULL &&
	       strncmp(b.reason, "fund: 'Quỹ nghèo' ", 20) == 0,
	   "and a fund that is not a code");
	row_set(&row, &kind_supports, "household=AK-002", "kind=gạo",
	        "description=x", "amount_vnd=1", "fund=gratitude", NULL);
	ok(build(&kind_supports, &row, &b) == NULL &&
	       strstr(b.reason,
	              "|cash|goods|health-insurance|education|tet-gift") !=
	           NULL,
	   "an unknown kind of support is refused, naming the words");
}

static void
test_assessments(void)
{
	struct kind_row row;
	struct kind_build b;
	Ansinh__V1__Request *req;
	const Ansinh__V1__Assessment *a;
	uint8_t want[UUID_SIZE];

	row_set(&row, &kind_assessments, "household=AK-001", "year=2024",
	        "assessed_on=10/01/2024", "income_vnd=1,850,000",
	        "health-insurance=1", "housing-area=x", "water=có",
	        "latrine=yes", "employment=0", "dependants=không",
	        "reviewer=Trần Văn Rà", NULL);
	req = build(&kind_assessments, &row, &b);
	ok(req != NULL &&
	       req->body_case == ANSINH__V1__REQUEST__BODY_ASSESSMENT_CREATE,
	   "an assessment row "
	   "makes an AssessmentCreate");
	if (req == NULL)
		return;
	a = req->assessment_create->assessment;
	ok(a->year == 2024 && strcmp(a->assessed_on, "2024-01-10") == 0 &&
	       a->income_vnd == 1850000,
	   "year, date and income");
	is_int(a->area, ANSINH__V1__AREA__AREA_URBAN, "no area: urban");
	ok(a->deprived != NULL && a->deprived->health_insurance &&
	       a->deprived->housing_area && a->deprived->water &&
	       a->deprived->latrine && !a->deprived->employment &&
	       !a->deprived->dependants && !a->deprived->nutrition,
	   "1, x, có and yes are deprived; 0, không and empty are not");
	ids_record("assessment", "AK", "AK-001:2024", want);
	ok(memcmp(a->id.data, want, UUID_SIZE) == 0,
	   "the id is derived from ward, household and year");
	ansinh__v1__request__free_unpacked(req, NULL);

	row_set(&row, &kind_assessments, "household=AK-001", "year=2024",
	        "assessed_on=2024-01-10", "income_vnd=0", "area=nông thôn",
	        NULL);
	req = build(&kind_assessments, &row, &b);
	ok(req != NULL &&
	       req->assessment_create->assessment->area ==
	           ANSINH__V1__AREA__AREA_RURAL &&
	       req->assessment_create->assessment->income_vnd == 0,
	   "nông thôn is rural; an income of 0 is one");
	if (req != NULL)
		ansinh__v1__request__free_unpacked(req, NULL);

	row_set(&row, &kind_assessments, "household=AK-001", "year=2024",
	        "assessed_on=2022-12-31", "income_vnd=1", NULL);
	ok(build(&kind_assessments, &row, &b) == NULL, "a date two years off");
	is_str(b.reason,
	       "assessed_on: '2022-12-31' must be in the review year "
	       "2024, the year before or the year after",
	       "is refused");
	row_set(&row, &kind_assessments, "household=AK-001", "year=2005",
	        "income_vnd=1", NULL);
	ok(build(&kind_assessments, &row, &b) == NULL, "no date, for a year "
	                                               "long past");
	is_str(b.reason,
	       "assessed_on: is required: today is more than a year "
	       "from review year 2005",
	       "is refused: the day of the import would "
	       "not do");
	row_set(&row, &kind_assessments, "household=AK-001", "year=24",
	        "assessed_on=2024-01-10", "income_vnd=1", NULL);
	ok(build(&kind_assessments, &row, &b) == NULL &&
	       strcmp(b.reason, "year: must be a year from 2000 to 2100") == 0,
	   "a year out of range is refused");
	row_set(&row, &kind_assessments, "household=AK-001",
	        "assessed_on=2024-01-10", "income_vnd=1", NULL);
	ok(build(&kind_assessments, &row, &b) == NULL &&
	       strcmp(b.reason, "year: must not be empty") == 0,
	   "so is a row without its year");
	row_set(&row, &kind_assessments, "household=AK-001", "year=2024",
	        "assessed_on=2024-01-10", "income_vnd=1", "water=maybe", NULL);
	ok(build(&kind_assessments, &row, &b) == NULL &&
	       strcmp(b.reason, "water: 'maybe' is not yes or no") == 0,
	   "an indicator that is not yes or no is refused");
	row_set(&row, &kind_assessments, "household=AK-001", "year=2024",
	        "assessed_on=2024-01-10", "income_vnd=1", "area=suburb", NULL);
	ok(build(&kind_assessments, &row, &b) == NULL &&
	       strcmp(b.reason, "area: 'suburb' is not one of urban|rural (in "
	                        "Vietnamese: thành thị|đô thị|nông thôn)") == 0,
	   "an unknown area is refused");
}

static void
test_amounts(void)
{
	static const struct {
		const char *text;
		bool negative;
		bool accepted;
		long long value;
	} cases[] = {
	    {"60000000", false, true, 60000000},
	    {"60.000.000", false, true, 60000000},
	    {"60,000,000", false, true, 60000000},
	    {"60_000_000", false, true, 60000000},
	    {"60 000 000", false, true, 60000000},
	    {"1000000000000", false, true, 1000000000000LL},
	    {"1000000000001", false, false, 0},
	    {"60.000,000", false, false, 0},
	    {"6,0000", false, false, 0},
	    {"-60.000.000", false, false, 0},
	    {"-60.000.000", true, true, -60000000},
	    {"0", true, true, 0},
	    {"60000000", true, false, 0},
	};
	struct kind_row row;
	struct kind_build b;
	int64_t v;
	size_t i;
	bool given, accepted;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char set[64];

		snprintf(set, sizeof set, "amount_vnd=%s", cases[i].text);
		row_set(&row, &kind_supports, set, NULL);
		memset(&b, 0, sizeof b);
		accepted = kind_vnd(&b, &row,
		                    kind_column(&kind_supports, "amount_vnd"),
		                    true, cases[i].negative, &given, &v);
		ok(accepted == cases[i].accepted &&
		       (!accepted || v == cases[i].value),
		   "amount '%s'%s: %s", cases[i].text,
		   cases[i].negative ? " (reversing)" : "",
		   cases[i].accepted ? "taken" : "refused");
	}
}

static void
test_support_order(void)
{
	struct kind_support_key k[6];
	size_t i;
	char order[16];

	memset(k, 0, sizeof k);
	/* In list order: a reversal, a plain entry of KD, an entry for a
	 * need, two plain entries of AK (ids 9 and 3), a reversal. */
	k[0].ward = "AK";
	k[0].id[0] = 5;
	k[0].related = true;
	k[0].pos = 0;
	k[1].ward = "KD";
	k[1].id[0] = 1;
	k[1].related = false;
	k[1].pos = 1;
	k[2].ward = "AK";
	k[2].id[0] = 1;
	k[2].related = true;
	k[2].pos = 2;
	k[3].ward = "AK";
	k[3].id[0] = 9;
	k[3].related = false;
	k[3].pos = 3;
	k[4].ward = "AK";
	k[4].id[0] = 3;
	k[4].related = false;
	k[4].pos = 4;
	k[5].ward = "AK";
	k[5].id[0] = 0;
	k[5].related = true;
	k[5].pos = 5;
	qsort(k, 6, sizeof k[0], kind_support_cmp);
	for (i = 0; i < 6; i++)
		order[i] = (char)('0' + k[i].pos);
	order[6] = '\0';
	is_str(order, "431025",
	       "a day's entries: the plain ones by ward and "
	       "id, then the others as they were recorded");
}

/* ---------------------------------------------------------------- helpers */

static void
row_set(struct kind_row *row, const struct kind *k, ...)
{
	static char store[RECORD_MAX_FIELDS][256];
	char name[64];
	const char *pair;
	va_list ap;
	size_t len;
	int col;

	memset(row, 0, sizeof *row);
	row->line = 2;
	row->ward = "AK";
	row->id_col = kind_column(k, "id");
	for (col = 0; !record_field_end(&k->record->fields[col]); col++)
		row->header[col] = k->record->fields[col].column;
	va_start(ap, k);
	while ((pair = va_arg(ap, const char *)) != NULL) {
		len = strcspn(pair, "=");
		snprintf(name, sizeof name, "%.*s", (int)len, pair);
		col = kind_column(k, name);
		if (col < 0) {
			diag("no column %s", name);
			abort();
		}
		snprintf(store[col], sizeof store[col], "%s", pair + len + 1);
		row->value[col] = store[col];
	}
	va_end(ap);
}

static Ansinh__V1__Request *
build(const struct kind *k, const struct kind_row *row, struct kind_build *b)
{
	Ansinh__V1__Request *req;

	memset(b, 0, sizeof *b);
	if (!kind_build(k, row, b)) {
		free(b->packed);
		return NULL;
	}
	req = ansinh__v1__request__unpack(NULL, b->packed_len, b->packed);
	free(b->packed);
	b->packed = NULL;
	return req;
}

static void
id_text(const uint8_t *id, size_t len, char out[UUID_STR_SIZE])
{
	if (len != UUID_SIZE) {
		out[0] = '\0';
		return;
	}
	uuid_format(id, out);
}
