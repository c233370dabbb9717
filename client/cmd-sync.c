/*
 * cmd-sync.c — sending the offline outbox: `ansinh sync`, and the drain that
 * every command runs before its own request once it reaches the daemon.
 *
 * Entries go out one at a time, oldest first, each with the request_id it
 * was queued with, so the daemon's request log turns a resend of something
 * it already applied into a replay of the stored outcome. Only the process
 * holding the outbox's send lock sends; the outbox file itself is locked
 * only for the moment of reading it or recording an outcome, so other
 * commands can queue meanwhile.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "conn.h"
#include "outbox.h"
#include "render.h"
#include "session.h"
#include "uuid.h"
#include "xmalloc.h"

/* An entry taken from the outbox to send. */
struct cmd_sync_item {
	uint64_t id;
	char *what;
	uint8_t *request;
	size_t request_len;
};

static enum ansinh_exit cmd_sync_exec(struct cmd_ctx *ctx,
                                      const struct cmd_args *args);
static int cmd_sync_next(const char *path, uint64_t after,
                         struct cmd_sync_item *item, char **cause);
static enum ansinh_exit cmd_sync_send(struct cmd_ctx *ctx,
                                      const struct cmd_sync_item *item,
                                      Ansinh__V1__Response **resp, char **why);
static bool cmd_sync_mark(const char *path, uint64_t id,
                          enum outbox_state state, int code, const char *reason,
                          char **cause);
static size_t cmd_sync_finish(const char *path);
static void cmd_sync_say(bool verbose, struct render_table *t,
                         const struct cmd_sync_item *item, const char *outcome,
                         const char *record, const char *reason);

static const struct cmd_arg cmd_sync_no_args[] = {{NULL, NULL}};
static const struct cmd_flag cmd_sync_no_flags[] = {{.name = NULL}};

static const char *const cmd_sync_columns[] = {
    "entry", "outcome", "command", "record", "reason",
};

const struct cmd_entry cmd_sync_entry = {
    .noun = "sync",
    .verb = NULL,
    .summary = "Send the writes queued in the offline outbox.",
    .help = "Send the writes queued in the offline outbox to the daemon, "
            "oldest\nfirst, one at a time, each with the request id it was "
            "queued with (so a\nwrite the daemon had already applied is not "
            "applied again), and report\neach outcome: delivered, replayed "
            "(the daemon had applied it before),\nrejected (kept in the "
            "outbox with the daemon's reason until 'ansinh\noutbox drop'), "
            "or left queued when the daemon cannot be reached.\n\n"
            "Any other command that reaches the daemon sends the queued "
            "writes first\nin the same way. Columns: entry, outcome, "
            "command, record, reason.\nExit status: 0 all sent, 2 some "
            "rejected, 4 the daemon became\nunreachable (the rest stay "
            "queued).",
    .args = cmd_sync_no_args,
    .flags = cmd_sync_no_flags,
    .exec = cmd_sync_exec,
};

enum ansinh_exit
cmd_drain(struct cmd_ctx *ctx, bool verbose, int wait_ms, struct cmd_drain *res)
{
	struct cmd_sync_item item = {0};
	struct render_table *t = NULL;
	Ansinh__V1__Response *resp;
	struct outbox *ob;
	enum ansinh_exit rc = ANSINH_EXIT_OK, r;
	char *path, *cause = NULL, *why, *reason, rec[UUID_STR_SIZE];
	uint64_t last = 0;
	size_t queued;
	int fd = -1, got;

	memset(res, 0, sizeof *res);
	path = outbox_path(&cause);
	if (path == NULL) {
		/* No outbox can exist: nothing to send. */
		if (verbose)
			cmd_error("%s", cause);
		free(cause);
		return verbose ? ANSINH_EXIT_USAGE : ANSINH_EXIT_OK;
	}
	if (!outbox_open(path, false, &ob, &cause)) {
		cmd_error("outbox: %s", cause);
		free(cause);
		free(path);
		return verbose ? ANSINH_EXIT_USAGE : ANSINH_EXIT_OK;
	}
	queued = outbox_queued(ob);
	outbox_close(ob);
	if (queued == 0) {
		free(path);
		return ANSINH_EXIT_OK;
	}
	got = outbox_send_lock(path, wait_ms, &fd, &cause);
	if (got < 0) {
		cmd_error("outbox: %s", cause);
		free(cause);
		free(path);
		return verbose ? ANSINH_EXIT_USAGE : ANSINH_EXIT_OK;
	}
	if (got == 0) {
		/* Another process is sending it. A write must not overtake
		 * what it sends: it queues behind. */
		res->busy = true;
		res->left = queued;
		ctx->backlog = true;
		if (verbose)
			cmd_error("another ansinh process is sending the "
			          "outbox; nothing sent");
		free(path);
		return verbose ? ANSINH_EXIT_UNAVAILABLE : ANSINH_EXIT_OK;
	}
	if (verbose)
		t = render_table_new(cmd_sync_columns, 5);
	for (;;) {
		got = cmd_sync_next(path, last, &item, &cause);
		if (got < 0) {
			cmd_error("outbox: %s", cause);
			free(cause);
			rc = ANSINH_EXIT_USAGE;
			break;
		}
		if (got == 0)
			break;
		last = item.id;
		resp = NULL;
		why = NULL;
		r = cmd_sync_send(ctx, &item, &resp, &why);
		if (r == ANSINH_EXIT_OK) {
			bool replayed = resp->body_case ==
			                    ANSINH__V1__RESPONSE__BODY_WRITE &&
			                resp->write->replayed;
			rec[0] = '\0';
			if (resp->body_case ==
			        ANSINH__V1__RESPONSE__BODY_WRITE &&
			    resp->write->id.len == UUID_SIZE)
				uuid_format(resp->write->id.data, rec);
			if (!cmd_sync_mark(path, item.id, OUTBOX_DELIVERED, 0,
			                   NULL, &cause)) {
				cmd_error("outbox: %s", cause);
				free(cause);
				rc = ANSINH_EXIT_USAGE;
			} else {
				res->delivered++;
				res->replayed += replayed;
				cmd_sync_say(verbose, t, &item,
				             replayed ? "replayed"
				                      : "delivered",
				             rec, NULL);
			}
		} else if (r == ANSINH_EXIT_REJECTED) {
			reason = session_status_text(resp->status);
			if (!cmd_sync_mark(path, item.id, OUTBOX_REJECTED,
			                   (int)resp->status->code, reason,
			                   &cause)) {
				cmd_error("outbox: %s", cause);
				free(cause);
				rc = ANSINH_EXIT_USAGE;
			} else {
				res->rejected++;
				cmd_sync_say(verbose, t, &item, "rejected",
				             NULL, reason);
			}
			free(reason);
		} else {
			/* Unreachable, dropped, timed out, or a reply that
			 * makes no sense: this entry and the rest stay. */
			fprintf(stderr, "%s\n", why);
			rc = r;
			ctx->backlog = r == ANSINH_EXIT_UNAVAILABLE;
		}
		if (resp != NULL)
			ansinh__v1__response__free_unpacked(resp, NULL);
		free(why);
		free(item.what);
		free(item.request);
		memset(&item, 0, sizeof item);
		if (rc != ANSINH_EXIT_OK)
			break;
	}
	res->left = cmd_sync_finish(path);
	outbox_send_unlock(fd);
	if (verbose) {
		render_list(stdout, ctx->cfg->format, t);
		render_table_free(t);
	}
	if (res->left > 0 && (verbose || rc != ANSINH_EXIT_OK))
		cmd_error("%zu write%s still queued in the outbox", res->left,
		          res->left == 1 ? "" : "s");
	free(path);
	return rc;
}

static enum ansinh_exit
cmd_sync_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	struct cmd_drain res;
	struct outbox *ob;
	enum ansinh_exit rc;
	char *path, *cause = NULL;
	size_t queued = 0;

	(void)args;
	path = outbox_path(&cause);
	if (path == NULL) {
		cmd_error("%s", cause);
		free(cause);
		return ANSINH_EXIT_USAGE;
	}
	if (!outbox_open(path, false, &ob, &cause)) {
		cmd_error("%s", cause);
		free(cause);
		free(path);
		return ANSINH_EXIT_USAGE;
	}
	if (outbox_warning(ob) != NULL)
		cmd_error("%s", outbox_warning(ob));
	queued = outbox_queued(ob);
	outbox_close(ob);
	free(path);
	if (queued == 0) {
		cmd_error("nothing queued in the outbox");
		return ANSINH_EXIT_OK;
	}
	/* Sync sends the outbox itself, reporting every entry. */
	ctx->drained = true;
	rc = cmd_connect(ctx, true);
	if (rc != ANSINH_EXIT_OK) {
		cmd_error("%zu write%s still queued in the outbox", queued,
		          queued == 1 ? "" : "s");
		return rc;
	}
	rc = cmd_drain(ctx, true, ctx->cfg->timeout_ms, &res);
	cmd_error("sync: %zu delivered (%zu of them applied before), %zu "
	          "rejected, %zu still queued",
	          res.delivered, res.replayed, res.rejected, res.left);
	if (rc == ANSINH_EXIT_OK && res.rejected > 0)
		rc = ANSINH_EXIT_REJECTED;
	return rc;
}

/* ---------------------------------------------------------------- helpers */

/* The first queued entry after id `after`: 1 with *item filled (owned), 0
 * when there is none, -1 on an error. The outbox is locked only while it
 * is read. */
static int
cmd_sync_next(const char *path, uint64_t after, struct cmd_sync_item *item,
              char **cause)
{
	const struct outbox_entry *e;
	struct outbox *ob;
	size_t i;
	int found = 0;

	if (!outbox_open(path, false, &ob, cause))
		return -1;
	for (i = 0; i < outbox_count(ob); i++) {
		e = outbox_entry(ob, i);
		if (e->id <= after || e->state != OUTBOX_QUEUED)
			continue;
		item->id = e->id;
		item->what = xstrdup(e->what);
		item->request = xmalloc(e->request_len);
		memcpy(item->request, e->request, e->request_len);
		item->request_len = e->request_len;
		found = 1;
		break;
	}
	outbox_close(ob);
	return found;
}

/* Send one entry and wait for its answer. OK and REJECTED leave the reply
 * in *resp; other results say why in *why. */
static enum ansinh_exit
cmd_sync_send(struct cmd_ctx *ctx, const struct cmd_sync_item *item,
              Ansinh__V1__Response **resp, char **why)
{
	Ansinh__V1__Request *req;
	struct conn *c = session_conn(ctx->session);
	enum conn_result r;
	enum ansinh_exit rc;
	char *cause = NULL;

	req =
	    ansinh__v1__request__unpack(NULL, item->request_len, item->request);
	if (req == NULL) {
		*why = xasprintf(
		    "ansinh: outbox entry %" PRIu64 " cannot be "
		    "decoded; drop it with 'ansinh outbox drop %" PRIu64 "'",
		    item->id, item->id);
		return ANSINH_EXIT_PROTOCOL;
	}
	/* The timeout applies to each entry. */
	conn_set_timeout(c, ctx->cfg->timeout_ms);
	r = conn_call(c, req, resp, &cause);
	ansinh__v1__request__free_unpacked(req, NULL);
	if (r != CONN_OK) {
		*resp = NULL;
		return session_result(ctx->session, r, cause, why);
	}
	rc = session_reply(ctx->session, *resp,
	                   ANSINH__V1__RESPONSE__BODY__NOT_SET, why);
	return rc;
}

static bool
cmd_sync_mark(const char *path, uint64_t id, enum outbox_state state, int code,
              const char *reason, char **cause)
{
	struct outbox *ob;
	bool ok;

	if (!outbox_open(path, false, &ob, cause))
		return false;
	ok = outbox_mark(ob, id, state, code, reason, cause);
	outbox_close(ob);
	return ok;
}

/* Compact the outbox after sending; returns how many are still queued. */
static size_t
cmd_sync_finish(const char *path)
{
	struct outbox *ob;
	char *cause = NULL;
	size_t left;

	if (!outbox_open(path, false, &ob, &cause)) {
		cmd_error("outbox: %s", cause);
		free(cause);
		return 0;
	}
	if (!outbox_compact(ob, &cause)) {
		cmd_error("outbox: %s", cause);
		free(cause);
	}
	left = outbox_queued(ob);
	outbox_close(ob);
	return left;
}

/* One outcome: a row of sync's table, or a line on stderr before another
 * command's own output. */
static void
cmd_sync_say(bool verbose, struct render_table *t,
             const struct cmd_sync_item *item, const char *outcome,
             const char *record, const char *reason)
{
	if (verbose) {
		render_int(t, (long long)item->id);
		render_str(t, outcome);
		render_str(t, item->what);
		cmd_render_text(t, record);
		cmd_render_text(t, reason);
		return;
	}
	if (reason == NULL) {
		cmd_error("outbox entry %" PRIu64 " %s: %s", item->id, outcome,
		          item->what);
		return;
	}
	cmd_error("outbox entry %" PRIu64 " rejected: %s: %s", item->id,
	          item->what, reason);
	cmd_error("it stays in the outbox: see 'ansinh outbox show %" PRIu64
	          "'",
	          item->id);
}
