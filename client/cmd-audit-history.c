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

static enum ansinh_exit cmd_audit_history_exec(struct cmd_ctx *ctx,
                                               const struct cmd_args *args);
static bool cmd_audit_history_check_ref(const char *v, const char **why);

static const char *const cmd_audit_history_columns[] = {
    "event",  "at",    "actor", "role", "ward",   "table",
    "action", "field", "old",   "new",  "record", "request",
};
#define CMD_AUDIT_HISTORY_NCOLUMNS                                             \
	(sizeof cmd_audit_history_columns / sizeof cmd_audit_history_columns[0])

static const struct cmd_arg cmd_audit_history_args[] = {
    {"ID|CODE", cmd_audit_history_check_ref},
    {NULL, NULL},
};

static const struct cmd_flag cmd_audit_history_flags[] = {
    CMD_FLAG_WARD,
    {.name = "limit",
     .kind = CMD_VALUE,
     .metavar = "N",
     .check = check_limit,
     .help = "at most N field changes (default: the daemon's)"},
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
    .exec = cmd_audit_history_exec,
};

static bool
cmd_audit_history_check_ref(const char *v, const char **why)
{
	uint8_t id[UUID_SIZE];

	if (uuid_parse(v, id))
		return true;
	return rule_text(v, RULE_CODE_MAX, true, false, why);
}

static enum ansinh_exit
cmd_audit_history_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__AuditHistory body = ANSINH__V1__AUDIT_HISTORY__INIT;
	Ansinh__V1__Response *resp;
	const Ansinh__V1__AuditHistoryReply *reply;
	struct render_table *t;
	enum ansinh_exit rc;
	uint8_t id[UUID_SIZE];
	size_t i;

	if (uuid_parse(args->argv[0], id)) {
		body.record_id.data = id;
		body.record_id.len = sizeof id;
	} else {
		body.household_code = (char *)args->argv[0];
	}
	body.ward_code = cmd_string(args, "ward");
	body.limit = (uint32_t)cmd_number(args, "limit");
	req.body_case = ANSINH__V1__REQUEST__BODY_AUDIT_HISTORY;
	req.audit_history = &body;
	rc = call_request(ctx, &req, ANSINH__V1__RESPONSE__BODY_AUDIT_HISTORY,
	                  &resp);
	if (rc != ANSINH_EXIT_OK)
		return rc;
	reply = resp->audit_history;
	t = render_table_new(cmd_audit_history_columns,
	                     CMD_AUDIT_HISTORY_NCOLUMNS);
	for (i = 0; i < reply->n_changes; i++) {
		const Ansinh__V1__AuditChange *a = reply->changes[i];

		render_int(t, a->event_no);
		render_str(t, a->recorded_at);
		render_str(t, a->actor);
		cmd_render_text(t, a->role);
		cmd_render_text(t, a->ward_code);
		render_str(t, a->table_name);
		render_str(t, a->action);
		render_str(t, a->field);
		cmd_render_text(t, a->old_value);
		cmd_render_text(t, a->new_value);
		render_str(t, a->record_key);
		cmd_render_id(t, &a->request_id);
	}
	render_list(stdout, ctx->cfg->format, t);
	render_table_free(t);
	if (reply->more)
		cmd_error(
		    "more changes than the %zu shown; raise --limit to see "
		    "them",
		    reply->n_changes);
	ansinh__v1__response__free_unpacked(resp, NULL);
	return ANSINH_EXIT_OK;
}
