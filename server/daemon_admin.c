/*
 * daemon_admin.c — the HTTP admin endpoint of `ansinhd serve`: /healthz,
 * /readyz and /metrics (Prometheus text; docs/grafana-dashboard.json reads
 * it).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/http.h>
#include <event2/listener.h>

#include "audit.h"
#include "daemon.h"
#include "log.h"
#include "op.h"
#include "peer.h"
#include "rules.h"

static void daemon_admin_health(struct evhttp_request *r, void *arg);
static void daemon_admin_ready(struct evhttp_request *r, void *arg);
static void daemon_admin_metrics(struct evhttp_request *r, void *arg);
static void daemon_on_seal_status(struct db_job *job, const PGresult *res,
                                  const struct db_error *err, void *arg);
static void daemon_metrics_reply(struct daemon *d, struct evhttp_request *r,
                                 const PGresult *seals);
static void daemon_metrics_pool(struct evbuffer *b, const char *name,
                                const struct db_pool *pool);
static void daemon_metrics_ops(const struct metrics *m, struct evbuffer *b);
static void daemon_metrics_seals(struct daemon *d, struct evbuffer *b,
                                 const PGresult *seals);
static void daemon_admin_text(struct evhttp_request *r, int code,
                              const char *reason, struct evbuffer *body);
static void daemon_admin_limits(const struct daemon *d, struct evbuffer *b);

/* ------------------------------------------------------------- admin HTTP */

bool
daemon_admin_start(struct daemon *d)
{
	struct sockaddr_storage ss;
	int sslen;
	struct evconnlistener *l;

	if (!daemon_parse_addr(d->cfg.admin_listen, &ss, &sslen)) {
		log_error("bad admin address", "admin=%s",
		          log_q(d->cfg.admin_listen));
		return false;
	}
	/* The same address parsing as --listen; evhttp takes the listener
	 * (and frees it with itself). */
	d->admin = evhttp_new(d->base);
	l = d->admin == NULL
	        ? NULL
	        : evconnlistener_new_bind(d->base, NULL, NULL,
	                                  LEV_OPT_CLOSE_ON_FREE |
	                                      LEV_OPT_REUSEABLE |
	                                      LEV_OPT_CLOSE_ON_EXEC,
	                                  16, (struct sockaddr *)&ss, sslen);
	if (l != NULL)
		d->admin_handle = evhttp_bind_listener(d->admin, l);
	if (d->admin_handle == NULL) {
		if (l != NULL)
			evconnlistener_free(l);
		log_error("cannot listen (admin)", "admin=%s",
		          d->cfg.admin_listen);
		return false;
	}
	evhttp_set_allowed_methods(d->admin, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD);
	evhttp_set_cb(d->admin, "/healthz", daemon_admin_health, d);
	evhttp_set_cb(d->admin, "/readyz", daemon_admin_ready, d);
	evhttp_set_cb(d->admin, "/metrics", daemon_admin_metrics, d);
	return true;
}

/* What the limits (README: "Limits") did. */
static void
daemon_admin_limits(const struct daemon *d, struct evbuffer *b)
{
	static const struct {
		const char *name;
		const char *help;
		size_t offset;
	} counters[] = {
#define C(field, name, help) {name, help, offsetof(struct daemon_stats, field)}
	    C(evicted, "ansinh_connections_evicted_total",
	      "Unauthenticated connections closed to make room."),
	    C(output_paused, "ansinh_output_paused_total",
	      "Times a connection was not read for its unread output."),
	    C(output_closed, "ansinh_output_closed_total",
	      "Connections closed past --output-limit or --output-total."),
	    C(session_paused, "ansinh_session_reads_paused_total",
	      "Times a connection was not read for its queued reads."),
	    C(pings_refused, "ansinh_pings_refused_total",
	      "Pings over --max-ping."),
	    C(auth_lookups, "ansinh_auth_lookups_total",
	      "Token lookups sent to the database."),
	    C(auth_failures, "ansinh_auth_failures_total", "Refused Hellos."),
	    C(auth_cached, "ansinh_auth_cache_hits_total",
	      "Refused Hellos answered from the cache of refused tokens."),
	    C(auth_blocked, "ansinh_auth_blocked_total",
	      "Connections and Hellos of an address refused after failed "
	      "Hellos."),
	    C(revoked, "ansinh_sessions_revoked_total",
	      "Sessions closed because their token was revoked."),
	    C(tls_failures, "ansinh_tls_handshake_failures_total",
	      "TLS handshakes that failed."),
	    C(wrong_transport, "ansinh_wrong_transport_total",
	      "Plaintext clients on the TLS port and TLS clients on a "
	      "plaintext one."),
#undef C
	};

	for (size_t i = 0; i < sizeof counters / sizeof counters[0]; i++)
		evbuffer_add_printf(
		    b, "# HELP %s %s\n# TYPE %s counter\n%s %llu\n",
		    counters[i].name, counters[i].help, counters[i].name,
		    counters[i].name,
		    (unsigned long long)*(
		        const uint64_t *)(const void *)((const char *)&d
		                                            ->stats +
		                                        counters[i].offset));
	evbuffer_add_printf(
	    b,
	    "# HELP ansinh_connections_unauthenticated Connections that have "
	    "not completed Hello.\n"
	    "# TYPE ansinh_connections_unauthenticated gauge\n"
	    "ansinh_connections_unauthenticated %d\n"
	    "# HELP ansinh_output_bytes Bytes queued for all peers.\n"
	    "# TYPE ansinh_output_bytes gauge\nansinh_output_bytes %zu\n"
	    "# HELP ansinh_peers Peer addresses remembered.\n"
	    "# TYPE ansinh_peers gauge\nansinh_peers %zu\n",
	    d->nunauth, d->output, peer_table_size(d->peers));
}

static void
daemon_admin_text(struct evhttp_request *r, int code, const char *reason,
                  struct evbuffer *body)
{
	evhttp_add_header(evhttp_request_get_output_headers(r), "Content-Type",
	                  "text/plain; version=0.0.4; charset=utf-8");
	evhttp_send_reply(r, code, reason, body);
}

static void
daemon_admin_health(struct evhttp_request *r, void *arg)
{
	struct evbuffer *b = evbuffer_new();
	(void)arg;
	evbuffer_add_printf(b, "ok\n");
	daemon_admin_text(r, 200, "OK", b);
	evbuffer_free(b);
}

static void
daemon_admin_ready(struct evhttp_request *r, void *arg)
{
	struct daemon *d = arg;
	struct evbuffer *b = evbuffer_new();
	if (d->draining) {
		evbuffer_add_printf(b, "draining\n");
		daemon_admin_text(r, 503, "Service Unavailable", b);
	} else if (!db_pool_ready(d->pool)) {
		evbuffer_add_printf(b, "database unavailable\n");
		daemon_admin_text(r, 503, "Service Unavailable", b);
	} else {
		evbuffer_add_printf(b, "ready\n");
		daemon_admin_text(r, 200, "OK", b);
	}
	evbuffer_free(b);
}

/* A scrape waiting for the seal figures (ansinh_api.audit_seal_status). */
struct daemon_scrape {
	struct daemon *d;
	struct evhttp_request *r;
};

static const char daemon_seal_status_sql[] =
    "SELECT last_seal_id, seal_age_seconds, unsealed_events "
    "FROM ansinh_api.audit_seal_status()";

/*
 * /metrics: the seal figures come from the database (every daemon on the
 * store shows the same), so the reply waits for one quick read on the
 * primary; without a database connection it goes at once, without them
 * (ansinh_audit_status_up 0).
 */
static void
daemon_admin_metrics(struct evhttp_request *r, void *arg)
{
	struct daemon *d = arg;

	if (db_pool_ready(d->pool)) {
		struct daemon_scrape *sc = malloc(sizeof *sc);
		if (sc == NULL)
			abort();
		sc->d = d;
		sc->r = r;
		struct db_job *job = db_job_new(DB_READ, daemon_seal_status_sql,
		                                daemon_on_seal_status, sc);
		db_job_quick(job);
		if (db_submit(d->pool, job) == DB_SUBMITTED)
			return;
		free(sc);
	}
	daemon_metrics_reply(d, r, NULL);
}

static void
daemon_on_seal_status(struct db_job *job, const PGresult *res,
                      const struct db_error *err, void *arg)
{
	struct daemon_scrape *sc = arg;
	struct daemon *d = sc->d;
	(void)job;

	if (d->stopping)
		evhttp_send_error(sc->r, 503, "daemon stopping");
	else
		daemon_metrics_reply(d, sc->r, err == NULL ? res : NULL);
	free(sc);
	daemon_job_done(d);
}

/* The seal figures: the store's (seals may be made by any daemon or by
 * `ansinhd audit seal`), then this daemon's sealer's. */
static void
daemon_metrics_seals(struct daemon *d, struct evbuffer *b,
                     const PGresult *seals)
{
	struct audit_sealer_counts sc;
	bool up = seals != NULL && PQntuples(seals) == 1;

	evbuffer_add_printf(
	    b,
	    "# HELP ansinh_audit_status_up 1 when this scrape read the seal "
	    "figures from the database.\n"
	    "# TYPE ansinh_audit_status_up gauge\nansinh_audit_status_up %d\n",
	    up ? 1 : 0);
	if (up) {
		if (!PQgetisnull(seals, 0, 0))
			evbuffer_add_printf(
			    b,
			    "# HELP ansinh_audit_last_seal_id Id of the last "
			    "seal of the audit trail.\n"
			    "# TYPE ansinh_audit_last_seal_id gauge\n"
			    "ansinh_audit_last_seal_id %s\n"
			    "# HELP ansinh_audit_seal_age_seconds Seconds "
			    "since "
			    "the last seal of the audit trail.\n"
			    "# TYPE ansinh_audit_seal_age_seconds gauge\n"
			    "ansinh_audit_seal_age_seconds %.3f\n",
			    PQgetvalue(seals, 0, 0),
			    strtod(PQgetvalue(seals, 0, 1), NULL));
		evbuffer_add_printf(
		    b,
		    "# HELP ansinh_audit_unsealed_events Audit events waiting "
		    "for the next seal.\n"
		    "# TYPE ansinh_audit_unsealed_events gauge\n"
		    "ansinh_audit_unsealed_events %s\n",
		    PQgetvalue(seals, 0, 2));
	}
	audit_sealer_counts(d->sealer, &sc);
	evbuffer_add_printf(
	    b,
	    "# HELP ansinh_audit_seals_total Seals made by this daemon.\n"
	    "# TYPE ansinh_audit_seals_total counter\n"
	    "ansinh_audit_seals_total %llu\n"
	    "# HELP ansinh_audit_sealed_events_total Audit events in the "
	    "seals this daemon made.\n"
	    "# TYPE ansinh_audit_sealed_events_total counter\n"
	    "ansinh_audit_sealed_events_total %llu\n"
	    "# HELP ansinh_audit_seal_empty_total Seal attempts of this daemon "
	    "that found nothing to seal or another sealer at work.\n"
	    "# TYPE ansinh_audit_seal_empty_total counter\n"
	    "ansinh_audit_seal_empty_total %llu\n",
	    (unsigned long long)sc.seals, (unsigned long long)sc.events,
	    (unsigned long long)sc.empty);
}

/* One pool's gauges, labelled pool="primary" or "read". */
static void
daemon_metrics_pool(struct evbuffer *b, const char *name,
                    const struct db_pool *pool)
{
	struct db_stats st;

	db_pool_stats(pool, &st);
	evbuffer_add_printf(b,
	                    "ansinh_db_pool_size{pool=\"%s\"} %d\n"
	                    "ansinh_db_pool_busy{pool=\"%s\"} %d\n"
	                    "ansinh_db_pool_up{pool=\"%s\"} %d\n"
	                    "ansinh_db_pool_waiting{pool=\"%s\"} %zu\n",
	                    name, st.size, name, st.conns_busy, name,
	                    st.conns_up, name, st.queued);
}

/* The latency histogram of each operation of the op table answered. */
static void
daemon_metrics_ops(const struct metrics *m, struct evbuffer *b)
{
	evbuffer_add_printf(
	    b, "# HELP ansinh_operation_seconds Time from decoding a request "
	       "to answering it, by operation (the op table's names).\n"
	       "# TYPE ansinh_operation_seconds histogram\n");
	for (size_t t = 1; t < m->types; t++) {
		uint64_t n = metrics_op_count(m, t);
		if (n == 0 || !op_known(metrics_row_body(t)))
			continue;
		const char *op = metrics_row_name(t);
		uint64_t cum = 0;
		for (int i = 0; i < METRICS_BUCKETS; i++) {
			cum += metrics_op_bucket(m, t, i);
			evbuffer_add_printf(
			    b,
			    "ansinh_operation_seconds_bucket{op="
			    "\"%s\",le=\"%g\"} %llu\n",
			    op, metrics_bounds[i], (unsigned long long)cum);
		}
		evbuffer_add_printf(
		    b,
		    "ansinh_operation_seconds_bucket{op=\"%s\",le=\"+Inf\"} "
		    "%llu\n"
		    "ansinh_operation_seconds_sum{op=\"%s\"} %.6f\n"
		    "ansinh_operation_seconds_count{op=\"%s\"} %llu\n",
		    op, (unsigned long long)n, op, metrics_op_sum(m, t), op,
		    (unsigned long long)n);
	}
}

static void
daemon_metrics_reply(struct daemon *d, struct evhttp_request *r,
                     const PGresult *seals)
{
	struct metrics *m = &d->metrics;
	struct db_stats st;
	struct evbuffer *b = evbuffer_new();

	db_pool_stats(d->pool, &st);
	evbuffer_add_printf(b, "# HELP ansinh_requests_total Requests "
	                       "answered, by type and status.\n"
	                       "# TYPE ansinh_requests_total counter\n");
	for (size_t t = 0; t < m->types; t++) {
		for (size_t c = 0; c < m->codes; c++) {
			if (metrics_count(m, t, c) == 0)
				continue;
			evbuffer_add_printf(
			    b,
			    "ansinh_requests_total{type=\"%s\",code=\"%s\"} "
			    "%llu\n",
			    metrics_row_name(t), names_code((int)c),
			    (unsigned long long)metrics_count(m, t, c));
		}
	}
	evbuffer_add_printf(
	    b, "# HELP ansinh_request_seconds Time from decoding a request to "
	       "answering it.\n# TYPE ansinh_request_seconds histogram\n");
	uint64_t cum = 0;
	for (int i = 0; i < METRICS_BUCKETS; i++) {
		cum += m->latency_bucket[i];
		evbuffer_add_printf(
		    b, "ansinh_request_seconds_bucket{le=\"%g\"} %llu\n",
		    metrics_bounds[i], (unsigned long long)cum);
	}
	evbuffer_add_printf(b,
	                    "ansinh_request_seconds_bucket{le=\"+Inf\"} %llu\n"
	                    "ansinh_request_seconds_sum %.6f\n"
	                    "ansinh_request_seconds_count %llu\n",
	                    (unsigned long long)m->latency_count,
	                    m->latency_sum,
	                    (unsigned long long)m->latency_count);
	daemon_metrics_ops(m, b);
	evbuffer_add_printf(
	    b,
	    "# HELP ansinh_requests_replayed_total Writes answered from the "
	    "request log (a request_id seen before: an outbox or import "
	    "re-sent); nothing was written again.\n"
	    "# TYPE ansinh_requests_replayed_total counter\n"
	    "ansinh_requests_replayed_total %llu\n",
	    (unsigned long long)m->replayed);
	evbuffer_add_printf(
	    b,
	    "# TYPE ansinh_connections gauge\nansinh_connections %d\n"
	    "# TYPE ansinh_connections_total counter\n"
	    "ansinh_connections_total %llu\n"
	    "# TYPE ansinh_connections_refused_total counter\n"
	    "ansinh_connections_refused_total %llu\n"
	    "# TYPE ansinh_frames_rejected_total counter\n"
	    "ansinh_frames_rejected_total %llu\n"
	    "# HELP ansinh_db_queue_depth Jobs waiting for a database "
	    "connection.\n"
	    "# TYPE ansinh_db_queue_depth gauge\nansinh_db_queue_depth %zu\n"
	    "# HELP ansinh_db_connections Database connections by state.\n"
	    "# TYPE ansinh_db_connections gauge\n"
	    "ansinh_db_connections{state=\"idle\"} %d\n"
	    "ansinh_db_connections{state=\"busy\"} %d\n"
	    "ansinh_db_connections{state=\"down\"} %d\n"
	    "# TYPE ansinh_db_batches_total counter\nansinh_db_batches_total "
	    "%llu\n"
	    "# HELP ansinh_db_batch_writes_total Writes in all write batches "
	    "(divide by batches for the mean batch size).\n"
	    "# TYPE ansinh_db_batch_writes_total counter\n"
	    "ansinh_db_batch_writes_total %llu\n"
	    "# TYPE ansinh_db_batch_failures_total counter\n"
	    "ansinh_db_batch_failures_total %llu\n"
	    "# HELP ansinh_db_set_statements_total Set statements sent: the "
	    "writes of one operation in a batch, in one statement.\n"
	    "# TYPE ansinh_db_set_statements_total counter\n"
	    "ansinh_db_set_statements_total %llu\n"
	    "# TYPE ansinh_db_set_writes_total counter\n"
	    "ansinh_db_set_writes_total %llu\n"
	    "# TYPE ansinh_db_reconnects_total counter\n"
	    "ansinh_db_reconnects_total %llu\n"
	    "# TYPE ansinh_schema_version gauge\nansinh_schema_version %d\n",
	    d->nsessions, (unsigned long long)m->connections_total,
	    (unsigned long long)m->connections_refused,
	    (unsigned long long)m->frames_rejected, st.queued,
	    st.conns_up - st.conns_busy, st.conns_busy, st.conns_down,
	    (unsigned long long)st.batches, (unsigned long long)st.batch_jobs,
	    (unsigned long long)st.batch_failures,
	    (unsigned long long)st.set_statements,
	    (unsigned long long)st.set_jobs, (unsigned long long)st.reconnects,
	    st.schema_found);
	evbuffer_add_printf(
	    b, "# HELP ansinh_db_pool_size Database connections of the pool "
	       "(--db-pool), by pool: primary, and read with --db-read.\n"
	       "# TYPE ansinh_db_pool_size gauge\n"
	       "# HELP ansinh_db_pool_busy Connections running a batch.\n"
	       "# TYPE ansinh_db_pool_busy gauge\n"
	       "# HELP ansinh_db_pool_up Connections up (idle or busy).\n"
	       "# TYPE ansinh_db_pool_up gauge\n"
	       "# HELP ansinh_db_pool_waiting Jobs queued for a connection.\n"
	       "# TYPE ansinh_db_pool_waiting gauge\n");
	daemon_metrics_pool(b, "primary", d->pool);
	if (d->read_pool != NULL)
		daemon_metrics_pool(b, "read", d->read_pool);
	evbuffer_add_printf(
	    b,
	    "# HELP ansinh_db_reads_total Reads of the op table, by the pool "
	    "that ran them (counted with --db-read only).\n"
	    "# TYPE ansinh_db_reads_total counter\n"
	    "ansinh_db_reads_total{pool=\"read\"} %llu\n"
	    "ansinh_db_reads_total{pool=\"primary\"} %llu\n",
	    (unsigned long long)d->reads_replica,
	    (unsigned long long)d->reads_primary);
	daemon_metrics_seals(d, b, seals);
	daemon_admin_limits(d, b);
	daemon_admin_text(r, 200, "OK", b);
	evbuffer_free(b);
}
