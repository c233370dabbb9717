/*
 * conn.h — one connection to the daemon: TCP connect with a deadline, the
 * Hello handshake, then Request frames out and Response frames in, matched by
 * seq.
 *
 * The API is ready for pipelining: conn_send any number of requests, then
 * conn_receive each by its seq in any order; replies that arrive for another
 * seq are kept until asked for. conn_call is send + receive for one request.
 *
 * Every wait (connect, write, read) is bounded by one deadline, set by
 * conn_new and moved by conn_set_timeout. The socket is non-blocking and
 * every wait is a poll(2), so a stuck daemon cannot hang the client.
 *
 * A reply whose seq is 0 is the daemon's word about the whole connection
 * (e.g. a frame it refused) just before it closes: conn_receive hands it back
 * as the answer to whatever is being waited for.
 *
 * Transport: plaintext, or TLS (1.2 or newer) verifying the daemon's
 * certificate against the CA file (or the system's CAs) and its host name
 * (or IP address) against the one connected to, optionally showing the
 * office's own certificate. Without TLS the connection is refused before
 * anything is sent unless the daemon's address is a loopback one (or
 * `insecure` says the network is trusted): the token must never cross a
 * network in plaintext. A daemon that answers TLS with plaintext, or
 * plaintext with TLS, is named as such.
 */
#ifndef ANSINH_CONN_H
#define ANSINH_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ansinh.pb-c.h"

/* Longest reply accepted; longer is a protocol error. */
#define CONN_MAX_REPLY (64u * 1024u * 1024u)

enum conn_state {
	CONN_IDLE,       /* created, not connected */
	CONN_CONNECTING, /* TCP connect in progress */
	CONN_HANDSHAKE,  /* connected, Hello not yet accepted */
	CONN_READY,      /* Hello accepted: requests may flow */
	CONN_CLOSED,     /* failed or finished: nothing more is sent */
};

enum conn_result {
	CONN_OK,
	CONN_UNAVAILABLE, /* cannot connect, dropped, timed out; the daemon's
	                     certificate refused: nothing was sent */
	CONN_PROTOCOL,    /* a reply that is not a valid frame or Response */
	CONN_INSECURE,    /* plaintext beyond loopback: nothing was sent */
};

struct conn_tls {
	bool enabled;
	const char *ca_file;   /* NULL: the system's CAs */
	const char *cert_file; /* the office's certificate, or NULL */
	const char *key_file;  /* NULL: in cert_file */
	bool insecure;         /* plaintext may leave this machine */
};

struct conn;

/*
 * A new connection to host:port (both copied), not yet connected, with the
 * transport tls says (its strings copied). The deadline is now + timeout_ms.
 * debug logs state changes on stderr. Freed with conn_free.
 */
struct conn *conn_new(const char *host, const char *port, int timeout_ms,
                      const struct conn_tls *tls, bool debug);
void conn_free(struct conn *c);

/* Move the deadline to now + timeout_ms. */
void conn_set_timeout(struct conn *c, int timeout_ms);

enum conn_state conn_state(const struct conn *c);

/*
 * Each of the following returns CONN_OK, or another result with a message in
 * *cause that the caller frees ("Connection refused", "timed out after 10 s",
 * "reply of 70000000 bytes is over the limit"). After a failure the
 * connection is CONN_CLOSED.
 */

/* Resolve, connect, and with TLS do its handshake (IDLE -> HANDSHAKE). */
enum conn_result conn_connect(struct conn *c, char **cause)
    __attribute__((warn_unused_result));

/*
 * Send Hello{protocol_version, token, client_name} and wait for its reply.
 * On CONN_OK, *resp is the reply whatever its status (the caller frees it
 * with ansinh__v1__response__free_unpacked(*resp, NULL)); the connection is
 * READY when the status is OK, CLOSED otherwise.
 */
enum conn_result conn_hello(struct conn *c, const char *token,
                            Ansinh__V1__Response **resp, char **cause)
    __attribute__((warn_unused_result));

/*
 * Send one request (READY only). Sets req->seq to the next number; the
 * caller keeps ownership of req and may free it on return.
 */
enum conn_result conn_send(struct conn *c, Ansinh__V1__Request *req,
                           char **cause) __attribute__((warn_unused_result));

/* Wait for the reply to seq; *resp as for conn_hello. */
enum conn_result conn_receive(struct conn *c, uint64_t seq,
                              Ansinh__V1__Response **resp, char **cause)
    __attribute__((warn_unused_result));

/* conn_send then conn_receive. */
enum conn_result conn_call(struct conn *c, Ansinh__V1__Request *req,
                           Ansinh__V1__Response **resp, char **cause)
    __attribute__((warn_unused_result));

/* Requests sent whose reply has not been handed out yet. */
size_t conn_outstanding(const struct conn *c);

/* Milliseconds of the monotonic clock: deadlines of the client. */
int64_t conn_clock_ms(void);

#endif
