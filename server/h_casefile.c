/*
 * h_casefile.c — a household's case file: its circumstances and living
 * conditions, its plan of solutions (items with kind and status), its dated
 * notes; and reading it all back with the household's expected-exit entries.
 */
#include <stdlib.h>
#include <string.h>

#include "dispatch.h"
#include "poverty.h"
#include "rules.h"
#include "session.h"

/* Columns of ansinh_api.casefile_get. */
enum cf_col {
	CF_PART,
	CF_ID,
	CF_WARD,
	CF_CODE,
	CF_HEAD,
	CF_YEAR,
	CF_KIND,
	CF_STATUS,
	CF_ON,
	CF_TEXT1,
	CF_TEXT2,
	CF_RECORDED_BY,
	CF_CREATED_AT,
	CF_UPDATED_AT,
};

static void cf_get_done(struct db_job *job, const PGresult *res,
                        const struct db_error *err, void *arg);

void
h_casefile_set(struct request *req, const Ansinh__V1__CasefileSet *m)
{
	struct violations v = {0};
	const char *ward;

	if (!request_may_write(req))
		return;
	request_check_id(&v, m->id, "casefile.id", true);
	request_check_household(&v, "casefile", m->household_id,
	                        m->household_code, true);
	if (m->opt_circumstances_case)
		pov_check_text(&v, "casefile.circumstances", m->circumstances,
		               RULE_NOTE_MAX, true);
	if (m->opt_living_conditions_case)
		pov_check_text(&v, "casefile.living_conditions",
		               m->living_conditions, RULE_NOTE_MAX, true);
	if (!m->opt_circumstances_case && !m->opt_living_conditions_case)
		viol_add(&v, "casefile", "nothing to change");
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, m->ward_code, m->household_id.len == 0, &ward))
		return;
	struct db_job *job = db_job_new(
	    DB_WRITE,
	    "SELECT code, message, id, ward_code, replayed FROM "
	    "ansinh_api.casefile_set($1::uuid, $2::uuid, $3, $4::uuid, $5, $6, "
	    "$7)",
	    request_write_done, req);
	db_job_param(job, req->request_id);
	request_param_id(job, m->id);
	db_job_param(job, request_opt(ward));
	request_param_household(job, m->household_id, m->household_code);
	db_job_param(job, m->opt_circumstances_case ? m->circumstances : NULL);
	db_job_param(job, m->opt_living_conditions_case ? m->living_conditions
	                                                : NULL);
	request_submit(req, job);
}

void
h_plan_item_create(struct request *req, const Ansinh__V1__PlanItemCreate *m)
{
	const Ansinh__V1__PlanItem *p = m->item;
	struct violations v = {0};
	const char *why = NULL;
	const char *ward;

	if (!request_may_write(req))
		return;
	if (p == NULL) {
		viol_add(&v, "plan_item", "is required");
		request_invalid(req, &v);
		return;
	}
	request_check_id(&v, p->id, "plan_item.id", true);
	request_check_household(&v, "plan_item", p->household_id,
	                        p->household_code, true);
	if (names_plan_kind((int)p->kind) == NULL)
		viol_add(&v, "plan_item.kind",
		         "is required: livelihood, "
		         "housing, employment, training, health, education, "
		         "loan, assistance or other");
	viol_check(
	    &v,
	    rule_text(p->description, RULE_PLAN_ITEM_MAX, true, false, &why),
	    "plan_item.description", why);
	if (p->status != 0 && names_plan_status((int)p->status) == NULL)
		viol_add(&v, "plan_item.status", "is not a known plan status");
	if (p->due_on[0] != '\0')
		viol_check(&v, rule_date(p->due_on, &why), "plan_item.due_on",
		           why);
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, p->ward_code, p->household_id.len == 0, &ward))
		return;
	struct db_job *job = db_job_new(
	    DB_WRITE,
	    "SELECT code, message, id, ward_code, replayed FROM "
	    "ansinh_api.plan_item_create($1::uuid, $2::uuid, $3, $4::uuid, $5, "
	    "$6, $7, $8, $9::date)",
	    request_write_done, req);
	db_job_param(job, req->request_id);
	request_param_id(job, p->id);
	db_job_param(job, request_opt(ward));
	request_param_household(job, p->household_id, p->household_code);
	db_job_param(job, names_plan_kind((int)p->kind));
	db_job_param(job, p->description);
	db_job_param(job,
	             p->status != 0 ? names_plan_status((int)p->status) : NULL);
	db_job_param(job, request_opt(p->due_on));
	request_submit(req, job);
}

void
h_plan_item_update(struct request *req, const Ansinh__V1__PlanItemUpdate *m)
{
	struct violations v = {0};
	const char *why = NULL;
	const char *ward;

	if (!request_may_write(req))
		return;
	request_check_id(&v, m->id, "plan_item.id", true);
	if (m->kind != 0 && names_plan_kind((int)m->kind) == NULL)
		viol_add(&v, "plan_item.kind", "is not a known kind");
	if (m->opt_description_case)
		viol_check(&v,
		           rule_text(m->description, RULE_PLAN_ITEM_MAX, true,
		                     false, &why),
		           "plan_item.description", why);
	if (m->status != 0 && names_plan_status((int)m->status) == NULL)
		viol_add(&v, "plan_item.status", "is not a known plan status");
	if (m->opt_due_on_case && m->due_on[0] != '\0')
		viol_check(&v, rule_date(m->due_on, &why), "plan_item.due_on",
		           why);
	if (m->kind == 0 && !m->opt_description_case && m->status == 0 &&
	    !m->opt_due_on_case)
		viol_add(&v, "plan_item", "nothing to change");
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, m->ward_code, false, &ward))
		return;
	struct db_job *job = db_job_new(
	    DB_WRITE,
	    "SELECT code, message, id, ward_code, replayed FROM "
	    "ansinh_api.plan_item_update($1::uuid, $2::uuid, $3, $4, $5, $6, "
	    "$7)",
	    request_write_done, req);
	db_job_param(job, req->request_id);
	request_param_id(job, m->id);
	db_job_param(job, request_opt(ward));
	db_job_param(job, m->kind != 0 ? names_plan_kind((int)m->kind) : NULL);
	db_job_param(job, m->opt_description_case ? m->description : NULL);
	db_job_param(job,
	             m->status != 0 ? names_plan_status((int)m->status) : NULL);
	db_job_param(job, m->opt_due_on_case ? m->due_on : NULL);
	request_submit(req, job);
}

void
h_casefile_note_create(struct request *req,
                       const Ansinh__V1__CasefileNoteCreate *m)
{
	const Ansinh__V1__CasefileNote *n = m->note;
	struct violations v = {0};
	const char *why = NULL;
	const char *ward;

	if (!request_may_write(req))
		return;
	if (n == NULL) {
		viol_add(&v, "note", "is required");
		request_invalid(req, &v);
		return;
	}
	request_check_id(&v, n->id, "note.id", true);
	request_check_household(&v, "note", n->household_id, n->household_code,
	                        true);
	if (n->noted_on[0] != '\0')
		viol_check(&v, rule_past_date(n->noted_on, &why),
		           "note.noted_on", why);
	viol_check(&v, rule_text(n->text, RULE_NOTE_MAX, true, true, &why),
	           "note.text", why);
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, n->ward_code, n->household_id.len == 0, &ward))
		return;
	struct db_job *job = db_job_new(
	    DB_WRITE,
	    "SELECT code, message, id, ward_code, replayed FROM "
	    "ansinh_api.casefile_note_create($1::uuid, $2::uuid, $3, "
	    "$4::uuid, $5, $6::date, $7)",
	    request_write_done, req);
	db_job_param(job, req->request_id);
	request_param_id(job, n->id);
	db_job_param(job, request_opt(ward));
	request_param_household(job, n->household_id, n->household_code);
	db_job_param(job, request_opt(n->noted_on));
	db_job_param(job, n->text);
	request_submit(req, job);
}

void
h_casefile_get(struct request *req, const Ansinh__V1__CasefileGet *m)
{
	struct violations v = {0};
	const char *ward;

	request_check_household(&v, "", m->household_id, m->household_code,
	                        true);
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, m->ward_code, m->household_id.len == 0, &ward))
		return;
	struct db_job *job = db_job_new(
	    DB_READ,
	    "SELECT part, id, ward_code, code, head_name, year, kind, status, "
	    "on_date, text1, text2, recorded_by, created_at, updated_at "
	    "FROM ansinh_api.casefile_get($1, $2::uuid, $3)",
	    cf_get_done, req);
	db_job_param(job, request_opt(ward));
	request_param_household(job, m->household_id, m->household_code);
	request_submit(req, job);
}

static void
cf_get_done(struct db_job *job, const PGresult *res, const struct db_error *err,
            void *arg)
{
	struct request *req = arg;
	(void)job;

	if (err != NULL) {
		request_db_error(req, err);
		return;
	}
	int n = PQntuples(res);
	if (n == 0 || strcmp(PQgetvalue(res, 0, CF_PART), "household") != 0) {
		request_fail(req, ANSINH__V1__CODE__NOT_FOUND,
		             "no such household");
		return;
	}
	Ansinh__V1__Household h = ANSINH__V1__HOUSEHOLD__INIT;
	uint8_t(*ids)[UUID_SIZE] = request_calloc((size_t)n, sizeof *ids);
	Ansinh__V1__ExpectedExit *ex = request_calloc((size_t)n, sizeof *ex);
	Ansinh__V1__ExpectedExit **pex = request_calloc((size_t)n, sizeof *pex);
	Ansinh__V1__PlanItem *plan = request_calloc((size_t)n, sizeof *plan);
	Ansinh__V1__PlanItem **pplan = request_calloc((size_t)n, sizeof *pplan);
	Ansinh__V1__CasefileNote *notes =
	    request_calloc((size_t)n, sizeof *notes);
	Ansinh__V1__CasefileNote **pnotes =
	    request_calloc((size_t)n, sizeof *pnotes);
	Ansinh__V1__CasefileReply reply = ANSINH__V1__CASEFILE_REPLY__INIT;
	size_t nex = 0, nplan = 0, nnotes = 0;

	request_row_uuid(&h.id, ids[0], res, 0, CF_ID);
	h.ward_code = PQgetvalue(res, 0, CF_WARD);
	h.code = PQgetvalue(res, 0, CF_CODE);
	h.head_name = PQgetvalue(res, 0, CF_HEAD);
	h.status = pov_word(res, 0, CF_STATUS, names_poverty_parse);
	reply.household = &h;
	reply.circumstances = PQgetvalue(res, 0, CF_TEXT1);
	reply.living_conditions = PQgetvalue(res, 0, CF_TEXT2);
	reply.updated_at = PQgetvalue(res, 0, CF_UPDATED_AT);
	for (int i = 1; i < n; i++) {
		const char *part = PQgetvalue(res, i, CF_PART);

		if (strcmp(part, "expected") == 0) {
			Ansinh__V1__ExpectedExit *e = &ex[nex];
			ansinh__v1__expected_exit__init(e);
			request_row_uuid(&e->id, ids[i], res, i, CF_ID);
			e->year = (int32_t)request_row_int(res, i, CF_YEAR);
			e->withdrawn = strcmp(PQgetvalue(res, i, CF_STATUS),
			                      "withdrawn") == 0;
			e->note = PQgetvalue(res, i, CF_TEXT1);
			pex[nex++] = e;
		} else if (strcmp(part, "plan") == 0) {
			Ansinh__V1__PlanItem *p = &plan[nplan];
			ansinh__v1__plan_item__init(p);
			request_row_uuid(&p->id, ids[i], res, i, CF_ID);
			p->ward_code = h.ward_code;
			p->household_id = h.id;
			p->household_code = h.code;
			p->kind =
			    pov_word(res, i, CF_KIND, names_plan_kind_parse);
			p->status = pov_word(res, i, CF_STATUS,
			                     names_plan_status_parse);
			p->due_on = PQgetvalue(res, i, CF_ON);
			p->description = PQgetvalue(res, i, CF_TEXT1);
			p->created_at = PQgetvalue(res, i, CF_CREATED_AT);
			p->updated_at = PQgetvalue(res, i, CF_UPDATED_AT);
			pplan[nplan++] = p;
		} else if (strcmp(part, "note") == 0) {
			Ansinh__V1__CasefileNote *t = &notes[nnotes];
			ansinh__v1__casefile_note__init(t);
			request_row_uuid(&t->id, ids[i], res, i, CF_ID);
			t->ward_code = h.ward_code;
			t->household_id = h.id;
			t->household_code = h.code;
			t->noted_on = PQgetvalue(res, i, CF_ON);
			t->text = PQgetvalue(res, i, CF_TEXT1);
			t->recorded_by = PQgetvalue(res, i, CF_RECORDED_BY);
			t->created_at = PQgetvalue(res, i, CF_CREATED_AT);
			pnotes[nnotes++] = t;
		}
	}
	reply.n_expected_exits = nex;
	reply.expected_exits = pex;
	reply.n_plan = nplan;
	reply.plan = pplan;
	reply.n_notes = nnotes;
	reply.notes = pnotes;
	request_reply(req, ANSINH__V1__RESPONSE__BODY_CASEFILE, &reply);
	free(ids);
	free(ex);
	free(pex);
	free(plan);
	free(pplan);
	free(notes);
	free(pnotes);
}
