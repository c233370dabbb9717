/*
 * session.c — client connections: framing on bufferevents, the session state
 * machine, limits, and the Hello handshake.
 */
#include "session.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <openssl/sha.h>

#include "daemon.h"
#include "frame.h"
#include "hex.h"
#include "log.h"
#include "op.h"
#include "request.h"
#include "rules.h"

#define SESSION_WRITE_TIMEOUT 60 /* seconds a peer may leave output unread */
#define SESSION_LINGER        2  /* seconds to wait for the peer's FIN */
#define PROTOCOL_VERSION      1

static const char *const session_state_names[] = {
    "handshake", "authenticating", "ready", "draining", "closing",
};

static void session_set_state(struct session *s, enum session_state state);
static void session_on_read(struct bufferevent *bev, void *arg);
static void session_on_write(struct bufferevent *bev, void *arg);
static void session_on_event(struct bufferevent *bev, short what, void *arg);
static void session_on_deadline(evutil_socket_t fd, short what, void *arg);
static void session_arm_deadline(struct session *s, long seconds);
static void session_process(struct session *s);
static void session_process_frames(struct session *s, struct daemon *d);
static void session_handle(struct session *s, const Ansinh__V1__Request *r);
static void session_hello(struct session *s, const Ansinh__V1__Request *r);
static void session_hello_done(struct db_job *job, const PGresult *res,
                               const struct db_error *err, void *arg);
static void session_reject(struct session *s, uint64_t seq, int code,
                           const char *field, const char *reason, bool close);
static void session_release_socket(struct session *s);
static void session_linger(struct session *s);
static void session_on_linger_read(struct bufferevent *bev, void *arg);
static void session_maybe_free(struct session *s);

static void
session_set_state(struct session *s, enum session_state state)
{
	if (s->state == state)
		return;
	log_debug("session state", "conn=%llu peer=%s from=%s to=%s",
	          (unsigned long long)s->id, s->peer,
	          session_state_names[s->state], session_state_names[state]);
	s->state = state;
}

const char *
session_role_name(const struct session *s)
{
	const char *n = names_role(s->role);
	return n != NULL ? n : "none";
}

void
session_accept(struct daemon *d, evutil_socket_t fd, const struct sockaddr *sa,
               int salen)
{
	struct session *s = calloc(1, sizeof *s);
	char host[INET6_ADDRSTRLEN] = "?";
	int port = 0;

	(void)salen;
	if (s == NULL) {
		evutil_closesocket(fd);
		return;
	}
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
		inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
		port = ntohs(in->sin_port);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 =
		    (const struct sockaddr_in6 *)sa;
		inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
		port = ntohs(in6->sin6_port);
	}
	snprintf(s->peer, sizeof s->peer, "%s:%d", host, port);
	s->d = d;
	s->id = ++d->next_session_id;
	s->state = SESSION_HANDSHAKE;
	s->bev = bufferevent_socket_new(d->base, fd, BEV_OPT_CLOSE_ON_FREE);
	s->deadline = evtimer_new(d->base, session_on_deadline, s);
	if (s->bev == NULL || s->deadline == NULL) {
		if (s->bev != NULL)
			bufferevent_free(s->bev);
		else
			evutil_closesocket(fd);
		if (s->deadline != NULL)
			event_free(s->deadline);
		free(s);
		return;
	}
	TAILQ_INSERT_TAIL(&d->sessions, s, entry);
	d->nsessions++;
	d->metrics.connections_total++;
	bufferevent_setcb(s->bev, session_on_read, session_on_write,
	                  session_on_event, s);
	struct timeval rd = {d->cfg.idle_timeout, 0};
	struct timeval wr = {SESSION_WRITE_TIMEOUT, 0};
	bufferevent_set_timeouts(s->bev, &rd, &wr);
	log_debug("connection accepted", "conn=%llu peer=%s",
	          (unsigned long long)s->id, s->peer);

	if (d->nsessions > d->cfg.max_conns) {
		d->metrics.connections_refused++;
		log_warn("connection refused", "conn=%llu peer=%s reason=%s",
		         (unsigned long long)s->id, s->peer,
		         log_q("too many connections"));
		session_reject(s, 0, ANSINH__V1__CODE__RESOURCE_EXHAUSTED, NULL,
		               "too many connections; retry later", true);
		return;
	}
	session_arm_deadline(s, d->cfg.handshake_timeout);
	bufferevent_enable(s->bev, EV_READ | EV_WRITE);
}

static void
session_arm_deadline(struct session *s, long seconds)
{
	struct timeval tv = {seconds, 0};
	evtimer_add(s->deadline, &tv);
}

static void
session_on_deadline(evutil_socket_t fd, short what, void *arg)
{
	struct session *s = arg;
	(void)fd;
	(void)what;
	if (s->lingering) {
		/* The peer did not close after our FIN: close now. */
		session_release_socket(s);
		session_maybe_free(s);
		return;
	}
	if (s->state == SESSION_HANDSHAKE || s->state == SESSION_AUTHENTICATING)
		session_close(s, "handshake timeout");
	else
		session_close(s, "frame timeout");
}

/* ---------------------------------------------------------------- reading */

static void
session_on_read(struct bufferevent *bev, void *arg)
{
	(void)bev;
	session_process(arg);
}

static void
session_process(struct session *s)
{
	struct daemon *d = s->d;

	/* Answers given while processing come back here through
	 * session_request_done; the loop below already sees them. */
	if (s->processing)
		return;
	s->processing = true;
	session_process_frames(s, d);
	s->processing = false;
}

static void
session_process_frames(struct session *s, struct daemon *d)
{
	while (s->bev != NULL) {
		struct evbuffer *in = bufferevent_get_input(s->bev);
		size_t avail = evbuffer_get_length(in);
		uint8_t hdr[FRAME_HEADER_SIZE];
		size_t plen = 0;

		if (s->state == SESSION_AUTHENTICATING ||
		    s->state == SESSION_CLOSING)
			return; /* one step at a time until Hello is answered */
		if (s->state == SESSION_READY &&
		    s->inflight >= d->cfg.max_inflight) {
			/* Back-pressure: stop reading until answers go out. */
			bufferevent_disable(s->bev, EV_READ);
			return;
		}
		if (avail == 0) {
			if (s->state == SESSION_READY)
				evtimer_del(s->deadline);
			return;
		}
		size_t hlen = avail < sizeof hdr ? avail : sizeof hdr;
		evbuffer_copyout(in, hdr, hlen);
		enum frame_result fr =
		    frame_peek(hdr, hlen, (size_t)d->cfg.max_frame, &plen);
		if (fr == FRAME_TOO_LARGE) {
			char why[128];
			d->metrics.frames_rejected++;
			snprintf(why, sizeof why,
			         "frame of %zu bytes exceeds the limit of %ld",
			         plen, d->cfg.max_frame);
			session_reject(s, 0, ANSINH__V1__CODE__INVALID_ARGUMENT,
			               "frame", why, true);
			return;
		}
		if (fr == FRAME_EMPTY) {
			d->metrics.frames_rejected++;
			session_reject(s, 0, ANSINH__V1__CODE__INVALID_ARGUMENT,
			               "frame", "empty frame", true);
			return;
		}
		/* Only the header was peeked at: frame_peek says NEED_MORE
		 * even for a complete frame, so compare with what arrived. */
		if (avail < FRAME_HEADER_SIZE ||
		    avail < FRAME_HEADER_SIZE + plen) {
			/* A partial frame must complete in time. */
			if (s->state == SESSION_READY &&
			    !evtimer_pending(s->deadline, NULL))
				session_arm_deadline(s, d->cfg.frame_timeout);
			return;
		}
		uint8_t *buf =
		    evbuffer_pullup(in, (ev_ssize_t)(FRAME_HEADER_SIZE + plen));
		char path[128] = "";
		const char *why = NULL;
		Ansinh__V1__Request *r = frame_decode_request(
		    buf + FRAME_HEADER_SIZE, plen, path, sizeof path, &why);
		evbuffer_drain(in, FRAME_HEADER_SIZE + plen);
		if (s->state == SESSION_DRAINING) {
			/* Received but not started: nothing is written, so
			 * the client may safely send it again later. */
			session_reject(s, r != NULL ? r->seq : 0,
			               ANSINH__V1__CODE__UNAVAILABLE, NULL,
			               "daemon is shutting down; retry", false);
			if (r != NULL)
				ansinh__v1__request__free_unpacked(r, NULL);
			continue;
		}
		if (s->state == SESSION_READY)
			evtimer_del(s->deadline);
		if (r == NULL) {
			d->metrics.frames_rejected++;
			session_reject(s, 0, ANSINH__V1__CODE__INVALID_ARGUMENT,
			               path[0] != '\0' ? path : "request",
			               why != NULL ? why : "malformed message",
			               s->state != SESSION_READY);
			continue;
		}
		session_handle(s, r);
		ansinh__v1__request__free_unpacked(r, NULL);
	}
}

static void
session_handle(struct session *s, const Ansinh__V1__Request *r)
{
	if (s->state == SESSION_HANDSHAKE) {
		if (r->body_case != ANSINH__V1__REQUEST__BODY_HELLO) {
			session_reject(s, r->seq,
			               ANSINH__V1__CODE__UNAUTHENTICATED, NULL,
			               "the first request must be Hello", true);
			return;
		}
		session_hello(s, r);
		return;
	}
	if (r->body_case == ANSINH__V1__REQUEST__BODY_HELLO) {
		session_reject(s, r->seq, ANSINH__V1__CODE__FAILED_PRECONDITION,
		               NULL, "already authenticated", false);
		return;
	}
	op_dispatch(s, r);
}

/* ---------------------------------------------------------------- hello */

static void
session_hello(struct session *s, const Ansinh__V1__Request *r)
{
	const Ansinh__V1__Hello *h = r->hello;
	unsigned char digest[SHA256_DIGEST_LENGTH];
	char hex[2 + 2 * SHA256_DIGEST_LENGTH + 1];

	if (h->protocol_version != PROTOCOL_VERSION) {
		char why[96];
		snprintf(why, sizeof why,
		         "protocol version %u is not supported (this daemon "
		         "speaks %d)",
		         h->protocol_version, PROTOCOL_VERSION);
		session_reject(s, r->seq, ANSINH__V1__CODE__FAILED_PRECONDITION,
		               "hello.protocol_version", why, true);
		return;
	}
	size_t tlen = strlen(h->token);
	if (tlen == 0 || tlen > 256) {
		session_reject(s, r->seq, ANSINH__V1__CODE__UNAUTHENTICATED,
		               NULL, "token refused", true);
		return;
	}
	SHA256((const unsigned char *)h->token, tlen, digest);
	hex[0] = '\\';
	hex[1] = 'x';
	hex_encode(digest, sizeof digest, hex + 2);

	struct request *req = request_new(s, r);
	struct db_job *job =
	    db_job_new(DB_READ,
	               "SELECT id, name, role, coalesce(ward_code, '') "
	               "FROM ansinh_api.token_lookup($1::bytea)",
	               session_hello_done, req);
	db_job_param(job, hex);
	session_set_state(s, SESSION_AUTHENTICATING);
	log_debug("hello", "conn=%llu peer=%s client=%s",
	          (unsigned long long)s->id, s->peer, log_q(h->client_name));
	if (!request_submit(req, job))
		session_close(s, "authentication unavailable");
}

static void
session_hello_done(struct db_job *job, const PGresult *res,
                   const struct db_error *err, void *arg)
{
	struct request *req = arg;
	struct session *s = req->s;
	(void)job;

	if (s->bev == NULL || s->state != SESSION_AUTHENTICATING) {
		request_fail(req, ANSINH__V1__CODE__CANCELLED, "closed");
		return;
	}
	if (err != NULL) {
		log_warn("hello failed", "conn=%llu peer=%s err=%s",
		         (unsigned long long)s->id, s->peer,
		         log_q(err->message));
		request_db_error(req, err);
		session_close(s, "authentication unavailable");
		return;
	}
	if (PQntuples(res) != 1) {
		log_warn("token refused", "conn=%llu peer=%s",
		         (unsigned long long)s->id, s->peer);
		request_fail(req, ANSINH__V1__CODE__UNAUTHENTICATED,
		             "token refused (unknown or revoked)");
		session_close(s, "token refused");
		return;
	}
	snprintf(s->token_id, sizeof s->token_id, "%s", PQgetvalue(res, 0, 0));
	snprintf(s->token_name, sizeof s->token_name, "%s",
	         PQgetvalue(res, 0, 1));
	s->role = names_role_parse(PQgetvalue(res, 0, 2));
	snprintf(s->ward, sizeof s->ward, "%s", PQgetvalue(res, 0, 3));
	if (s->role <= 0) {
		request_fail(req, ANSINH__V1__CODE__INTERNAL,
		             "token has an unknown role");
		session_close(s, "bad role");
		return;
	}
	evtimer_del(s->deadline);
	session_set_state(s, SESSION_READY);
	log_info("session ready", "conn=%llu peer=%s role=%s ward=%s token=%s",
	         (unsigned long long)s->id, s->peer, session_role_name(s),
	         s->ward[0] ? s->ward : "-", log_q(s->token_name));

	Ansinh__V1__HelloReply hr = ANSINH__V1__HELLO_REPLY__INIT;
	hr.role = (Ansinh__V1__Role)s->role;
	hr.ward_code = s->ward;
	hr.token_name = s->token_name;
	hr.protocol_version = PROTOCOL_VERSION;
	hr.server_version = "ansinhd/" ANSINH_VERSION;
	request_reply(req, ANSINH__V1__RESPONSE__BODY_HELLO, &hr);
	/* Frames that arrived behind the Hello. */
	if (s->bev != NULL)
		session_process(s);
}

/* ---------------------------------------------------------------- writing */

void
session_send(struct session *s, const Ansinh__V1__Response *resp)
{
	size_t len;
	uint8_t *buf;

	if (s->bev == NULL)
		return;
	buf = frame_pack(&resp->base, SIZE_MAX, &len);
	if (buf == NULL) {
		session_close(s, "out of memory");
		return;
	}
	bufferevent_write(s->bev, buf, len);
	free(buf);
}

/* An error answer outside any request (framing, handshake); optionally close
 * once it is flushed. */
static void
session_reject(struct session *s, uint64_t seq, int code, const char *field,
               const char *reason, bool close)
{
	Ansinh__V1__Response resp = ANSINH__V1__RESPONSE__INIT;
	Ansinh__V1__Status st = ANSINH__V1__STATUS__INIT;
	Ansinh__V1__Violation v = ANSINH__V1__VIOLATION__INIT;
	Ansinh__V1__Violation *pv = &v;

	resp.seq = seq;
	resp.status = &st;
	st.code = (Ansinh__V1__Code)code;
	st.message = (char *)reason;
	if (field != NULL) {
		v.field = (char *)field;
		v.reason = (char *)reason;
		st.n_violations = 1;
		st.violations = &pv;
		st.message = (char *)(code == ANSINH__V1__CODE__INVALID_ARGUMENT
		                          ? "invalid request"
		                          : reason);
	}
	metrics_request(&s->d->metrics, 0, code, 0);
	session_send(s, &resp);
	if (close)
		session_close(s, reason);
}

static void
session_on_write(struct bufferevent *bev, void *arg)
{
	struct session *s = arg;
	(void)bev;
	/* Output drained. */
	if (s->state == SESSION_CLOSING && !s->lingering)
		session_linger(s);
}

static void
session_on_event(struct bufferevent *bev, short what, void *arg)
{
	struct session *s = arg;
	(void)bev;

	if (what & BEV_EVENT_TIMEOUT) {
		if ((what & BEV_EVENT_READING) && s->inflight > 0 &&
		    s->state == SESSION_READY) {
			/* Not idle: the client is waiting for answers. */
			bufferevent_enable(s->bev, EV_READ);
			return;
		}
		log_info("connection timed out", "conn=%llu peer=%s dir=%s",
		         (unsigned long long)s->id, s->peer,
		         (what & BEV_EVENT_READING) ? "read" : "write");
	} else if (what & BEV_EVENT_ERROR) {
		log_debug("connection error", "conn=%llu peer=%s",
		          (unsigned long long)s->id, s->peer);
	} else if (what & BEV_EVENT_EOF) {
		log_debug("connection closed by peer", "conn=%llu peer=%s",
		          (unsigned long long)s->id, s->peer);
	}
	/* The socket is no use any more: answers still in flight are dropped
	 * (their writes are durable; a retry with the same request_id replays
	 * the stored outcome). */
	session_set_state(s, SESSION_CLOSING);
	session_release_socket(s);
	session_maybe_free(s);
}

/* ---------------------------------------------------------------- closing */

void
session_close(struct session *s, const char *reason)
{
	if (s->state != SESSION_CLOSING)
		log_debug("closing connection", "conn=%llu peer=%s reason=%s",
		          (unsigned long long)s->id, s->peer, log_q(reason));
	session_set_state(s, SESSION_CLOSING);
	evtimer_del(s->deadline);
	if (s->bev != NULL && !s->lingering) {
		bufferevent_setcb(s->bev, NULL, session_on_write,
		                  session_on_event, s);
		if (evbuffer_get_length(bufferevent_get_output(s->bev)) == 0)
			session_linger(s);
		/* else: session_on_write lingers once it is flushed. */
	}
	session_maybe_free(s);
}

/*
 * A graceful close: everything we wrote is flushed; send FIN and read (and
 * discard) until the peer closes too, for at most SESSION_LINGER seconds.
 * Closing a socket with unread input makes the kernel send RST, which can
 * destroy answers the peer has not read yet.
 */
static void
session_linger(struct session *s)
{
	struct timeval tv = {SESSION_LINGER, 0};

	s->lingering = true;
	shutdown(bufferevent_getfd(s->bev), SHUT_WR);
	bufferevent_setcb(s->bev, session_on_linger_read, NULL,
	                  session_on_event, s);
	bufferevent_set_timeouts(s->bev, NULL, NULL);
	bufferevent_enable(s->bev, EV_READ);
	evtimer_add(s->deadline, &tv);
}

static void
session_on_linger_read(struct bufferevent *bev, void *arg)
{
	(void)arg;
	evbuffer_drain(bufferevent_get_input(bev),
	               evbuffer_get_length(bufferevent_get_input(bev)));
}

void
session_drain(struct session *s)
{
	if (s->state != SESSION_READY) {
		session_close(s, "shutting down");
		return;
	}
	session_set_state(s, SESSION_DRAINING);
	/* Keep reading: every frame that arrives from now on is answered
	 * UNAVAILABLE (nothing written, retry), the ones buffered first. */
	if (s->bev != NULL)
		bufferevent_enable(s->bev, EV_READ);
	session_process(s);
	if (s->inflight == 0)
		session_close(s, "shutting down");
}

void
session_request_done(struct session *s)
{
	s->inflight--;
	if (s->state == SESSION_READY && s->bev != NULL) {
		if (s->inflight == s->d->cfg.max_inflight - 1) {
			bufferevent_enable(s->bev, EV_READ);
			session_process(s);
		}
	} else if (s->state == SESSION_DRAINING && s->inflight == 0) {
		session_close(s, "shutting down");
		return;
	}
	session_maybe_free(s);
}

static void
session_release_socket(struct session *s)
{
	if (s->bev == NULL)
		return;
	bufferevent_free(s->bev);
	s->bev = NULL;
}

static void
session_maybe_free(struct session *s)
{
	if (s->state != SESSION_CLOSING || s->bev != NULL || s->inflight > 0)
		return;
	struct daemon *d = s->d;
	TAILQ_REMOVE(&d->sessions, s, entry);
	d->nsessions--;
	event_free(s->deadline);
	log_debug("connection freed", "conn=%llu peer=%s",
	          (unsigned long long)s->id, s->peer);
	free(s);
	daemon_session_gone(d);
}
