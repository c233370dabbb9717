/*
 * session.c — connect, Hello, call; and what each failure means for the
 * user: the message on stderr and the exit code (see ansinh.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "rules.h"
#include "session.h"
#include "xmalloc.h"

struct session {
	struct config *cfg;           /* not owned */
	struct conn *conn;            /* owned */
	Ansinh__V1__Response *hello;  /* owned; the Hello reply */
};

static enum ansinh_exit session_transport(const struct session *s,
                                          enum conn_result r, char *cause);
static enum ansinh_exit session_protocol(const struct session *s,
                                         const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static enum ansinh_exit session_status(const struct session *s,
                                       const Ansinh__V1__Status *st);
static void session_print(const char *text);
static const char *session_code_name(int code, char buf[32]);
static const char *session_body_name(Ansinh__V1__Response__BodyCase body);

enum ansinh_exit
session_open(struct config *cfg, struct session **out)
{
	struct session *s;
	const Ansinh__V1__Status *st;
	enum conn_result r;
	const char *token;
	char *cause = NULL;
	enum ansinh_exit rc;

	if (!config_token(cfg, &token, &cause)) {
		fprintf(stderr, "ansinh: %s\n", cause);
		free(cause);
		return ANSINH_EXIT_USAGE;
	}
	s = xcalloc(1, sizeof *s);
	s->cfg = cfg;
	s->conn = conn_new(cfg->host, cfg->port, cfg->timeout_ms, cfg->debug);
	r = conn_connect(s->conn, &cause);
	if (r == CONN_OK)
		r = conn_hello(s->conn, token, &s->hello, &cause);
	if (r != CONN_OK) {
		rc = session_transport(s, r, cause);
		goto fail;
	}
	st = s->hello->status;
	if (st != NULL && st->code == ANSINH__V1__CODE__UNAUTHENTICATED) {
		fprintf(stderr, "ansinh: rejected: UNAUTHENTICATED: the daemon "
		    "refused the token from %s", cfg->token_origin);
		if (st->message[0] != '\0') {
			fputs(" (", stderr);
			session_print(st->message);
			fputc(')', stderr);
		}
		fputc('\n', stderr);
		rc = ANSINH_EXIT_REJECTED;
		goto fail;
	}
	rc = session_status(s, st);
	if (rc != ANSINH_EXIT_OK)
		goto fail;
	if (s->hello->body_case != ANSINH__V1__RESPONSE__BODY_HELLO) {
		rc = session_protocol(s, "expected a hello reply, got %s",
		    session_body_name(s->hello->body_case));
		goto fail;
	}
	if (s->hello->hello->protocol_version > ANSINH_PROTOCOL_VERSION) {
		rc = session_protocol(s, "the daemon speaks protocol version "
		    "%u, this client version %d",
		    s->hello->hello->protocol_version, ANSINH_PROTOCOL_VERSION);
		goto fail;
	}
	*out = s;
	return ANSINH_EXIT_OK;
fail:
	session_free(s);
	return rc;
}

void
session_free(struct session *s)
{
	if (s == NULL)
		return;
	conn_free(s->conn);
	if (s->hello != NULL)
		ansinh__v1__response__free_unpacked(s->hello, NULL);
	free(s);
}

enum ansinh_exit
session_call(struct session *s, Ansinh__V1__Request *req,
             Ansinh__V1__Response__BodyCase want, Ansinh__V1__Response **resp)
{
	enum ansinh_exit rc;
	enum conn_result r;
	char *cause = NULL;

	r = conn_call(s->conn, req, resp, &cause);
	if (r != CONN_OK)
		return session_transport(s, r, cause);
	rc = session_status(s, (*resp)->status);
	if (rc == ANSINH_EXIT_OK && want != ANSINH__V1__RESPONSE__BODY__NOT_SET &&
	    (*resp)->body_case != want)
		rc = session_protocol(s, "expected a %s reply, got %s",
		    session_body_name(want),
		    session_body_name((*resp)->body_case));
	if (rc != ANSINH_EXIT_OK) {
		ansinh__v1__response__free_unpacked(*resp, NULL);
		*resp = NULL;
	}
	return rc;
}

const char *
session_ward(const struct session *s)
{
	return s->hello->hello->ward_code;
}

/* ---------------------------------------------------------------- helpers */

/* A conn failure: print it, free cause, return the exit code. */
static enum ansinh_exit
session_transport(const struct session *s, enum conn_result r, char *cause)
{
	enum ansinh_exit rc;

	if (r == CONN_PROTOCOL) {
		fprintf(stderr, "ansinh: protocol error from %s: %s\n",
		    s->cfg->server, cause);
		rc = ANSINH_EXIT_PROTOCOL;
	} else {
		fprintf(stderr, "ansinh: daemon unavailable at %s: %s\n",
		    s->cfg->server, cause);
		rc = ANSINH_EXIT_UNAVAILABLE;
	}
	free(cause);
	return rc;
}

static enum ansinh_exit
session_protocol(const struct session *s, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "ansinh: protocol error from %s: ", s->cfg->server);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return ANSINH_EXIT_PROTOCOL;
}

/*
 * A daemon status: nothing for OK (or no status at all); otherwise
 *   ansinh: rejected: INVALID_ARGUMENT: <message>
 *     household.citizen_id: must be 12 digits
 * and exit 2, or for UNAVAILABLE and RESOURCE_EXHAUSTED (nothing was
 * written, try later) "daemon unavailable at …" and exit 4.
 */
static enum ansinh_exit
session_status(const struct session *s, const Ansinh__V1__Status *st)
{
	enum ansinh_exit rc;
	char buf[32];
	size_t i;

	if (st == NULL || st->code == ANSINH__V1__CODE__OK)
		return ANSINH_EXIT_OK;
	if (st->code == ANSINH__V1__CODE__UNAVAILABLE ||
	    st->code == ANSINH__V1__CODE__RESOURCE_EXHAUSTED) {
		fprintf(stderr, "ansinh: daemon unavailable at %s: %s",
		    s->cfg->server, session_code_name(st->code, buf));
		rc = ANSINH_EXIT_UNAVAILABLE;
	} else {
		fprintf(stderr, "ansinh: rejected: %s",
		    session_code_name(st->code, buf));
		rc = ANSINH_EXIT_REJECTED;
	}
	if (st->message[0] != '\0') {
		fputs(": ", stderr);
		session_print(st->message);
	}
	fputc('\n', stderr);
	for (i = 0; i < st->n_violations; i++) {
		fputs("  ", stderr);
		session_print(st->violations[i]->field);
		fputs(": ", stderr);
		session_print(st->violations[i]->reason);
		fputc('\n', stderr);
	}
	return rc;
}

/* Daemon text on stderr, control characters shown as '?' so that nothing
 * the daemon sends can drive the terminal. */
static void
session_print(const char *text)
{
	const unsigned char *p;

	for (p = (const unsigned char *)text; *p != '\0'; p++)
		fputc(*p < 0x20 || *p == 0x7f ? '?' : *p, stderr);
}

static const char *
session_code_name(int code, char buf[32])
{
	const char *name;

	name = names_code(code);
	if (name != NULL)
		return name;
	snprintf(buf, 32, "CODE_%d", code);
	return buf;
}

static const char *
session_body_name(Ansinh__V1__Response__BodyCase body)
{
	const ProtobufCFieldDescriptor *f;

	if (body == ANSINH__V1__RESPONSE__BODY__NOT_SET)
		return "empty";
	f = protobuf_c_message_descriptor_get_field(
	    &ansinh__v1__response__descriptor, (unsigned)body);
	return f != NULL ? f->name : "unknown";
}
