/*
 * cmd-need.c — `ansinh need add|verify|approve|reject|withdraw|show|list`.
 *
 * A need goes registered -> verified -> approved -> fulfilled (by `support
 * add --need`), or is rejected or withdrawn; verify, approve and reject are
 * the district's.
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

static enum ansinh_exit cmd_need_add_exec(struct cmd_ctx *ctx,
                                          const struct cmd_args *args);
static enum ansinh_exit cmd_need_step_exec(struct cmd_ctx *ctx,
                                           const struct cmd_args *args);
static enum ansinh_exit cmd_need_show_exec(struct cmd_ctx *ctx,
                                           const struct cmd_args *args);
static void cmd_need_estimate(struct render_table *t,
                              const Ansinh__V1__Need *n);

/* Columns of `need list`. */
static const struct view_col cmd_need_columns[] = {
    VIEW_F("ward", "ward_code", VIEW_VERBATIM),
    VIEW_F("household", "household_code", VIEW_VERBATIM),
    VIEW("kind", "kind"),
    VIEW("status", "status"),
    VIEW("since", "status_on"),
    VIEW("estimate_vnd", "estimated_vnd"),
    VIEW("surveyed", "surveyed_on"),
    VIEW("member", "member_name"),
    VIEW_F("description", "description", VIEW_VERBATIM),
    VIEW("id", "id"),
};

static const struct view_list cmd_need_list_view =
    VIEW_LIST(NEED_LIST, NEEDS, .rows = "needs", VIEW_COLS(cmd_need_columns));

/* Fields of `need show`; "history" only in CSV. */
static const char *const cmd_need_fields[] = {
    "ward",         "household",  "member",   "kind",    "description",
    "estimate_vnd", "surveyed",   "dialogue", "status",  "since",
    "created_at",   "updated_at", "id",       "history",
};
#define CMD_NEED_NFIELDS (sizeof cmd_need_fields / sizeof cmd_need_fields[0])

static const char *const cmd_need_history_columns[] = {
    "status", "date", "note", "support", "recorded_at", "recorded_by",
};

static const struct cmd_arg cmd_need_id_arg[] = {
    {.metavar = "ID", .check = check_uuid},
    {.metavar = NULL},
};

static const struct cmd_flag cmd_need_step_flags[] = {
    {.name = "date",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .check = check_past_date,
     .help = "date of the step (default: today)"},
    {.name = "note",
     .kind = CMD_VALUE,
     .metavar = "TEXT",
     .check = check_note,
     .help = "a note, e.g. why"},
    CMD_FLAG_WARD,
    {.name = NULL},
};

static const struct cmd_flag cmd_need_list_flags[] = {
    {.name = "household",
     .kind = CMD_VALUE,
     .metavar = "ID|CODE",
     .check = check_household_ref,
     .help = "only this household's needs",
     .path = "household_id",
     .code_path = "household_code"},
    {.name = "status",
     .kind = CMD_VALUE,
     .metavar = "STATUS",
     .words = names_need_status_list,
     .parse = names_need_status_parse,
     .help = "only this status: registered, verified, approved, "
             "fulfilled, rejected or withdrawn",
     .path = "status"},
    {.name = "kind",
     .kind = CMD_VALUE,
     .metavar = "KIND",
     .words = names_need_kind_list,
     .parse = names_need_kind_parse,
     .help = "only this kind (as for need add)",
     .path = "kind"},
    {.name = "year",
     .kind = CMD_VALUE,
     .metavar = "YYYY",
     .check = check_year,
     .help = "only needs surveyed in this year",
     .path = "year"},
    CMD_FLAG_WARD_AT("ward_code"),
    CMD_FLAG_LIMIT("needs"),
    {.name = NULL},
};

const struct cmd_entry cmd_need_add_entry = {
    .noun = "need",
    .verb = "add",
    .summary = "Register a need found by a survey.",
    .help = "Register a need of a household (or of one member) found by "
            "a survey,\nand print its new id. It starts as registered; the "
            "district verifies\nand approves it, and a support that names it "
            "(support add --need)\nfulfils it.",
    .record = &record_need,
    .exec = cmd_need_add_exec,
};

const struct cmd_entry cmd_need_verify_entry = {
    .noun = "need",
    .verb = "verify",
    .summary = "Record the re-check of a need (district only).",
    .help = "Record that a registered need was re-checked (phúc tra): it "
            "becomes\nverified. District tokens only.",
    .args = cmd_need_id_arg,
    .flags = cmd_need_step_flags,
    .exec = cmd_need_step_exec,
};

const struct cmd_entry cmd_need_approve_entry = {
    .noun = "need",
    .verb = "approve",
    .summary = "Approve a verified need (district only).",
    .help = "Approve a verified need for funding: it becomes approved, "
            "and a support\nmay fulfil it. District tokens only; a need that "
            "was not verified is\nrefused (FAILED_PRECONDITION).",
    .args = cmd_need_id_arg,
    .flags = cmd_need_step_flags,
    .exec = cmd_need_step_exec,
};

const struct cmd_entry cmd_need_reject_entry = {
    .noun = "need",
    .verb = "reject",
    .summary = "Reject a need (district only).",
    .help = "Reject a registered, verified or approved need. District "
            "tokens only.\nGive the reason with --note.",
    .args = cmd_need_id_arg,
    .flags = cmd_need_step_flags,
    .exec = cmd_need_step_exec,
};

const struct cmd_entry cmd_need_withdraw_entry = {
    .noun = "need",
    .verb = "withdraw",
    .summary = "Withdraw a need.",
    .help = "Withdraw a registered, verified or approved need (e.g. the "
            "household\nno longer needs it). Ward and district tokens.",
    .args = cmd_need_id_arg,
    .flags = cmd_need_step_flags,
    .exec = cmd_need_step_exec,
};

const struct cmd_entry cmd_need_show_entry = {
    .noun = "need",
    .verb = "show",
    .summary = "Show one need and its history.",
    .help = "Show one need and every step of its history (status, date, "
            "note,\nsupport, recorded_at, recorded_by). In CSV the history is "
            "one field,\n\"status date\" entries separated by \"; \"; in JSON "
            "an array.",
    .args = cmd_need_id_arg,
    .flags = cmd_flags_ward,
    .exec = cmd_need_show_exec,
};

const struct cmd_entry cmd_need_list_entry = {
    .noun = "need",
    .verb = "list",
    .summary = "List needs.",
    .help = "List needs, by ward, household and survey date. Columns: "
            "ward,\nhousehold, kind, status, since, estimate_vnd, surveyed, "
            "member,\ndescription, id.",
    .flags = cmd_need_list_flags,
    .list = &cmd_need_list_view,
    .exec = view_list_exec,
};

/* The need's fields (kind-need.c). */
static enum ansinh_exit
cmd_need_add_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	return call_create(ctx, cmd_record_request(args));
}

/* verify, approve, reject, withdraw: the verb names the step. */
static enum ansinh_exit
cmd_need_step_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__NeedTransition body = ANSINH__V1__NEED_TRANSITION__INIT;
	uint8_t id[UUID_SIZE];
	int action = names_need_action_parse(args->entry->verb);

	if (action <= 0 || !uuid_parse(args->argv[0], id)) {
		cmd_error("internal error: need %s", args->entry->verb);
		return ANSINH_EXIT_USAGE;
	}
	body.id.data = id;
	body.id.len = sizeof id;
	body.ward_code = cmd_string(args, "ward");
	body.action = (Ansinh__V1__NeedAction)action;
	body.date = cmd_string(args, "date");
	body.note = cmd_string(args, "note");
	req.body_case = ANSINH__V1__REQUEST__BODY_NEED_TRANSITION;
	req.need_transition = &body;
	return call_write(ctx, &req);
}

static enum ansinh_exit
cmd_need_show_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__NeedGet body = ANSINH__V1__NEED_GET__INIT;
	Ansinh__V1__Response *resp;
	const Ansinh__V1__NeedReply *reply;
	const Ansinh__V1__Need *n;
	const Ansinh__V1__NeedEvent *ev;
	struct render_table *rec, *hist;
	enum ansinh_exit rc;
	uint8_t id[UUID_SIZE];
	size_t i, nfields = CMD_NEED_NFIELDS;
	char *flat = NULL;
	size_t flat_len = 0;
	FILE *f;

	if (!uuid_parse(args->argv[0], id))
		return cmd_usage_error(args, "ID must be a need id");
	body.id.data = id;
	body.id.len = sizeof id;
	body.ward_code = cmd_string(args, "ward");
	req.body_case = ANSINH__V1__REQUEST__BODY_NEED_GET;
	req.need_get = &body;
	rc = call_request(ctx, &req, ANSINH__V1__RESPONSE__BODY_NEED, &resp);
	if (rc != ANSINH_EXIT_OK)
		return rc;
	reply = resp->need;
	n = reply->need;
	if (n == NULL) {
		cmd_error("protocol error from %s: the reply holds no need",
		          ctx->cfg->server);
		ansinh__v1__response__free_unpacked(resp, NULL);
		return ANSINH_EXIT_PROTOCOL;
	}

	hist = render_table_new(cmd_need_history_columns, 6);
	f = open_memstream(&flat, &flat_len);
	for (i = 0; i < reply->n_history; i++) {
		ev = reply->history[i];
		render_str(hist, names_need_status(ev->status));
		cmd_render_text(hist, ev->date);
		cmd_render_text(hist, ev->note);
		cmd_render_id(hist, &ev->support_id);
		cmd_render_text(hist, ev->recorded_at);
		cmd_render_text(hist, ev->recorded_by);
		if (f != NULL)
			fprintf(f, "%s%s %s", i > 0 ? "; " : "",
			        names_need_status(ev->status) != NULL
			            ? names_need_status(ev->status)
			            : "unspecified",
			        ev->date);
	}
	if (f != NULL)
		fclose(f);

	if (ctx->cfg->format != RENDER_CSV)
		nfields--;
	rec = render_table_new(cmd_need_fields, nfields);
	render_str(rec, n->ward_code);
	render_str(rec, n->household_code);
	cmd_render_text(rec, n->member_name);
	render_str(rec, names_need_kind(n->kind));
	render_str(rec, n->description);
	cmd_need_estimate(rec, n);
	cmd_render_text(rec, n->surveyed_on);
	cmd_render_id(rec, &n->dialogue_id);
	render_str(rec, names_need_status(n->status));
	cmd_render_text(rec, n->status_on);
	cmd_render_text(rec, n->created_at);
	cmd_render_text(rec, n->updated_at);
	cmd_render_id(rec, &n->id);
	if (nfields == CMD_NEED_NFIELDS)
		render_str(rec, flat != NULL ? flat : "");
	render_record(stdout, ctx->cfg->format, rec, "history", hist);
	render_table_free(rec);
	render_table_free(hist);
	free(flat);
	ansinh__v1__response__free_unpacked(resp, NULL);
	return ANSINH_EXIT_OK;
}

static void
cmd_need_estimate(struct render_table *t, const Ansinh__V1__Need *n)
{
	if (n->opt_estimated_vnd_case ==
	    ANSINH__V1__NEED__OPT_ESTIMATED_VND_ESTIMATED_VND)
		render_int(t, n->estimated_vnd);
	else
		render_null(t);
}
