/*
 * h_agreement.c — coordination agreements (chương trình phối hợp) the
 * district or a ward signs with an association for a year's tasks: create
 * and list. Pairings and programmes name the agreement they serve
 * (h_pairing.c, h_programme.c).
 *
 * An agreement belongs to a ward, or (created by a district token with
 * district_wide) to the district as a whole, as a programme does.
 */
#include "op.h"
#include "rules.h"

/* Most characters of an agreement's tasks. */
#define AGREEMENT_TASKS_MAX RULE_NOTE_MAX

static void ag_check_create(struct op_call *c, const void *body,
                            struct violations *v);
static void ag_check_list(struct op_call *c, const void *body,
                          struct violations *v);

static const struct op_col ag_cols[] = {
    OP_COLS_REST,
    {"ward_code", "district_wide", .flags = OP_COL_ISNULL},
    OP_END,
};

static const struct op_arg ag_create_args[] = {
    OP_ARG("id", "agreement.id"),
    OP_ARG("district_wide", "agreement.district_wide"),
    OP_ARG("organization_id", "agreement.organization_id"),
    {"year", "agreement.year", .flags = OP_ZERO_NULL},
    OP_ARG("signed_on", "agreement.signed_on"),
    OP_ARG("tasks", "agreement.tasks"),
    OP_END,
};

static const struct op_arg ag_list_args[] = {
    {"year", "year", .flags = OP_ZERO_NULL},
    OP_ARG("organization_id", "organization_id"),
    OP_END,
};

const struct op_entry h_agreement_ops[] = {
    {
        .body = ANSINH__V1__REQUEST__BODY_AGREEMENT_CREATE,
        OP_WRITE_WARDS,
        .ward = OP_WARD_REQUIRED,
        .ward_field = "agreement.ward_code",
        .ward_missing_field = "agreement.ward_code",
        .ward_missing_why = "is required with a district token, unless "
                            "the agreement is district-wide",
        .needs = "agreement",
        .check = ag_check_create,
        .function = "ansinh_api.agreement_create",
        .args = ag_create_args,
        .reply = ANSINH__V1__RESPONSE__BODY_WRITE,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_AGREEMENT_LIST,
        OP_READ_WARDS,
        .check = ag_check_list,
        .function = "ansinh_api.agreement_list",
        .args = ag_list_args,
        .limit = OP_LIST_DEFAULT,
        .reply = ANSINH__V1__RESPONSE__BODY_AGREEMENTS,
        .rows = "agreements",
        .cols = ag_cols,
    },
    OP_END,
};

/* ---------------------------------------------------------------- checks */

static void
ag_check_create(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__Agreement *a =
	    ((const Ansinh__V1__AgreementCreate *)body)->agreement;
	const char *why = NULL;

	request_check_id(v, a->id, "agreement.id", true);
	request_check_id(v, a->organization_id, "agreement.organization_id",
	                 true);
	if (a->year != 0)
		viol_check(v, rule_year(a->year, &why), "agreement.year", why);
	request_check_date(v, a->signed_on, "agreement.signed_on", true);
	viol_check(v,
	           rule_text(a->tasks, AGREEMENT_TASKS_MAX, true, true, &why),
	           "agreement.tasks", why);
	if (a->pairing_count != 0 || a->programme_count != 0 ||
	    a->organization_name[0] != '\0' || a->created_at[0] != '\0')
		viol_add(v, "agreement.created_at",
		         "the counts, the organization's name and created_at "
		         "are set by the daemon");
	if (a->district_wide && a->ward_code[0] != '\0')
		viol_add(v, "agreement.ward_code",
		         "must be empty for a district-wide agreement");
	if (a->district_wide) {
		op_restrict(c, OP_ROLE_DISTRICT,
		            "only a district token may record a district "
		            "agreement");
		op_set_ward(c, OP_WARD_NONE);
	}
}

static void
ag_check_list(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__AgreementList *m = body;
	const char *why = NULL;
	(void)c;

	if (m->year != 0)
		viol_check(v, rule_year(m->year, &why), "year", why);
	request_check_id(v, m->organization_id, "organization_id", false);
}
