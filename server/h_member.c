/*
 * h_member.c — members of a household: create, update, list.
 */
#include <stdlib.h>
#include <string.h>

#include "dispatch.h"
#include "rules.h"
#include "session.h"

static void mb_validate(struct violations *v, const char *name,
                        bool name_required, const char *born, int sex,
                        const char *citizen_id, int relation, int disability,
                        const char *occupation);
static void mb_list_done(struct db_job *job, const PGresult *res,
                         const struct db_error *err, void *arg);

/* NULL arguments are "not given"; enums 0 are "not given". */
static void
mb_validate(struct violations *v, const char *name, bool name_required,
            const char *born, int sex, const char *citizen_id, int relation,
            int disability, const char *occupation)
{
	const char *why = NULL;

	if (name != NULL)
		viol_check(
		    v,
		    rule_text(name, RULE_NAME_MAX, name_required, false, &why),
		    "member.full_name", why);
	if (born != NULL && born[0] != '\0')
		viol_check(v, rule_past_date(born, &why), "member.birth_date",
		           why);
	if (sex != 0 && names_sex(sex) == NULL)
		viol_add(v, "member.sex", "is not male or female");
	if (citizen_id != NULL && citizen_id[0] != '\0')
		viol_check(v, rule_citizen_id(citizen_id, &why),
		           "member.citizen_id", why);
	if (relation != 0 && names_relation(relation) == NULL)
		viol_add(v, "member.relation", "is not a known relation");
	if (disability != 0 && names_disability(disability) == NULL)
		viol_add(v, "member.disability", "is not a known degree");
	if (occupation != NULL && occupation[0] != '\0')
		viol_check(v,
		           rule_text(occupation, RULE_OCCUPATION_MAX, false,
		                     false, &why),
		           "member.occupation", why);
}

void
h_member_create(struct request *req, const Ansinh__V1__MemberCreate *m)
{
	const Ansinh__V1__Member *p = m->member;
	struct violations v = {0};
	const char *why = NULL;
	const char *ward;
	char id[UUID_STR_SIZE], hid[UUID_STR_SIZE];

	if (!request_may_write(req))
		return;
	if (p == NULL) {
		viol_add(&v, "member", "is required");
		request_invalid(req, &v);
		return;
	}
	if (p->id.len != UUID_SIZE || uuid_is_nil(p->id.data))
		viol_add(&v, "member.id", "must be a 16-byte UUID");
	if (p->household_id.len == 0) {
		if (p->household_code[0] == '\0')
			viol_add(&v, "member.household_code",
			         "is required when no household_id is given");
		else
			viol_check(&v,
			           rule_household_code(p->household_code, &why),
			           "member.household_code", why);
	} else if (p->household_id.len != UUID_SIZE) {
		viol_add(&v, "member.household_id", "must be a 16-byte UUID");
	}
	mb_validate(&v, p->full_name, true, p->birth_date, (int)p->sex,
	            p->citizen_id, (int)p->relation, (int)p->disability,
	            p->occupation);
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	/* A district token names the ward, or the household by id. */
	if (!request_ward(req, p->ward_code, p->household_id.len == 0, &ward))
		return;
	uuid_format(p->id.data, id);

	struct db_job *job =
	    db_job_new(DB_WRITE,
	               "SELECT code, message, id, ward_code, replayed FROM "
	               "ansinh_api.member_create($1::uuid, $2::uuid, $3, "
	               "$4::uuid, $5, $6, "
	               "$7::date, $8, $9, $10, $11, $12::boolean, $13)",
	               request_write_done, req);
	db_job_param(job, req->request_id);
	db_job_param(job, id);
	db_job_param(job, request_opt(ward));
	if (p->household_id.len == UUID_SIZE) {
		uuid_format(p->household_id.data, hid);
		db_job_param(job, hid);
		db_job_param(job, NULL);
	} else {
		db_job_param(job, NULL);
		db_job_param(job, p->household_code);
	}
	db_job_param(job, p->full_name);
	db_job_param(job, request_opt(p->birth_date));
	db_job_param(job, names_sex((int)p->sex));
	db_job_param(job, request_opt(p->citizen_id));
	db_job_param(job, names_relation((int)p->relation));
	db_job_param(job, names_disability((int)p->disability));
	db_job_param_bool(job, p->serious_illness);
	db_job_param(job, request_opt(p->occupation));
	request_submit(req, job);
}

void
h_member_update(struct request *req, const Ansinh__V1__MemberUpdate *m)
{
	struct violations v = {0};
	const char *ward;
	char id[UUID_STR_SIZE];

	if (!request_may_write(req))
		return;
	if (m->id.len != UUID_SIZE)
		viol_add(&v, "member.id", "must be a 16-byte UUID");
	mb_validate(&v, m->opt_full_name_case ? m->full_name : NULL, true,
	            m->opt_birth_date_case ? m->birth_date : NULL, (int)m->sex,
	            m->opt_citizen_id_case ? m->citizen_id : NULL,
	            (int)m->relation, (int)m->disability,
	            m->opt_occupation_case ? m->occupation : NULL);
	if (!m->opt_full_name_case && !m->opt_birth_date_case && m->sex == 0 &&
	    !m->opt_citizen_id_case && m->relation == 0 && m->disability == 0 &&
	    !m->opt_serious_illness_case && !m->opt_occupation_case)
		viol_add(&v, "member", "nothing to change");
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, m->ward_code, false, &ward))
		return;
	uuid_format(m->id.data, id);

	struct db_job *job =
	    db_job_new(DB_WRITE,
	               "SELECT code, message, id, ward_code, replayed FROM "
	               "ansinh_api.member_update($1::uuid, $2::uuid, $3, $4, "
	               "$5::date, $6, "
	               "$7, $8, $9, $10::boolean, $11)",
	               request_write_done, req);
	db_job_param(job, req->request_id);
	db_job_param(job, id);
	db_job_param(job, request_opt(ward));
	db_job_param(job, m->opt_full_name_case ? m->full_name : NULL);
	/* An empty birth date clears it: the database sees NULL for "keep",
	 * so clearing is not offered for dates. */
	db_job_param(job, m->opt_birth_date_case ? request_opt(m->birth_date)
	                                         : NULL);
	db_job_param(job, m->sex != 0 ? names_sex((int)m->sex) : NULL);
	db_job_param(job, m->opt_citizen_id_case ? m->citizen_id : NULL);
	db_job_param(job, m->relation != 0 ? names_relation((int)m->relation)
	                                   : NULL);
	db_job_param(job, m->disability != 0
	                      ? names_disability((int)m->disability)
	                      : NULL);
	if (m->opt_serious_illness_case)
		db_job_param_bool(job, m->serious_illness);
	else
		db_job_param(job, NULL);
	db_job_param(job, m->opt_occupation_case ? m->occupation : NULL);
	request_submit(req, job);
}

void
h_member_list(struct request *req, const Ansinh__V1__MemberList *m)
{
	struct violations v = {0};
	const char *why = NULL;
	const char *ward;
	char hid[UUID_STR_SIZE];

	if (m->household_id.len == 0) {
		if (m->household_code[0] == '\0')
			viol_add(&v, "household_code",
			         "is required when no household_id is given");
		else
			viol_check(&v,
			           rule_household_code(m->household_code, &why),
			           "household_code", why);
	} else if (m->household_id.len != UUID_SIZE) {
		viol_add(&v, "household_id", "must be a 16-byte UUID");
	}
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, m->ward_code, m->household_id.len == 0, &ward))
		return;
	struct db_job *job = db_job_new(
	    DB_READ,
	    "SELECT id, ward_code, household_id, household_code, full_name, "
	    "birth_date, sex, citizen_id, relation, disability, "
	    "serious_illness, occupation, created_at, updated_at "
	    "FROM ansinh_api.member_list($1, $2::uuid, $3)",
	    mb_list_done, req);
	db_job_param(job, request_opt(ward));
	if (m->household_id.len == UUID_SIZE) {
		uuid_format(m->household_id.data, hid);
		db_job_param(job, hid);
		db_job_param(job, NULL);
	} else {
		db_job_param(job, NULL);
		db_job_param(job, m->household_code);
	}
	request_submit(req, job);
}

static void
mb_list_done(struct db_job *job, const PGresult *res,
             const struct db_error *err, void *arg)
{
	struct request *req = arg;
	(void)job;

	if (err != NULL) {
		request_db_error(req, err);
		return;
	}
	size_t n = (size_t)PQntuples(res);
	Ansinh__V1__Member *rows = calloc(n + 1, sizeof *rows);
	Ansinh__V1__Member **ptrs = calloc(n + 1, sizeof *ptrs);
	uint8_t(*ids)[2][UUID_SIZE] = calloc(n + 1, sizeof *ids);
	if (rows == NULL || ptrs == NULL || ids == NULL)
		abort();
	for (size_t i = 0; i < n; i++) {
		int r = (int)i;
		Ansinh__V1__Member *p = &rows[i];
		ansinh__v1__member__init(p);
		if (request_uuid_bytes(PQgetvalue(res, r, 0), ids[i][0])) {
			p->id.data = ids[i][0];
			p->id.len = UUID_SIZE;
		}
		p->ward_code = PQgetvalue(res, r, 1);
		if (request_uuid_bytes(PQgetvalue(res, r, 2), ids[i][1])) {
			p->household_id.data = ids[i][1];
			p->household_id.len = UUID_SIZE;
		}
		p->household_code = PQgetvalue(res, r, 3);
		p->full_name = PQgetvalue(res, r, 4);
		p->birth_date = PQgetvalue(res, r, 5);
		int e = names_sex_parse(PQgetvalue(res, r, 6));
		p->sex = e > 0 ? (Ansinh__V1__Sex)e : 0;
		p->citizen_id = PQgetvalue(res, r, 7);
		e = names_relation_parse(PQgetvalue(res, r, 8));
		p->relation = e > 0 ? (Ansinh__V1__Relation)e : 0;
		e = names_disability_parse(PQgetvalue(res, r, 9));
		p->disability = e > 0 ? (Ansinh__V1__Disability)e : 0;
		p->serious_illness = request_bool(res, r, 10);
		p->occupation = PQgetvalue(res, r, 11);
		p->created_at = PQgetvalue(res, r, 12);
		p->updated_at = PQgetvalue(res, r, 13);
		ptrs[i] = p;
	}
	Ansinh__V1__MemberListReply reply = ANSINH__V1__MEMBER_LIST_REPLY__INIT;
	reply.n_members = n;
	reply.members = ptrs;
	request_reply(req, ANSINH__V1__RESPONSE__BODY_MEMBERS, &reply);
	free(ids);
	free(ptrs);
	free(rows);
}
