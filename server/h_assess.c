/*
 * h_assess.c — yearly poverty assessments of households, their
 * classification under every standard, and the district's recognition of a
 * review result.
 *
 * The classification is never computed here: it comes from the view
 * ansinh.poverty_classification, so the daemon answers what psql shows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dispatch.h"
#include "poverty.h"
#include "rules.h"
#include "session.h"

/* Columns of ansinh_api.assessment_get/list (the view assessment_row). */
#define AS_COLUMNS                                                             \
	"id, ward_code, household_id, household_code, head_name, year, "       \
	"assessed_on, area, income_vnd, deprivations, reviewer, note, "        \
	"created_at, updated_at, standard_code, standard_scope, "              \
	"income_line_vnd, deprivation_count, classification, status, "         \
	"reason, recognized_standard, recognized_status, recognized_on, "      \
	"recognized_decision"

enum as_col {
	AS_ID,
	AS_WARD,
	AS_HOUSEHOLD_ID,
	AS_HOUSEHOLD_CODE,
	AS_HEAD,
	AS_YEAR,
	AS_ASSESSED_ON,
	AS_AREA,
	AS_INCOME,
	AS_DEPRIVATIONS,
	AS_REVIEWER,
	AS_NOTE,
	AS_CREATED_AT,
	AS_UPDATED_AT,
	AS_STANDARD,
	AS_SCOPE,
	AS_LINE,
	AS_COUNT,
	AS_CLASS,
	AS_STATUS,
	AS_REASON,
	AS_REC_STANDARD,
	AS_REC_STATUS,
	AS_REC_ON,
	AS_REC_DECISION,
};

/* The storage behind one assessment built from a row. */
struct as_slot {
	Ansinh__V1__Assessment a;
	Ansinh__V1__Deprivations d;
	Ansinh__V1__Classification c;
	uint8_t id[UUID_SIZE];
	uint8_t hid[UUID_SIZE];
};

static void as_check_assessment(struct violations *v,
                                const Ansinh__V1__Assessment *a);
static void as_deprived_param(const Ansinh__V1__Deprivations *d, char *buf,
                              size_t size);
static void as_fill(struct as_slot *slot, const PGresult *res, int row);
static bool as_fill_class(Ansinh__V1__Classification *c, const PGresult *res,
                          int row);
static void as_get_done(struct db_job *job, const PGresult *res,
                        const struct db_error *err, void *arg);
static void as_list_done(struct db_job *job, const PGresult *res,
                         const struct db_error *err, void *arg);

static void
as_check_assessment(struct violations *v, const Ansinh__V1__Assessment *a)
{
	const char *why = NULL;

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
	pov_check_text(v, "assessment.reviewer", a->reviewer, RULE_NAME_MAX,
	               false);
	pov_check_text(v, "assessment.note", a->note, RULE_NOTE_MAX, true);
}

/* "{health-insurance,water}": the indicator codes as a text[] literal. */
static void
as_deprived_param(const Ansinh__V1__Deprivations *d, char *buf, size_t size)
{
	Ansinh__V1__Deprivations copy = ANSINH__V1__DEPRIVATIONS__INIT;
	size_t len = 0;

	if (d != NULL)
		copy = *d;
	len += (size_t)snprintf(buf, size, "{");
	for (int p = 1; p <= RULE_INDICATORS; p++) {
		if (!*rule_deprivation_flag(&copy, p))
			continue;
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
		                        len > 1 ? "," : "", names_indicator(p));
	}
	snprintf(buf + len, size - len, "}");
}

void
h_assessment_create(struct request *req, const Ansinh__V1__AssessmentCreate *m)
{
	const Ansinh__V1__Assessment *a = m->assessment;
	struct violations v = {0};
	const char *ward;
	char deprived[512];

	if (!request_may_write(req))
		return;
	if (a == NULL) {
		viol_add(&v, "assessment", "is required");
		request_invalid(req, &v);
		return;
	}
	as_check_assessment(&v, a);
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, a->ward_code, a->household_id.len == 0, &ward))
		return;
	as_deprived_param(a->deprived, deprived, sizeof deprived);

	struct db_job *job = db_job_new(
	    DB_WRITE,
	    "SELECT code, message, id, ward_code, replayed FROM "
	    "ansinh_api.assessment_create($1::uuid, $2::uuid, $3, $4::uuid, "
	    "$5, $6::int, $7::date, $8, $9::bigint, $10::text[], $11, $12)",
	    request_write_done, req);
	db_job_param(job, req->request_id);
	request_param_id(job, a->id);
	db_job_param(job, request_opt(ward));
	request_param_household(job, a->household_id, a->household_code);
	db_job_param_int(job, a->year);
	db_job_param(job, request_opt(a->assessed_on));
	db_job_param(job, names_area((int)a->area));
	db_job_param_int(job, a->income_vnd);
	db_job_param(job, deprived);
	db_job_param(job, request_opt(a->reviewer));
	db_job_param(job, request_opt(a->note));
	request_submit(req, job);
}

void
h_assessment_get(struct request *req, const Ansinh__V1__AssessmentGet *m)
{
	struct violations v = {0};
	const char *why = NULL;
	const char *ward;

	request_check_household(&v, "", m->household_id, m->household_code,
	                        true);
	if (m->year != 0)
		viol_check(&v, rule_year(m->year, &why), "year", why);
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, m->ward_code, m->household_id.len == 0, &ward))
		return;
	struct db_job *job = db_job_new(DB_READ,
	                                "SELECT " AS_COLUMNS
	                                " FROM ansinh_api.assessment_get($1, "
	                                "$2::uuid, $3, $4::int)",
	                                as_get_done, req);
	db_job_param(job, request_opt(ward));
	request_param_household(job, m->household_id, m->household_code);
	db_job_param_int(job, m->year);
	request_submit(req, job);
}

static void
as_get_done(struct db_job *job, const PGresult *res, const struct db_error *err,
            void *arg)
{
	struct request *req = arg;
	(void)job;

	if (err != NULL) {
		request_db_error(req, err);
		return;
	}
	int n = PQntuples(res);
	if (n == 0) {
		request_fail(req, ANSINH__V1__CODE__NOT_FOUND,
		             "no such household, or no assessment of it for "
		             "that year");
		return;
	}
	struct as_slot slot;
	Ansinh__V1__Classification *cs = request_calloc((size_t)n, sizeof *cs);
	Ansinh__V1__Classification **pcs =
	    request_calloc((size_t)n, sizeof *pcs);
	Ansinh__V1__Recognition rec = ANSINH__V1__RECOGNITION__INIT;
	size_t nc = 0;

	as_fill(&slot, res, 0);
	for (int i = 0; i < n; i++) {
		if (as_fill_class(&cs[nc], res, i)) {
			pcs[nc] = &cs[nc];
			nc++;
		}
	}
	Ansinh__V1__AssessmentReply reply = ANSINH__V1__ASSESSMENT_REPLY__INIT;
	reply.assessment = &slot.a;
	reply.n_classifications = nc;
	reply.classifications = pcs;
	if (!PQgetisnull(res, 0, AS_REC_STANDARD)) {
		rec.ward_code = PQgetvalue(res, 0, AS_WARD);
		rec.household_id = slot.a.household_id;
		rec.household_code = slot.a.household_code;
		rec.year = slot.a.year;
		rec.standard_code = PQgetvalue(res, 0, AS_REC_STANDARD);
		rec.status =
		    pov_word(res, 0, AS_REC_STATUS, names_poverty_parse);
		rec.recognized_on = PQgetvalue(res, 0, AS_REC_ON);
		rec.decision = PQgetvalue(res, 0, AS_REC_DECISION);
		reply.recognition = &rec;
	}
	request_reply(req, ANSINH__V1__RESPONSE__BODY_ASSESSMENT, &reply);
	free(cs);
	free(pcs);
}

void
h_assessment_list(struct request *req, const Ansinh__V1__AssessmentList *m)
{
	struct violations v = {0};
	const char *why = NULL;
	const char *ward;
	uint32_t limit = m->limit != 0 ? m->limit : POVERTY_LIST_DEFAULT;

	if (m->year != 0)
		viol_check(&v, rule_year(m->year, &why), "year", why);
	if (m->standard_code[0] != '\0')
		viol_check(&v, rule_standard_code(m->standard_code, &why),
		           "standard_code", why);
	if (m->classification != 0 &&
	    names_class((int)m->classification) == NULL)
		viol_add(&v, "classification", "is not a known classification");
	if (limit > POVERTY_LIST_MAX)
		viol_add(&v, "limit", "must be at most 10000");
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, m->ward_code, false, &ward))
		return;
	struct db_job *job = db_job_new(DB_READ,
	                                "SELECT " AS_COLUMNS
	                                " FROM ansinh_api.assessment_list($1, "
	                                "$2::int, $3, $4, $5::int, $6::int)",
	                                as_list_done, req);
	db_job_param(job, request_opt(ward));
	db_job_param_int(job, m->year);
	db_job_param(job, request_opt(m->standard_code));
	db_job_param(job, m->classification != 0
	                      ? names_class((int)m->classification)
	                      : NULL);
	db_job_param_int(job,
	                 (long long)limit + 1); /* one more: is there more? */
	db_job_param_int(job, m->offset);
	req->limit = limit;
	request_submit(req, job);
}

static void
as_list_done(struct db_job *job, const PGresult *res,
             const struct db_error *err, void *arg)
{
	struct request *req = arg;
	(void)job;

	if (err != NULL) {
		request_db_error(req, err);
		return;
	}
	int n = PQntuples(res);
	bool more = req->limit != 0 && (uint32_t)n > req->limit;
	if (more)
		n = (int)req->limit;
	struct as_slot *slots = request_calloc((size_t)n, sizeof *slots);
	Ansinh__V1__AssessmentRow *rows =
	    request_calloc((size_t)n, sizeof *rows);
	Ansinh__V1__AssessmentRow **prows =
	    request_calloc((size_t)n, sizeof *prows);

	for (int i = 0; i < n; i++) {
		ansinh__v1__assessment_row__init(&rows[i]);
		as_fill(&slots[i], res, i);
		rows[i].assessment = &slots[i].a;
		if (as_fill_class(&slots[i].c, res, i))
			rows[i].classification = &slots[i].c;
		prows[i] = &rows[i];
	}
	Ansinh__V1__AssessmentListReply reply =
	    ANSINH__V1__ASSESSMENT_LIST_REPLY__INIT;
	reply.n_rows = (size_t)n;
	reply.rows = prows;
	reply.more = more;
	request_reply(req, ANSINH__V1__RESPONSE__BODY_ASSESSMENTS, &reply);
	free(slots);
	free(rows);
	free(prows);
}

void
h_recognition_create(struct request *req,
                     const Ansinh__V1__RecognitionCreate *m)
{
	const Ansinh__V1__Recognition *r = m->recognition;
	struct violations v = {0};
	const char *why = NULL;
	const char *ward;

	if (!request_may_write(req))
		return;
	if (req->s->role != ANSINH__V1__ROLE__ROLE_DISTRICT) {
		request_fail(req, ANSINH__V1__CODE__PERMISSION_DENIED,
		             "only a district token may recognize the result "
		             "of a review");
		return;
	}
	if (r == NULL) {
		viol_add(&v, "recognition", "is required");
		request_invalid(req, &v);
		return;
	}
	request_check_id(&v, r->id, "recognition.id", true);
	request_check_household(&v, "recognition", r->household_id,
	                        r->household_code, true);
	viol_check(&v, rule_year(r->year, &why), "recognition.year", why);
	if (r->standard_code[0] != '\0')
		viol_check(&v, rule_standard_code(r->standard_code, &why),
		           "recognition.standard_code", why);
	if (r->recognized_on[0] != '\0')
		viol_check(&v, rule_past_date(r->recognized_on, &why),
		           "recognition.recognized_on", why);
	pov_check_text(&v, "recognition.decision", r->decision, RULE_NAME_MAX,
	               false);
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, r->ward_code, r->household_id.len == 0, &ward))
		return;
	struct db_job *job = db_job_new(
	    DB_WRITE,
	    "SELECT code, message, id, ward_code, replayed FROM "
	    "ansinh_api.recognition_create($1::uuid, $2::uuid, $3, $4::uuid, "
	    "$5, $6::int, $7, $8::date, $9)",
	    request_write_done, req);
	db_job_param(job, req->request_id);
	request_param_id(job, r->id);
	db_job_param(job, request_opt(ward));
	request_param_household(job, r->household_id, r->household_code);
	db_job_param_int(job, r->year);
	db_job_param(job, request_opt(r->standard_code));
	db_job_param(job, request_opt(r->recognized_on));
	db_job_param(job, request_opt(r->decision));
	request_submit(req, job);
}

/* ----------------------------------------------------------- row helpers */

static void
as_fill(struct as_slot *slot, const PGresult *res, int row)
{
	Ansinh__V1__Assessment *a = &slot->a;
	char list[512], *save = NULL, *word;

	ansinh__v1__assessment__init(a);
	ansinh__v1__deprivations__init(&slot->d);
	ansinh__v1__classification__init(&slot->c);
	request_row_uuid(&a->id, slot->id, res, row, AS_ID);
	a->ward_code = PQgetvalue(res, row, AS_WARD);
	request_row_uuid(&a->household_id, slot->hid, res, row,
	                 AS_HOUSEHOLD_ID);
	a->household_code = PQgetvalue(res, row, AS_HOUSEHOLD_CODE);
	a->head_name = PQgetvalue(res, row, AS_HEAD);
	a->year = (int32_t)request_row_int(res, row, AS_YEAR);
	a->assessed_on = PQgetvalue(res, row, AS_ASSESSED_ON);
	a->area = pov_word(res, row, AS_AREA, names_area_parse);
	a->income_vnd = request_row_int(res, row, AS_INCOME);
	a->reviewer = PQgetvalue(res, row, AS_REVIEWER);
	a->note = PQgetvalue(res, row, AS_NOTE);
	a->created_at = PQgetvalue(res, row, AS_CREATED_AT);
	a->updated_at = PQgetvalue(res, row, AS_UPDATED_AT);
	snprintf(list, sizeof list, "%s",
	         PQgetvalue(res, row, AS_DEPRIVATIONS));
	for (word = strtok_r(list, ",", &save); word != NULL;
	     word = strtok_r(NULL, ",", &save)) {
		int *flag = rule_deprivation_flag(&slot->d,
		                                  names_indicator_parse(word));
		if (flag != NULL)
			*flag = 1;
	}
	a->deprived = &slot->d;
}

/* False when the row has no classification (no standard applies). */
static bool
as_fill_class(Ansinh__V1__Classification *c, const PGresult *res, int row)
{
	ansinh__v1__classification__init(c);
	if (PQgetisnull(res, row, AS_STANDARD))
		return false;
	c->standard_code = PQgetvalue(res, row, AS_STANDARD);
	c->scope = pov_word(res, row, AS_SCOPE, names_scope_parse);
	c->classification = pov_word(res, row, AS_CLASS, names_class_parse);
	c->status = pov_word(res, row, AS_STATUS, names_poverty_parse);
	c->income_line_vnd = request_row_int(res, row, AS_LINE);
	c->deprivation_count = (int32_t)request_row_int(res, row, AS_COUNT);
	c->reason = PQgetvalue(res, row, AS_REASON);
	return true;
}
