/*
 * cmd-support.c — `ansinh support add|reverse|show|list`: the money ledger.
 *
 * Entries are never changed: a mistake is corrected with `support reverse`,
 * which records a reversing entry (minus the amount) pointing to the
 * original.
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

static enum ansinh_exit cmd_support_add_exec(struct cmd_ctx *ctx,
                                             const struct cmd_args *args);
static enum ansinh_exit cmd_support_reverse_exec(struct cmd_ctx *ctx,
                                                 const struct cmd_args *args);
static enum ansinh_exit cmd_support_show_exec(struct cmd_ctx *ctx,
                                              const struct cmd_args *args);
static enum ansinh_exit cmd_support_list_exec(struct cmd_ctx *ctx,
                                              const struct cmd_args *args);
static void cmd_support_org(const struct cmd_args *args,
                            ProtobufCBinaryData *id, uint8_t buf[UUID_SIZE],
                            char **name);

/* Columns of `support list`. */
static const struct view_col cmd_support_columns[] = {
    VIEW_F("ward", "ward_code", VIEW_VERBATIM),
    VIEW_F("household", "household_code", VIEW_VERBATIM),
    VIEW("date", "given_on"),
    VIEW("kind", "kind"),
    VIEW("amount_vnd", "amount_vnd"),
    VIEW("fund", "fund_code"),
    VIEW("organization", "organization_name"),
    VIEW("need", "need_id"),
    VIEW("reverses", "reverses_id"),
    VIEW("reversed_by", "reversed_by_id"),
    VIEW_F("description", "description", VIEW_VERBATIM),
    VIEW("id", "id"),
    VIEW("member", "member_name"),
};

/* Fields of `support show`. */
static const struct view_col cmd_support_fields[] = {
    VIEW_F("ward", "ward_code", VIEW_VERBATIM),
    VIEW_F("household", "household_code", VIEW_VERBATIM),
    VIEW("member", "member_name"),
    VIEW("kind", "kind"),
    VIEW_F("description", "description", VIEW_VERBATIM),
    VIEW("amount_vnd", "amount_vnd"),
    VIEW("date", "given_on"),
    VIEW("fund", "fund_code"),
    VIEW("organization", "organization_name"),
    VIEW("need", "need_id"),
    VIEW("reverses", "reverses_id"),
    VIEW("reversed_by", "reversed_by_id"),
    VIEW("reason", "reason"),
    VIEW("recorded_at", "recorded_at"),
    VIEW("recorded_by", "recorded_by"),
    VIEW("id", "id"),
};

static const char *const cmd_support_total_columns[] = {
    "entries",
    "given_vnd",
    "reversed_vnd",
    "net_vnd",
};

static const struct cmd_arg cmd_support_id_arg[] = {
    {.metavar = "ID", .check = check_uuid},
    {.metavar = NULL},
};

static const struct cmd_flag cmd_support_reverse_flags[] = {
    {.name = "reason",
     .kind = CMD_VALUE,
     .metavar = "TEXT",
     .attrs = CMD_REQUIRED,
     .check = check_description,
     .help = "why the entry is reversed"},
    {.name = "date",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .check = check_past_date,
     .help = "date of the correction (default: today)"},
    CMD_FLAG_WARD,
    {.name = NULL},
};

static const struct cmd_flag cmd_support_list_flags[] = {
    {.name = "kind",
     .kind = CMD_VALUE,
     .metavar = "KIND",
     .words = names_support_kind_list,
     .parse = names_support_kind_parse,
     .help = "only entries of this kind (as for support add)"},
    {.name = "household",
     .kind = CMD_VALUE,
     .metavar = "ID|CODE",
     .check = check_household_ref,
     .help = "only this household"},
    {.name = "fund",
     .kind = CMD_VALUE,
     .metavar = "CODE",
     .check = check_fund_code,
     .help = "only this fund"},
    {.name = "org",
     .kind = CMD_VALUE,
     .metavar = "ID|NAME",
     .check = check_org_ref,
     .help = "only this organization"},
    {.name = "from",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .check = check_date,
     .help = "only entries dated on or after"},
    {.name = "to",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .check = check_date,
     .help = "only entries dated on or before"},
    CMD_FLAG_WARD,
    {.name = "limit",
     .kind = CMD_VALUE,
     .metavar = "N",
     .check = check_limit,
     .help = "at most N entries (default: the daemon's; the totals "
             "count every match)"},
    {.name = NULL},
};

const struct cmd_entry cmd_support_add_entry = {
    .noun = "support",
    .verb = "add",
    .summary = "Record support given.",
    .help = "Record support given to a household (or one member) and "
            "print the\nentry's new id. Name the fund it came from, the "
            "sponsoring organization,\nor both. With --need, the approved "
            "need it answers becomes fulfilled\nin the same transaction. "
            "Entries are never changed afterwards: see\nsupport reverse.",
    .record = &record_support,
    .exec = cmd_support_add_exec,
};

const struct cmd_entry cmd_support_reverse_entry = {
    .noun = "support",
    .verb = "reverse",
    .summary = "Reverse a support entry.",
    .help = "Correct a support entry by recording a reversing entry: the "
            "same\nhousehold, kind, fund and organization, minus the amount, "
            "pointing to\nthe original. Prints the reversing entry's id. An "
            "entry is reversed at\nmost once, and a reversing entry cannot be "
            "reversed. A need the\noriginal fulfilled is approved again.",
    .args = cmd_support_id_arg,
    .flags = cmd_support_reverse_flags,
    .exec = cmd_support_reverse_exec,
};

const struct cmd_entry cmd_support_show_entry = {
    .noun = "support",
    .verb = "show",
    .summary = "Show one support entry.",
    .help = "Show one support entry, with the entry it reverses or the "
            "entry that\nreversed it.",
    .args = cmd_support_id_arg,
    .flags = cmd_flags_ward,
    .exec = cmd_support_show_exec,
};

const struct cmd_entry cmd_support_list_entry = {
    .noun = "support",
    .verb = "list",
    .summary = "List support entries, with totals.",
    .help = "List support entries, oldest first, and the totals over every "
            "entry that\nmatches: entries, given_vnd, reversed_vnd, net_vnd. "
            "Columns: ward,\nhousehold, date, kind, amount_vnd, fund, "
            "organization, need, reverses,\nreversed_by, description, id. "
            "Table: the totals follow the list; JSON:\none object with the "
            "totals and the entries under \"supports\"; CSV: the\nentries, "
            "and the totals on standard error.",
    .flags = cmd_support_list_flags,
    .exec = cmd_support_list_exec,
};

/* --org as an id or a name. */
static void
cmd_support_org(const struct cmd_args *args, ProtobufCBinaryData *id,
                uint8_t buf[UUID_SIZE], char **name)
{
	if (!cmd_given(args, "org"))
		return;
	if (uuid_parse(cmd_value(args, "org"), buf)) {
		id->data = buf;
		id->len = UUID_SIZE;
	} else
		*name = cmd_string(args, "org");
}

/* The entry's fields (kind-support.c), from a fund, an organization or
 * both. */
static enum ansinh_exit
cmd_support_add_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	if (!cmd_given(args, "fund") && !cmd_given(args, "org"))
		return cmd_usage_error(args, "--fund or --org (or both) is "
		                             "required");
	return call_create(ctx, cmd_record_request(args));
}

static enum ansinh_exit
cmd_support_reverse_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__SupportReverse body = ANSINH__V1__SUPPORT_REVERSE__INIT;
	uint8_t id[UUID_SIZE], original[UUID_SIZE];

	if (!uuid_parse(args->argv[0], original))
		return cmd_usage_error(args, "ID must be a support entry's id");
	if (!uuid7_generate(id)) {
		cmd_error("cannot generate an id: the system's random source "
		          "failed");
		return ANSINH_EXIT_USAGE;
	}
	body.id.data = id;
	body.id.len = sizeof id;
	body.original_id.data = original;
	body.original_id.len = sizeof original;
	body.ward_code = cmd_string(args, "ward");
	body.reason = cmd_string(args, "reason");
	body.date = cmd_string(args, "date");
	req.body_case = ANSINH__V1__REQUEST__BODY_SUPPORT_REVERSE;
	req.support_reverse = &body;
	return call_write(ctx, &req);
}

static enum ansinh_exit
cmd_support_show_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__SupportGet body = ANSINH__V1__SUPPORT_GET__INIT;
	Ansinh__V1__Response *resp;
	const Ansinh__V1__Support *s;
	enum ansinh_exit rc;
	uint8_t id[UUID_SIZE];

	if (!uuid_parse(args->argv[0], id))
		return cmd_usage_error(args, "ID must be a support entry's id");
	body.id.data = id;
	body.id.len = sizeof id;
	body.ward_code = cmd_string(args, "ward");
	req.body_case = ANSINH__V1__REQUEST__BODY_SUPPORT_GET;
	req.support_get = &body;
	rc = call_request(ctx, &req, ANSINH__V1__RESPONSE__BODY_SUPPORT, &resp);
	if (rc != ANSINH_EXIT_OK)
		return rc;
	s = resp->support->support;
	if (s == NULL) {
		cmd_error("protocol error from %s: the reply holds no support "
		          "entry",
		          ctx->cfg->server);
		ansinh__v1__response__free_unpacked(resp, NULL);
		return ANSINH_EXIT_PROTOCOL;
	}
	view_record(ctx, &s->base, cmd_support_fields,
	            VIEW_NCOLS(cmd_support_fields));
	ansinh__v1__response__free_unpacked(resp, NULL);
	return ANSINH_EXIT_OK;
}

static enum ansinh_exit
cmd_support_list_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__SupportList body = ANSINH__V1__SUPPORT_LIST__INIT;
	Ansinh__V1__Response *resp;
	const Ansinh__V1__SupportListReply *reply;
	const Ansinh__V1__SupportTotals *tot;
	struct render_table *t, *totals;
	enum ansinh_exit rc;
	uint8_t hid[UUID_SIZE], oid[UUID_SIZE];

	body.ward_code = cmd_string(args, "ward");
	if (cmd_given(args, "household")) {
		if (uuid_parse(cmd_value(args, "household"), hid)) {
			body.household_id.data = hid;
			body.household_id.len = sizeof hid;
		} else
			body.household_code = cmd_string(args, "household");
	}
	body.fund_code = cmd_string(args, "fund");
	cmd_support_org(args, &body.organization_id, oid,
	                &body.organization_name);
	body.from = cmd_string(args, "from");
	body.to = cmd_string(args, "to");
	body.kind = (Ansinh__V1__SupportKind)cmd_word(args, "kind");
	body.limit = (uint32_t)cmd_number(args, "limit");
	req.body_case = ANSINH__V1__REQUEST__BODY_SUPPORT_LIST;
	req.support_list = &body;
	rc =
	    call_request(ctx, &req, ANSINH__V1__RESPONSE__BODY_SUPPORTS, &resp);
	if (rc != ANSINH_EXIT_OK)
		return rc;
	reply = resp->supports;
	t = view_table(cmd_support_columns, VIEW_NCOLS(cmd_support_columns));
	view_rows(t, cmd_support_columns, VIEW_NCOLS(cmd_support_columns),
	          &reply->base, "supports");
	totals = render_table_new(cmd_support_total_columns, 4);
	tot = reply->totals;
	render_int(totals, tot != NULL ? tot->entries : 0);
	render_int(totals, tot != NULL ? tot->given_vnd : 0);
	render_int(totals, tot != NULL ? tot->reversed_vnd : 0);
	render_int(totals, tot != NULL ? tot->net_vnd : 0);
	switch (ctx->cfg->format) {
	case RENDER_TABLE:
		render_list(stdout, RENDER_TABLE, t);
		fputc('\n', stdout);
		render_list(stdout, RENDER_TABLE, totals);
		break;
	case RENDER_CSV:
	case RENDER_HTML:
		render_list(stdout, ctx->cfg->format, t);
		cmd_error("totals: %lld entries, given %lld VND, reversed %lld "
		          "VND, net %lld VND",
		          tot != NULL ? (long long)tot->entries : 0LL,
		          tot != NULL ? (long long)tot->given_vnd : 0LL,
		          tot != NULL ? (long long)tot->reversed_vnd : 0LL,
		          tot != NULL ? (long long)tot->net_vnd : 0LL);
		break;
	case RENDER_JSON:
		render_record(stdout, RENDER_JSON, totals, "supports", t);
		break;
	}
	render_table_free(totals);
	render_table_free(t);
	if (reply->more)
		cmd_error(
		    "more entries match than the %zu shown; raise --limit "
		    "to see them",
		    reply->n_supports);
	ansinh__v1__response__free_unpacked(resp, NULL);
	return ANSINH_EXIT_OK;
}
