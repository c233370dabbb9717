/*
 * h_need.c — needs: create, one lifecycle step (verify, approve, reject,
 * withdraw), get with its history, list.
 *
 * Verify, approve and reject belong to the district role: other roles are
 * answered PERMISSION_DENIED here, and ansinh_api.need_transition and the
 * need_guard trigger refuse them again in the database.
 */
#include <stdlib.h>
#include <string.h>

#include "h_ledger.h"
#include "rules.h"
#include "session.h"

/* Columns of ansinh_api.need_get/need_list, in order. */
#define NEED_COLUMNS                                                           \
	"id, ward_code, household_id, household_code, person_id, "             \
	"member_name, "                                                        \
	"kind, description, estimated_vnd, surveyed_on, dialogue_id, status, " \
	"status_on, created_at, updated_at"
#define NEED_NCOLS 15

/* Storage for the ids of one need in a reply. */
struct need_ids {
	uint8_t id[UUID_SIZE];
	uint8_t household[UUID_SIZE];
	uint8_t member[UUID_SIZE];
	uint8_t dialogue[UUID_SIZE];
};

static void nd_fill(Ansinh__V1__Need *n, struct need_ids *ids,
                    const PGresult *res, int row);
static void nd_get_done(struct db_job *job, const PGresult *res,
                        const struct db_error *err, void *arg);
static void nd_list_done(struct db_job *job, const PGresult *res,
                         const struct db_error *err, void *arg);

void
h_need_create(struct request *req, const Ansinh__V1__NeedCreate *m)
{
	const Ansinh__V1__Need *n = m->need;
	struct violations v = {0};
	const char *why = NULL;
	const char *ward;

	if (!request_may_write(req))
		return;
	if (n == NULL) {
		viol_add(&v, "need", "is required");
		request_invalid(req, &v);
		return;
	}
	request_check_id(&v, n->id, "need.id", true);
	request_check_household(&v, "need", n->household_id, n->household_code,
	                        true);
	request_check_id(&v, n->member_id, "need.member_id", false);
	if (n->kind == 0)
		viol_add(&v, "need.kind", "is required");
	else if (names_need_kind((int)n->kind) == NULL)
		viol_add(&v, "need.kind", "is not a known kind of need");
	viol_check(
	    &v,
	    rule_text(n->description, RULE_DESCRIPTION_MAX, true, false, &why),
	    "need.description", why);
	if (n->opt_estimated_vnd_case)
		viol_check(&v, rule_vnd(n->estimated_vnd, &why),
		           "need.estimated_vnd", why);
	ledger_check_date(&v, n->surveyed_on, "need.surveyed_on", true);
	request_check_id(&v, n->dialogue_id, "need.dialogue_id", false);
	if (n->note[0] != '\0')
		viol_check(&v,
		           rule_text(n->note, RULE_NOTE_MAX, false, true, &why),
		           "need.note", why);
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, n->ward_code, n->household_id.len == 0, &ward))
		return;

	struct db_job *job = db_job_new(
	    DB_WRITE,
	    "SELECT code, message, id, ward_code, replayed FROM "
	    "ansinh_api.need_create($1::uuid, $2::uuid, $3, $4::uuid, $5, "
	    "$6::uuid, $7, $8, $9::bigint, $10::date, $11::uuid, $12)",
	    request_write_done, req);
	db_job_param(job, req->request_id);
	request_param_id(job, n->id);
	db_job_param(job, request_opt(ward));
	request_param_household(job, n->household_id, n->household_code);
	request_param_id(job, n->member_id);
	db_job_param(job, names_need_kind((int)n->kind));
	db_job_param(job, n->description);
	if (n->opt_estimated_vnd_case)
		db_job_param_int(job, (long long)n->estimated_vnd);
	else
		db_job_param(job, NULL);
	db_job_param(job, request_opt(n->surveyed_on));
	request_param_id(job, n->dialogue_id);
	db_job_param(job, request_opt(n->note));
	request_submit(req, job);
}

void
h_need_transition(struct request *req, const Ansinh__V1__NeedTransition *m)
{
	struct violations v = {0};
	const char *why = NULL;
	const char *ward, *action;

	if (!request_may_write(req))
		return;
	request_check_id(&v, m->id, "need.id", true);
	action = names_need_action((int)m->action);
	if (action == NULL)
		viol_add(&v, "need.action",
		         m->action == 0 ? "is required"
		                        : "must be verify, approve, reject or "
		                          "withdraw");
	ledger_check_date(&v, m->date, "need.date", true);
	if (m->note[0] != '\0')
		viol_check(&v,
		           rule_text(m->note, RULE_NOTE_MAX, false, true, &why),
		           "need.note", why);
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (m->action != ANSINH__V1__NEED_ACTION__NEED_ACTION_WITHDRAW &&
	    req->s->role != ANSINH__V1__ROLE__ROLE_DISTRICT) {
		request_fail(req, ANSINH__V1__CODE__PERMISSION_DENIED,
		             "only the district may %s a need", action);
		return;
	}
	if (!request_ward(req, m->ward_code, false, &ward))
		return;

	struct db_job *job = db_job_new(
	    DB_WRITE,
	    "SELECT code, message, id, ward_code, replayed FROM "
	    "ansinh_api.need_transition($1::uuid, $2::uuid, $3, $4, $5::date, "
	    "$6)",
	    request_write_done, req);
	db_job_param(job, req->request_id);
	request_param_id(job, m->id);
	db_job_param(job, request_opt(ward));
	db_job_param(job, action);
	db_job_param(job, request_opt(m->date));
	db_job_param(job, request_opt(m->note));
	request_submit(req, job);
}

void
h_need_get(struct request *req, const Ansinh__V1__NeedGet *m)
{
	struct violations v = {0};
	const char *ward;

	request_check_id(&v, m->id, "need.id", true);
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, m->ward_code, false, &ward))
		return;
	/* One round trip: the need's columns repeated on each row of its
	 * history. */
	struct db_job *job = db_job_new(
	    DB_READ,
	    "SELECT " NEED_COLUMNS ", h_status, h_on, h_note, h_at, h_by, "
	    "h_support FROM ansinh_api.need_get($1, $2::uuid) AS g "
	    "LEFT JOIN LATERAL ansinh_api.need_history(g.ward_code, g.id) "
	    "WITH ORDINALITY AS h (h_status, h_on, h_note, h_at, h_by, "
	    "h_support, h_n) ON true ORDER BY g.ward_code, h.h_n",
	    nd_get_done, req);
	db_job_param(job, request_opt(ward));
	request_param_id(job, m->id);
	request_submit(req, job);
}

static void
nd_get_done(struct db_job *job, const PGresult *res, const struct db_error *err,
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
		request_fail(req, ANSINH__V1__CODE__NOT_FOUND, "no such need");
		return;
	}
	Ansinh__V1__Need need;
	struct need_ids ids;
	nd_fill(&need, &ids, res, 0);

	Ansinh__V1__NeedEvent *ev = request_calloc((size_t)n, sizeof *ev);
	Ansinh__V1__NeedEvent **pev = request_calloc((size_t)n, sizeof *pev);
	uint8_t(*sids)[UUID_SIZE] = request_calloc((size_t)n, sizeof *sids);
	size_t ne = 0;
	for (int i = 0; i < n; i++) {
		/* Another ward's need with the same id (a district session
		 * that gave no ward) is not this need's history. */
		if (PQgetisnull(res, i, NEED_NCOLS) ||
		    strcmp(PQgetvalue(res, i, 1), need.ward_code) != 0)
			continue;
		ansinh__v1__need_event__init(&ev[ne]);
		int st =
		    names_need_status_parse(PQgetvalue(res, i, NEED_NCOLS));
		ev[ne].status = st > 0 ? (Ansinh__V1__NeedStatus)st : 0;
		ev[ne].date = PQgetvalue(res, i, NEED_NCOLS + 1);
		ev[ne].note = PQgetvalue(res, i, NEED_NCOLS + 2);
		ev[ne].recorded_at = PQgetvalue(res, i, NEED_NCOLS + 3);
		ev[ne].recorded_by = PQgetvalue(res, i, NEED_NCOLS + 4);
		request_row_uuid(&ev[ne].support_id, sids[ne], res, i,
		                 NEED_NCOLS + 5);
		pev[ne] = &ev[ne];
		ne++;
	}
	Ansinh__V1__NeedReply reply = ANSINH__V1__NEED_REPLY__INIT;
	reply.need = &need;
	reply.n_history = ne;
	reply.history = pev;
	request_reply(req, ANSINH__V1__RESPONSE__BODY_NEED, &reply);
	free(sids);
	free(pev);
	free(ev);
}

void
h_need_list(struct request *req, const Ansinh__V1__NeedList *m)
{
	struct violations v = {0};
	const char *ward;
	uint32_t limit;

	request_check_household(&v, "need", m->household_id, m->household_code,
	                        false);
	if (m->status != 0 && names_need_status((int)m->status) == NULL)
		viol_add(&v, "status", "is not a known need status");
	if (m->kind != 0 && names_need_kind((int)m->kind) == NULL)
		viol_add(&v, "kind", "is not a known kind of need");
	limit = ledger_check_limit(&v, m->limit);
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, m->ward_code, false, &ward))
		return;
	struct db_job *job = db_job_new(
	    DB_READ,
	    "SELECT " NEED_COLUMNS " FROM ansinh_api.need_list($1, $2::uuid, "
	    "$3, $4, $5, $6::int, $7::int)",
	    nd_list_done, req);
	db_job_param(job, request_opt(ward));
	request_param_household(job, m->household_id, m->household_code);
	db_job_param(job,
	             m->status != 0 ? names_need_status((int)m->status) : NULL);
	db_job_param(job, m->kind != 0 ? names_need_kind((int)m->kind) : NULL);
	db_job_param_int(job,
	                 (long long)limit + 1); /* one more: is there more? */
	db_job_param_int(job, m->offset);
	req->limit = limit;
	request_submit(req, job);
}

static void
nd_list_done(struct db_job *job, const PGresult *res,
             const struct db_error *err, void *arg)
{
	struct request *req = arg;
	(void)job;

	if (err != NULL) {
		request_db_error(req, err);
		return;
	}
	size_t n = (size_t)PQntuples(res);
	bool more = req->limit != 0 && n > req->limit;
	if (more)
		n = req->limit;
	Ansinh__V1__Need *rows = request_calloc(n, sizeof *rows);
	Ansinh__V1__Need **ptrs = request_calloc(n, sizeof *ptrs);
	struct need_ids *ids = request_calloc(n, sizeof *ids);
	for (size_t i = 0; i < n; i++) {
		nd_fill(&rows[i], &ids[i], res, (int)i);
		ptrs[i] = &rows[i];
	}
	Ansinh__V1__NeedListReply reply = ANSINH__V1__NEED_LIST_REPLY__INIT;
	reply.n_needs = n;
	reply.needs = ptrs;
	reply.more = more;
	request_reply(req, ANSINH__V1__RESPONSE__BODY_NEEDS, &reply);
	free(ids);
	free(ptrs);
	free(rows);
}

static void
nd_fill(Ansinh__V1__Need *n, struct need_ids *ids, const PGresult *res, int row)
{
	int e;

	ansinh__v1__need__init(n);
	request_row_uuid(&n->id, ids->id, res, row, 0);
	n->ward_code = PQgetvalue(res, row, 1);
	request_row_uuid(&n->household_id, ids->household, res, row, 2);
	n->household_code = PQgetvalue(res, row, 3);
	request_row_uuid(&n->member_id, ids->member, res, row, 4);
	n->member_name = PQgetvalue(res, row, 5);
	e = names_need_kind_parse(PQgetvalue(res, row, 6));
	n->kind = e > 0 ? (Ansinh__V1__NeedKind)e : 0;
	n->description = PQgetvalue(res, row, 7);
	if (!PQgetisnull(res, row, 8)) {
		n->opt_estimated_vnd_case =
		    ANSINH__V1__NEED__OPT_ESTIMATED_VND_ESTIMATED_VND;
		n->estimated_vnd = request_row_int(res, row, 8);
	}
	n->surveyed_on = PQgetvalue(res, row, 9);
	request_row_uuid(&n->dialogue_id, ids->dialogue, res, row, 10);
	e = names_need_status_parse(PQgetvalue(res, row, 11));
	n->status = e > 0 ? (Ansinh__V1__NeedStatus)e : 0;
	n->status_on = PQgetvalue(res, row, 12);
	n->created_at = PQgetvalue(res, row, 13);
	n->updated_at = PQgetvalue(res, row, 14);
}
