/*
 * h_standard.c — poverty standards: add one (district tokens only), list
 * them with the indicators of deprivation each counts.
 *
 * A standard is district-wide reference data; ansinh_api.standard_create
 * refuses anything but a district session a second time, and row-level
 * security a third.
 */
#include <string.h>

#include "op.h"
#include "rules.h"

static void st_check_create(struct op_call *c, const void *body,
                            struct violations *v);
static void st_check_list(struct op_call *c, const void *body,
                          struct violations *v);
static void st_list_done(struct op_call *c, const PGresult *res);

/* ansinh_api.standard_list (standard_row). */
static const struct op_col st_cols[] = {
    OP_COLS_REST,
    OP_END,
};

/* ansinh_api.standard_indicator_list. */
static const struct op_col st_indicator_cols[] = {
    OP_COLS_REST,
    OP_END,
};

static const struct op_arg st_create_args[] = {
    OP_ARG("id", "standard.id"),
    OP_ARG("code", "standard.code"),
    OP_ARG("area", "standard.area"),
    OP_ARG("name", "standard.name"),
    OP_ARG("scope", "standard.scope"),
    OP_ARG("valid_from", "standard.valid_from"),
    OP_ARG("valid_to", "standard.valid_to"),
    OP_ARG("income_line_vnd", "standard.income_line_vnd"),
    OP_ARG("near_poor_ceiling_vnd", "standard.near_poor_ceiling_vnd"),
    OP_ARG("average_ceiling_vnd", "standard.average_ceiling_vnd"),
    OP_ARG("min_deprivations", "standard.min_deprivations"),
    OP_ARG("note", "standard.note"),
    OP_END,
};

static const struct op_arg st_list_args[] = {
    OP_ARG("year", "year"),
    OP_END,
};

static const struct op_arg st_indicator_args[] = {
    OP_ARG("standard_code", "standard_code"),
    OP_ARG("year", "year"),
    OP_END,
};

/* The standards and, beside them, the indicators of each: one result. */
static const struct op_join st_indicators = {
    .kind = OP_JOIN_ZIP,
    .function = "ansinh_api.standard_indicator_list",
    .args = st_indicator_args,
    .rows = "indicators",
    .cols = st_indicator_cols,
    .order = "coalesce(m.ordinality, j.ordinality)",
};

const struct op_entry h_standard_ops[] = {
    {
        .body = ANSINH__V1__REQUEST__BODY_STANDARD_CREATE,
        .kind = OP_WRITE,
        .roles = OP_ROLE_DISTRICT,
        .denied = "only a district token may add a poverty standard",
        .needs = "standard",
        .check = st_check_create,
        .function = "ansinh_api.standard_create",
        .args = st_create_args,
        .reply = ANSINH__V1__RESPONSE__BODY_WRITE,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_STANDARD_LIST,
        .kind = OP_READ,
        .roles = OP_ROLES_ALL,
        .check = st_check_list,
        .function = "ansinh_api.standard_list",
        .args = st_list_args,
        .join = &st_indicators,
        .reply = ANSINH__V1__RESPONSE__BODY_STANDARDS,
        .rows = "standards",
        .cols = st_cols,
        .done = st_list_done,
    },
    OP_END,
};

static void
st_check_create(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__PovertyStandard *s =
	    ((const Ansinh__V1__StandardCreate *)body)->standard;
	const char *why = NULL;
	(void)c;

	request_check_id(v, s->id, "standard.id", true);
	viol_check(v, rule_standard_code(s->code, &why), "standard.code", why);
	if (names_area((int)s->area) == NULL)
		viol_add(v, "standard.area", "is required: urban or rural");
	viol_check(v, rule_text(s->name, RULE_NAME_MAX, true, false, &why),
	           "standard.name", why);
	if (names_scope((int)s->scope) == NULL)
		viol_add(v, "standard.scope", "is required: central or city");
	viol_check(v, rule_date(s->valid_from, &why), "standard.valid_from",
	           why);
	viol_check(v, rule_date(s->valid_to, &why), "standard.valid_to", why);
	if (rule_date(s->valid_from, NULL) && rule_date(s->valid_to, NULL) &&
	    strcmp(s->valid_to, s->valid_from) < 0)
		viol_add(v, "standard.valid_to",
		         "must not be before valid_from");
	if (s->income_line_vnd < 1)
		viol_add(v, "standard.income_line_vnd", "must be at least 1");
	else
		viol_check(v, rule_vnd(s->income_line_vnd, &why),
		           "standard.income_line_vnd", why);
	if (s->near_poor_ceiling_vnd != 0 &&
	    s->near_poor_ceiling_vnd < s->income_line_vnd)
		viol_add(v, "standard.near_poor_ceiling_vnd",
		         "must not be below the income line");
	else
		viol_check(v, rule_vnd(s->near_poor_ceiling_vnd, &why),
		           "standard.near_poor_ceiling_vnd", why);
	if (s->average_ceiling_vnd != 0 &&
	    s->average_ceiling_vnd < (s->near_poor_ceiling_vnd != 0
	                                  ? s->near_poor_ceiling_vnd
	                                  : s->income_line_vnd))
		viol_add(v, "standard.average_ceiling_vnd",
		         "must not be below the near-poor ceiling");
	else
		viol_check(v, rule_vnd(s->average_ceiling_vnd, &why),
		           "standard.average_ceiling_vnd", why);
	if (s->min_deprivations != 0)
		viol_check(v, rule_min_deprivations(s->min_deprivations, &why),
		           "standard.min_deprivations", why);
	request_check_text(v, "standard.note", s->note, RULE_NOTE_MAX, true);
}

static void
st_check_list(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__StandardList *m = body;
	const char *why = NULL;
	(void)c;

	if (m->year != 0)
		viol_check(v, rule_year(m->year, &why), "year", why);
	if (m->standard_code[0] != '\0')
		viol_check(v, rule_standard_code(m->standard_code, &why),
		           "standard_code", why);
}

/* Row k holds the k-th standard and the k-th indicator, either NULL when
 * the other list is longer. */
static void
st_list_done(struct op_call *c, const PGresult *res)
{
	const char *prefix = op_join_prefix(c);
	char code[160];
	int n = PQntuples(res);
	bool ok = true;

	Ansinh__V1__StandardListReply *reply =
	    op_new(c, &ansinh__v1__standard_list_reply__descriptor);
	reply->standards = op_alloc(c, (size_t)n * sizeof *reply->standards);
	reply->indicators = op_alloc(c, (size_t)n * sizeof *reply->indicators);
	snprintf(code, sizeof code, "%scode", prefix);
	for (int i = 0; ok && i < n; i++) {
		if (!op_null(c, res, i, "code")) {
			Ansinh__V1__PovertyStandard *s = op_new(
			    c, &ansinh__v1__poverty_standard__descriptor);
			ok = op_fill(c, s, st_cols, NULL, res, i);
			reply->standards[reply->n_standards++] = s;
		}
		if (ok && !op_null(c, res, i, code)) {
			Ansinh__V1__Indicator *x =
			    op_new(c, &ansinh__v1__indicator__descriptor);
			ok = op_fill(c, x, st_indicator_cols, prefix, res, i);
			reply->indicators[reply->n_indicators++] = x;
		}
	}
	if (!ok) {
		op_fail(c, ANSINH__V1__CODE__INTERNAL,
		        "unexpected reply from the database");
		return;
	}
	op_reply(c, reply);
}
