/*
 * cmd-report.c — `ansinh report poverty`: the yearly poverty report, per
 * ward and standard, from ansinh.poverty_report (the same function analysts
 * query with psql).
 */
#include <stdio.h>
#include <stdlib.h>

#include "call.h"
#include "cmd.h"
#include "render.h"
#include "rules.h"

static enum ansinh_exit cmd_report_poverty_exec(struct cmd_ctx *ctx,
                                                const struct cmd_args *args);
static void cmd_report_count(struct render_table *t, bool known, int v);

static const char *const cmd_report_columns[] = {
    "ward",
    "standard",
    "poor",
    "near_poor",
    "poor_entries",
    "poor_exits",
    "poor_exits_special",
    "poor_exits_central_poor",
    "near_poor_entries",
    "near_poor_exits",
    "near_poor_exits_special",
    "expected",
    "expected_exited",
    "expected_remained",
    "expected_not_assessed",
};
#define CMD_REPORT_NCOLUMNS                                                    \
	(sizeof cmd_report_columns / sizeof cmd_report_columns[0])

static const struct cmd_arg cmd_report_no_args[] = {{NULL, NULL}};

static const struct cmd_flag cmd_report_poverty_flags[] = {
    {.name = "year",
     .kind = CMD_VALUE,
     .metavar = "Y",
     .attrs = CMD_REQUIRED,
     .check = check_year,
     .help = "the year reported"},
    {.name = "ward",
     .kind = CMD_VALUE,
     .metavar = "CODE",
     .check = check_ward,
     .help = "only this ward (default: every ward the token may see, "
             "and a total row 'all')"},
    {.name = "as-of",
     .kind = CMD_VALUE,
     .metavar = "DATE",
     .check = check_date,
     .help = "the wards' figures summed into the units valid that day "
             "(e.g. 2026-12-02: Thanh Khê ward TKW, An Khê ward AKW)"},
    {.name = NULL},
};

const struct cmd_entry cmd_report_poverty_entry = {
    .noun = "report",
    .verb = "poverty",
    .summary = "The yearly poverty report per ward and standard.",
    .help =
        "Per ward and per standard valid in the year: poor and "
        "near-poor households at the end of the year; households entering "
        "and escaping poverty and near-poverty during it (compared with the "
        "end of the year before; blank when the standard did not apply "
        "then), the exits broken down by especially difficult "
        "circumstances and by being poor under the central standard; and "
        "the expected-exit list: households listed, exited, remained, not "
        "assessed. Without --ward a last row, ward 'all', adds up the "
        "wards. --as-of DATE rolls the wards up to the units valid that "
        "day (the ward column names the unit).\n\nColumns: ward, standard, "
        "poor, near_poor, poor_entries, "
        "poor_exits, poor_exits_special, poor_exits_central_poor, "
        "near_poor_entries, near_poor_exits, near_poor_exits_special, "
        "expected, expected_exited, expected_remained, "
        "expected_not_assessed.",
    .args = cmd_report_no_args,
    .flags = cmd_report_poverty_flags,
    .exec = cmd_report_poverty_exec,
};

static void
cmd_report_count(struct render_table *t, bool known, int v)
{
	if (known)
		render_int(t, v);
	else
		render_null(t);
}

static enum ansinh_exit
cmd_report_poverty_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__PovertyReport body = ANSINH__V1__POVERTY_REPORT__INIT;
	Ansinh__V1__Response *resp;
	const Ansinh__V1__PovertyReportReply *reply;
	struct render_table *t;
	enum ansinh_exit rc;
	size_t i;

	body.year = (int32_t)cmd_number(args, "year");
	body.ward_code = cmd_string(args, "ward");
	body.as_of = cmd_string(args, "as-of");
	req.body_case = ANSINH__V1__REQUEST__BODY_POVERTY_REPORT;
	req.poverty_report = &body;
	rc = call_request(ctx, &req, ANSINH__V1__RESPONSE__BODY_POVERTY_REPORT,
	                  &resp);
	if (rc != ANSINH_EXIT_OK)
		return rc;
	reply = resp->poverty_report;
	t = render_table_new(cmd_report_columns, CMD_REPORT_NCOLUMNS);
	for (i = 0; i < reply->n_rows; i++) {
		const Ansinh__V1__PovertyReportRow *r = reply->rows[i];
		bool m = r->has_movements;

		render_str(t, r->ward_code[0] != '\0' ? r->ward_code : "all");
		render_str(t, r->standard_code);
		render_int(t, r->poor);
		render_int(t, r->near_poor);
		cmd_report_count(t, m, r->poor_entries);
		cmd_report_count(t, m, r->poor_exits);
		cmd_report_count(t, m, r->poor_exits_special_difficulty);
		cmd_report_count(t, m, r->poor_exits_central_poor);
		cmd_report_count(t, m, r->near_poor_entries);
		cmd_report_count(t, m, r->near_poor_exits);
		cmd_report_count(t, m, r->near_poor_exits_special_difficulty);
		render_int(t, r->expected_exits);
		cmd_report_count(t, m, r->expected_exited);
		cmd_report_count(t, m, r->expected_remained);
		cmd_report_count(t, m, r->expected_not_assessed);
	}
	if (reply->n_rows == 0)
		cmd_error("no poverty standard applies in %d", body.year);
	render_list(stdout, ctx->cfg->format, t);
	render_table_free(t);
	ansinh__v1__response__free_unpacked(resp, NULL);
	return ANSINH_EXIT_OK;
}
