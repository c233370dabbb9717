/*
 * request.c — answering and submitting requests, and the shared field
 * checks (see request.h).
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
static bool request_submit_on(struct request *req, struct db_job *job,
                              struct db_pool *pool, struct db_share *share);
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
	va_list ap;
	va_start(ap, fmt);
	request_vfail(req, code, fmt, ap);
	va_end(ap);
}

void
request_vfail(struct request *req, int code, const char *fmt, va_list ap)
{
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
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

void
request_db_error(struct request *req, const struct db_error *err)
{
	request_db_error_on(req, err, NULL);
}

void
request_db_error_on(struct request *req, const struct db_error *err,
                    const struct request_constraint *map)
{
	if (err->code == ANSINH__V1__CODE__INVALID_ARGUMENT ||
	    err->code == ANSINH__V1__CODE__ALREADY_EXISTS) {
		struct violations v = {0};
		const char *field = NULL;
		for (int i = 0; map != NULL && map[i].constraint != NULL; i++) {
			if (strcmp(err->constraint, map[i].constraint) == 0)
				field = map[i].field;
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
	if (err->code == ANSINH__V1__CODE__PERMISSION_DENIED &&
	    strcmp(err->sqlstate, DB_SQLSTATE_REFUSED) != 0) {
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

bool
request_submit(struct request *req, struct db_job *job)
{
	return request_submit_on(req, job, req->s->d->pool, req->s->share);
}

bool
request_submit_read(struct request *req, struct db_job *job)
{
	struct session *s = req->s;
	struct db_pool *rp = s->d->read_pool;

	if (rp != NULL && !s->wrote && db_pool_ready(rp)) {
		s->d->reads_replica++;
		return request_submit_on(req, job, rp, s->read_share);
	}
	if (rp != NULL)
		s->d->reads_primary++;
	return request_submit_on(req, job, s->d->pool, s->share);
}

static bool
request_submit_on(struct request *req, struct db_job *job, struct db_pool *pool,
                  struct db_share *share)
{
	struct session *s = req->s;

	if (s->role != 0)
		db_job_context(job, s->token_hash,
		               req->has_request_id ? req->request_id : NULL);
	db_job_share(job, share);
	switch (db_submit(pool, job)) {
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

void
request_check_household_count(struct violations *v, const char *prefix,
                              size_t n_ids, size_t n_codes, size_t max,
                              const char *why)
{
	char f[96];

	if (n_ids + n_codes <= max)
		return;
	snprintf(f, sizeof f, "%s.%s", prefix,
	         n_ids > max || n_codes == 0 ? "household_ids"
	                                     : "household_codes");
	viol_add(v, f, why);
}

void
request_check_date(struct violations *v, const char *s, const char *field,
                   bool past)
{
	const char *why = NULL;

	if (s == NULL || s[0] == '\0')
		return;
	viol_check(v, past ? rule_past_date(s, &why) : rule_date(s, &why),
	           field, why);
}

void
request_check_text(struct violations *v, const char *field, const char *s,
                   size_t max, bool multiline)
{
	const char *why = NULL;

	if (s != NULL && s[0] != '\0')
		viol_check(v, rule_text(s, max, false, multiline, &why), field,
		           why);
}
