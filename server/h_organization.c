/*
 * h_organization.c — organizations, a shared reference list: add (a ward
 * token for its own ward; a district token for any ward, or none) and list
 * (every token sees all). ansinh_api.organization_create keeps its own
 * request log and audit trail.
 */
#include "op.h"
#include "rules.h"

static void or_check_create(struct op_call *c, const void *body,
                            struct violations *v);
static void or_check_list(struct op_call *c, const void *body,
                          struct violations *v);

static const struct op_col or_cols[] = {
    OP_COLS_REST,
    OP_END,
};

static const struct op_arg or_create_args[] = {
    OP_ARG("id", "organization.id"),
    OP_ARG("name", "organization.name"),
    OP_ARG("kind", "organization.kind"),
    OP_END,
};

/* Organizations are shared: any session may list any ward's. */
static const struct op_arg or_list_args[] = {
    OP_ARG("kind", "kind"),
    OP_ARG("ward", "ward_code"),
    OP_END,
};

static const struct request_constraint or_constraints[] = {
    {"organization_name_key", "organization.name"},
    {NULL, NULL},
};

const struct op_entry h_organization_ops[] = {
    {
        .body = ANSINH__V1__REQUEST__BODY_ORGANIZATION_CREATE,
        OP_WRITE_WARDS,
        .ward = OP_WARD_OPTIONAL,
        .ward_field = "organization.ward_code",
        .needs = "organization",
        .check = or_check_create,
        .function = "ansinh_api.organization_create",
        .args = or_create_args,
        .constraints = or_constraints,
        .reply = ANSINH__V1__RESPONSE__BODY_WRITE,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_ORGANIZATION_LIST,
        .kind = OP_READ,
        .roles = OP_ROLES_ALL,
        .check = or_check_list,
        .function = "ansinh_api.organization_list",
        .args = or_list_args,
        .reply = ANSINH__V1__RESPONSE__BODY_ORGANIZATIONS,
        .rows = "organizations",
        .cols = or_cols,
    },
    OP_END,
};

static void
or_check_create(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__Organization *o =
	    ((const Ansinh__V1__OrganizationCreate *)body)->organization;
	const char *why = NULL;
	(void)c;

	request_check_id(v, o->id, "organization.id", true);
	viol_check(v, rule_text(o->name, RULE_TITLE_MAX, true, false, &why),
	           "organization.name", why);
	if (o->kind == 0)
		viol_add(v, "organization.kind", "is required");
	else if (names_org_kind((int)o->kind) == NULL)
		viol_add(v, "organization.kind", "is not a known kind");
	if (o->ward_code[0] != '\0')
		viol_check(v, rule_ward_code(o->ward_code, &why),
		           "organization.ward_code", why);
}

static void
or_check_list(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__OrganizationList *m = body;
	const char *why = NULL;
	(void)c;

	if (m->kind != 0 && names_org_kind((int)m->kind) == NULL)
		viol_add(v, "kind", "is not a known kind");
	if (m->ward_code[0] != '\0')
		viol_check(v, rule_ward_code(m->ward_code, &why), "ward_code",
		           why);
}
