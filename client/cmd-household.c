/*
 * cmd-household.c — `ansinh household add|show|list|find|update|expect-exit`.
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

static enum ansinh_exit cmd_household_add_exec(struct cmd_ctx *ctx,
                                               const struct cmd_args *args);
static enum ansinh_exit cmd_household_show_exec(struct cmd_ctx *ctx,
                                                const struct cmd_args *args);
static enum ansinh_exit cmd_household_update_exec(struct cmd_ctx *ctx,
                                                  const struct cmd_args *args);
static enum ansinh_exit
cmd_household_expect_exit_exec(struct cmd_ctx *ctx,
                               const struct cmd_args *args);

/* Columns of `household list` and `household find`. */
static const struct view_col cmd_household_columns[] = {
    VIEW_F("ward", "ward_code", VIEW_VERBATIM),
    VIEW_F("code", "code", VIEW_VERBATIM),
    VIEW_F("head", "head_name", VIEW_VERBATIM),
    VIEW_F("group", "residential_group", VIEW_NONZERO),
    VIEW("status", "status"),
    VIEW("since", "status_since"),
    VIEW("policy", "policy"),
    VIEW("special", "special_difficulty"),
    VIEW("members", "member_count"),
    VIEW("id", "id"),
};

static const struct view_list cmd_household_list_view =
    VIEW_LIST(HOUSEHOLD_LIST, HOUSEHOLDS, .rows = "households",
              VIEW_COLS(cmd_household_columns));

static const struct view_list cmd_household_find_view =
    VIEW_LIST(HOUSEHOLD_FIND, HOUSEHOLDS, .rows = "households",
              VIEW_COLS(cmd_household_columns));

/* Fields of `household show`; "history" only in CSV. */
static const char *const cmd_household_fields[] = {
    "ward",    "code",       "head",       "group",  "address",
    "phone",   "policy",     "special",    "status", "since",
    "members", "created_at", "updated_at", "id",     "history",
};
#define CMD_HOUSEHOLD_NFIELDS                                                  \
	(sizeof cmd_household_fields / sizeof cmd_household_fields[0])

static const char *const cmd_household_history_columns[] = {
    "status",
    "since",
    "recorded_at",
    "recorded_by",
};

static const struct cmd_arg cmd_household_ref_arg[] = {
    {.metavar = "ID|CODE", .check = check_household_ref},
    {.metavar = NULL},
};

static const struct cmd_arg cmd_household_text_arg[] = {
    {.metavar = "TEXT", .check = check_search_text, .path = "text"},
    {.metavar = NULL},
};

static const struct cmd_flag cmd_household_list_flags[] = {
    {.name = "group",
     .kind = CMD_VALUE,
     .metavar = "N",
     .check = check_group,
     .help = "only this residential group",
     .path = "residential_group"},
    {.name = "status",
     .kind = CMD_VALUE,
     .words = names_poverty_list,
     .parse = names_poverty_parse,
     .help = "only this poverty status",
     .path = "status"},
    {.name = "expect-exit",
     .kind = CMD_VALUE,
     .metavar = "Y",
     .check = check_year,
     .help = "only households on the expected-exit list of year Y",
     .path = "expect_exit_year"},
    CMD_FLAG_WARD_AT("ward_code"),
    CMD_FLAG_LIMIT("households"),
    {.name = NULL},
};

static const struct cmd_flag cmd_household_find_flags[] = {
    CMD_FLAG_WARD_AT("ward_code"),
    CMD_FLAG_LIMIT("households"),
    {.name = NULL},
};

static const struct cmd_flag cmd_household_update_flags[] = {
    {.name = "code",
     .kind = CMD_VALUE,
     .metavar = "NEW",
     .check = check_household_code,
     .help = "give the household a new "
             "code"},
    {.name = "head",
     .kind = CMD_VALUE,
     .metavar = "NAME",
     .check = check_name,
     .help = "full name of the head"},
    {.name = "group",
     .kind = CMD_VALUE,
     .metavar = "N",
     .check = check_group,
     .help = "residential group, 1 to 999"},
    {.name = "address",
     .kind = CMD_VALUE,
     .metavar = "TEXT",
     .check = check_address,
     .help = "street address ('' clears it)"},
    {.name = "phone",
     .kind = CMD_VALUE,
     .metavar = "P",
     .check = check_phone,
     .help = "phone number ('' clears it)"},
    {.name = "policy",
     .kind = CMD_TOGGLE,
     .help = "a policy household, or not"},
    {.name = "special-difficulty",
     .kind = CMD_TOGGLE,
     .help = "in especially difficult circumstances, or not"},
    {.name = "status",
     .kind = CMD_VALUE,
     .words = names_poverty_list,
     .parse = names_poverty_parse,
     .help = "new poverty status (recorded in the history)"},
    {.name = "since",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .check = check_past_date,
     .help = "with --status: date of the change (default: today)"},
    CMD_FLAG_WARD,
    {.name = NULL},
};

static const struct cmd_flag cmd_household_expect_exit_flags[] = {
    {.name = "year",
     .kind = CMD_VALUE,
     .metavar = "Y",
     .attrs = CMD_REQUIRED,
     .check = check_year,
     .help = "the year the household is expected to escape poverty"},
    {.name = "note",
     .kind = CMD_VALUE,
     .metavar = "TEXT",
     .check = check_note,
     .help = "e.g. what it needs to get there ('' clears it)"},
    {.name = "withdraw",
     .kind = CMD_SWITCH,
     .help = "take the household off that year's list"},
    CMD_FLAG_WARD,
    {.name = NULL},
};

const struct cmd_entry cmd_household_add_entry = {
    .noun = "household",
    .verb = "add",
    .summary = "Record a new household.",
    .help = "Record a new poor or near-poor household and print its id.\n"
            "The code is the ward's own reference (e.g. the number on its "
            "list).",
    .record = &record_household,
    .exec = cmd_household_add_exec,
};

const struct cmd_entry cmd_household_show_entry = {
    .noun = "household",
    .verb = "show",
    .summary = "Show one household and its status history.",
    .help = "Show one household, named by its id or by its code (with\n"
            "--ward unless the token is a ward token), and the history of its\n"
            "poverty status. In CSV the history is one field, \"status since"
            "\"\nentries separated by \"; \"; in JSON an array.",
    .args = cmd_household_ref_arg,
    .flags = cmd_flags_ward,
    .exec = cmd_household_show_exec,
};

const struct cmd_entry cmd_household_list_entry = {
    .noun = "household",
    .verb = "list",
    .summary = "List households.",
    .help =
        "List households, optionally only one residential group or "
        "status, or those on the expected-exit list of a year.\nColumns: "
        "ward, code, head, group, status, since, policy, special,\nmembers, "
        "id.",
    .flags = cmd_household_list_flags,
    .list = &cmd_household_list_view,
    .exec = view_list_exec,
};

const struct cmd_entry cmd_household_find_entry = {
    .noun = "household",
    .verb = "find",
    .summary = "Search households by name or code.",
    .help = "Search the names of heads and members and the codes, ignoring"
            "\naccents and case: \"hoanh\" finds \"Trương Văn Hoành\". Same "
            "columns as\nlist.",
    .args = cmd_household_text_arg,
    .flags = cmd_household_find_flags,
    .list = &cmd_household_find_view,
    .exec = view_list_exec,
};

const struct cmd_entry cmd_household_expect_exit_entry = {
    .noun = "household",
    .verb = "expect-exit",
    .summary = "Put a household on a year's expected-exit list.",
    .help = "Put a poor or near-poor household on the list of households "
            "expected to escape poverty (or near-poverty) in a year, change "
            "its note, or with --withdraw take it off (the entry is kept). "
            "'household list --expect-exit Y' lists them; 'report poverty' "
            "says what became of them. Prints the entry's id.",
    .args = cmd_household_ref_arg,
    .flags = cmd_household_expect_exit_flags,
    .exec = cmd_household_expect_exit_exec,
};

const struct cmd_entry cmd_household_update_entry = {
    .noun = "household",
    .verb = "update",
    .summary = "Change a household.",
    .help = "Change the given fields of a household, named by its id or "
            "code;\nthe others stay as they are. A new --status is recorded in "
            "the\nhousehold's history. Prints the id.",
    .args = cmd_household_ref_arg,
    .flags = cmd_household_update_flags,
    .exec = cmd_household_update_exec,
};

/* The household's fields (kind-household.c); the status holds from today
 * unless --since says otherwise. */
static enum ansinh_exit
cmd_household_add_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request *req;
	char today[11];

	req = cmd_record_request(args);
	if (req != NULL && !cmd_given(args, "since")) {
		(void)rule_today(today);
		record_put_string(req, "household.status_since", today);
	}
	return call_create(ctx, req);
}

static enum ansinh_exit
cmd_household_show_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__HouseholdGet body = ANSINH__V1__HOUSEHOLD_GET__INIT;
	Ansinh__V1__Response *resp;
	const Ansinh__V1__HouseholdReply *reply;
	const Ansinh__V1__Household *h;
	const Ansinh__V1__StatusChange *sc;
	struct render_table *rec, *hist;
	enum ansinh_exit rc;
	uint8_t id[UUID_SIZE];
	size_t i, nfields = CMD_HOUSEHOLD_NFIELDS;
	char *flat = NULL;
	size_t flat_len = 0;
	FILE *f;

	if (uuid_parse(args->argv[0], id)) {
		body.id.data = id;
		body.id.len = sizeof id;
	} else
		body.code = (char *)args->argv[0];
	body.ward_code = cmd_string(args, "ward");
	req.body_case = ANSINH__V1__REQUEST__BODY_HOUSEHOLD_GET;
	req.household_get = &body;
	rc = call_request(ctx, &req, ANSINH__V1__RESPONSE__BODY_HOUSEHOLD,
	                  &resp);
	if (rc != ANSINH_EXIT_OK)
		return rc;
	reply = resp->household;
	h = reply->household;
	if (h == NULL) {
		cmd_error(
		    "protocol error from %s: the reply holds no household",
		    ctx->cfg->server);
		ansinh__v1__response__free_unpacked(resp, NULL);
		return ANSINH_EXIT_PROTOCOL;
	}

	hist = render_table_new(cmd_household_history_columns, 4);
	f = open_memstream(&flat, &flat_len);
	for (i = 0; i < reply->n_history; i++) {
		sc = reply->history[i];
		render_str(hist, names_poverty(sc->status));
		cmd_render_text(hist, sc->since);
		cmd_render_text(hist, sc->recorded_at);
		cmd_render_text(hist, sc->recorded_by);
		if (f != NULL)
			fprintf(f, "%s%s %s", i > 0 ? "; " : "",
			        names_poverty(sc->status) != NULL
			            ? names_poverty(sc->status)
			            : "unspecified",
			        sc->since);
	}
	if (f != NULL)
		fclose(f);

	/* The history column is for CSV only: table and JSON show the
	 * history table itself. */
	if (ctx->cfg->format != RENDER_CSV)
		nfields--;
	rec = render_table_new(cmd_household_fields, nfields);
	render_str(rec, h->ward_code);
	render_str(rec, h->code);
	render_str(rec, h->head_name);
	if (h->residential_group != 0)
		render_int(rec, h->residential_group);
	else
		render_null(rec);
	cmd_render_text(rec, h->address);
	cmd_render_text(rec, h->phone);
	render_bool(rec, h->policy);
	render_bool(rec, h->special_difficulty);
	render_str(rec, names_poverty(h->status));
	cmd_render_text(rec, h->status_since);
	render_int(rec, h->member_count);
	cmd_render_text(rec, h->created_at);
	cmd_render_text(rec, h->updated_at);
	cmd_render_id(rec, &h->id);
	if (nfields == CMD_HOUSEHOLD_NFIELDS)
		render_str(rec, flat != NULL ? flat : "");
	render_record(stdout, ctx->cfg->format, rec, "history", hist);
	render_table_free(rec);
	render_table_free(hist);
	free(flat);
	ansinh__v1__response__free_unpacked(resp, NULL);
	return ANSINH_EXIT_OK;
}

static enum ansinh_exit
cmd_household_update_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__HouseholdUpdate u = ANSINH__V1__HOUSEHOLD_UPDATE__INIT;
	uint8_t id[UUID_SIZE];
	char today[11];
	int toggle;
	bool changed = false;

	if (cmd_given(args, "since") && !cmd_given(args, "status"))
		return cmd_usage_error(args, "--since needs --status");
	if (uuid_parse(args->argv[0], id)) {
		u.id.data = id;
		u.id.len = sizeof id;
	} else
		u.code = (char *)args->argv[0];
	u.ward_code = cmd_string(args, "ward");
	if (cmd_given(args, "code")) {
		u.opt_new_code_case =
		    ANSINH__V1__HOUSEHOLD_UPDATE__OPT_NEW_CODE_NEW_CODE;
		u.new_code = cmd_string(args, "code");
		changed = true;
	}
	if (cmd_given(args, "head")) {
		u.opt_head_name_case =
		    ANSINH__V1__HOUSEHOLD_UPDATE__OPT_HEAD_NAME_HEAD_NAME;
		u.head_name = cmd_string(args, "head");
		changed = true;
	}
	if (cmd_given(args, "group")) {
		u.opt_residential_group_case =
		    ANSINH__V1__HOUSEHOLD_UPDATE__OPT_RESIDENTIAL_GROUP_RESIDENTIAL_GROUP;
		u.residential_group = (int32_t)cmd_number(args, "group");
		changed = true;
	}
	if (cmd_given(args, "address")) {
		u.opt_address_case =
		    ANSINH__V1__HOUSEHOLD_UPDATE__OPT_ADDRESS_ADDRESS;
		u.address = cmd_string(args, "address");
		changed = true;
	}
	if (cmd_given(args, "phone")) {
		u.opt_phone_case =
		    ANSINH__V1__HOUSEHOLD_UPDATE__OPT_PHONE_PHONE;
		u.phone = cmd_string(args, "phone");
		changed = true;
	}
	if ((toggle = cmd_toggle(args, "policy")) >= 0) {
		u.opt_policy_case =
		    ANSINH__V1__HOUSEHOLD_UPDATE__OPT_POLICY_POLICY;
		u.policy = toggle;
		changed = true;
	}
	if ((toggle = cmd_toggle(args, "special-difficulty")) >= 0) {
		u.opt_special_difficulty_case =
		    ANSINH__V1__HOUSEHOLD_UPDATE__OPT_SPECIAL_DIFFICULTY_SPECIAL_DIFFICULTY;
		u.special_difficulty = toggle;
		changed = true;
	}
	if (cmd_given(args, "status")) {
		(void)rule_today(today);
		u.status = (Ansinh__V1__PovertyStatus)cmd_word(args, "status");
		u.status_since = cmd_given(args, "since")
		                     ? cmd_string(args, "since")
		                     : today;
		changed = true;
	}
	if (!changed)
		return cmd_usage_error(args, "nothing to change: give at least "
		                             "one flag besides --ward");
	req.body_case = ANSINH__V1__REQUEST__BODY_HOUSEHOLD_UPDATE;
	req.household_update = &u;
	return call_write(ctx, &req);
}

static enum ansinh_exit
cmd_household_expect_exit_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__ExpectedExitSet e = ANSINH__V1__EXPECTED_EXIT_SET__INIT;
	uint8_t id[UUID_SIZE], hid[UUID_SIZE];

	if (!uuid7_generate(id)) {
		cmd_error("cannot generate an id: the system's random source "
		          "failed");
		return ANSINH_EXIT_USAGE;
	}
	e.id.data = id;
	e.id.len = sizeof id;
	if (uuid_parse(args->argv[0], hid)) {
		e.household_id.data = hid;
		e.household_id.len = sizeof hid;
	} else
		e.household_code = (char *)args->argv[0];
	e.ward_code = cmd_string(args, "ward");
	e.year = (int32_t)cmd_number(args, "year");
	if (cmd_given(args, "note")) {
		e.opt_note_case = ANSINH__V1__EXPECTED_EXIT_SET__OPT_NOTE_NOTE;
		e.note = cmd_string(args, "note");
	}
	e.withdrawn = cmd_given(args, "withdraw");
	req.body_case = ANSINH__V1__REQUEST__BODY_EXPECTED_EXIT_SET;
	req.expected_exit_set = &e;
	return call_write(ctx, &req);
}
