/*
 * request.h — one request in flight, and the helpers every handler uses to
 * validate, authorize, reach the database and answer.
 *
 * A handler either answers at once (request_fail, request_invalid) or submits
 * a database job with request_submit; the job's callback answers. Answering
 * frees the request.
 */
#ifndef ANSINH_REQUEST_H
#define ANSINH_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "ansinh.pb-c.h"
#include "db.h"
#include "uuid.h"

struct session;

#define REQUEST_MAX_VIOLATIONS 16

struct violations {
	size_t n;
	char field[REQUEST_MAX_VIOLATIONS][96];
	char reason[REQUEST_MAX_VIOLATIONS][192];
};

struct request {
	struct session *s;
	uint64_t seq;
	int type; /* Request body case */
	bool has_request_id;
	char request_id[UUID_STR_SIZE];
	struct timespec started;
	uint32_t limit; /* list requests: rows asked for */
};

/* Ownership: the request holds a reference on s until it is answered. */
struct request *request_new(struct session *s, const Ansinh__V1__Request *r);

/* Answer and free. body_case/body fill the Response's oneof (0/NULL for
 * none); status code OK unless a failure helper is used. */
void request_reply(struct request *req,
                   Ansinh__V1__Response__BodyCase body_case, void *body);
void request_fail(struct request *req, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void request_invalid(struct request *req, const struct violations *v);
/* Answer a database failure (the SQLSTATE mapped to a status). */
void request_db_error(struct request *req, const struct db_error *err);

void viol_add(struct violations *v, const char *field, const char *reason);
/* Run a rule: on failure add a violation for field. */
void viol_check(struct violations *v, bool ok, const char *field,
                const char *why);

/*
 * Authorization. request_ward decides the ward a request acts on: a ward
 * token's own ward (asking for another is PERMISSION_DENIED), or for district
 * and auditor tokens the ward asked for (required when `required`). Returns
 * false after answering.
 */
bool request_ward(struct request *req, const char *asked, bool required,
                  const char **ward);
/* Writes: refuses auditors, requires a request_id. Returns false after
 * answering. */
bool request_may_write(struct request *req);

/* Submit a job with this request's context. When the pool refuses, answers
 * UNAVAILABLE or RESOURCE_EXHAUSTED itself (freeing req) and returns false. */
bool request_submit(struct request *req, struct db_job *job);

/* The common callback of every write function returning
 * ansinh_api.outcome: answers with a WriteReply or the outcome's status. */
void request_write_done(struct db_job *job, const PGresult *res,
                        const struct db_error *err, void *arg);

/* ---- what every handler family shares ---------------------------------- */

/* Checks. A record id: 16 bytes, not the nil UUID; an empty one is a
 * violation only when required. A household named by id or, without one,
 * by code: the violation names "<prefix>.household_id" or
 * "<prefix>.household_code" ("household_id" alone when prefix is "").
 * Both return true when a usable value is present. */
bool request_check_id(struct violations *v, ProtobufCBinaryData id,
                      const char *field, bool required);
bool request_check_household(struct violations *v, const char *prefix,
                             ProtobufCBinaryData id, const char *code,
                             bool required);

/* Job parameters. "" is "not given": request_opt turns it into NULL; a
 * 16-byte id becomes UUID text, anything else NULL; 0 becomes NULL; a
 * household reference is two parameters ($n::uuid id, $n+1 code), the code
 * only when no id is given. */
const char *request_opt(const char *s);
void request_param_id(struct db_job *job, ProtobufCBinaryData id);
void request_param_household(struct db_job *job, ProtobufCBinaryData id,
                             const char *code);
void request_param_int_or_null(struct db_job *job, long long v);

/* Reply fields from rows. A UUID column into 16 bytes at buf (out left
 * empty when NULL or not a UUID); an integer column (NULL is 0); a boolean
 * column (NULL is false). Text columns are PQgetvalue's own strings, valid
 * until the callback returns. */
bool request_uuid_bytes(const char *text, uint8_t out[UUID_SIZE]);
void request_row_uuid(ProtobufCBinaryData *out, uint8_t buf[UUID_SIZE],
                      const PGresult *res, int row, int col);
long long request_row_int(const PGresult *res, int row, int col);
bool request_bool(const PGresult *res, int row, int col);

/* calloc of n + 1 elements (room for a terminator, never zero-sized) that
 * aborts when memory is exhausted. */
void *request_calloc(size_t n, size_t size);

#endif
