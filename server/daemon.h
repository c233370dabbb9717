/*
 * daemon.h — the serving process: one libevent loop, the listener, the
 * sessions, the database pool, signals and metrics.
 */
#ifndef ANSINH_DAEMON_H
#define ANSINH_DAEMON_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>
#include <sys/socket.h>

#include <event2/event.h>

#include <openssl/ssl.h>

#include "db.h"
#include "metrics.h"

struct audit_sealer;
struct auth_cache;
struct peer_table;
struct session;

struct daemon_config {
	const char *listen;       /* HOST:PORT */
	const char *admin_listen; /* HOST:PORT for /healthz /readyz /metrics, ""
	                             = off */
	const char *db;           /* conninfo; "" = PG* variables */
	const char *db_read;      /* conninfo of a read replica; "" = none */
	long db_pool;
	long max_frame;
	long max_conns;
	long max_inflight;
	long max_queue;
	long max_batch;
	long handshake_timeout; /* seconds */
	long idle_timeout;
	long frame_timeout;
	long drain_timeout;
	long audit_seal_interval; /* seconds between audit seals, 0 = off */
	const char *log_level;
	const char *log_file; /* "" = stderr; reopened on SIGHUP */
	/* TLS ("" = plaintext). */
	const char *tls_cert;
	const char *tls_key;
	const char *tls_client_ca; /* "" = no client certificates */
	/* Before authentication. */
	long max_unauth;          /* connections not authenticated yet */
	long max_unauth_per_addr; /* of them, from one address */
	long max_hello_frame;     /* bytes */
	long auth_failures; /* failed Hellos before an address is refused */
	long auth_block;    /* seconds it is refused (and the window) */
	long auth_delay_ms; /* before answering a refused Hello */
	long auth_cache;    /* seconds a refused token is remembered */
	long token_recheck; /* seconds between revocation re-checks */
	/* Output and fairness. */
	long output_pause; /* queued bytes: stop reading the connection */
	long output_limit; /* queued bytes: close it */
	long output_total; /* all connections: close the one with most */
	long max_ping;     /* Ping payload bytes */
	long max_session_reads;
	long query_timeout; /* seconds, 0 = none */
};

/* What the limits did, for /metrics. */
struct daemon_stats {
	uint64_t evicted;         /* unauthenticated, closed to make room */
	uint64_t output_paused;   /* times reading stopped for output */
	uint64_t output_closed;   /* closed past --output-limit/-total */
	uint64_t auth_lookups;    /* token lookups sent to the database */
	uint64_t auth_failures;   /* refused Hellos */
	uint64_t auth_cached;     /* of them, answered from the cache */
	uint64_t auth_blocked;    /* connections of a refused address */
	uint64_t revoked;         /* sessions ended by a revoked token */
	uint64_t tls_failures;    /* TLS handshakes that failed */
	uint64_t wrong_transport; /* plaintext on TLS, TLS on plaintext */
	uint64_t pings_refused;   /* Ping payload over --max-ping */
	uint64_t session_paused;  /* times reading stopped for queued reads */
};

struct daemon {
	struct event_base *base;
	struct daemon_config cfg;
	struct db_pool *pool;
	struct db_pool *read_pool; /* --db-read, or NULL */
	uint64_t reads_replica;    /* reads sent to the read pool */
	uint64_t reads_primary;    /* reads kept on the primary with one */
	struct audit_sealer *sealer;
	struct evconnlistener *listener;
	struct evhttp *admin;
	struct evhttp_bound_socket *admin_handle;
	struct event *ev_sigterm;
	struct event *ev_sigint;
	struct event *ev_sighup;
	struct event *ev_drain;
	struct event *ev_exit_check; /* draining: wait for the pool to settle */
	struct event *ev_accept;     /* accepting again in the next turn */
	int accepted;                /* in this turn */
	TAILQ_HEAD(session_list, session) sessions;
	int nsessions;
	TAILQ_HEAD(session_unauth, session) unauth; /* oldest first */
	int nunauth;
	int nopen;     /* sessions holding a socket */
	size_t output; /* bytes queued for all peers */
	SSL_CTX *tls;  /* NULL: plaintext */
	struct peer_table *peers;
	struct auth_cache *auth_cache;
	struct event *ev_recheck;
	uint64_t recheck_gen;
	bool recheck_busy;
	uint64_t next_session_id;
	bool draining;
	bool stopping; /* the loop has ended: the pools are being freed */
	int exit_code;
	struct metrics metrics;
	struct daemon_stats stats;
};

/* Seconds of the monotonic clock (limits and their windows). */
long daemon_now(void);

/* Run `ansinhd serve` with the given configuration; returns the exit code. */
/* "HOST:PORT", "[V6]:PORT" or ":PORT" (every interface) into ss; false
 * when it is none of them. */
bool daemon_parse_addr(const char *text, struct sockaddr_storage *ss,
                       int *sslen);

int daemon_run(const struct daemon_config *cfg);

/* The admin listener (--admin-listen) and its handlers (daemon_admin.c). */
bool daemon_admin_start(struct daemon *d);

/* A session has closed: the daemon may now be done draining. */
void daemon_session_gone(struct daemon *d);

/* A job of the daemon's own (a seal, a re-check) finished: while draining,
 * the daemon checks shortly whether the pool has settled and it may exit. */
void daemon_job_done(struct daemon *d);

#endif
