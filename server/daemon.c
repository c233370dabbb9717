/*
 * daemon.c — `ansinhd serve`: the loop, the listener, signals, draining, and
 * the database pools; the HTTP admin endpoint is daemon_admin.c.
 */
#include "daemon.h"

#include <arpa/inet.h>
#include <stddef.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/http.h>
#include <event2/listener.h>

#include "admit.h"
#include "audit.h"
#include "auth.h"
#include "log.h"
#include "migrations.h"
#include "op.h"
#include "peer.h"
#include "rules.h"
#include "session.h"
#include "tls.h"

/* Addresses remembered that no connection uses (failed Hellos). */
#define DAEMON_PEERS_KEPT 4096
/* Refused tokens remembered (--auth-cache). */
#define DAEMON_AUTH_CACHE_SLOTS 4096
/* Connections accepted in one turn of the loop: the others wait in the
 * backlog while the connections already taken show what they are (a flood
 * of connections must not push out a client before its first bytes are
 * read). */
#define DAEMON_ACCEPT_BURST 16
/* Connections the kernel completes before they are accepted: room for a
 * burst (a connection the backlog has no room for waits for the client's
 * retransmission, seconds). */
#define DAEMON_BACKLOG 1024

static void daemon_on_accept(struct evconnlistener *l, evutil_socket_t fd,
                             struct sockaddr *sa, int salen, void *arg);
static void daemon_on_accept_error(struct evconnlistener *l, void *arg);
static void daemon_on_accept_resume(evutil_socket_t fd, short what, void *arg);
static void daemon_on_signal(evutil_socket_t sig, short what, void *arg);
static void daemon_on_sighup(evutil_socket_t sig, short what, void *arg);
static void daemon_on_drain_timeout(evutil_socket_t fd, short what, void *arg);
static void daemon_maybe_exit(struct daemon *d);
static void daemon_on_seal_idle(void *arg);
static void daemon_on_exit_check(evutil_socket_t fd, short what, void *arg);
static bool daemon_tls_start(struct daemon *d);
static void daemon_local_addr(evutil_socket_t fd, char *out, size_t size);

/* "HOST:PORT", "[V6]:PORT" or ":PORT" (all interfaces); port 0 lets the
 * kernel choose. Numeric addresses only: a daemon should not depend on DNS
 * to start. */
bool
daemon_parse_addr(const char *text, struct sockaddr_storage *ss, int *sslen)
{
	char host[INET6_ADDRSTRLEN + 2];
	const char *colon = strrchr(text, ':');
	char *end;

	memset(ss, 0, sizeof *ss);
	if (colon == NULL || colon[1] == '\0' ||
	    (size_t)(colon - text) >= sizeof host)
		return false;
	long port = strtol(colon + 1, &end, 10);
	if (*end != '\0' || port < 0 || port > 65535)
		return false;
	snprintf(host, sizeof host, "%.*s", (int)(colon - text), text);
	if (host[0] == '[') {
		size_t n = strlen(host);
		if (n < 2 || host[n - 1] != ']')
			return false;
		host[n - 1] = '\0';
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		*sslen = sizeof *in6;
		return inet_pton(AF_INET6, host + 1, &in6->sin6_addr) == 1;
	}
	struct sockaddr_in *in = (struct sockaddr_in *)ss;
	in->sin_family = AF_INET;
	in->sin_port = htons((uint16_t)port);
	*sslen = sizeof *in;
	if (host[0] == '\0')
		return true; /* INADDR_ANY */
	return inet_pton(AF_INET, host, &in->sin_addr) == 1;
}

long
daemon_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec;
}

/* --tls-cert and --tls-key (both or neither), --tls-client-ca only with
 * them. */
static bool
daemon_tls_start(struct daemon *d)
{
	const struct daemon_config *c = &d->cfg;
	char err[512];

	if (c->tls_cert[0] == '\0' && c->tls_key[0] == '\0') {
		if (c->tls_client_ca[0] != '\0') {
			log_error("bad TLS settings", "hint=%s",
			          log_q("--tls-client-ca needs --tls-cert and "
			                "--tls-key"));
			return false;
		}
		return true;
	}
	if (c->tls_cert[0] == '\0' || c->tls_key[0] == '\0') {
		log_error("bad TLS settings", "hint=%s",
		          log_q("give both --tls-cert and --tls-key"));
		return false;
	}
	d->tls = tls_server_new(c->tls_cert, c->tls_key, c->tls_client_ca, err,
	                        sizeof err);
	if (d->tls == NULL) {
		log_error("cannot set up TLS", "err=%s", log_q(err));
		return false;
	}
	return true;
}

int
daemon_run(const struct daemon_config *cfg)
{
	struct daemon d;
	struct sockaddr_storage ss;
	int sslen;

	memset(&d, 0, sizeof d);
	d.cfg = *cfg;
	TAILQ_INIT(&d.sessions);
	TAILQ_INIT(&d.unauth);

	if (!daemon_parse_addr(cfg->listen, &ss, &sslen)) {
		log_error("bad listen address", "listen=%s hint=%s",
		          log_q(cfg->listen), log_q("use HOST:PORT"));
		return 1;
	}
	if (!daemon_tls_start(&d))
		return 1;
	d.base = event_base_new();
	if (d.base == NULL) {
		log_error("cannot create event base", "listen=%s", cfg->listen);
		SSL_CTX_free(d.tls);
		return 1;
	}
	d.listener = evconnlistener_new_bind(
	    d.base, daemon_on_accept, &d,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_EXEC,
	    DAEMON_BACKLOG, (struct sockaddr *)&ss, sslen);
	if (d.listener == NULL) {
		log_error("cannot listen", "listen=%s err=%s", cfg->listen,
		          log_q(evutil_socket_error_to_string(
		              EVUTIL_SOCKET_ERROR())));
		event_base_free(d.base);
		SSL_CTX_free(d.tls);
		return 1;
	}
	evconnlistener_set_error_cb(d.listener, daemon_on_accept_error);
	d.ev_accept = evtimer_new(d.base, daemon_on_accept_resume, &d);
	if (cfg->admin_listen[0] != '\0' && !daemon_admin_start(&d)) {
		event_free(d.ev_accept);
		evconnlistener_free(d.listener);
		event_base_free(d.base);
		SSL_CTX_free(d.tls);
		return 1;
	}
	d.peers = peer_table_new(DAEMON_PEERS_KEPT);
	d.auth_cache = auth_cache_new(DAEMON_AUTH_CACHE_SLOTS);

	struct db_pool_config pc = {
	    .conninfo = cfg->db,
	    .size = (int)cfg->db_pool,
	    .max_batch = (int)cfg->max_batch,
	    .max_queue = (int)cfg->max_queue,
	    .schema_version = migrations_latest(),
	    .query_timeout_s = cfg->query_timeout,
	};
	metrics_init(&d.metrics);
	d.pool = db_pool_new(d.base, &pc);
	if (cfg->db_read != NULL && cfg->db_read[0] != '\0') {
		struct db_pool_config rc = pc;
		rc.conninfo = cfg->db_read;
		d.read_pool = db_pool_new(d.base, &rc);
	}
	auth_recheck_start(&d);
	d.sealer = audit_sealer_new(d.base, d.pool, cfg->audit_seal_interval,
	                            daemon_on_seal_idle, &d);

	d.ev_sigterm = evsignal_new(d.base, SIGTERM, daemon_on_signal, &d);
	d.ev_sigint = evsignal_new(d.base, SIGINT, daemon_on_signal, &d);
	event_add(d.ev_sigterm, NULL);
	event_add(d.ev_sigint, NULL);
	d.ev_sighup = evsignal_new(d.base, SIGHUP, daemon_on_sighup, &d);
	event_add(d.ev_sighup, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* With port 0 the kernel picks one: say which (tests rely on it). */
	char bound[64], admin_bound[64] = "off";
	daemon_local_addr(evconnlistener_get_fd(d.listener), bound,
	                  sizeof bound);
	if (d.admin_handle != NULL)
		daemon_local_addr(evhttp_bound_socket_get_fd(d.admin_handle),
		                  admin_bound, sizeof admin_bound);
	log_info("listening",
	         "addr=%s admin=%s db_pool=%ld db_read=%s schema=%d version=%s "
	         "tls=%s client_certs=%s",
	         bound, admin_bound, cfg->db_pool,
	         d.read_pool != NULL ? "on" : "off", migrations_latest(),
	         ANSINH_VERSION, d.tls != NULL ? "on" : "off",
	         cfg->tls_client_ca[0] != '\0' ? "required" : "off");
	event_base_dispatch(d.base);

	/* After a forced drain work may be left: the pool answers what it
	 * holds (the requests let go of their sessions), then the sessions
	 * are dropped. */
	d.draining = false;
	auth_recheck_stop(&d);
	d.stopping = true;           /* a scrape still waiting is refused */
	audit_sealer_free(d.sealer); /* before the pool: it may hold a job */
	db_pool_free(d.read_pool);
	d.read_pool = NULL;
	db_pool_free(d.pool);
	d.pool = NULL;
	struct session *s;
	while ((s = TAILQ_FIRST(&d.sessions)) != NULL)
		session_discard(s);
	peer_table_free(d.peers);
	auth_cache_free(d.auth_cache);
	SSL_CTX_free(d.tls);
	if (d.listener != NULL)
		evconnlistener_free(d.listener);
	if (d.admin != NULL)
		evhttp_free(d.admin);
	event_free(d.ev_sigterm);
	event_free(d.ev_sigint);
	event_free(d.ev_sighup);
	if (d.ev_accept != NULL)
		event_free(d.ev_accept);
	if (d.ev_drain != NULL)
		event_free(d.ev_drain);
	if (d.ev_exit_check != NULL)
		event_free(d.ev_exit_check);
	event_base_free(d.base);
	metrics_free(&d.metrics);
	log_info("stopped", "exit=%d", d.exit_code);
	return d.exit_code;
}

static void
daemon_on_accept(struct evconnlistener *l, evutil_socket_t fd,
                 struct sockaddr *sa, int salen, void *arg)
{
	struct daemon *d = arg;
	struct timeval now = {0, 0};

	if (d->draining) {
		evutil_closesocket(fd);
		return;
	}
	admit_accept(d, fd, sa, salen);
	if (++d->accepted < DAEMON_ACCEPT_BURST)
		return;
	/* Enough for this turn: the rest in the next one. */
	evconnlistener_disable(l);
	evtimer_add(d->ev_accept, &now);
}

static void
daemon_on_accept_resume(evutil_socket_t fd, short what, void *arg)
{
	struct daemon *d = arg;
	(void)fd;
	(void)what;
	d->accepted = 0;
	if (d->listener != NULL)
		evconnlistener_enable(d->listener);
}

static void
daemon_on_accept_error(struct evconnlistener *l, void *arg)
{
	(void)l;
	(void)arg;
	/* EMFILE and friends: log and keep serving the others. */
	log_warn("accept failed", "err=%s",
	         log_q(evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR())));
}

/* SIGHUP: the log file again (logrotate); nothing else is reloaded. */
static void
daemon_on_sighup(evutil_socket_t sig, short what, void *arg)
{
	(void)sig;
	(void)what;
	(void)arg;
	log_reopen();
}

static void
daemon_on_signal(evutil_socket_t sig, short what, void *arg)
{
	struct daemon *d = arg;
	struct session *s, *next;
	(void)what;

	if (d->draining) {
		log_warn("second signal: stopping now", "signal=%d", (int)sig);
		d->exit_code = 1;
		event_base_loopexit(d->base, NULL);
		return;
	}
	d->draining = true;
	log_info("draining", "signal=%d sessions=%d timeout_s=%ld", (int)sig,
	         d->nsessions, d->cfg.drain_timeout);
	evconnlistener_free(d->listener);
	d->listener = NULL;
	audit_sealer_stop(d->sealer);
	auth_recheck_stop(d);
	struct timeval tv = {d->cfg.drain_timeout, 0};
	d->ev_drain = evtimer_new(d->base, daemon_on_drain_timeout, d);
	evtimer_add(d->ev_drain, &tv);
	for (s = TAILQ_FIRST(&d->sessions); s != NULL; s = next) {
		next = TAILQ_NEXT(s, entry);
		session_drain(s);
	}
	daemon_maybe_exit(d);
}

static void
daemon_on_drain_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct daemon *d = arg;
	(void)fd;
	(void)what;
	log_warn("drain timed out", "sessions=%d", d->nsessions);
	d->exit_code = 1;
	event_base_loopexit(d->base, NULL);
}

void
daemon_session_gone(struct daemon *d)
{
	daemon_job_done(d);
}

/*
 * A seal job finished: while draining, it may have been the last work. Its
 * callback runs while its connection is still busy (the end of the
 * statement's pipeline sync comes after), so check again shortly, until the
 * pool has settled. A session still open does its own check when it goes.
 */
static void
daemon_on_seal_idle(void *arg)
{
	daemon_job_done(arg);
}

void
daemon_job_done(struct daemon *d)
{
	struct timeval now = {0, 0};

	if (!d->draining)
		return;
	if (d->ev_exit_check == NULL)
		d->ev_exit_check =
		    evtimer_new(d->base, daemon_on_exit_check, d);
	if (d->ev_exit_check != NULL)
		evtimer_add(d->ev_exit_check, &now);
}

static void
daemon_on_exit_check(evutil_socket_t fd, short what, void *arg)
{
	struct daemon *d = arg;
	struct timeval soon = {0, 10000};
	(void)fd;
	(void)what;

	if (d->nsessions > 0)
		return;
	if (db_pool_idle(d->pool) &&
	    (d->read_pool == NULL || db_pool_idle(d->read_pool)))
		event_base_loopexit(d->base, NULL);
	else
		evtimer_add(d->ev_exit_check, &soon);
}

static void
daemon_maybe_exit(struct daemon *d)
{
	if (d->nsessions == 0 && db_pool_idle(d->pool) &&
	    (d->read_pool == NULL || db_pool_idle(d->read_pool)))
		event_base_loopexit(d->base, NULL);
}

static void
daemon_local_addr(evutil_socket_t fd, char *out, size_t size)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	char host[INET6_ADDRSTRLEN] = "?";
	int port = 0;

	if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0) {
		if (ss.ss_family == AF_INET) {
			struct sockaddr_in *in = (struct sockaddr_in *)&ss;
			inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
			port = ntohs(in->sin_port);
		} else if (ss.ss_family == AF_INET6) {
			struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
			inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
			port = ntohs(in6->sin6_port);
		}
	}
	snprintf(out, size, ss.ss_family == AF_INET6 ? "[%s]:%d" : "%s:%d",
	         host, port);
}
