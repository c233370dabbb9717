/*
 * h_duplicates.c — likely duplicate persons across wards (district only):
 * the same folded name and birth date, through
 * ansinh_api.member_duplicates (sql/migrations/0008).
 */
#include <stdlib.h>
#include <string.h>

#include "dispatch.h"
#include "rules.h"
#include "session.h"

#define DUPLICATES_DEFAULT 100
#define DUPLICATES_MAX     10000

/* Columns of ansinh_api.member_duplicates, in order. */
enum {
	DUP_GROUP,
	DUP_ID,
	DUP_WARD,
	DUP_HOUSEHOLD_ID,
	DUP_HOUSEHOLD_CODE,
	DUP_NAME,
	DUP_BORN,
	DUP_CITIZEN_ID,
};

static void dup_done(struct db_job *job, const PGresult *res,
                     const struct db_error *err, void *arg);

void
h_member_duplicates(struct request *req, const Ansinh__V1__MemberDuplicates *m)
{
	struct violations v = {0};
	const char *why = NULL;
	uint32_t limit = m->limit != 0 ? m->limit : DUPLICATES_DEFAULT;

	if (req->s->role != ANSINH__V1__ROLE__ROLE_DISTRICT) {
		request_fail(req, ANSINH__V1__CODE__PERMISSION_DENIED,
		             "likely duplicates across wards are listed for "
		             "district tokens only");
		return;
	}
	if (m->ward_code[0] != '\0')
		viol_check(&v, rule_ward_code(m->ward_code, &why), "ward_code",
		           why);
	if (limit > DUPLICATES_MAX)
		viol_add(&v, "limit", "must be at most 10000");
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	struct db_job *job = db_job_new(
	    DB_READ,
	    "SELECT group_no, id, ward_code, household_id, household_code, "
	    "full_name, birth_date, citizen_id "
	    "FROM ansinh_api.member_duplicates($1, $2::int)",
	    dup_done, req);
	db_job_param(job, m->ward_code[0] != '\0' ? m->ward_code : NULL);
	db_job_param_int(job,
	                 (long long)limit + 1); /* one more: is there more? */
	req->limit = limit;
	request_submit(req, job);
}

static void
dup_done(struct db_job *job, const PGresult *res, const struct db_error *err,
         void *arg)
{
	struct request *req = arg;
	(void)job;

	if (err != NULL) {
		request_db_error(req, err);
		return;
	}
	/* Rows are ordered by group number, 1, 2, 3, …: keep the first
	 * `limit` groups; one more group means there are more. */
	size_t nrows = (size_t)PQntuples(res), kept;
	long last =
	    nrows > 0 ? atol(PQgetvalue(res, (int)nrows - 1, DUP_GROUP)) : 0;
	bool more = last > (long)req->limit;
	size_t ngroups = more ? req->limit : (size_t)(last > 0 ? last : 0);
	for (kept = 0; kept < nrows; kept++) {
		long no = atol(PQgetvalue(res, (int)kept, DUP_GROUP));
		if (no < 1 || no > (long)ngroups)
			break;
	}

	Ansinh__V1__DuplicateGroup *groups =
	    calloc(ngroups + 1, sizeof *groups);
	Ansinh__V1__DuplicateGroup **gptrs = calloc(ngroups + 1, sizeof *gptrs);
	Ansinh__V1__Member *members = calloc(kept + 1, sizeof *members);
	Ansinh__V1__Member **mptrs = calloc(kept + 1, sizeof *mptrs);
	uint8_t(*ids)[2][UUID_SIZE] = calloc(kept + 1, sizeof *ids);
	if (groups == NULL || gptrs == NULL || members == NULL ||
	    mptrs == NULL || ids == NULL)
		abort();

	size_t g = 0;
	for (size_t i = 0; i < kept; i++) {
		int r = (int)i;
		if (i == 0 || strcmp(PQgetvalue(res, r, DUP_GROUP),
		                     PQgetvalue(res, r - 1, DUP_GROUP)) != 0) {
			g = (size_t)atol(PQgetvalue(res, r, DUP_GROUP)) - 1;
			if (g >= ngroups || gptrs[g] != NULL)
				abort(); /* the function numbers groups 1..n */
			ansinh__v1__duplicate_group__init(&groups[g]);
			groups[g].birth_date = PQgetvalue(res, r, DUP_BORN);
			groups[g].members = &mptrs[i];
			gptrs[g] = &groups[g];
		}
		Ansinh__V1__Member *p = &members[i];
		ansinh__v1__member__init(p);
		if (request_uuid_bytes(PQgetvalue(res, r, DUP_ID), ids[i][0])) {
			p->id.data = ids[i][0];
			p->id.len = UUID_SIZE;
		}
		p->ward_code = PQgetvalue(res, r, DUP_WARD);
		if (request_uuid_bytes(PQgetvalue(res, r, DUP_HOUSEHOLD_ID),
		                       ids[i][1])) {
			p->household_id.data = ids[i][1];
			p->household_id.len = UUID_SIZE;
		}
		p->household_code = PQgetvalue(res, r, DUP_HOUSEHOLD_CODE);
		p->full_name = PQgetvalue(res, r, DUP_NAME);
		p->birth_date = PQgetvalue(res, r, DUP_BORN);
		p->citizen_id = PQgetvalue(res, r, DUP_CITIZEN_ID);
		mptrs[i] = p;
		groups[g].n_members++;
	}

	Ansinh__V1__MemberDuplicatesReply reply =
	    ANSINH__V1__MEMBER_DUPLICATES_REPLY__INIT;
	reply.n_groups = ngroups;
	reply.groups = gptrs;
	reply.more = more;
	request_reply(req, ANSINH__V1__RESPONSE__BODY_DUPLICATES, &reply);
	free(ids);
	free(mptrs);
	free(members);
	free(gptrs);
	free(groups);
}
