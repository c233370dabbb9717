/*
 * audit_records.c — the second half of `ansinhd audit verify`: every row of
 * every audited table must be what its last audit event says it is.
 *
 * The audited tables are found, not listed: those carrying the trigger
 * ansinh.audit_row() (pg_trigger), plus every table an audit event names
 * (so that dropping a trigger does not take its table out of the check). For
 * each, with the table's primary key from the catalogue:
 *
 *   - the last audit event of each record (the highest event id per key of
 *     its row_data) is read back into the table's row type with
 *     jsonb_populate_record, so values compare as their types do (a
 *     timestamp written in another time zone is the same timestamp);
 *   - a row without any event was inserted behind the daemon's back; a
 *     record whose last event says it exists but has no row was deleted
 *     (the daemon never deletes); a row differing from its last event in a
 *     column the event recorded was changed without an audit event.
 *
 * updated_at is not compared: the audit trigger (0002) records no event for
 * an UPDATE that changes nothing else. Columns added to a table after a
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

#define RECORDS_SHOWN 20       /* problems printed per table */
#define RECORDS_QUERY_MAX 8192 /* the query built for one table */

static bool records_table(PGconn *pg, struct audit_report *r,
                          const char *table, long long *rows);
static bool records_key(PGconn *pg, const char *table, char *keys,
                        size_t keys_size, char *on, size_t on_size,
                        char *name, size_t name_size, char *present,
                        size_t present_size);
static bool records_append(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The audited tables: name, exists, has the trigger, trigger enabled. */
static const char records_tables_sql[] =
    "SELECT x.relname, c.oid IS NOT NULL, coalesce(t.n, 0) > 0,"
    " coalesce(t.enabled, false) "
    "FROM (SELECT c.relname::text"
    "      FROM pg_catalog.pg_trigger AS t"
    "      JOIN pg_catalog.pg_class AS c ON c.oid = t.tgrelid"
    "      WHERE t.tgfoid = 'ansinh.audit_row()'::pg_catalog.regprocedure"
    "        AND c.relnamespace = 'ansinh'::pg_catalog.regnamespace"
    "      UNION"
    "      SELECT DISTINCT e.table_name FROM ansinh.audit_event AS e)"
    "     AS x (relname) "
    "LEFT JOIN pg_catalog.pg_class AS c"
    "       ON c.relname = x.relname"
    "      AND c.relnamespace = 'ansinh'::pg_catalog.regnamespace"
    "      AND c.relkind IN ('r', 'p') "
    "LEFT JOIN LATERAL ("
    "      SELECT count(*) AS n,"
    "             bool_or(t.tgenabled IN ('O', 'A')) AS enabled"
    "      FROM pg_catalog.pg_trigger AS t"
    "      WHERE t.tgrelid = c.oid"
    "        AND t.tgfoid = 'ansinh.audit_row()'::pg_catalog.regprocedure)"
    "     AS t ON c.oid IS NOT NULL "
    "ORDER BY 1";

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
	char summary[2048] = "";
	PGresult *res = PQexec(pg, records_tables_sql);

	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		fprintf(stderr, "ansinhd audit verify: finding the audited "
		                "tables: %s",
		        PQresultErrorMessage(res));
		PQclear(res);
		return false;
	}
	for (int i = 0; i < PQntuples(res); i++) {
		const char *table = PQgetvalue(res, i, 0);
		bool exists = PQgetvalue(res, i, 1)[0] == 't';
		bool has_trigger = PQgetvalue(res, i, 2)[0] == 't';
		bool enabled = PQgetvalue(res, i, 3)[0] == 't';
		long long rows = 0;

		if (!exists) {
			audit_problem(r, "records: table ansinh.%s, named by "
			              "audit events, does not exist: its records "
			              "cannot be checked", table);
			continue;
		}
		if (!has_trigger)
			audit_problem(r, "records: table ansinh.%s has audit "
			              "events but no audit trigger: writes to it "
			              "are no longer audited", table);
		else if (!enabled)
			audit_problem(r, "records: the audit trigger of table "
			              "ansinh.%s is disabled: writes to it are not "
			              "audited", table);
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
	PGresult *res = PQexecParams(pg, records_key_sql, 1, NULL, params, NULL,
	                             NULL, 0);
	bool ok = PQresultStatus(res) == PGRES_TUPLES_OK;

	if (!ok) {
		fprintf(stderr, "ansinhd audit verify: the primary key of "
		                "ansinh.%s: %s",
		        table, PQresultErrorMessage(res));
		PQclear(res);
		return false;
	}
	if (PQntuples(res) == 0) {
		fprintf(stderr, "ansinhd audit verify: ansinh.%s has no primary "
		                "key: its records cannot be matched with their "
		                "audit events\n", table);
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
		                    ", coalesce((l.rec).%s, (a.rec).%s)::text", q,
		                    q) &&
		     records_append(present, present_size, "%sr.%s IS NOT NULL",
		                    i ? " AND " : "", q);
		PQfreemem(q);
	}
	PQclear(res);
	if (!ok || !records_append(name, name_size, ")")) {
		fprintf(stderr, "ansinhd audit verify: the primary key of "
		                "ansinh.%s is too long\n", table);
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
	    "WITH a AS ("
	    " SELECT DISTINCT ON (%s) e.id AS event_id, e.row_data AS data,"
	    "        r AS rec, true AS audited"
	    " FROM ansinh.audit_event AS e"
	    " CROSS JOIN LATERAL pg_catalog.jsonb_populate_record("
	    "     NULL::ansinh.%s, e.row_data) AS r"
	    " WHERE e.table_name = $1"
	    "   AND pg_catalog.jsonb_typeof(e.row_data) = 'object'"
	    "   AND %s"
	    " ORDER BY %s, e.id DESC"
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
	    "SELECT NULL, 'rows', NULL, NULL, 0, (SELECT count(*) FROM ansinh.%s) "
	    "ORDER BY 1 NULLS FIRST LIMIT %d",
	    keys, t, present, keys, t, name, on, t, t, RECORDS_SHOWN + 1);
	PQfreemem(t);
	if (!fits) {
		fprintf(stderr, "ansinhd audit verify: the query for ansinh.%s "
		                "is too long\n", table);
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
			audit_problem(r, "records: %s %s was deleted behind the "
			              "daemon's back (audit event %s says it "
			              "exists; nothing is deleted through the "
			              "daemon)", table, key, event);
		else if (strcmp(kind, "unaudited") == 0)
			audit_problem(r, "records: %s %s has no audit event: "
			              "inserted behind the daemon's back",
			              table, key);
		else
			audit_problem(r, "records: %s %s was changed behind the "
			              "daemon's back (after audit event %s): %s",
			              table, key, event, PQgetvalue(res, i, 3));
	}
	if (total > RECORDS_SHOWN)
		audit_problem(r, "records: and %lld more rows of %s like these",
		              total - RECORDS_SHOWN, table);
	PQclear(res);
	return true;
}
