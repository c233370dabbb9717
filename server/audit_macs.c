/*
 * audit_macs.c — `ansinhd audit verify`, the MAC part: every audit event
 * written since migration 0041 must belong to a write request whose MAC
 * (ansinh.audit_mac, made by a daemon with the key, audit_mac.h) this
 * verify recomputes from the request's stored fields, and the event must
 * name the same actor, token and role as the request. An event written
 * with the daemon's database login but not by a daemon holding the key has
 * no MAC, or a wrong one.
 *
 * Without a key file the MACs are reported unchecked (no problem counted);
 * with one, a write stored without a MAC (a daemon run without a key) is a
 * problem like a missing one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "audit.h"
#include "audit_mac.h"
#include "hex.h"

/* Each event since its trail's start, with its request's MAC row. */
static const char audit_macs_sql[] =
    "SELECT t.trail, t.id, t.ward, t.request_id::text, t.actor, "
    "t.token_id::text, t.role, m.request_id IS NOT NULL, m.key_id, "
    "pg_catalog.encode(m.mac, 'hex'), m.operation, m.actor, "
    "m.token_id::text, m.role, COALESCE(m.ward_code, '') "
    "FROM (SELECT CASE e.scope WHEN 'district' THEN 'district' "
    "WHEN 'reference' THEN 'reference' ELSE 'ward' END AS trail, e.id, "
    "e.ward_code AS ward, e.request_id, e.actor, e.token_id, e.role "
    "FROM ansinh.audit_event AS e) AS t "
    "JOIN ansinh.audit_mac_start AS s ON s.trail OPERATOR(pg_catalog.=) "
    "t.trail AND t.id OPERATOR(pg_catalog.>=) s.first_event_id "
    "LEFT JOIN ansinh.audit_mac AS m ON m.request_id "
    "OPERATOR(pg_catalog.=) t.request_id "
    "ORDER BY t.trail, t.id";

enum {
	COL_TRAIL,
	COL_ID,
	COL_WARD,
	COL_REQUEST,
	COL_ACTOR,
	COL_TOKEN,
	COL_ROLE,
	COL_HAS_MAC,
	COL_KEY_ID,
	COL_MAC,
	COL_OPERATION,
	COL_MAC_ACTOR,
	COL_MAC_TOKEN,
	COL_MAC_ROLE,
	COL_MAC_WARD,
};

struct macs {
	struct audit_report *r;
	const struct audit_keys *keys;
	unsigned long events, checked;
};

static void macs_row(struct macs *m, const PGresult *res);
static const char *macs_v(const PGresult *res, int col);
static bool macs_same(const PGresult *res, int a, int b);

bool
audit_verify_macs(PGconn *pg, struct audit_report *r,
                  const struct audit_keys *keys)
{
	struct macs m = {.r = r, .keys = keys};
	PGresult *res;
	bool ok = true;

	if (!PQsendQuery(pg, audit_macs_sql) || !PQsetSingleRowMode(pg)) {
		fprintf(stderr, "ansinhd audit verify: reading the MACs: %s",
		        PQerrorMessage(pg));
		return false;
	}
	while ((res = PQgetResult(pg)) != NULL) {
		ExecStatusType st = PQresultStatus(res);
		if (st == PGRES_SINGLE_TUPLE)
			macs_row(&m, res);
		else if (st != PGRES_TUPLES_OK) {
			fprintf(stderr,
			        "ansinhd audit verify: reading the MACs: %s",
			        PQresultErrorMessage(res));
			ok = false;
		}
		PQclear(res);
	}
	if (!ok)
		return false;
	if (keys == NULL)
		printf("macs: %lu events unchecked: no --audit-key-file (the "
		       "daemons' key file) was given\n",
		       m.events);
	else
		printf("macs: %lu events since MACs began, %lu with the MAC of "
		       "their request recomputed and right (current key %s)\n",
		       m.events, m.checked, keys->keys[0].id);
	return true;
}

static void
macs_row(struct macs *m, const PGresult *res)
{
	const char *trail = macs_v(res, COL_TRAIL);
	const char *id = macs_v(res, COL_ID);
	const char *ward = macs_v(res, COL_WARD);
	const char *req = macs_v(res, COL_REQUEST);
	char where[96];

	m->events++;
	if (m->keys == NULL)
		return;
	if (strcmp(trail, "ward") == 0)
		snprintf(where, sizeof where, "event %s (ward %s)", id, ward);
	else
		snprintf(where, sizeof where, "%s event %s", trail, id);
	if (PQgetisnull(res, 0, COL_REQUEST)) {
		audit_problem(m->r,
		              "macs: %s has no request id: it was not written "
		              "by a daemon (actor %s)",
		              where, macs_v(res, COL_ACTOR));
		return;
	}
	if (strcmp(macs_v(res, COL_HAS_MAC), "t") != 0) {
		audit_problem(m->r,
		              "macs: %s of request %s has no MAC: it was not "
		              "written by a daemon holding the key (actor %s)",
		              where, req, macs_v(res, COL_ACTOR));
		return;
	}
	if (PQgetisnull(res, 0, COL_KEY_ID)) {
		audit_problem(
		    m->r,
		    "macs: %s of request %s (%s by %s) carries no MAC: "
		    "written by a daemon run without --audit-key-file, "
		    "or not by a daemon",
		    where, req, macs_v(res, COL_OPERATION),
		    macs_v(res, COL_MAC_ACTOR));
		return;
	}
	const struct audit_key *k =
	    audit_keys_find(m->keys, macs_v(res, COL_KEY_ID));
	if (k == NULL) {
		audit_problem(
		    m->r,
		    "macs: %s of request %s has a MAC of key %s, which "
		    "the key file does not hold",
		    where, req, macs_v(res, COL_KEY_ID));
		return;
	}
	uint8_t mac[AUDIT_MAC_SIZE];
	char hex[2 * AUDIT_MAC_SIZE + 1];
	audit_mac_compute(k, req, macs_v(res, COL_MAC_TOKEN),
	                  macs_v(res, COL_MAC_ROLE), macs_v(res, COL_MAC_WARD),
	                  macs_v(res, COL_MAC_ACTOR),
	                  macs_v(res, COL_OPERATION), mac);
	hex_encode(mac, sizeof mac, hex);
	if (CRYPTO_memcmp(hex, macs_v(res, COL_MAC), sizeof hex) != 0) {
		audit_problem(m->r,
		              "macs: %s of request %s (%s by %s) has a wrong "
		              "MAC: the request's actor, token, role, ward or "
		              "operation was changed, or it was not made by a "
		              "daemon holding key %s",
		              where, req, macs_v(res, COL_OPERATION),
		              macs_v(res, COL_MAC_ACTOR), k->id);
		return;
	}
	if (!macs_same(res, COL_ACTOR, COL_MAC_ACTOR) ||
	    !macs_same(res, COL_TOKEN, COL_MAC_TOKEN) ||
	    !macs_same(res, COL_ROLE, COL_MAC_ROLE)) {
		audit_problem(
		    m->r,
		    "macs: %s of request %s names actor %s, token %s, "
		    "role %s; the daemon's request was %s's (token %s, "
		    "role %s)",
		    where, req, macs_v(res, COL_ACTOR), macs_v(res, COL_TOKEN),
		    macs_v(res, COL_ROLE), macs_v(res, COL_MAC_ACTOR),
		    macs_v(res, COL_MAC_TOKEN), macs_v(res, COL_MAC_ROLE));
		return;
	}
	m->checked++;
}

/* A column's text ("" for NULL). */
static const char *
macs_v(const PGresult *res, int col)
{
	return PQgetisnull(res, 0, col) ? "" : PQgetvalue(res, 0, col);
}

static bool
macs_same(const PGresult *res, int a, int b)
{
	return PQgetisnull(res, 0, a) == PQgetisnull(res, 0, b) &&
	       strcmp(macs_v(res, a), macs_v(res, b)) == 0;
}
