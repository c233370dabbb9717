/*
 * cmd-program.c — `ansinh program add|list`: community programmes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "render.h"
#include "rules.h"
#include "uuid.h"

static enum ansinh_exit cmd_program_add_exec(struct cmd_ctx *ctx,
                                             const struct cmd_args *args);
static enum ansinh_exit cmd_program_list_exec(struct cmd_ctx *ctx,
                                              const struct cmd_args *args);

static const char *const cmd_program_columns[] = {
    "ward", "name", "kind", "organization", "schedule", "sessions", "id",
};
#define CMD_PROGRAM_NCOLUMNS                                                   \
	(sizeof cmd_program_columns / sizeof cmd_program_columns[0])

static const struct cmd_arg cmd_program_no_args[] = {{NULL, NULL}};

static const struct cmd_flag cmd_program_add_flags[] = {
    {.name = "name",
     .kind = CMD_VALUE,
     .metavar = "NAME",
     .attrs = CMD_REQUIRED,
     .check = check_name,
     .help = "name of the programme, e.g. \"Chợ 0 đồng\", unique in its "
             "ward"},
    {.name = "org",
     .kind = CMD_VALUE,
     .metavar = "ID",
     .attrs = CMD_REQUIRED,
     .check = check_uuid,
     .help = "the organizing organization's id (see 'ansinh org list')"},
    {.name = "kind",
     .kind = CMD_VALUE,
     .metavar = "KIND",
     .attrs = CMD_REQUIRED,
     .words = names_programme_kind_list,
     .parse = names_programme_kind_parse,
     .help = "what the programme gives"},
    {.name = "schedule",
     .kind = CMD_VALUE,
     .metavar = "TEXT",
     .check = check_schedule,
     .help = "when it runs, e.g. \"monthly, in each residential area\""},
    {.name = "district-wide",
     .kind = CMD_SWITCH,
     .help = "a programme of the whole district (district tokens only; "
             "no --ward)"},
    CMD_FLAG_WARD,
    {.name = NULL},
};

static const struct cmd_flag cmd_program_list_flags[] = {
    {.name = "kind",
     .kind = CMD_VALUE,
     .metavar = "KIND",
     .words = names_programme_kind_list,
     .parse = names_programme_kind_parse,
     .help = "only programmes of this kind"},
    CMD_FLAG_WARD,
    {.name = "limit",
     .kind = CMD_VALUE,
     .metavar = "N",
     .check = check_limit,
     .help = "at most N programmes (default: the daemon's)"},
    {.name = NULL},
};

const struct cmd_entry cmd_program_add_entry = {
    .noun = "program",
    .verb = "add",
    .summary = "Record a community programme.",
    .help =
        "Record a programme run by an organization (e.g. the Women's "
        "Union's \"0-đồng\nproduce market\") and print its id. A ward token "
        "records its ward's programmes;\na district token names the ward, or "
        "gives --district-wide for a programme\nof the whole district (its "
        "sessions are then recorded in the wards where\nthey are held).",
    .args = cmd_program_no_args,
    .flags = cmd_program_add_flags,
    .exec = cmd_program_add_exec,
};

const struct cmd_entry cmd_program_list_entry = {
    .noun = "program",
    .verb = "list",
    .summary = "List programmes.",
    .help = "List programmes: a ward's own and the district-wide ones (ward "
            "empty).\nColumns: ward, name, kind, organization, schedule, "
            "sessions, id.",
    .args = cmd_program_no_args,
    .flags = cmd_program_list_flags,
    .exec = cmd_program_list_exec,
};

static enum ansinh_exit
cmd_program_add_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__ProgrammeCreate body = ANSINH__V1__PROGRAMME_CREATE__INIT;
	Ansinh__V1__Programme p = ANSINH__V1__PROGRAMME__INIT;
	uint8_t id[UUID_SIZE], org[UUID_SIZE];

	if (cmd_given(args, "district-wide") && cmd_given(args, "ward"))
		return cmd_usage_error(args, "--district-wide and --ward "
		                             "exclude each other");
	if (!uuid7_generate(id)) {
		cmd_error("cannot generate an id: the system's random source "
		          "failed");
		return ANSINH_EXIT_USAGE;
	}
	uuid_parse(cmd_value(args, "org"), org);
	p.id.data = id;
	p.id.len = sizeof id;
	p.ward_code = cmd_string(args, "ward");
	p.name = cmd_string(args, "name");
	p.organization_id.data = org;
	p.organization_id.len = sizeof org;
	p.kind = (Ansinh__V1__ProgrammeKind)cmd_word(args, "kind");
	p.schedule = cmd_string(args, "schedule");
	p.district_wide = cmd_given(args, "district-wide");
	body.programme = &p;
	req.body_case = ANSINH__V1__REQUEST__BODY_PROGRAMME_CREATE;
	req.programme_create = &body;
	return cmd_write(ctx, &req);
}

static enum ansinh_exit
cmd_program_list_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__ProgrammeList body = ANSINH__V1__PROGRAMME_LIST__INIT;
	Ansinh__V1__Response *resp;
	const Ansinh__V1__ProgrammeListReply *reply;
	struct render_table *t;
	enum ansinh_exit rc;
	size_t i;

	body.ward_code = cmd_string(args, "ward");
	body.kind = (Ansinh__V1__ProgrammeKind)cmd_word(args, "kind");
	body.limit = (uint32_t)cmd_number(args, "limit");
	req.body_case = ANSINH__V1__REQUEST__BODY_PROGRAMME_LIST;
	req.programme_list = &body;
	rc = cmd_call(ctx, &req, ANSINH__V1__RESPONSE__BODY_PROGRAMMES, &resp);
	if (rc != ANSINH_EXIT_OK)
		return rc;
	reply = resp->programmes;
	t = render_table_new(cmd_program_columns, CMD_PROGRAM_NCOLUMNS);
	for (i = 0; i < reply->n_programmes; i++) {
		const Ansinh__V1__Programme *p = reply->programmes[i];

		cmd_render_text(t, p->ward_code);
		render_str(t, p->name);
		render_str(t, names_programme_kind(p->kind));
		cmd_render_text(t, p->organization_name);
		cmd_render_text(t, p->schedule);
		render_int(t, p->distribution_count);
		cmd_render_id(t, &p->id);
	}
	render_list(stdout, ctx->cfg->format, t);
	render_table_free(t);
	if (reply->more)
		cmd_error("more programmes match than the %zu shown; raise "
		          "--limit to see them",
		          reply->n_programmes);
	ansinh__v1__response__free_unpacked(resp, NULL);
	return ANSINH_EXIT_OK;
}
