/*
 * cmd-audit.c — `ansinh audit access`: who read a person's personal data,
 * or what an actor read (the access log of the Personal Data Protection
 * Law 91/2025; district and auditor tokens).
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

static bool cmd_audit_check_person(const char *v, const char **why);

static const struct view_col cmd_audit_access_columns[] = {
    VIEW_F("at", "accessed_at", VIEW_VERBATIM),
    VIEW_F("actor", "actor", VIEW_VERBATIM),
    VIEW("role", "role"),
    VIEW("ward", "ward_code"),
    VIEW_F("operation", "operation", VIEW_VERBATIM),
    VIEW("persons", "person_count"),
    VIEW("households", "household_count"),
    VIEW("matched", "matched"),
    VIEW("request", "request_id"),
    VIEW("token", "token_id"),
    VIEW("access", "id"),
};

static const struct view_list cmd_audit_access_view =
    VIEW_LIST(ACCESS_LIST, ACCESSES, .rows = "accesses", .noun = "reads",
              VIEW_COLS(cmd_audit_access_columns));

static const struct cmd_flag cmd_audit_access_flags[] = {
    {.name = "person",
     .kind = CMD_VALUE,
     .metavar = "CITIZEN_ID|MEMBER_ID",
     .attrs = CMD_ONE_OF,
     .check = cmd_audit_check_person,
     .help = "the person: a 12-digit citizen ID or a member id (see "
             "'ansinh member list')",
     .path = "member_id",
     .code_path = "citizen_id"},
    {.name = "actor",
     .kind = CMD_VALUE,
     .metavar = "NAME",
     .attrs = CMD_ONE_OF,
     .check = check_name,
     .help = "the token name that read (with --person: only its reads)",
     .path = "actor"},
    {.name = "from",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .check = check_date,
     .help = "only reads on or after this day (UTC)",
     .path = "from_date"},
    {.name = "to",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .check = check_date,
     .help = "only reads on or before this day (UTC)",
     .path = "to_date"},
    CMD_FLAG_LIMIT("reads, newest first"),
    {.name = NULL},
};

const struct cmd_entry cmd_audit_access_entry = {
    .noun = "audit",
    .verb = "access",
    .summary = "Who read a person's personal data (district, auditor).",
    .help = "List the reads that returned a person's personal data "
            "(--person: their\nmember record, or their household), or "
            "every read of one actor\n(--actor), newest first: when, "
            "who (token name, role, ward), what\n(member_list, "
            "household_get, household_find, member_duplicates,\n"
            "job_event_list), how many persons and households it returned, "
            "\nwhether it matched the person or the household, the "
            "request id (req=\nin the daemon's log) and the token id. "
            "Only district and auditor\ntokens may read the access log.",
    .flags = cmd_audit_access_flags,
    .list = &cmd_audit_access_view,
    .exec = view_list_exec,
};

/* A citizen ID (12 digits) or a member id (a UUID). */
static bool
cmd_audit_check_person(const char *v, const char **why)
{
	uint8_t id[UUID_SIZE];

	if (uuid_parse(v, id))
		return true;
	if (rule_citizen_id(v, NULL))
		return true;
	*why = "must be a 12-digit citizen ID or a member id (a UUID)";
	return false;
}
