/*
 * audit_records.c — the second half of `ansinhd audit verify`: every row of
 * every audited table must be what its last audit event says it is.
 *
 * Audit events are kept in one trail, ansinh.audit_event, keyed by scope (a
 * ward's code, 'district' or 'reference'; migration 0121_one_audit_trail),
 * written by one trigger function, ansinh.audit_trail().
 *
 * The audited tables are found, not listed: those carrying the audit
 * trigger (pg_trigger), plus every table an audit event names (so that
 * dropping a trigger does not take its table out of the check).
 * For each, with the table's primary key from the catalogue:
 *
 *   - the last audit event of each record (per key of its row_data: the
 *     highest event id of its scope) is read back into the table's row type
 *     with jsonb_populate_record, so values compare as their types do (a
 *     timestamp written in another time zone is the same timestamp). A
 *     record's events are all in one scope, since no write moves a record
 *     between a ward and the district; should a record have events in
 *     several, a ward's count, then the district's;
 *   - a row without any event was inserted behind the daemon's back; a
 *     record whose last event says it exists but has no row was deleted
 *     (the daemon never deletes); a row differing from its last event in a
 *     column the event recorded was changed without an audit event.
 *
 * updated_at is not compared: the audit triggers record no event for an
 * UPDATE that changes nothing else. Columns added to a table after a
 * record's last event are compared from that record's next audited write on.
 *
 * Table and column names come from the catalogue and are quoted with
 * PQescapeIdentifier; every value is a parameter.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"

#define RECORDS_SHOWN     20    /* problems printed per table */
#define RECORDS_QUERY_MAX 16384 /* the query built for one table */

static bool records_table(PGconn *pg, struct audit_report *r, const char *table,
                          long long *rows);
static bool records_key(PGconn *pg, const char *table, char *keys,
                        size_t keys_size, char *on, size_t on_size, char *name,
                        size_t name_size, char *present, size_t present_size);
static bool records_append(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void records_trail_problems(struct audit_report *r, const PGresult *res,
                                   int i);

/* The audit trail and its trigger (migration 0121_one_audit_trail). */
#define RECORDS_TRAILS_SQL                                                     \
	"f (trail, fn, events) AS (VALUES"                                     \
	" (1, 'ansinh.audit_trail()'::pg_catalog.regprocedure, "               \
	"'audit_event'))"

/* One row per audited table and trail: the table, whether it exists, the
 * trail's event table and trigger function, whether events of that trail
 * name the table, how many of its triggers write to that trail, and the
 * names of those that are disabled. */
static const char records_tables_sql[] =
    "WITH " RECORDS_TRAILS_SQL ", "
    "ev (relname, trail) AS ("
    " SELECT DISTINCT e.table_name, 1 FROM ansinh.audit_event AS e), "
    "tr (relname, trail, tgname, enabled) AS ("
    " SELECT c.relname::text, f.trail, t.tgname::text,"
    "        t.tgenabled IN ('O', 'A')"
    " FROM pg_catalog.pg_trigger AS t"
    " JOIN pg_catalog.pg_class AS c ON c.oid = t.tgrelid"
    " JOIN f ON f.fn = t.tgfoid"
    " WHERE c.relnamespace = 'ansinh'::pg_catalog.regnamespace), "
    "x (relname, trail) AS ("
    " SELECT ev.relname, ev.trail FROM ev"
    " UNION SELECT tr.relname, tr.trail FROM tr) "
    "SELECT x.relname,"
    " EXISTS (SELECT FROM pg_catalog.pg_class AS c"
    "         WHERE c.relname = x.relname"
    "           AND c.relnamespace = 'ansinh'::pg_catalog.regnamespace"
    "           AND c.relkind IN ('r', 'p')),"
    " f.events, f.fn::text,"
    " EXISTS (SELECT FROM ev WHERE ev.relname = x.relname"
    "                          AND ev.trail = x.trail),"
    " (SELECT count(*) FROM tr WHERE tr.relname = x.relname"
    "                            AND tr.trail = x.trail),"
    " (SELECT pg_catalog.string_agg(tr.tgname, ', ' ORDER BY tr.tgname)"
    "  FROM tr WHERE tr.relname = x.relname AND tr.trail = x.trail"
    "            AND NOT tr.enabled) "
    "FROM x JOIN f ON f.trail = x.trail "
    "ORDER BY x.relname, x.trail";

enum {
	TBL_NAME,
	TBL_EXISTS,
	TBL_EVENTS,
	TBL_FUNCTION,
	TBL_HAS_EVENTS,
	TBL_TRIGGERS,
	TBL_DISABLED,
};
/* A table's primary key columns, in key order. */
static const char records_key_sql[] =
    "SELECT a.attname "
    "FROM pg_catalog.pg_index AS i "
    "CROSS JOIN LATERAL pg_catalog.unnest(i.indkey::pg_catalog.int2[])"
    "     WITH ORDINALITY AS k (attnum, n) "
    "JOIN pg_catalog.pg_attribute AS a"
    "  ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
    "WHERE i.indisprimary"
    "  AND i.indrelid = (SELECT c.oid FROM pg_catalog.pg_class AS c"
    "                     WHERE c.relname = $1"
    "                       AND c.relnamespace = "
    "                           'ansinh'::pg_catalog.regnamespace) "
    "ORDER BY k.n";

bool
audit_verify_records(PGconn *pg, struct audit_report *r)
{
	char summary[4096] = "";
	PGresult *res = PQexec(pg, records_tables_sql);

	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		fprintf(stderr,
		        "ansinhd audit verify: finding the audited "
		        "tables: %s",
		        PQresultErrorMessage(res));
		PQclear(res);
		return false;
	}
	/* Rows come by table, then trail: check a table's rows after its
	 * last trail row. */
	for (int i = 0; i < PQntuples(res); i++) {
		const char *table = PQgetvalue(res, i, TBL_NAME);
		bool exists = PQgetvalue(res, i, TBL_EXISTS)[0] == 't';
		bool last =
		    i + 1 == PQntuples(res) ||
		    strcmp(table, PQgetvalue(res, i + 1, TBL_NAME)) != 0;
		long long rows = 0;

		if (exists)
			records_trail_problems(r, res, i);
		if (!last)
			continue;
		if (!exists) {
			audit_problem(
			    r,
			    "records: table ansinh.%s, named by "
			    "audit events, does not exist: its records "
			    "cannot be checked",
			    table);
			continue;
		}
		if (!records_table(pg, r, table, &rows)) {
			PQclear(res);
			return false;
		}
		records_append(summary, sizeof summary, "%s%s %lld row%s",
		               summary[0] ? ", " : "", table, rows,
		               rows == 1 ? "" : "s");
	}
	PQclear(res);
	printf("records: %s: compared with their last audit event\n",
	       summary[0] ? summary : "no audited tables");
	return true;
}

/* The triggers of one table for one trail: missing while events of the
 * trail name the table, or disabled. */
static void
records_trail_problems(struct audit_report *r, const PGresult *res, int i)
{
	const char *table = PQgetvalue(res, i, TBL_NAME);
	bool has_events = PQgetvalue(res, i, TBL_HAS_EVENTS)[0] == 't';
	long long triggers =
	    strtoll(PQgetvalue(res, i, TBL_TRIGGERS), NULL, 10);

	if (triggers == 0 && has_events)
		audit_problem(r,
		              "records: table ansinh.%s has audit events in "
		              "ansinh.%s but no audit trigger calling %s: "
		              "writes to it are no longer audited there",
		              table, PQgetvalue(res, i, TBL_EVENTS),
		              PQgetvalue(res, i, TBL_FUNCTION));
	if (!PQgetisnull(res, i, TBL_DISABLED))
		audit_problem(r,
		              "records: the audit trigger %s of table "
		              "ansinh.%s is disabled: writes to it are not "
		              "audited",
		              PQgetvalue(res, i, TBL_DISABLED), table);
}

/* Append to a bounded buffer; false (and the buffer unchanged) when it would
 * not fit. */
static bool
records_append(char *buf, size_t size, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size - len) {
		buf[len] = '\0';
		return false;
	}
	return true;
}

/*
 * The primary key of ansinh.<table>, as pieces of the query: keys
 * "r.k1, r.k2" (over the audited rows), on "(l.rec).k1 = (a.rec).k1 AND …",
 * name "concat_ws('/', coalesce((l.rec).k1, (a.rec).k1)::text, …)",
 * present "r.k1 IS NOT NULL AND …" (an event whose row_data lacks the key
 * describes no row; the chain still covers it).
 */
static bool
records_key(PGconn *pg, const char *table, char *keys, size_t keys_size,
            char *on, size_t on_size, char *name, size_t name_size,
            char *present, size_t present_size)
{
	const char *params[1] = {table};
	PGresult *res =
	    PQexecParams(pg, records_key_sql, 1, NULL, params, NULL, NULL, 0);
	bool ok = PQresultStatus(res) == PGRES_TUPLES_OK;

	if (!ok) {
		fprintf(stderr,
		        "ansinhd audit verify: the primary key of "
		        "ansinh.%s: %s",
		        table, PQresultErrorMessage(res));
		PQclear(res);
		return false;
	}
	if (PQntuples(res) == 0) {
		fprintf(stderr,
		        "ansinhd audit verify: ansinh.%s has no primary "
		        "key: its records cannot be matched with their "
		        "audit events\n",
		        table);
		PQclear(res);
		return false;
	}
	keys[0] = on[0] = present[0] = '\0';
	snprintf(name, name_size, "pg_catalog.concat_ws('/'");
	for (int i = 0; i < PQntuples(res) && ok; i++) {
		const char *col = PQgetvalue(res, i, 0);
		char *q = PQescapeIdentifier(pg, col, strlen(col));
		if (q == NULL)
			abort();
		ok = records_append(keys, keys_size, "%sr.%s", i ? ", " : "",
		                    q) &&
		     records_append(on, on_size, "%s(l.rec).%s = (a.rec).%s",
		                    i ? " AND " : "", q, q) &&
		     records_append(name, name_size,
		                    ", coalesce((l.rec).%s, (a.rec).%s)::text",
		                    q, q) &&
		     records_append(present, present_size, "%sr.%s IS NOT NULL",
		                    i ? " AND " : "", q);
		PQfreemem(q);
	}
	PQclear(res);
	if (!ok || !records_append(name, name_size, ")")) {
		fprintf(stderr,
		        "ansinhd audit verify: the primary key of "
		        "ansinh.%s is too long\n",
		        table);
		return false;
	}
	return true;
}

static bool
records_table(PGconn *pg, struct audit_report *r, const char *table,
              long long *rows)
{
	char keys[1024], on[2048], name[2048], present[1024];
	char sql[RECORDS_QUERY_MAX];
	const char *params[1] = {table};

	if (!records_key(pg, table, keys, sizeof keys, on, sizeof on, name,
	                 sizeof name, present, sizeof present))
		return false;
	char *t = PQescapeIdentifier(pg, table, strlen(table));
	if (t == NULL)
		abort();
	sql[0] = '\0';
	bool fits = records_append(
	    sql, sizeof sql,
	    "WITH ev AS ("
	    " SELECT CASE e.scope WHEN 'district' THEN 2"
	    "        WHEN 'reference' THEN 3 ELSE 1 END AS trail,"
	    "        e.id, e.row_data FROM ansinh.audit_event AS e"
	    " WHERE e.table_name = $1"
	    "), a AS ("
	    " SELECT DISTINCT ON (%s)"
	    "        CASE ev.trail WHEN 1 THEN 'audit event '"
	    "                      WHEN 2 THEN 'district audit event '"
	    "                      ELSE 'reference audit event ' END"
	    "        || ev.id::text AS event_id,"
	    "        ev.row_data AS data, r AS rec, true AS audited"
	    " FROM ev"
	    " CROSS JOIN LATERAL pg_catalog.jsonb_populate_record("
	    "     NULL::ansinh.%s, ev.row_data) AS r"
	    " WHERE pg_catalog.jsonb_typeof(ev.row_data) = 'object'"
	    "   AND %s"
	    " ORDER BY %s, ev.trail, ev.id DESC"
	    "), l AS ("
	    " SELECT t AS rec, true AS here FROM ansinh.%s AS t"
	    "), d AS ("
	    " SELECT %s AS key,"
	    "  CASE WHEN l.here IS NULL THEN 'deleted'"
	    "       WHEN a.audited IS NULL THEN 'unaudited'"
	    "       ELSE 'changed' END AS kind,"
	    "  a.event_id,"
	    "  (SELECT pg_catalog.string_agg(pg_catalog.format("
	    "       '%%s: audited %%s, now %%s', k.k,"
	    "       coalesce(pg_catalog.to_jsonb(a.rec) -> k.k, 'null'),"
	    "       coalesce(pg_catalog.to_jsonb(l.rec) -> k.k, 'null')),"
	    "       '; ' ORDER BY k.k)"
	    "   FROM pg_catalog.jsonb_object_keys(a.data) AS k (k)"
	    "   WHERE k.k <> 'updated_at'"
	    "     AND pg_catalog.to_jsonb(l.rec) ? k.k"
	    "     AND pg_catalog.to_jsonb(a.rec) -> k.k IS DISTINCT FROM"
	    "         pg_catalog.to_jsonb(l.rec) -> k.k) AS diff"
	    " FROM l FULL JOIN a ON %s"
	    ")"
	    "SELECT d.key, d.kind, d.event_id, d.diff, count(*) OVER (),"
	    " (SELECT count(*) FROM ansinh.%s) "
	    "FROM d WHERE d.kind <> 'changed' OR d.diff IS NOT NULL "
	    "UNION ALL "
	    "SELECT NULL, 'rows', NULL, NULL, 0, (SELECT count(*) FROM "
	    "ansinh.%s) "
	    "ORDER BY 1 NULLS FIRST LIMIT %d",
	    keys, t, present, keys, t, name, on, t, t, RECORDS_SHOWN + 1);
	PQfreemem(t);
	if (!fits) {
		fprintf(stderr,
		        "ansinhd audit verify: the query for ansinh.%s "
		        "is too long\n",
		        table);
		return false;
	}

	PGresult *res = PQexecParams(pg, sql, 1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) < 1) {
		fprintf(stderr, "ansinhd audit verify: checking ansinh.%s: %s",
		        table, PQresultErrorMessage(res));
		PQclear(res);
		return false;
	}
	*rows = strtoll(PQgetvalue(res, 0, 5), NULL, 10);
	long long total = 0;
	for (int i = 1; i < PQntuples(res); i++) {
		const char *key = PQgetvalue(res, i, 0);
		const char *kind = PQgetvalue(res, i, 1);
		const char *event = PQgetvalue(res, i, 2);
		total = strtoll(PQgetvalue(res, i, 4), NULL, 10);
		if (strcmp(kind, "deleted") == 0)
			audit_problem(r,
			              "records: %s %s was deleted behind the "
			              "daemon's back (%s says it "
			              "exists; nothing is deleted through the "
			              "daemon)",
			              table, key, event);
		else if (strcmp(kind, "unaudited") == 0)
			audit_problem(r,
			              "records: %s %s has no audit event: "
			              "inserted behind the daemon's back",
			              table, key);
		else
			audit_problem(r,
			              "records: %s %s was changed behind the "
			              "daemon's back (after %s): %s",
			              table, key, event, PQgetvalue(res, i, 3));
	}
	if (total > RECORDS_SHOWN)
		audit_problem(r, "records: and %lld more rows of %s like these",
		              total - RECORDS_SHOWN, table);
	PQclear(res);
	return true;
}
