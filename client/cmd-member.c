/*
 * cmd-member.c — `ansinh member add|list|update|duplicates`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "cmd.h"
#include "kind.h"
#include "render.h"
#include "rules.h"
#include "uuid.h"
#include "view.h"

static enum ansinh_exit cmd_member_add_exec(struct cmd_ctx *ctx,
                                            const struct cmd_args *args);
static enum ansinh_exit cmd_member_update_exec(struct cmd_ctx *ctx,
                                               const struct cmd_args *args);
static enum ansinh_exit cmd_member_duplicates_exec(struct cmd_ctx *ctx,
                                                   const struct cmd_args *args);

/* Columns of `member list`. */
static const struct view_col cmd_member_columns[] = {
    VIEW_F("name", "full_name", VIEW_VERBATIM),
    VIEW("born", "birth_date"),
    VIEW("sex", "sex"),
    VIEW("citizen_id", "citizen_id"),
    VIEW("relation", "relation"),
    VIEW("disability", "disability"),
    VIEW("illness", "serious_illness"),
    VIEW("occupation", "occupation"),
    VIEW("id", "id"),
};

static const struct view_list cmd_member_list_view = VIEW_LIST(
    MEMBER_LIST, MEMBERS, .rows = "members", VIEW_COLS(cmd_member_columns));

/* Columns of `member duplicates`: one row per person, numbered by group. */
static const char *const cmd_member_duplicate_columns[] = {
    "group", "ward",       "household", "name",
    "born",  "citizen_id", "id",        "household_id",
};
#define CMD_MEMBER_NDUPLICATE_COLUMNS                                          \
	(sizeof cmd_member_duplicate_columns /                                 \
	 sizeof cmd_member_duplicate_columns[0])

static const struct cmd_arg cmd_member_id_arg[] = {
    {.metavar = "ID", .check = check_uuid},
    {.metavar = NULL},
};

static const struct cmd_flag cmd_member_list_flags[] = {
    {.name = "household",
     .kind = CMD_VALUE,
     .metavar = "ID|CODE",
     .attrs = CMD_REQUIRED,
     .check = check_household_ref,
     .help = "the household, by id or code",
     .path = "household_id",
     .code_path = "household_code"},
    CMD_FLAG_WARD_AT("ward_code"),
    {.name = NULL},
};

static const struct cmd_flag cmd_member_update_flags[] = {
    {.name = "name",
     .kind = CMD_VALUE,
     .metavar = "N",
     .check = check_name,
     .help = "full name"},
    {.name = "born",
     .kind = CMD_VALUE,
     .metavar = "D",
     .check = check_past_date,
     .help = "date of birth, YYYY-MM-DD"},
    {.name = "sex",
     .kind = CMD_VALUE,
     .words = names_sex_list,
     .parse = names_sex_parse,
     .help = "sex"},
    {.name = "citizen-id",
     .kind = CMD_VALUE,
     .metavar = "C",
     .check = check_citizen_id_or_empty,
     .help = "citizen ID number, 12 digits ('' clears it)"},
    {.name = "relation",
     .kind = CMD_VALUE,
     .words = names_relation_list,
     .parse = names_relation_parse,
     .help = "relation to the head of the household"},
    {.name = "disability",
     .kind = CMD_VALUE,
     .words = names_disability_list,
     .parse = names_disability_parse,
     .help = "degree of disability"},
    {.name = "serious-illness",
     .kind = CMD_TOGGLE,
     .help = "has a serious illness, or not"},
    {.name = "occupation",
     .kind = CMD_VALUE,
     .metavar = "T",
     .check = check_occupation,
     .help = "occupation ('' clears it)"},
    CMD_FLAG_WARD,
    {.name = NULL},
};

static const struct cmd_flag cmd_member_duplicates_flags[] = {
    {.name = "ward",
     .kind = CMD_VALUE,
     .metavar = "CODE",
     .check = check_ward,
     .help = "only the groups with someone in this ward (listed whole)"},
    {.name = "limit",
     .kind = CMD_VALUE,
     .metavar = "N",
     .check = check_limit,
     .help = "at most N groups (the daemon's default: 100)"},
    {.name = NULL},
};

const struct cmd_entry cmd_member_add_entry = {
    .noun = "member",
    .verb = "add",
    .summary = "Record a person in a household.",
    .help = "Record a member of a household and print the new id.",
    .record = &record_member,
    .exec = cmd_member_add_exec,
};

const struct cmd_entry cmd_member_list_entry = {
    .noun = "member",
    .verb = "list",
    .summary = "List the members of a household.",
    .help = "List the members of a household. Columns: name, born, sex,\n"
            "citizen_id, relation, disability, illness, occupation, id.",
    .flags = cmd_member_list_flags,
    .list = &cmd_member_list_view,
    .exec = view_list_exec,
};

const struct cmd_entry cmd_member_update_entry = {
    .noun = "member",
    .verb = "update",
    .summary = "Change a member.",
    .help = "Change the given fields of a member, named by id; the others\n"
            "stay as they are. Prints the id.",
    .args = cmd_member_id_arg,
    .flags = cmd_member_update_flags,
    .exec = cmd_member_update_exec,
};

const struct cmd_entry cmd_member_duplicates_entry = {
    .noun = "member",
    .verb = "duplicates",
    .summary = "List people likely recorded twice (district tokens).",
    .help =
        "List likely duplicates anywhere in the district: groups of two\n"
        "or more persons with the same name, compared without diacritics\n"
        "or case (\"Nguyễn Văn An\" = \"NGUYEN VAN AN\"), and the same birth\n"
        "date. Persons without a birth date are not listed. One row per\n"
        "person; rows of a group share its number. Columns: group, ward,\n"
        "household, name, born, citizen_id, id, household_id. District\n"
        "tokens only.",
    .flags = cmd_member_duplicates_flags,
    .exec = cmd_member_duplicates_exec,
};

/* The member's fields (kind-member.c). */
static enum ansinh_exit
cmd_member_add_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	return call_create(ctx, cmd_record_request(args));
}

static enum ansinh_exit
cmd_member_update_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__MemberUpdate u = ANSINH__V1__MEMBER_UPDATE__INIT;
	uint8_t id[UUID_SIZE];
	bool changed = false;
	int toggle;

	if (!uuid_parse(args->argv[0], id))
		return cmd_usage_error(args, "ID: must be an id");
	u.id.data = id;
	u.id.len = sizeof id;
	u.ward_code = cmd_string(args, "ward");
	if (cmd_given(args, "name")) {
		u.opt_full_name_case =
		    ANSINH__V1__MEMBER_UPDATE__OPT_FULL_NAME_FULL_NAME;
		u.full_name = cmd_string(args, "name");
		changed = true;
	}
	if (cmd_given(args, "born")) {
		u.opt_birth_date_case =
		    ANSINH__V1__MEMBER_UPDATE__OPT_BIRTH_DATE_BIRTH_DATE;
		u.birth_date = cmd_string(args, "born");
		changed = true;
	}
	if (cmd_given(args, "sex")) {
		u.sex = (Ansinh__V1__Sex)cmd_word(args, "sex");
		changed = true;
	}
	if (cmd_given(args, "citizen-id")) {
		u.opt_citizen_id_case =
		    ANSINH__V1__MEMBER_UPDATE__OPT_CITIZEN_ID_CITIZEN_ID;
		u.citizen_id = cmd_string(args, "citizen-id");
		changed = true;
	}
	if (cmd_given(args, "relation")) {
		u.relation = (Ansinh__V1__Relation)cmd_word(args, "relation");
		changed = true;
	}
	if (cmd_given(args, "disability")) {
		u.disability =
		    (Ansinh__V1__Disability)cmd_word(args, "disability");
		changed = true;
	}
	if ((toggle = cmd_toggle(args, "serious-illness")) >= 0) {
		u.opt_serious_illness_case =
		    ANSINH__V1__MEMBER_UPDATE__OPT_SERIOUS_ILLNESS_SERIOUS_ILLNESS;
		u.serious_illness = toggle;
		changed = true;
	}
	if (cmd_given(args, "occupation")) {
		u.opt_occupation_case =
		    ANSINH__V1__MEMBER_UPDATE__OPT_OCCUPATION_OCCUPATION;
		u.occupation = cmd_string(args, "occupation");
		changed = true;
	}
	if (!changed)
		return cmd_usage_error(args, "nothing to change: give at least "
		                             "one flag besides --ward");
	req.body_case = ANSINH__V1__REQUEST__BODY_MEMBER_UPDATE;
	req.member_update = &u;
	return call_write(ctx, &req);
}

static enum ansinh_exit
cmd_member_duplicates_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__MemberDuplicates body = ANSINH__V1__MEMBER_DUPLICATES__INIT;
	const Ansinh__V1__MemberDuplicatesReply *reply;
	const Ansinh__V1__Member *m;
	Ansinh__V1__Response *resp;
	struct render_table *t;
	enum ansinh_exit rc;
	size_t g, i;

	body.ward_code = cmd_string(args, "ward");
	body.limit = (uint32_t)cmd_number(args, "limit");
	req.body_case = ANSINH__V1__REQUEST__BODY_MEMBER_DUPLICATES;
	req.member_duplicates = &body;
	rc = call_request(ctx, &req, ANSINH__V1__RESPONSE__BODY_DUPLICATES,
	                  &resp);
	if (rc != ANSINH_EXIT_OK)
		return rc;
	reply = resp->duplicates;
	t = render_table_new(cmd_member_duplicate_columns,
	                     CMD_MEMBER_NDUPLICATE_COLUMNS);
	for (g = 0; g < reply->n_groups; g++) {
		for (i = 0; i < reply->groups[g]->n_members; i++) {
			m = reply->groups[g]->members[i];
			render_int(t, (long long)g + 1);
			render_str(t, m->ward_code);
			render_str(t, m->household_code);
			render_str(t, m->full_name);
			cmd_render_text(t, m->birth_date);
			cmd_render_text(t, m->citizen_id);
			cmd_render_id(t, &m->id);
			cmd_render_id(t, &m->household_id);
		}
	}
	render_list(stdout, ctx->cfg->format, t);
	render_table_free(t);
	if (reply->more)
		cmd_error("more groups of likely duplicates exist than the %zu "
		          "shown; raise --limit to see them",
		          reply->n_groups);
	ansinh__v1__response__free_unpacked(resp, NULL);
	return ANSINH_EXIT_OK;
}
