/*
 * cmd-standard.c — `ansinh standard add|list|indicators`: the poverty
 * standards (data, not code) and the indicators of deprivation each counts
 * (12 in 2022–2026, 14 in 2027–2030).
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

static enum ansinh_exit cmd_standard_add_exec(struct cmd_ctx *ctx,
                                              const struct cmd_args *args);
static enum ansinh_exit cmd_standard_list_exec(struct cmd_ctx *ctx,
                                               const struct cmd_args *args);
static enum ansinh_exit
cmd_standard_indicators_exec(struct cmd_ctx *ctx, const struct cmd_args *args);
static enum ansinh_exit cmd_standard_fetch(struct cmd_ctx *ctx, int year,
                                           const char *standard_code,
                                           Ansinh__V1__Response **resp);
static long long cmd_standard_vnd(const struct cmd_args *args,
                                  const char *name);

static const struct view_col cmd_standard_columns[] = {
    VIEW_F("code", "code", VIEW_VERBATIM),
    VIEW("area", "area"),
    VIEW("scope", "scope"),
    VIEW("from", "valid_from"),
    VIEW("to", "valid_to"),
    VIEW("line", "income_line_vnd"),
    VIEW("near_poor_ceiling", "near_poor_ceiling_vnd"),
    VIEW("average_ceiling", "average_ceiling_vnd"),
    VIEW("deprivations", "min_deprivations"),
    VIEW_F("name", "name", VIEW_VERBATIM),
};

static const struct view_col cmd_indicator_columns[] = {
    VIEW_F("standard", "standard_code", VIEW_VERBATIM),
    VIEW("position", "position"),
    VIEW_F("code", "code", VIEW_VERBATIM),
    VIEW_F("dimension", "dimension", VIEW_VERBATIM),
    VIEW_F("name", "name", VIEW_VERBATIM),
    VIEW_F("name_vi", "name_vi", VIEW_VERBATIM),
};

static const struct cmd_flag cmd_standard_add_flags[] = {
    {.name = "code",
     .kind = CMD_VALUE,
     .metavar = "C",
     .attrs = CMD_REQUIRED,
     .check = check_standard_code,
     .help = "code of the standard, e.g. danang-2022 (lower-case "
             "letters, digits, -); the same for its urban and rural rows"},
    {.name = "name",
     .kind = CMD_VALUE,
     .metavar = "TEXT",
     .attrs = CMD_REQUIRED,
     .check = check_name,
     .help = "full name and legal basis"},
    {.name = "scope",
     .kind = CMD_VALUE,
     .words = names_scope_list,
     .parse = names_scope_parse,
     .deflt = "city",
     .help = "central (national) or city"},
    {.name = "area",
     .kind = CMD_VALUE,
     .words = names_area_list,
     .parse = names_area_parse,
     .attrs = CMD_REQUIRED,
     .help = "the area this row is for; add the other area with a "
             "second command"},
    {.name = "from",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .attrs = CMD_REQUIRED,
     .check = check_date,
     .help = "first day it applies"},
    {.name = "to",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .attrs = CMD_REQUIRED,
     .check = check_date,
     .help = "last day it applies"},
    {.name = "line",
     .kind = CMD_VALUE,
     .metavar = "VND",
     .attrs = CMD_REQUIRED,
     .check = check_vnd,
     .help = "income line per person per month"},
    {.name = "near-poor-ceiling",
     .kind = CMD_VALUE,
     .metavar = "VND",
     .check = check_vnd,
     .help = "highest income of a near-poor household (default: the "
             "line)"},
    {.name = "average-ceiling",
     .kind = CMD_VALUE,
     .metavar = "VND",
     .check = check_vnd,
     .help = "highest income of the average living standard "
             "(default: 1.5 x the line)"},
    {.name = "deprivations",
     .kind = CMD_VALUE,
     .metavar = "N",
     .check = check_min_deprivations,
     .deflt = "3",
     .help = "deprivations that make a household at or under the "
             "line poor, 1 to 12"},
    {.name = "note",
     .kind = CMD_VALUE,
     .metavar = "TEXT",
     .check = check_note,
     .help = "free text, e.g. the decision"},
    {.name = NULL},
};

static const struct cmd_flag cmd_standard_list_flags[] = {
    {.name = "year",
     .kind = CMD_VALUE,
     .metavar = "Y",
     .check = check_year,
     .help = "only the standards valid in year Y"},
    {.name = NULL},
};

static const struct cmd_flag cmd_standard_indicators_flags[] = {
    {.name = "standard",
     .kind = CMD_VALUE,
     .metavar = "CODE",
     .check = check_standard_code,
     .help = "only the indicators of this standard, e.g. central-2027"},
    {.name = "year",
     .kind = CMD_VALUE,
     .metavar = "Y",
     .check = check_year,
     .help = "only the standards valid in year Y"},
    {.name = NULL},
};

const struct cmd_entry cmd_standard_add_entry = {
    .noun = "standard",
    .verb = "add",
    .summary = "Add a poverty standard (district).",
    .help = "Add one area (urban or rural) of a poverty standard, such as "
            "the city's own or the next period's; district tokens only. Run it "
            "again with the other --area and the same code, name, scope and "
            "dates for the other row. A household at or under the line is "
            "poor with at least --deprivations of its deprivations; else "
            "near-poor up to the near-poor ceiling; else average up to the "
            "average ceiling. Standards are never changed: a different one "
            "needs a new code. Prints the row's id.",
    .flags = cmd_standard_add_flags,
    .exec = cmd_standard_add_exec,
};

const struct cmd_entry cmd_standard_list_entry = {
    .noun = "standard",
    .verb = "list",
    .summary = "List the poverty standards.",
    .help = "List the poverty standards, one row per standard and area.\n"
            "Columns: code, area, scope, from, to, line, near_poor_ceiling,\n"
            "average_ceiling, deprivations, name.",
    .flags = cmd_standard_list_flags,
    .exec = cmd_standard_list_exec,
};

const struct cmd_entry cmd_standard_indicators_entry = {
    .noun = "standard",
    .verb = "indicators",
    .summary = "List the indicators of deprivation of each standard.",
    .help = "List the indicators of deprivation each standard counts, in "
            "its order: 12 in the 2022–2025 standard (also 2026), 14 in the "
            "2027–2030 one; their codes are the words of 'assess add "
            "--deprived' and the columns of an assessment CSV. An assessment "
            "naming an indicator its year's standard does not count is "
            "refused.\nColumns: standard, position, code, dimension, name, "
            "name_vi.",
    .flags = cmd_standard_indicators_flags,
    .exec = cmd_standard_indicators_exec,
};

static long long
cmd_standard_vnd(const struct cmd_args *args, const char *name)
{
	const char *v = cmd_value(args, name);
	long long n = 0;

	if (v == NULL || !check_parse_vnd(v, &n))
		return 0;
	return n;
}

static enum ansinh_exit
cmd_standard_add_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__StandardCreate body = ANSINH__V1__STANDARD_CREATE__INIT;
	Ansinh__V1__PovertyStandard s = ANSINH__V1__POVERTY_STANDARD__INIT;
	uint8_t id[UUID_SIZE];

	if (!uuid7_generate(id)) {
		cmd_error("cannot generate an id: the system's random source "
		          "failed");
		return ANSINH_EXIT_USAGE;
	}
	s.id.data = id;
	s.id.len = sizeof id;
	s.code = cmd_string(args, "code");
	s.name = cmd_string(args, "name");
	s.scope = (Ansinh__V1__StandardScope)cmd_word(args, "scope");
	s.area = (Ansinh__V1__Area)cmd_word(args, "area");
	s.valid_from = cmd_string(args, "from");
	s.valid_to = cmd_string(args, "to");
	s.income_line_vnd = cmd_standard_vnd(args, "line");
	s.near_poor_ceiling_vnd = cmd_standard_vnd(args, "near-poor-ceiling");
	s.average_ceiling_vnd = cmd_standard_vnd(args, "average-ceiling");
	s.min_deprivations = (int32_t)cmd_number(args, "deprivations");
	s.note = cmd_string(args, "note");
	body.standard = &s;
	req.body_case = ANSINH__V1__REQUEST__BODY_STANDARD_CREATE;
	req.standard_create = &body;
	return call_write(ctx, &req);
}

static enum ansinh_exit
cmd_standard_fetch(struct cmd_ctx *ctx, int year, const char *standard_code,
                   Ansinh__V1__Response **resp)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__StandardList body = ANSINH__V1__STANDARD_LIST__INIT;

	body.year = year;
	if (standard_code != NULL)
		body.standard_code = (char *)standard_code;
	req.body_case = ANSINH__V1__REQUEST__BODY_STANDARD_LIST;
	req.standard_list = &body;
	return call_request(ctx, &req, ANSINH__V1__RESPONSE__BODY_STANDARDS,
	                    resp);
}

static enum ansinh_exit
cmd_standard_list_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Response *resp;
	enum ansinh_exit rc;

	rc =
	    cmd_standard_fetch(ctx, (int)cmd_number(args, "year"), NULL, &resp);
	if (rc != ANSINH_EXIT_OK)
		return rc;
	return view_reply(ctx, resp, "standards", "standards",
	                  cmd_standard_columns,
	                  VIEW_NCOLS(cmd_standard_columns));
}

static enum ansinh_exit
cmd_standard_indicators_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Response *resp;
	const Ansinh__V1__StandardListReply *reply;
	enum ansinh_exit rc;

	rc = cmd_standard_fetch(ctx, (int)cmd_number(args, "year"),
	                        cmd_value(args, "standard"), &resp);
	if (rc != ANSINH_EXIT_OK)
		return rc;
	reply = resp->standards;
	if (cmd_given(args, "standard") && reply->n_indicators == 0) {
		cmd_error("no standard %s%s (see 'ansinh standard list')",
		          cmd_value(args, "standard"),
		          cmd_given(args, "year") ? " valid that year" : "");
		ansinh__v1__response__free_unpacked(resp, NULL);
		return ANSINH_EXIT_REJECTED;
	}
	return view_reply(ctx, resp, "indicators", "indicators",
	                  cmd_indicator_columns,
	                  VIEW_NCOLS(cmd_indicator_columns));
}
