/*
 * audit_seal.c — `ansinhd audit seal [--status]`: make seals until every
 * committed audit event is sealed, or show the state of the chain.
 *
 * The work is ansinh.seal_audit_events() (migration 0121_one_audit_trail,
 * over the events of audit_event, of every scope), which waits for a seal being
 * made elsewhere (the daemon's timer) and then takes at most
 * AUDIT_SEAL_MAX_EVENTS events; this loops while it says more are left.
 * Blocking libpq: an administrative command, not the serving daemon.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "audit.h"

static int audit_seal_status(PGconn *pg);
static int audit_seal_loop(PGconn *pg);

int
audit_seal_run(const char *conninfo, bool status_only)
{
	PGconn *pg = admin_connect(conninfo, "ansinhd audit seal");
	if (pg == NULL)
		return AUDIT_EXIT_ERROR;
	int rc = status_only ? audit_seal_status(pg) : audit_seal_loop(pg);
	PQfinish(pg);
	return rc;
}

static int
audit_seal_loop(PGconn *pg)
{
	char max[16];
	const char *params[1] = {max};
	long seals = 0;
	char head_id[32] = "", head_hash[65] = "";

	snprintf(max, sizeof max, "%d", AUDIT_SEAL_MAX_EVENTS);
	for (;;) {
		PGresult *res =
		    PQexecParams(pg,
		                 "SELECT seal_id, event_count, first_event_id, "
		                 "last_event_id, encode(hash, 'hex'), more "
		                 "FROM ansinh.seal_audit_events($1::int, true)",
		                 1, NULL, params, NULL, NULL, 0);
		if (PQresultStatus(res) != PGRES_TUPLES_OK) {
			fprintf(stderr, "ansinhd audit seal: %s",
			        PQresultErrorMessage(res));
			PQclear(res);
			return AUDIT_EXIT_ERROR;
		}
		if (PQntuples(res) == 0) {
			PQclear(res);
			break;
		}
		/* first/last: the range of its ward events (audit_event
		 * ids); NULL when it holds district and reference events
		 * only. */
		if (PQgetisnull(res, 0, 2))
			printf("sealed seal %s: %s events (no ward events), "
			       "hash %s\n",
			       PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1),
			       PQgetvalue(res, 0, 4));
		else
			printf("sealed seal %s: %s events (ward events %s to "
			       "%s), hash %s\n",
			       PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1),
			       PQgetvalue(res, 0, 2), PQgetvalue(res, 0, 3),
			       PQgetvalue(res, 0, 4));
		snprintf(head_id, sizeof head_id, "%s", PQgetvalue(res, 0, 0));
		snprintf(head_hash, sizeof head_hash, "%s",
		         PQgetvalue(res, 0, 4));
		seals++;
		bool more = PQgetvalue(res, 0, 5)[0] == 't';
		PQclear(res);
		if (!more)
			break;
	}
	if (seals == 0)
		printf("nothing to seal: every committed audit event is "
		       "sealed\n");
	else
		printf("anchor %s:%s (keep it outside the database; "
		       "ansinhd audit verify --anchor checks it)\n",
		       head_id, head_hash);
	return AUDIT_EXIT_OK;
}

static int
audit_seal_status(PGconn *pg)
{
	/* The owner is subject to row-level security (FORCE): read as an
	 * auditor context, which may read every ward. */
	PGresult *res = PQexec(
	    pg,
	    "SELECT set_config('ansinh.role', 'auditor', false), "
	    "(SELECT count(*) FROM ansinh.audit_seal), "
	    "(SELECT count(*) FROM ansinh.audit_seal_event), "
	    "s.id, to_char(s.sealed_at AT TIME ZONE 'UTC', "
	    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), s.sealed_by, s.event_count, "
	    "encode(s.hash, 'hex'), sum(u.n), "
	    "to_char(min(u.oldest) AT TIME ZONE 'UTC', "
	    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
	    "FROM (SELECT count(*) AS n, min(e.recorded_at) AS oldest "
	    "      FROM ansinh.audit_event AS e "
	    "      WHERE NOT EXISTS (SELECT FROM ansinh.audit_seal_event AS i "
	    "                         WHERE i.event_scope = e.scope "
	    "                           AND i.event_id = e.id)) AS u "
	    "LEFT JOIN (SELECT * FROM ansinh.audit_seal ORDER BY id DESC "
	    "           LIMIT 1) AS s ON true "
	    "GROUP BY s.id, s.sealed_at, s.sealed_by, s.event_count, s.hash");
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		fprintf(stderr, "ansinhd audit seal --status: %s",
		        PQresultErrorMessage(res));
		PQclear(res);
		return AUDIT_EXIT_ERROR;
	}
	if (PQgetisnull(res, 0, 3))
		printf("seals: none yet\n");
	else
		printf("seals: %s; the latest is seal %s, made %s by %s, "
		       "%s events, hash %s\n",
		       PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 3),
		       PQgetvalue(res, 0, 4), PQgetvalue(res, 0, 5),
		       PQgetvalue(res, 0, 6), PQgetvalue(res, 0, 7));
	printf("events: %s sealed, %s not sealed yet", PQgetvalue(res, 0, 2),
	       PQgetvalue(res, 0, 8));
	if (!PQgetisnull(res, 0, 9))
		printf(" (the oldest recorded %s)", PQgetvalue(res, 0, 9));
	printf("\n");
	PQclear(res);
	return AUDIT_EXIT_OK;
}
