/*
 * cmd-casefile.c — `ansinh casefile show|set|plan-add|plan-update|note`: a
 * household's case file — circumstances, living conditions, the plan of
 * solutions to escape poverty (items with a kind and a status), dated notes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "cmd.h"
#include "render.h"
#include "rules.h"
#include "uuid.h"

static enum ansinh_exit cmd_casefile_show_exec(struct cmd_ctx *ctx,
                                               const struct cmd_args *args);
static enum ansinh_exit cmd_casefile_set_exec(struct cmd_ctx *ctx,
                                              const struct cmd_args *args);
static enum ansinh_exit cmd_casefile_plan_add_exec(struct cmd_ctx *ctx,
                                                   const struct cmd_args *args);
static enum ansinh_exit
cmd_casefile_plan_update_exec(struct cmd_ctx *ctx, const struct cmd_args *args);
static enum ansinh_exit cmd_casefile_note_exec(struct cmd_ctx *ctx,
                                               const struct cmd_args *args);
static bool cmd_casefile_new_id(uint8_t id[UUID_SIZE],
                                ProtobufCBinaryData *bin);
static void cmd_casefile_ref(const char *arg, uint8_t id[UUID_SIZE],
                             ProtobufCBinaryData *bin, char **code);

/* Fields of `casefile show`; "expected", "plan" and "notes" are flattened
 * into the record only in CSV. */
static const char *const cmd_casefile_fields[] = {
    "ward",          "code",
    "head",          "status",
    "circumstances", "living_conditions",
    "updated_at",    "id",
    "expected",      "plan",
    "notes",
};
#define CMD_CASEFILE_NFIELDS                                                   \
	(sizeof cmd_casefile_fields / sizeof cmd_casefile_fields[0])

static const char *const cmd_casefile_expected_columns[] = {
    "year",
    "listed",
    "note",
};
static const char *const cmd_casefile_plan_columns[] = {
    "kind", "status", "due", "description", "item_id",
};
static const char *const cmd_casefile_note_columns[] = {
    "noted_on",
    "text",
    "recorded_by",
};

static const struct cmd_arg cmd_casefile_household_arg[] = {
    {.metavar = "ID|CODE", .check = check_household_ref},
    {.metavar = NULL},
};
static const struct cmd_arg cmd_casefile_item_arg[] = {
    {.metavar = "ITEM-ID", .check = check_uuid},
    {.metavar = NULL},
};

static const struct cmd_flag cmd_casefile_set_flags[] = {
    {.name = "circumstances",
     .kind = CMD_VALUE,
     .metavar = "TEXT",
     .check = check_note,
     .help = "the household's circumstances ('' clears them)"},
    {.name = "living-conditions",
     .kind = CMD_VALUE,
     .metavar = "TEXT",
     .check = check_note,
     .help = "its living conditions ('' clears them)"},
    CMD_FLAG_WARD,
    {.name = NULL},
};

static const struct cmd_flag cmd_casefile_plan_add_flags[] = {
    {.name = "kind",
     .kind = CMD_VALUE,
     .words = names_plan_kind_list,
     .parse = names_plan_kind_parse,
     .attrs = CMD_REQUIRED,
     .help = "kind of solution"},
    {.name = "description",
     .kind = CMD_VALUE,
     .metavar = "TEXT",
     .attrs = CMD_REQUIRED,
     .check = check_plan_item,
     .help = "what is to be done (up to 500 characters)"},
    {.name = "status",
     .kind = CMD_VALUE,
     .words = names_plan_status_list,
     .parse = names_plan_status_parse,
     .deflt = "planned",
     .help = "where it stands"},
    {.name = "due",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .check = check_date,
     .help = "when it should be done"},
    CMD_FLAG_WARD,
    {.name = NULL},
};

static const struct cmd_flag cmd_casefile_plan_update_flags[] = {
    {.name = "kind",
     .kind = CMD_VALUE,
     .words = names_plan_kind_list,
     .parse = names_plan_kind_parse,
     .help = "kind of solution"},
    {.name = "description",
     .kind = CMD_VALUE,
     .metavar = "TEXT",
     .check = check_plan_item,
     .help = "what is to be done"},
    {.name = "status",
     .kind = CMD_VALUE,
     .words = names_plan_status_list,
     .parse = names_plan_status_parse,
     .help = "where it stands"},
    {.name = "due",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .check = check_date_or_empty,
     .help = "when it should be done ('' clears it)"},
    CMD_FLAG_WARD,
    {.name = NULL},
};

static const struct cmd_flag cmd_casefile_note_flags[] = {
    {.name = "text",
     .kind = CMD_VALUE,
     .metavar = "TEXT",
     .attrs = CMD_REQUIRED,
     .check = check_note_text,
     .help = "the note (up to 4000 characters, line breaks allowed)"},
    {.name = "date",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .check = check_past_date,
     .help = "the date the note is about (default: today)"},
    CMD_FLAG_WARD,
    {.name = NULL},
};

const struct cmd_entry cmd_casefile_show_entry = {
    .noun = "casefile",
    .verb = "show",
    .summary = "Show a household's case file.",
    .help = "Show a household's case file: circumstances, living "
            "conditions, the years it is on the expected-exit list, the plan "
            "of solutions and the dated notes. The table format prints each "
            "list after the record; JSON puts them under \"expected\", "
            "\"plan\" and \"notes\"; CSV flattens each into one field of "
            "entries separated by \"; \".",
    .args = cmd_casefile_household_arg,
    .flags = cmd_flags_ward,
    .exec = cmd_casefile_show_exec,
};

const struct cmd_entry cmd_casefile_set_entry = {
    .noun = "casefile",
    .verb = "set",
    .summary = "Write a household's circumstances and living conditions.",
    .help = "Open a household's case file, or change the given texts; "
            "the others stay. Prints the case file's id.",
    .args = cmd_casefile_household_arg,
    .flags = cmd_casefile_set_flags,
    .exec = cmd_casefile_set_exec,
};

const struct cmd_entry cmd_casefile_plan_add_entry = {
    .noun = "casefile",
    .verb = "plan-add",
    .summary = "Add an item to a household's plan of solutions.",
    .help = "Add an item to the household's plan of solutions to escape "
            "poverty, e.g. --kind livelihood --description \"food display "
            "cabinet for the stall\". Prints the item's id.",
    .args = cmd_casefile_household_arg,
    .flags = cmd_casefile_plan_add_flags,
    .exec = cmd_casefile_plan_add_exec,
};

const struct cmd_entry cmd_casefile_plan_update_entry = {
    .noun = "casefile",
    .verb = "plan-update",
    .summary = "Change an item of a plan of solutions.",
    .help = "Change the given fields of a plan item, named by its id "
            "(see 'casefile show'), e.g. --status done. Prints the id.",
    .args = cmd_casefile_item_arg,
    .flags = cmd_casefile_plan_update_flags,
    .exec = cmd_casefile_plan_update_exec,
};

const struct cmd_entry cmd_casefile_note_entry = {
    .noun = "casefile",
    .verb = "note",
    .summary = "Add a dated note to a household's case file.",
    .help = "Add a dated note (a visit, a dialogue, progress) to the "
            "household's case file. Notes are never changed. Prints the "
            "note's id.",
    .args = cmd_casefile_household_arg,
    .flags = cmd_casefile_note_flags,
    .exec = cmd_casefile_note_exec,
};

static bool
cmd_casefile_new_id(uint8_t id[UUID_SIZE], ProtobufCBinaryData *bin)
{
	if (!uuid7_generate(id)) {
		cmd_error("cannot generate an id: the system's random source "
		          "failed");
		return false;
	}
	bin->data = id;
	bin->len = UUID_SIZE;
	return true;
}

static void
cmd_casefile_ref(const char *arg, uint8_t id[UUID_SIZE],
                 ProtobufCBinaryData *bin, char **code)
{
	if (uuid_parse(arg, id)) {
		bin->data = id;
		bin->len = UUID_SIZE;
	} else {
		*code = (char *)arg;
	}
}

static enum ansinh_exit
cmd_casefile_show_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	static const char *const sub_names[] = {"expected", "plan", "notes"};
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__CasefileGet body = ANSINH__V1__CASEFILE_GET__INIT;
	Ansinh__V1__Response *resp;
	const Ansinh__V1__CasefileReply *reply;
	const Ansinh__V1__Household *h;
	struct render_table *rec, *subs[3];
	char *flat[3] = {NULL, NULL, NULL};
	size_t flat_len[3], i, nfields = CMD_CASEFILE_NFIELDS;
	FILE *f[3];
	enum ansinh_exit rc;
	uint8_t hid[UUID_SIZE];
	char item[UUID_STR_SIZE];

	cmd_casefile_ref(args->argv[0], hid, &body.household_id,
	                 &body.household_code);
	body.ward_code = cmd_string(args, "ward");
	req.body_case = ANSINH__V1__REQUEST__BODY_CASEFILE_GET;
	req.casefile_get = &body;
	rc =
	    call_request(ctx, &req, ANSINH__V1__RESPONSE__BODY_CASEFILE, &resp);
	if (rc != ANSINH_EXIT_OK)
		return rc;
	reply = resp->casefile;
	h = reply->household;
	if (h == NULL) {
		cmd_error(
		    "protocol error from %s: the reply holds no household",
		    ctx->cfg->server);
		ansinh__v1__response__free_unpacked(resp, NULL);
		return ANSINH_EXIT_PROTOCOL;
	}
	for (i = 0; i < 3; i++)
		f[i] = open_memstream(&flat[i], &flat_len[i]);

	subs[0] = render_table_new(cmd_casefile_expected_columns, 3);
	for (i = 0; i < reply->n_expected_exits; i++) {
		const Ansinh__V1__ExpectedExit *e = reply->expected_exits[i];

		render_int(subs[0], e->year);
		render_bool(subs[0], !e->withdrawn);
		cmd_render_text(subs[0], e->note);
		if (f[0] != NULL)
			fprintf(f[0], "%s%d %s", i > 0 ? "; " : "", e->year,
			        e->withdrawn ? "withdrawn" : "listed");
	}
	subs[1] = render_table_new(cmd_casefile_plan_columns, 5);
	for (i = 0; i < reply->n_plan; i++) {
		const Ansinh__V1__PlanItem *p = reply->plan[i];
		const char *kind = names_plan_kind((int)p->kind);
		const char *status = names_plan_status((int)p->status);

		render_str(subs[1], kind);
		render_str(subs[1], status);
		cmd_render_text(subs[1], p->due_on);
		render_str(subs[1], p->description);
		cmd_render_id(subs[1], &p->id);
		if (p->id.len == UUID_SIZE)
			uuid_format(p->id.data, item);
		else
			item[0] = '\0';
		if (f[1] != NULL)
			fprintf(f[1], "%s%s %s %s (%s)", i > 0 ? "; " : "",
			        kind != NULL ? kind : "unknown",
			        status != NULL ? status : "unknown",
			        p->description, item);
	}
	subs[2] = render_table_new(cmd_casefile_note_columns, 3);
	for (i = 0; i < reply->n_notes; i++) {
		const Ansinh__V1__CasefileNote *n = reply->notes[i];

		cmd_render_text(subs[2], n->noted_on);
		render_str(subs[2], n->text);
		cmd_render_text(subs[2], n->recorded_by);
		if (f[2] != NULL)
			fprintf(f[2], "%s%s %s", i > 0 ? "; " : "", n->noted_on,
			        n->text);
	}
	for (i = 0; i < 3; i++)
		if (f[i] != NULL)
			fclose(f[i]);

	if (ctx->cfg->format != RENDER_CSV)
		nfields -= 3;
	rec = render_table_new(cmd_casefile_fields, nfields);
	render_str(rec, h->ward_code);
	render_str(rec, h->code);
	render_str(rec, h->head_name);
	render_str(rec, names_poverty((int)h->status));
	cmd_render_text(rec, reply->circumstances);
	cmd_render_text(rec, reply->living_conditions);
	cmd_render_text(rec, reply->updated_at);
	cmd_render_id(rec, &h->id);
	if (nfields == CMD_CASEFILE_NFIELDS)
		for (i = 0; i < 3; i++)
			render_str(rec, flat[i] != NULL ? flat[i] : "");
	render_record_subs(stdout, ctx->cfg->format, rec, 3, sub_names,
	                   (const struct render_table *const *)subs);
	render_table_free(rec);
	for (i = 0; i < 3; i++) {
		render_table_free(subs[i]);
		free(flat[i]);
	}
	ansinh__v1__response__free_unpacked(resp, NULL);
	return ANSINH_EXIT_OK;
}

static enum ansinh_exit
cmd_casefile_set_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__CasefileSet body = ANSINH__V1__CASEFILE_SET__INIT;
	uint8_t id[UUID_SIZE], hid[UUID_SIZE];

	if (!cmd_given(args, "circumstances") &&
	    !cmd_given(args, "living-conditions"))
		return cmd_usage_error(
		    args, "nothing to change: give "
		          "--circumstances or --living-conditions");
	if (!cmd_casefile_new_id(id, &body.id))
		return ANSINH_EXIT_USAGE;
	body.ward_code = cmd_string(args, "ward");
	cmd_casefile_ref(args->argv[0], hid, &body.household_id,
	                 &body.household_code);
	if (cmd_given(args, "circumstances")) {
		body.opt_circumstances_case =
		    ANSINH__V1__CASEFILE_SET__OPT_CIRCUMSTANCES_CIRCUMSTANCES;
		body.circumstances = cmd_string(args, "circumstances");
	}
	if (cmd_given(args, "living-conditions")) {
		body.opt_living_conditions_case =
		    ANSINH__V1__CASEFILE_SET__OPT_LIVING_CONDITIONS_LIVING_CONDITIONS;
		body.living_conditions = cmd_string(args, "living-conditions");
	}
	req.body_case = ANSINH__V1__REQUEST__BODY_CASEFILE_SET;
	req.casefile_set = &body;
	return call_write(ctx, &req);
}

static enum ansinh_exit
cmd_casefile_plan_add_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__PlanItemCreate body = ANSINH__V1__PLAN_ITEM_CREATE__INIT;
	Ansinh__V1__PlanItem p = ANSINH__V1__PLAN_ITEM__INIT;
	uint8_t id[UUID_SIZE], hid[UUID_SIZE];

	if (!cmd_casefile_new_id(id, &p.id))
		return ANSINH_EXIT_USAGE;
	p.ward_code = cmd_string(args, "ward");
	cmd_casefile_ref(args->argv[0], hid, &p.household_id,
	                 &p.household_code);
	p.kind = (Ansinh__V1__PlanKind)cmd_word(args, "kind");
	p.description = cmd_string(args, "description");
	p.status = (Ansinh__V1__PlanStatus)cmd_word(args, "status");
	p.due_on = cmd_string(args, "due");
	body.item = &p;
	req.body_case = ANSINH__V1__REQUEST__BODY_PLAN_ITEM_CREATE;
	req.plan_item_create = &body;
	return call_write(ctx, &req);
}

static enum ansinh_exit
cmd_casefile_plan_update_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__PlanItemUpdate u = ANSINH__V1__PLAN_ITEM_UPDATE__INIT;
	uint8_t id[UUID_SIZE];

	if (!cmd_given(args, "kind") && !cmd_given(args, "description") &&
	    !cmd_given(args, "status") && !cmd_given(args, "due"))
		return cmd_usage_error(args, "nothing to change: give at least "
		                             "one flag besides --ward");
	uuid_parse(args->argv[0], id);
	u.id.data = id;
	u.id.len = sizeof id;
	u.ward_code = cmd_string(args, "ward");
	u.kind = (Ansinh__V1__PlanKind)cmd_word(args, "kind");
	if (cmd_given(args, "description")) {
		u.opt_description_case =
		    ANSINH__V1__PLAN_ITEM_UPDATE__OPT_DESCRIPTION_DESCRIPTION;
		u.description = cmd_string(args, "description");
	}
	u.status = (Ansinh__V1__PlanStatus)cmd_word(args, "status");
	if (cmd_given(args, "due")) {
		u.opt_due_on_case =
		    ANSINH__V1__PLAN_ITEM_UPDATE__OPT_DUE_ON_DUE_ON;
		u.due_on = cmd_string(args, "due");
	}
	req.body_case = ANSINH__V1__REQUEST__BODY_PLAN_ITEM_UPDATE;
	req.plan_item_update = &u;
	return call_write(ctx, &req);
}

static enum ansinh_exit
cmd_casefile_note_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__CasefileNoteCreate body =
	    ANSINH__V1__CASEFILE_NOTE_CREATE__INIT;
	Ansinh__V1__CasefileNote n = ANSINH__V1__CASEFILE_NOTE__INIT;
	uint8_t id[UUID_SIZE], hid[UUID_SIZE];
	char today[11];

	if (!cmd_casefile_new_id(id, &n.id))
		return ANSINH_EXIT_USAGE;
	(void)rule_today(today);
	n.ward_code = cmd_string(args, "ward");
	cmd_casefile_ref(args->argv[0], hid, &n.household_id,
	                 &n.household_code);
	n.noted_on = cmd_given(args, "date") ? cmd_string(args, "date") : today;
	n.text = cmd_string(args, "text");
	body.note = &n;
	req.body_case = ANSINH__V1__REQUEST__BODY_CASEFILE_NOTE_CREATE;
	req.casefile_note_create = &body;
	return call_write(ctx, &req);
}
