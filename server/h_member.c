/*
 * h_member.c — members of a household: create, update, list; and the
 * persons likely recorded twice anywhere in the district (district tokens
 * only: the same folded name and birth date, ansinh_api.member_duplicates).
 */
#include <string.h>

#include "op.h"
#include "rules.h"

static void mb_check(struct violations *v, const char *name, bool name_required,
                     const char *born, int sex, const char *citizen_id,
                     int relation, int disability, const char *occupation);
static void mb_check_create(struct op_call *c, const void *body,
                            struct violations *v);
static void mb_check_update(struct op_call *c, const void *body,
                            struct violations *v);
static void mb_check_list(struct op_call *c, const void *body,
                          struct violations *v);
static void mb_check_duplicates(struct op_call *c, const void *body,
                                struct violations *v);
static void mb_duplicates_done(struct op_call *c, const PGresult *res);

/* The rows of ansinh_api.member_list (member_row). */
static const struct op_col mb_cols[] = {
    OP_COLS_REST,
    OP_END,
};

static const struct request_constraint mb_constraints[] = {
    {"person_citizen_id_key", "member.citizen_id"},
    {NULL, NULL},
};

static const struct op_arg mb_create_args[] = {
    OP_ARG("id", "member.id"),
    OP_ARG("household_id", "member.household_id"),
    {"household_code", "member.household_code",
     .unless = "member.household_id"},
    OP_ARG("full_name", "member.full_name"),
    OP_ARG("birth_date", "member.birth_date"),
    OP_ARG("sex", "member.sex"),
    OP_ARG("citizen_id", "member.citizen_id"),
    OP_ARG("relation", "member.relation"),
    OP_ARG("disability", "member.disability"),
    OP_ARG("serious_illness", "member.serious_illness"),
    OP_ARG("occupation", "member.occupation"),
    OP_END,
};

/* Present opt_ fields only; '' clears the citizen ID or the occupation.
 * The database sees NULL for "keep", so a date cannot be cleared. */
static const struct op_arg mb_update_args[] = {
    OP_ARG("id", "id"),
    OP_ARG("full_name", "full_name"),
    {"birth_date", "birth_date", .flags = OP_EMPTY_NULL},
    OP_ARG("sex", "sex"),
    OP_ARG("citizen_id", "citizen_id"),
    OP_ARG("relation", "relation"),
    OP_ARG("disability", "disability"),
    OP_ARG("serious_illness", "serious_illness"),
    OP_ARG("occupation", "occupation"),
    OP_END,
};

static const struct op_arg mb_list_args[] = {
    OP_ARG("household_id", "household_id"),
    {"household_code", "household_code", .unless = "household_id"},
    OP_END,
};

static const struct op_arg mb_duplicates_args[] = {
    OP_ARG("ward", "ward_code"),
    OP_END,
};

/* One row per person of each group; group_no numbers the groups 1.. */
static const struct op_col mb_group_cols[] = {
    {"group_no", .flags = OP_COL_READ},
    OP_COL("birth_date"),
    OP_END,
};

static const struct op_col mb_duplicate_cols[] = {
    OP_COL("id"),           OP_COL("ward_code"),
    OP_COL("household_id"), OP_COL("household_code"),
    OP_COL("full_name"),    OP_COL("birth_date"),
    OP_COL("citizen_id"),   OP_END,
};

static const struct op_map mb_duplicate_maps[] = {
    {"groups.members", mb_duplicate_cols},
    {NULL, NULL},
};

const struct op_entry h_member_ops[] = {
    {
        .body = ANSINH__V1__REQUEST__BODY_MEMBER_CREATE,
        OP_WRITE_WARDS,
        /* A district token names the ward, or the household by id. */
        .ward = OP_WARD_BY_CODE,
        .ward_field = "member.ward_code",
        .ward_unless = "member.household_id",
        .needs = "member",
        .check = mb_check_create,
        .function = "ansinh_api.member_create",
        .args = mb_create_args,
        .constraints = mb_constraints,
        .reply = ANSINH__V1__RESPONSE__BODY_WRITE,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_MEMBER_UPDATE,
        OP_WRITE_WARDS,
        .ward = OP_WARD_OPTIONAL,
        .ward_field = "ward_code",
        .check = mb_check_update,
        .function = "ansinh_api.member_update",
        .args = mb_update_args,
        .constraints = mb_constraints,
        .reply = ANSINH__V1__RESPONSE__BODY_WRITE,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_MEMBER_LIST,
        .kind = OP_READ,
        .roles = OP_ROLES_ALL,
        .ward = OP_WARD_BY_CODE,
        .ward_field = "ward_code",
        .ward_unless = "household_id",
        .check = mb_check_list,
        .function = "ansinh_api.member_list",
        .args = mb_list_args,
        .reply = ANSINH__V1__RESPONSE__BODY_MEMBERS,
        .rows = "members",
        .cols = mb_cols,
        .personal = {.persons = "members.id"},
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_MEMBER_DUPLICATES,
        .kind = OP_READ,
        .roles = OP_ROLE_DISTRICT,
        .denied = "likely duplicates across wards are listed for "
                  "district tokens only",
        .check = mb_check_duplicates,
        .function = "ansinh_api.member_duplicates",
        .args = mb_duplicates_args,
        .limit = 100, /* groups */
        .reply = ANSINH__V1__RESPONSE__BODY_DUPLICATES,
        .rows = "groups",
        .cols = mb_group_cols,
        .also = mb_duplicate_maps,
        .done = mb_duplicates_done,
        .personal = {.persons = "groups.members.id"},
    },
    OP_END,
};

/* ---------------------------------------------------------------- checks */

/* NULL arguments are "not given"; enums 0 are "not given". */
static void
mb_check(struct violations *v, const char *name, bool name_required,
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

static void
mb_check_create(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__Member *p =
	    ((const Ansinh__V1__MemberCreate *)body)->member;
	const char *why = NULL;
	(void)c;

	if (p->id.len != UUID_SIZE || uuid_is_nil(p->id.data))
		viol_add(v, "member.id", "must be a 16-byte UUID");
	if (p->household_id.len == 0) {
		if (p->household_code[0] == '\0')
			viol_add(v, "member.household_code",
			         "is required when no household_id is given");
		else
			viol_check(v,
			           rule_household_code(p->household_code, &why),
			           "member.household_code", why);
	} else if (p->household_id.len != UUID_SIZE) {
		viol_add(v, "member.household_id", "must be a 16-byte UUID");
	}
	mb_check(v, p->full_name, true, p->birth_date, (int)p->sex,
	         p->citizen_id, (int)p->relation, (int)p->disability,
	         p->occupation);
}

static void
mb_check_update(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__MemberUpdate *m = body;
	(void)c;

	if (m->id.len != UUID_SIZE)
		viol_add(v, "member.id", "must be a 16-byte UUID");
	mb_check(v, m->opt_full_name_case ? m->full_name : NULL, true,
	         m->opt_birth_date_case ? m->birth_date : NULL, (int)m->sex,
	         m->opt_citizen_id_case ? m->citizen_id : NULL,
	         (int)m->relation, (int)m->disability,
	         m->opt_occupation_case ? m->occupation : NULL);
	if (!m->opt_full_name_case && !m->opt_birth_date_case && m->sex == 0 &&
	    !m->opt_citizen_id_case && m->relation == 0 && m->disability == 0 &&
	    !m->opt_serious_illness_case && !m->opt_occupation_case)
		viol_add(v, "member", "nothing to change");
}

static void
mb_check_list(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__MemberList *m = body;
	const char *why = NULL;
	(void)c;

	if (m->household_id.len == 0) {
		if (m->household_code[0] == '\0')
			viol_add(v, "household_code",
			         "is required when no household_id is given");
		else
			viol_check(v,
			           rule_household_code(m->household_code, &why),
			           "household_code", why);
	} else if (m->household_id.len != UUID_SIZE) {
		viol_add(v, "household_id", "must be a 16-byte UUID");
	}
}

static void
mb_check_duplicates(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__MemberDuplicates *m = body;
	const char *why = NULL;
	(void)c;

	if (m->ward_code[0] != '\0')
		viol_check(v, rule_ward_code(m->ward_code, &why), "ward_code",
		           why);
}

/* ---------------------------------------------------------------- replies */

/* Rows are ordered by group number, 1, 2, 3, …: keep the first `limit`
 * groups; one more group means there are more. */
static void
mb_duplicates_done(struct op_call *c, const PGresult *res)
{
	uint32_t limit = op_limit(c);
	size_t nrows = (size_t)PQntuples(res), kept;
	long long last =
	    nrows > 0 ? op_int(c, res, (int)nrows - 1, "group_no") : 0;
	bool more = last > (long long)limit;
	size_t ngroups = more ? limit : (size_t)(last > 0 ? last : 0);

	for (kept = 0; kept < nrows; kept++) {
		long long no = op_int(c, res, (int)kept, "group_no");
		if (no < 1 || no > (long long)ngroups)
			break;
	}
	Ansinh__V1__MemberDuplicatesReply *reply =
	    op_new(c, &ansinh__v1__member_duplicates_reply__descriptor);
	Ansinh__V1__DuplicateGroup **groups =
	    op_alloc(c, (ngroups + 1) * sizeof *groups);
	Ansinh__V1__Member **members =
	    op_alloc(c, (kept + 1) * sizeof *members);
	Ansinh__V1__DuplicateGroup *g = NULL;
	long long at = 0;
	bool ok = true;

	for (size_t i = 0; ok && i < kept; i++) {
		long long no = op_int(c, res, (int)i, "group_no");
		if (g == NULL || no != at) {
			/* The function numbers groups 1..n, each once. */
			if (groups[no - 1] != NULL) {
				ok = false;
				break;
			}
			g = op_new(c, &ansinh__v1__duplicate_group__descriptor);
			ok = op_fill(c, g, mb_group_cols, NULL, res, (int)i);
			g->members = &members[i];
			groups[no - 1] = g;
			at = no;
		}
		members[i] = op_new(c, &ansinh__v1__member__descriptor);
		ok = ok && op_fill(c, members[i], mb_duplicate_cols, NULL, res,
		                   (int)i);
		g->n_members++;
	}
	for (size_t i = 0; ok && i < ngroups; i++)
		ok = groups[i] != NULL;
	if (!ok) {
		op_fail(c, ANSINH__V1__CODE__INTERNAL,
		        "unexpected reply from the database");
		return;
	}
	reply->n_groups = ngroups;
	reply->groups = groups;
	reply->more = more;
	op_reply(c, reply);
}
