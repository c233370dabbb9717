/*
 * cmd-review.c — `ansinh review status`: how far a year's poverty review
 * has come, per ward (ansinh_api.review_status); `ansinh review request`
 * and `review requests`: a household's requests for an ad-hoc review
 * (Decision 24/2021/QĐ-TTg: at any time), and whether an assessment
 * followed them.
 */
#include <stdio.h>
#include <stdlib.h>

#include "call.h"
#include "check.h"
#include "cmd.h"
#include "render.h"
#include "rules.h"
#include "uuid.h"
#include "view.h"

static enum ansinh_exit cmd_review_request_exec(struct cmd_ctx *ctx,
                                                const struct cmd_args *args);
static bool cmd_review_check_reason(const char *v, const char **why);

static const struct view_col cmd_review_requests_columns[] = {
    VIEW_F("ward", "ward_code", VIEW_VERBATIM),
    VIEW("requested", "requested_on"),
    VIEW("household", "household_code"),
    VIEW("head", "head_name"),
    VIEW("followed", "followed_on"),
    VIEW("reason", "reason"),
    VIEW("assessment", "assessment_id"),
    VIEW("id", "id"),
};

static const struct view_col cmd_review_status_columns[] = {
    VIEW_F("ward", "ward_code", VIEW_VERBATIM),
    VIEW_F("name", "ward_name", VIEW_VERBATIM),
    VIEW("unit", "unit_code"),
    VIEW("due", "due"),
    VIEW("assessed", "assessed"),
    VIEW("due_assessed", "due_assessed"),
    VIEW("missing", "missing"),
    VIEW("added", "added"),
    VIEW("recognized", "recognized"),
    VIEW("outside_window", "outside_window"),
    VIEW("requests", "requests"),
    VIEW("requests_open", "requests_open"),
};

static const struct view_list cmd_review_requests_view =
    VIEW_LIST(REVIEW_REQUEST_LIST, REVIEW_REQUESTS, .rows = "requests",
              VIEW_COLS(cmd_review_requests_columns));

static const struct view_list cmd_review_status_view =
    VIEW_LIST(REVIEW_STATUS, REVIEW_STATUS, .rows = "rows",
              VIEW_COLS(cmd_review_status_columns));

static const struct cmd_flag cmd_review_status_flags[] = {
    {.name = "year",
     .kind = CMD_VALUE,
     .metavar = "Y",
     .attrs = CMD_REQUIRED,
     .check = check_year,
     .help = "the review year (the December 2026 review sets 2027's "
             "lists: --year 2027)",
     .path = "year"},
    CMD_FLAG_WARD_AT("ward_code"),
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
            "24/2021/QĐ-TTg); and the ad-hoc review requests dated in the "
            "year, and\nof them those still open (no assessment for the year "
            "dated on or after\nthe request). Columns: ward, name, unit, due, "
            "assessed, due_assessed,\nmissing, added, recognized, "
            "outside_window, requests, requests_open.",
    .flags = cmd_review_status_flags,
    .list = &cmd_review_status_view,
    .exec = view_list_exec,
};

static const struct cmd_flag cmd_review_request_flags[] = {
    {.name = "household",
     .kind = CMD_VALUE,
     .metavar = "ID|CODE",
     .attrs = CMD_REQUIRED,
     .check = check_household_ref,
     .help = "the household asking for a review"},
    {.name = "date",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .check = check_past_date,
     .help = "the day of the request, not in the future (default: today)"},
    {.name = "reason",
     .kind = CMD_VALUE,
     .metavar = "TEXT",
     .check = cmd_review_check_reason,
     .help = "why a review is asked for, up to 1000 characters"},
    CMD_FLAG_WARD,
    {.name = NULL},
};

const struct cmd_entry cmd_review_request_entry = {
    .noun = "review",
    .verb = "request",
    .summary = "Record a household's request for an ad-hoc review.",
    .help = "Record that a household asked for its poverty status to be "
            "reviewed (an\nad-hoc review: Decision 24/2021/QĐ-TTg allows it "
            "at any time), and print\nthe request's new id. The household "
            "must exist in the token's wards\n(NOT_FOUND otherwise). The "
            "request is followed once an assessment of the\nhousehold is "
            "dated on or after it (ansinh assess add).",
    .flags = cmd_review_request_flags,
    .exec = cmd_review_request_exec,
};

static const struct cmd_flag cmd_review_requests_flags[] = {
    {.name = "year",
     .kind = CMD_VALUE,
     .metavar = "Y",
     .check = check_year,
     .help = "only requests dated in this calendar year",
     .path = "year"},
    {.name = "open",
     .kind = CMD_SWITCH,
     .help = "only requests no assessment has followed yet",
     .path = "open"},
    CMD_FLAG_WARD_AT("ward_code"),
    CMD_FLAG_LIMIT("requests"),
    {.name = NULL},
};

const struct cmd_entry cmd_review_requests_entry = {
    .noun = "review",
    .verb = "requests",
    .summary = "List ad-hoc review requests, and what followed them.",
    .help = "List households' requests for an ad-hoc review, oldest first, "
            "each with the\nfirst assessment of the household dated on or "
            "after it (followed, and its\nid); an open request has none. "
            "Columns: ward, requested, household, head,\nfollowed, reason, "
            "assessment, id.",
    .flags = cmd_review_requests_flags,
    .list = &cmd_review_requests_view,
    .exec = view_list_exec,
};

static bool
cmd_review_check_reason(const char *v, const char **why)
{
	return rule_text(v, RULE_DESCRIPTION_MAX, false, true, why);
}

static enum ansinh_exit
cmd_review_request_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__ReviewRequestCreate body =
	    ANSINH__V1__REVIEW_REQUEST_CREATE__INIT;
	Ansinh__V1__ReviewRequest r = ANSINH__V1__REVIEW_REQUEST__INIT;
	uint8_t id[UUID_SIZE], household[UUID_SIZE];

	if (!uuid7_generate(id)) {
		cmd_error("cannot generate an id: the system's random source "
		          "failed");
		return ANSINH_EXIT_USAGE;
	}
	r.id.data = id;
	r.id.len = sizeof id;
	r.ward_code = cmd_string(args, "ward");
	if (uuid_parse(cmd_value(args, "household"), household)) {
		r.household_id.data = household;
		r.household_id.len = sizeof household;
	} else {
		r.household_code = cmd_string(args, "household");
	}
	r.requested_on = cmd_string(args, "date");
	r.reason = cmd_string(args, "reason");
	body.request = &r;
	req.body_case = ANSINH__V1__REQUEST__BODY_REVIEW_REQUEST_CREATE;
	req.review_request_create = &body;
	return call_write(ctx, &req);
}
