/*
 * h_programme.c — programmes and their distributions (each session a
 * programme holds): create and list.
 *
 * A programme belongs to a ward, or (created by a district token with
 * district_wide) to the district as a whole. A distribution is held in its
 * programme's ward, or, for a district-wide programme, in the ward named.
 * The SQL functions of distributions are still ansinh_api.session_create
 * and session_list; violations name the message "session".
 */
#include <stdio.h>
#include <string.h>

#include "op.h"
#include "rules.h"

#define DISTRIBUTION_GOODS_MAX  100
#define DISTRIBUTION_DONORS_MAX 100

static void pg_check_programme(struct op_call *c, const void *body,
                               struct violations *v);
static void pg_check_programme_list(struct op_call *c, const void *body,
                                    struct violations *v);
static void pg_check_distribution(struct op_call *c, const void *body,
                                  struct violations *v);
static void pg_check_distribution_list(struct op_call *c, const void *body,
                                       struct violations *v);

/* ansinh_api.programme_list: a programme without a ward is district-wide. */
static const struct op_col pg_programme_cols[] = {
    OP_COLS_REST_BUT("agreement_id"),
    {"ward_code", "district_wide", .flags = OP_COL_ISNULL},
    OP_COL_AS("session_count", "distribution_count"),
    OP_END,
};

/* ansinh_api.session_list: the goods as four parallel arrays. */
static const struct op_col pg_distribution_cols[] = {
    OP_COLS_REST_BUT("household_ids household_codes"),
    OP_COL_AS("goods_items", "goods.item"),
    OP_COL_AS("goods_quantities", "goods.quantity"),
    OP_COL_AS("goods_units", "goods.unit"),
    OP_COL_AS("goods_values", "goods.value_vnd"),
    OP_END,
};

static const struct op_arg pg_programme_args[] = {
    OP_ARG("id", "programme.id"),
    OP_ARG("district_wide", "programme.district_wide"),
    OP_ARG("name", "programme.name"),
    OP_ARG("organization_id", "programme.organization_id"),
    OP_ARG("kind", "programme.kind"),
    OP_ARG("schedule", "programme.schedule"),
    OP_ARG("agreement_id", "programme.agreement_id"),
    OP_END,
};

static const struct op_arg pg_programme_list_args[] = {
    OP_ARG("kind", "kind"),
    OP_END,
};

static const struct op_arg pg_distribution_args[] = {
    OP_ARG("id", "distribution.id"),
    OP_ARG("programme_id", "distribution.programme_id"),
    OP_ARG("held_on", "distribution.held_on"),
    {"residential_group", "distribution.residential_group",
     .flags = OP_ZERO_NULL},
    {"beneficiaries", "distribution.beneficiaries", .flags = OP_ZERO_NULL},
    OP_ARG("goods_items", "distribution.goods.item"),
    OP_ARG("goods_quantities", "distribution.goods.quantity"),
    OP_ARG("goods_units", "distribution.goods.unit"),
    OP_ARG("goods_values", "distribution.goods.value_vnd"),
    OP_ARG("household_ids", "distribution.household_ids"),
    OP_ARG("household_codes", "distribution.household_codes"),
    OP_ARG("donor_ids", "distribution.donor_ids"),
    OP_ARG("note", "distribution.note"),
    OP_END,
};

static const struct op_arg pg_distribution_list_args[] = {
    OP_ARG("programme_id", "programme_id"),
    OP_ARG("from_date", "from_date"),
    OP_ARG("to_date", "to_date"),
    OP_END,
};

const struct op_entry h_programme_ops[] = {
    {
        .body = ANSINH__V1__REQUEST__BODY_PROGRAMME_CREATE,
        OP_WRITE_WARDS,
        .ward = OP_WARD_REQUIRED,
        .ward_field = "programme.ward_code",
        .ward_missing_field = "programme.ward_code",
        .ward_missing_why = "is required with a district token, unless "
                            "the programme is district-wide",
        .needs = "programme",
        .check = pg_check_programme,
        .function = "ansinh_api.programme_create",
        .args = pg_programme_args,
        .reply = ANSINH__V1__RESPONSE__BODY_WRITE,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_PROGRAMME_LIST,
        OP_READ_WARDS,
        .check = pg_check_programme_list,
        .function = "ansinh_api.programme_list",
        .args = pg_programme_list_args,
        .limit = OP_LIST_DEFAULT,
        .reply = ANSINH__V1__RESPONSE__BODY_PROGRAMMES,
        .rows = "programmes",
        .cols = pg_programme_cols,
    },
    {
        /* A ward token acts in its ward; a district token may leave the
         * ward to the programme, and must name it for a district-wide one
         * (the database says so). */
        .body = ANSINH__V1__REQUEST__BODY_DISTRIBUTION_CREATE,
        OP_WRITE_WARDS,
        .ward = OP_WARD_OPTIONAL,
        .ward_field = "distribution.ward_code",
        .needs = "distribution",
        .needs_as = "session",
        .check = pg_check_distribution,
        .function = "ansinh_api.session_create",
        .args = pg_distribution_args,
        .reply = ANSINH__V1__RESPONSE__BODY_WRITE,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_DISTRIBUTION_LIST,
        OP_READ_WARDS,
        .check = pg_check_distribution_list,
        .function = "ansinh_api.session_list",
        .args = pg_distribution_list_args,
        .limit = OP_LIST_DEFAULT,
        .reply = ANSINH__V1__RESPONSE__BODY_DISTRIBUTIONS,
        .rows = "distributions",
        .cols = pg_distribution_cols,
    },
    OP_END,
};

/* ---------------------------------------------------------------- checks */

static void
pg_check_programme(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__Programme *p =
	    ((const Ansinh__V1__ProgrammeCreate *)body)->programme;
	const char *why = NULL;

	if (p->id.len != UUID_SIZE || uuid_is_nil(p->id.data))
		viol_add(v, "programme.id", "must be a 16-byte UUID");
	viol_check(v, rule_text(p->name, RULE_NAME_MAX, true, false, &why),
	           "programme.name", why);
	if (p->organization_id.len == 0)
		viol_add(v, "programme.organization_id", "is required");
	else
		viol_check(v,
		           rule_id(p->organization_id.data,
		                   p->organization_id.len, &why),
		           "programme.organization_id", why);
	if (p->kind == 0)
		viol_add(v, "programme.kind", "is required");
	else if (names_programme_kind((int)p->kind) == NULL)
		viol_add(v, "programme.kind", "is not a known programme kind");
	if (p->schedule[0] != '\0')
		viol_check(v,
		           rule_text(p->schedule, RULE_SCHEDULE_MAX, false,
		                     false, &why),
		           "programme.schedule", why);
	request_check_id(v, p->agreement_id, "programme.agreement_id", false);
	if (p->district_wide && p->ward_code[0] != '\0')
		viol_add(v, "programme.ward_code",
		         "must be empty for a district-wide programme");
	/* A programme of the district as a whole is in no ward. */
	if (p->district_wide) {
		op_restrict(c, OP_ROLE_DISTRICT,
		            "only a district token may create a district-wide "
		            "programme");
		op_set_ward(c, OP_WARD_NONE);
	}
}

static void
pg_check_programme_list(struct op_call *c, const void *body,
                        struct violations *v)
{
	const Ansinh__V1__ProgrammeList *m = body;
	(void)c;

	if (m->kind != 0 && names_programme_kind((int)m->kind) == NULL)
		viol_add(v, "kind", "is not a known programme kind");
}

static void
pg_check_distribution(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__Distribution *s =
	    ((const Ansinh__V1__DistributionCreate *)body)->distribution;
	const char *why = NULL;
	char f[96];
	size_t i;
	(void)c;

	if (s->id.len != UUID_SIZE || uuid_is_nil(s->id.data))
		viol_add(v, "distribution.id", "must be a 16-byte UUID");
	if (s->programme_id.len == 0)
		viol_add(v, "distribution.programme_id", "is required");
	else
		viol_check(
		    v, rule_id(s->programme_id.data, s->programme_id.len, &why),
		    "distribution.programme_id", why);
	viol_check(v, rule_past_date(s->held_on, &why), "distribution.held_on",
	           why);
	if (s->residential_group != 0)
		viol_check(v,
		           rule_residential_group(s->residential_group, &why),
		           "distribution.residential_group", why);
	if (s->beneficiaries != 0)
		viol_check(v, rule_beneficiaries(s->beneficiaries, &why),
		           "distribution.beneficiaries", why);
	if (s->n_goods > DISTRIBUTION_GOODS_MAX)
		viol_add(v, "distribution.goods",
		         "must have at most 100 lines");
	for (i = 0; i < s->n_goods && i < DISTRIBUTION_GOODS_MAX; i++) {
		const Ansinh__V1__GoodsLine *g = s->goods[i];

		snprintf(f, sizeof f, "distribution.goods[%zu].item", i);
		viol_check(v,
		           rule_text(g->item, RULE_NAME_MAX, true, false, &why),
		           f, why);
		snprintf(f, sizeof f, "distribution.goods[%zu].quantity", i);
		viol_check(v, rule_quantity(g->quantity, &why), f, why);
		snprintf(f, sizeof f, "distribution.goods[%zu].unit", i);
		viol_check(v,
		           rule_text(g->unit, RULE_UNIT_MAX, true, false, &why),
		           f, why);
		snprintf(f, sizeof f, "distribution.goods[%zu].value_vnd", i);
		viol_check(v, rule_vnd(g->value_vnd, &why), f, why);
	}
	request_check_household_count(
	    v, "distribution", s->n_household_ids, s->n_household_codes,
	    REQUEST_HOUSEHOLDS_MAX,
	    "a distribution lists at most 1000 households");
	for (i = 0; i < s->n_household_ids; i++) {
		snprintf(f, sizeof f, "distribution.household_ids[%zu]", i);
		viol_check(v,
		           rule_id(s->household_ids[i].data,
		                   s->household_ids[i].len, &why),
		           f, why);
	}
	for (i = 0; i < s->n_household_codes; i++) {
		snprintf(f, sizeof f, "distribution.household_codes[%zu]", i);
		viol_check(v, rule_household_code(s->household_codes[i], &why),
		           f, why);
	}
	if (s->n_donor_ids > DISTRIBUTION_DONORS_MAX)
		viol_add(v, "distribution.donor_ids",
		         "must have at most 100 donors");
	for (i = 0; i < s->n_donor_ids; i++) {
		snprintf(f, sizeof f, "distribution.donor_ids[%zu]", i);
		viol_check(
		    v, rule_id(s->donor_ids[i].data, s->donor_ids[i].len, &why),
		    f, why);
	}
	request_check_text(v, "distribution.note", s->note, RULE_NOTE_MAX,
	                   true);
}

static void
pg_check_distribution_list(struct op_call *c, const void *body,
                           struct violations *v)
{
	const Ansinh__V1__DistributionList *m = body;
	const char *why = NULL;
	(void)c;

	if (m->programme_id.len != 0)
		viol_check(
		    v, rule_id(m->programme_id.data, m->programme_id.len, &why),
		    "programme_id", why);
	if (m->from_date[0] != '\0')
		viol_check(v, rule_date(m->from_date, &why), "from_date", why);
	if (m->to_date[0] != '\0')
		viol_check(v, rule_date(m->to_date, &why), "to_date", why);
	if (v->n == 0 && m->from_date[0] != '\0' && m->to_date[0] != '\0' &&
	    strcmp(m->from_date, m->to_date) > 0)
		viol_add(v, "to_date", "must not be before from_date");
}
