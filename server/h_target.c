/*
 * h_target.c — yearly targets: set (district only) and list (everyone).
 *
 * A target is one value per year, scope (a ward, or the district as a whole
 * when the ward is empty) and metric. Setting it again replaces the value;
 * the database keeps every value in ansinh.target_history.
 */
#include "op.h"
#include "rules.h"

static void tg_check_set(struct op_call *c, const void *body,
                         struct violations *v);
static void tg_check_list(struct op_call *c, const void *body,
                          struct violations *v);

static const struct op_col tg_cols[] = {
    OP_COLS_REST,
    OP_END,
};

static const struct op_arg tg_set_args[] = {
    OP_ARG("id", "target.id"),          OP_ARG("year", "target.year"),
    OP_ARG("ward", "target.ward_code"), OP_ARG("metric", "target.metric"),
    OP_ARG("value", "target.value"),    OP_END,
};

static const struct op_arg tg_list_args[] = {
    {"year", "year", .flags = OP_ZERO_NULL},
    OP_END,
};

const struct op_entry h_target_ops[] = {
    {
        .body = ANSINH__V1__REQUEST__BODY_TARGET_SET,
        .kind = OP_WRITE,
        .roles = OP_ROLE_DISTRICT,
        .denied = "only a district token may set targets",
        .needs = "target",
        .check = tg_check_set,
        .function = "ansinh_api.target_set",
        .args = tg_set_args,
        .reply = ANSINH__V1__RESPONSE__BODY_WRITE,
    },
    {
        /* Without a ward: every target the session may see (a ward token
         * sees the district's and its own ward's). With one: that ward's
         * only, and a ward token may name only its own. */
        .body = ANSINH__V1__REQUEST__BODY_TARGET_LIST,
        .kind = OP_READ,
        .roles = OP_ROLES_ALL,
        .ward = OP_WARD_FILTER,
        .ward_field = "ward_code",
        .check = tg_check_list,
        .function = "ansinh_api.target_list",
        .args = tg_list_args,
        .reply = ANSINH__V1__RESPONSE__BODY_TARGETS,
        .rows = "targets",
        .cols = tg_cols,
    },
    OP_END,
};

static void
tg_check_set(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__Target *t =
	    ((const Ansinh__V1__TargetSet *)body)->target;
	const char *why = NULL;
	(void)c;

	if (t->id.len != UUID_SIZE || uuid_is_nil(t->id.data))
		viol_add(v, "target.id", "must be a 16-byte UUID");
	viol_check(v, rule_year(t->year, &why), "target.year", why);
	if (t->ward_code[0] != '\0')
		viol_check(v, rule_ward_code(t->ward_code, &why),
		           "target.ward_code", why);
	if (t->metric == 0)
		viol_add(v, "target.metric", "is required");
	else if (names_target_metric((int)t->metric) == NULL)
		viol_add(v, "target.metric", "is not a known target metric");
	viol_check(v, rule_target_value(t->value, &why), "target.value", why);
}

static void
tg_check_list(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__TargetList *m = body;
	const char *why = NULL;
	(void)c;

	if (m->year != 0)
		viol_check(v, rule_year(m->year, &why), "year", why);
}
