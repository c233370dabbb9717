/*
 * h_ward.c — Ping and the ward list.
 */
#include "op.h"

static void h_ping(struct op_call *c, const void *body);

static const struct op_col ward_cols[] = {
    OP_COL("code"),
    OP_COL("name"),
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
        .function = "ansinh_api.ward_list",
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
