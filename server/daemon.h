/*
 * daemon.h — the serving process: one libevent loop, the listener, the
 * sessions, the database pool, signals and metrics.
 */
#ifndef ANSINH_DAEMON_H
#define ANSINH_DAEMON_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>

#include <event2/event.h>

#include "db.h"
#include "metrics.h"

struct audit_sealer;
struct session;

struct daemon_config {
	const char *listen;       /* HOST:PORT */
	const char *admin_listen; /* HOST:PORT for /healthz /readyz /metrics, ""
	                             = off */
	const char *db;           /* conninfo; "" = PG* variables */
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
};

struct daemon {
	struct event_base *base;
	struct daemon_config cfg;
	struct db_pool *pool;
	struct audit_sealer *sealer;
	struct evconnlistener *listener;
	struct evhttp *admin;
	struct evhttp_bound_socket *admin_handle;
	struct event *ev_sigterm;
	struct event *ev_sigint;
	struct event *ev_drain;
	struct event *ev_exit_check; /* draining: wait for the pool to settle */
	TAILQ_HEAD(session_list, session) sessions;
	int nsessions;
	uint64_t next_session_id;
	bool draining;
	int exit_code;
	struct metrics metrics;
};

/* Run `ansinhd serve` with the given configuration; returns the exit code. */
int daemon_run(const struct daemon_config *cfg);

/* A session has closed: the daemon may now be done draining. */
void daemon_session_gone(struct daemon *d);

#endif
