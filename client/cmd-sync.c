/*
 * cmd-sync.c — `ansinh sync`: send the writes queued in the offline outbox
 * and report each outcome (the drain itself is call.c's, which every other
 * command runs too before its own request).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "cmd.h"
#include "outbox.h"

static enum ansinh_exit cmd_sync_exec(struct cmd_ctx *ctx,
                                      const struct cmd_args *args);

static const struct cmd_flag cmd_sync_no_flags[] = {{.name = NULL}};

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
            "An entry is only ever sent with the token that queued it: "
            "those of\nanother token, or with no token recorded, are left "
            "queued (see 'ansinh\noutbox list' and 'ansinh outbox "
            "claim').\n\n"
            "Any other command that reaches the daemon sends the queued "
            "writes first\nin the same way. Columns: entry, outcome, "
            "command, record, reason.\nExit status: 0 all sent, 2 some "
            "rejected, 4 the daemon became\nunreachable (the rest stay "
            "queued).",
    .flags = cmd_sync_no_flags,
    .exec = cmd_sync_exec,
};

static enum ansinh_exit
cmd_sync_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	struct outbox_identity me;
	struct outbox_queued queued;
	struct call_drain res;
	struct outbox *ob;
	enum ansinh_exit rc;
	char *path, *cause = NULL;
	bool known;

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
	/* Without a token, connecting says why. */
	known = call_identity(ctx, &me);
	outbox_queued_by(ob, known ? &me : NULL, &queued);
	outbox_close(ob);
	free(path);
	if (queued.mine + queued.others + queued.unknown == 0) {
		cmd_error("nothing queued in the outbox");
		return ANSINH_EXIT_OK;
	}
	if (known && queued.mine == 0) {
		call_left_note(queued.others, queued.unknown);
		cmd_error("nothing queued in the outbox with this token");
		return ANSINH_EXIT_OK;
	}
	/* Sync sends the outbox itself, reporting every entry. */
	ctx->drained = true;
	rc = call_connect(ctx, true);
	if (rc != ANSINH_EXIT_OK) {
		cmd_error("%zu write%s still queued in the outbox", queued.mine,
		          queued.mine == 1 ? "" : "s");
		return rc;
	}
	rc = call_drain(ctx, true, ctx->cfg->timeout_ms, &res);
	cmd_error("sync: %zu delivered (%zu of them applied before), %zu "
	          "rejected, %zu still queued%s",
	          res.delivered, res.replayed, res.rejected, res.left,
	          res.others + res.unknown > 0 ? ", others left for their "
	                                         "tokens"
	                                       : "");
	if (rc == ANSINH_EXIT_OK && res.rejected > 0)
		rc = ANSINH_EXIT_REJECTED;
	return rc;
}
