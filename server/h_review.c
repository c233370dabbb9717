/*
 * h_review.c — the yearly review: the expected-exit list and the poverty
 * report (ansinh.poverty_report, the same function analysts call).
 */
#include <stdlib.h>
#include <string.h>

#include "dispatch.h"
#include "poverty.h"
#include "rules.h"
#include "session.h"

static void rv_report_done(struct db_job *job, const PGresult *res,
                           const struct db_error *err, void *arg);

void
h_expected_exit_set(struct request *req, const Ansinh__V1__ExpectedExitSet *m)
{
	struct violations v = {0};
	const char *why = NULL;
	const char *ward;

	if (!request_may_write(req))
		return;
	request_check_id(&v, m->id, "expected_exit.id", true);
	request_check_household(&v, "expected_exit", m->household_id,
	                        m->household_code, true);
	viol_check(&v, rule_year(m->year, &why), "expected_exit.year", why);
	if (m->opt_note_case)
		pov_check_text(&v, "expected_exit.note", m->note, RULE_NOTE_MAX,
		               true);
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, m->ward_code, m->household_id.len == 0, &ward))
		return;
	struct db_job *job = db_job_new(
	    DB_WRITE,
	    "SELECT code, message, id, ward_code, replayed FROM "
	    "ansinh_api.expected_exit_set($1::uuid, $2::uuid, $3, $4::uuid, "
	    "$5, $6::int, $7, $8::boolean)",
	    request_write_done, req);
	db_job_param(job, req->request_id);
	request_param_id(job, m->id);
	db_job_param(job, request_opt(ward));
	request_param_household(job, m->household_id, m->household_code);
	db_job_param_int(job, m->year);
	db_job_param(job, m->opt_note_case ? m->note : NULL);
	db_job_param_bool(job, m->withdrawn);
	request_submit(req, job);
}

void
h_poverty_report(struct request *req, const Ansinh__V1__PovertyReport *m)
{
	struct violations v = {0};
	const char *why = NULL;
	const char *ward;

	viol_check(&v, rule_year(m->year, &why), "year", why);
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, m->ward_code, false, &ward))
		return;
	struct db_job *job = db_job_new(
	    DB_READ,
	    "SELECT ward_code, ward_name, standard_code, standard_scope, poor, "
	    "near_poor, poor_entries IS NOT NULL, poor_entries, poor_exits, "
	    "poor_exits_special_difficulty, poor_exits_central_poor, "
	    "near_poor_entries, near_poor_exits, "
	    "near_poor_exits_special_difficulty, expected_exits, "
	    "expected_exited, expected_remained, expected_not_assessed, "
	    "$1::int FROM ansinh_api.poverty_report($1::int, $2)",
	    rv_report_done, req);
	db_job_param_int(job, m->year);
	db_job_param(job, request_opt(ward));
	request_submit(req, job);
}

static void
rv_report_done(struct db_job *job, const PGresult *res,
               const struct db_error *err, void *arg)
{
	struct request *req = arg;
	(void)job;

	if (err != NULL) {
		request_db_error(req, err);
		return;
	}
	int n = PQntuples(res);
	Ansinh__V1__PovertyReportRow *rows =
	    request_calloc((size_t)n, sizeof *rows);
	Ansinh__V1__PovertyReportRow **prows =
	    request_calloc((size_t)n, sizeof *prows);

	for (int i = 0; i < n; i++) {
		Ansinh__V1__PovertyReportRow *r = &rows[i];
		ansinh__v1__poverty_report_row__init(r);
		r->ward_code = PQgetvalue(res, i, 0);
		r->ward_name = PQgetvalue(res, i, 1);
		r->standard_code = PQgetvalue(res, i, 2);
		r->scope = pov_word(res, i, 3, names_scope_parse);
		r->poor = (int32_t)request_row_int(res, i, 4);
		r->near_poor = (int32_t)request_row_int(res, i, 5);
		r->has_movements = request_bool(res, i, 6);
		r->poor_entries = (int32_t)request_row_int(res, i, 7);
		r->poor_exits = (int32_t)request_row_int(res, i, 8);
		r->poor_exits_special_difficulty =
		    (int32_t)request_row_int(res, i, 9);
		r->poor_exits_central_poor =
		    (int32_t)request_row_int(res, i, 10);
		r->near_poor_entries = (int32_t)request_row_int(res, i, 11);
		r->near_poor_exits = (int32_t)request_row_int(res, i, 12);
		r->near_poor_exits_special_difficulty =
		    (int32_t)request_row_int(res, i, 13);
		r->expected_exits = (int32_t)request_row_int(res, i, 14);
		r->expected_exited = (int32_t)request_row_int(res, i, 15);
		r->expected_remained = (int32_t)request_row_int(res, i, 16);
		r->expected_not_assessed = (int32_t)request_row_int(res, i, 17);
		prows[i] = r;
	}
	Ansinh__V1__PovertyReportReply reply =
	    ANSINH__V1__POVERTY_REPORT_REPLY__INIT;
	reply.year = n > 0 ? (int32_t)request_row_int(res, 0, 18) : 0;
	reply.n_rows = (size_t)n;
	reply.rows = prows;
	request_reply(req, ANSINH__V1__RESPONSE__BODY_POVERTY_REPORT, &reply);
	free(rows);
	free(prows);
}
