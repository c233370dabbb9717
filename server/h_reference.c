/*
 * h_reference.c — the shared reference lists: funds (list; add, district
 * only) and organizations (add: district for any ward or none, a ward for
 * its own; list). Writes go through ansinh_api.fund_create and
 * organization_create, which keep their own request log and audit trail
 * (the rows belong to no ward).
 */
#include <stdlib.h>
#include <string.h>

#include "h_ledger.h"
#include "rules.h"
#include "session.h"

/* What fund_create's callback needs of the request: the fund it names. */
struct fund_pending {
	struct request *req;
	char *code;
	char *name;
};

static void rf_fund_list_done(struct db_job *job, const PGresult *res,
                              const struct db_error *err, void *arg);
static void rf_fund_create_done(struct db_job *job, const PGresult *res,
                                const struct db_error *err, void *arg);
static void rf_fund_pending_free(struct fund_pending *p);
static void rf_org_list_done(struct db_job *job, const PGresult *res,
                             const struct db_error *err, void *arg);

void
h_fund_list(struct request *req, const Ansinh__V1__FundList *m)
{
	(void)m;
	request_submit(req, db_job_new(DB_READ,
	                               "SELECT code, name, created_at FROM "
	                               "ansinh_api.fund_list()",
	                               rf_fund_list_done, req));
}

static void
rf_fund_list_done(struct db_job *job, const PGresult *res,
                  const struct db_error *err, void *arg)
{
	struct request *req = arg;
	(void)job;

	if (err != NULL) {
		request_db_error(req, err);
		return;
	}
	size_t n = (size_t)PQntuples(res);
	Ansinh__V1__Fund *rows = request_calloc(n, sizeof *rows);
	Ansinh__V1__Fund **ptrs = request_calloc(n, sizeof *ptrs);
	for (size_t i = 0; i < n; i++) {
		ansinh__v1__fund__init(&rows[i]);
		rows[i].code = PQgetvalue(res, (int)i, 0);
		rows[i].name = PQgetvalue(res, (int)i, 1);
		rows[i].created_at = PQgetvalue(res, (int)i, 2);
		ptrs[i] = &rows[i];
	}
	Ansinh__V1__FundListReply reply = ANSINH__V1__FUND_LIST_REPLY__INIT;
	reply.n_funds = n;
	reply.funds = ptrs;
	request_reply(req, ANSINH__V1__RESPONSE__BODY_FUNDS, &reply);
	free(ptrs);
	free(rows);
}

void
h_fund_create(struct request *req, const Ansinh__V1__FundCreate *m)
{
	const Ansinh__V1__Fund *f = m->fund;
	struct violations v = {0};
	const char *why = NULL;

	if (!request_may_write(req))
		return;
	if (req->s->role != ANSINH__V1__ROLE__ROLE_DISTRICT) {
		request_fail(req, ANSINH__V1__CODE__PERMISSION_DENIED,
		             "only the district may add funds");
		return;
	}
	if (f == NULL) {
		viol_add(&v, "fund", "is required");
		request_invalid(req, &v);
		return;
	}
	viol_check(&v, rule_fund_code(f->code, &why), "fund.code", why);
	viol_check(&v, rule_text(f->name, RULE_TITLE_MAX, true, false, &why),
	           "fund.name", why);
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}

	struct fund_pending *p = request_calloc(1, sizeof *p);
	p->req = req;
	p->code = strdup(f->code);
	p->name = strdup(f->name);
	if (p->code == NULL || p->name == NULL)
		abort();
	struct db_job *job =
	    db_job_new(DB_WRITE,
	               "SELECT code, message, id, ward_code, replayed FROM "
	               "ansinh_api.fund_create($1::uuid, $2, $3)",
	               rf_fund_create_done, p);
	db_job_param(job, req->request_id);
	db_job_param(job, f->code);
	db_job_param(job, f->name);
	/* On refusal the pool frees the job without calling back. */
	if (!request_submit(req, job))
		rf_fund_pending_free(p);
}

static void
rf_fund_pending_free(struct fund_pending *p)
{
	free(p->code);
	free(p->name);
	free(p);
}

static void
rf_fund_create_done(struct db_job *job, const PGresult *res,
                    const struct db_error *err, void *arg)
{
	struct fund_pending *p = arg;
	struct request *req = p->req;
	(void)job;

	if (err != NULL) {
		request_db_error(req, err);
	} else if (PQntuples(res) != 1 || PQnfields(res) < 5) {
		request_fail(req, ANSINH__V1__CODE__INTERNAL,
		             "unexpected reply from the database");
	} else if (atoi(PQgetvalue(res, 0, 0)) != ANSINH__V1__CODE__OK) {
		request_fail(req, atoi(PQgetvalue(res, 0, 0)), "%s",
		             PQgetvalue(res, 0, 1));
	} else {
		Ansinh__V1__Fund f = ANSINH__V1__FUND__INIT;
		Ansinh__V1__FundReply reply = ANSINH__V1__FUND_REPLY__INIT;
		f.code = p->code;
		f.name = p->name;
		reply.fund = &f;
		reply.replayed = request_bool(res, 0, 4);
		request_reply(req, ANSINH__V1__RESPONSE__BODY_FUND, &reply);
	}
	rf_fund_pending_free(p);
}

void
h_organization_create(struct request *req,
                      const Ansinh__V1__OrganizationCreate *m)
{
	const Ansinh__V1__Organization *o = m->organization;
	struct violations v = {0};
	const char *why = NULL;
	const char *ward;

	if (!request_may_write(req))
		return;
	if (o == NULL) {
		viol_add(&v, "organization", "is required");
		request_invalid(req, &v);
		return;
	}
	request_check_id(&v, o->id, "organization.id", true);
	viol_check(&v, rule_text(o->name, RULE_TITLE_MAX, true, false, &why),
	           "organization.name", why);
	if (o->kind == 0)
		viol_add(&v, "organization.kind", "is required");
	else if (names_org_kind((int)o->kind) == NULL)
		viol_add(&v, "organization.kind", "is not a known kind");
	if (o->ward_code[0] != '\0')
		viol_check(&v, rule_ward_code(o->ward_code, &why),
		           "organization.ward_code", why);
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	/* A ward token: its own ward only; a district token: any, or none. */
	if (!request_ward(req, o->ward_code, false, &ward))
		return;

	struct db_job *job = db_job_new(
	    DB_WRITE,
	    "SELECT code, message, id, ward_code, replayed FROM "
	    "ansinh_api.organization_create($1::uuid, $2::uuid, $3, $4, $5)",
	    request_write_done, req);
	db_job_param(job, req->request_id);
	request_param_id(job, o->id);
	db_job_param(job, o->name);
	db_job_param(job, names_org_kind((int)o->kind));
	db_job_param(job, request_opt(ward));
	request_submit(req, job);
}

void
h_organization_list(struct request *req, const Ansinh__V1__OrganizationList *m)
{
	struct violations v = {0};
	const char *why = NULL;

	if (m->kind != 0 && names_org_kind((int)m->kind) == NULL)
		viol_add(&v, "kind", "is not a known kind");
	if (m->ward_code[0] != '\0')
		viol_check(&v, rule_ward_code(m->ward_code, &why), "ward_code",
		           why);
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	/* Organizations are shared: any session may list any ward's. */
	struct db_job *job =
	    db_job_new(DB_READ,
	               "SELECT id, name, kind, ward_code, created_at FROM "
	               "ansinh_api.organization_list($1, $2)",
	               rf_org_list_done, req);
	db_job_param(job, m->kind != 0 ? names_org_kind((int)m->kind) : NULL);
	db_job_param(job, request_opt(m->ward_code));
	request_submit(req, job);
}

static void
rf_org_list_done(struct db_job *job, const PGresult *res,
                 const struct db_error *err, void *arg)
{
	struct request *req = arg;
	(void)job;

	if (err != NULL) {
		request_db_error(req, err);
		return;
	}
	size_t n = (size_t)PQntuples(res);
	Ansinh__V1__Organization *rows = request_calloc(n, sizeof *rows);
	Ansinh__V1__Organization **ptrs = request_calloc(n, sizeof *ptrs);
	uint8_t(*ids)[UUID_SIZE] = request_calloc(n, sizeof *ids);
	for (size_t i = 0; i < n; i++) {
		int r = (int)i;
		Ansinh__V1__Organization *o = &rows[i];
		ansinh__v1__organization__init(o);
		request_row_uuid(&o->id, ids[i], res, r, 0);
		o->name = PQgetvalue(res, r, 1);
		int k = names_org_kind_parse(PQgetvalue(res, r, 2));
		o->kind = k > 0 ? (Ansinh__V1__OrgKind)k : 0;
		o->ward_code = PQgetvalue(res, r, 3);
		o->created_at = PQgetvalue(res, r, 4);
		ptrs[i] = o;
	}
	Ansinh__V1__OrganizationListReply reply =
	    ANSINH__V1__ORGANIZATION_LIST_REPLY__INIT;
	reply.n_organizations = n;
	reply.organizations = ptrs;
	request_reply(req, ANSINH__V1__RESPONSE__BODY_ORGANIZATIONS, &reply);
	free(ids);
	free(ptrs);
	free(rows);
}
