/*
 * pipeline.c — a window of write requests in flight, resent until answered
 * (see pipeline.h).
 *
 * Items live in a ring in submission order. Each is WAIT (to be sent, or
 * sent again), SENT (its reply not yet read) or DONE (answered; reported
 * when it reaches the head). Replies are read oldest SENT first. When no
 * item is SENT but some wait, the pipeline recovers: it pauses, reconnects
 * if the connection is gone, and sends every waiting item again.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "conn.h"
#include "pipeline.h"
#include "link.h"
#include "xmalloc.h"

#define PIPELINE_BACKOFF_MIN 100
#define PIPELINE_BACKOFF_MAX 2000

enum pipeline_state {
	ITEM_WAIT,
	ITEM_SENT,
	ITEM_DONE,
};

struct pipeline_item {
	Ansinh__V1__Request *req; /* owned; NULL once done */
	void *cookie;
	uint64_t seq;
	enum pipeline_state state;
	enum pipeline_outcome outcome;
	char *reason;               /* owned */
	int reply_case;             /* 0: a WriteReply */
	Ansinh__V1__Response *resp; /* owned: an OK reply of reply_case */
};

struct pipeline {
	struct cmd_ctx *ctx;
	struct pipeline_item *ring; /* owned */
	size_t cap;
	size_t head;
	size_t n;
	size_t nwait;    /* items in WAIT */
	size_t nsent;    /* items in SENT */
	size_t burst;    /* new items are sent this many at once */
	bool broken;     /* the connection is gone */
	bool recovering; /* items wait to be sent again after a failure */
	bool trouble;    /* in a streak of failures (said once) */
	enum ansinh_exit failed; /* ANSINH_EXIT_OK while running */
	int64_t last_progress;   /* ms: last answer, or the start */
	int backoff;             /* ms */
	char *why;               /* owned: the last transient failure */
	pipeline_done_fn done;
	pipeline_reply_fn reply;
	pipeline_notice_fn notice;
	void *arg;
};

static struct pipeline_item *pipeline_at(struct pipeline *p, size_t i);
static enum ansinh_exit pipeline_add(struct pipeline *p,
                                     Ansinh__V1__Request *req, int reply_case,
                                     void *cookie, const char *reason);
static enum ansinh_exit pipeline_step(struct pipeline *p, bool flushing);
static void pipeline_send_waiting(struct pipeline *p);
static void pipeline_retire(struct pipeline *p);
static void pipeline_send(struct pipeline *p, struct pipeline_item *it);
static void pipeline_receive(struct pipeline *p, struct pipeline_item *it);
static void pipeline_recover(struct pipeline *p);
static void pipeline_lost(struct pipeline *p, char *why);
static void pipeline_finish(struct pipeline *p, struct pipeline_item *it,
                            enum pipeline_outcome outcome, char *reason);
static enum ansinh_exit pipeline_fail(struct pipeline *p, enum ansinh_exit rc,
                                      char *why);
static void pipeline_say(struct pipeline *p, const char *text);
static void pipeline_sleep(int ms);

struct pipeline *
pipeline_new(struct cmd_ctx *ctx, size_t window, pipeline_done_fn done,
             pipeline_notice_fn notice, void *arg)
{
	struct pipeline *p;

	p = xcalloc(1, sizeof *p);
	p->ctx = ctx;
	p->cap = window > 0 ? window : 1;
	p->burst = p->cap / 2 > 0 ? p->cap / 2 : 1;
	p->ring = xcalloc(p->cap, sizeof *p->ring);
	p->done = done;
	p->notice = notice;
	p->arg = arg;
	p->failed = ANSINH_EXIT_OK;
	p->backoff = PIPELINE_BACKOFF_MIN;
	p->last_progress = conn_clock_ms();
	return p;
}

void
pipeline_free(struct pipeline *p)
{
	struct pipeline_item *it;
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++) {
		it = pipeline_at(p, i);
		if (it->req != NULL)
			ansinh__v1__request__free_unpacked(it->req, NULL);
		if (it->resp != NULL)
			ansinh__v1__response__free_unpacked(it->resp, NULL);
		free(it->reason);
	}
	free(p->ring);
	free(p->why);
	free(p);
}

enum ansinh_exit
pipeline_submit(struct pipeline *p, Ansinh__V1__Request *req, void *cookie,
                const char *reason)
{
	return pipeline_add(p, req, 0, cookie, reason);
}

void
pipeline_on_reply(struct pipeline *p, pipeline_reply_fn fn)
{
	p->reply = fn;
}

enum ansinh_exit
pipeline_submit_as(struct pipeline *p, Ansinh__V1__Request *req, int reply_case,
                   void *cookie)
{
	return pipeline_add(p, req, reply_case, cookie, NULL);
}

/* pipeline_submit, of a write answered by reply_case (0: WriteReply). */
static enum ansinh_exit
pipeline_add(struct pipeline *p, Ansinh__V1__Request *req, int reply_case,
             void *cookie, const char *reason)
{
	struct pipeline_item *it;

	while (p->failed == ANSINH_EXIT_OK && p->n == p->cap)
		(void)pipeline_step(p, false);
	if (p->failed != ANSINH_EXIT_OK) {
		if (req != NULL)
			ansinh__v1__request__free_unpacked(req, NULL);
		return p->failed;
	}
	it = pipeline_at(p, p->n++);
	memset(it, 0, sizeof *it);
	it->cookie = cookie;
	if (req == NULL) {
		it->state = ITEM_DONE;
		it->outcome = PIPELINE_REJECTED;
		it->reason = xstrdup(reason != NULL ? reason : "");
	} else {
		it->req = req;
		it->reply_case = reply_case;
		it->state = ITEM_WAIT;
		p->nwait++;
		/* New requests go out in bursts: the daemon then finds many
		 * queued at once and commits them in few transactions. */
		if (p->nwait >= p->burst)
			pipeline_send_waiting(p);
	}
	pipeline_retire(p);
	return ANSINH_EXIT_OK;
}

enum ansinh_exit
pipeline_flush(struct pipeline *p)
{
	while (p->failed == ANSINH_EXIT_OK && p->n > 0)
		(void)pipeline_step(p, true);
	return p->failed;
}

void
pipeline_abandon(struct pipeline *p, void (*fn)(void *arg, void *cookie))
{
	struct pipeline_item *it;

	while (p->n > 0) {
		it = pipeline_at(p, 0);
		if (it->state == ITEM_DONE) {
			pipeline_retire(p);
			continue;
		}
		fn(p->arg, it->cookie);
		if (it->req != NULL)
			ansinh__v1__request__free_unpacked(it->req, NULL);
		free(it->reason);
		memset(it, 0, sizeof *it);
		p->head = (p->head + 1) % p->cap;
		p->n--;
	}
	p->nwait = p->nsent = 0;
}

/* ---------------------------------------------------------------- helpers */

static struct pipeline_item *
pipeline_at(struct pipeline *p, size_t i)
{
	return &p->ring[(p->head + i) % p->cap];
}

/* One unit of progress: send new items, read a reply, or recover when only
 * items waiting after a failure are left. */
static enum ansinh_exit
pipeline_step(struct pipeline *p, bool flushing)
{
	struct pipeline_item *it;
	size_t i;

	pipeline_retire(p);
	if (p->n == 0 || p->failed != ANSINH_EXIT_OK)
		return p->failed;
	if (p->nwait > 0 && !p->broken && !p->recovering &&
	    (flushing || p->nsent == 0 || p->nwait >= p->burst)) {
		pipeline_send_waiting(p);
	} else if (p->nsent > 0 && !p->broken) {
		for (i = 0; i < p->n; i++) {
			it = pipeline_at(p, i);
			if (it->state == ITEM_SENT) {
				pipeline_receive(p, it);
				break;
			}
		}
	} else if (p->nwait > 0) {
		pipeline_recover(p);
	}
	pipeline_retire(p);
	return p->failed;
}

/* Report finished items at the head, in order. */
static void
pipeline_retire(struct pipeline *p)
{
	struct pipeline_item *it;

	while (p->n > 0) {
		it = pipeline_at(p, 0);
		if (it->state != ITEM_DONE)
			return;
		if (it->resp != NULL) {
			p->reply(p->arg, it->cookie, it->resp);
			ansinh__v1__response__free_unpacked(it->resp, NULL);
		} else {
			p->done(p->arg, it->cookie, it->outcome, it->reason);
		}
		free(it->reason);
		memset(it, 0, sizeof *it);
		p->head = (p->head + 1) % p->cap;
		p->n--;
	}
}

static void
pipeline_send(struct pipeline *p, struct pipeline_item *it)
{
	struct conn *c = link_conn(p->ctx->link);
	enum conn_result r;
	char *cause = NULL, *why = NULL;

	conn_set_timeout(c, p->ctx->cfg->timeout_ms);
	r = conn_send(c, it->req, &cause);
	if (r == CONN_OK) {
		it->seq = it->req->seq;
		it->state = ITEM_SENT;
		p->nwait--;
		p->nsent++;
		return;
	}
	if (link_result(p->ctx->link, r, cause, &why) == ANSINH_EXIT_PROTOCOL) {
		(void)pipeline_fail(p, ANSINH_EXIT_PROTOCOL, why);
		return;
	}
	pipeline_lost(p, why);
}

static void
pipeline_receive(struct pipeline *p, struct pipeline_item *it)
{
	struct link *s = p->ctx->link;
	struct conn *c = link_conn(s);
	Ansinh__V1__Response *resp;
	enum conn_result r;
	enum ansinh_exit rc;
	char *cause = NULL, *why = NULL;

	conn_set_timeout(c, p->ctx->cfg->timeout_ms);
	r = conn_receive(c, it->seq, &resp, &cause);
	if (r != CONN_OK) {
		if (link_result(s, r, cause, &why) == ANSINH_EXIT_PROTOCOL)
			(void)pipeline_fail(p, ANSINH_EXIT_PROTOCOL, why);
		else
			pipeline_lost(p, why);
		return;
	}
	rc = link_reply(s, resp,
	                it->reply_case != 0
	                    ? (Ansinh__V1__Response__BodyCase)it->reply_case
	                    : ANSINH__V1__RESPONSE__BODY_WRITE,
	                &why);
	switch (rc) {
	case ANSINH_EXIT_OK:
		if (it->reply_case != 0) {
			pipeline_finish(p, it, PIPELINE_WRITTEN, NULL);
			it->resp = resp;
			resp = NULL; /* handed over in its turn */
			free(why);
			break;
		}
		pipeline_finish(p, it,
		                resp->write->replayed ? PIPELINE_REPLAYED
		                                      : PIPELINE_WRITTEN,
		                NULL);
		free(why);
		break;
	case ANSINH_EXIT_REJECTED:
		pipeline_finish(p, it, PIPELINE_REJECTED,
		                link_status_text(resp->status));
		free(why);
		break;
	case ANSINH_EXIT_UNAVAILABLE:
		/* Nothing was written: send it again later. */
		it->state = ITEM_WAIT;
		p->nsent--;
		p->nwait++;
		p->recovering = true;
		if (!p->trouble) {
			p->trouble = true;
			pipeline_say(p, why);
		}
		free(p->why);
		p->why = why;
		break;
	default:
		(void)pipeline_fail(p, rc, why);
		break;
	}
	if (resp != NULL)
		ansinh__v1__response__free_unpacked(resp, NULL);
}

/* Send every waiting item, in order (unless a failure is being waited
 * out: then recovery sends them). */
static void
pipeline_send_waiting(struct pipeline *p)
{
	struct pipeline_item *it;
	size_t i;

	for (i = 0; i < p->n && !p->broken && !p->recovering &&
	            p->failed == ANSINH_EXIT_OK;
	     i++) {
		it = pipeline_at(p, i);
		if (it->state == ITEM_WAIT)
			pipeline_send(p, it);
	}
}

/* Only waiting items are left: pause, reconnect if needed, resend. */
static void
pipeline_recover(struct pipeline *p)
{
	enum ansinh_exit rc;
	int64_t left;
	char *why = NULL;

	left = p->last_progress + p->ctx->cfg->timeout_ms - conn_clock_ms();
	if (left <= 0) {
		why = xasprintf(
		    "ansinh: nothing answered for %g s; giving up "
		    "(last: %s)",
		    p->ctx->cfg->timeout_ms / 1000.0,
		    p->why != NULL
		        ? p->why + (strncmp(p->why, "ansinh: ", 8) == 0 ? 8 : 0)
		        : "no answer");
		(void)pipeline_fail(p, ANSINH_EXIT_UNAVAILABLE, why);
		return;
	}
	pipeline_sleep((int)(p->backoff < left ? p->backoff : left));
	if (p->backoff < PIPELINE_BACKOFF_MAX)
		p->backoff *= 2;
	if (p->broken) {
		link_free(p->ctx->link);
		p->ctx->link = NULL;
		rc = link_open_quiet(p->ctx->cfg, &p->ctx->link, &why);
		if (rc == ANSINH_EXIT_UNAVAILABLE) {
			free(p->why);
			p->why = why;
			return;
		}
		if (rc != ANSINH_EXIT_OK) {
			(void)pipeline_fail(p, rc, why);
			return;
		}
		free(why);
		p->broken = false;
	}
	p->recovering = false;
	pipeline_send_waiting(p);
}

/* The connection is gone: every item sent and not answered waits again. */
static void
pipeline_lost(struct pipeline *p, char *why)
{
	struct pipeline_item *it;
	size_t i;

	for (i = 0; i < p->n; i++) {
		it = pipeline_at(p, i);
		if (it->state == ITEM_SENT) {
			it->state = ITEM_WAIT;
			p->nsent--;
			p->nwait++;
		}
	}
	p->broken = true;
	p->recovering = true;
	if (!p->trouble) {
		p->trouble = true;
		pipeline_say(p, why);
	}
	free(p->why);
	p->why = why;
}

static void
pipeline_finish(struct pipeline *p, struct pipeline_item *it,
                enum pipeline_outcome outcome, char *reason)
{
	if (p->trouble) {
		p->trouble = false;
		pipeline_say(p, "ansinh: the daemon answers again; going on");
	}
	ansinh__v1__request__free_unpacked(it->req, NULL);
	it->req = NULL;
	it->state = ITEM_DONE;
	it->outcome = outcome;
	it->reason = reason;
	p->nsent--;
	p->last_progress = conn_clock_ms();
	p->backoff = PIPELINE_BACKOFF_MIN;
}

static enum ansinh_exit
pipeline_fail(struct pipeline *p, enum ansinh_exit rc, char *why)
{
	p->trouble = false;
	pipeline_say(p, why);
	free(why);
	p->failed = rc;
	return rc;
}

static void
pipeline_say(struct pipeline *p, const char *text)
{
	if (text == NULL || text[0] == '\0')
		return;
	if (p->notice != NULL)
		p->notice(p->arg);
	if (p->trouble && strstr(text, "answers again") == NULL)
		fprintf(stderr, "%s (retrying for up to %g s)\n", text,
		        p->ctx->cfg->timeout_ms / 1000.0);
	else
		fprintf(stderr, "%s\n", text);
}

static void
pipeline_sleep(int ms)
{
	struct timespec ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}
