/*
 * cmd-agreement.c — `ansinh agreement add|list`: the coordination
 * agreements (chương trình phối hợp) the district, or a ward, signs with an
 * association (Women's Union, Youth Union, Fatherland Front…) at the start
 * of the year for the year's tasks. Pairings and programmes name the
 * agreement they serve (`pairing add --agreement`, `program add
 * --agreement`).
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

static enum ansinh_exit cmd_agreement_add_exec(struct cmd_ctx *ctx,
                                               const struct cmd_args *args);
static bool cmd_agreement_check_tasks(const char *v, const char **why);

/* Columns of `agreement list`. */
static const struct view_col cmd_agreement_columns[] = {
    VIEW("ward", "ward_code"),
    VIEW("year", "year"),
    VIEW("organization", "organization_name"),
    VIEW("signed", "signed_on"),
    VIEW("pairings", "pairing_count"),
    VIEW("programs", "programme_count"),
    VIEW_F("tasks", "tasks", VIEW_VERBATIM),
    VIEW("id", "id"),
};

static const struct cmd_flag cmd_agreement_add_flags[] = {
    {.name = "org",
     .kind = CMD_VALUE,
     .metavar = "ID",
     .attrs = CMD_REQUIRED,
     .check = check_uuid,
     .help = "the association's id (see 'ansinh org list')"},
    {.name = "tasks",
     .kind = CMD_VALUE,
     .metavar = "TEXT",
     .attrs = CMD_REQUIRED,
     .check = cmd_agreement_check_tasks,
     .help = "the year's tasks, up to 4000 characters"},
    {.name = "year",
     .kind = CMD_VALUE,
     .metavar = "YEAR",
     .check = check_year,
     .help = "the year whose tasks it sets (default: the year of --signed)"},
    {.name = "signed",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .check = check_past_date,
     .help = "the day it was signed, in the year or the year before "
             "(default: today)"},
    {.name = "district-wide",
     .kind = CMD_SWITCH,
     .help = "signed by the district (district tokens only; no --ward)"},
    CMD_FLAG_WARD,
    {.name = NULL},
};

static const struct cmd_flag cmd_agreement_list_flags[] = {
    {.name = "year",
     .path = "year",
     .kind = CMD_VALUE,
     .metavar = "YEAR",
     .check = check_year,
     .help = "only agreements for this year"},
    {.name = "org",
     .path = "organization_id",
     .kind = CMD_VALUE,
     .metavar = "ID",
     .check = check_uuid,
     .help = "only agreements with this organization"},
    CMD_FLAG_WARD_AT("ward_code"),
    CMD_FLAG_LIMIT("agreements"),
    {.name = NULL},
};

const struct cmd_entry cmd_agreement_add_entry = {
    .noun = "agreement",
    .verb = "add",
    .summary = "Record a coordination agreement signed.",
    .help = "Record a coordination agreement (chương trình phối hợp) signed "
            "with an\nassociation for a year's tasks, and print its new id. "
            "One per organization,\nyear and ward (or district). A ward "
            "token records its ward's; a district\ntoken names the ward, or "
            "gives --district-wide for the district's own.",
    .flags = cmd_agreement_add_flags,
    .exec = cmd_agreement_add_exec,
};

static const struct view_list cmd_agreement_list_view =
    VIEW_LIST(AGREEMENT_LIST, AGREEMENTS, .rows = "agreements",
              VIEW_COLS(cmd_agreement_columns));

const struct cmd_entry cmd_agreement_list_entry = {
    .noun = "agreement",
    .verb = "list",
    .summary = "List coordination agreements.",
    .help = "List coordination agreements by year: a ward's own and the "
            "district's\n(ward empty), with the pairings and programmes that "
            "name each. Columns:\nward, year, organization, signed, pairings, "
            "programs, tasks, id.",
    .flags = cmd_agreement_list_flags,
    .list = &cmd_agreement_list_view,
    .exec = view_list_exec,
};

static bool
cmd_agreement_check_tasks(const char *v, const char **why)
{
	return rule_text(v, RULE_NOTE_MAX, true, true, why);
}

static enum ansinh_exit
cmd_agreement_add_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__AgreementCreate body = ANSINH__V1__AGREEMENT_CREATE__INIT;
	Ansinh__V1__Agreement a = ANSINH__V1__AGREEMENT__INIT;
	uint8_t id[UUID_SIZE], org[UUID_SIZE];

	if (cmd_given(args, "district-wide") && cmd_given(args, "ward"))
		return cmd_usage_error(args, "--district-wide and --ward "
		                             "exclude each other");
	if (cmd_given(args, "year") && cmd_given(args, "signed")) {
		long year = cmd_number(args, "year");
		long signed_year = strtol(cmd_value(args, "signed"), NULL, 10);

		if (signed_year != year && signed_year != year - 1)
			return cmd_usage_error(args,
			                       "--signed must be in --year or "
			                       "the year before");
	}
	if (!uuid7_generate(id)) {
		cmd_error("cannot generate an id: the system's random source "
		          "failed");
		return ANSINH_EXIT_USAGE;
	}
	uuid_parse(cmd_value(args, "org"), org);
	a.id.data = id;
	a.id.len = sizeof id;
	a.ward_code = cmd_string(args, "ward");
	a.district_wide = cmd_given(args, "district-wide");
	a.organization_id.data = org;
	a.organization_id.len = sizeof org;
	a.year = (uint32_t)cmd_number(args, "year");
	a.signed_on = cmd_string(args, "signed");
	a.tasks = cmd_string(args, "tasks");
	body.agreement = &a;
	req.body_case = ANSINH__V1__REQUEST__BODY_AGREEMENT_CREATE;
	req.agreement_create = &body;
	return call_write(ctx, &req);
}
