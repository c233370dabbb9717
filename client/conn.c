/*
 * conn.c — the client end of one daemon connection.
 *
 * A small state machine (enum conn_state, changed only by conn_set_state,
 * which logs when ANSINH_DEBUG is set) over a non-blocking TCP socket, with
 * OpenSSL on it for TLS (SSL_read and SSL_write on the same socket, every
 * wait a poll(2) bounded by the deadline). Bytes in are kept in one buffer
 * and cut into frames by frame_peek; decoded replies that nobody is waiting
 * for yet are stashed by seq.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "ansinh.h"
#include "conn.h"
#include "frame.h"
#include "xmalloc.h"

/* Bytes asked of read(2) at a time. */
#define CONN_READ_CHUNK (64 * 1024)
/* Longest request we send: the daemon's default limit. */
#define CONN_MAX_REQUEST FRAME_DEFAULT_MAX
/* TLS record content types (20..23): what a TLS daemon's first byte is. */
#define CONN_TLS_TYPE_MIN 20
#define CONN_TLS_TYPE_MAX 23

struct conn {
	char *host; /* owned */
	char *port; /* owned */
	int fd;     /* -1 when closed */
	enum conn_state state;
	bool debug;
	bool eof; /* the daemon closed its end */
	int timeout_ms;
	int64_t deadline; /* CLOCK_MONOTONIC milliseconds */
	uint64_t next_seq;

	uint64_t *outstanding; /* owned; seqs sent, reply not handed out */
	size_t noutstanding;
	size_t outstanding_cap;

	Ansinh__V1__Response **stash; /* owned; replies not asked for yet */
	size_t nstash;
	size_t stash_cap;

	uint8_t *in; /* owned; bytes received, not yet a whole frame */
	size_t in_len;
	size_t in_cap;

	struct conn_tls tls; /* its strings owned */
	SSL_CTX *ssl_ctx;    /* owned, TLS only */
	SSL *ssl;            /* owned, TLS only */
	bool tls_seen;       /* a TLS record came from the daemon */
};

static const char *conn_state_name(enum conn_state state);
static void conn_set_state(struct conn *c, enum conn_state state);
static enum conn_result conn_fail(struct conn *c, enum conn_result result,
                                  char **cause, char *msg);
static enum conn_result conn_wait(struct conn *c, short events, short *revents,
                                  char **cause);
static enum conn_result conn_write(struct conn *c, const uint8_t *buf,
                                   size_t len, char **cause);
static enum conn_result conn_fill(struct conn *c, char **cause);
static enum conn_result conn_send_frame(struct conn *c,
                                        Ansinh__V1__Request *req, char **cause);
static int conn_next_frame(struct conn *c, Ansinh__V1__Response **resp,
                           char **cause);
static bool conn_is_outstanding(const struct conn *c, uint64_t seq);
static void conn_forget(struct conn *c, uint64_t seq);
static const char *conn_body_name(const ProtobufCMessageDescriptor *desc,
                                  uint32_t number);
static bool conn_loopback(const struct sockaddr *sa);
static enum conn_result conn_tls_prepare(struct conn *c, char **cause);
static enum conn_result conn_tls_start(struct conn *c, char **cause);
static enum conn_result conn_tls_fail(struct conn *c, const char *during,
                                      char **cause);
static enum conn_result conn_not_tls(struct conn *c, char **cause);
static char *conn_xstrdup_or_null(const char *s);
static void conn_sigpipe_block(sigset_t *old, bool *was_pending);
static void conn_sigpipe_restore(const sigset_t *old, bool was_pending);
static void conn_close_socket(struct conn *c);
static const char *conn_ssl_reason(const char *dflt);

/*
 * OpenSSL writes to the socket with write(2): a daemon gone away would kill
 * the client with SIGPIPE. Around each OpenSSL call that may write, SIGPIPE
 * is blocked, and one it raised is taken back before it is unblocked (as
 * libpq does), so the call fails with EPIPE instead.
 */
static void
conn_sigpipe_block(sigset_t *old, bool *was_pending)
{
	sigset_t set, pending;

	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	sigprocmask(SIG_BLOCK, &set, old);
	sigpending(&pending);
	*was_pending = sigismember(&pending, SIGPIPE) == 1;
}

static void
conn_sigpipe_restore(const sigset_t *old, bool was_pending)
{
	sigset_t set, pending;
	struct timespec zero = {0, 0};
	int saved = errno; /* what the OpenSSL call left */

	sigpending(&pending);
	if (!was_pending && sigismember(&pending, SIGPIPE) == 1) {
		sigemptyset(&set);
		sigaddset(&set, SIGPIPE);
		(void)sigtimedwait(&set, NULL, &zero);
	}
	sigprocmask(SIG_SETMASK, old, NULL);
	errno = saved;
}

static char *
conn_xstrdup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

struct conn *
conn_new(const char *host, const char *port, int timeout_ms,
         const struct conn_tls *tls, bool debug)
{
	struct conn *c;

	c = xcalloc(1, sizeof *c);
	c->host = xstrdup(host);
	c->port = xstrdup(port);
	if (tls != NULL) {
		c->tls.enabled = tls->enabled;
		c->tls.insecure = tls->insecure;
		c->tls.ca_file = conn_xstrdup_or_null(tls->ca_file);
		c->tls.cert_file = conn_xstrdup_or_null(tls->cert_file);
		c->tls.key_file = conn_xstrdup_or_null(tls->key_file);
	}
	c->fd = -1;
	c->state = CONN_IDLE;
	c->debug = debug;
	c->next_seq = 1;
	conn_set_timeout(c, timeout_ms);
	return c;
}

void
conn_free(struct conn *c)
{
	size_t i;

	if (c == NULL)
		return;
	conn_close_socket(c);
	SSL_free(c->ssl);
	SSL_CTX_free(c->ssl_ctx);
	free((char *)c->tls.ca_file);
	free((char *)c->tls.cert_file);
	free((char *)c->tls.key_file);
	for (i = 0; i < c->nstash; i++)
		ansinh__v1__response__free_unpacked(c->stash[i], NULL);
	free(c->stash);
	free(c->outstanding);
	free(c->in);
	free(c->host);
	free(c->port);
	free(c);
}

void
conn_set_timeout(struct conn *c, int timeout_ms)
{
	c->timeout_ms = timeout_ms;
	c->deadline = conn_clock_ms() + timeout_ms;
}

enum conn_state
conn_state(const struct conn *c)
{
	return c->state;
}

size_t
conn_outstanding(const struct conn *c)
{
	return c->noutstanding;
}

enum conn_result
conn_connect(struct conn *c, char **cause)
{
	struct addrinfo hints, *res, *ai;
	enum conn_result r;
	socklen_t len;
	short revents;
	int fd, err = ECONNREFUSED, gai, one = 1;
	char refused[INET6_ADDRSTRLEN] = "";
	bool tried = false;

	if (c->state != CONN_IDLE)
		return conn_fail(c, CONN_UNAVAILABLE, cause,
		                 xstrdup("connection already used"));
	conn_set_state(c, CONN_CONNECTING);
	/* The TLS context first, so that the ClientHello goes out as soon as
	 * the connection is up (a daemon under a flood of silent
	 * connections closes the silent ones first). */
	if (c->tls.enabled) {
		r = conn_tls_prepare(c, cause);
		if (r != CONN_OK)
			return r;
	}
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	gai = getaddrinfo(c->host, c->port, &hints, &res);
	if (gai != 0)
		return conn_fail(c, CONN_UNAVAILABLE, cause,
		                 xstrdup(gai == EAI_SYSTEM
		                             ? strerror(errno)
		                             : gai_strerror(gai)));
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if (!c->tls.enabled && !c->tls.insecure &&
		    !conn_loopback(ai->ai_addr)) {
			/* The token would cross a network in plaintext. */
			const void *a =
			    ai->ai_family == AF_INET6
			        ? (const void *)&(
			              (const struct sockaddr_in6 *)ai->ai_addr)
			              ->sin6_addr
			        : (const void *)&(
			              (const struct sockaddr_in *)ai->ai_addr)
			              ->sin_addr;
			inet_ntop(ai->ai_family, a, refused, sizeof refused);
			continue;
		}
		tried = true;
		fd = socket(ai->ai_family,
		            ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
		            ai->ai_protocol);
		if (fd == -1) {
			err = errno;
			continue;
		}
		c->fd = fd;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		if (errno != EINPROGRESS) {
			err = errno;
			close(fd);
			c->fd = -1;
			continue;
		}
		r = conn_wait(c, POLLOUT, &revents, cause);
		if (r != CONN_OK) {
			freeaddrinfo(res);
			return r;
		}
		len = sizeof err;
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1)
			err = errno;
		if (err == 0)
			break;
		close(fd);
		c->fd = -1;
	}
	freeaddrinfo(res);
	if (c->fd == -1 && !tried && refused[0] != '\0')
		return conn_fail(
		    c, CONN_INSECURE, cause,
		    xasprintf("refusing to send the token without TLS to %s, "
		              "which is not this machine: use --tls (with --ca "
		              "FILE), or --insecure on a network you trust",
		              refused));
	if (c->fd == -1)
		return conn_fail(c, CONN_UNAVAILABLE, cause,
		                 xstrdup(strerror(err)));
	/* Small request, small reply: do not wait for Nagle. */
	(void)setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (c->tls.enabled) {
		r = conn_tls_start(c, cause);
		if (r != CONN_OK)
			return r;
	}
	conn_set_state(c, CONN_HANDSHAKE);
	return CONN_OK;
}

/* 127.0.0.0/8, ::1 and ::ffff:127.0.0.0/104. */
static bool
conn_loopback(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
		return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
	}
	if (sa->sa_family == AF_INET6) {
		const struct in6_addr *a =
		    &((const struct sockaddr_in6 *)sa)->sin6_addr;
		return IN6_IS_ADDR_LOOPBACK(a) ||
		       (IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127);
	}
	return false;
}

/* The TLS context: the CAs to trust, the office's certificate. */
static enum conn_result
conn_tls_prepare(struct conn *c, char **cause)
{
	const char *key =
	    c->tls.key_file != NULL ? c->tls.key_file : c->tls.cert_file;

	ERR_clear_error();
	c->ssl_ctx = SSL_CTX_new(TLS_client_method());
	if (c->ssl_ctx == NULL)
		return conn_fail(c, CONN_UNAVAILABLE, cause,
		                 xstrdup("cannot create a TLS context"));
	SSL_CTX_set_min_proto_version(c->ssl_ctx, TLS1_2_VERSION);
	SSL_CTX_set_options(c->ssl_ctx, SSL_OP_NO_COMPRESSION |
	                                    SSL_OP_NO_RENEGOTIATION |
	                                    SSL_OP_IGNORE_UNEXPECTED_EOF);
	SSL_CTX_set_verify(c->ssl_ctx, SSL_VERIFY_PEER, NULL);
	if (c->tls.ca_file != NULL
	        ? SSL_CTX_load_verify_locations(c->ssl_ctx, c->tls.ca_file,
	                                        NULL) != 1
	        : SSL_CTX_set_default_verify_paths(c->ssl_ctx) != 1)
		return conn_fail(c, CONN_INSECURE, cause,
		                 xasprintf("--ca %s: %s",
		                           c->tls.ca_file != NULL
		                               ? c->tls.ca_file
		                               : "(system)",
		                           conn_ssl_reason("cannot be read")));
	if (c->tls.cert_file != NULL && SSL_CTX_use_certificate_chain_file(
	                                    c->ssl_ctx, c->tls.cert_file) != 1)
		return conn_fail(c, CONN_INSECURE, cause,
		                 xasprintf("--cert %s: %s", c->tls.cert_file,
		                           conn_ssl_reason("cannot be read")));
	if (c->tls.cert_file != NULL &&
	    (SSL_CTX_use_PrivateKey_file(c->ssl_ctx, key, SSL_FILETYPE_PEM) !=
	         1 ||
	     SSL_CTX_check_private_key(c->ssl_ctx) != 1))
		return conn_fail(
		    c, CONN_INSECURE, cause,
		    xasprintf("--key %s: %s", key,
		              conn_ssl_reason("does not belong to --cert")));
	return CONN_OK;
}

/*
 * The TLS handshake on the connected socket: the daemon's certificate must
 * come from the CA file (or the system's CAs) and name the host (or the IP
 * address) we connected to. A daemon answering in plaintext is named as
 * such, not as a TLS error.
 */
static enum conn_result
conn_tls_start(struct conn *c, char **cause)
{
	unsigned char addr[sizeof(struct in6_addr)];
	enum conn_result r;
	short revents;

	c->ssl = SSL_new(c->ssl_ctx);
	if (c->ssl == NULL || SSL_set_fd(c->ssl, c->fd) != 1)
		return conn_fail(c, CONN_UNAVAILABLE, cause,
		                 xstrdup("cannot start TLS"));
	SSL_set_mode(c->ssl, SSL_MODE_ENABLE_PARTIAL_WRITE |
	                         SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	if (inet_pton(AF_INET, c->host, addr) == 1 ||
	    inet_pton(AF_INET6, c->host, addr) == 1) {
		X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(c->ssl), c->host);
	} else {
		SSL_set_tlsext_host_name(c->ssl, c->host);
		SSL_set1_host(c->ssl, c->host);
	}
	for (;;) {
		sigset_t mask;
		bool pending;
		ERR_clear_error();
		conn_sigpipe_block(&mask, &pending);
		int n = SSL_connect(c->ssl);
		conn_sigpipe_restore(&mask, pending);
		if (n == 1)
			break;
		int e = SSL_get_error(c->ssl, n);
		if (e == SSL_ERROR_WANT_WRITE) {
			r = conn_wait(c, POLLOUT, &revents, cause);
			if (r != CONN_OK)
				return r;
			continue;
		}
		if (e != SSL_ERROR_WANT_READ)
			return conn_tls_fail(c, "during the TLS handshake",
			                     cause);
		r = conn_wait(c, POLLIN, &revents, cause);
		if (r != CONN_OK)
			return r;
		if (!c->tls_seen) {
			unsigned char first;
			if (recv(c->fd, &first, 1, MSG_PEEK) == 1) {
				if (first < CONN_TLS_TYPE_MIN ||
				    first > CONN_TLS_TYPE_MAX)
					return conn_not_tls(c, cause);
				c->tls_seen = true;
			}
		}
	}
	if (c->debug) {
		const SSL_CIPHER *ci = SSL_get_current_cipher(c->ssl);
		fprintf(stderr,
		        "level=debug msg=\"tls established\" peer=%s:%s "
		        "tls=\"%s %s\"\n",
		        c->host, c->port, SSL_get_version(c->ssl),
		        ci != NULL ? SSL_CIPHER_get_name(ci) : "?");
	}
	return CONN_OK;
}

/* The daemon answered the ClientHello in plaintext. */
static enum conn_result
conn_not_tls(struct conn *c, char **cause)
{
	return conn_fail(
	    c, CONN_PROTOCOL, cause,
	    xasprintf("the daemon at %s:%s answered in plaintext, "
	              "not TLS: it does not speak TLS on this port "
	              "(leave out --tls, or check --server)",
	              c->host, c->port));
}

/* A TLS failure, said as precisely as OpenSSL lets us: the daemon's
 * certificate refused (and why), an alert from the daemon, or a close. */
static enum conn_result
conn_tls_fail(struct conn *c, const char *during, char **cause)
{
	long v = c->ssl != NULL ? SSL_get_verify_result(c->ssl) : X509_V_OK;
	unsigned long e = ERR_peek_last_error();
	const char *reason = e != 0 ? ERR_reason_error_string(e) : NULL;
	const char *hint = "";

	if (v != X509_V_OK)
		return conn_fail(
		    c, CONN_UNAVAILABLE, cause,
		    xasprintf("the daemon's certificate was refused: %s "
		              "(checked against %s, for %s); nothing was sent",
		              X509_verify_cert_error_string(v),
		              c->tls.ca_file != NULL ? c->tls.ca_file
		                                     : "the system's CAs",
		              c->host));
	if (reason == NULL)
		return conn_fail(
		    c, CONN_UNAVAILABLE, cause,
		    xasprintf("the daemon closed the connection %s", during));
	/* A plaintext answer read as a TLS record (when it came before we
	 * could look at it). */
	if (strstr(reason, "wrong version number") != NULL ||
	    strstr(reason, "packet length too long") != NULL)
		return conn_not_tls(c, cause);
	if (strstr(reason, "certificate required") != NULL)
		hint = ": the daemon wants this office's certificate (--cert "
		       "FILE --key FILE)";
	else if (strstr(reason, "unknown ca") != NULL ||
	         strstr(reason, "bad certificate") != NULL ||
	         strstr(reason, "certificate unknown") != NULL)
		hint = ": the daemon did not accept this office's certificate";
	return conn_fail(
	    c, CONN_UNAVAILABLE, cause,
	    xasprintf("TLS failed %s: %s%s", during, reason, hint));
}

enum conn_result
conn_hello(struct conn *c, const char *token, Ansinh__V1__Response **resp,
           char **cause)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__Hello hello = ANSINH__V1__HELLO__INIT;
	enum conn_result r;

	if (c->state != CONN_HANDSHAKE)
		return conn_fail(c, CONN_UNAVAILABLE, cause,
		                 xasprintf("cannot say hello in state %s",
		                           conn_state_name(c->state)));
	hello.protocol_version = ANSINH_PROTOCOL_VERSION;
	hello.token = (char *)token;
	hello.client_name = (char *)ANSINH_CLIENT_NAME;
	req.body_case = ANSINH__V1__REQUEST__BODY_HELLO;
	req.hello = &hello;
	r = conn_send_frame(c, &req, cause);
	if (r != CONN_OK)
		return r;
	r = conn_receive(c, req.seq, resp, cause);
	if (r != CONN_OK)
		return r;
	if ((*resp)->status == NULL ||
	    (*resp)->status->code == ANSINH__V1__CODE__OK)
		conn_set_state(c, CONN_READY);
	else
		conn_set_state(c, CONN_CLOSED);
	return CONN_OK;
}

enum conn_result
conn_send(struct conn *c, Ansinh__V1__Request *req, char **cause)
{
	if (c->state != CONN_READY)
		return conn_fail(c, CONN_UNAVAILABLE, cause,
		                 xasprintf("cannot send in state %s",
		                           conn_state_name(c->state)));
	return conn_send_frame(c, req, cause);
}

enum conn_result
conn_receive(struct conn *c, uint64_t seq, Ansinh__V1__Response **resp,
             char **cause)
{
	Ansinh__V1__Response *r;
	enum conn_result result;
	short revents;
	size_t i;
	int got;

	if (!conn_is_outstanding(c, seq))
		return conn_fail(
		    c, CONN_PROTOCOL, cause,
		    xasprintf("no request with seq %llu is waiting",
		              (unsigned long long)seq));
	for (i = 0; i < c->nstash; i++) {
		if (c->stash[i]->seq == seq) {
			*resp = c->stash[i];
			c->stash[i] = c->stash[--c->nstash];
			conn_forget(c, seq);
			return CONN_OK;
		}
	}
	for (;;) {
		while ((got = conn_next_frame(c, &r, cause)) == 1) {
			if (r->seq == seq || r->seq == 0) {
				*resp = r;
				conn_forget(c, seq);
				return CONN_OK;
			}
			if (!conn_is_outstanding(c, r->seq)) {
				result = conn_fail(
				    c, CONN_PROTOCOL, cause,
				    xasprintf("reply for seq %llu, which is "
				              "not waiting",
				              (unsigned long long)r->seq));
				ansinh__v1__response__free_unpacked(r, NULL);
				return result;
			}
			if (c->nstash == c->stash_cap) {
				c->stash_cap =
				    c->stash_cap == 0 ? 8 : c->stash_cap * 2;
				c->stash = xreallocarray(c->stash, c->stash_cap,
				                         sizeof *c->stash);
			}
			c->stash[c->nstash++] = r;
		}
		if (got == -1)
			return CONN_PROTOCOL;
		if (c->eof)
			return conn_fail(
			    c, CONN_UNAVAILABLE, cause,
			    xstrdup(c->in_len > 0
			                ? "connection closed by the daemon in "
			                  "the middle "
			                  "of a reply"
			                : "connection closed by the daemon"));
		result = conn_wait(c, POLLIN, &revents, cause);
		if (result != CONN_OK)
			return result;
		result = conn_fill(c, cause);
		if (result != CONN_OK)
			return result;
	}
}

enum conn_result
conn_call(struct conn *c, Ansinh__V1__Request *req, Ansinh__V1__Response **resp,
          char **cause)
{
	enum conn_result r;

	r = conn_send(c, req, cause);
	if (r != CONN_OK)
		return r;
	return conn_receive(c, req->seq, resp, cause);
}

/* ---------------------------------------------------------------- helpers */

static const char *
conn_state_name(enum conn_state state)
{
	switch (state) {
	case CONN_IDLE:
		return "idle";
	case CONN_CONNECTING:
		return "connecting";
	case CONN_HANDSHAKE:
		return "handshake";
	case CONN_READY:
		return "ready";
	case CONN_CLOSED:
		return "closed";
	}
	return "?";
}

/* The one place the state changes. Entering CLOSED closes the socket. */
static void
conn_set_state(struct conn *c, enum conn_state state)
{
	if (c->debug)
		fprintf(stderr,
		        "level=debug msg=\"connection state\" "
		        "peer=%s:%s from=%s to=%s\n",
		        c->host, c->port, conn_state_name(c->state),
		        conn_state_name(state));
	c->state = state;
	if (state == CONN_CLOSED)
		conn_close_socket(c);
}

/* Close the socket (after TLS's close_notify), if open. */
static void
conn_close_socket(struct conn *c)
{
	if (c->fd == -1)
		return;
	if (c->ssl != NULL && SSL_is_init_finished(c->ssl)) {
		sigset_t mask;
		bool pending;
		conn_sigpipe_block(&mask, &pending);
		(void)SSL_shutdown(c->ssl);
		conn_sigpipe_restore(&mask, pending);
	}
	ERR_clear_error();
	close(c->fd);
	c->fd = -1;
}

/* The reason of OpenSSL's last error, or dflt. */
static const char *
conn_ssl_reason(const char *dflt)
{
	const char *r = ERR_reason_error_string(ERR_peek_last_error());
	return r != NULL ? r : dflt;
}

/* Close, hand msg (owned) to the caller as *cause, return result. */
static enum conn_result
conn_fail(struct conn *c, enum conn_result result, char **cause, char *msg)
{
	if (c->debug)
		fprintf(stderr,
		        "level=debug msg=\"connection failed\" "
		        "peer=%s:%s error=\"%s\"\n",
		        c->host, c->port, msg);
	conn_set_state(c, CONN_CLOSED);
	*cause = msg;
	return result;
}

int64_t
conn_clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait for events on the socket until the deadline. */
static enum conn_result
conn_wait(struct conn *c, short events, short *revents, char **cause)
{
	struct pollfd pfd;
	int64_t left;
	int n;

	if ((events & POLLIN) && c->ssl != NULL && SSL_pending(c->ssl) > 0) {
		*revents = POLLIN; /* already decrypted, waiting to be read */
		return CONN_OK;
	}
	for (;;) {
		left = c->deadline - conn_clock_ms();
		if (left <= 0)
			return conn_fail(c, CONN_UNAVAILABLE, cause,
			                 xasprintf("timed out after %g s",
			                           c->timeout_ms / 1000.0));
		pfd.fd = c->fd;
		pfd.events = events;
		pfd.revents = 0;
		n = poll(&pfd, 1, left > 60000 ? 60000 : (int)left);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return conn_fail(
			    c, CONN_UNAVAILABLE, cause,
			    xasprintf("poll: %s", strerror(errno)));
		if (n == 1) {
			*revents = pfd.revents;
			return CONN_OK;
		}
	}
}

/*
 * Write all of buf. While the socket is full, read what the daemon sends, so
 * that a long pipeline cannot deadlock with both sides writing.
 */
static enum conn_result
conn_write(struct conn *c, const uint8_t *buf, size_t len, char **cause)
{
	enum conn_result r;
	short revents;
	ssize_t n;

	while (len > 0) {
		if (c->ssl != NULL) {
			short want;
			sigset_t mask;
			bool pending;
			ERR_clear_error();
			conn_sigpipe_block(&mask, &pending);
			int w = SSL_write(c->ssl, buf,
			                  len > INT_MAX ? INT_MAX : (int)len);
			conn_sigpipe_restore(&mask, pending);
			if (w > 0) {
				buf += w;
				len -= (size_t)w;
				continue;
			}
			int e = SSL_get_error(c->ssl, w);
			if (e == SSL_ERROR_WANT_WRITE)
				want = c->eof ? POLLOUT : POLLOUT | POLLIN;
			else if (e == SSL_ERROR_WANT_READ)
				want = POLLIN;
			else if (e == SSL_ERROR_SYSCALL &&
			         ERR_peek_error() == 0)
				return conn_fail(
				    c, CONN_UNAVAILABLE, cause,
				    xasprintf("connection dropped: %s",
				              strerror(errno ? errno : EPIPE)));
			else
				return conn_tls_fail(c, "while sending", cause);
			r = conn_wait(c, want, &revents, cause);
			if (r != CONN_OK)
				return r;
			if ((revents & POLLIN) && !c->eof) {
				r = conn_fill(c, cause);
				if (r != CONN_OK)
					return r;
			}
			continue;
		}
		n = send(c->fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n > 0) {
			buf += n;
			len -= (size_t)n;
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno != EAGAIN && errno != EWOULDBLOCK)
			return conn_fail(c, CONN_UNAVAILABLE, cause,
			                 xasprintf("connection dropped: %s",
			                           strerror(errno)));
		r = conn_wait(c, c->eof ? POLLOUT : POLLOUT | POLLIN, &revents,
		              cause);
		if (r != CONN_OK)
			return r;
		if ((revents & POLLIN) && !c->eof) {
			r = conn_fill(c, cause);
			if (r != CONN_OK)
				return r;
		}
	}
	return CONN_OK;
}

/* Read what is there into the input buffer; EOF sets c->eof. */
static enum conn_result
conn_fill(struct conn *c, char **cause)
{
	ssize_t n;

	if (c->in_cap - c->in_len < CONN_READ_CHUNK) {
		c->in_cap = c->in_len + CONN_READ_CHUNK;
		c->in = xreallocarray(c->in, c->in_cap, 1);
	}
	if (c->ssl != NULL) {
		size_t room = c->in_cap - c->in_len;
		sigset_t mask;
		bool pending;
		ERR_clear_error();
		conn_sigpipe_block(&mask, &pending);
		int got = SSL_read(c->ssl, c->in + c->in_len,
		                   room > INT_MAX ? INT_MAX : (int)room);
		conn_sigpipe_restore(&mask, pending);
		if (got > 0) {
			c->in_len += (size_t)got;
			return CONN_OK;
		}
		switch (SSL_get_error(c->ssl, got)) {
		case SSL_ERROR_WANT_READ:
		case SSL_ERROR_WANT_WRITE:
			return CONN_OK;
		case SSL_ERROR_ZERO_RETURN:
			c->eof = true;
			return CONN_OK;
		case SSL_ERROR_SYSCALL:
			if (ERR_peek_error() == 0) {
				if (errno == 0) {
					c->eof = true;
					return CONN_OK;
				}
				return conn_fail(
				    c, CONN_UNAVAILABLE, cause,
				    xasprintf("connection dropped: %s",
				              strerror(errno)));
			}
			/* FALLTHROUGH */
		default:
			return conn_tls_fail(c, "while receiving", cause);
		}
	}
	for (;;) {
		n = read(c->fd, c->in + c->in_len, c->in_cap - c->in_len);
		if (n > 0) {
			c->in_len += (size_t)n;
			return CONN_OK;
		}
		if (n == 0) {
			c->eof = true;
			return CONN_OK;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return CONN_OK;
		return conn_fail(
		    c, CONN_UNAVAILABLE, cause,
		    xasprintf("connection dropped: %s", strerror(errno)));
	}
}

/* Number, pack and write one request, remembering its seq. */
static enum conn_result
conn_send_frame(struct conn *c, Ansinh__V1__Request *req, char **cause)
{
	enum conn_result r;
	uint8_t *frame;
	size_t len;

	req->seq = c->next_seq++;
	frame = frame_pack(&req->base, CONN_MAX_REQUEST, &len);
	if (frame == NULL)
		return conn_fail(c, CONN_PROTOCOL, cause,
		                 xasprintf("request too large (limit %u bytes)",
		                           (unsigned)CONN_MAX_REQUEST));
	if (c->debug)
		fprintf(stderr,
		        "level=debug msg=send peer=%s:%s seq=%llu "
		        "body=%s bytes=%zu\n",
		        c->host, c->port, (unsigned long long)req->seq,
		        conn_body_name(&ansinh__v1__request__descriptor,
		                       (uint32_t)req->body_case),
		        len);
	r = conn_write(c, frame, len, cause);
	free(frame);
	if (r != CONN_OK)
		return r;
	if (c->noutstanding == c->outstanding_cap) {
		c->outstanding_cap =
		    c->outstanding_cap == 0 ? 8 : c->outstanding_cap * 2;
		c->outstanding = xreallocarray(
		    c->outstanding, c->outstanding_cap, sizeof *c->outstanding);
	}
	c->outstanding[c->noutstanding++] = req->seq;
	return CONN_OK;
}

/*
 * Cut one whole frame off the input buffer and decode it: 1 with *resp (the
 * caller frees), 0 when more bytes are needed, -1 on a protocol error
 * (*cause set, connection closed).
 */
static int
conn_next_frame(struct conn *c, Ansinh__V1__Response **resp, char **cause)
{
	char path[256];
	const char *why = "malformed message";
	size_t plen;

	switch (frame_peek(c->in, c->in_len, CONN_MAX_REPLY, &plen)) {
	case FRAME_NEED_MORE:
		if (c->in_len >= FRAME_HEADER_SIZE &&
		    c->in_cap < FRAME_HEADER_SIZE + plen) {
			c->in_cap = FRAME_HEADER_SIZE + plen;
			c->in = xreallocarray(c->in, c->in_cap, 1);
		}
		return 0;
	case FRAME_TOO_LARGE:
		conn_fail(c, CONN_PROTOCOL, cause,
		          xasprintf("reply of %zu "
		                    "bytes is over the limit of %u",
		                    plen, (unsigned)CONN_MAX_REPLY));
		return -1;
	case FRAME_EMPTY:
		conn_fail(c, CONN_PROTOCOL, cause,
		          xstrdup("empty frame from the daemon"));
		return -1;
	case FRAME_OK:
		break;
	}
	path[0] = '\0';
	*resp = frame_decode_response(c->in + FRAME_HEADER_SIZE, plen, path,
	                              sizeof path, &why);
	if (*resp == NULL) {
		conn_fail(c, CONN_PROTOCOL, cause,
		          xasprintf("malformed "
		                    "reply%s%s: %s",
		                    path[0] != '\0' ? " at " : "", path, why));
		return -1;
	}
	c->in_len -= FRAME_HEADER_SIZE + plen;
	memmove(c->in, c->in + FRAME_HEADER_SIZE + plen, c->in_len);
	if (c->debug)
		fprintf(stderr,
		        "level=debug msg=receive peer=%s:%s seq=%llu "
		        "code=%d body=%s bytes=%zu\n",
		        c->host, c->port, (unsigned long long)(*resp)->seq,
		        (*resp)->status != NULL ? (int)(*resp)->status->code
		                                : 0,
		        conn_body_name(&ansinh__v1__response__descriptor,
		                       (uint32_t)(*resp)->body_case),
		        plen);
	return 1;
}

static bool
conn_is_outstanding(const struct conn *c, uint64_t seq)
{
	size_t i;

	for (i = 0; i < c->noutstanding; i++) {
		if (c->outstanding[i] == seq)
			return true;
	}
	return false;
}

static void
conn_forget(struct conn *c, uint64_t seq)
{
	size_t i;

	for (i = 0; i < c->noutstanding; i++) {
		if (c->outstanding[i] == seq) {
			c->outstanding[i] = c->outstanding[--c->noutstanding];
			return;
		}
	}
}

/* The name of oneof member number in desc, for debug logs. */
static const char *
conn_body_name(const ProtobufCMessageDescriptor *desc, uint32_t number)
{
	const ProtobufCFieldDescriptor *f;

	if (number == 0)
		return "none";
	f = protobuf_c_message_descriptor_get_field(desc, number);
	return f != NULL ? f->name : "unknown";
}
