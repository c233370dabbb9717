/*
 * request.c — answering, authorizing and submitting requests (see request.h).
 */
#include "request.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "log.h"
#include "rules.h"
#include "session.h"

static double request_elapsed(const struct request *req);
static void request_send(struct request *req, int code, const char *message,
                         const struct violations *v,
                         Ansinh__V1__Response__BodyCase body_case, void *body);

struct request *
request_new(struct session *s, const Ansinh__V1__Request *r)
{
	struct request *req = calloc(1, sizeof *req);
	if (req == NULL)
		abort();
	req->s = s;
	req->seq = r->seq;
	req->type = (int)r->body_case;
	if (r->request_id.len == UUID_SIZE) {
		req->has_request_id = true;
		uuid_format(r->request_id.data, req->request_id);
	}
	clock_gettime(CLOCK_MONOTONIC, &req->started);
	s->inflight++;
	return req;
}

static double
request_elapsed(const struct request *req)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - req->started.tv_sec) +
	       (double)(now.tv_nsec - req->started.tv_nsec) / 1e9;
}

/* Build and send the response, account for it, release the session and free
 * the request. */
static void
request_send(struct request *req, int code, const char *message,
             const struct violations *v,
             Ansinh__V1__Response__BodyCase body_case, void *body)
{
	Ansinh__V1__Response resp = ANSINH__V1__RESPONSE__INIT;
	Ansinh__V1__Status st = ANSINH__V1__STATUS__INIT;
	Ansinh__V1__Violation vs[REQUEST_MAX_VIOLATIONS];
	Ansinh__V1__Violation *pv[REQUEST_MAX_VIOLATIONS];
	struct session *s = req->s;
	double secs = request_elapsed(req);

	resp.seq = req->seq;
	resp.status = &st;
	st.code = (Ansinh__V1__Code)code;
	st.message = (char *)(message != NULL ? message : "");
	if (v != NULL) {
		for (size_t i = 0; i < v->n; i++) {
			ansinh__v1__violation__init(&vs[i]);
			vs[i].field = (char *)v->field[i];
			vs[i].reason = (char *)v->reason[i];
			pv[i] = &vs[i];
		}
		st.n_violations = v->n;
		st.violations = pv;
	}
	if (code == ANSINH__V1__CODE__OK && body != NULL) {
		/* The oneof's members are pointers sharing one anonymous union
		 * in protobuf-c's generated struct, so setting the case and
		 * any one member sets the body, whichever it is; the packer
		 * reads the member the case names. */
		resp.body_case = body_case;
		resp.hello = body;
	}
	metrics_request(&s->d->metrics, req->type, code, secs);
	/* Refusals a client causes are routine; failures of ours are not. */
	enum log_level level = LOG_DEBUG;
	if (code == ANSINH__V1__CODE__INTERNAL)
		level = LOG_ERROR;
	else if (code == ANSINH__V1__CODE__UNAVAILABLE ||
	         code == ANSINH__V1__CODE__RESOURCE_EXHAUSTED ||
	         code == ANSINH__V1__CODE__PERMISSION_DENIED ||
	         code == ANSINH__V1__CODE__UNAUTHENTICATED)
		level = LOG_INFO;
	log_at(level, "request",
	       "conn=%llu type=%s code=%s ms=%.2f ward=%s req=%s err=%s",
	       (unsigned long long)s->id, metrics_type_name(req->type),
	       names_code(code), secs * 1000, s->ward[0] ? s->ward : "-",
	       req->has_request_id ? req->request_id : "-", log_q(message));
	if (s->state != SESSION_CLOSING)
		session_send(s, &resp);
	free(req);
	session_request_done(s);
}

void
request_reply(struct request *req, Ansinh__V1__Response__BodyCase body_case,
              void *body)
{
	request_send(req, ANSINH__V1__CODE__OK, "", NULL, body_case, body);
}

void
request_fail(struct request *req, int code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	request_send(req, code, msg, NULL, 0, NULL);
}

void
request_invalid(struct request *req, const struct violations *v)
{
	char msg[512];
	if (v->n == 1)
		snprintf(msg, sizeof msg, "%s %s", v->field[0], v->reason[0]);
	else
		snprintf(msg, sizeof msg, "%zu fields are invalid", v->n);
	request_send(req, ANSINH__V1__CODE__INVALID_ARGUMENT, msg, v, 0, NULL);
}

/* Constraint names the schema uses, and the wire field each one guards. */
static const struct {
	const char *constraint;
	const char *field;
} request_constraint_fields[] = {
    {"household_code_key", "household.code"},
    {"person_citizen_id_key", "member.citizen_id"},
    {"fund_pkey", "fund.code"},
    {"fund_name_key", "fund.name"},
    {"organization_name_key", "organization.name"},
    {"support_reversed_once", "support.original_id"},
    {NULL, NULL},
};

void
request_db_error(struct request *req, const struct db_error *err)
{
	if (err->code == ANSINH__V1__CODE__INVALID_ARGUMENT ||
	    err->code == ANSINH__V1__CODE__ALREADY_EXISTS) {
		struct violations v = {0};
		const char *field = NULL;
		for (int i = 0; request_constraint_fields[i].constraint; i++) {
			if (strcmp(err->constraint,
			           request_constraint_fields[i].constraint) ==
			    0)
				field = request_constraint_fields[i].field;
		}
		if (field == NULL && err->column[0] != '\0')
			field = err->column;
		if (field != NULL &&
		    err->code == ANSINH__V1__CODE__INVALID_ARGUMENT) {
			viol_add(&v, field, err->message);
			request_send(req, err->code, err->message, &v, 0, NULL);
			return;
		}
	}
	if (err->code == ANSINH__V1__CODE__INTERNAL)
		log_error("database error", "sqlstate=%s err=%s", err->sqlstate,
		          log_q(err->message));
	if (err->code == ANSINH__V1__CODE__PERMISSION_DENIED) {
		request_send(req, err->code,
		             "permission denied (refused by the database's "
		             "row-level security)",
		             NULL, 0, NULL);
		return;
	}
	request_send(req, err->code,
	             err->code == ANSINH__V1__CODE__INTERNAL
	                 ? "internal error; see the daemon log"
	                 : err->message,
	             NULL, 0, NULL);
}

void
viol_add(struct violations *v, const char *field, const char *reason)
{
	if (v->n >= REQUEST_MAX_VIOLATIONS)
		return;
	/* Bounded copies: over-long text is cut, never overrun. */
	snprintf(v->field[v->n], sizeof v->field[0], "%.95s", field);
	snprintf(v->reason[v->n], sizeof v->reason[0], "%.191s", reason);
	v->n++;
}

void
viol_check(struct violations *v, bool ok, const char *field, const char *why)
{
	if (!ok)
		viol_add(v, field, why != NULL ? why : "is invalid");
}

bool
request_ward(struct request *req, const char *asked, bool required,
             const char **ward)
{
	struct session *s = req->s;
	const char *why = NULL;

	if (asked == NULL)
		asked = "";
	if (asked[0] != '\0' && !rule_ward_code(asked, &why)) {
		struct violations v = {0};
		viol_add(&v, "ward_code", why);
		request_invalid(req, &v);
		return false;
	}
	if (s->role == ANSINH__V1__ROLE__ROLE_WARD) {
		if (asked[0] != '\0' && strcmp(asked, s->ward) != 0) {
			request_fail(req, ANSINH__V1__CODE__PERMISSION_DENIED,
			             "a token of ward %s cannot act on ward %s",
			             s->ward, asked);
			return false;
		}
		*ward = s->ward;
		return true;
	}
	if (required && asked[0] == '\0') {
		struct violations v = {0};
		viol_add(&v, "ward_code",
		         "is required with a district or auditor token");
		request_invalid(req, &v);
		return false;
	}
	*ward = asked;
	return true;
}

bool
request_may_write(struct request *req)
{
	if (req->s->role == ANSINH__V1__ROLE__ROLE_AUDITOR) {
		request_fail(req, ANSINH__V1__CODE__PERMISSION_DENIED,
		             "an auditor token is read-only");
		return false;
	}
	if (!req->has_request_id) {
		struct violations v = {0};
		viol_add(&v, "request_id",
		         "must be a 16-byte UUID on every write");
		request_invalid(req, &v);
		return false;
	}
	return true;
}

bool
request_submit(struct request *req, struct db_job *job)
{
	struct session *s = req->s;

	if (s->role != 0)
		db_job_context(job, session_role_name(s), s->ward,
		               s->token_name, s->token_id,
		               req->has_request_id ? req->request_id : NULL);
	switch (db_submit(s->d->pool, job)) {
	case DB_SUBMITTED:
		return true;
	case DB_QUEUE_FULL:
		request_fail(req, ANSINH__V1__CODE__RESOURCE_EXHAUSTED,
		             "the daemon is busy; nothing was written, retry "
		             "later");
		return false;
	case DB_DOWN:
		break;
	}
	request_fail(req, ANSINH__V1__CODE__UNAVAILABLE,
	             "the database is unavailable; nothing was written, retry "
	             "later");
	return false;
}

void
request_write_done(struct db_job *job, const PGresult *res,
                   const struct db_error *err, void *arg)
{
	struct request *req = arg;
	(void)job;

	if (err != NULL) {
		request_db_error(req, err);
		return;
	}
	/* (code, message, id, ward_code, replayed) */
	if (PQntuples(res) != 1 || PQnfields(res) < 5) {
		request_fail(req, ANSINH__V1__CODE__INTERNAL,
		             "unexpected reply from the database");
		return;
	}
	int code = atoi(PQgetvalue(res, 0, 0));
	if (code != ANSINH__V1__CODE__OK) {
		request_fail(req, code, "%s", PQgetvalue(res, 0, 1));
		return;
	}
	uint8_t id[UUID_SIZE];
	Ansinh__V1__WriteReply w = ANSINH__V1__WRITE_REPLY__INIT;
	if (request_uuid_bytes(PQgetvalue(res, 0, 2), id)) {
		w.id.data = id;
		w.id.len = UUID_SIZE;
	}
	w.ward_code = PQgetvalue(res, 0, 3);
	w.replayed = request_bool(res, 0, 4);
	if (w.replayed)
		log_debug("replayed", "req=%s", req->request_id);
	request_reply(req, ANSINH__V1__RESPONSE__BODY_WRITE, &w);
}

bool
request_uuid_bytes(const char *text, uint8_t out[UUID_SIZE])
{
	return text != NULL && uuid_parse(text, out);
}

bool
request_bool(const PGresult *res, int row, int col)
{
	return !PQgetisnull(res, row, col) &&
	       PQgetvalue(res, row, col)[0] == 't';
}

bool
request_check_id(struct violations *v, ProtobufCBinaryData id,
                 const char *field, bool required)
{
	if (id.len == 0) {
		if (required)
			viol_add(v, field, "is required");
		return false;
	}
	if (id.len != UUID_SIZE || uuid_is_nil(id.data)) {
		viol_add(v, field, "must be a 16-byte UUID");
		return false;
	}
	return true;
}

bool
request_check_household(struct violations *v, const char *prefix,
                        ProtobufCBinaryData id, const char *code, bool required)
{
	char f[96];
	const char *why = NULL;
	const char *dot = prefix[0] != '\0' ? "." : "";

	if (id.len != 0) {
		snprintf(f, sizeof f, "%s%shousehold_id", prefix, dot);
		return request_check_id(v, id, f, true);
	}
	snprintf(f, sizeof f, "%s%shousehold_code", prefix, dot);
	if (code == NULL || code[0] == '\0') {
		if (required)
			viol_add(v, f,
			         "is required when no household_id is "
			         "given");
		return false;
	}
	if (!rule_household_code(code, &why)) {
		viol_add(v, f, why);
		return false;
	}
	return true;
}

const char *
request_opt(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

void
request_param_id(struct db_job *job, ProtobufCBinaryData id)
{
	char text[UUID_STR_SIZE];

	if (id.len != UUID_SIZE) {
		db_job_param(job, NULL);
		return;
	}
	uuid_format(id.data, text);
	db_job_param(job, text);
}

void
request_param_household(struct db_job *job, ProtobufCBinaryData id,
                        const char *code)
{
	request_param_id(job, id);
	db_job_param(job, id.len == UUID_SIZE ? NULL : request_opt(code));
}

void
request_param_int_or_null(struct db_job *job, long long v)
{
	if (v != 0)
		db_job_param_int(job, v);
	else
		db_job_param(job, NULL);
}

void
request_row_uuid(ProtobufCBinaryData *out, uint8_t buf[UUID_SIZE],
                 const PGresult *res, int row, int col)
{
	out->data = NULL;
	out->len = 0;
	if (PQgetisnull(res, row, col) ||
	    !request_uuid_bytes(PQgetvalue(res, row, col), buf))
		return;
	out->data = buf;
	out->len = UUID_SIZE;
}

long long
request_row_int(const PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return 0;
	return strtoll(PQgetvalue(res, row, col), NULL, 10);
}

void *
request_calloc(size_t n, size_t size)
{
	void *p = calloc(n + 1, size);

	if (p == NULL)
		abort();
	return p;
}
