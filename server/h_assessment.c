/*
 * h_assessment.c — yearly poverty assessments of households, their
 * classification under every standard, and the district's recognition of a
 * review result, and how far a year's review has come (review status).
 *
 * The classification is never computed here: it comes from the view
 * ansinh.poverty_classification, so the daemon answers what psql shows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "op.h"
#include "rules.h"

static bool as_deprived_text(const void *body, char *buf, size_t size);
static bool as_fill_deprived(struct op_call *c, void *msg, const char *text);
static void as_check_create(struct op_call *c, const void *body,
                            struct violations *v);
static void as_check_get(struct op_call *c, const void *body,
                         struct violations *v);
static void as_check_list(struct op_call *c, const void *body,
                          struct violations *v);
static void as_check_recognition(struct op_call *c, const void *body,
                                 struct violations *v);
static void as_get_done(struct op_call *c, const PGresult *res);
static void as_check_review(struct op_call *c, const void *body,
                            struct violations *v);

/* ansinh_api.review_status: how far a year's review has come, per ward. */
static const struct op_col as_review_cols[] = {
    OP_COLS_REST,
    OP_END,
};

static const struct op_arg as_review_args[] = {
    OP_ARG("year", "year"),
    OP_END,
};

/* ansinh_api.assessment_get/list (assessment_row): the assessment, ... */
static const struct op_col as_cols[] = {
    OP_COLS_REST,
    {"deprivations", "deprived", .fill = as_fill_deprived},
    OP_END,
};

/* ... one classification per row (NULL when no standard applies) ... */
static const struct op_col as_class_cols[] = {
    OP_COLS_REST,
    OP_COL_AS("standard_scope", "scope"),
    OP_END,
};

/* ... and the year's recognition, on every row. */
static const struct op_col as_recognition_cols[] = {
    OP_COLS_REST_BUT("id"),
    OP_COL_AS("recognized_standard", "standard_code"),
    OP_COL_AS("recognized_status", "status"),
    OP_COL_AS("recognized_decision", "decision"),
    OP_END,
};

static const struct op_map as_get_maps[] = {
    {"classifications", as_class_cols},
    {"recognition", as_recognition_cols},
    {NULL, NULL},
};

/* One AssessmentRow a row: the assessment under one standard. */
static const struct op_col as_row_cols[] = {
    {"id", "assessment", .map = as_cols},
    {"standard_code", "classification", .flags = OP_COL_PRESENT,
     .map = as_class_cols},
    OP_END,
};

static const struct op_arg as_create_args[] = {
    OP_ARG("id", "assessment.id"),
    OP_ARG("household_id", "assessment.household_id"),
    {"household_code", "assessment.household_code",
     .unless = "assessment.household_id"},
    OP_ARG("year", "assessment.year"),
    OP_ARG("assessed_on", "assessment.assessed_on"),
    OP_ARG("area", "assessment.area"),
    OP_ARG("income_vnd", "assessment.income_vnd"),
    {"deprived", .text = as_deprived_text},
    OP_ARG("reviewer", "assessment.reviewer"),
    OP_ARG("note", "assessment.note"),
    OP_END,
};

/* Year 0: the latest. */
static const struct op_arg as_get_args[] = {
    OP_ARG("household_id", "household_id"),
    {"household_code", "household_code", .unless = "household_id"},
    OP_ARG("year", "year"),
    OP_END,
};

static const struct op_arg as_list_args[] = {
    OP_ARG("year", "year"),
    OP_ARG("standard_code", "standard_code"),
    OP_ARG("classification", "classification"),
    OP_END,
};

static const struct op_arg as_recognition_args[] = {
    OP_ARG("id", "recognition.id"),
    OP_ARG("household_id", "recognition.household_id"),
    {"household_code", "recognition.household_code",
     .unless = "recognition.household_id"},
    OP_ARG("year", "recognition.year"),
    OP_ARG("standard_code", "recognition.standard_code"),
    OP_ARG("recognized_on", "recognition.recognized_on"),
    OP_ARG("decision", "recognition.decision"),
    OP_END,
};

const struct op_entry h_assessment_ops[] = {
    {
        .body = ANSINH__V1__REQUEST__BODY_ASSESSMENT_CREATE,
        OP_WRITE_WARDS,
        .ward = OP_WARD_BY_CODE,
        .ward_field = "assessment.ward_code",
        .ward_unless = "assessment.household_id",
        .needs = "assessment",
        .check = as_check_create,
        .function = "ansinh_api.assessment_create",
        .args = as_create_args,
        .reply = ANSINH__V1__RESPONSE__BODY_WRITE,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_ASSESSMENT_GET,
        .kind = OP_READ,
        .roles = OP_ROLES_ALL,
        .ward = OP_WARD_BY_CODE,
        .ward_field = "ward_code",
        .ward_unless = "household_id",
        .check = as_check_get,
        .function = "ansinh_api.assessment_get",
        .args = as_get_args,
        .reply = ANSINH__V1__RESPONSE__BODY_ASSESSMENT,
        .rows = "assessment",
        .cols = as_cols,
        .also = as_get_maps,
        .done = as_get_done,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_ASSESSMENT_LIST,
        OP_READ_WARDS,
        .check = as_check_list,
        .function = "ansinh_api.assessment_list",
        .args = as_list_args,
        .limit = OP_LIST_DEFAULT,
        .reply = ANSINH__V1__RESPONSE__BODY_ASSESSMENTS,
        .rows = "rows",
        .cols = as_row_cols,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_RECOGNITION_CREATE,
        .kind = OP_WRITE,
        .roles = OP_ROLE_DISTRICT,
        .denied = "only a district token may recognize the result of a "
                  "review",
        .ward = OP_WARD_BY_CODE,
        .ward_field = "recognition.ward_code",
        .ward_unless = "recognition.household_id",
        .needs = "recognition",
        .check = as_check_recognition,
        .function = "ansinh_api.recognition_create",
        .args = as_recognition_args,
        .reply = ANSINH__V1__RESPONSE__BODY_WRITE,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_REVIEW_STATUS,
        OP_READ_WARDS,
        .check = as_check_review,
        .function = "ansinh_api.review_status",
        .args = as_review_args,
        .reply = ANSINH__V1__RESPONSE__BODY_REVIEW_STATUS,
        .rows = "rows",
        .cols = as_review_cols,
    },
    OP_END,
};

/* ---------------------------------------------------------------- values */

/* "{health-insurance,water}": the indicator codes as a text[] literal. */
static bool
as_deprived_text(const void *body, char *buf, size_t size)
{
	const Ansinh__V1__Assessment *a =
	    ((const Ansinh__V1__AssessmentCreate *)body)->assessment;
	Ansinh__V1__Deprivations copy = ANSINH__V1__DEPRIVATIONS__INIT;
	size_t len = 0;

	if (a->deprived != NULL)
		copy = *a->deprived;
	len += (size_t)snprintf(buf, size, "{");
	for (int p = 1; p <= RULE_INDICATORS; p++) {
		if (!*rule_deprivation_flag(&copy, p))
			continue;
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
		                        len > 1 ? "," : "", names_indicator(p));
	}
	snprintf(buf + len, size - len, "}");
	return true;
}

/* The comma-separated indicator codes of a row as the Deprivations flags. */
static bool
as_fill_deprived(struct op_call *c, void *msg, const char *text)
{
	Ansinh__V1__Assessment *a = msg;
	char list[512], *save = NULL, *word;

	a->deprived = op_new(c, &ansinh__v1__deprivations__descriptor);
	snprintf(list, sizeof list, "%s", text);
	for (word = strtok_r(list, ",", &save); word != NULL;
	     word = strtok_r(NULL, ",", &save)) {
		int *flag = rule_deprivation_flag(a->deprived,
		                                  names_indicator_parse(word));
		if (flag != NULL)
			*flag = 1;
	}
	return true;
}

/* ---------------------------------------------------------------- checks */

static void
as_check_create(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__Assessment *a =
	    ((const Ansinh__V1__AssessmentCreate *)body)->assessment;
	const char *why = NULL;
	(void)c;

	request_check_id(v, a->id, "assessment.id", true);
	request_check_household(v, "assessment", a->household_id,
	                        a->household_code, true);
	viol_check(v, rule_year(a->year, &why), "assessment.year", why);
	if (a->assessed_on[0] != '\0') {
		if (!rule_past_date(a->assessed_on, &why)) {
			viol_add(v, "assessment.assessed_on", why);
		} else if (rule_year(a->year, NULL)) {
			int y = atoi(a->assessed_on);

			if (y < a->year - 1 || y > a->year + 1)
				viol_add(v, "assessment.assessed_on",
				         "must be in the review year, the year "
				         "before or the year after");
		}
	}
	if (names_area((int)a->area) == NULL)
		viol_add(v, "assessment.area", "is required: urban or rural");
	viol_check(v, rule_vnd(a->income_vnd, &why), "assessment.income_vnd",
	           why);
	request_check_text(v, "assessment.reviewer", a->reviewer, RULE_NAME_MAX,
	                   false);
	request_check_text(v, "assessment.note", a->note, RULE_NOTE_MAX, true);
}

static void
as_check_get(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__AssessmentGet *m = body;
	const char *why = NULL;
	(void)c;

	request_check_household(v, "", m->household_id, m->household_code,
	                        true);
	if (m->year != 0)
		viol_check(v, rule_year(m->year, &why), "year", why);
}

static void
as_check_list(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__AssessmentList *m = body;
	const char *why = NULL;
	(void)c;

	if (m->year != 0)
		viol_check(v, rule_year(m->year, &why), "year", why);
	if (m->standard_code[0] != '\0')
		viol_check(v, rule_standard_code(m->standard_code, &why),
		           "standard_code", why);
	if (m->classification != 0 &&
	    names_class((int)m->classification) == NULL)
		viol_add(v, "classification", "is not a known classification");
}

static void
as_check_recognition(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__Recognition *r =
	    ((const Ansinh__V1__RecognitionCreate *)body)->recognition;
	const char *why = NULL;
	(void)c;

	request_check_id(v, r->id, "recognition.id", true);
	request_check_household(v, "recognition", r->household_id,
	                        r->household_code, true);
	viol_check(v, rule_year(r->year, &why), "recognition.year", why);
	if (r->standard_code[0] != '\0')
		viol_check(v, rule_standard_code(r->standard_code, &why),
		           "recognition.standard_code", why);
	if (r->recognized_on[0] != '\0')
		viol_check(v, rule_past_date(r->recognized_on, &why),
		           "recognition.recognized_on", why);
	request_check_text(v, "recognition.decision", r->decision,
	                   RULE_NAME_MAX, false);
}

/* ---------------------------------------------------------------- replies */

/* The assessment (every row repeats it), its classification under each
 * standard (one a row), and its recognition, if any. */
static void
as_get_done(struct op_call *c, const PGresult *res)
{
	int n = PQntuples(res);

	if (n == 0) {
		op_fail(c, ANSINH__V1__CODE__NOT_FOUND,
		        "no such household, or no assessment of it for that "
		        "year");
		return;
	}
	Ansinh__V1__AssessmentReply *reply =
	    op_new(c, &ansinh__v1__assessment_reply__descriptor);
	reply->assessment = op_new(c, &ansinh__v1__assessment__descriptor);
	reply->classifications =
	    op_alloc(c, (size_t)n * sizeof *reply->classifications);
	bool ok = op_fill(c, reply->assessment, as_cols, NULL, res, 0);
	for (int i = 0; ok && i < n; i++) {
		if (op_null(c, res, i, "standard_code"))
			continue;
		Ansinh__V1__Classification *k =
		    op_new(c, &ansinh__v1__classification__descriptor);
		ok = op_fill(c, k, as_class_cols, NULL, res, i);
		reply->classifications[reply->n_classifications++] = k;
	}
	if (ok && !op_null(c, res, 0, "recognized_standard")) {
		reply->recognition =
		    op_new(c, &ansinh__v1__recognition__descriptor);
		ok = op_fill(c, reply->recognition, as_recognition_cols, NULL,
		             res, 0);
	}
	if (!ok) {
		op_fail(c, ANSINH__V1__CODE__INTERNAL,
		        "unexpected reply from the database");
		return;
	}
	op_reply(c, reply);
}

static void
as_check_review(struct op_call *c, const void *body, struct violations *v)
{
	const char *why = NULL;
	(void)c;

	viol_check(
	    v, rule_year(((const Ansinh__V1__ReviewStatus *)body)->year, &why),
	    "year", why);
}
