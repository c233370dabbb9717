/*
 * cmd-outbox.c — `ansinh outbox list|show|drop`: the writes waiting in the
 * offline outbox (call.c puts them there and sends them).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "call.h"
#include "cmd.h"
#include "outbox.h"
#include "render.h"
#include "rules.h"
#include "uuid.h"
#include "xmalloc.h"

static enum ansinh_exit cmd_outbox_list_exec(struct cmd_ctx *ctx,
                                             const struct cmd_args *args);
static enum ansinh_exit cmd_outbox_show_exec(struct cmd_ctx *ctx,
                                             const struct cmd_args *args);
static enum ansinh_exit cmd_outbox_drop_exec(struct cmd_ctx *ctx,
                                             const struct cmd_args *args);
static enum ansinh_exit cmd_outbox_claim_exec(struct cmd_ctx *ctx,
                                              const struct cmd_args *args);
static void cmd_outbox_who(struct render_table *t, const struct outbox_entry *e,
                           const struct outbox_identity *me, bool full);
static enum ansinh_exit cmd_outbox_change(struct cmd_ctx *ctx, uint64_t id,
                                          bool claim);
static bool cmd_outbox_check_id(const char *v, const char **why);
static enum ansinh_exit cmd_outbox_open(struct outbox **ob, const char *path);
static void cmd_outbox_time(int64_t t, char out[32]);
static const char *cmd_outbox_state(enum outbox_state state);
static const char *cmd_outbox_body(const struct outbox_entry *e);

static const struct cmd_arg cmd_outbox_id_arg[] = {
    {.metavar = "ID", .check = cmd_outbox_check_id},
    {.metavar = NULL},
};
static const struct cmd_flag cmd_outbox_no_flags[] = {{.name = NULL}};

static const char *const cmd_outbox_columns[] = {
    "entry",   "state",  "queued", "command",   "record",
    "request", "reason", "token",  "queued_as", "this_token",
};
#define CMD_OUTBOX_NCOLUMNS                                                    \
	(sizeof cmd_outbox_columns / sizeof cmd_outbox_columns[0])

static const char *const cmd_outbox_fields[] = {
    "entry", "state", "queued", "command", "record",    "request",    "body",
    "bytes", "code",  "reason", "token",   "queued_as", "this_token",
};
#define CMD_OUTBOX_NFIELDS                                                     \
	(sizeof cmd_outbox_fields / sizeof cmd_outbox_fields[0])

const struct cmd_entry cmd_outbox_list_entry = {
    .noun = "outbox",
    .verb = "list",
    .summary = "List the writes waiting in the offline outbox.",
    .help = "List the writes waiting in the offline outbox, oldest first:\n"
            "those queued because the daemon could not be reached (state "
            "queued),\nand those the daemon refused when they were sent "
            "(state rejected,\nwith its reason), which stay until dropped. "
            "Sends nothing. Each entry is sent\nonly with the token that "
            "queued it: token is that token's fingerprint\n(never the token), "
            "queued_as its role and ward as the daemon had said\nthem, "
            "this_token whether it is the token of this command.\nColumns: "
            "entry, state, queued, command, record, request, reason,\ntoken, "
            "queued_as, this_token.",
    .flags = cmd_outbox_no_flags,
    .exec = cmd_outbox_list_exec,
};

const struct cmd_entry cmd_outbox_show_entry = {
    .noun = "outbox",
    .verb = "show",
    .summary = "Show one entry of the outbox.",
    .help = "Show one entry of the outbox, by the number that 'outbox "
            "list'\nshows: the command, when it was queued, its record id and "
            "request id,\nthe request it holds, why the daemon refused it "
            "if it did, and who\nqueued it (the token's fingerprint, its role "
            "and ward).",
    .args = cmd_outbox_id_arg,
    .flags = cmd_outbox_no_flags,
    .exec = cmd_outbox_show_exec,
};

const struct cmd_entry cmd_outbox_drop_entry = {
    .noun = "outbox",
    .verb = "drop",
    .summary = "Remove an entry from the outbox without sending it.",
    .help = "Remove an entry from the outbox for good: it will never be "
            "sent. Use it\nfor an entry the daemon rejected, once its "
            "problem is dealt with, or for\na queued write that should not "
            "happen after all. Waits for any ansinh\nprocess that is "
            "sending the outbox to finish first.",
    .args = cmd_outbox_id_arg,
    .flags = cmd_outbox_no_flags,
    .exec = cmd_outbox_drop_exec,
};

const struct cmd_entry cmd_outbox_claim_entry = {
    .noun = "outbox",
    .verb = "claim",
    .summary = "Have this token send an entry queued without one.",
    .help = "An entry queued by an earlier client has no token recorded, and "
            "is never\nsent on its own: which officer's token it was queued "
            "with is not known.\nOnce you know it was yours, claim it: it is "
            "then sent with this command's\ntoken, by 'ansinh sync' or the "
            "next command that reaches the daemon. An\nentry queued with a "
            "token cannot be claimed by another.",
    .args = cmd_outbox_id_arg,
    .flags = cmd_outbox_no_flags,
    .exec = cmd_outbox_claim_exec,
};

static enum ansinh_exit
cmd_outbox_list_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	const struct outbox_entry *e;
	struct render_table *t;
	struct outbox *ob;
	struct outbox_identity me;
	char when[32], rec[UUID_STR_SIZE], req[UUID_STR_SIZE];
	enum ansinh_exit rc;
	size_t i;
	bool known;

	(void)args;
	rc = cmd_outbox_open(&ob, NULL);
	if (rc != ANSINH_EXIT_OK)
		return rc;
	known = call_identity(ctx, &me);
	t = render_table_new(cmd_outbox_columns, CMD_OUTBOX_NCOLUMNS);
	for (i = 0; i < outbox_count(ob); i++) {
		e = outbox_entry(ob, i);
		cmd_outbox_time(e->queued_at, when);
		uuid_format(e->request_id, req);
		render_int(t, (long long)e->id);
		render_str(t, cmd_outbox_state(e->state));
		render_str(t, when);
		render_str(t, e->what);
		if (e->has_record_id) {
			uuid_format(e->record_id, rec);
			render_str(t, rec);
		} else {
			render_null(t);
		}
		render_str(t, req);
		cmd_render_text(t, e->reason);
		cmd_outbox_who(t, e, known ? &me : NULL, false);
	}
	render_list(stdout, ctx->cfg->format, t);
	render_table_free(t);
	outbox_close(ob);
	return ANSINH_EXIT_OK;
}

static enum ansinh_exit
cmd_outbox_show_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	const struct outbox_entry *e;
	struct render_table *t;
	struct outbox *ob;
	struct outbox_identity me;
	char when[32], rec[UUID_STR_SIZE], req[UUID_STR_SIZE];
	enum ansinh_exit rc;
	uint64_t id;
	bool known;

	id = strtoull(args->argv[0], NULL, 10);
	known = call_identity(ctx, &me);
	rc = cmd_outbox_open(&ob, NULL);
	if (rc != ANSINH_EXIT_OK)
		return rc;
	e = outbox_find(ob, id);
	if (e == NULL) {
		cmd_error("the outbox has no entry %" PRIu64, id);
		outbox_close(ob);
		return ANSINH_EXIT_USAGE;
	}
	t = render_table_new(cmd_outbox_fields, CMD_OUTBOX_NFIELDS);
	cmd_outbox_time(e->queued_at, when);
	uuid_format(e->request_id, req);
	render_int(t, (long long)e->id);
	render_str(t, cmd_outbox_state(e->state));
	render_str(t, when);
	render_str(t, e->what);
	if (e->has_record_id) {
		uuid_format(e->record_id, rec);
		render_str(t, rec);
	} else {
		render_null(t);
	}
	render_str(t, req);
	render_str(t, cmd_outbox_body(e));
	render_int(t, (long long)e->request_len);
	if (e->state == OUTBOX_REJECTED)
		render_int(t, e->code);
	else
		render_null(t);
	cmd_render_text(t, e->reason);
	cmd_outbox_who(t, e, known ? &me : NULL, true);
	render_record(stdout, ctx->cfg->format, t, NULL, NULL);
	render_table_free(t);
	outbox_close(ob);
	return ANSINH_EXIT_OK;
}

static enum ansinh_exit
cmd_outbox_drop_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	return cmd_outbox_change(ctx, strtoull(args->argv[0], NULL, 10), false);
}

static enum ansinh_exit
cmd_outbox_claim_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	return cmd_outbox_change(ctx, strtoull(args->argv[0], NULL, 10), true);
}

/* ---------------------------------------------------------------- helpers */

static bool
cmd_outbox_check_id(const char *v, const char **why)
{
	if (v[0] != '\0' && v[0] != '0' && strlen(v) <= 19 &&
	    strspn(v, "0123456789") == strlen(v))
		return true;
	*why = "must be an entry number, as 'ansinh outbox list' shows";
	return false;
}

/* Open the outbox for reading (path given, or the default one). */
static enum ansinh_exit
cmd_outbox_open(struct outbox **ob, const char *path_given)
{
	char *path, *cause = NULL;
	bool ok;

	path = path_given != NULL ? (char *)path_given : outbox_path(&cause);
	if (path == NULL) {
		cmd_error("%s", cause);
		free(cause);
		return ANSINH_EXIT_USAGE;
	}
	ok = outbox_open(path, false, ob, &cause);
	if (path_given == NULL)
		free(path);
	if (!ok) {
		cmd_error("%s", cause);
		free(cause);
		return ANSINH_EXIT_USAGE;
	}
	if (outbox_warning(*ob) != NULL)
		cmd_error("%s", outbox_warning(*ob));
	return ANSINH_EXIT_OK;
}

static void
cmd_outbox_time(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%d %H:%M:%S", &tm);
}

static const char *
cmd_outbox_state(enum outbox_state state)
{
	return state == OUTBOX_REJECTED ? "rejected" : "queued";
}

/* The request's body type ("household_create"), or "undecodable". */
static const char *
cmd_outbox_body(const struct outbox_entry *e)
{
	const ProtobufCFieldDescriptor *f;
	Ansinh__V1__Request *req;
	const char *name = "undecodable";

	req = ansinh__v1__request__unpack(NULL, e->request_len, e->request);
	if (req == NULL)
		return name;
	f = protobuf_c_message_descriptor_get_field(
	    &ansinh__v1__request__descriptor, (unsigned)req->body_case);
	if (f != NULL)
		name = f->name;
	ansinh__v1__request__free_unpacked(req, NULL);
	return name;
}

/*
 * Drop entry id, or claim it for this command's token, with the send lock
 * held: nobody may be sending the outbox meanwhile.
 */
static enum ansinh_exit
cmd_outbox_change(struct cmd_ctx *ctx, uint64_t id, bool claim)
{
	struct outbox_identity me;
	const struct outbox_entry *e;
	struct outbox *ob = NULL;
	char *path = NULL, *cause = NULL, *what = NULL;
	enum ansinh_exit rc;
	int fd = -1, locked;
	bool ok;

	if (claim && !call_identity(ctx, &me)) {
		cmd_error("outbox claim: no token to claim the entry with "
		          "(--token-file or ANSINH_TOKEN)");
		return ANSINH_EXIT_USAGE;
	}
	path = outbox_path(&cause);
	if (path == NULL) {
		cmd_error("%s", cause);
		free(cause);
		return ANSINH_EXIT_USAGE;
	}
	locked = outbox_send_lock(path, ctx->cfg->timeout_ms, &fd, &cause);
	if (locked <= 0) {
		if (locked == 0)
			cmd_error("another ansinh process is sending the "
			          "outbox; try again when it is done");
		else
			cmd_error("%s", cause);
		free(cause);
		free(path);
		return ANSINH_EXIT_USAGE;
	}
	rc = cmd_outbox_open(&ob, path);
	if (rc != ANSINH_EXIT_OK)
		goto out;
	e = outbox_find(ob, id);
	if (e == NULL) {
		cmd_error("the outbox has no entry %" PRIu64, id);
		rc = ANSINH_EXIT_USAGE;
		goto out;
	}
	what = xstrdup(e->what);
	if (claim)
		ok = outbox_claim(ob, id, &me, &cause);
	else
		ok = outbox_mark(ob, id, OUTBOX_DROPPED, 0, NULL, &cause) &&
		     outbox_compact(ob, &cause);
	if (!ok) {
		cmd_error("cannot %s entry %" PRIu64 ": %s",
		          claim ? "claim" : "drop", id, cause);
		free(cause);
		rc = ANSINH_EXIT_USAGE;
		goto out;
	}
	printf("%s %" PRIu64 ": %s\n", claim ? "claimed" : "dropped", id, what);
out:
	free(what);
	outbox_close(ob);
	outbox_send_unlock(fd);
	free(path);
	return rc;
}

/* Who queued e: its token's fingerprint (full, or its first 8 bytes), its
 * role and ward as the daemon had said them, and whether it is me (null
 * without a token to compare). */
static void
cmd_outbox_who(struct render_table *t, const struct outbox_entry *e,
               const struct outbox_identity *me, bool full)
{
	char hex[2 * OUTBOX_FINGERPRINT + 1], as[32];
	size_t i, n = full ? OUTBOX_FINGERPRINT : OUTBOX_FINGERPRINT / 2;

	if (!e->who.known) {
		/* Queued by an earlier client: sent by no token unclaimed. */
		render_null(t);
		render_null(t);
		if (me != NULL)
			render_bool(t, false);
		else
			render_null(t);
		return;
	}
	for (i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", e->who.token[i]);
	render_str(t, hex);
	as[0] = '\0';
	if (e->who.role > 0 && names_role(e->who.role) != NULL)
		snprintf(as, sizeof as, "%s%s%s", names_role(e->who.role),
		         e->who.ward[0] != '\0' ? " " : "", e->who.ward);
	cmd_render_text(t, as);
	if (me != NULL)
		render_bool(t, outbox_same_identity(&e->who, me));
	else
		render_null(t);
}
