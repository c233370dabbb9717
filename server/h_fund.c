/*
 * h_fund.c — the funds, a shared reference list: list (everyone), add
 * (district only). ansinh_api.fund_create keeps its own request log and
 * audit trail (a fund belongs to no ward).
 */
#include "op.h"
#include "rules.h"

static void fd_check_create(struct op_call *c, const void *body,
                            struct violations *v);
static void fd_create_done(struct op_call *c, const PGresult *res);

static const struct op_col fd_cols[] = {
    OP_COL("code"),
    OP_COL("name"),
    OP_COL("created_at"),
    OP_END,
};

static const struct op_arg fd_create_args[] = {
    OP_ARG("code", "fund.code"),
    OP_ARG("name", "fund.name"),
    OP_END,
};

static const struct request_constraint fd_constraints[] = {
    {"fund_pkey", "fund.code"},
    {"fund_name_key", "fund.name"},
    {NULL, NULL},
};

const struct op_entry h_fund_ops[] = {
    {
        .body = ANSINH__V1__REQUEST__BODY_FUND_LIST,
        .kind = OP_READ,
        .roles = OP_ROLES_ALL,
        .function = "ansinh_api.fund_list",
        .reply = ANSINH__V1__RESPONSE__BODY_FUNDS,
        .rows = "funds",
        .cols = fd_cols,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_FUND_CREATE,
        .kind = OP_WRITE,
        .roles = OP_ROLE_DISTRICT,
        .denied = "only the district may add funds",
        .needs = "fund",
        .check = fd_check_create,
        .function = "ansinh_api.fund_create",
        .args = fd_create_args,
        .constraints = fd_constraints,
        .keep = true,
        .reply = ANSINH__V1__RESPONSE__BODY_FUND,
        .done = fd_create_done,
    },
    OP_END,
};

static void
fd_check_create(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__Fund *f =
	    ((const Ansinh__V1__FundCreate *)body)->fund;
	const char *why = NULL;
	(void)c;

	viol_check(v, rule_fund_code(f->code, &why), "fund.code", why);
	viol_check(v, rule_text(f->name, RULE_TITLE_MAX, true, false, &why),
	           "fund.name", why);
}

/* The fund as the request named it (a fund is keyed by its code). */
static void
fd_create_done(struct op_call *c, const PGresult *res)
{
	const Ansinh__V1__FundCreate *m = op_body(c);
	Ansinh__V1__FundReply *reply =
	    op_new(c, &ansinh__v1__fund_reply__descriptor);

	reply->fund = op_new(c, &ansinh__v1__fund__descriptor);
	reply->fund->code = m->fund->code;
	reply->fund->name = m->fund->name;
	reply->replayed = op_text(c, res, 0, "replayed")[0] == 't';
	op_reply(c, reply);
}
