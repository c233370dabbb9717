/*
 * cmd-review.c — `ansinh review status`: how far a year's poverty review
 * has come, per ward (ansinh_api.review_status).
 */
#include <stdio.h>
#include <stdlib.h>

#include "call.h"
#include "check.h"
#include "cmd.h"
#include "render.h"

static enum ansinh_exit cmd_review_status_exec(struct cmd_ctx *ctx,
                                               const struct cmd_args *args);

static const struct cmd_arg cmd_review_no_args[] = {{NULL, NULL}};
static const struct cmd_flag cmd_review_status_flags[] = {
    {.name = "year",
     .kind = CMD_VALUE,
     .metavar = "Y",
     .attrs = CMD_REQUIRED,
     .check = check_year,
     .help = "the review year (the December 2026 review sets 2027's "
             "lists: --year 2027)"},
    CMD_FLAG_WARD,
    {.name = NULL},
};

const struct cmd_entry cmd_review_status_entry = {
    .noun = "review",
    .verb = "status",
    .summary = "How far a year's review has come, per ward.",
    .help = "Per ward (and today's unit holding its records): households "
            "due for the\nreview (poor or near-poor now), assessed for the "
            "year, due and assessed,\nstill missing, assessed though not due "
            "(added, e.g. on their request),\nrecognized, and assessed "
            "outside the periodic review of 1 Sep - 14 Dec\n(Decision "
            "24/2021/QĐ-TTg). Columns: ward, name, unit, due, assessed,\n"
            "due_assessed, missing, added, recognized, outside_window.",
    .args = cmd_review_no_args,
    .flags = cmd_review_status_flags,
    .exec = cmd_review_status_exec,
};

static enum ansinh_exit
cmd_review_status_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	static const char *const columns[] = {
	    "ward",         "name",    "unit",  "due",        "assessed",
	    "due_assessed", "missing", "added", "recognized", "outside_window",
	};
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__ReviewStatus body = ANSINH__V1__REVIEW_STATUS__INIT;
	Ansinh__V1__Response *resp;
	const Ansinh__V1__ReviewStatusReply *reply;
	struct render_table *t;
	enum ansinh_exit rc;
	size_t i;

	body.year = (int32_t)cmd_number(args, "year");
	body.ward_code = cmd_string(args, "ward");
	req.body_case = ANSINH__V1__REQUEST__BODY_REVIEW_STATUS;
	req.review_status = &body;
	rc = call_request(ctx, &req, ANSINH__V1__RESPONSE__BODY_REVIEW_STATUS,
	                  &resp);
	if (rc != ANSINH_EXIT_OK)
		return rc;
	reply = resp->review_status;
	t = render_table_new(columns, sizeof columns / sizeof columns[0]);
	for (i = 0; i < reply->n_rows; i++) {
		const Ansinh__V1__ReviewStatusRow *r = reply->rows[i];

		render_str(t, r->ward_code);
		render_str(t, r->ward_name);
		cmd_render_text(t, r->unit_code);
		render_int(t, r->due);
		render_int(t, r->assessed);
		render_int(t, r->due_assessed);
		render_int(t, r->missing);
		render_int(t, r->added);
		render_int(t, r->recognized);
		render_int(t, r->outside_window);
	}
	render_list(stdout, ctx->cfg->format, t);
	render_table_free(t);
	ansinh__v1__response__free_unpacked(resp, NULL);
	return ANSINH_EXIT_OK;
}
