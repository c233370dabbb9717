/*
 * kind-assessment.c — a ward's yearly poverty review in CSV: `ansinh import
 * assessments` (also `ansinh assess import`) and `ansinh export
 * assessments`. One row per household: the columns README.md documents
 * under "Assessment CSV columns", each what one AssessmentCreate carries.
 *
 * Natural key: the ward, the household code and the review year
 * ("ansinh:assessment:AK:AK-001:2024") — a household has at most one
 * assessment a year. A household already assessed that year under another
 * id (by `assess add`) is refused by the daemon with that assessment's id.
 *
 * Export pages through assessment_list (ward, year, household code), whose
 * rows repeat each assessment once per standard classifying it: each
 * assessment is written once. --year keeps one review year.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "cmd.h"
#include "kind.h"
#include "rules.h"
#include "uuid.h"

/* Rows per assessment_list page. */
#define KIND_ASSESSMENT_PAGE 1000

/* The 12 indicator columns follow AS_INCOME, by position: AS_INCOME + p
 * is indicator p (1..12). */
enum {
	AS_WARD,
	AS_HOUSEHOLD,
	AS_YEAR,
	AS_ASSESSED_ON,
	AS_AREA,
	AS_INCOME,
	AS_REVIEWER = AS_INCOME + RULE_INDICATORS + 1,
	AS_NOTE,
	AS_ID,
};

static bool kind_assessment_build(const struct kind_row *row,
                                  struct kind_build *b);
static enum ansinh_exit kind_assessment_export(struct kind_export *x);
static bool kind_assessment_write(struct kind_export *x,
                                  const Ansinh__V1__Assessment *a);

#define KIND_INDICATOR(code, aliases)                                          \
	{                                                                      \
		code, aliases, true,                                           \
		    "deprived in it: 1, x or yes; not: 0, no or empty"         \
	}

static const struct kind_column kind_assessment_columns[] = {
    [AS_WARD] = {"ward", "phường|mã phường|ward_code", false,
                 "ward code (default: --ward, or the token's ward)"},
    [AS_HOUSEHOLD] = {"household", "mã hộ|household_code|hộ", true,
                      "the household's code"},
    [AS_YEAR] = {"year", "năm|năm rà soát|review_year", true,
                 "review year, 2000 to 2100"},
    [AS_ASSESSED_ON] =
        {"assessed_on", "ngày rà soát|ngày đánh giá|ngày điều tra", false,
         "date of the assessment, in the review year, the year before or "
         "after (default: the day of the import)"},
    [AS_AREA] = {"area", "khu vực|địa bàn", false,
                 "urban or rural (thành thị, nông thôn); default urban"},
    [AS_INCOME] =
        {"income_vnd",
         "income|thu nhập|thu nhập bình quân|thu nhập bình quân đầu người",
         true, "average monthly income per person, VND"},
    [AS_INCOME + 1] = KIND_INDICATOR("employment", "việc làm"),
    [AS_INCOME + 2] = KIND_INDICATOR(
        "dependants", "người phụ thuộc|người phụ thuộc trong hộ gia đình"),
    [AS_INCOME + 3] = KIND_INDICATOR("nutrition", "dinh dưỡng"),
    [AS_INCOME + 4] = KIND_INDICATOR("health-insurance", "bảo hiểm y tế|bhyt"),
    [AS_INCOME + 5] =
        KIND_INDICATOR("adult-education",
                       "giáo dục người lớn|trình độ giáo dục của người lớn"),
    [AS_INCOME + 6] = KIND_INDICATOR(
        "child-schooling", "trẻ em đi học|tình trạng đi học của trẻ em"),
    [AS_INCOME + 7] = KIND_INDICATOR("housing-quality", "chất lượng nhà ở"),
    [AS_INCOME + 8] = KIND_INDICATOR(
        "housing-area", "diện tích nhà ở|diện tích nhà ở bình quân đầu người"),
    [AS_INCOME + 9] =
        KIND_INDICATOR("water", "nước sinh hoạt|nguồn nước sinh hoạt"),
    [AS_INCOME + 10] =
        KIND_INDICATOR("latrine", "nhà tiêu|nhà tiêu hợp vệ sinh"),
    [AS_INCOME + 11] =
        KIND_INDICATOR("telecom", "viễn thông|sử dụng dịch vụ viễn thông"),
    [AS_INCOME + 12] = KIND_INDICATOR(
        "information-access",
        "tiếp cận thông tin|phương tiện phục vụ tiếp cận thông tin"),
    [AS_REVIEWER] = {"reviewer", "người rà soát|cán bộ rà soát", false,
                     "who assessed the household"},
    [AS_NOTE] = {"note", "ghi chú", false, "free text; line breaks allowed"},
    [AS_ID] = {"id", "", false,
               "the record's id (written by export; else derived from ward, "
               "household and year)"},
    {NULL, NULL, false, NULL},
};

static const struct kind_word kind_assessment_area_words[] = {
    {"thành thị", ANSINH__V1__AREA__AREA_URBAN},
    {"đô thị", ANSINH__V1__AREA__AREA_URBAN},
    {"nông thôn", ANSINH__V1__AREA__AREA_RURAL},
    {NULL, 0},
};

const struct kind kind_assessments = {
    .name = "assessments",
    .record = "assessment",
    .summary = "a ward's yearly poverty review, one row per household",
    .columns = kind_assessment_columns,
    .build = kind_assessment_build,
    .export = kind_assessment_export,
    .year_column = "year",
};

static bool
kind_assessment_build(const struct kind_row *row, struct kind_build *b)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__AssessmentCreate body = ANSINH__V1__ASSESSMENT_CREATE__INIT;
	Ansinh__V1__Assessment a = ANSINH__V1__ASSESSMENT__INIT;
	Ansinh__V1__Deprivations d = ANSINH__V1__DEPRIVATIONS__INIT;
	const char *year_text, *reviewer, *note;
	char on[11], today[11], key[64];
	uint8_t id[UUID_SIZE];
	int64_t income;
	long year;
	int area, p, on_year;
	bool has_income, deprived;

	if (!kind_rule(b, row, AS_HOUSEHOLD, rule_household_code) ||
	    !kind_text(b, row, AS_YEAR, true, 8, &year_text) ||
	    !kind_int(b, row, AS_YEAR, RULE_YEAR_MIN, RULE_YEAR_MAX, &year) ||
	    !kind_date(b, row, AS_ASSESSED_ON, on) ||
	    !kind_word(b, row, AS_AREA, names_area_parse,
	               kind_assessment_area_words, names_area_list(), &area) ||
	    !kind_vnd(b, row, AS_INCOME, true, false, &has_income, &income))
		return false;
	(void)year_text;
	if (on[0] != '\0') {
		on_year = atoi(on);
		if (on_year < year - 1 || on_year > year + 1)
			return kind_reject(
			    b, row, AS_ASSESSED_ON,
			    "'%s' must "
			    "be in the review year %ld, the year before or the "
			    "year after",
			    on, year);
	} else {
		kind_today(today);
		on_year = atoi(today);
		if (on_year < year - 1 || on_year > year + 1)
			return kind_reject(
			    b, row, AS_ASSESSED_ON,
			    "is required: "
			    "today is more than a year from review year %ld",
			    year);
	}
	for (p = 1; p <= RULE_INDICATORS; p++) {
		if (!kind_bool(b, row, AS_INCOME + p, &deprived))
			return false;
		*rule_deprivation_flag(&d, p) = deprived;
	}
	if (!kind_text(b, row, AS_REVIEWER, false, RULE_NAME_MAX, &reviewer) ||
	    !kind_note(b, row, AS_NOTE, RULE_NOTE_MAX, &note))
		return false;
	snprintf(key, sizeof key, "%s:%ld", row->value[AS_HOUSEHOLD], year);
	if (!kind_id(b, row, "assessment", key, id))
		return false;
	a.id.data = id;
	a.id.len = sizeof id;
	a.ward_code = (char *)row->ward;
	a.household_code = (char *)row->value[AS_HOUSEHOLD];
	a.year = (int32_t)year;
	a.assessed_on = on;
	a.area =
	    area != 0 ? (Ansinh__V1__Area)area : ANSINH__V1__AREA__AREA_URBAN;
	a.income_vnd = income;
	a.deprived = &d;
	a.reviewer = (char *)reviewer;
	a.note = (char *)note;
	body.assessment = &a;
	req.body_case = ANSINH__V1__REQUEST__BODY_ASSESSMENT_CREATE;
	req.assessment_create = &body;
	memcpy(b->record_id, id, sizeof id);
	kind_emit(b, &req);
	return true;
}

static enum ansinh_exit
kind_assessment_export(struct kind_export *x)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__AssessmentList body = ANSINH__V1__ASSESSMENT_LIST__INIT;
	Ansinh__V1__Response *resp;
	const Ansinh__V1__AssessmentListReply *page;
	const Ansinh__V1__Assessment *a;
	enum ansinh_exit rc = ANSINH_EXIT_OK;
	uint8_t last[UUID_SIZE];
	uint32_t offset = 0;
	size_t i;
	bool more, have_last = false;

	do {
		body.ward_code = (char *)x->ward;
		body.year = x->year;
		body.limit = KIND_ASSESSMENT_PAGE;
		body.offset = offset;
		req.body_case = ANSINH__V1__REQUEST__BODY_ASSESSMENT_LIST;
		req.assessment_list = &body;
		kind_export_page(x);
		rc =
		    call_request(x->ctx, &req,
		                 ANSINH__V1__RESPONSE__BODY_ASSESSMENTS, &resp);
		if (rc != ANSINH_EXIT_OK)
			return rc;
		page = resp->assessments;
		for (i = 0; i < page->n_rows && rc == ANSINH_EXIT_OK; i++) {
			a = page->rows[i]->assessment;
			if (a == NULL || a->id.len != UUID_SIZE)
				continue;
			/* The rows of one assessment are consecutive, one per
			 * standard, possibly across pages. */
			if (have_last &&
			    memcmp(last, a->id.data, UUID_SIZE) == 0)
				continue;
			memcpy(last, a->id.data, UUID_SIZE);
			have_last = true;
			if (!kind_assessment_write(x, a))
				rc = ANSINH_EXIT_USAGE;
		}
		offset += (uint32_t)page->n_rows;
		more = page->more && page->n_rows > 0;
		ansinh__v1__response__free_unpacked(resp, NULL);
	} while (more && rc == ANSINH_EXIT_OK);
	return rc;
}

static bool
kind_assessment_write(struct kind_export *x, const Ansinh__V1__Assessment *a)
{
	Ansinh__V1__Deprivations d = ANSINH__V1__DEPRIVATIONS__INIT;
	const char *v[AS_ID + 1];
	char year[24], income[24], id[UUID_STR_SIZE];
	int p;

	if (a->deprived != NULL)
		d = *a->deprived;
	v[AS_WARD] = a->ward_code;
	v[AS_HOUSEHOLD] = a->household_code;
	v[AS_YEAR] = kind_number(a->year, year);
	v[AS_ASSESSED_ON] = a->assessed_on;
	v[AS_AREA] = names_area((int)a->area);
	v[AS_INCOME] = kind_vnd_text(a->income_vnd, income);
	for (p = 1; p <= RULE_INDICATORS; p++)
		v[AS_INCOME + p] = kind_yes_no(*rule_deprivation_flag(&d, p));
	v[AS_REVIEWER] = a->reviewer;
	v[AS_NOTE] = a->note;
	v[AS_ID] = kind_id_text(&a->id, id);
	return kind_export_row(x, v);
}
