/*
 * cmd-employment.c — `ansinh job add|list` (employment events) and
 * `ansinh jobweek add|list` (job weeks hosted by the wards).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "cmd.h"
#include "render.h"
#include "rules.h"
#include "uuid.h"
#include "view.h"

static enum ansinh_exit
cmd_employment_job_add_exec(struct cmd_ctx *ctx, const struct cmd_args *args);
static enum ansinh_exit
cmd_employment_jobweek_add_exec(struct cmd_ctx *ctx,
                                const struct cmd_args *args);

static const struct view_col cmd_employment_job_columns[] = {
    VIEW_F("ward", "ward_code", VIEW_VERBATIM),
    VIEW_F("date", "occurred_on", VIEW_VERBATIM),
    VIEW("kind", "kind"),
    VIEW_F("name", "person_name", VIEW_VERBATIM),
    VIEW("citizen_id", "citizen_id"),
    VIEW("household", "household_code"),
    VIEW("employer", "employer"),
    VIEW("trade", "trade"),
    VIEW("job_week", "job_week_title"),
    VIEW("id", "id"),
};

static const struct view_col cmd_employment_jobweek_columns[] = {
    VIEW_F("ward", "ward_code", VIEW_VERBATIM),
    VIEW_F("title", "title", VIEW_VERBATIM),
    VIEW_F("from", "starts_on", VIEW_VERBATIM),
    VIEW_F("to", "ends_on", VIEW_VERBATIM),
    VIEW("placements", "placements"),
    VIEW("trainings", "trainings"),
    VIEW("referrals", "referrals"),
    VIEW("labour_exports", "labour_exports"),
    VIEW("id", "id"),
};

static const struct cmd_flag cmd_employment_job_add_flags[] = {
    {.name = "kind",
     .kind = CMD_VALUE,
     .metavar = "KIND",
     .attrs = CMD_REQUIRED,
     .words = names_employment_kind_list,
     .parse = names_employment_kind_parse,
     .help = "what happened: a job placement, a registration for "
             "vocational training, a referral to the city employment service "
             "centre, labour export"},
    {.name = "member",
     .kind = CMD_VALUE,
     .metavar = "ID",
     .check = check_uuid,
     .help = "the member it is for (see 'ansinh member list')"},
    {.name = "name",
     .kind = CMD_VALUE,
     .metavar = "NAME",
     .check = check_name,
     .help = "or the full name of a person who is not a member"},
    {.name = "citizen-id",
     .kind = CMD_VALUE,
     .metavar = "12DIGITS",
     .check = check_citizen_id,
     .help = "with --name: the person's citizen ID, if known"},
    {.name = "employer",
     .kind = CMD_VALUE,
     .metavar = "TEXT",
     .check = check_name,
     .help = "the employer, or where referred to"},
    {.name = "trade",
     .kind = CMD_VALUE,
     .metavar = "TEXT",
     .check = check_name,
     .help = "the trade or job, e.g. tailoring"},
    {.name = "date",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .attrs = CMD_REQUIRED,
     .check = check_past_date,
     .help = "the day of the placement, registration or referral"},
    {.name = "job-week",
     .kind = CMD_VALUE,
     .metavar = "ID",
     .check = check_uuid,
     .help = "the job week it came from (of the same ward)"},
    {.name = "note",
     .kind = CMD_VALUE,
     .metavar = "TEXT",
     .check = check_note,
     .help = "a note"},
    CMD_FLAG_WARD,
    {.name = NULL},
};

static const struct cmd_flag cmd_employment_job_list_flags[] = {
    {.name = "kind",
     .path = "kind",
     .kind = CMD_VALUE,
     .metavar = "KIND",
     .words = names_employment_kind_list,
     .parse = names_employment_kind_parse,
     .help = "only events of this kind"},
    {.name = "from",
     .path = "from_date",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .check = check_date,
     .help = "only events on or after this day"},
    {.name = "to",
     .path = "to_date",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .check = check_date,
     .help = "only events on or before this day"},
    {.name = "job-week",
     .path = "job_week_id",
     .kind = CMD_VALUE,
     .metavar = "ID",
     .check = check_uuid,
     .help = "only events of this job week"},
    CMD_FLAG_WARD_AT("ward_code"),
    CMD_FLAG_LIMIT("events"),
    {.name = NULL},
};

static const struct cmd_flag cmd_employment_jobweek_add_flags[] = {
    {.name = "title",
     .kind = CMD_VALUE,
     .metavar = "TEXT",
     .attrs = CMD_REQUIRED,
     .check = check_name,
     .help = "e.g. \"Job week, An Khê, March 2023\""},
    {.name = "from",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .attrs = CMD_REQUIRED,
     .check = check_date,
     .help = "first day"},
    {.name = "to",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .attrs = CMD_REQUIRED,
     .check = check_date,
     .help = "last day, not before --from"},
    {.name = "note",
     .kind = CMD_VALUE,
     .metavar = "TEXT",
     .check = check_note,
     .help = "a note"},
    CMD_FLAG_WARD,
    {.name = NULL},
};

static const struct cmd_flag cmd_employment_jobweek_list_flags[] = {
    {.name = "year",
     .path = "year",
     .kind = CMD_VALUE,
     .metavar = "YYYY",
     .check = check_year,
     .help = "only job weeks starting in this year"},
    CMD_FLAG_WARD_AT("ward_code"),
    CMD_FLAG_LIMIT("job weeks"),
    {.name = NULL},
};

const struct cmd_entry cmd_job_add_entry = {
    .noun = "job",
    .verb = "add",
    .summary = "Record an employment event.",
    .help = "Record a job placement, a registration for vocational "
            "training, a referral\nto the employment service centre or labour "
            "export, for a member (--member)\nor for a person who is not a "
            "member (--name, optionally --citizen-id).\nA member's event is "
            "recorded in the member's ward; --job-week must be a job\nweek of "
            "that same ward. Prints the id.",
    .flags = cmd_employment_job_add_flags,
    .exec = cmd_employment_job_add_exec,
};

static const struct view_list cmd_job_list_view =
    VIEW_LIST(JOB_EVENT_LIST, JOB_EVENTS, .rows = "events",
              VIEW_COLS(cmd_employment_job_columns));

const struct cmd_entry cmd_job_list_entry = {
    .noun = "job",
    .verb = "list",
    .summary = "List employment events.",
    .help = "List employment events, oldest first. Columns: ward, date, "
            "kind, name,\ncitizen_id, household (a member's), employer, trade, "
            "job_week (its title),\nid.",
    .flags = cmd_employment_job_list_flags,
    .list = &cmd_job_list_view,
    .exec = view_list_exec,
};

const struct cmd_entry cmd_jobweek_add_entry = {
    .noun = "jobweek",
    .verb = "add",
    .summary = "Record a job week hosted by a ward.",
    .help = "Record a job week (tuần lễ việc làm) hosted by the ward and "
            "print its id;\nemployment events point to it with --job-week.",
    .flags = cmd_employment_jobweek_add_flags,
    .exec = cmd_employment_jobweek_add_exec,
};

static const struct view_list cmd_jobweek_list_view =
    VIEW_LIST(JOB_WEEK_LIST, JOB_WEEKS, .rows = "weeks", .noun = "job weeks",
              VIEW_COLS(cmd_employment_jobweek_columns));

const struct cmd_entry cmd_jobweek_list_entry = {
    .noun = "jobweek",
    .verb = "list",
    .summary = "List job weeks and what came of them.",
    .help = "List job weeks with the number of events of each kind "
            "recorded at them.\nColumns: ward, title, from, to, placements, "
            "trainings, referrals,\nlabour_exports, id.",
    .flags = cmd_employment_jobweek_list_flags,
    .list = &cmd_jobweek_list_view,
    .exec = view_list_exec,
};

static enum ansinh_exit
cmd_employment_job_add_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__JobEventCreate body = ANSINH__V1__JOB_EVENT_CREATE__INIT;
	Ansinh__V1__JobEvent e = ANSINH__V1__JOB_EVENT__INIT;
	uint8_t id[UUID_SIZE], member[UUID_SIZE], week[UUID_SIZE];

	if (cmd_given(args, "member") == cmd_given(args, "name"))
		return cmd_usage_error(args, "give --member or --name (one of "
		                             "them)");
	if (cmd_given(args, "citizen-id") && !cmd_given(args, "name"))
		return cmd_usage_error(args,
		                       "--citizen-id goes with --name (a "
		                       "member's citizen ID is on the member)");
	if (!uuid7_generate(id)) {
		cmd_error("cannot generate an id: the system's random source "
		          "failed");
		return ANSINH_EXIT_USAGE;
	}
	e.id.data = id;
	e.id.len = sizeof id;
	e.ward_code = cmd_string(args, "ward");
	e.kind = (Ansinh__V1__EmploymentKind)cmd_word(args, "kind");
	if (cmd_given(args, "member")) {
		uuid_parse(cmd_value(args, "member"), member);
		e.person_id.data = member;
		e.person_id.len = sizeof member;
	}
	e.person_name = cmd_string(args, "name");
	e.citizen_id = cmd_string(args, "citizen-id");
	e.employer = cmd_string(args, "employer");
	e.trade = cmd_string(args, "trade");
	e.occurred_on = cmd_string(args, "date");
	if (cmd_given(args, "job-week")) {
		uuid_parse(cmd_value(args, "job-week"), week);
		e.job_week_id.data = week;
		e.job_week_id.len = sizeof week;
	}
	e.note = cmd_string(args, "note");
	body.event = &e;
	req.body_case = ANSINH__V1__REQUEST__BODY_JOB_EVENT_CREATE;
	req.job_event_create = &body;
	return call_write(ctx, &req);
}

static enum ansinh_exit
cmd_employment_jobweek_add_exec(struct cmd_ctx *ctx,
                                const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__JobWeekCreate body = ANSINH__V1__JOB_WEEK_CREATE__INIT;
	Ansinh__V1__JobWeek w = ANSINH__V1__JOB_WEEK__INIT;
	uint8_t id[UUID_SIZE];

	if (!uuid7_generate(id)) {
		cmd_error("cannot generate an id: the system's random source "
		          "failed");
		return ANSINH_EXIT_USAGE;
	}
	w.id.data = id;
	w.id.len = sizeof id;
	w.ward_code = cmd_string(args, "ward");
	w.title = cmd_string(args, "title");
	w.starts_on = cmd_string(args, "from");
	w.ends_on = cmd_string(args, "to");
	w.note = cmd_string(args, "note");
	body.week = &w;
	req.body_case = ANSINH__V1__REQUEST__BODY_JOB_WEEK_CREATE;
	req.job_week_create = &body;
	return call_write(ctx, &req);
}
