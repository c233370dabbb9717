/*
 * cmd-organization.c — `ansinh org add|list`: the organizations that sponsor
 * support, donate goods and run programmes.
 */
#include <stdio.h>
#include <stdlib.h>

#include "call.h"
#include "cmd.h"
#include "render.h"
#include "rules.h"
#include "uuid.h"
#include "view.h"

static enum ansinh_exit cmd_organization_add_exec(struct cmd_ctx *ctx,
                                                  const struct cmd_args *args);

static const struct cmd_flag cmd_organization_add_flags[] = {
    {.name = "name",
     .kind = CMD_VALUE,
     .metavar = "N",
     .attrs = CMD_REQUIRED,
     .check = check_title,
     .help = "name, unique in the district, e.g. \"Hội LHPN phường An "
             "Khê\""},
    {.name = "kind",
     .kind = CMD_VALUE,
     .metavar = "KIND",
     .attrs = CMD_REQUIRED,
     .words = names_org_kind_list,
     .parse = names_org_kind_parse,
     .help = "kind of organization: association, school, army-unit, "
             "agency, province-committee, business or other"},
    {.name = "ward",
     .kind = CMD_VALUE,
     .metavar = "CODE",
     .check = check_ward,
     .help = "the ward it belongs to (a ward token: its own ward; a "
             "district token: any, or none for district-wide and outside "
             "organizations)"},
    {.name = NULL},
};

static const struct cmd_flag cmd_organization_list_flags[] = {
    {.name = "kind",
     .path = "kind",
     .kind = CMD_VALUE,
     .metavar = "KIND",
     .words = names_org_kind_list,
     .parse = names_org_kind_parse,
     .help = "only this kind (as for org add)"},
    {.name = "ward",
     .path = "ward_code",
     .kind = CMD_VALUE,
     .metavar = "CODE",
     .check = check_ward,
     .help = "only organizations of this ward"},
    {.name = NULL},
};

const struct cmd_entry cmd_org_add_entry = {
    .noun = "org",
    .verb = "add",
    .summary = "Add an organization.",
    .help = "Add an organization (association, school, army unit, agency, "
            "another\nprovince's committee, business) and print its new id. "
            "A ward token adds\norganizations of its own ward; a district "
            "token any ward's, or\ndistrict-wide ones (no --ward).",
    .flags = cmd_organization_add_flags,
    .exec = cmd_organization_add_exec,
};

static const struct view_col cmd_organization_list_columns[] = {
    VIEW_F("name", "name", VIEW_VERBATIM),
    VIEW("kind", "kind"),
    VIEW("ward", "ward_code"),
    VIEW("id", "id"),
};

static const struct view_list cmd_org_list_view =
    VIEW_LIST(ORGANIZATION_LIST, ORGANIZATIONS, .rows = "organizations",
              VIEW_COLS(cmd_organization_list_columns));

const struct cmd_entry cmd_org_list_entry = {
    .noun = "org",
    .verb = "list",
    .summary = "List organizations.",
    .help = "List organizations, district-wide ones first, then by ward "
            "and name.\nOrganizations are shared: every token sees them all. "
            "Columns: name,\nkind, ward, id.",
    .flags = cmd_organization_list_flags,
    .list = &cmd_org_list_view,
    .exec = view_list_exec,
};

static enum ansinh_exit
cmd_organization_add_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__OrganizationCreate body =
	    ANSINH__V1__ORGANIZATION_CREATE__INIT;
	Ansinh__V1__Organization o = ANSINH__V1__ORGANIZATION__INIT;
	uint8_t id[UUID_SIZE];

	if (!uuid7_generate(id)) {
		cmd_error("cannot generate an id: the system's random source "
		          "failed");
		return ANSINH_EXIT_USAGE;
	}
	o.id.data = id;
	o.id.len = sizeof id;
	o.name = cmd_string(args, "name");
	o.kind = (Ansinh__V1__OrgKind)cmd_word(args, "kind");
	o.ward_code = cmd_string(args, "ward");
	body.organization = &o;
	req.body_case = ANSINH__V1__REQUEST__BODY_ORGANIZATION_CREATE;
	req.organization_create = &body;
	return call_write(ctx, &req);
}
