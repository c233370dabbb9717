/*
 * cmd-ward.c — `ansinh ward list`: the wards as they are today (or on a
 * day, or all of them with their history), from the administrative units of
 * sql/migrations/0020.
 */
#include <stdio.h>
#include <stdlib.h>

#include "call.h"
#include "check.h"
#include "cmd.h"
#include "render.h"

static enum ansinh_exit cmd_ward_list_exec(struct cmd_ctx *ctx,
                                           const struct cmd_args *args);

static const struct cmd_arg cmd_ward_no_args[] = {{NULL, NULL}};
static const struct cmd_flag cmd_ward_list_flags[] = {
    {.name = "as-of",
     .kind = CMD_VALUE,
     .metavar = "DATE",
     .check = check_date,
     .help = "the wards of that day (default: today)"},
    {.name = "history",
     .kind = CMD_SWITCH,
     .help = "every ward, old and new, with its validity and what it "
             "merged into"},
    {.name = NULL},
};

const struct cmd_entry cmd_ward_list_entry = {
    .noun = "ward",
    .verb = "list",
    .summary = "List the wards of today (or of a day, or all).",
    .help = "List the wards and communes valid today (--as-of DATE: on that "
            "day;\n--history: all of them, old and new). Records keep the ward "
            "they were\nrecorded in: 'records' names the ward codes (used with "
            "--ward) whose\nrecords a unit holds, e.g. Thanh Khê ward (TKW, "
            "since 2025-07-01) those\nof nine old wards. Columns: code, name, "
            "official_code, from, to,\nmerged_into, merged_on, records.",
    .args = cmd_ward_no_args,
    .flags = cmd_ward_list_flags,
    .exec = cmd_ward_list_exec,
};

static enum ansinh_exit
cmd_ward_list_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	static const char *const columns[] = {
	    "code", "name",        "official_code", "from",
	    "to",   "merged_into", "merged_on",     "records",
	};
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__WardList body = ANSINH__V1__WARD_LIST__INIT;
	Ansinh__V1__Response *resp;
	const Ansinh__V1__WardListReply *reply;
	struct render_table *t;
	enum ansinh_exit rc;
	size_t i;

	if (cmd_given(args, "as-of") && cmd_given(args, "history"))
		return cmd_usage_error(args,
		                       "--as-of and --history go separately");
	body.as_of = cmd_string(args, "as-of");
	body.history = cmd_given(args, "history");
	req.body_case = ANSINH__V1__REQUEST__BODY_WARD_LIST;
	req.ward_list = &body;
	rc = call_request(ctx, &req, ANSINH__V1__RESPONSE__BODY_WARDS, &resp);
	if (rc != ANSINH_EXIT_OK)
		return rc;
	reply = resp->wards;
	t = render_table_new(columns, sizeof columns / sizeof columns[0]);
	for (i = 0; i < reply->n_wards; i++) {
		const Ansinh__V1__Ward *w = reply->wards[i];

		render_str(t, w->code);
		render_str(t, w->name);
		cmd_render_text(t, w->official_code);
		cmd_render_text(t, w->valid_from);
		cmd_render_text(t, w->valid_to);
		cmd_render_text(t, w->merged_into);
		cmd_render_text(t, w->merged_on);
		cmd_render_text(t, w->records);
	}
	render_list(stdout, ctx->cfg->format, t);
	render_table_free(t);
	ansinh__v1__response__free_unpacked(resp, NULL);
	return ANSINH_EXIT_OK;
}
