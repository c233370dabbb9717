/*
 * h_support.c — support given, the money ledger: create (a named need
 * becomes fulfilled in the same transaction), reverse (a reversing entry;
 * the only correction there is), get, list with totals.
 *
 * The database refuses UPDATE, DELETE and TRUNCATE of ansinh.support to
 * everyone, the daemon's role included (no privilege, and a trigger).
 */
#include <stdlib.h>
#include <string.h>

#include "h_ledger.h"
#include "rules.h"
#include "session.h"

/* Columns of ansinh_api.support_get/support_list, in order. */
#define SUPPORT_COLUMNS                                                        \
	"id, ward_code, household_id, household_code, person_id, "             \
	"member_name, "                                                        \
	"kind, description, amount_vnd, given_on, fund_code, "                 \
	"organization_id, "                                                    \
	"organization_name, need_id, reverses_id, reversed_by_id, reason, "    \
	"recorded_at, recorded_by"
#define SUPPORT_NCOLS 19
/* support_list rows come after the five columns of support_totals. */
#define SUPPORT_TOTALS_NCOLS 5

/* Storage for the ids of one support entry in a reply. */
struct support_ids {
	uint8_t id[UUID_SIZE];
	uint8_t household[UUID_SIZE];
	uint8_t member[UUID_SIZE];
	uint8_t organization[UUID_SIZE];
	uint8_t need[UUID_SIZE];
	uint8_t reverses[UUID_SIZE];
	uint8_t reversed_by[UUID_SIZE];
};

static void sp_check_org(struct violations *v, ProtobufCBinaryData id,
                         const char *name, const char *prefix);
static void sp_fill(Ansinh__V1__Support *s, struct support_ids *ids,
                    const PGresult *res, int row, int col);
static void sp_get_done(struct db_job *job, const PGresult *res,
                        const struct db_error *err, void *arg);
static void sp_list_done(struct db_job *job, const PGresult *res,
                         const struct db_error *err, void *arg);

/* An organization named by id or by name (both optional). */
static void
sp_check_org(struct violations *v, ProtobufCBinaryData id, const char *name,
             const char *prefix)
{
	char f[96];
	const char *why = NULL;

	snprintf(f, sizeof f, "%s.organization_id", prefix);
	request_check_id(v, id, f, false);
	if (name[0] != '\0') {
		snprintf(f, sizeof f, "%s.organization_name", prefix);
		viol_check(v,
		           rule_text(name, RULE_TITLE_MAX, true, false, &why),
		           f, why);
	}
}

void
h_support_create(struct request *req, const Ansinh__V1__SupportCreate *m)
{
	const Ansinh__V1__Support *s = m->support;
	struct violations v = {0};
	const char *why = NULL;
	const char *ward;

	if (!request_may_write(req))
		return;
	if (s == NULL) {
		viol_add(&v, "support", "is required");
		request_invalid(req, &v);
		return;
	}
	request_check_id(&v, s->id, "support.id", true);
	request_check_household(&v, "support", s->household_id,
	                        s->household_code, true);
	request_check_id(&v, s->member_id, "support.member_id", false);
	if (s->kind == 0)
		viol_add(&v, "support.kind", "is required");
	else if (names_support_kind((int)s->kind) == NULL)
		viol_add(&v, "support.kind", "is not a known kind of support");
	viol_check(
	    &v,
	    rule_text(s->description, RULE_DESCRIPTION_MAX, true, false, &why),
	    "support.description", why);
	viol_check(&v, rule_vnd(s->amount_vnd, &why), "support.amount_vnd",
	           why);
	ledger_check_date(&v, s->given_on, "support.given_on", true);
	if (s->fund_code[0] != '\0')
		viol_check(&v, rule_fund_code(s->fund_code, &why),
		           "support.fund_code", why);
	sp_check_org(&v, s->organization_id, s->organization_name, "support");
	if (s->fund_code[0] == '\0' && s->organization_id.len == 0 &&
	    s->organization_name[0] == '\0')
		viol_add(&v, "support.fund_code",
		         "a fund or a sponsoring organization (or both) is "
		         "required");
	request_check_id(&v, s->need_id, "support.need_id", false);
	if (s->reverses_id.len != 0 || s->reason[0] != '\0')
		viol_add(&v, "support.reverses_id",
		         "a reversing entry is recorded with SupportReverse");
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, s->ward_code, s->household_id.len == 0, &ward))
		return;

	struct db_job *job = db_job_new(
	    DB_WRITE,
	    "SELECT code, message, id, ward_code, replayed FROM "
	    "ansinh_api.support_create($1::uuid, $2::uuid, $3, $4::uuid, $5, "
	    "$6::uuid, $7, $8, $9::bigint, $10::date, $11, $12::uuid, $13, "
	    "$14::uuid)",
	    request_write_done, req);
	db_job_param(job, req->request_id);
	request_param_id(job, s->id);
	db_job_param(job, request_opt(ward));
	request_param_household(job, s->household_id, s->household_code);
	request_param_id(job, s->member_id);
	db_job_param(job, names_support_kind((int)s->kind));
	db_job_param(job, s->description);
	db_job_param_int(job, (long long)s->amount_vnd);
	db_job_param(job, request_opt(s->given_on));
	db_job_param(job, request_opt(s->fund_code));
	request_param_id(job, s->organization_id);
	db_job_param(job, s->organization_id.len == 0
	                      ? request_opt(s->organization_name)
	                      : NULL);
	request_param_id(job, s->need_id);
	request_submit(req, job);
}

void
h_support_reverse(struct request *req, const Ansinh__V1__SupportReverse *m)
{
	struct violations v = {0};
	const char *why = NULL;
	const char *ward;

	if (!request_may_write(req))
		return;
	request_check_id(&v, m->id, "support.id", true);
	request_check_id(&v, m->original_id, "support.original_id", true);
	viol_check(
	    &v, rule_text(m->reason, RULE_DESCRIPTION_MAX, true, false, &why),
	    "support.reason", why);
	ledger_check_date(&v, m->date, "support.date", true);
	if (m->id.len == UUID_SIZE && m->original_id.len == UUID_SIZE &&
	    memcmp(m->id.data, m->original_id.data, UUID_SIZE) == 0)
		viol_add(&v, "support.id",
		         "must differ from the entry it reverses");
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, m->ward_code, false, &ward))
		return;

	struct db_job *job = db_job_new(
	    DB_WRITE,
	    "SELECT code, message, id, ward_code, replayed FROM "
	    "ansinh_api.support_reverse($1::uuid, $2::uuid, $3, $4::uuid, $5, "
	    "$6::date)",
	    request_write_done, req);
	db_job_param(job, req->request_id);
	request_param_id(job, m->id);
	db_job_param(job, request_opt(ward));
	request_param_id(job, m->original_id);
	db_job_param(job, m->reason);
	db_job_param(job, request_opt(m->date));
	request_submit(req, job);
}

void
h_support_get(struct request *req, const Ansinh__V1__SupportGet *m)
{
	struct violations v = {0};
	const char *ward;

	request_check_id(&v, m->id, "support.id", true);
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, m->ward_code, false, &ward))
		return;
	struct db_job *job = db_job_new(DB_READ,
	                                "SELECT " SUPPORT_COLUMNS
	                                " FROM ansinh_api.support_get($1, "
	                                "$2::uuid)",
	                                sp_get_done, req);
	db_job_param(job, request_opt(ward));
	request_param_id(job, m->id);
	request_submit(req, job);
}

static void
sp_get_done(struct db_job *job, const PGresult *res, const struct db_error *err,
            void *arg)
{
	struct request *req = arg;
	(void)job;

	if (err != NULL) {
		request_db_error(req, err);
		return;
	}
	if (PQntuples(res) == 0) {
		request_fail(req, ANSINH__V1__CODE__NOT_FOUND,
		             "no such support entry");
		return;
	}
	Ansinh__V1__Support s;
	struct support_ids ids;
	sp_fill(&s, &ids, res, 0, 0);
	Ansinh__V1__SupportReply reply = ANSINH__V1__SUPPORT_REPLY__INIT;
	reply.support = &s;
	request_reply(req, ANSINH__V1__RESPONSE__BODY_SUPPORT, &reply);
}

void
h_support_list(struct request *req, const Ansinh__V1__SupportList *m)
{
	struct violations v = {0};
	const char *why = NULL;
	const char *ward;
	uint32_t limit;

	request_check_household(&v, "support", m->household_id,
	                        m->household_code, false);
	if (m->fund_code[0] != '\0')
		viol_check(&v, rule_fund_code(m->fund_code, &why),
		           "support.fund_code", why);
	sp_check_org(&v, m->organization_id, m->organization_name, "support");
	ledger_check_date(&v, m->from, "from", false);
	ledger_check_date(&v, m->to, "to", false);
	if (m->from[0] != '\0' && m->to[0] != '\0' &&
	    strcmp(m->from, m->to) > 0)
		viol_add(&v, "to", "must not be before from");
	limit = ledger_check_limit(&v, m->limit);
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, m->ward_code, false, &ward))
		return;
	/* One round trip: the totals over every match, then the rows of the
	 * page (or one row of NULLs when nothing matches). */
	struct db_job *job = db_job_new(
	    DB_READ,
	    "SELECT t.entries, t.given_vnd, t.reversed_vnd, t.net_vnd, "
	    "t.problem, l." SUPPORT_COLUMNS " "
	    "FROM ansinh_api.support_totals($1, $2::uuid, $3, $4, $5::uuid, "
	    "$6, $7::date, $8::date) AS t "
	    "LEFT JOIN LATERAL (SELECT * FROM ansinh_api.support_list($1, "
	    "$2::uuid, $3, $4, $5::uuid, $6, $7::date, $8::date, $9::int, "
	    "$10::int) WITH ORDINALITY) AS l ON true ORDER BY l.ordinality",
	    sp_list_done, req);
	db_job_param(job, request_opt(ward));
	request_param_household(job, m->household_id, m->household_code);
	db_job_param(job, request_opt(m->fund_code));
	request_param_id(job, m->organization_id);
	db_job_param(job, m->organization_id.len == 0
	                      ? request_opt(m->organization_name)
	                      : NULL);
	db_job_param(job, request_opt(m->from));
	db_job_param(job, request_opt(m->to));
	db_job_param_int(job,
	                 (long long)limit + 1); /* one more: is there more? */
	db_job_param_int(job, m->offset);
	req->limit = limit;
	request_submit(req, job);
}

static void
sp_list_done(struct db_job *job, const PGresult *res,
             const struct db_error *err, void *arg)
{
	struct request *req = arg;
	(void)job;

	if (err != NULL) {
		request_db_error(req, err);
		return;
	}
	if (PQntuples(res) < 1) {
		request_fail(req, ANSINH__V1__CODE__INTERNAL,
		             "unexpected reply from the database");
		return;
	}
	if (!PQgetisnull(res, 0, 4)) {
		request_fail(req, ANSINH__V1__CODE__NOT_FOUND, "%s",
		             PQgetvalue(res, 0, 4));
		return;
	}
	size_t n = (size_t)PQntuples(res);
	if (n == 1 && PQgetisnull(res, 0, SUPPORT_TOTALS_NCOLS))
		n = 0;
	bool more = req->limit != 0 && n > req->limit;
	if (more)
		n = req->limit;
	Ansinh__V1__Support *rows = request_calloc(n, sizeof *rows);
	Ansinh__V1__Support **ptrs = request_calloc(n, sizeof *ptrs);
	struct support_ids *ids = request_calloc(n, sizeof *ids);
	for (size_t i = 0; i < n; i++) {
		sp_fill(&rows[i], &ids[i], res, (int)i, SUPPORT_TOTALS_NCOLS);
		ptrs[i] = &rows[i];
	}
	Ansinh__V1__SupportTotals totals = ANSINH__V1__SUPPORT_TOTALS__INIT;
	totals.entries = request_row_int(res, 0, 0);
	totals.given_vnd = request_row_int(res, 0, 1);
	totals.reversed_vnd = request_row_int(res, 0, 2);
	totals.net_vnd = request_row_int(res, 0, 3);
	Ansinh__V1__SupportListReply reply =
	    ANSINH__V1__SUPPORT_LIST_REPLY__INIT;
	reply.n_supports = n;
	reply.supports = ptrs;
	reply.more = more;
	reply.totals = &totals;
	request_reply(req, ANSINH__V1__RESPONSE__BODY_SUPPORTS, &reply);
	free(ids);
	free(ptrs);
	free(rows);
}

/* One entry from the SUPPORT_COLUMNS starting at column col. */
static void
sp_fill(Ansinh__V1__Support *s, struct support_ids *ids, const PGresult *res,
        int row, int col)
{
	int e;

	ansinh__v1__support__init(s);
	request_row_uuid(&s->id, ids->id, res, row, col + 0);
	s->ward_code = PQgetvalue(res, row, col + 1);
	request_row_uuid(&s->household_id, ids->household, res, row, col + 2);
	s->household_code = PQgetvalue(res, row, col + 3);
	request_row_uuid(&s->member_id, ids->member, res, row, col + 4);
	s->member_name = PQgetvalue(res, row, col + 5);
	e = names_support_kind_parse(PQgetvalue(res, row, col + 6));
	s->kind = e > 0 ? (Ansinh__V1__SupportKind)e : 0;
	s->description = PQgetvalue(res, row, col + 7);
	s->amount_vnd = request_row_int(res, row, col + 8);
	s->given_on = PQgetvalue(res, row, col + 9);
	s->fund_code = PQgetvalue(res, row, col + 10);
	request_row_uuid(&s->organization_id, ids->organization, res, row,
	                 col + 11);
	s->organization_name = PQgetvalue(res, row, col + 12);
	request_row_uuid(&s->need_id, ids->need, res, row, col + 13);
	request_row_uuid(&s->reverses_id, ids->reverses, res, row, col + 14);
	request_row_uuid(&s->reversed_by_id, ids->reversed_by, res, row,
	                 col + 15);
	s->reason = PQgetvalue(res, row, col + 16);
	s->recorded_at = PQgetvalue(res, row, col + 17);
	s->recorded_by = PQgetvalue(res, row, col + 18);
}
