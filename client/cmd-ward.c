/*
 * cmd-ward.c — `ansinh ward list`.
 */
#include <stdio.h>
#include <stdlib.h>

#include "call.h"
#include "cmd.h"
#include "render.h"

static enum ansinh_exit cmd_ward_list_exec(struct cmd_ctx *ctx,
                                           const struct cmd_args *args);

static const struct cmd_arg cmd_ward_no_args[] = {{NULL, NULL}};
static const struct cmd_flag cmd_ward_no_flags[] = {{.name = NULL}};

const struct cmd_entry cmd_ward_list_entry = {
    .noun = "ward",
    .verb = "list",
    .summary = "List the wards of the district.",
    .help = "List the wards of the district: their two-letter code (used\n"
            "with --ward) and name. Columns: code, name.",
    .args = cmd_ward_no_args,
    .flags = cmd_ward_no_flags,
    .exec = cmd_ward_list_exec,
};

static enum ansinh_exit
cmd_ward_list_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	static const char *const columns[] = {"code", "name"};
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__WardList body = ANSINH__V1__WARD_LIST__INIT;
	Ansinh__V1__Response *resp;
	const Ansinh__V1__WardListReply *reply;
	struct render_table *t;
	enum ansinh_exit rc;
	size_t i;

	(void)args;
	req.body_case = ANSINH__V1__REQUEST__BODY_WARD_LIST;
	req.ward_list = &body;
	rc = call_request(ctx, &req, ANSINH__V1__RESPONSE__BODY_WARDS, &resp);
	if (rc != ANSINH_EXIT_OK)
		return rc;
	reply = resp->wards;
	t = render_table_new(columns, 2);
	for (i = 0; i < reply->n_wards; i++) {
		render_str(t, reply->wards[i]->code);
		render_str(t, reply->wards[i]->name);
	}
	render_list(stdout, ctx->cfg->format, t);
	render_table_free(t);
	ansinh__v1__response__free_unpacked(resp, NULL);
	return ANSINH_EXIT_OK;
}
