/*
 * h_employment.c — employment: job weeks (create, list) and employment
 * events (create, list).
 *
 * An event is for a member (person_id; it belongs to the member's ward) or
 * for a named person who is not a member (name, optional citizen ID; it
 * belongs to the ward recording it), and may point to a job week of its own
 * ward.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dispatch.h"
#include "rules.h"
#include "session.h"

#define EMPLOYMENT_LIST_DEFAULT 1000
#define EMPLOYMENT_LIST_MAX     10000

static void em_validate_event(struct violations *v,
                              const Ansinh__V1__JobEvent *e);
static void em_week_list_done(struct db_job *job, const PGresult *res,
                              const struct db_error *err, void *arg);
static void em_event_list_done(struct db_job *job, const PGresult *res,
                               const struct db_error *err, void *arg);

/* ---------------------------------------------------------------- job weeks */

void
h_job_week_create(struct request *req, const Ansinh__V1__JobWeekCreate *m)
{
	const Ansinh__V1__JobWeek *w = m->week;
	struct violations v = {0};
	const char *why = NULL;
	const char *ward;
	char id[UUID_STR_SIZE];

	if (!request_may_write(req))
		return;
	if (w == NULL) {
		viol_add(&v, "job_week", "is required");
		request_invalid(req, &v);
		return;
	}
	if (w->id.len != UUID_SIZE || uuid_is_nil(w->id.data))
		viol_add(&v, "job_week.id", "must be a 16-byte UUID");
	viol_check(&v, rule_text(w->title, RULE_NAME_MAX, true, false, &why),
	           "job_week.title", why);
	viol_check(&v, rule_date(w->starts_on, &why), "job_week.starts_on",
	           why);
	viol_check(&v, rule_date(w->ends_on, &why), "job_week.ends_on", why);
	if (v.n == 0 && strcmp(w->ends_on, w->starts_on) < 0)
		viol_add(&v, "job_week.ends_on",
		         "must not be before starts_on");
	if (w->note[0] != '\0')
		viol_check(&v,
		           rule_text(w->note, RULE_NOTE_MAX, false, true, &why),
		           "job_week.note", why);
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, w->ward_code, true, &ward))
		return;
	uuid_format(w->id.data, id);

	struct db_job *job = db_job_new(
	    DB_WRITE,
	    "SELECT code, message, id, ward_code, replayed FROM "
	    "ansinh_api.job_week_create($1::uuid, $2::uuid, $3, $4, $5::date, "
	    "$6::date, $7)",
	    request_write_done, req);
	db_job_param(job, req->request_id);
	db_job_param(job, id);
	db_job_param(job, ward);
	db_job_param(job, w->title);
	db_job_param(job, w->starts_on);
	db_job_param(job, w->ends_on);
	db_job_param(job, request_opt(w->note));
	request_submit(req, job);
}

void
h_job_week_list(struct request *req, const Ansinh__V1__JobWeekList *m)
{
	struct violations v = {0};
	const char *why = NULL;
	const char *ward;
	uint32_t limit = m->limit != 0 ? m->limit : EMPLOYMENT_LIST_DEFAULT;

	if (m->year != 0)
		viol_check(&v, rule_year(m->year, &why), "year", why);
	if (limit > EMPLOYMENT_LIST_MAX)
		viol_add(&v, "limit", "must be at most 10000");
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, m->ward_code, false, &ward))
		return;
	struct db_job *job =
	    db_job_new(DB_READ,
	               "SELECT id, ward_code, title, starts_on, ends_on, note, "
	               "placements, "
	               "trainings, referrals, labour_exports, created_at "
	               "FROM ansinh_api.job_week_list($1, $2::int, $3::int)",
	               em_week_list_done, req);
	db_job_param(job, request_opt(ward));
	if (m->year != 0)
		db_job_param_int(job, m->year);
	else
		db_job_param(job, NULL);
	db_job_param_int(job, (long long)limit + 1);
	req->limit = limit;
	request_submit(req, job);
}

static void
em_week_list_done(struct db_job *job, const PGresult *res,
                  const struct db_error *err, void *arg)
{
	struct request *req = arg;
	(void)job;

	if (err != NULL) {
		request_db_error(req, err);
		return;
	}
	size_t n = (size_t)PQntuples(res);
	bool more = n > req->limit;
	if (more)
		n = req->limit;
	Ansinh__V1__JobWeek *rows = calloc(n + 1, sizeof *rows);
	Ansinh__V1__JobWeek **ptrs = calloc(n + 1, sizeof *ptrs);
	uint8_t(*ids)[UUID_SIZE] = calloc(n + 1, sizeof *ids);
	if (rows == NULL || ptrs == NULL || ids == NULL)
		abort();
	for (size_t i = 0; i < n; i++) {
		int r = (int)i;
		Ansinh__V1__JobWeek *w = &rows[i];

		ansinh__v1__job_week__init(w);
		if (request_uuid_bytes(PQgetvalue(res, r, 0), ids[i])) {
			w->id.data = ids[i];
			w->id.len = UUID_SIZE;
		}
		w->ward_code = PQgetvalue(res, r, 1);
		w->title = PQgetvalue(res, r, 2);
		w->starts_on = PQgetvalue(res, r, 3);
		w->ends_on = PQgetvalue(res, r, 4);
		w->note = PQgetvalue(res, r, 5);
		w->placements = atoi(PQgetvalue(res, r, 6));
		w->trainings = atoi(PQgetvalue(res, r, 7));
		w->referrals = atoi(PQgetvalue(res, r, 8));
		w->labour_exports = atoi(PQgetvalue(res, r, 9));
		w->created_at = PQgetvalue(res, r, 10);
		ptrs[i] = w;
	}
	Ansinh__V1__JobWeekListReply reply =
	    ANSINH__V1__JOB_WEEK_LIST_REPLY__INIT;
	reply.n_weeks = n;
	reply.weeks = ptrs;
	reply.more = more;
	request_reply(req, ANSINH__V1__RESPONSE__BODY_JOB_WEEKS, &reply);
	free(ids);
	free(ptrs);
	free(rows);
}

/* ---------------------------------------------------------------- events */

static void
em_validate_event(struct violations *v, const Ansinh__V1__JobEvent *e)
{
	const char *why = NULL;

	if (e->id.len != UUID_SIZE || uuid_is_nil(e->id.data))
		viol_add(v, "job_event.id", "must be a 16-byte UUID");
	if (e->kind == 0)
		viol_add(v, "job_event.kind", "is required");
	else if (names_employment_kind((int)e->kind) == NULL)
		viol_add(v, "job_event.kind", "is not a known employment kind");
	if (e->person_id.len != 0) {
		viol_check(v,
		           rule_id(e->person_id.data, e->person_id.len, &why),
		           "job_event.person_id", why);
		if (e->person_name[0] != '\0')
			viol_add(v, "job_event.person_name",
			         "must be empty when person_id names a member");
		if (e->citizen_id[0] != '\0')
			viol_add(
			    v, "job_event.citizen_id",
			    "must be empty for a member (it is recorded on "
			    "the member)");
	} else {
		if (e->person_name[0] == '\0')
			viol_add(v, "job_event.person_name",
			         "is required when no person_id is given");
		else
			viol_check(v,
			           rule_text(e->person_name, RULE_NAME_MAX,
			                     true, false, &why),
			           "job_event.person_name", why);
		if (e->citizen_id[0] != '\0')
			viol_check(v, rule_citizen_id(e->citizen_id, &why),
			           "job_event.citizen_id", why);
	}
	if (e->employer[0] != '\0')
		viol_check(
		    v,
		    rule_text(e->employer, RULE_NAME_MAX, false, false, &why),
		    "job_event.employer", why);
	if (e->trade[0] != '\0')
		viol_check(
		    v, rule_text(e->trade, RULE_NAME_MAX, false, false, &why),
		    "job_event.trade", why);
	viol_check(v, rule_past_date(e->occurred_on, &why),
	           "job_event.occurred_on", why);
	if (e->job_week_id.len != 0)
		viol_check(
		    v, rule_id(e->job_week_id.data, e->job_week_id.len, &why),
		    "job_event.job_week_id", why);
	if (e->note[0] != '\0')
		viol_check(v,
		           rule_text(e->note, RULE_NOTE_MAX, false, true, &why),
		           "job_event.note", why);
}

void
h_job_event_create(struct request *req, const Ansinh__V1__JobEventCreate *m)
{
	const Ansinh__V1__JobEvent *e = m->event;
	struct violations v = {0};
	const char *ward;
	char id[UUID_STR_SIZE];

	if (!request_may_write(req))
		return;
	if (e == NULL) {
		viol_add(&v, "job_event", "is required");
		request_invalid(req, &v);
		return;
	}
	em_validate_event(&v, e);
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	/* A member's event goes to the member's ward; a named person's to the
	 * ward named (a ward token's own). */
	if (!request_ward(req, e->ward_code, e->person_id.len == 0, &ward))
		return;
	uuid_format(e->id.data, id);

	struct db_job *job = db_job_new(
	    DB_WRITE,
	    "SELECT code, message, id, ward_code, replayed FROM "
	    "ansinh_api.job_event_create($1::uuid, $2::uuid, $3, $4, $5::uuid, "
	    "$6, $7, $8, $9, $10::date, $11::uuid, $12)",
	    request_write_done, req);
	db_job_param(job, req->request_id);
	db_job_param(job, id);
	db_job_param(job, request_opt(ward));
	db_job_param(job, names_employment_kind((int)e->kind));
	request_param_id(job, e->person_id);
	db_job_param(job, request_opt(e->person_name));
	db_job_param(job, request_opt(e->citizen_id));
	db_job_param(job, request_opt(e->employer));
	db_job_param(job, request_opt(e->trade));
	db_job_param(job, e->occurred_on);
	request_param_id(job, e->job_week_id);
	db_job_param(job, request_opt(e->note));
	request_submit(req, job);
}

void
h_job_event_list(struct request *req, const Ansinh__V1__JobEventList *m)
{
	struct violations v = {0};
	const char *why = NULL;
	const char *ward;
	uint32_t limit = m->limit != 0 ? m->limit : EMPLOYMENT_LIST_DEFAULT;

	if (m->kind != 0 && names_employment_kind((int)m->kind) == NULL)
		viol_add(&v, "kind", "is not a known employment kind");
	if (m->from_date[0] != '\0')
		viol_check(&v, rule_date(m->from_date, &why), "from_date", why);
	if (m->to_date[0] != '\0')
		viol_check(&v, rule_date(m->to_date, &why), "to_date", why);
	if (v.n == 0 && m->from_date[0] != '\0' && m->to_date[0] != '\0' &&
	    strcmp(m->from_date, m->to_date) > 0)
		viol_add(&v, "to_date", "must not be before from_date");
	if (m->job_week_id.len != 0)
		viol_check(
		    &v, rule_id(m->job_week_id.data, m->job_week_id.len, &why),
		    "job_week_id", why);
	if (limit > EMPLOYMENT_LIST_MAX)
		viol_add(&v, "limit", "must be at most 10000");
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, m->ward_code, false, &ward))
		return;
	struct db_job *job = db_job_new(
	    DB_READ,
	    "SELECT id, ward_code, kind, person_id, full_name, citizen_id, "
	    "household_code, employer, trade, occurred_on, job_week_id, "
	    "job_week_title, note, created_at "
	    "FROM ansinh_api.job_event_list($1, $2, $3::date, $4::date, "
	    "$5::uuid, $6::int)",
	    em_event_list_done, req);
	db_job_param(job, request_opt(ward));
	db_job_param(job,
	             m->kind != 0 ? names_employment_kind((int)m->kind) : NULL);
	db_job_param(job, request_opt(m->from_date));
	db_job_param(job, request_opt(m->to_date));
	request_param_id(job, m->job_week_id);
	db_job_param_int(job, (long long)limit + 1);
	req->limit = limit;
	request_submit(req, job);
}

static void
em_event_list_done(struct db_job *job, const PGresult *res,
                   const struct db_error *err, void *arg)
{
	struct request *req = arg;
	(void)job;

	if (err != NULL) {
		request_db_error(req, err);
		return;
	}
	size_t n = (size_t)PQntuples(res);
	bool more = n > req->limit;
	if (more)
		n = req->limit;
	Ansinh__V1__JobEvent *rows = calloc(n + 1, sizeof *rows);
	Ansinh__V1__JobEvent **ptrs = calloc(n + 1, sizeof *ptrs);
	uint8_t(*ids)[3][UUID_SIZE] = calloc(n + 1, sizeof *ids);
	if (rows == NULL || ptrs == NULL || ids == NULL)
		abort();
	for (size_t i = 0; i < n; i++) {
		int r = (int)i;
		Ansinh__V1__JobEvent *e = &rows[i];

		ansinh__v1__job_event__init(e);
		if (request_uuid_bytes(PQgetvalue(res, r, 0), ids[i][0])) {
			e->id.data = ids[i][0];
			e->id.len = UUID_SIZE;
		}
		e->ward_code = PQgetvalue(res, r, 1);
		int k = names_employment_kind_parse(PQgetvalue(res, r, 2));
		e->kind = k > 0 ? (Ansinh__V1__EmploymentKind)k : 0;
		if (request_uuid_bytes(PQgetvalue(res, r, 3), ids[i][1])) {
			e->person_id.data = ids[i][1];
			e->person_id.len = UUID_SIZE;
		}
		e->person_name = PQgetvalue(res, r, 4);
		e->citizen_id = PQgetvalue(res, r, 5);
		e->household_code = PQgetvalue(res, r, 6);
		e->employer = PQgetvalue(res, r, 7);
		e->trade = PQgetvalue(res, r, 8);
		e->occurred_on = PQgetvalue(res, r, 9);
		if (request_uuid_bytes(PQgetvalue(res, r, 10), ids[i][2])) {
			e->job_week_id.data = ids[i][2];
			e->job_week_id.len = UUID_SIZE;
		}
		e->job_week_title = PQgetvalue(res, r, 11);
		e->note = PQgetvalue(res, r, 12);
		e->created_at = PQgetvalue(res, r, 13);
		ptrs[i] = e;
	}
	Ansinh__V1__JobEventListReply reply =
	    ANSINH__V1__JOB_EVENT_LIST_REPLY__INIT;
	reply.n_events = n;
	reply.events = ptrs;
	reply.more = more;
	request_reply(req, ANSINH__V1__RESPONSE__BODY_JOB_EVENTS, &reply);
	free(ids);
	free(ptrs);
	free(rows);
}
