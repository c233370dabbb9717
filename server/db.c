/*
 * db.c — the asynchronous PostgreSQL pool (see db.h).
 *
 * Every connection runs in libpq pipeline mode. A batch is a list of
 * operations sent in one go and answered in order:
 *
 *   write batch:  [ROLLBACK SYNC] BEGIN ([PREPARE] SET | CONTEXT STMT)*
 *                 COMMIT SYNC
 *   read batch:   [ROLLBACK SYNC] (CONTEXT STMT SYNC)*
 *
 * Results are consumed strictly in the order the operations were sent; for
 * every operation but SYNC libpq returns one result and then NULL. A
 * session's read sets statement_timeout in its CONTEXT (set_config(…,
 * true): it ends with the read's implicit transaction).
 *
 * Queues: each share holds its queued jobs, by kind; the shares with queued
 * jobs of a kind wait in the pool's ready list of that kind. A batch takes
 * one job from the first share of the list and puts the share back at the
 * end while it has more: round-robin between sessions.
 *
 * Set statements (db_job_set): the writes of a batch that share a set
 * statement are sent as one SET op, that statement called once with one
 * array element per write (the token's SHA-256, then each parameter of the
 * write's own statement), prepared once per connection; it answers one row
 * per write, in order, and each write gets its row as its own result. A
 * write joins the group of an earlier one only when no other write of its
 * session lies between them in the batch, so each session's writes keep
 * their order. If the batch fails, its writes run again one by one through
 * their own statements (solo jobs never join a set).
 */
#include "db.h"

#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>

#include "ansinh.pb-c.h"
#include "log.h"
#include "pgarray.h"

#define DB_MAX_PARAMS     16
#define DB_BACKOFF_MIN_MS 100
#define DB_BACKOFF_MAX_MS 5000
/* Reads pipelined on one connection at most: they run one after the other
 * in the server, so a long batch would hold the connection long. */
#define DB_READ_BATCH_MAX 8
/* Statements prepared on one connection at most: the writes' own, the
 * context's and the set statements (one each per operation used). More
 * are sent unprepared. */
#define DB_PREPARED_MAX 96
/* The fewest writes of one set statement in a batch that go as a SET op: a
 * lone write costs less through its own statement. */
#define DB_SET_MIN 2

enum db_state {
	DB_WAITING,    /* not connected; a timer will start the next attempt */
	DB_CONNECTING, /* PQconnectPoll in progress */
	DB_CHECKING,   /* connected; checking the schema version */
	DB_IDLE,       /* ready for a batch */
	DB_BUSY,       /* a batch is in flight */
};

static const char *const db_state_names[] = {
    "waiting", "connecting", "checking", "idle", "busy",
};

enum db_op_kind {
	OP_ROLLBACK,
	OP_BEGIN,
	OP_CONTEXT,
	OP_STMT,
	OP_COMMIT,
	OP_SYNC,
	OP_CHECK,
	OP_PREPARE, /* a write's statement, first use on this connection */
	OP_SET,     /* a set statement for its group of writes */
};

struct db_job {
	TAILQ_ENTRY(db_job) entry;
	enum db_job_kind kind;
	struct db_share *share; /* NULL: the daemon's own (pool->own) */
	bool counted;           /* in share->pending until finished */
	bool quick;             /* db_job_quick: before all other work */
	const char *sql;
	int nparams;
	char *params[DB_MAX_PARAMS];
	bool has_context;
	char *context[2]; /* the token's SHA-256 in hex, the request_id */
	db_done_fn done;
	void *arg;
	bool solo;           /* run alone: its batch failed once */
	bool raced;          /* re-run once after losing a unique-key race */
	bool finished;       /* callback called */
	PGresult *res;       /* a write's result, kept until COMMIT */
	const char *set_sql; /* db_job_set; lives as long as the process */
	struct db_job *set_next; /* the next write of its SET op */
	bool in_set;             /* sent in a SET op of this batch */
	bool sql_kept;           /* db_job_prepare: sql lives as long as the
	                            process */
	struct db_error err;
	bool has_err;
};

TAILQ_HEAD(db_job_list, db_job);

struct db_share {
	TAILQ_ENTRY(db_share) ready[2]; /* by enum db_job_kind */
	bool is_ready[2];
	struct db_job_list queue[2];
	size_t pending[2]; /* submitted, not finished */
	bool timed;        /* reads get --query-timeout */
};

TAILQ_HEAD(db_share_list, db_share);

struct db_op {
	enum db_op_kind kind;
	struct db_job *job;
	const char *sql; /* OP_PREPARE: the statement */
	bool got_result;
};

struct db_conn {
	struct db_pool *pool;
	int index;
	enum db_state state;
	PGconn *pg;
	int fd;
	struct event *ev_read;
	struct event *ev_write;
	struct event *ev_timer;
	int backoff_ms;
	bool need_rollback; /* the last batch left a failed transaction */
	bool batch_is_write;
	bool committed;
	bool batch_failed;
	struct db_job_list batch;
	bool batch_had_set; /* the batch sent a SET op */
	struct db_op *ops;
	size_t nops, ops_cap, next_op;
	/* The statements prepared on this connection: "ansinh_s<i>". */
	const char *prepared[DB_PREPARED_MAX];
	/* 0: not prepared, 1: its PREPARE sent, 2: prepared, 3: its PREPARE
	 * failed: sent unprepared from then on (its error then comes with
	 * the statement's own answer) */
	unsigned char prepared_state[DB_PREPARED_MAX];
	size_t nprepared;
};

struct db_pool {
	struct event_base *base;
	struct db_pool_config cfg;
	char *conninfo;
	struct db_conn *conns;
	struct db_share own;           /* jobs without a share */
	struct db_share_list ready[2]; /* shares with queued jobs */
	struct db_job_list quick;      /* db_job_quick, first come first */
	size_t nquick;
	size_t nqueued[2];     /* queued jobs, by kind */
	size_t queued;         /* both kinds */
	int read_conns;        /* connections busy with reads */
	char timeout_text[24]; /* statement_timeout, ms */
	bool schema_ok;
	bool last_batch_write;
	struct db_stats stats;
};

static void db_set_state(struct db_conn *c, enum db_state state);
static void db_connect_start(struct db_conn *c);
static void db_connect_poll(struct db_conn *c);
static void db_conn_broken(struct db_conn *c, const char *why);
static void db_on_timer(evutil_socket_t fd, short what, void *arg);
static void db_on_io(evutil_socket_t fd, short what, void *arg);
static bool db_watch(struct db_conn *c, bool read, bool write);
static void db_unwatch(struct db_conn *c);
static void db_dispatch(struct db_pool *pool);
static bool db_send_batch(struct db_conn *c);
static bool db_op_push(struct db_conn *c, enum db_op_kind kind,
                       struct db_job *job);
static bool db_send_op(struct db_conn *c, const struct db_op *op);
static bool db_flush(struct db_conn *c);
static void db_drain_results(struct db_conn *c);
static void db_handle_result(struct db_conn *c, struct db_op *op,
                             PGresult *res);
static void db_batch_done(struct db_conn *c);
static void db_job_finish(struct db_job *job, const PGresult *res,
                          const struct db_error *err);
static void db_job_fail(struct db_job *job, int code, const char *msg);
static void db_error_from_result(struct db_error *err, const PGresult *res);
static void db_fail_queued(struct db_pool *pool, const char *why);
static void db_notice(void *arg, const char *message);
static size_t db_conns_up(const struct db_pool *pool);
static bool db_conns_hopeful(const struct db_pool *pool);
static void db_share_init(struct db_share *sh, bool timed);
static void db_enqueue(struct db_pool *pool, struct db_job *job, bool head);
static struct db_job *db_peek(struct db_pool *pool, enum db_job_kind kind);
static struct db_job *db_take(struct db_pool *pool, enum db_job_kind kind);
static bool db_reads_allowed(const struct db_pool *pool);
static bool db_set_eligible(const struct db_conn *c, const struct db_job *job);
static size_t db_set_group(struct db_conn *c, struct db_job *head);
static int db_prepared_index(struct db_conn *c, const char *sql, bool *fresh);
static bool db_push_prepare(struct db_conn *c, const char *sql);
static bool db_send_prepared(struct db_conn *c, const char *sql, int n,
                             const char *const *values);
static bool db_send_set(struct db_conn *c, const struct db_op *op);
static void db_set_results(struct db_conn *c, struct db_job *head,
                           PGresult *res);

/* The context is the token's: set_context derives role, ward and actor
 * from the live token row with this SHA-256 (sql/migrations/0011). */
static const char db_context_sql[] =
    "SELECT ansinh_api.set_context(decode($1, 'hex'), $2::uuid)";
static const char db_context_timed_sql[] =
    "SELECT ansinh_api.set_context(decode($1, 'hex'), $2::uuid), "
    "set_config('statement_timeout', $3, true)";
static const char db_check_sql[] = "SELECT ansinh_api.schema_version()";

/* ------------------------------------------------------------------ jobs */

struct db_job *
db_job_new(enum db_job_kind kind, const char *sql, db_done_fn done, void *arg)
{
	struct db_job *job = calloc(1, sizeof *job);
	if (job == NULL)
		abort();
	job->kind = kind;
	job->sql = sql;
	job->done = done;
	job->arg = arg;
	return job;
}

void
db_job_param(struct db_job *job, const char *value)
{
	if (job->nparams >= DB_MAX_PARAMS)
		abort(); /* a handler bug, not input */
	job->params[job->nparams++] = value != NULL ? strdup(value) : NULL;
}

void
db_job_param_int(struct db_job *job, long long value)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%lld", value);
	db_job_param(job, buf);
}

void
db_job_param_bool(struct db_job *job, bool value)
{
	db_job_param(job, value ? "true" : "false");
}

void
db_job_context(struct db_job *job, const char *token_hash,
               const char *request_id)
{
	const char *v[2] = {token_hash, request_id};
	job->has_context = true;
	for (int i = 0; i < 2; i++) {
		free(job->context[i]);
		job->context[i] =
		    v[i] != NULL && v[i][0] != '\0' ? strdup(v[i]) : NULL;
	}
}

void
db_job_set(struct db_job *job, const char *set_sql)
{
	job->set_sql = set_sql;
}

void
db_job_prepare(struct db_job *job)
{
	job->sql_kept = true;
}

void
db_job_free(struct db_job *job)
{
	if (job == NULL)
		return;
	for (int i = 0; i < job->nparams; i++)
		free(job->params[i]);
	for (int i = 0; i < 2; i++)
		free(job->context[i]);
	PQclear(job->res);
	free(job);
}

void
db_job_share(struct db_job *job, struct db_share *share)
{
	job->share = share;
}

void
db_job_quick(struct db_job *job)
{
	job->quick = job->kind == DB_READ;
}

static void
db_share_init(struct db_share *sh, bool timed)
{
	memset(sh, 0, sizeof *sh);
	TAILQ_INIT(&sh->queue[DB_READ]);
	TAILQ_INIT(&sh->queue[DB_WRITE]);
	sh->timed = timed;
}

struct db_share *
db_share_new(void)
{
	struct db_share *sh = malloc(sizeof *sh);
	if (sh == NULL)
		abort();
	db_share_init(sh, true);
	return sh;
}

void
db_share_free(struct db_share *share)
{
	if (share == NULL)
		return;
	/* Every job of a session is answered before the session goes. */
	if (!TAILQ_EMPTY(&share->queue[DB_READ]) ||
	    !TAILQ_EMPTY(&share->queue[DB_WRITE]) || share->is_ready[0] ||
	    share->is_ready[1])
		abort();
	free(share);
}

size_t
db_share_pending(const struct db_share *share, enum db_job_kind kind)
{
	return share->pending[kind];
}

/* Queue a job in its share (at the head: a retry keeps its turn) and put
 * the share in the ready list of the job's kind. */
static void
db_enqueue(struct db_pool *pool, struct db_job *job, bool head)
{
	struct db_share *sh = job->share;
	enum db_job_kind k = job->kind;

	if (job->quick) {
		TAILQ_INSERT_TAIL(&pool->quick, job, entry);
		pool->nquick++;
		pool->queued++;
		return;
	}
	if (head)
		TAILQ_INSERT_HEAD(&sh->queue[k], job, entry);
	else
		TAILQ_INSERT_TAIL(&sh->queue[k], job, entry);
	if (!sh->is_ready[k]) {
		if (head)
			TAILQ_INSERT_HEAD(&pool->ready[k], sh, ready[k]);
		else
			TAILQ_INSERT_TAIL(&pool->ready[k], sh, ready[k]);
		sh->is_ready[k] = true;
	} else if (head) {
		TAILQ_REMOVE(&pool->ready[k], sh, ready[k]);
		TAILQ_INSERT_HEAD(&pool->ready[k], sh, ready[k]);
	}
	pool->nqueued[k]++;
	pool->queued++;
}

/* The job db_take would take next. */
static struct db_job *
db_peek(struct db_pool *pool, enum db_job_kind kind)
{
	if (kind == DB_READ && pool->nquick > 0)
		return TAILQ_FIRST(&pool->quick);
	struct db_share *sh = TAILQ_FIRST(&pool->ready[kind]);
	return sh != NULL ? TAILQ_FIRST(&sh->queue[kind]) : NULL;
}

/* The first job of the first ready share; the share goes to the back. */
static struct db_job *
db_take(struct db_pool *pool, enum db_job_kind kind)
{
	struct db_share *sh = TAILQ_FIRST(&pool->ready[kind]);
	struct db_job *job;

	if (kind == DB_READ && pool->nquick > 0) {
		job = TAILQ_FIRST(&pool->quick);
		TAILQ_REMOVE(&pool->quick, job, entry);
		pool->nquick--;
		pool->queued--;
		return job;
	}
	if (sh == NULL)
		return NULL;
	job = TAILQ_FIRST(&sh->queue[kind]);
	TAILQ_REMOVE(&sh->queue[kind], job, entry);
	TAILQ_REMOVE(&pool->ready[kind], sh, ready[kind]);
	if (TAILQ_EMPTY(&sh->queue[kind]))
		sh->is_ready[kind] = false;
	else
		TAILQ_INSERT_TAIL(&pool->ready[kind], sh, ready[kind]);
	pool->nqueued[kind]--;
	pool->queued--;
	return job;
}

/* With two connections or more, reads leave one for writes. */
static bool
db_reads_allowed(const struct db_pool *pool)
{
	return pool->cfg.size < 2 || pool->read_conns < pool->cfg.size - 1;
}

static void
db_job_finish(struct db_job *job, const PGresult *res,
              const struct db_error *err)
{
	if (job->finished)
		return;
	job->finished = true;
	/* Before the callback: it may free the session owning the share. */
	if (job->counted) {
		job->counted = false;
		job->share->pending[job->kind]--;
	}
	job->done(job, res, err, job->arg);
}

static void
db_job_fail(struct db_job *job, int code, const char *msg)
{
	struct db_error err;
	memset(&err, 0, sizeof err);
	err.code = code;
	snprintf(err.message, sizeof err.message, "%s", msg);
	db_job_finish(job, NULL, &err);
	db_job_free(job);
}

/* ------------------------------------------------------------------ pool */

struct db_pool *
db_pool_new(struct event_base *base, const struct db_pool_config *cfg)
{
	struct db_pool *pool = calloc(1, sizeof *pool);
	if (pool == NULL)
		abort();
	pool->base = base;
	pool->cfg = *cfg;
	pool->conninfo = strdup(cfg->conninfo != NULL ? cfg->conninfo : "");
	pool->cfg.conninfo = pool->conninfo;
	db_share_init(&pool->own, false);
	TAILQ_INIT(&pool->quick);
	TAILQ_INIT(&pool->ready[DB_READ]);
	TAILQ_INIT(&pool->ready[DB_WRITE]);
	snprintf(pool->timeout_text, sizeof pool->timeout_text, "%ld",
	         cfg->query_timeout_s * 1000);
	pool->conns = calloc((size_t)cfg->size, sizeof *pool->conns);
	if (pool->conns == NULL || pool->conninfo == NULL)
		abort();
	for (int i = 0; i < cfg->size; i++) {
		struct db_conn *c = &pool->conns[i];
		c->pool = pool;
		c->index = i;
		c->fd = -1;
		c->state = DB_WAITING;
		c->backoff_ms = DB_BACKOFF_MIN_MS;
		TAILQ_INIT(&c->batch);
		c->ev_timer = evtimer_new(base, db_on_timer, c);
		db_connect_start(c);
	}
	return pool;
}

void
db_pool_free(struct db_pool *pool)
{
	if (pool == NULL)
		return;
	for (int i = 0; i < pool->cfg.size; i++) {
		struct db_conn *c = &pool->conns[i];
		struct db_job *job;
		db_unwatch(c);
		if (c->ev_timer != NULL)
			event_free(c->ev_timer);
		while ((job = TAILQ_FIRST(&c->batch)) != NULL) {
			TAILQ_REMOVE(&c->batch, job, entry);
			db_job_fail(job, ANSINH__V1__CODE__UNAVAILABLE,
			            "daemon stopping");
		}
		if (c->pg != NULL)
			PQfinish(c->pg);
		free(c->ops);
	}
	db_fail_queued(pool, "daemon stopping");
	free(pool->conns);
	free(pool->conninfo);
	free(pool);
}

static size_t
db_conns_up(const struct db_pool *pool)
{
	size_t n = 0;
	for (int i = 0; i < pool->cfg.size; i++) {
		enum db_state s = pool->conns[i].state;
		if (s == DB_IDLE || s == DB_BUSY)
			n++;
	}
	return n;
}

bool
db_pool_ready(const struct db_pool *pool)
{
	return db_conns_up(pool) > 0;
}

bool
db_pool_idle(const struct db_pool *pool)
{
	if (pool->queued > 0)
		return false;
	for (int i = 0; i < pool->cfg.size; i++) {
		if (pool->conns[i].state == DB_BUSY)
			return false;
	}
	return true;
}

void
db_pool_stats(const struct db_pool *pool, struct db_stats *out)
{
	*out = pool->stats;
	out->conns_up = out->conns_busy = out->conns_down = 0;
	out->size = pool->cfg.size;
	for (int i = 0; i < pool->cfg.size; i++) {
		switch (pool->conns[i].state) {
		case DB_BUSY:
			out->conns_busy++;
			/* FALLTHROUGH */
		case DB_IDLE:
			out->conns_up++;
			break;
		default:
			out->conns_down++;
		}
	}
	out->queued = pool->queued;
}

/* Up, or on the way up: a job may wait for a connection attempt in progress
 * (it is failed with UNAVAILABLE if the attempt fails). */
static bool
db_conns_hopeful(const struct db_pool *pool)
{
	for (int i = 0; i < pool->cfg.size; i++) {
		if (pool->conns[i].state != DB_WAITING)
			return true;
	}
	return false;
}

enum db_submit_result
db_submit(struct db_pool *pool, struct db_job *job)
{
	if (!db_conns_hopeful(pool)) {
		db_job_free(job);
		return DB_DOWN;
	}
	if (pool->queued >= (size_t)pool->cfg.max_queue) {
		db_job_free(job);
		return DB_QUEUE_FULL;
	}
	if (job->share == NULL)
		job->share = &pool->own;
	job->counted = true;
	job->share->pending[job->kind]++;
	db_enqueue(pool, job, false);
	db_dispatch(pool);
	return DB_SUBMITTED;
}

static void
db_fail_queued(struct db_pool *pool, const char *why)
{
	for (int k = 0; k < 2; k++) {
		struct db_job *job;
		while ((job = db_take(pool, (enum db_job_kind)k)) != NULL)
			db_job_fail(job, ANSINH__V1__CODE__UNAVAILABLE, why);
	}
}

/* ------------------------------------------------------ connection states */

static void
db_set_state(struct db_conn *c, enum db_state state)
{
	if (c->state == state)
		return;
	log_debug("db state", "conn=%d from=%s to=%s", c->index,
	          db_state_names[c->state], db_state_names[state]);
	/* batch_is_write does not change while the connection is busy. */
	if (c->state == DB_BUSY && !c->batch_is_write)
		c->pool->read_conns--;
	if (state == DB_BUSY && !c->batch_is_write)
		c->pool->read_conns++;
	c->state = state;
}

static void
db_notice(void *arg, const char *message)
{
	struct db_conn *c = arg;
	log_debug("db notice", "conn=%d notice=%s", c->index, log_q(message));
}

static void
db_connect_start(struct db_conn *c)
{
	const char *keys[4];
	const char *vals[4];
	int n = 0;

	/* Earlier keywords are overridden by what the conninfo says. */
	keys[n] = "options";
	/* jit=off: the daemon's statements are short; PostgreSQL's row
	 * estimates for set-returning functions (1000 per call, multiplied
	 * through joins) would otherwise make it JIT-compile a one-row lookup,
	 * costing 100-300 ms per call. */
	vals[n++] =
	    "-c DateStyle=ISO -c TimeZone=UTC -c IntervalStyle=iso_8601 "
	    "-c jit=off";
	keys[n] = "fallback_application_name";
	vals[n++] = "ansinhd";
	if (c->pool->conninfo[0] != '\0') {
		keys[n] = "dbname";
		vals[n++] = c->pool->conninfo;
	}
	keys[n] = NULL;
	vals[n] = NULL;

	db_set_state(c, DB_CONNECTING);
	c->pg = PQconnectStartParams(keys, vals, 1);
	if (c->pg == NULL || PQstatus(c->pg) == CONNECTION_BAD) {
		db_conn_broken(c, c->pg != NULL ? PQerrorMessage(c->pg)
		                                : "out of memory");
		return;
	}
	PQsetNoticeProcessor(c->pg, db_notice, c);
	db_connect_poll(c);
}

static void
db_connect_poll(struct db_conn *c)
{
	switch (PQconnectPoll(c->pg)) {
	case PGRES_POLLING_READING:
		if (!db_watch(c, true, false))
			db_conn_broken(c, "cannot watch socket");
		return;
	case PGRES_POLLING_WRITING:
		if (!db_watch(c, false, true))
			db_conn_broken(c, "cannot watch socket");
		return;
	case PGRES_POLLING_FAILED:
		db_conn_broken(c, PQerrorMessage(c->pg));
		return;
	case PGRES_POLLING_OK:
		break;
	default:
		return;
	}
	if (PQsetnonblocking(c->pg, 1) != 0 || !PQenterPipelineMode(c->pg)) {
		db_conn_broken(c, PQerrorMessage(c->pg));
		return;
	}
	db_set_state(c, DB_CHECKING);
	c->nops = c->next_op = 0;
	if (!db_op_push(c, OP_CHECK, NULL) || !db_op_push(c, OP_SYNC, NULL) ||
	    !db_send_op(c, &c->ops[0]) || !db_send_op(c, &c->ops[1]) ||
	    !db_flush(c)) {
		db_conn_broken(c, PQerrorMessage(c->pg));
		return;
	}
}

/*
 * The connection is lost or unusable: fail its batch (nothing was
 * acknowledged, so UNAVAILABLE is the truth: a retry with the same
 * request_id is safe), close it and schedule a new attempt.
 */
static void
db_conn_broken(struct db_conn *c, const char *why)
{
	struct db_pool *pool = c->pool;
	struct db_job *job;
	char reason[256];
	struct timeval tv;

	snprintf(reason, sizeof reason, "%s", why != NULL ? why : "");
	reason[strcspn(reason, "\n")] = '\0';
	if (c->state == DB_CONNECTING || c->state == DB_WAITING)
		log_debug("db connect failed", "conn=%d err=%s retry_ms=%d",
		          c->index, log_q(reason), c->backoff_ms);
	else
		log_warn("db connection lost", "conn=%d err=%s retry_ms=%d",
		         c->index, log_q(reason), c->backoff_ms);
	db_unwatch(c);
	while ((job = TAILQ_FIRST(&c->batch)) != NULL) {
		TAILQ_REMOVE(&c->batch, job, entry);
		/* The COMMIT's answer may have arrived before the connection
		 * broke (a fast shutdown sends its error where the sync was
		 * expected): those writes are durable and must be answered
		 * OK, never UNAVAILABLE ("nothing was written"). */
		if (c->batch_is_write && c->committed && job->res != NULL) {
			db_job_finish(job, job->res, NULL);
			db_job_free(job);
			continue;
		}
		db_job_fail(job, ANSINH__V1__CODE__UNAVAILABLE,
		            "database connection lost; nothing was "
		            "acknowledged, retry");
	}
	c->committed = false;
	c->nops = c->next_op = 0;
	c->nprepared = 0; /* a new connection has none */
	if (c->pg != NULL) {
		PQfinish(c->pg);
		c->pg = NULL;
	}
	c->need_rollback = false;
	db_set_state(c, DB_WAITING);
	if (!db_conns_hopeful(pool))
		db_fail_queued(pool, "database unavailable; nothing was "
		                     "written, retry later");

	tv.tv_sec = c->backoff_ms / 1000;
	tv.tv_usec = (c->backoff_ms % 1000) * 1000;
	evtimer_add(c->ev_timer, &tv);
	c->backoff_ms *= 2;
	if (c->backoff_ms > DB_BACKOFF_MAX_MS)
		c->backoff_ms = DB_BACKOFF_MAX_MS;
}

static void
db_on_timer(evutil_socket_t fd, short what, void *arg)
{
	struct db_conn *c = arg;
	(void)fd;
	(void)what;
	c->pool->stats.reconnects++;
	db_connect_start(c);
}

static bool
db_watch(struct db_conn *c, bool read, bool write)
{
	int fd = PQsocket(c->pg);
	if (fd < 0)
		return false;
	if (fd != c->fd) {
		db_unwatch(c);
		c->fd = fd;
		c->ev_read = event_new(c->pool->base, fd, EV_READ | EV_PERSIST,
		                       db_on_io, c);
		c->ev_write =
		    event_new(c->pool->base, fd, EV_WRITE, db_on_io, c);
		if (c->ev_read == NULL || c->ev_write == NULL)
			return false;
	}
	if (read)
		event_add(c->ev_read, NULL);
	else
		event_del(c->ev_read);
	if (write)
		event_add(c->ev_write, NULL);
	else
		event_del(c->ev_write);
	return true;
}

static void
db_unwatch(struct db_conn *c)
{
	if (c->ev_read != NULL)
		event_free(c->ev_read);
	if (c->ev_write != NULL)
		event_free(c->ev_write);
	c->ev_read = c->ev_write = NULL;
	c->fd = -1;
}

static void
db_on_io(evutil_socket_t fd, short what, void *arg)
{
	struct db_conn *c = arg;
	(void)fd;

	if (c->state == DB_CONNECTING) {
		db_connect_poll(c);
		return;
	}
	if ((what & EV_WRITE) && !db_flush(c)) {
		db_conn_broken(c, PQerrorMessage(c->pg));
		return;
	}
	if (what & EV_READ) {
		if (!PQconsumeInput(c->pg)) {
			db_conn_broken(c, PQerrorMessage(c->pg));
			return;
		}
		db_drain_results(c);
	}
}

/* ----------------------------------------------------------- dispatching */

/*
 * Hand queued work to idle connections. A batch takes its part of the
 * queue, not all of it: with 40 writes queued and 4 idle connections each
 * commits 10, instead of one connection running 40 in a row while three
 * wait (the part is still at least 1 and at most --max-batch, or
 * DB_READ_BATCH_MAX reads). Jobs are taken from the shares in turn. Reads
 * never take the last idle connection of a pool of two or more: a write
 * never waits behind reads, however slow.
 */
static void
db_dispatch(struct db_pool *pool)
{
	int idle = 0;
	for (int i = 0; i < pool->cfg.size; i++)
		idle += pool->conns[i].state == DB_IDLE;
	for (int i = 0; i < pool->cfg.size && pool->queued > 0; i++) {
		struct db_conn *c = &pool->conns[i];
		if (c->state != DB_IDLE)
			continue;
		bool w = pool->nqueued[DB_WRITE] > 0;
		bool r = pool->nquick > 0 ||
		         (pool->nqueued[DB_READ] > 0 && db_reads_allowed(pool));
		if (!w && !r)
			return;
		/* Quick reads first; with work in both queues, alternate so
		 * neither starves. */
		c->batch_is_write =
		    w && pool->nquick == 0 && (!r || !pool->last_batch_write);
		pool->last_batch_write = c->batch_is_write;
		enum db_job_kind kind = c->batch_is_write ? DB_WRITE : DB_READ;
		size_t queued = c->batch_is_write  ? pool->nqueued[DB_WRITE]
		                : pool->nquick > 0 ? pool->nquick
		                                   : pool->nqueued[DB_READ];
		size_t part = (queued + (size_t)idle - 1) / (size_t)idle;
		size_t max = c->batch_is_write ? (size_t)pool->cfg.max_batch
		                               : DB_READ_BATCH_MAX;
		if (part > max)
			part = max;
		idle--;
		size_t taken = 0;
		struct db_job *job;
		while ((job = db_peek(pool, kind)) != NULL && taken < part) {
			if (c->batch_is_write && job->solo && taken > 0)
				break;
			job = db_take(pool, kind);
			TAILQ_INSERT_TAIL(&c->batch, job, entry);
			taken++;
			if (c->batch_is_write && job->solo)
				break;
		}
		if (!db_send_batch(c))
			db_conn_broken(c, PQerrorMessage(c->pg));
	}
}

static bool
db_op_push(struct db_conn *c, enum db_op_kind kind, struct db_job *job)
{
	if (c->nops == c->ops_cap) {
		size_t cap = c->ops_cap ? c->ops_cap * 2 : 64;
		struct db_op *ops = realloc(c->ops, cap * sizeof *ops);
		if (ops == NULL)
			return false;
		c->ops = ops;
		c->ops_cap = cap;
	}
	c->ops[c->nops].kind = kind;
	c->ops[c->nops].job = job;
	c->ops[c->nops].got_result = false;
	c->ops[c->nops].sql = NULL;
	c->nops++;
	return true;
}

static bool
db_send_op(struct db_conn *c, const struct db_op *op)
{
	PGconn *pg = c->pg;
	struct db_job *job = op->job;

	switch (op->kind) {
	case OP_ROLLBACK:
		return PQsendQueryParams(pg, "ROLLBACK", 0, NULL, NULL, NULL,
		                         NULL, 0) == 1;
	case OP_BEGIN:
		return PQsendQueryParams(pg, "BEGIN", 0, NULL, NULL, NULL, NULL,
		                         0) == 1;
	case OP_COMMIT:
		return PQsendQueryParams(pg, "COMMIT", 0, NULL, NULL, NULL,
		                         NULL, 0) == 1;
	case OP_SYNC:
		return PQpipelineSync(pg) == 1;
	case OP_CHECK:
		return PQsendQueryParams(pg, db_check_sql, 0, NULL, NULL, NULL,
		                         NULL, 0) == 1;
	case OP_CONTEXT:
		if (c->batch_is_write)
			return db_send_prepared(
			    c, db_context_sql, 2,
			    (const char *const *)job->context);
		if (!c->batch_is_write && job->share->timed &&
		    c->pool->cfg.query_timeout_s > 0) {
			const char *p[3] = {job->context[0], job->context[1],
			                    c->pool->timeout_text};
			return PQsendQueryParams(pg, db_context_timed_sql, 3,
			                         NULL, p, NULL, NULL, 0) == 1;
		}
		return PQsendQueryParams(pg, db_context_sql, 2, NULL,
		                         (const char *const *)job->context,
		                         NULL, NULL, 0) == 1;
	case OP_STMT:
		if (c->batch_is_write && job->sql_kept)
			return db_send_prepared(
			    c, job->sql, job->nparams,
			    (const char *const *)job->params);
		return PQsendQueryParams(pg, job->sql, job->nparams, NULL,
		                         (const char *const *)job->params, NULL,
		                         NULL, 0) == 1;
	case OP_PREPARE: {
		char name[32];
		bool fresh;
		snprintf(name, sizeof name, "ansinh_s%d",
		         db_prepared_index(c, op->sql, &fresh));
		return PQsendPrepare(pg, name, op->sql, 0, NULL) == 1;
	}
	case OP_SET:
		return db_send_set(c, op);
	}
	return false;
}

/* Whether the write may go in a SET op. */
static bool
db_set_eligible(const struct db_conn *c, const struct db_job *job)
{
	return c->batch_is_write && job->set_sql != NULL && !job->solo &&
	       job->has_context && job->context[0] != NULL && !job->in_set;
}

/* Gather into head's group the later writes of the batch with the same
 * set statement, except one with a write of its session between: the
 * group runs where head stands. Returns the group's size. */
static size_t
db_set_group(struct db_conn *c, struct db_job *head)
{
	size_t n = 1;
	struct db_job *last = head;

	head->in_set = true;
	head->set_next = NULL;
	for (struct db_job *k = TAILQ_NEXT(head, entry); k != NULL;
	     k = TAILQ_NEXT(k, entry)) {
		if (!db_set_eligible(c, k) || k->set_sql != head->set_sql ||
		    k->nparams != head->nparams)
			continue;
		bool blocked = false;
		for (struct db_job *m = TAILQ_NEXT(head, entry);
		     m != k && !blocked; m = TAILQ_NEXT(m, entry))
			blocked = !m->in_set && m->share == k->share;
		if (blocked)
			continue;
		k->in_set = true;
		k->set_next = NULL;
		last->set_next = k;
		last = k;
		n++;
	}
	return n;
}

/* The index of sql among the connection's prepared statements; *fresh
 * when it is to be prepared (a new slot is taken, or -1 when full). */
static int
db_prepared_index(struct db_conn *c, const char *sql, bool *fresh)
{
	for (size_t i = 0; i < c->nprepared; i++) {
		if (c->prepared[i] == sql) {
			*fresh = c->prepared_state[i] == 0;
			return (int)i;
		}
	}
	*fresh = true;
	if (c->nprepared >= DB_PREPARED_MAX)
		return -1;
	c->prepared[c->nprepared] = sql;
	c->prepared_state[c->nprepared] = 0;
	return (int)c->nprepared++;
}

/* Before the first use of sql on this connection in a batch: its PREPARE. */
static bool
db_push_prepare(struct db_conn *c, const char *sql)
{
	bool fresh;
	int idx = db_prepared_index(c, sql, &fresh);

	if (idx < 0 || !fresh)
		return true;
	if (!db_op_push(c, OP_PREPARE, NULL))
		return false;
	c->ops[c->nops - 1].sql = sql;
	c->prepared_state[idx] = 1;
	return true;
}

/* sql through its prepared statement when it has one (or its PREPARE was
 * sent before, in this batch), else as it is. */
static bool
db_send_prepared(struct db_conn *c, const char *sql, int n,
                 const char *const *values)
{
	bool fresh;
	int idx = db_prepared_index(c, sql, &fresh);

	if (idx >= 0 &&
	    (c->prepared_state[idx] == 1 || c->prepared_state[idx] == 2)) {
		char name[32];
		snprintf(name, sizeof name, "ansinh_s%d", idx);
		return PQsendQueryPrepared(c->pg, name, n, values, NULL, NULL,
		                           0) == 1;
	}
	return PQsendQueryParams(c->pg, sql, n, NULL, values, NULL, NULL, 0) ==
	       1;
}

/* The SET op: one array per parameter, element i the i-th write's. */
static bool
db_send_set(struct db_conn *c, const struct db_op *op)
{
	struct db_job *head = op->job;
	int np = head->nparams + 1;
	struct pgarray arr[DB_MAX_PARAMS + 1];
	const char *vals[DB_MAX_PARAMS + 1] = {0};
	bool ok;

	for (int p = 0; p < np; p++) {
		pgarray_init(&arr[p]);
		for (struct db_job *j = head; j != NULL; j = j->set_next) {
			const char *v =
			    p == 0 ? j->context[0] : j->params[p - 1];
			if (v != NULL)
				pgarray_add(&arr[p], v);
			else
				pgarray_add_null(&arr[p]);
		}
		vals[p] = pgarray_finish(&arr[p]);
	}
	ok = db_send_prepared(c, head->set_sql, np, vals);
	for (int p = 0; p < np; p++)
		pgarray_free(&arr[p]);
	return ok;
}

static bool
db_send_batch(struct db_conn *c)
{
	struct db_job *job;
	size_t njobs = 0;

	c->nops = c->next_op = 0;
	c->committed = false;
	c->batch_failed = false;
	if (c->need_rollback) {
		if (!db_op_push(c, OP_ROLLBACK, NULL) ||
		    !db_op_push(c, OP_SYNC, NULL))
			return false;
		c->need_rollback = false;
	}
	if (c->batch_is_write && !db_op_push(c, OP_BEGIN, NULL))
		return false;
	c->batch_had_set = false;
	TAILQ_FOREACH(job, &c->batch, entry)
	job->in_set = false;
	TAILQ_FOREACH(job, &c->batch, entry)
	{
		njobs++;
		if (job->in_set)
			continue; /* in an earlier write's SET op */
		size_t n = db_set_eligible(c, job) ? db_set_group(c, job) : 0;
		if (n > 0 && n < DB_SET_MIN) {
			job->in_set = false; /* alone: its own statement */
			n = 0;
		}
		if (n > 0) {
			if (!db_push_prepare(c, job->set_sql) ||
			    !db_op_push(c, OP_SET, job))
				return false;
			c->batch_had_set = true;
			c->pool->stats.set_statements++;
			c->pool->stats.set_jobs += n;
			continue;
		}
		if (c->batch_is_write &&
		    ((job->has_context &&
		      !db_push_prepare(c, db_context_sql)) ||
		     (job->sql_kept && !db_push_prepare(c, job->sql))))
			return false;
		if (job->has_context && !db_op_push(c, OP_CONTEXT, job))
			return false;
		if (!db_op_push(c, OP_STMT, job))
			return false;
		if (!c->batch_is_write && !db_op_push(c, OP_SYNC, job))
			return false;
	}
	if (c->batch_is_write &&
	    (!db_op_push(c, OP_COMMIT, NULL) || !db_op_push(c, OP_SYNC, NULL)))
		return false;
	for (size_t i = 0; i < c->nops; i++) {
		if (!db_send_op(c, &c->ops[i]))
			return false;
	}
	if (c->batch_is_write) {
		c->pool->stats.batches++;
		c->pool->stats.batch_jobs += njobs;
	}
	log_debug("db batch", "conn=%d kind=%s jobs=%zu ops=%zu", c->index,
	          c->batch_is_write ? "write" : "read", njobs, c->nops);
	db_set_state(c, DB_BUSY);
	return db_flush(c);
}

/* Send what libpq has buffered; watch for writability while some is left. */
static bool
db_flush(struct db_conn *c)
{
	int r = PQflush(c->pg);
	if (r < 0)
		return false;
	return db_watch(c, true, r == 1);
}

/* ---------------------------------------------------------------- results */

static void
db_drain_results(struct db_conn *c)
{
	while (c->next_op < c->nops) {
		struct db_op *op = &c->ops[c->next_op];
		if (PQisBusy(c->pg))
			return; /* wait for more input */
		PGresult *res = PQgetResult(c->pg);
		if (op->kind == OP_SYNC) {
			if (res == NULL)
				return; /* nothing more yet */
			ExecStatusType st = PQresultStatus(res);
			PQclear(res);
			if (st != PGRES_PIPELINE_SYNC) {
				db_conn_broken(c, "unexpected result at sync");
				return;
			}
			/* A read job ends at its sync: it was answered at its
			 * statement, or it failed or was aborted before. */
			if (op->job != NULL) {
				struct db_job *job = op->job;
				TAILQ_REMOVE(&c->batch, job, entry);
				if (!job->finished && !job->has_err) {
					job->err.code =
					    ANSINH__V1__CODE__INTERNAL;
					snprintf(job->err.message,
					         sizeof job->err.message,
					         "query produced no result");
				}
				db_job_finish(job, NULL, &job->err);
				db_job_free(job);
			}
			c->next_op++;
			continue;
		}
		if (res == NULL) {
			if (!op->got_result) {
				db_conn_broken(c, "missing result");
				return;
			}
			c->next_op++;
			continue;
		}
		if (op->got_result) {
			PQclear(res); /* a second result set: not expected */
			continue;
		}
		op->got_result = true;
		db_handle_result(c, op, res);
	}
	if (c->state == DB_CHECKING) {
		if (c->pool->schema_ok) {
			c->backoff_ms = DB_BACKOFF_MIN_MS;
			db_set_state(c, DB_IDLE);
			log_info("db connected", "conn=%d schema=%d", c->index,
			         c->pool->stats.schema_found);
			db_dispatch(c->pool);
		} else {
			c->backoff_ms = DB_BACKOFF_MAX_MS;
			db_conn_broken(c, "schema is older than this daemon");
		}
		return;
	}
	db_batch_done(c);
}

static void
db_handle_result(struct db_conn *c, struct db_op *op, PGresult *res)
{
	ExecStatusType st = PQresultStatus(res);
	struct db_job *job = op->job;
	bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;

	switch (op->kind) {
	case OP_CHECK:
		if (st == PGRES_TUPLES_OK && PQntuples(res) == 1) {
			int v = atoi(PQgetvalue(res, 0, 0));
			c->pool->stats.schema_found = v;
			c->pool->schema_ok = v >= c->pool->cfg.schema_version;
			if (v < c->pool->cfg.schema_version)
				log_error("schema too old",
				          "found=%d expected=%d hint=%s", v,
				          c->pool->cfg.schema_version,
				          log_q("run ansinhd migrate"));
			else if (v > c->pool->cfg.schema_version)
				log_warn("schema newer than daemon",
				         "found=%d expected=%d", v,
				         c->pool->cfg.schema_version);
		} else {
			c->pool->schema_ok = false;
			log_error("schema check failed", "err=%s",
			          log_q(PQresultErrorMessage(res)));
		}
		PQclear(res);
		return;
	case OP_ROLLBACK:
		PQclear(res);
		return;
	case OP_BEGIN:
	case OP_COMMIT:
		if (op->kind == OP_COMMIT && st == PGRES_COMMAND_OK &&
		    strcmp(PQcmdStatus(res), "COMMIT") == 0)
			c->committed = true;
		else if (!ok)
			c->batch_failed = true;
		PQclear(res);
		return;
	case OP_PREPARE: {
		bool fresh;
		int idx = db_prepared_index(c, op->sql, &fresh);
		if (idx >= 0)
			c->prepared_state[idx] = st == PGRES_COMMAND_OK ? 2
			                         : st == PGRES_PIPELINE_ABORTED
			                             ? 0
			                             : 3;
		if (st != PGRES_COMMAND_OK && st != PGRES_PIPELINE_ABORTED) {
			c->batch_failed = true;
			log_warn("db statement not prepared", "conn=%d err=%s",
			         c->index, log_q(PQresultErrorMessage(res)));
		}
		PQclear(res);
		return;
	}
	case OP_CONTEXT:
	case OP_STMT:
	case OP_SET:
		break;
	case OP_SYNC:
		PQclear(res);
		return;
	}

	if (st == PGRES_PIPELINE_ABORTED) {
		PQclear(res);
		return;
	}
	if (!ok) {
		c->batch_failed = true;
		if (op->kind == OP_SET)
			log_info("db set statement failed; its writes run one "
			         "by one",
			         "conn=%d err=%s", c->index,
			         log_q(PQresultErrorMessage(res)));
		if (!job->has_err) {
			db_error_from_result(&job->err, res);
			job->has_err = true;
		}
		PQclear(res);
		return;
	}
	if (op->kind == OP_CONTEXT) {
		PQclear(res);
		return;
	}
	if (op->kind == OP_SET) {
		db_set_results(c, job, res);
		return;
	}
	if (c->batch_is_write) {
		job->res = res; /* answered after COMMIT */
		return;
	}
	/* A read: answer now, free the job at its sync. */
	db_job_finish(job, res, NULL);
	PQclear(res);
}

/* Each write of the SET op gets its row as a result of its own (the
 * columns of the set statement's result). A wrong number of rows fails the
 * batch: its writes then run one by one. */
static void
db_set_results(struct db_conn *c, struct db_job *head, PGresult *res)
{
	size_t n = 0;
	int nf = PQnfields(res);
	PGresAttDesc attrs[64];

	for (struct db_job *j = head; j != NULL; j = j->set_next)
		n++;
	if ((size_t)PQntuples(res) != n || nf > 64) {
		c->batch_failed = true;
		head->has_err = true;
		head->err.code = ANSINH__V1__CODE__INTERNAL;
		snprintf(head->err.message, sizeof head->err.message,
		         "set statement answered %d rows for %zu writes",
		         PQntuples(res), n);
		log_error("db set statement", "conn=%d err=%s", c->index,
		          log_q(head->err.message));
		PQclear(res);
		return;
	}
	for (int f = 0; f < nf; f++) {
		attrs[f].name = PQfname(res, f);
		attrs[f].tableid = PQftable(res, f);
		attrs[f].columnid = PQftablecol(res, f);
		attrs[f].format = PQfformat(res, f);
		attrs[f].typid = PQftype(res, f);
		attrs[f].typlen = PQfsize(res, f);
		attrs[f].atttypmod = PQfmod(res, f);
	}
	int row = 0;
	for (struct db_job *j = head; j != NULL; j = j->set_next, row++) {
		PGresult *one = PQmakeEmptyPGresult(c->pg, PGRES_TUPLES_OK);
		bool ok = one != NULL && PQsetResultAttrs(one, nf, attrs);
		for (int f = 0; f < nf && ok; f++) {
			bool null = PQgetisnull(res, row, f);
			ok = PQsetvalue(one, 0, f,
			                null ? NULL : PQgetvalue(res, row, f),
			                null ? -1 : PQgetlength(res, row, f));
		}
		if (!ok)
			abort(); /* out of memory */
		PQclear(j->res);
		j->res = one;
	}
	PQclear(res);
}

static void
db_batch_done(struct db_conn *c)
{
	struct db_pool *pool = c->pool;
	struct db_job *job;
	size_t njobs = 0;

	c->nops = c->next_op = 0;
	TAILQ_FOREACH(job, &c->batch, entry)
	njobs++;

	if (c->batch_is_write && !c->committed)
		c->need_rollback = true;

	if (c->batch_is_write && !c->committed &&
	    (njobs > 1 || c->batch_had_set)) {
		/* Run each write again alone, at the head of the queue and in
		 * the original order, so one bad write fails alone. */
		pool->stats.batch_failures++;
		log_info("db batch failed, retrying writes one by one",
		         "conn=%d jobs=%zu", c->index, njobs);
		while ((job = TAILQ_LAST(&c->batch, db_job_list)) != NULL) {
			TAILQ_REMOVE(&c->batch, job, entry);
			PQclear(job->res);
			job->res = NULL;
			job->has_err = false;
			job->solo = true;
			db_enqueue(pool, job, true);
		}
	}
	job = TAILQ_FIRST(&c->batch);
	if (c->batch_is_write && !c->committed && njobs == 1 && job != NULL &&
	    job->has_err && !job->raced &&
	    strcmp(job->err.sqlstate, "23505") == 0) {
		/* A write alone lost a race with another transaction for a
		 * unique key (the write functions check first, but the other
		 * transaction had not committed yet). Run it once more: it now
		 * sees the winner and answers with its own outcome, e.g. where
		 * the citizen ID is registered, instead of the bare violation.
		 */
		log_debug("db write lost a unique-key race, retrying once",
		          "conn=%d", c->index);
		TAILQ_REMOVE(&c->batch, job, entry);
		PQclear(job->res);
		job->res = NULL;
		job->has_err = false;
		job->raced = true;
		job->solo = true;
		db_enqueue(pool, job, true);
	}
	while ((job = TAILQ_FIRST(&c->batch)) != NULL) {
		TAILQ_REMOVE(&c->batch, job, entry);
		if (c->batch_is_write && c->committed && job->res != NULL) {
			db_job_finish(job, job->res, NULL);
		} else if (job->has_err) {
			db_job_finish(job, NULL, &job->err);
		} else {
			struct db_error err;
			memset(&err, 0, sizeof err);
			err.code = ANSINH__V1__CODE__UNAVAILABLE;
			snprintf(err.message, sizeof err.message,
			         "transaction did not commit; retry");
			db_job_finish(job, NULL, &err);
		}
		db_job_free(job);
	}
	db_set_state(c, DB_IDLE);
	db_dispatch(pool);
}

/* ----------------------------------------------------------------- errors */

int
db_map_sqlstate(const char *s)
{
	if (s == NULL || s[0] == '\0')
		return ANSINH__V1__CODE__INTERNAL;
	if (strcmp(s, "23505") == 0)
		return ANSINH__V1__CODE__ALREADY_EXISTS;
	if (strcmp(s, "23503") == 0)
		return ANSINH__V1__CODE__FAILED_PRECONDITION;
	if (strcmp(s, "42501") == 0 || strcmp(s, DB_SQLSTATE_REFUSED) == 0)
		return ANSINH__V1__CODE__PERMISSION_DENIED;
	if (strncmp(s, "23", 2) == 0 || strncmp(s, "22", 2) == 0)
		return ANSINH__V1__CODE__INVALID_ARGUMENT;
	if (strcmp(s, "08P01") == 0)
		return ANSINH__V1__CODE__INTERNAL; /* protocol violation: ours
		                                    */
	if (strcmp(s, "P0002") == 0)
		return ANSINH__V1__CODE__NOT_FOUND;
	if (strcmp(s, "57014") == 0) /* statement timeout (or cancelled) */
		return ANSINH__V1__CODE__DEADLINE_EXCEEDED;
	/* Transient: serialization failures, deadlocks, shutdown, lost
	 * connections, too many connections: nothing was written, retry. */
	if (strncmp(s, "40", 2) == 0 || strncmp(s, "08", 2) == 0 ||
	    strncmp(s, "57", 2) == 0 || strncmp(s, "53", 2) == 0)
		return ANSINH__V1__CODE__UNAVAILABLE;
	return ANSINH__V1__CODE__INTERNAL;
}

static void
db_error_from_result(struct db_error *err, const PGresult *res)
{
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	const char *constraint =
	    PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
	const char *column = PQresultErrorField(res, PG_DIAG_COLUMN_NAME);

	memset(err, 0, sizeof *err);
	snprintf(err->sqlstate, sizeof err->sqlstate, "%s",
	         state != NULL ? state : "");
	snprintf(err->message, sizeof err->message, "%s",
	         msg != NULL ? msg : PQresultErrorMessage(res));
	err->message[strcspn(err->message, "\n")] = '\0';
	snprintf(err->constraint, sizeof err->constraint, "%s",
	         constraint != NULL ? constraint : "");
	snprintf(err->column, sizeof err->column, "%s",
	         column != NULL ? column : "");
	err->code = db_map_sqlstate(err->sqlstate);
	/* An id taken in another ward (sql/migrations/0012: one id, one
	 * record): say so as for any taken id, naming nothing of the other
	 * ward's record. */
	size_t clen = strlen(err->constraint);
	const char *table = PQresultErrorField(res, PG_DIAG_TABLE_NAME);
	if (strcmp(err->sqlstate, "23505") == 0 && table != NULL &&
	    clen == strlen(table) + 7 &&
	    strncmp(err->constraint, table, strlen(table)) == 0 &&
	    strcmp(err->constraint + strlen(table), "_id_key") == 0)
		snprintf(err->message, sizeof err->message,
		         "%s id already exists", table);
	if (err->code == ANSINH__V1__CODE__DEADLINE_EXCEEDED)
		snprintf(
		    err->message, sizeof err->message,
		    "the query ran longer than the daemon's --query-timeout "
		    "and was stopped; nothing was changed: ask for less "
		    "(--limit, --ward) or retry later");
}
