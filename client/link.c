/*
 * link.c — the link to the daemon: connect, Hello, call; and what each
 * failure means for the user: the message on stderr and the exit code (see
 * ansinh.h).
 *
 * Every message is written to a stream: stderr for the plain functions, a
 * memory stream for the _quiet ones, whose callers (the outbox drain, the
 * import pipeline) decide what to show and when.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "rules.h"
#include "link.h"
#include "xmalloc.h"

struct link {
	struct config *cfg;          /* not owned */
	struct conn *conn;           /* owned */
	Ansinh__V1__Response *hello; /* owned; the Hello reply */
};

static enum ansinh_exit link_open_to(struct config *cfg, FILE *err,
                                     struct link **out);
static enum ansinh_exit link_call_to(struct link *s, FILE *err,
                                     Ansinh__V1__Request *req,
                                     Ansinh__V1__Response__BodyCase want,
                                     Ansinh__V1__Response **resp);
static enum ansinh_exit link_transport(const struct link *s, FILE *err,
                                       enum conn_result r, char *cause);
static enum ansinh_exit link_protocol(const struct link *s, FILE *err,
                                      const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static enum ansinh_exit link_status(const struct link *s, FILE *err,
                                    const Ansinh__V1__Status *st);
static void link_print(FILE *err, const char *text);
static const char *link_code_name(int code, char buf[32]);
static const char *link_body_name(Ansinh__V1__Response__BodyCase body);
static FILE *link_memstream(char **buf, size_t *len);
static char *link_memstream_done(FILE *f, char **buf);

enum ansinh_exit
link_open(struct config *cfg, struct link **out)
{
	return link_open_to(cfg, stderr, out);
}

enum ansinh_exit
link_open_quiet(struct config *cfg, struct link **out, char **why)
{
	enum ansinh_exit rc;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	f = link_memstream(&buf, &len);
	rc = link_open_to(cfg, f, out);
	*why = link_memstream_done(f, &buf);
	return rc;
}

void
link_free(struct link *s)
{
	if (s == NULL)
		return;
	conn_free(s->conn);
	if (s->hello != NULL)
		ansinh__v1__response__free_unpacked(s->hello, NULL);
	free(s);
}

enum ansinh_exit
link_call(struct link *s, Ansinh__V1__Request *req,
          Ansinh__V1__Response__BodyCase want, Ansinh__V1__Response **resp)
{
	return link_call_to(s, stderr, req, want, resp);
}

enum ansinh_exit
link_call_quiet(struct link *s, Ansinh__V1__Request *req,
                Ansinh__V1__Response__BodyCase want,
                Ansinh__V1__Response **resp, char **why)
{
	enum ansinh_exit rc;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	f = link_memstream(&buf, &len);
	rc = link_call_to(s, f, req, want, resp);
	*why = link_memstream_done(f, &buf);
	return rc;
}

enum ansinh_exit
link_result(const struct link *s, enum conn_result r, char *cause, char **why)
{
	enum ansinh_exit rc;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	f = link_memstream(&buf, &len);
	rc = link_transport(s, f, r, cause);
	*why = link_memstream_done(f, &buf);
	return rc;
}

enum ansinh_exit
link_reply(const struct link *s, const Ansinh__V1__Response *resp,
           Ansinh__V1__Response__BodyCase want, char **why)
{
	enum ansinh_exit rc;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	f = link_memstream(&buf, &len);
	rc = link_status(s, f, resp->status);
	if (rc == ANSINH_EXIT_OK &&
	    want != ANSINH__V1__RESPONSE__BODY__NOT_SET &&
	    resp->body_case != want)
		rc = link_protocol(s, f, "expected a %s reply, got %s",
		                   link_body_name(want),
		                   link_body_name(resp->body_case));
	*why = link_memstream_done(f, &buf);
	return rc;
}

struct conn *
link_conn(struct link *s)
{
	return s->conn;
}

const char *
link_ward(const struct link *s)
{
	return s->hello->hello->ward_code;
}

Ansinh__V1__Role
link_role(const struct link *s)
{
	return s->hello->hello->role;
}

char *
link_status_text(const Ansinh__V1__Status *st)
{
	char *buf = NULL, code[32];
	size_t len = 0, i;
	FILE *f;

	f = link_memstream(&buf, &len);
	if (st == NULL) {
		fputs("OK", f);
	} else {
		fputs(link_code_name(st->code, code), f);
		if (st->message[0] != '\0') {
			fputs(": ", f);
			link_print(f, st->message);
		}
		for (i = 0; i < st->n_violations; i++) {
			fputs(i == 0 ? " (" : "; ", f);
			link_print(f, st->violations[i]->field);
			fputs(": ", f);
			link_print(f, st->violations[i]->reason);
		}
		if (st->n_violations > 0)
			fputc(')', f);
	}
	return link_memstream_done(f, &buf);
}

/* ---------------------------------------------------------------- helpers */

static enum ansinh_exit
link_open_to(struct config *cfg, FILE *err, struct link **out)
{
	struct link *s;
	const Ansinh__V1__Status *st;
	enum conn_result r;
	const char *token;
	char *cause = NULL;
	enum ansinh_exit rc;

	if (!config_token(cfg, &token, &cause)) {
		fprintf(err, "ansinh: %s\n", cause);
		free(cause);
		return ANSINH_EXIT_USAGE;
	}
	s = xcalloc(1, sizeof *s);
	s->cfg = cfg;
	struct conn_tls tls = {
	    .enabled = cfg->tls,
	    .ca_file = cfg->ca_file,
	    .cert_file = cfg->cert_file,
	    .key_file = cfg->key_file,
	    .insecure = cfg->insecure,
	};
	s->conn =
	    conn_new(cfg->host, cfg->port, cfg->timeout_ms, &tls, cfg->debug);
	r = conn_connect(s->conn, &cause);
	if (r == CONN_OK)
		r = conn_hello(s->conn, token, &s->hello, &cause);
	if (r != CONN_OK) {
		rc = link_transport(s, err, r, cause);
		goto fail;
	}
	st = s->hello->status;
	if (st != NULL && st->code == ANSINH__V1__CODE__UNAUTHENTICATED) {
		fprintf(err,
		        "ansinh: rejected: UNAUTHENTICATED: the daemon "
		        "refused the token from %s",
		        cfg->token_origin);
		if (st->message[0] != '\0') {
			fputs(" (", err);
			link_print(err, st->message);
			fputc(')', err);
		}
		fputc('\n', err);
		rc = ANSINH_EXIT_REJECTED;
		goto fail;
	}
	rc = link_status(s, err, st);
	if (rc != ANSINH_EXIT_OK)
		goto fail;
	if (s->hello->body_case != ANSINH__V1__RESPONSE__BODY_HELLO) {
		rc = link_protocol(s, err, "expected a hello reply, got %s",
		                   link_body_name(s->hello->body_case));
		goto fail;
	}
	if (s->hello->hello->protocol_version > ANSINH_PROTOCOL_VERSION) {
		rc = link_protocol(s, err,
		                   "the daemon speaks protocol "
		                   "version %u, this client version %d",
		                   s->hello->hello->protocol_version,
		                   ANSINH_PROTOCOL_VERSION);
		goto fail;
	}
	*out = s;
	return ANSINH_EXIT_OK;
fail:
	link_free(s);
	return rc;
}

static enum ansinh_exit
link_call_to(struct link *s, FILE *err, Ansinh__V1__Request *req,
             Ansinh__V1__Response__BodyCase want, Ansinh__V1__Response **resp)
{
	enum ansinh_exit rc;
	enum conn_result r;
	char *cause = NULL;

	r = conn_call(s->conn, req, resp, &cause);
	if (r != CONN_OK)
		return link_transport(s, err, r, cause);
	rc = link_status(s, err, (*resp)->status);
	if (rc == ANSINH_EXIT_OK &&
	    want != ANSINH__V1__RESPONSE__BODY__NOT_SET &&
	    (*resp)->body_case != want)
		rc = link_protocol(s, err, "expected a %s reply, got %s",
		                   link_body_name(want),
		                   link_body_name((*resp)->body_case));
	if (rc != ANSINH_EXIT_OK) {
		ansinh__v1__response__free_unpacked(*resp, NULL);
		*resp = NULL;
	}
	return rc;
}

/* A conn failure: print it, free cause, return the exit code. */
static enum ansinh_exit
link_transport(const struct link *s, FILE *err, enum conn_result r, char *cause)
{
	enum ansinh_exit rc;

	if (r == CONN_PROTOCOL) {
		fprintf(err, "ansinh: protocol error from %s: %s\n",
		        s->cfg->server, cause);
		rc = ANSINH_EXIT_PROTOCOL;
	} else if (r == CONN_INSECURE) {
		fprintf(err, "ansinh: %s\n", cause);
		rc = ANSINH_EXIT_USAGE;
	} else {
		fprintf(err, "ansinh: daemon unavailable at %s: %s\n",
		        s->cfg->server, cause);
		rc = ANSINH_EXIT_UNAVAILABLE;
	}
	free(cause);
	return rc;
}

static enum ansinh_exit
link_protocol(const struct link *s, FILE *err, const char *fmt, ...)
{
	va_list ap;

	fprintf(err, "ansinh: protocol error from %s: ", s->cfg->server);
	va_start(ap, fmt);
	vfprintf(err, fmt, ap);
	va_end(ap);
	fputc('\n', err);
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
link_status(const struct link *s, FILE *err, const Ansinh__V1__Status *st)
{
	enum ansinh_exit rc;
	char buf[32];
	size_t i;

	if (st == NULL || st->code == ANSINH__V1__CODE__OK)
		return ANSINH_EXIT_OK;
	if (st->code == ANSINH__V1__CODE__UNAVAILABLE ||
	    st->code == ANSINH__V1__CODE__RESOURCE_EXHAUSTED) {
		fprintf(err, "ansinh: daemon unavailable at %s: %s",
		        s->cfg->server, link_code_name(st->code, buf));
		rc = ANSINH_EXIT_UNAVAILABLE;
	} else {
		fprintf(err, "ansinh: rejected: %s",
		        link_code_name(st->code, buf));
		rc = ANSINH_EXIT_REJECTED;
	}
	if (st->message[0] != '\0') {
		fputs(": ", err);
		link_print(err, st->message);
	}
	fputc('\n', err);
	for (i = 0; i < st->n_violations; i++) {
		fputs("  ", err);
		link_print(err, st->violations[i]->field);
		fputs(": ", err);
		link_print(err, st->violations[i]->reason);
		fputc('\n', err);
	}
	return rc;
}

/* Daemon text, control characters shown as '?' so that nothing the daemon
 * sends can drive the terminal. */
static void
link_print(FILE *err, const char *text)
{
	const unsigned char *p;

	for (p = (const unsigned char *)text; *p != '\0'; p++)
		fputc(*p < 0x20 || *p == 0x7f ? '?' : *p, err);
}

static const char *
link_code_name(int code, char buf[32])
{
	const char *name;

	name = names_code(code);
	if (name != NULL)
		return name;
	snprintf(buf, 32, "CODE_%d", code);
	return buf;
}

static const char *
link_body_name(Ansinh__V1__Response__BodyCase body)
{
	const ProtobufCFieldDescriptor *f;

	if (body == ANSINH__V1__RESPONSE__BODY__NOT_SET)
		return "empty";
	f = protobuf_c_message_descriptor_get_field(
	    &ansinh__v1__response__descriptor, (unsigned)body);
	return f != NULL ? f->name : "unknown";
}

/* A stream collecting messages in memory (xmalloc semantics: exits when
 * memory runs out). */
static FILE *
link_memstream(char **buf, size_t *len)
{
	FILE *f;

	f = open_memstream(buf, len);
	if (f == NULL) {
		fputs("ansinh: out of memory\n", stderr);
		exit(ANSINH_EXIT_USAGE);
	}
	return f;
}

/* Close the stream; the text without its last newline ("" when none),
 * owned by the caller. */
static char *
link_memstream_done(FILE *f, char **buf)
{
	size_t n;

	fclose(f);
	if (*buf == NULL)
		return xstrdup("");
	n = strlen(*buf);
	if (n > 0 && (*buf)[n - 1] == '\n')
		(*buf)[n - 1] = '\0';
	return *buf;
}
