/*
 * cmd-outbox.c — `ansinh outbox list|show|drop`: the writes waiting in the
 * offline outbox (call.c puts them there and sends them).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "outbox.h"
#include "render.h"
#include "uuid.h"
#include "xmalloc.h"

static enum ansinh_exit cmd_outbox_list_exec(struct cmd_ctx *ctx,
                                             const struct cmd_args *args);
static enum ansinh_exit cmd_outbox_show_exec(struct cmd_ctx *ctx,
                                             const struct cmd_args *args);
static enum ansinh_exit cmd_outbox_drop_exec(struct cmd_ctx *ctx,
                                             const struct cmd_args *args);
static bool cmd_outbox_check_id(const char *v, const char **why);
static enum ansinh_exit cmd_outbox_open(struct outbox **ob, const char *path);
static void cmd_outbox_time(int64_t t, char out[32]);
static const char *cmd_outbox_state(enum outbox_state state);
static const char *cmd_outbox_body(const struct outbox_entry *e);

static const struct cmd_arg cmd_outbox_no_args[] = {{NULL, NULL}};
static const struct cmd_arg cmd_outbox_id_arg[] = {
    {"ID", cmd_outbox_check_id},
    {NULL, NULL},
};
static const struct cmd_flag cmd_outbox_no_flags[] = {{.name = NULL}};

static const char *const cmd_outbox_columns[] = {
    "entry", "state", "queued", "command", "record", "request", "reason",
};
#define CMD_OUTBOX_NCOLUMNS                                                    \
	(sizeof cmd_outbox_columns / sizeof cmd_outbox_columns[0])

static const char *const cmd_outbox_fields[] = {
    "entry",   "state", "queued", "command", "record",
    "request", "body",  "bytes",  "code",    "reason",
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
            "Sends nothing.\nColumns: entry, state, queued, command, record, "
            "request, reason.",
    .args = cmd_outbox_no_args,
    .flags = cmd_outbox_no_flags,
    .exec = cmd_outbox_list_exec,
};

const struct cmd_entry cmd_outbox_show_entry = {
    .noun = "outbox",
    .verb = "show",
    .summary = "Show one entry of the outbox.",
    .help = "Show one entry of the outbox, by the number that 'outbox "
            "list'\nshows: the command, when it was queued, its record id and "
            "request id,\nthe request it holds, and why the daemon refused it "
            "if it did.",
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

static enum ansinh_exit
cmd_outbox_list_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	const struct outbox_entry *e;
	struct render_table *t;
	struct outbox *ob;
	char when[32], rec[UUID_STR_SIZE], req[UUID_STR_SIZE];
	enum ansinh_exit rc;
	size_t i;

	(void)args;
	rc = cmd_outbox_open(&ob, NULL);
	if (rc != ANSINH_EXIT_OK)
		return rc;
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
	char when[32], rec[UUID_STR_SIZE], req[UUID_STR_SIZE];
	enum ansinh_exit rc;
	uint64_t id;

	id = strtoull(args->argv[0], NULL, 10);
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
	render_record(stdout, ctx->cfg->format, t, NULL, NULL);
	render_table_free(t);
	outbox_close(ob);
	return ANSINH_EXIT_OK;
}

static enum ansinh_exit
cmd_outbox_drop_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	const struct outbox_entry *e;
	struct outbox *ob = NULL;
	char *path = NULL, *cause = NULL, *what;
	enum ansinh_exit rc;
	uint64_t id;
	int fd = -1, locked;

	id = strtoull(args->argv[0], NULL, 10);
	path = outbox_path(&cause);
	if (path == NULL) {
		cmd_error("%s", cause);
		free(cause);
		return ANSINH_EXIT_USAGE;
	}
	/* Nobody may be sending it while it is dropped. */
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
	if (!outbox_mark(ob, id, OUTBOX_DROPPED, 0, NULL, &cause) ||
	    !outbox_compact(ob, &cause)) {
		cmd_error("cannot drop entry %" PRIu64 ": %s", id, cause);
		free(cause);
		free(what);
		rc = ANSINH_EXIT_USAGE;
		goto out;
	}
	printf("dropped %" PRIu64 ": %s\n", id, what);
	free(what);
out:
	outbox_close(ob);
	outbox_send_unlock(fd);
	free(path);
	return rc;
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
