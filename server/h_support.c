/*
 * h_support.c — support given, the money ledger: create (a named need
 * becomes fulfilled in the same transaction), reverse (a reversing entry;
 * the only correction there is), get, list with totals.
 *
 * The database refuses UPDATE, DELETE and TRUNCATE of ansinh.support to
 * everyone, the daemon's role included (no privilege, and a trigger).
 */
#include <string.h>

#include "op.h"
#include "rules.h"

static void sp_check_org(struct violations *v, ProtobufCBinaryData id,
                         const char *name, const char *prefix);
static void sp_check_create(struct op_call *c, const void *body,
                            struct violations *v);
static void sp_check_reverse(struct op_call *c, const void *body,
                             struct violations *v);
static void sp_check_get(struct op_call *c, const void *body,
                         struct violations *v);
static void sp_check_list(struct op_call *c, const void *body,
                          struct violations *v);
static void sp_list_done(struct op_call *c, const PGresult *res);

/* The rows of ansinh_api.support_get/support_list (support_row). */
static const struct op_col sp_cols[] = {
    OP_COLS_REST,
    OP_COL_AS("person_id", "member_id"),
    OP_END,
};

/* ansinh_api.support_totals (support_sum): problem names a filter that
 * matches nothing that exists. */
static const struct op_col sp_totals_cols[] = {
    OP_COLS_REST,
    {"problem", .flags = OP_COL_READ},
    OP_END,
};

static const struct op_arg sp_create_args[] = {
    OP_ARG("id", "support.id"),
    OP_ARG("household_id", "support.household_id"),
    {"household_code", "support.household_code",
     .unless = "support.household_id"},
    OP_ARG("person_id", "support.member_id"),
    OP_ARG("kind", "support.kind"),
    OP_ARG("description", "support.description"),
    OP_ARG("amount_vnd", "support.amount_vnd"),
    OP_ARG("given_on", "support.given_on"),
    OP_ARG("fund_code", "support.fund_code"),
    OP_ARG("organization_id", "support.organization_id"),
    {"organization_name", "support.organization_name",
     .unless = "support.organization_id"},
    OP_ARG("need_id", "support.need_id"),
    OP_END,
};

static const struct op_arg sp_reverse_args[] = {
    OP_ARG("id", "id"),
    OP_ARG("original_id", "original_id"),
    OP_ARG("reason", "reason"),
    OP_ARG("reversed_on", "date"),
    OP_END,
};

static const struct op_arg sp_get_args[] = {
    OP_ARG("id", "id"),
    OP_END,
};

/* The filters of support_totals and of support_list. */
static const struct op_arg sp_list_args[] = {
    {"ward", .flags = OP_THE_WARD},
    OP_ARG("household_id", "household_id"),
    {"household_code", "household_code", .unless = "household_id"},
    OP_ARG("fund_code", "fund_code"),
    OP_ARG("organization_id", "organization_id"),
    {"organization_name", "organization_name", .unless = "organization_id"},
    OP_ARG("from_date", "from"),
    OP_ARG("to_date", "to"),
    OP_ARG("kind", "kind"),
    OP_END,
};

/* One round trip: the totals over every match, then the rows of the page
 * (or one row of NULLs when nothing matches). */
static const struct op_join sp_page = {
    .kind = OP_JOIN_LATERAL,
    .function = "ansinh_api.support_list",
    .args = sp_list_args,
    .rows = "supports",
    .cols = sp_cols,
    .paged = true,
    .ordinality = true,
    .order = "j.ordinality",
};

static const struct request_constraint sp_constraints[] = {
    {"support_reversed_once", "support.original_id"},
    {NULL, NULL},
};

const struct op_entry h_support_ops[] = {
    {
        .body = ANSINH__V1__REQUEST__BODY_SUPPORT_CREATE,
        OP_WRITE_WARDS,
        .ward = OP_WARD_BY_CODE,
        .ward_field = "support.ward_code",
        .ward_unless = "support.household_id",
        .needs = "support",
        .check = sp_check_create,
        .function = "ansinh_api.support_create",
        .args = sp_create_args,
        .reply = ANSINH__V1__RESPONSE__BODY_WRITE,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_SUPPORT_REVERSE,
        OP_WRITE_WARDS,
        .ward = OP_WARD_OPTIONAL,
        .ward_field = "ward_code",
        .check = sp_check_reverse,
        .function = "ansinh_api.support_reverse",
        .args = sp_reverse_args,
        .constraints = sp_constraints,
        .reply = ANSINH__V1__RESPONSE__BODY_WRITE,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_SUPPORT_GET,
        OP_READ_WARDS,
        .check = sp_check_get,
        .function = "ansinh_api.support_get",
        .args = sp_get_args,
        .reply = ANSINH__V1__RESPONSE__BODY_SUPPORT,
        .rows = "support",
        .cols = sp_cols,
        .not_found = "no such support entry",
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_SUPPORT_LIST,
        OP_READ_WARDS,
        .check = sp_check_list,
        .function = "ansinh_api.support_totals",
        .args = sp_list_args,
        .join = &sp_page,
        .limit = OP_LIST_DEFAULT,
        .reply = ANSINH__V1__RESPONSE__BODY_SUPPORTS,
        .rows = "totals",
        .cols = sp_totals_cols,
        .done = sp_list_done,
    },
    OP_END,
};

/* ---------------------------------------------------------------- checks */

/* An organization named by id or by name (both optional). */
static void
sp_check_org(struct violations *v, ProtobufCBinaryData id, const char *name,
             const char *prefix)
{
	char f[96];
	const char *why = NULL;

	snprintf(f, sizeof f, "%s.organization_id", prefix);
	request_check_id(v, id, f, false);
	if (name[0] != '\0') {
		snprintf(f, sizeof f, "%s.organization_name", prefix);
		viol_check(v,
		           rule_text(name, RULE_TITLE_MAX, true, false, &why),
		           f, why);
	}
}

static void
sp_check_create(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__Support *s =
	    ((const Ansinh__V1__SupportCreate *)body)->support;
	const char *why = NULL;
	(void)c;

	request_check_id(v, s->id, "support.id", true);
	request_check_household(v, "support", s->household_id,
	                        s->household_code, true);
	request_check_id(v, s->member_id, "support.member_id", false);
	if (s->kind == 0)
		viol_add(v, "support.kind", "is required");
	else if (names_support_kind((int)s->kind) == NULL)
		viol_add(v, "support.kind", "is not a known kind of support");
	viol_check(
	    v,
	    rule_text(s->description, RULE_DESCRIPTION_MAX, true, false, &why),
	    "support.description", why);
	viol_check(v, rule_vnd(s->amount_vnd, &why), "support.amount_vnd", why);
	request_check_date(v, s->given_on, "support.given_on", true);
	if (s->fund_code[0] != '\0')
		viol_check(v, rule_fund_code(s->fund_code, &why),
		           "support.fund_code", why);
	sp_check_org(v, s->organization_id, s->organization_name, "support");
	if (s->fund_code[0] == '\0' && s->organization_id.len == 0 &&
	    s->organization_name[0] == '\0')
		viol_add(v, "support.fund_code",
		         "a fund or a sponsoring organization (or both) is "
		         "required");
	request_check_id(v, s->need_id, "support.need_id", false);
	if (s->reverses_id.len != 0 || s->reason[0] != '\0')
		viol_add(v, "support.reverses_id",
		         "a reversing entry is recorded with SupportReverse");
}

static void
sp_check_reverse(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__SupportReverse *m = body;
	const char *why = NULL;
	(void)c;

	request_check_id(v, m->id, "support.id", true);
	request_check_id(v, m->original_id, "support.original_id", true);
	viol_check(
	    v, rule_text(m->reason, RULE_DESCRIPTION_MAX, true, false, &why),
	    "support.reason", why);
	request_check_date(v, m->date, "support.date", true);
	if (m->id.len == UUID_SIZE && m->original_id.len == UUID_SIZE &&
	    memcmp(m->id.data, m->original_id.data, UUID_SIZE) == 0)
		viol_add(v, "support.id",
		         "must differ from the entry it reverses");
}

static void
sp_check_get(struct op_call *c, const void *body, struct violations *v)
{
	(void)c;
	request_check_id(v, ((const Ansinh__V1__SupportGet *)body)->id,
	                 "support.id", true);
}

static void
sp_check_list(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__SupportList *m = body;
	const char *why = NULL;
	(void)c;

	request_check_household(v, "support", m->household_id,
	                        m->household_code, false);
	if (m->fund_code[0] != '\0')
		viol_check(v, rule_fund_code(m->fund_code, &why),
		           "support.fund_code", why);
	sp_check_org(v, m->organization_id, m->organization_name, "support");
	request_check_date(v, m->from, "from", false);
	request_check_date(v, m->to, "to", false);
	if (m->from[0] != '\0' && m->to[0] != '\0' &&
	    strcmp(m->from, m->to) > 0)
		viol_add(v, "to", "must not be before from");
	if (m->kind != 0 && names_support_kind((int)m->kind) == NULL)
		viol_add(v, "kind", "is not a known kind of support");
}

/* ---------------------------------------------------------------- replies */

static void
sp_list_done(struct op_call *c, const PGresult *res)
{
	char id[160];
	int n = PQntuples(res);

	if (n < 1) {
		op_fail(c, ANSINH__V1__CODE__INTERNAL,
		        "unexpected reply from the database");
		return;
	}
	if (!op_null(c, res, 0, "problem")) {
		op_fail(c, ANSINH__V1__CODE__NOT_FOUND, "%s",
		        op_text(c, res, 0, "problem"));
		return;
	}
	snprintf(id, sizeof id, "%sid", op_join_prefix(c));
	if (n == 1 && op_null(c, res, 0, id))
		n = 0;
	bool more = (uint32_t)n > op_limit(c);
	if (more)
		n = (int)op_limit(c);
	Ansinh__V1__SupportListReply *reply =
	    op_new(c, &ansinh__v1__support_list_reply__descriptor);
	reply->totals = op_new(c, &ansinh__v1__support_totals__descriptor);
	reply->more = more;
	if (!op_fill(c, reply->totals, sp_totals_cols, NULL, res, 0) ||
	    !op_fill_rows(c, reply, "supports", sp_cols, op_join_prefix(c), res,
	                  0, n)) {
		op_fail(c, ANSINH__V1__CODE__INTERNAL,
		        "unexpected reply from the database");
		return;
	}
	op_reply(c, reply);
}
