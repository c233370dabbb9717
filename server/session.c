/*
 * session.c — client connections: the transport (plaintext, or TLS through
 * libevent's OpenSSL bufferevents), framing, the session state machine and
 * the limits on each connection (see session.h). Admitting a connection is
 * admit.c's; the Hello handshake and its guards are auth.c's.
 */
#include "session.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <openssl/err.h>

#include "admit.h"
#include "auth.h"
#include "daemon.h"
#include "op.h"
#include "frame.h"
#include "log.h"
#include "peer.h"
#include "request.h"
#include "rules.h"
#include "tls.h"

#define SESSION_WRITE_TIMEOUT 60 /* seconds a peer may leave output unread */
#define SESSION_LINGER        2  /* seconds to wait for the peer's FIN */

#define S(state) (1u << (state))

/* What each state allows, and where it may go. */
static const struct {
	const char *name;
	unsigned next;  /* states it may change to */
	bool frames;    /* frames are taken from the input */
	bool sends;     /* responses are sent */
	bool unauth;    /* not authenticated yet */
	bool has_input; /* its bufferevent reads (if it has one) */
} session_states[] = {
    [SESSION_TLS] = {"tls",
                     S(SESSION_HANDSHAKE) | S(SESSION_CLOSING) |
                         S(SESSION_CLOSED),
                     false, false, true, true},
    [SESSION_HANDSHAKE] = {"handshake",
                           S(SESSION_AUTHENTICATING) | S(SESSION_CLOSING) |
                               S(SESSION_CLOSED),
                           true, true, true, true},
    [SESSION_AUTHENTICATING] = {"authenticating",
                                S(SESSION_READY) | S(SESSION_CLOSING) |
                                    S(SESSION_CLOSED),
                                false, true, true, false},
    [SESSION_READY] = {"ready",
                       S(SESSION_DRAINING) | S(SESSION_CLOSING) |
                           S(SESSION_CLOSED),
                       true, true, false, true},
    [SESSION_DRAINING] = {"draining", S(SESSION_CLOSING) | S(SESSION_CLOSED),
                          true, true, false, true},
    [SESSION_CLOSING] = {"closing", S(SESSION_LINGERING) | S(SESSION_CLOSED),
                         false, false, false, false},
    [SESSION_LINGERING] = {"lingering", S(SESSION_CLOSED), false, false, false,
                           true},
    [SESSION_CLOSED] = {"closed", 0, false, false, false, false},
};

static struct log_limit session_log_limit = {.per_second = 20};

static void session_on_read(struct bufferevent *bev, void *arg);
static void session_on_write(struct bufferevent *bev, void *arg);
static void session_on_event(struct bufferevent *bev, short what, void *arg);
static void session_on_output(struct evbuffer *buf,
                              const struct evbuffer_cb_info *info, void *arg);
static void session_on_deadline(evutil_socket_t fd, short what, void *arg);
static void session_on_process(evutil_socket_t fd, short what, void *arg);
static void session_watermarks(struct session *s);
static enum session_pause session_pause_reason(const struct session *s);
static void session_pause(struct session *s, enum session_pause why);
static void session_resume(struct session *s);
static void session_process(struct session *s);
static void session_handle(struct session *s, const Ansinh__V1__Request *r);
static void session_output_limits(struct session *s);
static void session_release_socket(struct session *s);
static void session_linger(struct session *s);
static void session_on_linger_read(struct bufferevent *bev, void *arg);
static void session_free(struct session *s);

/* ------------------------------------------------------------------ state */

void
session_set_state(struct session *s, enum session_state state)
{
	struct daemon *d = s->d;

	if (!(session_states[s->state].next & S(state))) {
		log_error("illegal session state change",
		          "conn=%llu peer=%s from=%s to=%s",
		          (unsigned long long)s->id, s->peer,
		          session_states[s->state].name,
		          session_states[state].name);
		abort();
	}
	log_debug("session state", "conn=%llu peer=%s from=%s to=%s",
	          (unsigned long long)s->id, s->peer,
	          session_states[s->state].name, session_states[state].name);
	if (session_states[s->state].unauth && !session_states[state].unauth) {
		TAILQ_REMOVE(&d->unauth, s, unauth);
		d->nunauth--;
		s->addr->unauth--;
	}
	bool was_reading = session_states[s->state].has_input;
	s->state = state;
	if (s->bev == NULL)
		return;
	session_watermarks(s);
	if (!session_states[state].has_input)
		bufferevent_disable(s->bev, EV_READ);
	else if (!was_reading && !s->paused)
		bufferevent_enable(s->bev, EV_READ);
}

bool
session_unauthenticated(const struct session *s)
{
	return session_states[s->state].unauth;
}

const char *
session_role_name(const struct session *s)
{
	const char *n = names_role(s->role);
	return n != NULL ? n : "none";
}

void
session_wake(struct session *s)
{
	event_active(s->ev_process, EV_TIMEOUT, 1);
}

/* ------------------------------------------------------------- a new one */

struct session *
session_new(struct daemon *d, evutil_socket_t fd, const struct sockaddr *sa,
            enum session_state state)
{
	struct session *s = calloc(1, sizeof *s);
	char host[INET6_ADDRSTRLEN] = "?";
	int port = 0, one = 1;

	if (s == NULL) {
		evutil_closesocket(fd);
		return NULL;
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
	s->addr = peer_get(d->peers, sa);
	s->deadline = evtimer_new(d->base, session_on_deadline, s);
	s->ev_process = event_new(d->base, -1, 0, session_on_process, s);
	if (s->addr == NULL || s->deadline == NULL || s->ev_process == NULL) {
		evutil_closesocket(fd);
		if (s->deadline != NULL)
			event_free(s->deadline);
		if (s->ev_process != NULL)
			event_free(s->ev_process);
		peer_put(d->peers, s->addr);
		free(s);
		return NULL;
	}
	s->d = d;
	s->id = ++d->next_session_id;
	s->fd = fd;
	s->state = state;
	/* Small answers to small requests: do not wait for Nagle (a TLS
	 * handshake's last flight would wait for a delayed ACK). */
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	s->share = db_share_new();
	s->read_share = db_share_new();
	d->metrics.connections_total++;
	TAILQ_INSERT_TAIL(&d->sessions, s, entry);
	d->nsessions++;
	TAILQ_INSERT_TAIL(&d->unauth, s, unauth);
	d->nunauth++;
	s->addr->unauth++;
	d->nopen++;
	session_arm_deadline(s, d->cfg.handshake_timeout);
	log_debug("connection accepted", "conn=%llu peer=%s",
	          (unsigned long long)s->id, s->peer);
	return s;
}

void
session_attach(struct session *s, struct bufferevent *bev)
{
	struct daemon *d = s->d;
	struct timeval rd = {d->cfg.idle_timeout, 0};
	struct timeval wr = {SESSION_WRITE_TIMEOUT, 0};

	s->bev = bev;
	s->fd = -1;
	bufferevent_setcb(bev, session_on_read, session_on_write,
	                  session_on_event, s);
	bufferevent_set_timeouts(bev, &rd, &wr);
	s->out_cb =
	    evbuffer_add_cb(bufferevent_get_output(bev), session_on_output, s);
	session_watermarks(s);
	bufferevent_enable(bev, EV_READ | EV_WRITE);
}

void
session_transport_up(struct session *s)
{
	if (s->state == SESSION_TLS)
		session_set_state(s, SESSION_HANDSHAKE);
	if (s->refuse_why != NULL)
		session_reject(s, 0, s->refuse_code, NULL, s->refuse_why, true);
}

/* Reads: a Hello frame at most before authentication, one frame after.
 * Writes: the write callback runs once output is down to half of
 * --output-pause (reading resumes), and at 0 when closing. */
static void
session_watermarks(struct session *s)
{
	const struct daemon_config *c = &s->d->cfg;
	size_t high =
	    (size_t)(session_states[s->state].unauth ? c->max_hello_frame
	                                             : c->max_frame) +
	    FRAME_HEADER_SIZE;

	bufferevent_setwatermark(s->bev, EV_READ, 0, high);
	bufferevent_setwatermark(
	    s->bev, EV_WRITE,
	    s->state >= SESSION_CLOSING ? 0 : (size_t)c->output_pause / 2, 0);
}

void
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

	switch (s->state) {
	case SESSION_CLOSING: /* after a failed TLS handshake */
	case SESSION_LINGERING:
		/* The peer did not close after our FIN: close now. */
		session_abort(s, "linger over");
		break;
	case SESSION_TLS:
	case SESSION_HANDSHAKE:
		session_close(s, "handshake timeout");
		break;
	case SESSION_AUTHENTICATING:
		if (s->hello != NULL)
			auth_hello_refused(s); /* the delay is over */
		else
			session_close(s, "handshake timeout");
		break;
	case SESSION_READY:
	case SESSION_DRAINING:
		session_close(s, "frame timeout");
		break;
	case SESSION_CLOSED:
		break;
	}
}

/* ---------------------------------------------------------------- reading */

static void
session_on_read(struct bufferevent *bev, void *arg)
{
	struct session *s = arg;
	(void)bev;
	if (s->state == SESSION_HANDSHAKE)
		s->got_bytes = true;
	session_process(s);
}

/* The deferred work: the next frames, the end of draining, freeing. */
static void
session_on_process(evutil_socket_t fd, short what, void *arg)
{
	struct session *s = arg;
	(void)fd;
	(void)what;

	switch (s->state) {
	case SESSION_HANDSHAKE:
	case SESSION_READY:
		session_resume(s);
		break;
	case SESSION_DRAINING:
		session_resume(s);
		if (s->state == SESSION_DRAINING && s->inflight == 0)
			session_close(s, "shutting down");
		break;
	case SESSION_CLOSED:
		if (s->inflight == 0)
			session_free(s);
		break;
	case SESSION_TLS:
	case SESSION_AUTHENTICATING:
	case SESSION_CLOSING:
	case SESSION_LINGERING:
		break;
	}
}

/* Back-pressure: too much output waiting, too many requests in flight, or
 * too many reads queued in the pool. Reading stops until it clears. */
static enum session_pause
session_pause_reason(const struct session *s)
{
	const struct daemon_config *c = &s->d->cfg;

	if (s->output >= (size_t)c->output_pause)
		return SESSION_PAUSE_OUTPUT;
	if (s->state != SESSION_READY)
		return SESSION_PAUSE_NONE;
	if (s->inflight >= c->max_inflight)
		return SESSION_PAUSE_INFLIGHT;
	if (db_share_pending(s->share, DB_READ) +
	        db_share_pending(s->read_share, DB_READ) >=
	    (size_t)c->max_session_reads)
		return SESSION_PAUSE_READS;
	return SESSION_PAUSE_NONE;
}

/* Stop reading for a reason; a new reason is counted (and the output one
 * logged). */
static void
session_pause(struct session *s, enum session_pause why)
{
	struct daemon *d = s->d;

	if (why != s->paused && why == SESSION_PAUSE_OUTPUT) {
		d->stats.output_paused++;
		log_limited(&session_log_limit, LOG_INFO,
		            "output over --output-pause: not reading",
		            "conn=%llu peer=%s queued=%zu",
		            (unsigned long long)s->id, s->peer, s->output);
	} else if (why != s->paused && why == SESSION_PAUSE_READS) {
		d->stats.session_paused++;
	}
	s->paused = why;
	bufferevent_disable(s->bev, EV_READ);
}

/* After a limit cleared: read again, and take what is buffered. */
static void
session_resume(struct session *s)
{
	if (s->paused != SESSION_PAUSE_NONE) {
		enum session_pause why = session_pause_reason(s);
		if (why != SESSION_PAUSE_NONE) {
			session_pause(s, why);
			return;
		}
		s->paused = SESSION_PAUSE_NONE;
		bufferevent_enable(s->bev, EV_READ);
	}
	session_process(s);
}

static void
session_process(struct session *s)
{
	struct daemon *d = s->d;

	while (s->bev != NULL && session_states[s->state].frames) {
		struct evbuffer *in = bufferevent_get_input(s->bev);
		size_t avail = evbuffer_get_length(in);
		uint8_t hdr[FRAME_HEADER_SIZE];
		size_t plen = 0;
		bool before_hello = s->state == SESSION_HANDSHAKE;
		long max =
		    before_hello ? d->cfg.max_hello_frame : d->cfg.max_frame;

		enum session_pause pause = session_pause_reason(s);
		if (pause != SESSION_PAUSE_NONE) {
			session_pause(s, pause);
			return;
		}
		if (avail == 0) {
			if (!before_hello)
				evtimer_del(s->deadline);
			return;
		}
		size_t hlen = avail < sizeof hdr ? avail : sizeof hdr;
		evbuffer_copyout(in, hdr, hlen);
		enum frame_result fr =
		    frame_peek(hdr, hlen, (size_t)max, &plen);
		if (fr == FRAME_TOO_LARGE && before_hello && !s->tls &&
		    hdr[0] == TLS_RECORD_HANDSHAKE) {
			d->stats.wrong_transport++;
			log_limited(&session_log_limit, LOG_WARN,
			            "TLS handshake on a plaintext port",
			            "conn=%llu peer=%s hint=%s",
			            (unsigned long long)s->id, s->peer,
			            log_q("this daemon runs without "
			                  "--tls-cert"));
			session_reject(
			    s, 0, ANSINH__V1__CODE__FAILED_PRECONDITION, NULL,
			    "this daemon speaks plaintext, not TLS, "
			    "on this port",
			    true);
			return;
		}
		if (fr == FRAME_TOO_LARGE) {
			char why[128];
			d->metrics.frames_rejected++;
			snprintf(why, sizeof why,
			         "frame of %zu bytes exceeds the limit of "
			         "%ld%s",
			         plen, max,
			         before_hello ? " before Hello" : "");
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
			/* A partial frame must complete in time (before Hello
			 * the handshake deadline runs already). */
			if (!before_hello &&
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
		if (!before_hello)
			evtimer_del(s->deadline);
		if (r == NULL) {
			d->metrics.frames_rejected++;
			session_reject(s, 0, ANSINH__V1__CODE__INVALID_ARGUMENT,
			               path[0] != '\0' ? path : "request",
			               why != NULL ? why : "malformed message",
			               before_hello);
			continue;
		}
		session_handle(s, r);
		ansinh__v1__request__free_unpacked(r, NULL);
	}
}

static void
session_handle(struct session *s, const Ansinh__V1__Request *r)
{
	switch (s->state) {
	case SESSION_HANDSHAKE:
		if (r->body_case != ANSINH__V1__REQUEST__BODY_HELLO) {
			session_reject(s, r->seq,
			               ANSINH__V1__CODE__UNAUTHENTICATED, NULL,
			               "the first request must be Hello", true);
			return;
		}
		auth_hello(s, r);
		return;
	case SESSION_DRAINING:
		/* Received but not started: nothing is written, so the client
		 * may safely send it again later. */
		session_reject(s, r->seq, ANSINH__V1__CODE__UNAVAILABLE, NULL,
		               "daemon is shutting down; retry", false);
		return;
	default:
		break;
	}
	if (r->body_case == ANSINH__V1__REQUEST__BODY_HELLO) {
		session_reject(s, r->seq, ANSINH__V1__CODE__FAILED_PRECONDITION,
		               NULL, "already authenticated", false);
		return;
	}
	if (r->body_case == ANSINH__V1__REQUEST__BODY_PING &&
	    r->ping->payload.len > (size_t)s->d->cfg.max_ping) {
		struct request *req = request_new(s, r);
		struct violations v = {0};
		char why[96];
		s->d->stats.pings_refused++;
		snprintf(why, sizeof why, "is %zu bytes; at most %ld",
		         r->ping->payload.len, s->d->cfg.max_ping);
		viol_add(&v, "ping.payload", why);
		request_invalid(req, &v);
		return;
	}
	op_dispatch(s, r);
}

/* ---------------------------------------------------------------- writing */

void
session_send(struct session *s, const Ansinh__V1__Response *resp)
{
	size_t len;
	uint8_t *buf;

	if (s->bev == NULL || !session_states[s->state].sends)
		return;
	buf = frame_pack(&resp->base, SIZE_MAX, &len);
	if (buf == NULL) {
		session_close(s, "out of memory");
		return;
	}
	bufferevent_write(s->bev, buf, len);
	free(buf);
	session_output_limits(s);
}

/* What a connection and all of them may hold for peers that do not read:
 * past --output-limit the connection is closed; past --output-total the
 * one with most output is. */
static void
session_output_limits(struct session *s)
{
	struct daemon *d = s->d;

	if (s->output > (size_t)d->cfg.output_limit) {
		d->stats.output_closed++;
		log_limited(&session_log_limit, LOG_WARN,
		            "output over --output-limit: closing",
		            "conn=%llu peer=%s queued=%zu",
		            (unsigned long long)s->id, s->peer, s->output);
		session_reset(s, "output limit");
		return;
	}
	while (d->output > (size_t)d->cfg.output_total) {
		struct session *t, *most = NULL;
		TAILQ_FOREACH(t, &d->sessions, entry)
		{
			if (t->bev != NULL &&
			    (most == NULL || t->output > most->output))
				most = t;
		}
		if (most == NULL || most->output == 0)
			return;
		d->stats.output_closed++;
		log_limited(&session_log_limit, LOG_WARN,
		            "output of all connections over --output-total: "
		            "closing the one with most",
		            "conn=%llu peer=%s queued=%zu total=%zu",
		            (unsigned long long)most->id, most->peer,
		            most->output, d->output);
		session_reset(most, "output total");
	}
}

static void
session_on_output(struct evbuffer *buf, const struct evbuffer_cb_info *info,
                  void *arg)
{
	struct session *s = arg;
	(void)buf;
	s->output += info->n_added;
	s->output -= info->n_deleted;
	s->d->output += info->n_added;
	s->d->output -= info->n_deleted;
}

void
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

	switch (s->state) {
	case SESSION_CLOSING:
		if (evbuffer_get_length(bufferevent_get_output(bev)) == 0)
			session_linger(s);
		break;
	case SESSION_HANDSHAKE:
	case SESSION_READY:
	case SESSION_DRAINING:
		if (s->paused)
			session_wake(s); /* output under the mark again */
		break;
	default:
		break;
	}
}

static void
session_on_event(struct bufferevent *bev, short what, void *arg)
{
	struct session *s = arg;
	(void)bev;

	if (what & BEV_EVENT_CONNECTED) {
		char tls[96];
		if (s->state != SESSION_TLS)
			return; /* closing already */
		tls_describe(bufferevent_openssl_get_ssl(s->bev), tls,
		             sizeof tls);
		tls_peer_name(bufferevent_openssl_get_ssl(s->bev), s->cert_name,
		              sizeof s->cert_name);
		log_debug("tls established", "conn=%llu peer=%s tls=%s cert=%s",
		          (unsigned long long)s->id, s->peer, log_q(tls),
		          log_q(s->cert_name[0] ? s->cert_name : "-"));
		session_transport_up(s);
		return;
	}
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
	} else if ((what & BEV_EVENT_ERROR) && s->state == SESSION_TLS) {
		admit_tls_failed(s);
		return;
	} else if ((what & BEV_EVENT_ERROR) && s->tls) {
		/* A record that does not decrypt (altered on the way), an
		 * alert: worth a line. */
		unsigned long e, first = 0;
		while ((e = bufferevent_get_openssl_error(s->bev)) != 0) {
			if (first == 0 && tls_reason(e)[0] != '\0')
				first = e;
		}
		log_limited(
		    &session_log_limit, LOG_INFO, "tls connection error",
		    "conn=%llu peer=%s err=%s", (unsigned long long)s->id,
		    s->peer,
		    log_q(first != 0 ? tls_reason(first) : "connection reset"));
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
	session_abort(s, "connection gone");
}

/* ---------------------------------------------------------------- closing */

/* A refused Hello still waiting for its delay is answered now. */
static void
session_cancel_hello(struct session *s)
{
	struct request *req = s->hello;
	if (req == NULL)
		return;
	s->hello = NULL;
	request_fail(req, ANSINH__V1__CODE__UNAUTHENTICATED, "%s",
	             s->hello_why);
}

void
session_close(struct session *s, const char *reason)
{
	if (s->state >= SESSION_CLOSING)
		return;
	log_debug("closing connection", "conn=%llu peer=%s reason=%s",
	          (unsigned long long)s->id, s->peer, log_q(reason));
	if (s->bev == NULL) {
		session_abort(s, reason);
		return;
	}
	session_set_state(s, SESSION_CLOSING);
	evtimer_del(s->deadline);
	session_cancel_hello(s);
	bufferevent_setcb(s->bev, NULL, session_on_write, session_on_event, s);
	session_watermarks(s);
	if (evbuffer_get_length(bufferevent_get_output(s->bev)) == 0)
		session_linger(s);
	/* else: session_on_write lingers once it is flushed. */
}

void
session_reset(struct session *s, const char *reason)
{
	struct linger now = {1, 0};
	evutil_socket_t fd = s->bev != NULL ? bufferevent_getfd(s->bev) : s->fd;

	if (fd != -1)
		(void)setsockopt(fd, SOL_SOCKET, SO_LINGER, &now, sizeof now);
	session_abort(s, reason);
}

void
session_abort(struct session *s, const char *reason)
{
	if (s->state == SESSION_CLOSED)
		return;
	log_debug("connection released", "conn=%llu peer=%s reason=%s",
	          (unsigned long long)s->id, s->peer, log_q(reason));
	session_set_state(s, SESSION_CLOSED);
	evtimer_del(s->deadline);
	session_cancel_hello(s);
	session_release_socket(s);
	session_wake(s); /* freed there once no request holds it */
}

/*
 * A graceful close: everything we wrote is flushed; send FIN (after TLS's
 * close_notify) and read (and discard) until the peer closes too, for at
 * most SESSION_LINGER seconds. Closing a socket with unread input makes the
 * kernel send RST, which can destroy answers the peer has not read yet.
 */
static void
session_linger(struct session *s)
{
	struct timeval tv = {SESSION_LINGER, 0};

	session_set_state(s, SESSION_LINGERING);
	if (s->tls) {
		SSL *ssl = bufferevent_openssl_get_ssl(s->bev);
		(void)SSL_shutdown(ssl); /* close_notify; the peer's may not
		                            come */
		ERR_clear_error();
	}
	shutdown(bufferevent_getfd(s->bev), SHUT_WR);
	bufferevent_setcb(s->bev, session_on_linger_read, NULL,
	                  session_on_event, s);
	bufferevent_set_timeouts(s->bev, NULL, NULL);
	bufferevent_setwatermark(s->bev, EV_READ, 0, 0);
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
	switch (s->state) {
	case SESSION_READY:
		session_set_state(s, SESSION_DRAINING);
		/* Keep reading: every frame that arrives from now on is
		 * answered UNAVAILABLE (nothing written, retry), the ones
		 * buffered first; session_on_process closes once nothing is
		 * in flight. */
		if (s->bev != NULL && !s->paused)
			bufferevent_enable(s->bev, EV_READ);
		session_wake(s);
		break;
	case SESSION_TLS:
	case SESSION_HANDSHAKE:
	case SESSION_AUTHENTICATING:
		session_close(s, "shutting down");
		break;
	default:
		break;
	}
}

void
session_request_done(struct session *s)
{
	s->inflight--;
	session_wake(s);
}

static void
session_release_socket(struct session *s)
{
	struct daemon *d = s->d;

	if (s->ev_sniff != NULL) {
		event_free(s->ev_sniff);
		s->ev_sniff = NULL;
	}
	if (s->bev != NULL) {
		evbuffer_remove_cb_entry(bufferevent_get_output(s->bev),
		                         s->out_cb);
		d->output -= s->output;
		s->output = 0;
		bufferevent_free(s->bev);
		s->bev = NULL;
		d->nopen--;
	} else if (s->fd != -1) {
		evutil_closesocket(s->fd);
		s->fd = -1;
		d->nopen--;
	}
}

static void
session_free(struct session *s)
{
	struct daemon *d = s->d;

	TAILQ_REMOVE(&d->sessions, s, entry);
	d->nsessions--;
	event_free(s->deadline);
	event_free(s->ev_process);
	db_share_free(s->share);
	db_share_free(s->read_share);
	peer_put(d->peers, s->addr);
	log_debug("connection freed", "conn=%llu peer=%s",
	          (unsigned long long)s->id, s->peer);
	free(s);
	daemon_session_gone(d);
}

/* Only when the daemon stops without draining: drop a session at once. */
void
session_discard(struct session *s)
{
	if (s->state != SESSION_CLOSED)
		session_abort(s, "daemon stopping");
	session_free(s);
}
