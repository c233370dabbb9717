/*
 * h_standard.c — poverty standards: add one (district tokens only), list
 * them with the 12 indicators of deprivation.
 *
 * A standard is district-wide reference data; ansinh_api.standard_create
 * refuses anything but a district session a second time, and row-level
 * security a third.
 */
#include <stdlib.h>
#include <string.h>

#include "dispatch.h"
#include "poverty.h"
#include "rules.h"
#include "session.h"

static void std_list_done(struct db_job *job, const PGresult *res,
                          const struct db_error *err, void *arg);

void
h_standard_create(struct request *req, const Ansinh__V1__StandardCreate *m)
{
	const Ansinh__V1__PovertyStandard *s = m->standard;
	struct violations v = {0};
	const char *why = NULL;

	if (!request_may_write(req))
		return;
	if (req->s->role != ANSINH__V1__ROLE__ROLE_DISTRICT) {
		request_fail(
		    req, ANSINH__V1__CODE__PERMISSION_DENIED,
		    "only a district token may add a poverty standard");
		return;
	}
	if (s == NULL) {
		viol_add(&v, "standard", "is required");
		request_invalid(req, &v);
		return;
	}
	request_check_id(&v, s->id, "standard.id", true);
	viol_check(&v, rule_standard_code(s->code, &why), "standard.code", why);
	if (names_area((int)s->area) == NULL)
		viol_add(&v, "standard.area", "is required: urban or rural");
	viol_check(&v, rule_text(s->name, RULE_NAME_MAX, true, false, &why),
	           "standard.name", why);
	if (names_scope((int)s->scope) == NULL)
		viol_add(&v, "standard.scope", "is required: central or city");
	viol_check(&v, rule_date(s->valid_from, &why), "standard.valid_from",
	           why);
	viol_check(&v, rule_date(s->valid_to, &why), "standard.valid_to", why);
	if (rule_date(s->valid_from, NULL) && rule_date(s->valid_to, NULL) &&
	    strcmp(s->valid_to, s->valid_from) < 0)
		viol_add(&v, "standard.valid_to",
		         "must not be before valid_from");
	if (s->income_line_vnd < 1)
		viol_add(&v, "standard.income_line_vnd", "must be at least 1");
	else
		viol_check(&v, rule_vnd(s->income_line_vnd, &why),
		           "standard.income_line_vnd", why);
	if (s->near_poor_ceiling_vnd != 0 &&
	    s->near_poor_ceiling_vnd < s->income_line_vnd)
		viol_add(&v, "standard.near_poor_ceiling_vnd",
		         "must not be below the income line");
	else
		viol_check(&v, rule_vnd(s->near_poor_ceiling_vnd, &why),
		           "standard.near_poor_ceiling_vnd", why);
	if (s->average_ceiling_vnd != 0 &&
	    s->average_ceiling_vnd < (s->near_poor_ceiling_vnd != 0
	                                  ? s->near_poor_ceiling_vnd
	                                  : s->income_line_vnd))
		viol_add(&v, "standard.average_ceiling_vnd",
		         "must not be below the near-poor ceiling");
	else
		viol_check(&v, rule_vnd(s->average_ceiling_vnd, &why),
		           "standard.average_ceiling_vnd", why);
	if (s->min_deprivations != 0)
		viol_check(&v, rule_min_deprivations(s->min_deprivations, &why),
		           "standard.min_deprivations", why);
	pov_check_text(&v, "standard.note", s->note, RULE_NOTE_MAX, true);
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}

	struct db_job *job = db_job_new(
	    DB_WRITE,
	    "SELECT code, message, id, ward_code, replayed FROM "
	    "ansinh_api.standard_create($1::uuid, $2::uuid, $3, $4, $5, $6, "
	    "$7::date, $8::date, $9::bigint, $10::bigint, $11::bigint, "
	    "$12::int, $13)",
	    request_write_done, req);
	db_job_param(job, req->request_id);
	request_param_id(job, s->id);
	db_job_param(job, s->code);
	db_job_param(job, names_area((int)s->area));
	db_job_param(job, s->name);
	db_job_param(job, names_scope((int)s->scope));
	db_job_param(job, s->valid_from);
	db_job_param(job, s->valid_to);
	db_job_param_int(job, s->income_line_vnd);
	db_job_param_int(job, s->near_poor_ceiling_vnd);
	db_job_param_int(job, s->average_ceiling_vnd);
	db_job_param_int(job, s->min_deprivations);
	db_job_param(job, request_opt(s->note));
	request_submit(req, job);
}

void
h_standard_list(struct request *req, const Ansinh__V1__StandardList *m)
{
	struct violations v = {0};
	const char *why = NULL;

	if (m->year != 0)
		viol_check(&v, rule_year(m->year, &why), "year", why);
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	/* Standards first, then the indicators: one result, told apart by
	 * the first column. */
	struct db_job *job = db_job_new(
	    DB_READ,
	    "SELECT 's', s.code, s.area, s.id::text, s.name, s.scope, "
	    "s.valid_from, s.valid_to, s.income_line_vnd, "
	    "s.near_poor_ceiling_vnd, s.average_ceiling_vnd, "
	    "s.min_deprivations, s.note, s.created_at, s.created_by "
	    "FROM ansinh_api.standard_list($1::int) AS s "
	    "UNION ALL "
	    "SELECT 'i', i.code, i.dimension, NULL, i.name, i.name_vi, NULL, "
	    "NULL, NULL, NULL, NULL, i.position, NULL, NULL, NULL "
	    "FROM ansinh_api.indicator_list() AS i",
	    std_list_done, req);
	db_job_param_int(job, m->year);
	request_submit(req, job);
}

static void
std_list_done(struct db_job *job, const PGresult *res,
              const struct db_error *err, void *arg)
{
	struct request *req = arg;
	(void)job;

	if (err != NULL) {
		request_db_error(req, err);
		return;
	}
	int n = PQntuples(res);
	Ansinh__V1__PovertyStandard *st = request_calloc((size_t)n, sizeof *st);
	Ansinh__V1__PovertyStandard **pst =
	    request_calloc((size_t)n, sizeof *pst);
	Ansinh__V1__Indicator *ind = request_calloc((size_t)n, sizeof *ind);
	Ansinh__V1__Indicator **pind = request_calloc((size_t)n, sizeof *pind);
	uint8_t(*ids)[UUID_SIZE] = request_calloc((size_t)n, sizeof *ids);
	size_t ns = 0, ni = 0;

	for (int i = 0; i < n; i++) {
		if (PQgetvalue(res, i, 0)[0] == 'i') {
			Ansinh__V1__Indicator *x = &ind[ni];
			ansinh__v1__indicator__init(x);
			x->code = PQgetvalue(res, i, 1);
			x->dimension = PQgetvalue(res, i, 2);
			x->name = PQgetvalue(res, i, 4);
			x->name_vi = PQgetvalue(res, i, 5);
			x->position = (int32_t)request_row_int(res, i, 11);
			pind[ni++] = x;
			continue;
		}
		Ansinh__V1__PovertyStandard *s = &st[ns];
		ansinh__v1__poverty_standard__init(s);
		s->code = PQgetvalue(res, i, 1);
		s->area = pov_word(res, i, 2, names_area_parse);
		request_row_uuid(&s->id, ids[ns], res, i, 3);
		s->name = PQgetvalue(res, i, 4);
		s->scope = pov_word(res, i, 5, names_scope_parse);
		s->valid_from = PQgetvalue(res, i, 6);
		s->valid_to = PQgetvalue(res, i, 7);
		s->income_line_vnd = request_row_int(res, i, 8);
		s->near_poor_ceiling_vnd = request_row_int(res, i, 9);
		s->average_ceiling_vnd = request_row_int(res, i, 10);
		s->min_deprivations = (int32_t)request_row_int(res, i, 11);
		s->note = PQgetvalue(res, i, 12);
		s->created_at = PQgetvalue(res, i, 13);
		s->created_by = PQgetvalue(res, i, 14);
		pst[ns++] = s;
	}
	Ansinh__V1__StandardListReply reply =
	    ANSINH__V1__STANDARD_LIST_REPLY__INIT;
	reply.n_standards = ns;
	reply.standards = pst;
	reply.n_indicators = ni;
	reply.indicators = pind;
	request_reply(req, ANSINH__V1__RESPONSE__BODY_STANDARDS, &reply);
	free(st);
	free(pst);
	free(ind);
	free(pind);
	free(ids);
}
