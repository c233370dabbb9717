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

static enum ansinh_exit cmd_audit_access_exec(struct cmd_ctx *ctx,
                                              const struct cmd_args *args);
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

static const struct cmd_arg cmd_audit_no_args[] = {{NULL, NULL}};

static const struct cmd_flag cmd_audit_access_flags[] = {
    {.name = "person",
     .kind = CMD_VALUE,
     .metavar = "CITIZEN_ID|MEMBER_ID",
     .check = cmd_audit_check_person,
     .help = "the person: a 12-digit citizen ID or a member id (see "
             "'ansinh member list')"},
    {.name = "actor",
     .kind = CMD_VALUE,
     .metavar = "NAME",
     .check = check_name,
     .help = "the token name that read (with --person: only its reads)"},
    {.name = "from",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .check = check_date,
     .help = "only reads on or after this day (UTC)"},
    {.name = "to",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .check = check_date,
     .help = "only reads on or before this day (UTC)"},
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
    .args = cmd_audit_no_args,
    .flags = cmd_audit_access_flags,
    .exec = cmd_audit_access_exec,
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

static enum ansinh_exit
cmd_audit_access_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__AccessList body = ANSINH__V1__ACCESS_LIST__INIT;
	Ansinh__V1__Response *resp;
	enum ansinh_exit rc;
	uint8_t member[UUID_SIZE];

	if (!cmd_given(args, "person") && !cmd_given(args, "actor"))
		return cmd_usage_error(args, "give --person or --actor");
	if (cmd_given(args, "person")) {
		if (uuid_parse(cmd_value(args, "person"), member)) {
			body.member_id.data = member;
			body.member_id.len = sizeof member;
		} else
			body.citizen_id = (char *)cmd_value(args, "person");
	}
	body.actor = cmd_string(args, "actor");
	body.from_date = cmd_string(args, "from");
	body.to_date = cmd_string(args, "to");
	body.limit = (uint32_t)cmd_number(args, "limit");
	req.body_case = ANSINH__V1__REQUEST__BODY_ACCESS_LIST;
	req.access_list = &body;
	rc =
	    call_request(ctx, &req, ANSINH__V1__RESPONSE__BODY_ACCESSES, &resp);
	if (rc != ANSINH_EXIT_OK)
		return rc;
	return view_reply(ctx, resp, "accesses", "reads",
	                  cmd_audit_access_columns,
	                  VIEW_NCOLS(cmd_audit_access_columns));
}
