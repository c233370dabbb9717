/*
 * kind-assessment.c — the assessment's fields (the flags of `ansinh assess
 * add` and the columns of the review's CSV), and a ward's yearly poverty
 * review in CSV: `ansinh import assessments` (also `ansinh assess import`)
 * and `ansinh export assessments`. One row per household: the columns
 * README.md documents under "Assessment CSV columns", each what one
 * AssessmentCreate carries.
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
#include "check.h"
#include "kind.h"
#include "record.h"
#include "rules.h"
#include "uuid.h"

/* Rows per assessment_list page. */
#define KIND_ASSESSMENT_PAGE 1000

/* The indicator columns follow AS_DEPRIVED (the flag that lists them), by
 * position: AS_DEPRIVED + p is indicator p (1..RULE_INDICATORS): the 12
 * of the 2022–2025 standard, then those the 2027–2030 standard adds. */
enum {
	AS_WARD,
	AS_HOUSEHOLD,
	AS_YEAR,
	AS_ASSESSED_ON,
	AS_AREA,
	AS_INCOME,
	AS_DEPRIVED,
	AS_REVIEWER = AS_DEPRIVED + RULE_INDICATORS + 1,
	AS_NOTE,
	AS_ID,
};

static bool kind_assessment_finish(const struct kind_row *row,
                                   struct kind_build *b,
                                   Ansinh__V1__Request *req);
static enum ansinh_exit kind_assessment_export(struct kind_export *x);

/* Indicator p: its column, deprived in it or not. */
#define KIND_INDICATOR(p, field, code, vi)                                     \
	[AS_DEPRIVED + (p)] = {                                                \
	    .path = "assessment.deprived." field,                              \
	    .column = (code),                                                  \
	    .aliases = (vi),                                                   \
	    .type = RECORD_BOOL,                                               \
	    .attrs = RECORD_REQUIRED,                                          \
	    .help = "deprived in it: 1, x or yes; not: 0, no or empty",        \
	}

/* An indicator not every standard counts: its column may be left out. */
#define KIND_INDICATOR_OPT(p, field, code, vi)                                 \
	[AS_DEPRIVED + (p)] = {                                                \
	    .path = "assessment.deprived." field,                              \
	    .column = (code),                                                  \
	    .aliases = (vi),                                                   \
	    .type = RECORD_BOOL,                                               \
	    .help = "deprived in it: 1, x or yes; not: 0, no, empty or no "    \
	            "column (not every standard counts it)",                   \
	}

static const struct record_word kind_assessment_area_words[] = {
    {"thành thị", ANSINH__V1__AREA__AREA_URBAN},
    {"đô thị", ANSINH__V1__AREA__AREA_URBAN},
    {"nông thôn", ANSINH__V1__AREA__AREA_RURAL},
    {NULL, 0},
};

static const struct record_words kind_assessment_area =
    RECORD_WORDS(area, kind_assessment_area_words);

/* The fields of an assessment: the flags of `assess add` and the columns of
 * import and export. The flag --deprived lists the indicators that the
 * file has a column each for. */
static const struct record_field kind_assessment_fields[] = {
    [AS_WARD] = RECORD_FIELD_WARD("assessment.ward_code"),
    [AS_HOUSEHOLD] = RECORD_FIELD_HOUSEHOLD("assessment", "",
                                            "the household, by id or code"),
    [AS_YEAR] = {.path = "assessment.year",
                 .flag = "year",
                 .column = "year",
                 .aliases = "năm|năm rà soát|review_year",
                 .type = RECORD_NUMBER,
                 .attrs = RECORD_REQUIRED,
                 .metavar = "Y",
                 .check = check_year,
                 .help = "review year, 2000 to 2100"},
    [AS_ASSESSED_ON] = {.path = "assessment.assessed_on",
                        .flag = "on",
                        .column = "assessed_on",
                        .aliases = "ngày rà soát|ngày đánh giá|ngày điều tra",
                        .type = RECORD_DATE,
                        .help = "date of the assessment, in the review year, "
                                "the year before or the year after (default: "
                                "today)"},
    [AS_AREA] = {.path = "assessment.area",
                 .flag = "area",
                 .column = "area",
                 .aliases = "khu vực|địa bàn",
                 .type = RECORD_WORD,
                 .deflt = "urban",
                 .words = &kind_assessment_area,
                 .help = "which income line applies"},
    [AS_INCOME] = {.path = "assessment.income_vnd",
                   .flag = "income",
                   .column = "income_vnd",
                   .aliases = "income|thu nhập|thu nhập bình quân|thu nhập "
                              "bình quân đầu người",
                   .type = RECORD_VND,
                   .attrs = RECORD_REQUIRED,
                   .help = "average monthly income per person, VND"},
    [AS_DEPRIVED] = {.path = "assessment.deprived",
                     .flag = "deprived",
                     .type = RECORD_FAMILY,
                     .metavar = "LIST",
                     .deflt = "none",
                     .check = check_deprived,
                     .help = "the indicators the household is deprived in, "
                             "separated by commas, e.g. "
                             "health-insurance,housing-area (see 'ansinh "
                             "standard indicators'); a file has a column "
                             "each"},
    KIND_INDICATOR(1, "employment", "employment", "việc làm"),
    KIND_INDICATOR(2, "dependants", "dependants",
                   "người phụ thuộc|người phụ thuộc trong hộ gia đình"),
    KIND_INDICATOR(3, "nutrition", "nutrition", "dinh dưỡng"),
    KIND_INDICATOR(4, "health_insurance", "health-insurance",
                   "bảo hiểm y tế|bhyt"),
    KIND_INDICATOR(5, "adult_education", "adult-education",
                   "giáo dục người lớn|trình độ giáo dục của người lớn"),
    KIND_INDICATOR(6, "child_schooling", "child-schooling",
                   "trẻ em đi học|tình trạng đi học của trẻ em"),
    KIND_INDICATOR(7, "housing_quality", "housing-quality", "chất lượng nhà ở"),
    KIND_INDICATOR(8, "housing_area", "housing-area",
                   "diện tích nhà ở|diện tích nhà ở bình quân đầu người"),
    KIND_INDICATOR(9, "water", "water", "nước sinh hoạt|nguồn nước sinh hoạt"),
    KIND_INDICATOR(10, "latrine", "latrine", "nhà tiêu|nhà tiêu hợp vệ sinh"),
    KIND_INDICATOR(11, "telecom", "telecom",
                   "viễn thông|sử dụng dịch vụ viễn thông"),
    KIND_INDICATOR_OPT(12, "information_access", "information-access",
                       "tiếp cận thông tin|phương tiện phục vụ tiếp cận "
                       "thông tin"),
    KIND_INDICATOR_OPT(13, "digital_services", "digital-services",
                       "dịch vụ số|sử dụng dịch vụ số"),
    KIND_INDICATOR_OPT(14, "internet_access", "internet-access",
                       "internet|tiếp cận internet"),
    KIND_INDICATOR_OPT(15, "waste_handling", "waste-handling",
                       "rác thải|xử lý rác thải sinh hoạt"),
    [AS_REVIEWER] = {.path = "assessment.reviewer",
                     .flag = "reviewer",
                     .column = "reviewer",
                     .aliases = "người rà soát|cán bộ rà soát",
                     .type = RECORD_TEXT,
                     .metavar = "NAME",
                     .check = check_name,
                     .help = "who assessed the household"},
    [AS_NOTE] = {.path = "assessment.note",
                 .flag = "note",
                 .column = "note",
                 .aliases = "ghi chú",
                 .type = RECORD_NOTE,
                 .metavar = "TEXT",
                 .check = check_note,
                 .help = "free text; line breaks allowed"},
    [AS_ID] = RECORD_FIELD_SELF("assessment.id",
                                "the record's id (written by export; else "
                                "derived from ward, household and year)"),
    RECORD_FIELDS_END,
};

const struct record record_assessment = {
    .name = "assessment",
    .body = ANSINH__V1__REQUEST__BODY_ASSESSMENT_CREATE,
    .fields = kind_assessment_fields,
};

const struct kind kind_assessments = {
    .name = "assessments",
    .summary = "a ward's yearly poverty review, one row per household",
    .record = &record_assessment,
    .finish = kind_assessment_finish,
    .export = kind_assessment_export,
    .year_column = "year",
};

/* The date in the review year, the year before or the year after (or,
 * without one, today must be); urban when no area; the natural key. */
static bool
kind_assessment_finish(const struct kind_row *row, struct kind_build *b,
                       Ansinh__V1__Request *req)
{
	const Ansinh__V1__Assessment *a = req->assessment_create->assessment;
	char today[11], key[64];
	int on_year;

	if (a->assessed_on[0] != '\0') {
		on_year = atoi(a->assessed_on);
		if (on_year < a->year - 1 || on_year > a->year + 1)
			return kind_reject(
			    b, row, AS_ASSESSED_ON,
			    "'%s' must "
			    "be in the review year %d, the year before or the "
			    "year after",
			    a->assessed_on, a->year);
	} else {
		(void)rule_today(today);
		on_year = atoi(today);
		if (on_year < a->year - 1 || on_year > a->year + 1)
			return kind_reject(
			    b, row, AS_ASSESSED_ON,
			    "is required: "
			    "today is more than a year from review year %d",
			    a->year);
	}
	if (a->area == 0)
		record_put_int(req, "assessment.area",
		               ANSINH__V1__AREA__AREA_URBAN);
	/* The indicators are always sent, deprived in none or in some. */
	if (a->deprived == NULL)
		record_put_int(req, "assessment.deprived.employment", 0);
	snprintf(key, sizeof key, "%s:%d", row->value[AS_HOUSEHOLD], a->year);
	return kind_key(&kind_assessments, b, row, req, key);
}

static enum ansinh_exit
kind_assessment_export(struct kind_export *x)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__AssessmentList body = ANSINH__V1__ASSESSMENT_LIST__INIT;
	Ansinh__V1__Response *resp;
	const Ansinh__V1__AssessmentListReply *page;
	const Ansinh__V1__Assessment *a;
	struct kind_values v;
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
			kind_export_values(x, &a->base, &v);
			if (!kind_export_row(x, v.v))
				rc = ANSINH_EXIT_USAGE;
		}
		offset += (uint32_t)page->n_rows;
		more = page->more && page->n_rows > 0;
		ansinh__v1__response__free_unpacked(resp, NULL);
	} while (more && rc == ANSINH_EXIT_OK);
	return rc;
}
