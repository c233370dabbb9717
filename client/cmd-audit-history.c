/*
 * cmd-audit-history.c — `ansinh audit history ID|CODE`: who recorded a
 * record and who changed it, when, field by field, from the audit trails
 * (district and auditor tokens).
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

static bool cmd_audit_history_check_ref(const char *v, const char **why);

static const struct view_col cmd_audit_history_columns[] = {
    VIEW("event", "event_no"),
    VIEW_F("at", "recorded_at", VIEW_VERBATIM),
    VIEW_F("actor", "actor", VIEW_VERBATIM),
    VIEW("role", "role"),
    VIEW("ward", "ward_code"),
    VIEW_F("table", "table_name", VIEW_VERBATIM),
    VIEW_F("action", "action", VIEW_VERBATIM),
    VIEW_F("field", "field", VIEW_VERBATIM),
    VIEW("old", "old_value"),
    VIEW("new", "new_value"),
    VIEW_F("record", "record_key", VIEW_VERBATIM),
    VIEW("request", "request_id"),
};

static const struct view_list cmd_audit_history_view =
    VIEW_LIST(AUDIT_HISTORY, AUDIT_HISTORY, .rows = "changes",
              VIEW_COLS(cmd_audit_history_columns));

static const struct cmd_arg cmd_audit_history_args[] = {
    {.metavar = "ID|CODE",
     .check = cmd_audit_history_check_ref,
     .path = "record_id",
     .code_path = "household_code"},
    {.metavar = NULL},
};

static const struct cmd_flag cmd_audit_history_flags[] = {
    CMD_FLAG_WARD_AT("ward_code"),
    CMD_FLAG_LIMIT("field changes"),
    {.name = NULL},
};

const struct cmd_entry cmd_audit_history_entry = {
    .noun = "audit",
    .verb = "history",
    .summary = "Show who recorded and changed a record, field by field.",
    .help = "Show the audit history of one record, named by its id (a "
            "household, a member,\na need, a support, any record) or by a "
            "household's code (with --ward when\nthe code is not unique) or "
            "a fund's code: each event oldest first, who\nwrote it (the "
            "token's name and role), when, and field by field the value\n"
            "recorded (an insert) or the value before and after (an update). "
            "District\nand auditor tokens only. Columns: event, at, actor, "
            "role, ward, table,\naction, field, old, new, record, request.",
    .args = cmd_audit_history_args,
    .flags = cmd_audit_history_flags,
    .list = &cmd_audit_history_view,
    .exec = view_list_exec,
};

static bool
cmd_audit_history_check_ref(const char *v, const char **why)
{
	uint8_t id[UUID_SIZE];

	if (uuid_parse(v, id))
		return true;
	return rule_text(v, RULE_CODE_MAX, true, false, why);
}
