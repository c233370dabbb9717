/*
 * db.h — the asynchronous PostgreSQL pool.
 *
 * A fixed set of non-blocking libpq connections in pipeline mode, each
 * watched by libevent. Work arrives as jobs: one SQL statement with text
 * parameters and the request context (the token's SHA-256, request_id)
 * that is set transaction-locally before it runs.
 *
 *   - Reads run each in its own implicit transaction; many are pipelined.
 *   - Writes queued together run as one batch in one transaction (group
 *     commit). A job's callback is called only after COMMIT succeeded. If a
 *     batch fails, its jobs are run again one by one, so one bad write never
 *     fails its neighbours.
 *   - A connection that breaks is re-established with backoff; while no
 *     connection is up, submissions are refused (the caller answers
 *     UNAVAILABLE) and the daemon keeps running.
 *
 * Sharing: every client session has a share (struct db_share), and each of
 * its jobs is tagged with it (request_submit). Batches take jobs from the
 * shares in turn, one at a time, so a session with many queued reads cannot
 * keep the others waiting; reads never hold every connection (with two or
 * more, one is always left for writes); and a session's reads run with
 * statement_timeout = --query-timeout. Jobs without a share (the audit
 * sealer, the token re-check) are the daemon's own: no timeout.
 *
 * Each connection is a small state machine (see enum db_state in db.c) with
 * one function that changes state and logs it.
 */
#ifndef ANSINH_DB_H
#define ANSINH_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <event2/event.h>
#include <libpq-fe.h>

struct db_pool;
struct db_job;
struct db_share;

enum db_job_kind {
	DB_READ,
	DB_WRITE,
};

struct db_error {
	int code;         /* wire status code (ANSINH__V1__CODE__*) */
	char sqlstate[6]; /* "" when the error did not come from the server */
	char constraint[64];
	char column[64];
	char message[512];
};

/*
 * Called exactly once per submitted job. On success res is the statement's
 * result (TUPLES_OK or COMMAND_OK) and err is NULL; on failure res is NULL.
 * res belongs to the pool: read it, don't keep it. The job is freed after the
 * callback returns.
 */
typedef void (*db_done_fn)(struct db_job *job, const PGresult *res,
                           const struct db_error *err, void *arg);

struct db_pool_config {
	const char *conninfo; /* libpq conninfo or URI; "" = PG* variables */
	int size;             /* connections */
	int max_batch;        /* jobs per batch */
	int max_queue;        /* queued jobs before RESOURCE_EXHAUSTED */
	int schema_version;   /* the schema this build expects */
	long query_timeout_s; /* statement_timeout of a session's reads; 0 none
	                       */
};

struct db_stats {
	int size;     /* connections configured (--db-pool) */
	int conns_up; /* idle or busy */
	int conns_busy;
	int conns_down; /* connecting, checking or waiting to retry */
	size_t queued;
	uint64_t batches;
	uint64_t batch_jobs;     /* jobs in all write batches */
	uint64_t batch_failures; /* write batches rolled back and retried */
	uint64_t set_statements; /* set statements sent (db_job_set) */
	uint64_t set_jobs;       /* writes sent in them */
	uint64_t reconnects;
	int schema_found; /* schema version seen on the last check */
};

/* The pool owns its connections; db_pool_free closes them and fails every
 * job still queued or in flight with UNAVAILABLE. */
struct db_pool *db_pool_new(struct event_base *base,
                            const struct db_pool_config *cfg);
void db_pool_free(struct db_pool *pool);

/* True while at least one connection is up and the schema is current. */
bool db_pool_ready(const struct db_pool *pool);
/* True while no job is queued or in flight. */
bool db_pool_idle(const struct db_pool *pool);
void db_pool_stats(const struct db_pool *pool, struct db_stats *out);

/*
 * Jobs. db_job_new copies nothing from sql (it must be a string literal or
 * otherwise outlive the job); params and context strings are copied.
 */
struct db_job *db_job_new(enum db_job_kind kind, const char *sql,
                          db_done_fn done, void *arg);
/* Append a text parameter; NULL is SQL NULL. */
void db_job_param(struct db_job *job, const char *value);
void db_job_param_int(struct db_job *job, long long value);
void db_job_param_bool(struct db_job *job, bool value);
/* The request context set with ansinh_api.set_context before the statement:
 * the SHA-256 of the session's token (hex; the database derives role, ward
 * and actor from the live token) and the request_id (or NULL). Jobs without
 * a context (token lookup) skip it. */
void db_job_context(struct db_job *job, const char *token_hash,
                    const char *request_id);
void db_job_free(struct db_job *job);
/* A write that may go with the other writes of its batch sharing set_sql
 * (which lives as long as the process): set_sql takes one array per
 * parameter, the first the tokens' SHA-256 (hex), then one for each of the
 * job's own parameters in order, element i the i-th write's, and answers
 * one row per write in order, with the columns of the job's own statement.
 */
void db_job_set(struct db_job *job, const char *set_sql);
/* The job's sql lives as long as the process: a write's statement is then
 * prepared once per connection and run by name. */
void db_job_prepare(struct db_job *job);

/*
 * A session's share of the pool: db_share_new makes one (owned by the
 * caller, freed with db_share_free once none of its jobs is queued or
 * running); db_job_share tags a job with it before db_submit.
 * db_share_pending counts its jobs of a kind submitted and not answered yet.
 */
struct db_share *db_share_new(void);
void db_share_free(struct db_share *share);
void db_job_share(struct db_job *job, struct db_share *share);
/* A short read that must not wait behind others (a token lookup): taken
 * before any queued work, by any idle connection, even the one kept for
 * writes. */
void db_job_quick(struct db_job *job);
size_t db_share_pending(const struct db_share *share, enum db_job_kind kind);

enum db_submit_result {
	DB_SUBMITTED,
	DB_QUEUE_FULL, /* RESOURCE_EXHAUSTED: retry later */
	DB_DOWN,       /* UNAVAILABLE: no database connection is up */
};

/* Takes ownership of job. On anything but DB_SUBMITTED the job is freed and
 * its callback is not called. */
enum db_submit_result db_submit(struct db_pool *pool, struct db_job *job)
    __attribute__((warn_unused_result));

/* Map a server error (SQLSTATE) to a wire status code. */
/* An API function's refusal whose message is for the client (the policies'
 * and privileges' own 42501 are answered in general words). */
#define DB_SQLSTATE_REFUSED "AS403"

int db_map_sqlstate(const char *sqlstate);

#endif
