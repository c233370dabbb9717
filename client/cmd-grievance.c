/*
 * cmd-grievance.c — `ansinh grievance add|update|list|show`: grievances
 * (khiếu nại, phản ánh), complaints and feedback received by a ward.
 *
 * A grievance goes received -> in-progress -> answered -> closed (or
 * straight from received to answered), or is withdrawn before it is
 * closed. The daemon refuses a step that does not follow.
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

static enum ansinh_exit cmd_grievance_add_exec(struct cmd_ctx *ctx,
                                               const struct cmd_args *args);
static enum ansinh_exit cmd_grievance_update_exec(struct cmd_ctx *ctx,
                                                  const struct cmd_args *args);
static enum ansinh_exit cmd_grievance_show_exec(struct cmd_ctx *ctx,
                                                const struct cmd_args *args);
static const char *cmd_grievance_channels(void);
static int cmd_grievance_channel(const char *s);
static const char *cmd_grievance_kinds(void);
static int cmd_grievance_kind(const char *s);
static const char *cmd_grievance_statuses(void);
static int cmd_grievance_status(const char *s);
static const char *cmd_grievance_steps(void);
static int cmd_grievance_step(const char *s);
static bool cmd_grievance_check_subject(const char *v, const char **why);
static bool cmd_grievance_check_officer(const char *v, const char **why);
static void cmd_grievance_id(ProtobufCBinaryData *out, uint8_t buf[UUID_SIZE],
                             const struct cmd_args *args, const char *flag);

/* Columns of `grievance list`. */
static const struct view_col cmd_grievance_columns[] = {
    VIEW_F("ward", "ward_code", VIEW_VERBATIM),
    VIEW("received", "received_on"),
    VIEW("status", "status"),
    VIEW("kind", "kind"),
    VIEW("channel", "channel"),
    VIEW("household", "household_code"),
    VIEW("officer", "officer"),
    VIEW("answered", "answered_on"),
    VIEW("closed", "closed_on"),
    VIEW("subject", "subject"),
    VIEW("id", "id"),
};

/* Fields of `grievance show`. */
static const struct view_col cmd_grievance_fields[] = {
    VIEW_F("ward", "ward_code", VIEW_VERBATIM),
    VIEW("household", "household_code"),
    VIEW("head", "head_name"),
    VIEW("support", "support_id"),
    VIEW("assessment", "assessment_id"),
    VIEW("channel", "channel"),
    VIEW("kind", "kind"),
    VIEW_F("subject", "subject", VIEW_VERBATIM),
    VIEW("received", "received_on"),
    VIEW("officer", "officer"),
    VIEW("status", "status"),
    VIEW("started", "started_on"),
    VIEW("answered", "answered_on"),
    VIEW("answer", "answer"),
    VIEW("closed", "closed_on"),
    VIEW("created_at", "created_at"),
    VIEW("updated_at", "updated_at"),
    VIEW("id", "id"),
};

static const struct cmd_arg cmd_grievance_id_arg[] = {
    {.metavar = "ID", .check = check_uuid},
    {.metavar = NULL},
};

static const struct cmd_flag cmd_grievance_add_flags[] = {
    {.name = "channel",
     .kind = CMD_VALUE,
     .attrs = CMD_REQUIRED,
     .words = cmd_grievance_channels,
     .parse = cmd_grievance_channel,
     .help = "how it came in"},
    {.name = "kind",
     .kind = CMD_VALUE,
     .attrs = CMD_REQUIRED,
     .words = cmd_grievance_kinds,
     .parse = cmd_grievance_kind,
     .help = "complaint (khiếu nại: asks that a decision be reviewed) or "
             "feedback (phản ánh, kiến nghị)"},
    {.name = "subject",
     .kind = CMD_VALUE,
     .metavar = "TEXT",
     .attrs = CMD_REQUIRED,
     .check = cmd_grievance_check_subject,
     .help = "what it is about, up to 1000 characters"},
    {.name = "household",
     .kind = CMD_VALUE,
     .metavar = "ID|CODE",
     .check = check_household_ref,
     .help = "the household concerned, if any"},
    {.name = "support",
     .kind = CMD_VALUE,
     .metavar = "ID",
     .check = check_uuid,
     .help = "the support it is about, if any"},
    {.name = "assessment",
     .kind = CMD_VALUE,
     .metavar = "ID",
     .check = check_uuid,
     .help = "the poverty assessment it is about, if any"},
    {.name = "received",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .check = check_past_date,
     .help = "the day it was received (default: today)"},
    {.name = "officer",
     .kind = CMD_VALUE,
     .metavar = "NAME",
     .check = cmd_grievance_check_officer,
     .help = "the officer handling it"},
    CMD_FLAG_WARD,
    {.name = NULL},
};

static const struct cmd_flag cmd_grievance_update_flags[] = {
    {.name = "status",
     .kind = CMD_VALUE,
     .words = cmd_grievance_steps,
     .parse = cmd_grievance_step,
     .help = "the status it enters"},
    {.name = "date",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .check = check_past_date,
     .help = "the day of the step, not before the last one (default: "
             "today)"},
    {.name = "answer",
     .kind = CMD_VALUE,
     .metavar = "TEXT",
     .check = check_note,
     .help = "the answer given: required with --status answered, and "
             "only then"},
    {.name = "officer",
     .kind = CMD_VALUE,
     .metavar = "NAME",
     .check = cmd_grievance_check_officer,
     .help = "the officer handling it (\"\" clears)"},
    CMD_FLAG_WARD,
    {.name = NULL},
};

static const struct cmd_flag cmd_grievance_list_flags[] = {
    {.name = "status",
     .path = "status",
     .kind = CMD_VALUE,
     .words = cmd_grievance_statuses,
     .parse = cmd_grievance_status,
     .help = "only grievances in this status"},
    {.name = "kind",
     .path = "kind",
     .kind = CMD_VALUE,
     .words = cmd_grievance_kinds,
     .parse = cmd_grievance_kind,
     .help = "only this kind"},
    {.name = "from",
     .path = "from_date",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .check = check_date,
     .help = "only those received on or after this day"},
    {.name = "to",
     .path = "to_date",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .check = check_date,
     .help = "only those received on or before this day"},
    CMD_FLAG_WARD_AT("ward_code"),
    CMD_FLAG_LIMIT("grievances"),
    {.name = NULL},
};

const struct cmd_entry cmd_grievance_add_entry = {
    .noun = "grievance",
    .verb = "add",
    .summary = "Record a grievance received.",
    .help = "Record a complaint or feedback received by the ward, about "
            "a decision or a\nsupport (optionally a household, a support or "
            "an assessment), and print\nits new id. It starts as received.",
    .flags = cmd_grievance_add_flags,
    .exec = cmd_grievance_add_exec,
};

const struct cmd_entry cmd_grievance_update_entry = {
    .noun = "grievance",
    .verb = "update",
    .summary = "Move a grievance on a step, or change its officer.",
    .help = "Record one step of a grievance, named by its id: in-progress "
            "(handling\nbegan), answered (with --answer), closed (after the "
            "answer) or withdrawn;\nand/or its officer. Steps follow received "
            "-> in-progress -> answered ->\nclosed (received -> answered is "
            "allowed); withdrawn ends an open one. A\nstep that does not "
            "follow is refused (FAILED_PRECONDITION). Prints the id.",
    .args = cmd_grievance_id_arg,
    .flags = cmd_grievance_update_flags,
    .exec = cmd_grievance_update_exec,
};

static const struct view_list cmd_grievance_list_view =
    VIEW_LIST(GRIEVANCE_LIST, GRIEVANCES, .rows = "grievances",
              VIEW_COLS(cmd_grievance_columns));

const struct cmd_entry cmd_grievance_list_entry = {
    .noun = "grievance",
    .verb = "list",
    .summary = "List grievances.",
    .help = "List grievances, oldest received first. Columns: ward, "
            "received, status,\nkind, channel, household, officer, answered, "
            "closed, subject, id.",
    .flags = cmd_grievance_list_flags,
    .list = &cmd_grievance_list_view,
    .exec = view_list_exec,
};

const struct cmd_entry cmd_grievance_show_entry = {
    .noun = "grievance",
    .verb = "show",
    .summary = "Show one grievance.",
    .help = "Show a grievance, named by its id, with its dates and answer.",
    .args = cmd_grievance_id_arg,
    .flags = cmd_flags_ward,
    .exec = cmd_grievance_show_exec,
};

/* ---------------------------------------------------------------- words */

static const char *
cmd_grievance_channels(void)
{
	return names_list(
	    names_for_enum(&ansinh__v1__grievance_channel__descriptor));
}

static int
cmd_grievance_channel(const char *s)
{
	return names_value(
	    names_for_enum(&ansinh__v1__grievance_channel__descriptor), s);
}

static const char *
cmd_grievance_kinds(void)
{
	return names_list(
	    names_for_enum(&ansinh__v1__grievance_kind__descriptor));
}

static int
cmd_grievance_kind(const char *s)
{
	return names_value(
	    names_for_enum(&ansinh__v1__grievance_kind__descriptor), s);
}

static const char *
cmd_grievance_statuses(void)
{
	return names_list(
	    names_for_enum(&ansinh__v1__grievance_status__descriptor));
}

static int
cmd_grievance_status(const char *s)
{
	return names_value(
	    names_for_enum(&ansinh__v1__grievance_status__descriptor), s);
}

/* The statuses a step enters: all but received. */
static const char *
cmd_grievance_steps(void)
{
	return "in-progress|answered|closed|withdrawn";
}

static int
cmd_grievance_step(const char *s)
{
	int v = cmd_grievance_status(s);

	return v == ANSINH__V1__GRIEVANCE_STATUS__GRIEVANCE_STATUS_RECEIVED ? -1
	                                                                    : v;
}

/* ---------------------------------------------------------------- checks */

static bool
cmd_grievance_check_subject(const char *v, const char **why)
{
	return rule_text(v, RULE_DESCRIPTION_MAX, true, true, why);
}

static bool
cmd_grievance_check_officer(const char *v, const char **why)
{
	return rule_text(v, RULE_NAME_MAX, false, false, why);
}

/* A UUID flag into out (buf holds it), when given. */
static void
cmd_grievance_id(ProtobufCBinaryData *out, uint8_t buf[UUID_SIZE],
                 const struct cmd_args *args, const char *flag)
{
	if (!cmd_given(args, flag) || !uuid_parse(cmd_value(args, flag), buf))
		return;
	out->data = buf;
	out->len = UUID_SIZE;
}

/* ---------------------------------------------------------------- commands */

static enum ansinh_exit
cmd_grievance_add_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__GrievanceCreate body = ANSINH__V1__GRIEVANCE_CREATE__INIT;
	Ansinh__V1__Grievance g = ANSINH__V1__GRIEVANCE__INIT;
	uint8_t id[UUID_SIZE], household[UUID_SIZE], support[UUID_SIZE],
	    assessment[UUID_SIZE];

	if (!uuid7_generate(id)) {
		cmd_error("cannot generate an id: the system's random source "
		          "failed");
		return ANSINH_EXIT_USAGE;
	}
	g.id.data = id;
	g.id.len = sizeof id;
	g.ward_code = cmd_string(args, "ward");
	if (cmd_given(args, "household")) {
		if (uuid_parse(cmd_value(args, "household"), household)) {
			g.household_id.data = household;
			g.household_id.len = sizeof household;
		} else {
			g.household_code = cmd_string(args, "household");
		}
	}
	cmd_grievance_id(&g.support_id, support, args, "support");
	cmd_grievance_id(&g.assessment_id, assessment, args, "assessment");
	g.channel = (Ansinh__V1__GrievanceChannel)cmd_word(args, "channel");
	g.kind = (Ansinh__V1__GrievanceKind)cmd_word(args, "kind");
	g.subject = cmd_string(args, "subject");
	g.received_on = cmd_string(args, "received");
	g.officer = cmd_string(args, "officer");
	body.grievance = &g;
	req.body_case = ANSINH__V1__REQUEST__BODY_GRIEVANCE_CREATE;
	req.grievance_create = &body;
	return call_write(ctx, &req);
}

static enum ansinh_exit
cmd_grievance_update_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__GrievanceUpdate body = ANSINH__V1__GRIEVANCE_UPDATE__INIT;
	uint8_t id[UUID_SIZE];
	int status = cmd_word(args, "status");
	bool answered =
	    status == ANSINH__V1__GRIEVANCE_STATUS__GRIEVANCE_STATUS_ANSWERED;

	if (!cmd_given(args, "status") && !cmd_given(args, "officer"))
		return cmd_usage_error(args, "--status or --officer is "
		                             "required");
	if (!cmd_given(args, "status") && cmd_given(args, "date"))
		return cmd_usage_error(args, "--date is given only with "
		                             "--status");
	if (answered && cmd_string(args, "answer")[0] == '\0')
		return cmd_usage_error(args, "--answer is required with "
		                             "--status answered");
	if (!answered && cmd_given(args, "answer"))
		return cmd_usage_error(args, "--answer is given only with "
		                             "--status answered");
	if (!uuid_parse(args->argv[0], id))
		return cmd_usage_error(args, "ID must be a grievance id");
	body.id.data = id;
	body.id.len = sizeof id;
	body.ward_code = cmd_string(args, "ward");
	body.status = (Ansinh__V1__GrievanceStatus)status;
	body.date = cmd_string(args, "date");
	body.answer = cmd_string(args, "answer");
	if (cmd_given(args, "officer")) {
		body.opt_officer_case =
		    ANSINH__V1__GRIEVANCE_UPDATE__OPT_OFFICER_OFFICER;
		body.officer = cmd_string(args, "officer");
	}
	req.body_case = ANSINH__V1__REQUEST__BODY_GRIEVANCE_UPDATE;
	req.grievance_update = &body;
	return call_write(ctx, &req);
}

static enum ansinh_exit
cmd_grievance_show_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__GrievanceGet body = ANSINH__V1__GRIEVANCE_GET__INIT;
	Ansinh__V1__Response *resp;
	const Ansinh__V1__Grievance *g;
	enum ansinh_exit rc;
	uint8_t id[UUID_SIZE];

	if (!uuid_parse(args->argv[0], id))
		return cmd_usage_error(args, "ID must be a grievance id");
	body.id.data = id;
	body.id.len = sizeof id;
	body.ward_code = cmd_string(args, "ward");
	req.body_case = ANSINH__V1__REQUEST__BODY_GRIEVANCE_GET;
	req.grievance_get = &body;
	rc = call_request(ctx, &req, ANSINH__V1__RESPONSE__BODY_GRIEVANCE,
	                  &resp);
	if (rc != ANSINH_EXIT_OK)
		return rc;
	g = resp->grievance->grievance;
	if (g == NULL) {
		cmd_error(
		    "protocol error from %s: the reply holds no grievance",
		    ctx->cfg->server);
		ansinh__v1__response__free_unpacked(resp, NULL);
		return ANSINH_EXIT_PROTOCOL;
	}
	view_record(ctx, &g->base, cmd_grievance_fields,
	            VIEW_NCOLS(cmd_grievance_fields));
	ansinh__v1__response__free_unpacked(resp, NULL);
	return ANSINH_EXIT_OK;
}
