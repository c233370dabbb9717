/*
 * audit_sealer.c — the daemon seals the audit trail on a timer.
 *
 * Every --audit-seal-interval seconds a libevent timer submits one job to the
 * database pool: ansinh_api.seal_audit_events(max, wait => false) (which
 * calls ansinh.seal_audit_events, the sealer's), in its own
 * implicit transaction (a DB_READ job: not batched with the clients'
 * writes). Nothing blocks the loop: the job is asynchronous like every
 * other, the function gives up at once if another daemon or `ansinhd audit
 * seal` is sealing, and the timer skips a tick while its previous job is
 * still running or no database connection is up. When a seal had to leave
 * events over, the next one is submitted at once.
 */
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "log.h"

struct audit_sealer {
	struct event *ev;
	struct db_pool *pool;
	struct timeval interval;
	void (*idle)(void *arg);
	void *arg;
	bool busy;     /* a seal job is in flight */
	bool stopped;  /* no more jobs */
	bool orphaned; /* freed while busy: the job's callback frees it */
	struct audit_sealer_counts counts;
};

static void audit_sealer_tick(evutil_socket_t fd, short what, void *arg);
static void audit_sealer_done(struct db_job *job, const PGresult *res,
                              const struct db_error *err, void *arg);

static const char audit_sealer_sql[] =
    "SELECT seal_id, event_count, first_event_id, last_event_id, "
    "encode(hash, 'hex'), more "
    "FROM ansinh_api.seal_audit_events($1::int, false)";

struct audit_sealer *
audit_sealer_new(struct event_base *base, struct db_pool *pool, long interval_s,
                 void (*idle)(void *arg), void *arg)
{
	struct audit_sealer *s = calloc(1, sizeof *s);
	if (s == NULL)
		abort();
	s->pool = pool;
	s->idle = idle;
	s->arg = arg;
	s->interval.tv_sec = interval_s;
	s->ev = event_new(base, -1, EV_PERSIST, audit_sealer_tick, s);
	if (s->ev == NULL)
		abort();
	if (interval_s > 0)
		event_add(s->ev, &s->interval);
	else
		s->stopped = true;
	return s;
}

void
audit_sealer_stop(struct audit_sealer *s)
{
	if (s == NULL)
		return;
	s->stopped = true;
	event_del(s->ev);
}

void
audit_sealer_counts(const struct audit_sealer *s,
                    struct audit_sealer_counts *out)
{
	if (s == NULL) {
		memset(out, 0, sizeof *out);
		return;
	}
	*out = s->counts;
}

void
audit_sealer_free(struct audit_sealer *s)
{
	if (s == NULL)
		return;
	audit_sealer_stop(s);
	event_free(s->ev);
	s->ev = NULL;
	if (s->busy) {
		s->orphaned = true; /* audit_sealer_done frees it */
		return;
	}
	free(s);
}

static void
audit_sealer_tick(evutil_socket_t fd, short what, void *arg)
{
	struct audit_sealer *s = arg;
	(void)fd;
	(void)what;

	if (s->busy || s->stopped || !db_pool_ready(s->pool))
		return;
	struct db_job *job =
	    db_job_new(DB_READ, audit_sealer_sql, audit_sealer_done, s);
	db_job_param_int(job, AUDIT_SEAL_MAX_EVENTS);
	switch (db_submit(s->pool, job)) {
	case DB_SUBMITTED:
		s->busy = true;
		break;
	case DB_QUEUE_FULL:
		log_debug("audit seal skipped", "reason=%s", "queue full");
		break;
	case DB_DOWN:
		log_debug("audit seal skipped", "reason=%s", "database down");
		break;
	}
}

static void
audit_sealer_done(struct db_job *job, const PGresult *res,
                  const struct db_error *err, void *arg)
{
	struct audit_sealer *s = arg;
	bool more = false;
	(void)job;

	s->busy = false;
	if (s->orphaned) {
		free(s);
		return;
	}
	if (err != NULL) {
		log_warn("audit seal failed", "err=%s", log_q(err->message));
	} else if (PQntuples(res) == 1) {
		/* first/last: its ward events' ids, "-" when it holds
		 * district and reference events only. */
		bool ward = !PQgetisnull(res, 0, 2);
		log_info("audit sealed",
		         "seal=%s events=%s first=%s last=%s "
		         "hash=%s",
		         PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1),
		         ward ? PQgetvalue(res, 0, 2) : "-",
		         ward ? PQgetvalue(res, 0, 3) : "-",
		         PQgetvalue(res, 0, 4));
		more = PQgetvalue(res, 0, 5)[0] == 't';
		s->counts.seals++;
		s->counts.events += strtoull(PQgetvalue(res, 0, 1), NULL, 10);
	} else {
		s->counts.empty++;
	}
	if (more && !s->stopped)
		event_active(s->ev, EV_TIMEOUT, 0);
	if (s->idle != NULL)
		s->idle(s->arg);
}
