/*
 * h_pairing.c — sponsorship pairings: create, end, list.
 *
 * An organization signs up to help a household for a year. A household has
 * at most one open pairing per organization and year (the database answers
 * ALREADY_EXISTS); ending sets ended_on, not before signed_on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dispatch.h"
#include "rules.h"
#include "session.h"

#define PAIRING_LIST_DEFAULT 1000
#define PAIRING_LIST_MAX     10000

static void pr_validate_household(struct violations *v, const char *prefix,
                                  ProtobufCBinaryData id, const char *code,
                                  bool required);
static void pr_list_done(struct db_job *job, const PGresult *res,
                         const struct db_error *err, void *arg);

/* The household: by id, or by code. */
static void
pr_validate_household(struct violations *v, const char *prefix,
                      ProtobufCBinaryData id, const char *code, bool required)
{
	const char *why = NULL;
	char f[96];

	if (id.len != 0) {
		snprintf(f, sizeof f, "%shousehold_id", prefix);
		viol_check(v, rule_id(id.data, id.len, &why), f, why);
		return;
	}
	snprintf(f, sizeof f, "%shousehold_code", prefix);
	if (code[0] != '\0')
		viol_check(v, rule_household_code(code, &why), f, why);
	else if (required)
		viol_add(v, f, "is required when no household_id is given");
}

void
h_pairing_create(struct request *req, const Ansinh__V1__PairingCreate *m)
{
	const Ansinh__V1__Pairing *p = m->pairing;
	struct violations v = {0};
	const char *why = NULL;
	const char *ward;
	char id[UUID_STR_SIZE];

	if (!request_may_write(req))
		return;
	if (p == NULL) {
		viol_add(&v, "pairing", "is required");
		request_invalid(req, &v);
		return;
	}
	if (p->id.len != UUID_SIZE || uuid_is_nil(p->id.data))
		viol_add(&v, "pairing.id", "must be a 16-byte UUID");
	if (p->organization_id.len == 0)
		viol_add(&v, "pairing.organization_id", "is required");
	else
		viol_check(&v,
		           rule_id(p->organization_id.data,
		                   p->organization_id.len, &why),
		           "pairing.organization_id", why);
	pr_validate_household(&v, "pairing.", p->household_id,
	                      p->household_code, true);
	if (p->year != 0)
		viol_check(&v, rule_year(p->year, &why), "pairing.year", why);
	if (p->signed_on[0] != '\0')
		viol_check(&v, rule_past_date(p->signed_on, &why),
		           "pairing.signed_on", why);
	if (p->commitment[0] != '\0')
		viol_check(
		    &v,
		    rule_text(p->commitment, RULE_NOTE_MAX, false, true, &why),
		    "pairing.commitment", why);
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, p->ward_code, p->household_id.len == 0, &ward))
		return;
	uuid_format(p->id.data, id);

	struct db_job *job = db_job_new(
	    DB_WRITE,
	    "SELECT code, message, id, ward_code, replayed FROM "
	    "ansinh_api.pairing_create($1::uuid, $2::uuid, $3, $4::uuid, "
	    "$5::uuid, $6, $7::int, $8, $9::date)",
	    request_write_done, req);
	db_job_param(job, req->request_id);
	db_job_param(job, id);
	db_job_param(job, request_opt(ward));
	request_param_id(job, p->organization_id);
	request_param_id(job, p->household_id);
	db_job_param(job, p->household_id.len == 0 ? p->household_code : NULL);
	if (p->year != 0)
		db_job_param_int(job, p->year);
	else
		db_job_param(job, NULL);
	db_job_param(job, request_opt(p->commitment));
	db_job_param(job, request_opt(p->signed_on));
	request_submit(req, job);
}

void
h_pairing_end(struct request *req, const Ansinh__V1__PairingEnd *m)
{
	struct violations v = {0};
	const char *why = NULL;
	const char *ward;
	char id[UUID_STR_SIZE];

	if (!request_may_write(req))
		return;
	if (m->id.len != UUID_SIZE || uuid_is_nil(m->id.data))
		viol_add(&v, "pairing.id", "must be a 16-byte UUID");
	if (m->ended_on[0] != '\0')
		viol_check(&v, rule_past_date(m->ended_on, &why),
		           "pairing.ended_on", why);
	if (m->note[0] != '\0')
		viol_check(&v,
		           rule_text(m->note, RULE_NOTE_MAX, false, true, &why),
		           "pairing.end_note", why);
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, m->ward_code, false, &ward))
		return;
	uuid_format(m->id.data, id);

	struct db_job *job = db_job_new(
	    DB_WRITE,
	    "SELECT code, message, id, ward_code, replayed FROM "
	    "ansinh_api.pairing_end($1::uuid, $2::uuid, $3, $4::date, $5)",
	    request_write_done, req);
	db_job_param(job, req->request_id);
	db_job_param(job, id);
	db_job_param(job, request_opt(ward));
	db_job_param(job, request_opt(m->ended_on));
	db_job_param(job, request_opt(m->note));
	request_submit(req, job);
}

void
h_pairing_list(struct request *req, const Ansinh__V1__PairingList *m)
{
	struct violations v = {0};
	const char *why = NULL;
	const char *ward;
	uint32_t limit = m->limit != 0 ? m->limit : PAIRING_LIST_DEFAULT;

	if (m->year != 0)
		viol_check(&v, rule_year(m->year, &why), "year", why);
	if (m->organization_id.len != 0)
		viol_check(&v,
		           rule_id(m->organization_id.data,
		                   m->organization_id.len, &why),
		           "organization_id", why);
	pr_validate_household(&v, "", m->household_id, m->household_code,
	                      false);
	if (limit > PAIRING_LIST_MAX)
		viol_add(&v, "limit", "must be at most 10000");
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	/* A household named by its code needs its ward. */
	if (!request_ward(req, m->ward_code,
	                  m->household_id.len == 0 &&
	                      m->household_code[0] != '\0',
	                  &ward))
		return;
	struct db_job *job = db_job_new(
	    DB_READ,
	    "SELECT id, ward_code, organization_id, organization_name, "
	    "household_id, household_code, head_name, year, commitment, "
	    "signed_on, ended_on, end_note, created_at "
	    "FROM ansinh_api.pairing_list($1, $2::int, $3::uuid, $4::uuid, $5, "
	    "$6::boolean, $7::int)",
	    pr_list_done, req);
	db_job_param(job, request_opt(ward));
	if (m->year != 0)
		db_job_param_int(job, m->year);
	else
		db_job_param(job, NULL);
	request_param_id(job, m->organization_id);
	request_param_id(job, m->household_id);
	db_job_param(job, m->household_id.len == 0
	                      ? request_opt(m->household_code)
	                      : NULL);
	db_job_param_bool(job, m->open_only);
	db_job_param_int(job, (long long)limit + 1);
	req->limit = limit;
	request_submit(req, job);
}

static void
pr_list_done(struct db_job *job, const PGresult *res,
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
	Ansinh__V1__Pairing *rows = calloc(n + 1, sizeof *rows);
	Ansinh__V1__Pairing **ptrs = calloc(n + 1, sizeof *ptrs);
	uint8_t(*ids)[3][UUID_SIZE] = calloc(n + 1, sizeof *ids);
	if (rows == NULL || ptrs == NULL || ids == NULL)
		abort();
	for (size_t i = 0; i < n; i++) {
		int r = (int)i;
		Ansinh__V1__Pairing *p = &rows[i];

		ansinh__v1__pairing__init(p);
		if (request_uuid_bytes(PQgetvalue(res, r, 0), ids[i][0])) {
			p->id.data = ids[i][0];
			p->id.len = UUID_SIZE;
		}
		p->ward_code = PQgetvalue(res, r, 1);
		if (request_uuid_bytes(PQgetvalue(res, r, 2), ids[i][1])) {
			p->organization_id.data = ids[i][1];
			p->organization_id.len = UUID_SIZE;
		}
		p->organization_name = PQgetvalue(res, r, 3);
		if (request_uuid_bytes(PQgetvalue(res, r, 4), ids[i][2])) {
			p->household_id.data = ids[i][2];
			p->household_id.len = UUID_SIZE;
		}
		p->household_code = PQgetvalue(res, r, 5);
		p->head_name = PQgetvalue(res, r, 6);
		p->year = atoi(PQgetvalue(res, r, 7));
		p->commitment = PQgetvalue(res, r, 8);
		p->signed_on = PQgetvalue(res, r, 9);
		p->ended_on = PQgetvalue(res, r, 10);
		p->end_note = PQgetvalue(res, r, 11);
		p->created_at = PQgetvalue(res, r, 12);
		ptrs[i] = p;
	}
	Ansinh__V1__PairingListReply reply =
	    ANSINH__V1__PAIRING_LIST_REPLY__INIT;
	reply.n_pairings = n;
	reply.pairings = ptrs;
	reply.more = more;
	request_reply(req, ANSINH__V1__RESPONSE__BODY_PAIRINGS, &reply);
	free(ids);
	free(ptrs);
	free(rows);
}
