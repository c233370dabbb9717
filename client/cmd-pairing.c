/*
 * cmd-pairing.c — `ansinh pairing add|end|list`: sponsorship pairings.
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

static enum ansinh_exit cmd_pairing_add_exec(struct cmd_ctx *ctx,
                                             const struct cmd_args *args);
static enum ansinh_exit cmd_pairing_end_exec(struct cmd_ctx *ctx,
                                             const struct cmd_args *args);

static const struct view_col cmd_pairing_columns[] = {
    VIEW_F("ward", "ward_code", VIEW_VERBATIM),
    VIEW("year", "year"),
    VIEW_F("household", "household_code", VIEW_VERBATIM),
    VIEW_F("head", "head_name", VIEW_VERBATIM),
    VIEW_F("organization", "organization_name", VIEW_VERBATIM),
    VIEW("signed", "signed_on"),
    VIEW("ended", "ended_on"),
    VIEW("commitment", "commitment"),
    VIEW("id", "id"),
};

static const struct view_list cmd_pairing_list_view = VIEW_LIST(
    PAIRING_LIST, PAIRINGS, .rows = "pairings", VIEW_COLS(cmd_pairing_columns));

static const struct cmd_arg cmd_pairing_id_arg[] = {
    {.metavar = "ID", .check = check_uuid},
    {.metavar = NULL},
};

static const struct cmd_flag cmd_pairing_add_flags[] = {
    {.name = "org",
     .kind = CMD_VALUE,
     .metavar = "ID",
     .attrs = CMD_REQUIRED,
     .check = check_uuid,
     .help = "the sponsoring organization's id"},
    {.name = "household",
     .kind = CMD_VALUE,
     .metavar = "ID|CODE",
     .attrs = CMD_REQUIRED,
     .check = check_household_ref,
     .help = "the household helped"},
    {.name = "year",
     .kind = CMD_VALUE,
     .metavar = "YYYY",
     .check = check_year,
     .help = "the year of the commitment (default: the year of --signed)"},
    {.name = "signed",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .check = check_past_date,
     .help = "the day it was signed (default: today)"},
    {.name = "commitment",
     .kind = CMD_VALUE,
     .metavar = "TEXT",
     .check = check_note,
     .help = "what the sponsor committed to, e.g. \"500,000 VND a "
             "month and school books\""},
    {.name = "agreement",
     .kind = CMD_VALUE,
     .metavar = "ID",
     .check = check_uuid,
     .help = "the coordination agreement it serves (see 'ansinh "
             "agreement list')"},
    CMD_FLAG_WARD,
    {.name = NULL},
};

static const struct cmd_flag cmd_pairing_end_flags[] = {
    {.name = "on",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .check = check_past_date,
     .help = "the day it ended, not before it was signed (default: "
             "today)"},
    {.name = "note",
     .kind = CMD_VALUE,
     .metavar = "TEXT",
     .check = check_note,
     .help = "why or how it ended"},
    CMD_FLAG_WARD,
    {.name = NULL},
};

static const struct cmd_flag cmd_pairing_list_flags[] = {
    {.name = "year",
     .kind = CMD_VALUE,
     .metavar = "YYYY",
     .check = check_year,
     .help = "only pairings for this year",
     .path = "year"},
    {.name = "org",
     .kind = CMD_VALUE,
     .metavar = "ID",
     .check = check_uuid,
     .help = "only this organization's pairings",
     .path = "organization_id"},
    {.name = "household",
     .kind = CMD_VALUE,
     .metavar = "ID|CODE",
     .check = check_household_ref,
     .help = "only this household's pairings",
     .path = "household_id",
     .code_path = "household_code"},
    {.name = "open",
     .kind = CMD_SWITCH,
     .help = "only pairings that have not ended",
     .path = "open_only"},
    CMD_FLAG_WARD_AT("ward_code"),
    CMD_FLAG_LIMIT("pairings"),
    {.name = NULL},
};

const struct cmd_entry cmd_pairing_add_entry = {
    .noun = "pairing",
    .verb = "add",
    .summary = "Pair a household with a sponsoring organization.",
    .help =
        "Record that an organization signed up to help a household for "
        "a year\n(sponsorship pairing) and print its id. A household has at "
        "most one open\npairing with the same organization for the same "
        "year.",
    .flags = cmd_pairing_add_flags,
    .exec = cmd_pairing_add_exec,
};

const struct cmd_entry cmd_pairing_end_entry = {
    .noun = "pairing",
    .verb = "end",
    .summary = "End a pairing.",
    .help = "Record the end of a pairing, named by its id. Prints the id.",
    .args = cmd_pairing_id_arg,
    .flags = cmd_pairing_end_flags,
    .exec = cmd_pairing_end_exec,
};

const struct cmd_entry cmd_pairing_list_entry = {
    .noun = "pairing",
    .verb = "list",
    .summary = "List pairings.",
    .help =
        "List sponsorship pairings. Columns: ward, year, household, "
        "head,\norganization, signed, ended (empty while open), commitment, "
        "id.",
    .flags = cmd_pairing_list_flags,
    .list = &cmd_pairing_list_view,
    .exec = view_list_exec,
};

static enum ansinh_exit
cmd_pairing_add_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__PairingCreate body = ANSINH__V1__PAIRING_CREATE__INIT;
	Ansinh__V1__Pairing p = ANSINH__V1__PAIRING__INIT;
	uint8_t id[UUID_SIZE], org[UUID_SIZE], household[UUID_SIZE],
	    agreement[UUID_SIZE];
	const char *ref = cmd_value(args, "household");

	if (!uuid7_generate(id)) {
		cmd_error("cannot generate an id: the system's random source "
		          "failed");
		return ANSINH_EXIT_USAGE;
	}
	uuid_parse(cmd_value(args, "org"), org);
	p.id.data = id;
	p.id.len = sizeof id;
	p.ward_code = cmd_string(args, "ward");
	p.organization_id.data = org;
	p.organization_id.len = sizeof org;
	if (uuid_parse(ref, household)) {
		p.household_id.data = household;
		p.household_id.len = sizeof household;
	} else {
		p.household_code = (char *)ref;
	}
	p.year = (int32_t)cmd_number(args, "year");
	p.signed_on = cmd_string(args, "signed");
	p.commitment = cmd_string(args, "commitment");
	if (cmd_given(args, "agreement") &&
	    uuid_parse(cmd_value(args, "agreement"), agreement)) {
		p.agreement_id.data = agreement;
		p.agreement_id.len = sizeof agreement;
	}
	body.pairing = &p;
	req.body_case = ANSINH__V1__REQUEST__BODY_PAIRING_CREATE;
	req.pairing_create = &body;
	return call_write(ctx, &req);
}

static enum ansinh_exit
cmd_pairing_end_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__PairingEnd body = ANSINH__V1__PAIRING_END__INIT;
	uint8_t id[UUID_SIZE];

	uuid_parse(args->argv[0], id);
	body.id.data = id;
	body.id.len = sizeof id;
	body.ward_code = cmd_string(args, "ward");
	body.ended_on = cmd_string(args, "on");
	body.note = cmd_string(args, "note");
	req.body_case = ANSINH__V1__REQUEST__BODY_PAIRING_END;
	req.pairing_end = &body;
	return call_write(ctx, &req);
}
