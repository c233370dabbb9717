/*
 * h_pairing.c — sponsorship pairings: create, end, list.
 *
 * An organization signs up to help a household for a year. A household has
 * at most one open pairing per organization and year (the database answers
 * ALREADY_EXISTS); ending sets ended_on, not before signed_on.
 */
#include <stdio.h>

#include "op.h"
#include "rules.h"

static void pr_check_household(struct violations *v, const char *prefix,
                               ProtobufCBinaryData id, const char *code,
                               bool required);
static void pr_check_create(struct op_call *c, const void *body,
                            struct violations *v);
static void pr_check_end(struct op_call *c, const void *body,
                         struct violations *v);
static void pr_check_list(struct op_call *c, const void *body,
                          struct violations *v);

static const struct op_col pr_cols[] = {
    OP_COLS_REST_BUT("agreement_id"),
    OP_END,
};

static const struct op_arg pr_create_args[] = {
    OP_ARG("id", "pairing.id"),
    OP_ARG("organization_id", "pairing.organization_id"),
    OP_ARG("household_id", "pairing.household_id"),
    {"household_code", "pairing.household_code",
     .unless = "pairing.household_id"},
    {"year", "pairing.year", .flags = OP_ZERO_NULL},
    OP_ARG("commitment", "pairing.commitment"),
    OP_ARG("signed_on", "pairing.signed_on"),
    OP_ARG("agreement_id", "pairing.agreement_id"),
    OP_END,
};

static const struct op_arg pr_end_args[] = {
    OP_ARG("id", "id"),
    OP_ARG("ended_on", "ended_on"),
    OP_ARG("note", "note"),
    OP_END,
};

static const struct op_arg pr_list_args[] = {
    {"year", "year", .flags = OP_ZERO_NULL},
    OP_ARG("organization_id", "organization_id"),
    OP_ARG("household_id", "household_id"),
    {"household_code", "household_code", .unless = "household_id"},
    OP_ARG("open_only", "open_only"),
    OP_END,
};

const struct op_entry h_pairing_ops[] = {
    {
        .body = ANSINH__V1__REQUEST__BODY_PAIRING_CREATE,
        OP_WRITE_WARDS,
        .ward = OP_WARD_BY_CODE,
        .ward_field = "pairing.ward_code",
        .ward_unless = "pairing.household_id",
        .needs = "pairing",
        .check = pr_check_create,
        .function = "ansinh_api.pairing_create",
        .args = pr_create_args,
        .reply = ANSINH__V1__RESPONSE__BODY_WRITE,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_PAIRING_END,
        OP_WRITE_WARDS,
        .ward = OP_WARD_OPTIONAL,
        .ward_field = "ward_code",
        .check = pr_check_end,
        .function = "ansinh_api.pairing_end",
        .args = pr_end_args,
        .reply = ANSINH__V1__RESPONSE__BODY_WRITE,
    },
    {
        /* A household named by its code needs its ward. */
        .body = ANSINH__V1__REQUEST__BODY_PAIRING_LIST,
        .kind = OP_READ,
        .roles = OP_ROLES_ALL,
        .ward = OP_WARD_BY_CODE,
        .ward_field = "ward_code",
        .ward_unless = "household_id",
        .ward_if = "household_code",
        .check = pr_check_list,
        .function = "ansinh_api.pairing_list",
        .args = pr_list_args,
        .limit = OP_LIST_DEFAULT,
        .reply = ANSINH__V1__RESPONSE__BODY_PAIRINGS,
        .rows = "pairings",
        .cols = pr_cols,
    },
    OP_END,
};

/* The household: by id, or by code. */
static void
pr_check_household(struct violations *v, const char *prefix,
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

static void
pr_check_create(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__Pairing *p =
	    ((const Ansinh__V1__PairingCreate *)body)->pairing;
	const char *why = NULL;
	(void)c;

	if (p->id.len != UUID_SIZE || uuid_is_nil(p->id.data))
		viol_add(v, "pairing.id", "must be a 16-byte UUID");
	if (p->organization_id.len == 0)
		viol_add(v, "pairing.organization_id", "is required");
	else
		viol_check(v,
		           rule_id(p->organization_id.data,
		                   p->organization_id.len, &why),
		           "pairing.organization_id", why);
	pr_check_household(v, "pairing.", p->household_id, p->household_code,
	                   true);
	if (p->year != 0)
		viol_check(v, rule_year(p->year, &why), "pairing.year", why);
	if (p->signed_on[0] != '\0')
		viol_check(v, rule_past_date(p->signed_on, &why),
		           "pairing.signed_on", why);
	request_check_text(v, "pairing.commitment", p->commitment,
	                   RULE_NOTE_MAX, true);
	request_check_id(v, p->agreement_id, "pairing.agreement_id", false);
}

static void
pr_check_end(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__PairingEnd *m = body;
	const char *why = NULL;
	(void)c;

	if (m->id.len != UUID_SIZE || uuid_is_nil(m->id.data))
		viol_add(v, "pairing.id", "must be a 16-byte UUID");
	if (m->ended_on[0] != '\0')
		viol_check(v, rule_past_date(m->ended_on, &why),
		           "pairing.ended_on", why);
	request_check_text(v, "pairing.end_note", m->note, RULE_NOTE_MAX, true);
}

static void
pr_check_list(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__PairingList *m = body;
	const char *why = NULL;
	(void)c;

	if (m->year != 0)
		viol_check(v, rule_year(m->year, &why), "year", why);
	if (m->organization_id.len != 0)
		viol_check(v,
		           rule_id(m->organization_id.data,
		                   m->organization_id.len, &why),
		           "organization_id", why);
	pr_check_household(v, "", m->household_id, m->household_code, false);
}
