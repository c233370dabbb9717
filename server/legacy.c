/*
 * legacy.c — the request helpers of the handlers not yet moved to the
 * operation table (op.h). Goes when the last one has moved.
 */
#include "legacy.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "rules.h"
#include "session.h"

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
