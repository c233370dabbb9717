/*
 * pipeline.h — many write requests in flight on one link, each resent
 * until the daemon answers it.
 *
 * Up to `window` requests are outstanding at once (sent, reply not yet
 * read); replies are read oldest first and every item's outcome is handed
 * to the done callback in the order the items were submitted, so a caller
 * can report them in file order.
 *
 * An item answered UNAVAILABLE or RESOURCE_EXHAUSTED ("nothing was written,
 * retry later"), and every unanswered item when the connection drops or
 * times out, is sent again — with the same request_id, so the daemon's
 * request log makes a resend of something already applied a replay — after
 * a pause (0.1 s doubling to 2 s) and, when needed, a new connection. The
 * pipeline gives up when nothing has been answered for the command's
 * --timeout: pipeline_submit/pipeline_flush then return
 * ANSINH_EXIT_UNAVAILABLE, and pipeline_abandon lists what was never
 * answered.
 */
#ifndef ANSINH_PIPELINE_H
#define ANSINH_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "ansinh.h"
#include "ansinh.pb-c.h"

struct cmd_ctx;

enum pipeline_outcome {
	PIPELINE_WRITTEN,  /* OK */
	PIPELINE_REPLAYED, /* OK, and the daemon had applied it before */
	PIPELINE_REJECTED, /* refused: reason says why */
};

/* An item is finished: its cookie, outcome and (rejected) reason. */
typedef void (*pipeline_done_fn)(void *arg, void *cookie,
                                 enum pipeline_outcome outcome,
                                 const char *reason);
/* The pipeline is about to print a message on stderr (e.g. to let a
 * progress bar erase itself). May be NULL. */
typedef void (*pipeline_notice_fn)(void *arg);

struct pipeline;

/* A pipeline on ctx's link (opened already). Freed with
 * pipeline_free. */
struct pipeline *pipeline_new(struct cmd_ctx *ctx, size_t window,
                              pipeline_done_fn done, pipeline_notice_fn notice,
                              void *arg);
void pipeline_free(struct pipeline *p);

/*
 * Submit a write (req is the pipeline's now: freed with
 * ansinh__v1__request__free_unpacked; it must carry its request_id), or,
 * with req NULL, an item already finished (outcome PIPELINE_REJECTED with
 * reason, reported in its turn). Returns ANSINH_EXIT_OK, or the exit code
 * of what stopped the pipeline (after printing why); then req is freed but
 * cookie was not taken: the caller still owns it.
 */
enum ansinh_exit pipeline_submit(struct pipeline *p, Ansinh__V1__Request *req,
                                 void *cookie, const char *reason);

/*
 * A write whose reply is another Response case than a WriteReply (a chunk
 * of rows, HouseholdImport): an OK reply of that case is handed to fn, in
 * its turn, instead of done's outcome; a refusal goes to done, as any
 * item's. fn must be set (pipeline_on_reply) before such a submit.
 */
typedef void (*pipeline_reply_fn)(void *arg, void *cookie,
                                  const Ansinh__V1__Response *resp);
void pipeline_on_reply(struct pipeline *p, pipeline_reply_fn fn);
enum ansinh_exit pipeline_submit_as(struct pipeline *p,
                                    Ansinh__V1__Request *req, int reply_case,
                                    void *cookie);

/* Wait until every item is finished. */
enum ansinh_exit pipeline_flush(struct pipeline *p);

/* After a failure: call fn with each unfinished item's cookie, in order,
 * and forget them. */
void pipeline_abandon(struct pipeline *p, void (*fn)(void *arg, void *cookie));

#endif
