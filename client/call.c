/*
 * call.c — a command's calls to the daemon (see call.h): the link opened
 * on first use, a request and its reply, a write with its request id, the
 * outbox when it cannot be delivered, and the drain that sends what the
 * outbox holds before anything else.
 *
 * Queued entries go out one at a time, oldest first, each with the
 * request_id it was queued with, so the daemon's request log turns a resend
 * of something it already applied into a replay of the stored outcome. Only
 * the process holding the outbox's send lock sends; the outbox file itself
 * is locked only for the moment of reading it or recording an outcome, so
 * other commands can queue meanwhile.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "cmd.h"
#include "config.h"
#include "conn.h"
#include "ids.h"
#include "outbox.h"
#include "record.h"
#include "render.h"
#include "link.h"
#include "uuid.h"
#include "xmalloc.h"

/* An entry taken from the outbox to send. */
struct call_item {
	uint64_t id;
	char *what;
	uint8_t *request;
	size_t request_len;
};

static bool call_give_id(Ansinh__V1__Request *req, uint8_t buf[UUID_SIZE]);
static void call_take_id(Ansinh__V1__Request *req,
                         const uint8_t buf[UUID_SIZE]);
static int call_next(const char *path, uint64_t after,
                     const struct outbox_identity *me, struct call_item *item,
                     char **cause);
static enum ansinh_exit call_send(struct cmd_ctx *ctx,
                                  const struct call_item *item,
                                  Ansinh__V1__Response **resp, char **why);
static bool call_mark(const char *path, uint64_t id, enum outbox_state state,
                      int code, const char *reason, char **cause);
static size_t call_finish(const char *path, const struct outbox_identity *me);
static void call_say(bool verbose, struct render_table *t,
                     const struct call_item *item, const char *outcome,
                     const char *record, const char *reason);

/* Columns of the drain's report (ansinh sync). */
static const char *const call_drain_columns[] = {
    "entry", "outcome", "command", "record", "reason",
};

enum ansinh_exit
call_connect(struct cmd_ctx *ctx, bool wait_outbox)
{
	struct call_drain drain;
	enum ansinh_exit rc;

	if (ctx->link == NULL) {
		rc = link_open(ctx->cfg, &ctx->link);
		if (rc != ANSINH_EXIT_OK)
			return rc;
	}
	if (ctx->drained)
		return ANSINH_EXIT_OK;
	ctx->drained = true;
	return call_drain(ctx, false, wait_outbox ? ctx->cfg->timeout_ms : 0,
	                  &drain);
}

enum ansinh_exit
call_request(struct cmd_ctx *ctx, Ansinh__V1__Request *req,
             Ansinh__V1__Response__BodyCase want, Ansinh__V1__Response **resp)
{
	uint8_t request_id[UUID_SIZE];
	enum ansinh_exit rc;

	if (!call_give_id(req, request_id))
		return ANSINH_EXIT_USAGE;
	rc = call_connect(ctx, false);
	if (rc == ANSINH_EXIT_OK)
		rc = link_call(ctx->link, req, want, resp);
	call_take_id(req, request_id);
	return rc;
}

enum ansinh_exit
call_write(struct cmd_ctx *ctx, Ansinh__V1__Request *req)
{
	static const char *const columns[] = {"id", "ward"};
	static const char *const queued_columns[] = {"id", "queued"};
	Ansinh__V1__Response *resp = NULL;
	const Ansinh__V1__WriteReply *w;
	struct render_table *t;
	uint8_t request_id[UUID_SIZE], record[UUID_SIZE];
	char id[UUID_STR_SIZE];
	enum ansinh_exit rc;
	uint64_t entry;
	bool have_id;

	/* The request id is fixed now: a retry from the outbox keeps it. */
	if (!call_give_id(req, request_id))
		return ANSINH_EXIT_USAGE;
	rc = call_connect(ctx, true);
	if (rc == ANSINH_EXIT_OK && ctx->backlog)
		rc = ANSINH_EXIT_UNAVAILABLE; /* queue behind what waits */
	else if (rc == ANSINH_EXIT_OK)
		rc = link_call(ctx->link, req, ANSINH__V1__RESPONSE__BODY_WRITE,
		               &resp);
	if (rc == ANSINH_EXIT_UNAVAILABLE) {
		rc = call_queue(ctx, req, &entry);
		have_id = call_record_id(req, record);
		if (rc == ANSINH_EXIT_QUEUED && have_id) {
			uuid_format(record, id);
			if (ctx->cfg->format != RENDER_JSON) {
				printf("%s\n", id);
			} else {
				t = render_table_new(queued_columns, 2);
				render_str(t, id);
				render_int(t, (long long)entry);
				render_record(stdout, RENDER_JSON, t, NULL,
				              NULL);
				render_table_free(t);
			}
		}
		goto out;
	}
	if (rc != ANSINH_EXIT_OK)
		goto out;
	w = resp->write;
	if (w->id.len != UUID_SIZE) {
		cmd_error(
		    "protocol error from %s: the reply's id is %zu bytes, "
		    "not %d",
		    ctx->cfg->server, w->id.len, UUID_SIZE);
		rc = ANSINH_EXIT_PROTOCOL;
		goto out;
	}
	uuid_format(w->id.data, id);
	if (ctx->cfg->format != RENDER_JSON) {
		printf("%s\n", id);
	} else {
		t = render_table_new(columns, 2);
		render_str(t, id);
		render_str(t, w->ward_code);
		render_record(stdout, RENDER_JSON, t, NULL, NULL);
		render_table_free(t);
	}
out:
	if (resp != NULL)
		ansinh__v1__response__free_unpacked(resp, NULL);
	call_take_id(req, request_id);
	return rc;
}

enum ansinh_exit
call_create(struct cmd_ctx *ctx, Ansinh__V1__Request *req)
{
	enum ansinh_exit rc;

	if (req == NULL)
		return ANSINH_EXIT_USAGE;
	rc = call_write(ctx, req);
	record_request_free(req);
	return rc;
}

bool
call_record_id(const Ansinh__V1__Request *req, uint8_t out[UUID_SIZE])
{
	const ProtobufCFieldDescriptor *body, *f;
	const ProtobufCMessage *msg, *sub;
	const ProtobufCBinaryData *bin;
	unsigned i;

	body = protobuf_c_message_descriptor_get_field(
	    &ansinh__v1__request__descriptor, (unsigned)req->body_case);
	if (body == NULL || body->type != PROTOBUF_C_TYPE_MESSAGE)
		return false;
	msg =
	    *(const ProtobufCMessage *const *)(const void *)((const char *)req +
	                                                     body->offset);
	if (msg == NULL)
		return false;
	/* The body's own "id", else the "id" of a message it holds
	 * (HouseholdCreate.household.id). */
	f = protobuf_c_message_descriptor_get_field_by_name(msg->descriptor,
	                                                    "id");
	if (f != NULL && f->type == PROTOBUF_C_TYPE_BYTES &&
	    f->label != PROTOBUF_C_LABEL_REPEATED) {
		bin = (const void *)((const char *)msg + f->offset);
		if (bin->len == UUID_SIZE) {
			memcpy(out, bin->data, UUID_SIZE);
			return true;
		}
		return false;
	}
	for (i = 0; i < msg->descriptor->n_fields; i++) {
		f = &msg->descriptor->fields[i];
		if (f->type != PROTOBUF_C_TYPE_MESSAGE ||
		    f->label == PROTOBUF_C_LABEL_REPEATED)
			continue;
		sub = *(const ProtobufCMessage *const
		            *)(const void *)((const char *)msg + f->offset);
		if (sub == NULL)
			continue;
		f = protobuf_c_message_descriptor_get_field_by_name(
		    sub->descriptor, "id");
		if (f == NULL || f->type != PROTOBUF_C_TYPE_BYTES)
			continue;
		bin = (const void *)((const char *)sub + f->offset);
		if (bin->len == UUID_SIZE) {
			memcpy(out, bin->data, UUID_SIZE);
			return true;
		}
	}
	return false;
}

enum ansinh_exit
call_drain(struct cmd_ctx *ctx, bool verbose, int wait_ms,
           struct call_drain *res)
{
	struct call_item item = {0};
	struct render_table *t = NULL;
	struct outbox_identity me;
	struct outbox_queued queued;
	Ansinh__V1__Response *resp;
	struct outbox *ob;
	enum ansinh_exit rc = ANSINH_EXIT_OK, r;
	char *path, *cause = NULL, *why, *reason, rec[UUID_STR_SIZE];
	uint64_t last = 0;
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
	/* Only what this token queued is sent with it. */
	if (!call_identity(ctx, &me))
		memset(&me, 0, sizeof me);
	outbox_queued_by(ob, me.known ? &me : NULL, &queued);
	outbox_close(ob);
	res->others = queued.others;
	res->unknown = queued.unknown;
	call_left_note(queued.others, queued.unknown);
	if (queued.mine == 0) {
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
		res->left = queued.mine;
		ctx->backlog = true;
		if (verbose)
			cmd_error("another ansinh process is sending the "
			          "outbox; nothing sent");
		free(path);
		return verbose ? ANSINH_EXIT_UNAVAILABLE : ANSINH_EXIT_OK;
	}
	if (verbose)
		t = render_table_new(call_drain_columns, 5);
	for (;;) {
		got = call_next(path, last, &me, &item, &cause);
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
		r = call_send(ctx, &item, &resp, &why);
		if (r == ANSINH_EXIT_OK) {
			bool replayed = resp->body_case ==
			                    ANSINH__V1__RESPONSE__BODY_WRITE &&
			                resp->write->replayed;
			rec[0] = '\0';
			if (resp->body_case ==
			        ANSINH__V1__RESPONSE__BODY_WRITE &&
			    resp->write->id.len == UUID_SIZE)
				uuid_format(resp->write->id.data, rec);
			if (!call_mark(path, item.id, OUTBOX_DELIVERED, 0, NULL,
			               &cause)) {
				cmd_error("outbox: %s", cause);
				free(cause);
				rc = ANSINH_EXIT_USAGE;
			} else {
				res->delivered++;
				res->replayed += replayed;
				call_say(verbose, t, &item,
				         replayed ? "replayed" : "delivered",
				         rec, NULL);
			}
		} else if (r == ANSINH_EXIT_REJECTED) {
			reason = link_status_text(resp->status);
			if (!call_mark(path, item.id, OUTBOX_REJECTED,
			               (int)resp->status->code, reason,
			               &cause)) {
				cmd_error("outbox: %s", cause);
				free(cause);
				rc = ANSINH_EXIT_USAGE;
			} else {
				res->rejected++;
				call_say(verbose, t, &item, "rejected", NULL,
				         reason);
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
	res->left = call_finish(path, &me);
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

enum ansinh_exit
call_queue(struct cmd_ctx *ctx, const Ansinh__V1__Request *req, uint64_t *id)
{
	Ansinh__V1__Request copy = *req;
	struct outbox_identity who;
	struct outbox *ob = NULL;
	uint8_t record[UUID_SIZE], *packed = NULL;
	char *path, *cause = NULL, *what = NULL;
	size_t len;
	bool has_record;

	if (req->request_id.len != UUID_SIZE) {
		cmd_error("cannot queue a request without a request id");
		return ANSINH_EXIT_UNAVAILABLE;
	}
	if (!call_identity(ctx, &who)) {
		cmd_error("cannot queue a write without a token");
		return ANSINH_EXIT_UNAVAILABLE;
	}
	path = outbox_path(&cause);
	if (path == NULL)
		goto fail;
	copy.seq = 0;
	len = protobuf_c_message_get_packed_size(&copy.base);
	packed = xmalloc(len);
	protobuf_c_message_pack(&copy.base, packed);
	has_record = call_record_id(req, record);
	what = cmd_describe(ctx);
	if (!outbox_open(path, true, &ob, &cause))
		goto fail;
	if (outbox_warning(ob) != NULL)
		cmd_error("%s", outbox_warning(ob));
	if (!outbox_append(ob, req->request_id.data, has_record ? record : NULL,
	                   &who, what, packed, len, id, &cause))
		goto fail;
	outbox_close(ob);
	cmd_error("queued in the outbox as entry %" PRIu64 ": %s", *id, what);
	cmd_error("'ansinh sync' sends it, as does the next command that "
	          "reaches the daemon");
	free(what);
	free(packed);
	free(path);
	return ANSINH_EXIT_QUEUED;
fail:
	cmd_error("cannot queue the write in the outbox: %s; nothing was "
	          "written",
	          cause);
	free(cause);
	outbox_close(ob);
	free(what);
	free(packed);
	free(path);
	return ANSINH_EXIT_UNAVAILABLE;
}

bool
call_identity(struct cmd_ctx *ctx, struct outbox_identity *who)
{
	const char *token;
	char *cause = NULL;

	memset(who, 0, sizeof *who);
	if (!config_token(ctx->cfg, &token, &cause)) {
		free(cause);
		return false;
	}
	ids_token_fingerprint(token, who->token);
	who->known = true;
	if (ctx->link != NULL) {
		who->role = (int)link_role(ctx->link);
		snprintf(who->ward, sizeof who->ward, "%s",
		         link_ward(ctx->link));
	}
	return true;
}

void
call_left_note(size_t others, size_t unknown)
{
	char why[160];
	int n = 0;

	if (others + unknown == 0)
		return;
	if (others > 0)
		n = snprintf(why, sizeof why, "%zu queued with another token",
		             others);
	if (unknown > 0)
		snprintf(why + n, sizeof why - (size_t)n,
		         "%s%zu with no token recorded (queued by an earlier "
		         "client)",
		         n > 0 ? ", " : "", unknown);
	cmd_error("%zu queued write%s left in the outbox, not sent with this "
	          "token: %s",
	          others + unknown, others + unknown == 1 ? "" : "s", why);
	cmd_error("each is sent only with the token that queued it (see "
	          "'ansinh outbox list'%s)",
	          unknown > 0 ? "; 'ansinh outbox claim ID' gives one with no "
	                        "token recorded to this token"
	                      : "");
}

/* ---------------------------------------------------------------- helpers */

/* Give req a fresh request id, in buf, unless it has one: false (said)
 * when none can be made. */
static bool
call_give_id(Ansinh__V1__Request *req, uint8_t buf[UUID_SIZE])
{
	if (req->request_id.len != 0)
		return true;
	if (!uuid7_generate(buf)) {
		cmd_error("cannot generate a request id: the system's random "
		          "source failed");
		return false;
	}
	req->request_id.data = buf;
	req->request_id.len = UUID_SIZE;
	return true;
}

/* Take back the id call_give_id gave: req owns nothing of buf's. */
static void
call_take_id(Ansinh__V1__Request *req, const uint8_t buf[UUID_SIZE])
{
	if (req->request_id.data == buf) {
		req->request_id.data = NULL;
		req->request_id.len = 0;
	}
}

/* The first queued entry after id `after`: 1 with *item filled (owned), 0
 * when there is none, -1 on an error. The outbox is locked only while it
 * is read. */
static int
call_next(const char *path, uint64_t after, const struct outbox_identity *me,
          struct call_item *item, char **cause)
{
	const struct outbox_entry *e;
	struct outbox *ob;
	size_t i;
	int found = 0;

	if (!outbox_open(path, false, &ob, cause))
		return -1;
	for (i = 0; i < outbox_count(ob); i++) {
		e = outbox_entry(ob, i);
		if (e->id <= after || e->state != OUTBOX_QUEUED ||
		    !outbox_same_identity(&e->who, me))
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
call_send(struct cmd_ctx *ctx, const struct call_item *item,
          Ansinh__V1__Response **resp, char **why)
{
	Ansinh__V1__Request *req;
	struct conn *c = link_conn(ctx->link);
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
		return link_result(ctx->link, r, cause, why);
	}
	rc = link_reply(ctx->link, *resp, ANSINH__V1__RESPONSE__BODY__NOT_SET,
	                why);
	return rc;
}

static bool
call_mark(const char *path, uint64_t id, enum outbox_state state, int code,
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
call_finish(const char *path, const struct outbox_identity *me)
{
	struct outbox_queued left;
	struct outbox *ob;
	char *cause = NULL;

	if (!outbox_open(path, false, &ob, &cause)) {
		cmd_error("outbox: %s", cause);
		free(cause);
		return 0;
	}
	if (!outbox_compact(ob, &cause)) {
		cmd_error("outbox: %s", cause);
		free(cause);
	}
	outbox_queued_by(ob, me->known ? me : NULL, &left);
	outbox_close(ob);
	return left.mine;
}

/* One outcome: a row of sync's table, or a line on stderr before another
 * command's own output. */
static void
call_say(bool verbose, struct render_table *t, const struct call_item *item,
         const char *outcome, const char *record, const char *reason)
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
