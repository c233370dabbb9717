/*
 * session.h — one client connection.
 *
 * A session is a state machine; session_set_state is the only place the
 * state changes, and it logs every change:
 *
 *   HANDSHAKE ──Hello──▶ AUTHENTICATING ──token ok──▶ READY ──SIGTERM──▶
 * DRAINING │                      │                        │ │ └──────────────
 * error, timeout, EOF ────────────┴──────▶ CLOSING ◀───┘
 *
 * Requests in flight hold a reference; the session is freed when it is
 * closing, its output is flushed (or the peer is gone) and no request holds
 * it.
 */
#ifndef ANSINH_SESSION_H
#define ANSINH_SESSION_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>
#include <sys/socket.h>

#include <event2/bufferevent.h>

#include "ansinh.pb-c.h"
#include "uuid.h"

struct daemon;

enum session_state {
	SESSION_HANDSHAKE,
	SESSION_AUTHENTICATING,
	SESSION_READY,
	SESSION_DRAINING,
	SESSION_CLOSING,
};

struct session {
	TAILQ_ENTRY(session) entry;
	struct daemon *d;
	uint64_t id;
	char peer[64];
	enum session_state state;
	struct bufferevent *bev; /* NULL once the socket is closed */
	struct event *deadline;  /* handshake, or a partially received frame */
	int inflight;            /* requests holding this session */
	bool processing;         /* inside session_process */
	bool lingering;          /* closing: FIN sent, waiting for the peer's */
	/* Identity, set by a successful Hello. */
	int role;     /* ANSINH__V1__ROLE__* */
	char ward[8]; /* ward tokens only */
	char token_id[UUID_STR_SIZE];
	char token_name[128];
};

/* Take over an accepted socket. */
void session_accept(struct daemon *d, evutil_socket_t fd,
                    const struct sockaddr *sa, int salen);

/* Send a response. Drops it silently when the peer is gone. */
void session_send(struct session *s, const Ansinh__V1__Response *resp);

/* A request of this session has been answered: release its hold. */
void session_request_done(struct session *s);

/* SIGTERM: stop reading, finish what is in flight, then close. */
void session_drain(struct session *s);

/* Close now (error, timeout, shutdown). */
void session_close(struct session *s, const char *reason);

const char *session_role_name(const struct session *s);

#endif
