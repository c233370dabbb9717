/*
 * cmd-fund.c — `ansinh fund list|add`.
 */
#include <stdio.h>
#include <stdlib.h>

#include "call.h"
#include "cmd.h"
#include "render.h"
#include "view.h"

static enum ansinh_exit cmd_fund_add_exec(struct cmd_ctx *ctx,
                                          const struct cmd_args *args);

static const struct cmd_flag cmd_fund_no_flags[] = {{.name = NULL}};

static const struct cmd_flag cmd_fund_add_flags[] = {
    {.name = "code",
     .kind = CMD_VALUE,
     .metavar = "C",
     .attrs = CMD_REQUIRED,
     .check = check_fund_code,
     .help = "short code, e.g. flood-relief: 2 to 32 lower-case "
             "letters, digits and -, starting with a letter"},
    {.name = "name",
     .kind = CMD_VALUE,
     .metavar = "N",
     .attrs = CMD_REQUIRED,
     .check = check_title,
     .help = "full name, unique, e.g. \"Quỹ cứu trợ (Relief fund)\""},
    {.name = NULL},
};

static const struct view_col cmd_fund_list_columns[] = {
    VIEW_F("code", "code", VIEW_VERBATIM),
    VIEW_F("name", "name", VIEW_VERBATIM),
};

static const struct view_list cmd_fund_list_view = VIEW_LIST(
    FUND_LIST, FUNDS, .rows = "funds", VIEW_COLS(cmd_fund_list_columns));

const struct cmd_entry cmd_fund_list_entry = {
    .noun = "fund",
    .verb = "list",
    .summary = "List the funds.",
    .help = "List the funds support is paid from (the Fund for the Poor, "
            "the\nsocial-assurance budget, the Gratitude fund, and any the "
            "district\nadded). Columns: code, name.",
    .flags = cmd_fund_no_flags,
    .list = &cmd_fund_list_view,
    .exec = view_list_exec,
};

const struct cmd_entry cmd_fund_add_entry = {
    .noun = "fund",
    .verb = "add",
    .summary = "Add a fund (district only).",
    .help = "Add a fund that support can be paid from, and print its "
            "code.\nOnly a district token may add funds.",
    .flags = cmd_fund_add_flags,
    .exec = cmd_fund_add_exec,
};

static enum ansinh_exit
cmd_fund_add_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	static const char *const columns[] = {"code", "name"};
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__FundCreate body = ANSINH__V1__FUND_CREATE__INIT;
	Ansinh__V1__Fund f = ANSINH__V1__FUND__INIT;
	Ansinh__V1__Response *resp;
	const Ansinh__V1__Fund *got;
	struct render_table *t;
	enum ansinh_exit rc;

	f.code = cmd_string(args, "code");
	f.name = cmd_string(args, "name");
	body.fund = &f;
	req.body_case = ANSINH__V1__REQUEST__BODY_FUND_CREATE;
	req.fund_create = &body;
	rc = call_request(ctx, &req, ANSINH__V1__RESPONSE__BODY_FUND, &resp);
	if (rc != ANSINH_EXIT_OK)
		return rc;
	got = resp->fund->fund;
	if (got == NULL) {
		cmd_error("protocol error from %s: the reply holds no fund",
		          ctx->cfg->server);
		ansinh__v1__response__free_unpacked(resp, NULL);
		return ANSINH_EXIT_PROTOCOL;
	}
	if (ctx->cfg->format != RENDER_JSON) {
		printf("%s\n", got->code);
	} else {
		t = render_table_new(columns, 2);
		render_str(t, got->code);
		render_str(t, got->name);
		render_record(stdout, RENDER_JSON, t, NULL, NULL);
		render_table_free(t);
	}
	ansinh__v1__response__free_unpacked(resp, NULL);
	return ANSINH_EXIT_OK;
}
