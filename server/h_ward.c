/*
 * h_ward.c — Ping and the ward list: the ward-level administrative units
 * (sql/migrations/0020) valid today or on a day, or all with history.
 */
#include "op.h"
#include "rules.h"

static void h_ping(struct op_call *c, const void *body);

static void ward_check_list(struct op_call *c, const void *body,
                            struct violations *v);

/* ansinh_api.ward_list: the administrative units of ward level. */
static const struct op_col ward_cols[] = {
    OP_COLS_REST,
    OP_END,
};

static const struct op_arg ward_list_args[] = {
    OP_ARG("as_of", "as_of"),
    OP_ARG("history", "history"),
    OP_END,
};

const struct op_entry h_ward_ops[] = {
    {
        .body = ANSINH__V1__REQUEST__BODY_PING,
        .kind = OP_READ,
        .roles = OP_ROLES_ALL,
        .reply = ANSINH__V1__RESPONSE__BODY_PONG,
        .answer = h_ping,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_WARD_LIST,
        .kind = OP_READ,
        .roles = OP_ROLES_ALL,
        .check = ward_check_list,
        .function = "ansinh_api.ward_list",
        .args = ward_list_args,
        .reply = ANSINH__V1__RESPONSE__BODY_WARDS,
        .rows = "wards",
        .cols = ward_cols,
    },
    OP_END,
};

static void
h_ping(struct op_call *c, const void *body)
{
	Ansinh__V1__Pong pong = ANSINH__V1__PONG__INIT;

	pong.payload = ((const Ansinh__V1__Ping *)body)->payload;
	op_reply(c, &pong);
}

static void
ward_check_list(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__WardList *m = body;
	const char *why = NULL;
	(void)c;

	if (m->as_of[0] != '\0')
		viol_check(v, rule_date(m->as_of, &why), "as_of", why);
	if (m->as_of[0] != '\0' && m->history)
		viol_add(v, "history", "goes without as_of");
}
