/*
 * cmd-target.c — `ansinh target set|list`: the district's yearly targets.
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

static enum ansinh_exit cmd_target_set_exec(struct cmd_ctx *ctx,
                                            const struct cmd_args *args);

static void cmd_target_scope(struct render_table *t,
                             const ProtobufCMessage *row);

static const struct view_col cmd_target_columns[] = {
    VIEW("year", "year"),     VIEW_SHOW("scope", cmd_target_scope),
    VIEW("metric", "metric"), VIEW("value", "value"),
    VIEW("set_at", "set_at"), VIEW("set_by", "set_by"),
    VIEW("id", "id"),
};

static const struct cmd_flag cmd_target_set_flags[] = {
    {.name = "year",
     .kind = CMD_VALUE,
     .metavar = "YYYY",
     .attrs = CMD_REQUIRED,
     .check = check_year,
     .help = "the year of the target"},
    {.name = "metric",
     .kind = CMD_VALUE,
     .metavar = "METRIC",
     .attrs = CMD_REQUIRED,
     .words = names_target_metric_list,
     .parse = names_target_metric_parse,
     .help = "what is counted"},
    {.name = "value",
     .kind = CMD_VALUE,
     .metavar = "N",
     .attrs = CMD_REQUIRED,
     .check = check_target_value,
     .help = "the target, a whole number (0 or more)"},
    {.name = "ward",
     .kind = CMD_VALUE,
     .metavar = "CODE",
     .check = check_ward,
     .help = "a ward's target; without it, the district's as a whole"},
    {.name = NULL},
};

static const struct cmd_flag cmd_target_list_flags[] = {
    {.name = "year",
     .path = "year",
     .kind = CMD_VALUE,
     .metavar = "YYYY",
     .check = check_year,
     .help = "only this year's targets"},
    {.name = "ward",
     .path = "ward_code",
     .kind = CMD_VALUE,
     .metavar = "CODE",
     .check = check_ward,
     .help = "only this ward's targets (without it: the district's and "
             "every ward's the token may see)"},
    {.name = NULL},
};

const struct cmd_entry cmd_target_set_entry = {
    .noun = "target",
    .verb = "set",
    .summary = "Set a yearly target (district tokens only).",
    .help = "Set the target of a year and metric, for the district as a "
            "whole or, with\n--ward, for one ward. Setting it again replaces "
            "the value; every value\never set is kept in the database's "
            "target_history. Prints the target's id.",
    .flags = cmd_target_set_flags,
    .exec = cmd_target_set_exec,
};

static const struct view_list cmd_target_list_view = VIEW_LIST(
    TARGET_LIST, TARGETS, .rows = "targets", VIEW_COLS(cmd_target_columns));

const struct cmd_entry cmd_target_list_entry = {
    .noun = "target",
    .verb = "list",
    .summary = "List yearly targets.",
    .help = "List targets: the district's first, then by ward. Columns: "
            "year, scope\n(\"district\" or the ward's code), metric, value, "
            "set_at, set_by, id.",
    .flags = cmd_target_list_flags,
    .list = &cmd_target_list_view,
    .exec = view_list_exec,
};

static enum ansinh_exit
cmd_target_set_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__TargetSet body = ANSINH__V1__TARGET_SET__INIT;
	Ansinh__V1__Target t = ANSINH__V1__TARGET__INIT;
	uint8_t id[UUID_SIZE];

	if (!uuid7_generate(id)) {
		cmd_error("cannot generate an id: the system's random source "
		          "failed");
		return ANSINH_EXIT_USAGE;
	}
	t.id.data = id;
	t.id.len = sizeof id;
	t.year = (int32_t)cmd_number(args, "year");
	t.ward_code = cmd_string(args, "ward");
	t.metric = (Ansinh__V1__TargetMetric)cmd_word(args, "metric");
	t.value = cmd_number(args, "value");
	body.target = &t;
	req.body_case = ANSINH__V1__REQUEST__BODY_TARGET_SET;
	req.target_set = &body;
	return call_write(ctx, &req);
}

/* A target's scope: its ward, or the district for a district-wide one. */
static void
cmd_target_scope(struct render_table *t, const ProtobufCMessage *row)
{
	const Ansinh__V1__Target *g = (const Ansinh__V1__Target *)row;

	render_str(t, g->ward_code[0] != '\0' ? g->ward_code : "district");
}
