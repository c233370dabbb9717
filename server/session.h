/*
 * session.h — one client connection.
 *
 * A session is a state machine; session_set_state is the only place the
 * state changes: it refuses (aborts on) a change the diagram does not allow,
 * and logs every change.
 *
 *   TLS --TLS up--> HANDSHAKE --Hello--> AUTHENTICATING --token ok--> READY
 *   (TLS port)      (plaintext starts here)                             |
 *                                                   SIGTERM --> DRAINING
 *
 *   any of those --error, refusal, timeout--> CLOSING --flushed, FIN-->
 *   LINGERING --peer's FIN or 2 s--> CLOSED; and any state --peer gone,
 *   evicted, output limit--> CLOSED at once.
 *
 * TLS, HANDSHAKE and AUTHENTICATING are "not authenticated": they count
 * against the pre-authentication limits (--max-unauth,
 * --max-unauth-per-addr), and when the daemon is full the oldest of them are
 * closed first, so that an authenticated session is never refused for them.
 *
 * Work is never done from inside another callback: answers go out through
 * the bufferevent, and taking the next frames, draining and freeing happen
 * in the session's own deferred event (session_wake). Requests in flight
 * hold a reference; the session is freed once it is CLOSED and no request
 * holds it.
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
struct peer;
struct request;
struct evbuffer_cb_entry;

enum session_state {
	SESSION_TLS,            /* TLS port: first byte, then the handshake */
	SESSION_HANDSHAKE,      /* waiting for Hello */
	SESSION_AUTHENTICATING, /* Hello's token being checked; not reading */
	SESSION_READY,
	SESSION_DRAINING,  /* SIGTERM: new frames are answered UNAVAILABLE */
	SESSION_CLOSING,   /* flushing what was sent; nothing more is sent */
	SESSION_LINGERING, /* FIN sent: input discarded until the peer's FIN */
	SESSION_CLOSED,    /* socket released */
};

/* Why a session is not read (back-pressure). */
enum session_pause {
	SESSION_PAUSE_NONE,
	SESSION_PAUSE_OUTPUT,   /* --output-pause */
	SESSION_PAUSE_INFLIGHT, /* --max-inflight */
	SESSION_PAUSE_READS,    /* --max-session-reads */
};

struct session {
	TAILQ_ENTRY(session) entry;  /* d->sessions */
	TAILQ_ENTRY(session) unauth; /* d->unauth while not authenticated */
	struct daemon *d;
	uint64_t id;
	char peer[64];
	struct peer *addr; /* the peer address's record (held) */
	enum session_state state;
	evutil_socket_t fd;      /* TLS port: the socket before its bev */
	struct event *ev_sniff;  /* TLS port: waiting for the first byte */
	struct bufferevent *bev; /* NULL before that and once released */
	struct evbuffer_cb_entry *out_cb;
	struct event *deadline;   /* handshake, partial frame, delay, linger */
	struct event *ev_process; /* deferred work (session_wake) */
	struct db_share *share;   /* this session's part of the pool */
	struct db_share *read_share; /* and of the read pool (--db-read) */
	bool wrote;     /* a write was submitted: its reads go to the primary */
	int inflight;   /* requests holding this session */
	size_t output;  /* bytes queued for the peer */
	bool got_bytes; /* HANDSHAKE: part of a Hello arrived */
	enum session_pause paused; /* reading stopped by a limit */
	bool tls;                  /* the connection is TLS */
	/* Refused before it started (address refused, daemon full): answered
	 * once the transport is up, then closed. */
	int refuse_code;
	const char *refuse_why;
	char refuse_text[160];
	/* A refused Hello waits here for its delay (--auth-delay). */
	struct request *hello;
	char hello_why[256];
	char cert_name[64]; /* common name of the client's certificate */
	/* Identity, set by a successful Hello. */
	int role;     /* ANSINH__V1__ROLE__* */
	char ward[8]; /* ward tokens only */
	/* The ward codes a ward token's unit holds ("CG,HK,…,TH"): its own
	 * and those merged into it, as of the Hello. */
	char covers[256];
	char token_id[UUID_STR_SIZE];
	char token_name[128];
	uint8_t token_sha[32]; /* SHA-256 of the token */
	char token_hash[65];   /* the same in hex */
	uint64_t recheck;      /* the revocation re-check it is part of */
};

/*
 * A session for an accepted socket (taken over; closed on failure, then
 * NULL), in state (SESSION_TLS or SESSION_HANDSHAKE), counted as
 * unauthenticated, its handshake deadline running. Admitting it (admit.c)
 * is the caller's part.
 */
struct session *session_new(struct daemon *d, evutil_socket_t fd,
                            const struct sockaddr *sa,
                            enum session_state state);
/* The bufferevent (owned by the session from now on) takes over the
 * socket. */
void session_attach(struct session *s, struct bufferevent *bev);
/* Plaintext accepted, or the TLS handshake done: Hello may come — unless
 * the connection was refused before it started (then it is told why and
 * closed). */
void session_transport_up(struct session *s);
void session_arm_deadline(struct session *s, long seconds);

/* The only place the state changes (see the diagram). */
void session_set_state(struct session *s, enum session_state state);

/* Not authenticated yet (TLS, HANDSHAKE, AUTHENTICATING). */
bool session_unauthenticated(const struct session *s);

/* Send a response. Dropped when the session no longer sends (closing) or
 * the peer is gone. May close the session (--output-limit). */
void session_send(struct session *s, const Ansinh__V1__Response *resp);

/* An error answer outside any request (framing, handshake, refusals);
 * close: then close once it is flushed. */
void session_reject(struct session *s, uint64_t seq, int code,
                    const char *field, const char *reason, bool close);

/* A request of this session has been answered: release its hold. */
void session_request_done(struct session *s);

/* Run the session's deferred work soon: take the next frames, finish
 * draining, or free it. */
void session_wake(struct session *s);

/* SIGTERM: keep reading (answering UNAVAILABLE), finish what is in flight,
 * then close. */
void session_drain(struct session *s);

/* Close after flushing what was sent (error, timeout, shutdown). */
void session_close(struct session *s, const char *reason);

/* Close now, dropping unsent output. */
void session_abort(struct session *s, const char *reason);
/* The same, and drop what the kernel still holds for the peer (RST): for a
 * peer that does not read, a FIN would wait behind megabytes forever
 * (evicted, output limits). */
void session_reset(struct session *s, const char *reason);

const char *session_role_name(const struct session *s);

/* The daemon stops without draining (second signal, --drain-timeout), after
 * the pool has answered every request: free the session now. */
void session_discard(struct session *s);

#endif
