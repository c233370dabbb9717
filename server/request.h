/*
 * request.h — one request in flight: answering it, submitting its job, and
 * the field checks every handler family shares.
 *
 * The operation engine (op.c) either answers at once (request_fail,
 * request_invalid) or submits a database job with request_submit; the job's
 * callback answers. Answering frees the request.
 */
#ifndef ANSINH_REQUEST_H
#define ANSINH_REQUEST_H

#include <stdarg.h>
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
};

/* A constraint the schema names in an error, and the wire field it guards:
 * an INVALID_ARGUMENT error on it becomes a violation of that field. An
 * array of them ends with {NULL}. */
struct request_constraint {
	const char *constraint;
	const char *field;
};

/* Ownership: the request holds a reference on s until it is answered. */
struct request *request_new(struct session *s, const Ansinh__V1__Request *r);

/* Answer and free. body_case/body fill the Response's oneof (0/NULL for
 * none); status code OK unless a failure helper is used. */
void request_reply(struct request *req,
                   Ansinh__V1__Response__BodyCase body_case, void *body);
void request_fail(struct request *req, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void request_vfail(struct request *req, int code, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
void request_invalid(struct request *req, const struct violations *v);
/* Answer a database failure (the SQLSTATE mapped to a status);
 * request_db_error_on also names the field of a constraint in map. */
void request_db_error(struct request *req, const struct db_error *err);
void request_db_error_on(struct request *req, const struct db_error *err,
                         const struct request_constraint *map);

void viol_add(struct violations *v, const char *field, const char *reason);
/*
 * Run a rule: on failure add a violation for field with the rule's reason.
 * A macro, so that the rule runs before its reason is read: as a function's
 * arguments, viol_check(v, rule_x(s, &why), f, why) may read why before
 * rule_x sets it (C leaves the order unspecified; gcc read it first, and
 * every reason came out as "is invalid").
 */
#define viol_check(v, ok, field, why)                                          \
	do {                                                                   \
		if (!(ok)) {                                                   \
			const char *viol_why_ = (why);                         \
			viol_add((v), (field),                                 \
			         viol_why_ != NULL ? viol_why_                 \
			                           : "is invalid");            \
		}                                                              \
	} while (0)

/* Submit a job with this request's context: the one place a request's job
 * goes to the pool. When the pool refuses, answers UNAVAILABLE or
 * RESOURCE_EXHAUSTED itself (freeing req) and returns false. */
bool request_submit(struct request *req, struct db_job *job);
/* The same for a read of the operation table (OP_READ): to the read pool
 * (--db-read) while it is up and the session has written nothing, else to
 * the primary's (a session reads its own writes; a standby that is down
 * costs nothing but its load on the primary). */
bool request_submit_read(struct request *req, struct db_job *job);

/* ---- checks every handler family shares -------------------------------- */

/* A record id: 16 bytes, not the nil UUID; an empty one is a violation only
 * when required. A household named by id or, without one, by code: the
 * violation names "<prefix>.household_id" or "<prefix>.household_code"
 * ("household_id" alone when prefix is ""). Both return true when a usable
 * value is present. */
bool request_check_id(struct violations *v, ProtobufCBinaryData id,
                      const char *field, bool required);
bool request_check_household(struct violations *v, const char *prefix,
                             ProtobufCBinaryData id, const char *code,
                             bool required);
/* Most households one record (a dialogue, a distribution) lists. */
#define REQUEST_HOUSEHOLDS_MAX 1000

/* How many households a record lists, by id and by code: at most max in
 * all. The violation names the list that goes past max: the ids, which
 * come first, or else the codes ("<prefix>.household_ids"). */
void request_check_household_count(struct violations *v, const char *prefix,
                                   size_t n_ids, size_t n_codes, size_t max,
                                   const char *why);
/* A date given as text: empty is fine (not given); past: not after today. */
void request_check_date(struct violations *v, const char *s, const char *field,
                        bool past);
/* Optional text: checked only when not empty. */
void request_check_text(struct violations *v, const char *field, const char *s,
                        size_t max, bool multiline);

#endif
