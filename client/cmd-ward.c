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
#include "view.h"

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

static const struct view_col cmd_ward_list_columns[] = {
    VIEW_F("code", "code", VIEW_VERBATIM),
    VIEW_F("name", "name", VIEW_VERBATIM),
    VIEW("official_code", "official_code"),
    VIEW("from", "valid_from"),
    VIEW("to", "valid_to"),
    VIEW("merged_into", "merged_into"),
    VIEW("merged_on", "merged_on"),
    VIEW("records", "records"),
};

static enum ansinh_exit
cmd_ward_list_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__WardList body = ANSINH__V1__WARD_LIST__INIT;
	Ansinh__V1__Response *resp;
	enum ansinh_exit rc;

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
	return view_reply(ctx, resp, "wards", "wards", cmd_ward_list_columns,
	                  VIEW_NCOLS(cmd_ward_list_columns));
}
