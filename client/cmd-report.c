/*
 * cmd-report.c — `ansinh report poverty`: the yearly poverty report, per
 * ward and standard, from ansinh.poverty_report; and the office's reports,
 * `ansinh report summary|funds|needs|programs|employment|units|targets`,
 * from ansinh.report (report-view.c lays them out). Analysts query the same
 * functions with psql.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "cmd.h"
#include "render.h"
#include "report-view.h"
#include "rules.h"
#include "xmalloc.h"

static enum ansinh_exit cmd_report_poverty_exec(struct cmd_ctx *ctx,
                                                const struct cmd_args *args);
static void cmd_report_count(struct render_table *t, bool known, int v);
static enum ansinh_exit cmd_report_exec(struct cmd_ctx *ctx,
                                        const struct cmd_args *args);
static bool cmd_report_check_quarter(const char *v, const char **why);
static bool cmd_report_check_unit(const char *v, const char **why);

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
    .flags = cmd_report_poverty_flags,
    .exec = cmd_report_poverty_exec,
};

/* The flags of the office's reports: the period and the unit (the language
 * of the labels is the global --lang). */
#define CMD_REPORT_YEAR                                                        \
	{                                                                      \
		.name = "year", .kind = CMD_VALUE, .metavar = "Y",             \
		.attrs = CMD_REQUIRED, .check = check_year,                    \
		.help = "the year reported"                                    \
	}
#define CMD_REPORT_UNIT                                                        \
	{.name = "unit",                                                       \
	 .kind = CMD_VALUE,                                                    \
	 .metavar = "CODE",                                                    \
	 .check = cmd_report_check_unit,                                       \
	 .help = "only this administrative unit: a ward (AK), the district "   \
	         "(TK), a ward of today (TKW): the wards it holds on --as-of " \
	         "(district and auditor tokens; a ward token always reports "  \
	         "on its own ward)"},                                          \
	{                                                                      \
		.name = "as-of", .kind = CMD_VALUE, .metavar = "DATE",         \
		.check = check_date,                                           \
		.help = "count per unit valid on DATE (records rolled up to "  \
		        "the units they merged into), and --unit as on DATE "  \
		        "(default: per ward as recorded; --unit as today)"     \
	}

static const struct cmd_flag cmd_report_period_flags[] = {
    CMD_REPORT_YEAR,
    {.name = "quarter",
     .kind = CMD_VALUE,
     .metavar = "Q",
     .check = cmd_report_check_quarter,
     .help = "only this quarter of the year (1-4)"},
    {.name = "from",
     .kind = CMD_VALUE,
     .metavar = "DATE",
     .check = check_date,
     .help = "from this day (default: the year's first)"},
    {.name = "to",
     .kind = CMD_VALUE,
     .metavar = "DATE",
     .check = check_date,
     .help = "to this day (default: the year's last)"},
    CMD_REPORT_UNIT,
    {.name = NULL},
};

static const struct cmd_flag cmd_report_year_flags[] = {
    CMD_REPORT_YEAR,
    CMD_REPORT_UNIT,
    {.name = NULL},
};

const struct cmd_entry cmd_report_summary_entry = {
    .noun = "report",
    .verb = "summary",
    .summary = "The district's figures for a year, quarter or period.",
    .help = "Livelihood-equipment cases registered and funded, VND by "
            "fund; livelihood, assistive and orthopaedic support by "
            "recipient group (policy households, disabled people, poor, "
            "near-poor, especially difficult) and fund; houses built and "
            "repaired with their sponsors; pairings signed, open and "
            "ended; programme sessions, beneficiaries, distinct "
            "households served and goods by programme; job placements, "
            "trainings and employment-centre referrals by quarter; needs "
            "by kind and stage; support given, reversed and net."
            "\n\nFormats: table (one table per section, labelled in --lang), "
            "csv and json (the figures as they are: section, unit_code, "
            "unit_name, key, key_name, item, measure, value; raw integers; "
            "key or item 'all' is a total), html (one page with bar charts, "
            "no network, printable on A4). Analysts: SELECT * FROM "
            "ansinh.report('summary', 2023).",
    .flags = cmd_report_period_flags,
    .exec = cmd_report_exec,
};

const struct cmd_entry cmd_report_funds_entry = {
    .noun = "report",
    .verb = "funds",
    .summary = "Support given, reversed and net per fund and kind.",
    .help = "Per fund (and 'none' for support a sponsor paid without a "
            "fund) and kind of support: entries, VND given, reversals, VND "
            "reversed, net VND; and in all. Formats as for report summary. "
            "Analysts: SELECT * FROM ansinh.report('funds', 2023).",
    .flags = cmd_report_period_flags,
    .exec = cmd_report_exec,
};

const struct cmd_entry cmd_report_needs_entry = {
    .noun = "report",
    .verb = "needs",
    .summary = "Needs surveyed, by kind and stage.",
    .help = "Needs surveyed in the period, by kind and stage (registered, "
            "verified, approved, fulfilled, rejected, withdrawn): how many "
            "and their estimated VND. Formats as for report summary. "
            "Analysts: SELECT * FROM ansinh.report('needs', 2023).",
    .flags = cmd_report_period_flags,
    .exec = cmd_report_exec,
};

const struct cmd_entry cmd_report_programs_entry = {
    .noun = "report",
    .verb = "programs",
    .summary = "Community programmes: sessions, beneficiaries, households.",
    .help = "Per programme (with its organizer and kind) and in all: "
            "sessions held in the period, beneficiaries, distinct "
            "households listed as served, value of the goods. Formats as "
            "for report summary. Analysts: SELECT * FROM "
            "ansinh.report('programs', 2023).",
    .flags = cmd_report_period_flags,
    .exec = cmd_report_exec,
};

const struct cmd_entry cmd_report_employment_entry = {
    .noun = "report",
    .verb = "employment",
    .summary = "Job placements, trainings, referrals by quarter.",
    .help = "Employment events by quarter and kind (job placements, "
            "vocational training, employment-centre referrals, labour "
            "export), and those recorded at job weeks. Formats as for "
            "report summary. Analysts: SELECT * FROM "
            "ansinh.report('employment', 2023).",
    .flags = cmd_report_period_flags,
    .exec = cmd_report_exec,
};

const struct cmd_entry cmd_report_units_entry = {
    .noun = "report",
    .verb = "units",
    .summary = "The main figures per unit.",
    .help = "Per ward as recorded, or per unit valid on --as-of (with the "
            "wards whose records it holds), and in all: needs registered "
            "and fulfilled, net support, programme sessions, "
            "beneficiaries, pairings signed, employment events. Formats as "
            "for report summary. Analysts: SELECT * FROM "
            "ansinh.report('units', 2023, as_of => '2026-12-02').",
    .flags = cmd_report_period_flags,
    .exec = cmd_report_exec,
};

const struct cmd_entry cmd_report_targets_entry = {
    .noun = "report",
    .verb = "targets",
    .summary = "The year's targets beside the figures reached.",
    .help = "Each metric with a target in the year: per unit (ward "
            "targets) and in all (the district's target), the target, the "
            "figure reached, percent and met / not met; then the "
            "expected-exit list's outcome: listed, exited, remained, not "
            "assessed. Poverty exits count by the city's standard when one "
            "applies, else the central one (column standard). Formats as "
            "for report summary. Analysts: SELECT * FROM "
            "ansinh.report('targets', 2023).",
    .flags = cmd_report_year_flags,
    .exec = cmd_report_exec,
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

static bool
cmd_report_check_quarter(const char *v, const char **why)
{
	if (v[0] < '1' || v[0] > '4' || v[1] != '\0') {
		*why = "must be 1, 2, 3 or 4";
		return false;
	}
	return true;
}

/* An administrative unit's code: capital letters, then digits (AK, TKW). */
static bool
cmd_report_check_unit(const char *v, const char **why)
{
	size_t i, n = strlen(v);

	for (i = 0; i < n; i++)
		if (!((v[i] >= 'A' && v[i] <= 'Z') ||
		      (i > 0 && v[i] >= '0' && v[i] <= '9')))
			break;
	if (n < 2 || n > 16 || i < n) {
		*why = "must be a unit code: 2 to 16 capital letters and "
		       "digits, e.g. AK, TK or TKW";
		return false;
	}
	return true;
}

static enum ansinh_exit
cmd_report_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__Report body = ANSINH__V1__REPORT__INIT;
	Ansinh__V1__Response *resp;
	const Ansinh__V1__ReportReply *reply;
	struct report_figure *figs;
	struct report_scope scope;
	enum lang lang = ctx->cfg->lang;
	enum ansinh_exit rc;
	size_t i;

	body.report = (char *)args->entry->verb;
	body.year = (int32_t)cmd_number(args, "year");
	body.from_date = (char *)"";
	body.to_date = (char *)"";
	/* report targets is of a whole year: it has no period flags. */
	if (strcmp(args->entry->verb, "targets") != 0) {
		if (cmd_given(args, "quarter"))
			body.quarter = (int32_t)cmd_number(args, "quarter");
		if (body.quarter != 0 &&
		    (cmd_given(args, "from") || cmd_given(args, "to")))
			return cmd_usage_error(args,
			                       "--quarter cannot be given with "
			                       "--from or --to");
		body.from_date = cmd_string(args, "from");
		body.to_date = cmd_string(args, "to");
	}
	body.unit_code = cmd_string(args, "unit");
	body.as_of = cmd_string(args, "as-of");
	req.body_case = ANSINH__V1__REQUEST__BODY_REPORT;
	req.report = &body;
	rc = call_request(ctx, &req, ANSINH__V1__RESPONSE__BODY_REPORT, &resp);
	if (rc != ANSINH_EXIT_OK)
		return rc;
	reply = resp->report;
	figs = xcalloc(reply->n_figures + 1, sizeof *figs);
	for (i = 0; i < reply->n_figures; i++) {
		const Ansinh__V1__ReportFigure *f = reply->figures[i];
		figs[i] = (struct report_figure){
		    .section = f->section,
		    .unit_code = f->unit_code,
		    .unit_name = f->unit_name,
		    .key = f->key,
		    .key_name = f->key_name,
		    .item = f->item,
		    .measure = f->measure,
		    .value = (long long)f->value,
		};
	}
	scope = (struct report_scope){
	    .report = body.report,
	    .year = body.year,
	    .quarter = body.quarter,
	    .from_date = body.from_date,
	    .to_date = body.to_date,
	    .unit_code = body.unit_code,
	    .as_of = body.as_of,
	};
	report_print(stdout, ctx->cfg->format, lang, &scope, figs,
	             reply->n_figures);
	free(figs);
	ansinh__v1__response__free_unpacked(resp, NULL);
	return ANSINH_EXIT_OK;
}
