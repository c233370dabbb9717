/*
 * admit.c — admitting a connection: room under the connection limits (the
 * unauthenticated connections that go first), refusals decided before it
 * starts (an address refused after failed Hellos, a full daemon), the TLS
 * port's first byte (TLS or plaintext), and a TLS handshake that failed.
 * The session itself, once admitted, is session.c's.
 */
#include "admit.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>

#include "daemon.h"
#include "log.h"
#include "peer.h"
#include "session.h"
#include "tls.h"

#define ADMIT_LINGER 2 /* seconds to let a client read a TLS alert */

static struct log_limit admit_log_limit = {.per_second = 20};

static bool admit_make_room(struct daemon *d, struct peer *addr,
                            const char *peer);
static int admit_rank(struct session *s);
static struct session *admit_victim(struct daemon *d, const struct peer *addr,
                                    bool closing);
static void admit_on_sniff(evutil_socket_t fd, short what, void *arg);
static void admit_on_discard(evutil_socket_t fd, short what, void *arg);

void
admit_accept(struct daemon *d, evutil_socket_t fd, const struct sockaddr *sa,
             int salen)
{
	struct peer *addr = peer_get(d->peers, sa);
	char peer[64];
	long left = 0;
	(void)salen;

	if (addr == NULL) {
		evutil_closesocket(fd);
		return;
	}
	/* The slot is made before the session takes it, by closing
	 * unauthenticated connections; a refused connection is told why once
	 * its transport is up, then closed. */
	snprintf(peer, sizeof peer, "%s", addr->text);
	bool room = admit_make_room(d, addr, peer);
	struct session *s = session_new(
	    d, fd, sa, d->tls != NULL ? SESSION_TLS : SESSION_HANDSHAKE);
	peer_put(d->peers, addr);
	if (s == NULL)
		return;
	if (peer_blocked(s->addr, daemon_now(), &left)) {
		d->stats.auth_blocked++;
		s->refuse_code = ANSINH__V1__CODE__UNAVAILABLE;
		snprintf(s->refuse_text, sizeof s->refuse_text,
		         "too many failed Hellos from %s: refused for %ld more "
		         "seconds; retry later",
		         s->addr->text, left);
		s->refuse_why = s->refuse_text;
		log_limited(&admit_log_limit, LOG_INFO, "connection refused",
		            "conn=%llu peer=%s reason=%s",
		            (unsigned long long)s->id, s->peer,
		            log_q("address refused after failed Hellos"));
	} else if (!room) {
		d->metrics.connections_refused++;
		s->refuse_code = ANSINH__V1__CODE__RESOURCE_EXHAUSTED;
		s->refuse_why = "too many connections; retry later";
		log_limited(&admit_log_limit, LOG_WARN, "connection refused",
		            "conn=%llu peer=%s reason=%s",
		            (unsigned long long)s->id, s->peer,
		            log_q("too many connections"));
	}
	if (d->tls != NULL) {
		/* Plaintext or TLS? The first byte says (admit_on_sniff). */
		s->ev_sniff =
		    event_new(d->base, fd, EV_READ, admit_on_sniff, s);
		if (s->ev_sniff == NULL) {
			session_abort(s, "out of memory");
			return;
		}
		event_add(s->ev_sniff, NULL);
		return;
	}
	struct bufferevent *bev = bufferevent_socket_new(
	    d->base, fd, BEV_OPT_CLOSE_ON_FREE | BEV_OPT_DEFER_CALLBACKS);
	if (bev == NULL) {
		session_abort(s, "out of memory");
		return;
	}
	session_attach(s, bev);
	session_transport_up(s);
}

/*
 * Room for one more connection from addr: within --max-unauth-per-addr,
 * --max-unauth and --max-conns, closing the oldest unauthenticated
 * connections that are least far along. False when every slot holds an
 * authenticated session: the new one is refused.
 */
static bool
admit_make_room(struct daemon *d, struct peer *addr, const char *peer)
{
	static const char *const limit[3] = {"--max-unauth-per-addr",
	                                     "--max-unauth", "--max-conns"};

	for (int i = 0; i < 3; i++) {
		bool over = i == 0 ? addr->unauth >= d->cfg.max_unauth_per_addr
		            : i == 1 ? d->nunauth >= d->cfg.max_unauth
		                     : d->nopen >= d->cfg.max_conns;
		if (!over)
			continue;
		struct session *v =
		    admit_victim(d, i == 0 ? addr : NULL, i == 2);
		if (v == NULL)
			continue; /* --max-conns: every slot is authenticated */
		d->stats.evicted++;
		log_limited(&admit_log_limit, LOG_INFO,
		            "closing an unauthenticated connection",
		            "conn=%llu peer=%s limit=%s for=%s",
		            (unsigned long long)v->id, v->peer, limit[i], peer);
		session_reset(v, "evicted for a newer connection");
	}
	return d->nopen < d->cfg.max_conns;
}

/* How far along an unauthenticated connection is: refused 0, silent 1 (no
 * byte read, none waiting in the socket), in the TLS handshake 2, part of a
 * Hello 3, its token being checked 4. */
static int
admit_rank(struct session *s)
{
	if (s->refuse_why != NULL)
		return 0;
	if (!s->got_bytes) {
		evutil_socket_t fd =
		    s->bev != NULL ? bufferevent_getfd(s->bev) : s->fd;
		int n = 0;
		if (fd == -1 || ioctl(fd, FIONREAD, &n) != 0 || n == 0)
			return 1;
		s->got_bytes = true; /* sent, not read yet */
	}
	if (s->state == SESSION_TLS)
		return 2;
	return s->state == SESSION_HANDSHAKE ? 3 : 4;
}

/*
 * The unauthenticated connection to close first: from addr when given;
 * else, one that is closing anyway when closing says so. Otherwise the
 * least far along (admit_rank); among those, one of the address holding
 * most unauthenticated connections (an attacker needs more addresses than
 * --max-unauth to push out a client), the oldest of them.
 */
static struct session *
admit_victim(struct daemon *d, const struct peer *addr, bool closing)
{
	struct session *s, *best = NULL;
	int best_rank = 99, best_load = 0;

	if (closing) {
		TAILQ_FOREACH(s, &d->sessions, entry)
		{
			if ((s->state == SESSION_CLOSING ||
			     s->state == SESSION_LINGERING) &&
			    s->bev != NULL)
				return s;
		}
	}
	TAILQ_FOREACH(s, &d->unauth, unauth)
	{
		if (addr != NULL && s->addr != addr)
			continue;
		int rank = admit_rank(s);
		int load = s->addr->unauth;
		if (rank < best_rank ||
		    (rank == best_rank && load > best_load)) {
			best = s;
			best_rank = rank;
			best_load = load;
		}
	}
	return best;
}

/*
 * TLS port: a TLS client's first byte is a handshake record's; anything
 * else is a plaintext client, told in plaintext what to do.
 */
static void
admit_on_sniff(evutil_socket_t fd, short what, void *arg)
{
	struct session *s = arg;
	struct daemon *d = s->d;
	unsigned char first;
	struct bufferevent *bev;
	(void)what;

	ssize_t n = recv(fd, &first, 1, MSG_PEEK);
	if (n < 0 &&
	    (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
		event_add(s->ev_sniff, NULL);
		return;
	}
	if (n <= 0) {
		session_abort(s, "closed before TLS");
		return;
	}
	event_free(s->ev_sniff);
	s->ev_sniff = NULL;
	s->got_bytes = true;
	if (first == TLS_RECORD_HANDSHAKE) {
		SSL *ssl = SSL_new(d->tls);
		bev =
		    ssl == NULL
		        ? NULL
		        : bufferevent_openssl_socket_new(
		              d->base, fd, ssl, BUFFEREVENT_SSL_ACCEPTING,
		              BEV_OPT_CLOSE_ON_FREE | BEV_OPT_DEFER_CALLBACKS);
		if (bev == NULL) {
			if (ssl != NULL)
				SSL_free(ssl);
			session_abort(s, "out of memory");
			return;
		}
		bufferevent_openssl_set_allow_dirty_shutdown(bev, 1);
		s->tls = true;
		session_attach(s, bev);
		return; /* session_on_event: BEV_EVENT_CONNECTED */
	}
	bev = bufferevent_socket_new(
	    d->base, fd, BEV_OPT_CLOSE_ON_FREE | BEV_OPT_DEFER_CALLBACKS);
	if (bev == NULL) {
		session_abort(s, "out of memory");
		return;
	}
	session_attach(s, bev);
	d->stats.wrong_transport++;
	log_limited(&admit_log_limit, LOG_WARN,
	            "plaintext connection on the TLS port",
	            "conn=%llu peer=%s hint=%s", (unsigned long long)s->id,
	            s->peer, log_q("the client needs --tls --ca FILE"));
	session_set_state(s, SESSION_HANDSHAKE);
	session_reject(s, 0, ANSINH__V1__CODE__FAILED_PRECONDITION, NULL,
	               "this daemon speaks TLS only: connect with ansinh --tls "
	               "--ca FILE (and check --server)",
	               true);
}

/* Why the TLS handshake failed, as OpenSSL says it ("certificate verify
 * failed", "peer did not return a certificate", "wrong version number"). */
void
admit_tls_failed(struct session *s)
{
	unsigned long e, last = 0;
	int err = EVUTIL_SOCKET_ERROR();

	/* libevent hands the errors back last first, after SSL_get_error's
	 * code (not an error of the queue): keep the last with a reason. */
	while ((e = bufferevent_get_openssl_error(s->bev)) != 0) {
		if (last == 0 && tls_reason(e)[0] != '\0')
			last = e;
	}
	s->d->stats.tls_failures++;
	log_limited(&admit_log_limit, LOG_WARN, "tls handshake failed",
	            "conn=%llu peer=%s err=%s", (unsigned long long)s->id,
	            s->peer,
	            log_q(last != 0  ? tls_reason(last)
	                  : err != 0 ? evutil_socket_error_to_string(err)
	                             : "connection closed"));
	/* OpenSSL has sent its alert ("certificate required", "unknown
	 * ca"): let the client read it before the socket goes — closing with
	 * the client's data unread would send RST and lose it. */
	session_set_state(s, SESSION_CLOSING);
	bufferevent_setcb(s->bev, NULL, NULL, NULL, NULL);
	evutil_socket_t fd = bufferevent_getfd(s->bev);
	shutdown(fd, SHUT_WR);
	s->ev_sniff = event_new(s->d->base, fd, EV_READ | EV_PERSIST,
	                        admit_on_discard, s);
	if (s->ev_sniff == NULL) {
		session_abort(s, "tls handshake failed");
		return;
	}
	event_add(s->ev_sniff, NULL);
	session_arm_deadline(s, ADMIT_LINGER);
}

/* After a failed TLS handshake: discard input until the peer closes. */
static void
admit_on_discard(evutil_socket_t fd, short what, void *arg)
{
	struct session *s = arg;
	char buf[4096];
	(void)what;

	ssize_t n = recv(fd, buf, sizeof buf, 0);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
	               errno != EINTR))
		session_abort(s, "tls handshake failed");
}
