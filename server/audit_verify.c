/*
 * audit_verify.c — `ansinhd audit verify`: recompute the chain of seals and
 * report the first break precisely, then compare the records with their
 * audit trail (audit_records.c).
 *
 * What is recomputed, from the raw columns, with this file's own SQL (only
 * PostgreSQL's built-in functions: a changed ansinh function cannot make a
 * changed event look intact) and SHA-256 computed here:
 *
 *   - each event's canonical text, the same jsonb object as
 *     ansinh.audit_event_canon() (migration 0121_one_audit_trail), and its
 * digest, compared with the digest and the copy its seal holds;
 *   - each seal's hash, sha256(prev_hash || header || digests in event-id
 *     order), compared with the stored one; seal numbers run 1, 2, 3, …
 *     and each prev_hash is the hash of the seal before;
 *   - events that no seal holds although they are older than the last
 *     seal's horizon (inserted behind the sealer's back);
 *   - optionally, an anchor: a seal's hash kept outside the database.
 *
 * Everything is read in one REPEATABLE READ, READ ONLY transaction, so a
 * daemon writing meanwhile does not disturb the picture.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "admin.h"
#include "audit.h"
#include "hex.h"

#define AUDIT_HASH_SIZE 32
#define AUDIT_LIST_MAX  20 /* unsealed back-dated events listed one by one */

/* The canonical form of an event e: ansinh.audit_event_canon(e) (migration
 * 0121_one_audit_trail), spelled out: the fields every event has, plus its
 * scope's own. For the events of the three trails before 0121 this is the
 * version-1 form of their trail. Changing it breaks every seal ever made. */
#define AUDIT_CANON_SQL                                                        \
	"(pg_catalog.jsonb_build_object("                                      \
	"'id', e.id, "                                                         \
	"'recorded_at', pg_catalog.to_char(e.recorded_at AT TIME ZONE 'UTC', " \
	"'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), "                               \
	"'actor', e.actor, 'token_id', e.token_id, 'role', e.role, "           \
	"'db_user', e.db_user, 'table_name', e.table_name, "                   \
	"'action', e.action, 'request_id', e.request_id, "                     \
	"'changed', e.changed, 'row_data', e.row_data, 'xact', e.xact::text) " \
	"OPERATOR(pg_catalog.||) CASE e.scope "                                \
	"WHEN 'district' THEN pg_catalog.jsonb_build_object("                  \
	"'trail', 'district', 'record_id', e.record_id) "                      \
	"WHEN 'reference' THEN pg_catalog.jsonb_build_object("                 \
	"'trail', 'reference', 'writer_ward', e.writer_ward, "                 \
	"'record_key', e.record_key) "                                         \
	"ELSE pg_catalog.jsonb_build_object("                                  \
	"'ward_code', e.ward_code, 'record_id', e.record_id) END)"

/* The order a seal hashes its events in: ward events, then district, then
 * reference events, each by id. */
#define AUDIT_RANK_SQL(scope)                                                  \
	"CASE " scope " WHEN 'district' THEN 2 WHEN 'reference' THEN 3 "       \
	"ELSE 1 END"

/* ansinh.audit_seal_header(s), spelled out. */
#define AUDIT_HEADER_SQL                                                       \
	"pg_catalog.jsonb_build_object("                                       \
	"'seal', 'ansinh audit seal v1', 'id', s.id, "                         \
	"'sealed_at', pg_catalog.to_char(s.sealed_at AT TIME ZONE 'UTC', "     \
	"'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), "                               \
	"'sealed_by', s.sealed_by, 'event_count', s.event_count, "             \
	"'first_event_id', s.first_event_id, "                                 \
	"'last_event_id', s.last_event_id, 'next_xact', "                      \
	"s.next_xact::text)::text"

/* The keys of a jsonb value x, or none when it is not an object. */
#define AUDIT_KEYS(x)                                                          \
	"pg_catalog.jsonb_object_keys(CASE WHEN pg_catalog.jsonb_typeof(" x    \
	") = 'object' THEN " x " ELSE '{}'::jsonb END)"

/* Which fields of an event differ from its sealed copy: top-level fields,
 * and row_data key by key. */
#define AUDIT_DIFF_SQL                                                                                                                              \
	"(SELECT pg_catalog.string_agg(pg_catalog.format("                                                                                          \
	"'%s: sealed %s, now %s', d.k, coalesce(d.a::text, '(absent)'), "                                                                           \
	"coalesce(d.b::text, '(absent)')), '; ' ORDER BY d.k) "                                                                                     \
	"FROM (SELECT k.k, i.sealed -> k.k AS a, c.j -> k.k AS b "                                                                                  \
	"      FROM (SELECT " AUDIT_KEYS(                                                                                                           \
	    "i.sealed") " UNION SELECT " AUDIT_KEYS("c.j") ") AS k (k) "                                                                            \
	                                                   "      WHERE k.k "                                                                       \
	                                                   "<> 'row_data' "                                                                         \
	                                                   "         OR "                                                                           \
	                                                   "pg_catalog.jsonb_"                                                                      \
	                                                   "typeof(i.sealed "                                                                       \
	                                                   "-> 'row_data') "                                                                        \
	                                                   "            IS "                                                                        \
	                                                   "DISTINCT FROM "                                                                         \
	                                                   "'object' "                                                                              \
	                                                   "         OR "                                                                           \
	                                                   "pg_catalog.jsonb_"                                                                      \
	                                                   "typeof(c.j -> "                                                                         \
	                                                   "'row_data') "                                                                           \
	                                                   "            IS "                                                                        \
	                                                   "DISTINCT FROM "                                                                         \
	                                                   "'object' "                                                                              \
	                                                   "      UNION ALL "                                                                       \
	                                                   "      SELECT "                                                                          \
	                                                   "'row_data.' || "                                                                        \
	                                                   "k.k, i.sealed -> "                                                                      \
	                                                   "'row_data' -> "                                                                         \
	                                                   "k.k, "                                                                                  \
	                                                   "             c.j "                                                                      \
	                                                   "-> 'row_data' -> "                                                                      \
	                                                   "k.k "                                                                                   \
	                                                   "      FROM "                                                                            \
	                                                   "(SELECT"                                                                                \
	                                                   " " AUDIT_KEYS(                                                                          \
	                                                       "i."                                                                                 \
	                                                       "se"                                                                                 \
	                                                       "al"                                                                                 \
	                                                       "ed"                                                                                 \
	                                                       " -"                                                                                 \
	                                                       "> "                                                                                 \
	                                                       "'r"                                                                                 \
	                                                       "ow"                                                                                 \
	                                                       "_d"                                                                                 \
	                                                       "at"                                                                                 \
	                                                       "a"                                                                                  \
	                                                       "'") "        "                                                                      \
	                                                            "    "                                                                          \
	                                                            "UNION "                                                                        \
	                                                            "SELECT"                                                                        \
	                                                            " " AUDIT_KEYS(                                                                 \
	                                                                "c.j "                                                                      \
	                                                                "-> "                                                                       \
	                                                                "'row"                                                                      \
	                                                                "_dat"                                                                      \
	                                                                "a'") "           ) AS k (k) "                                              \
	                                                                      "      WHERE pg_catalog.jsonb_typeof(i.sealed -> 'row_data') "        \
	                                                                      "            = 'object' "                                             \
	                                                                      "        AND pg_catalog.jsonb_typeof(c.j -> 'row_data') = 'object') " \
	                                                                      "     AS d "                                                          \
	                                                                      "WHERE d.a IS DISTINCT FROM d.b)"

/*
 * The events a seal holds (migration 0121_one_audit_trail: one table of
 * items for every scope), in the order its hash takes them: trail 1 ward
 * events, 2 district events, 3 reference events, each by id. j is the
 * event's canonical form now, NULL when the event is gone.
 */
#define AUDIT_ITEMS_SQL                                                        \
	"(SELECT " AUDIT_RANK_SQL(                                             \
	    "i.event_scope") " AS trail, i.seal_id, "                          \
	                     "        CASE WHEN i.event_scope NOT IN "         \
	                     "('district', 'reference') "                      \
	                     "             THEN i.event_scope END AS "         \
	                     "event_ward, "                                    \
	                     "        i.event_id, i.digest, i.sealed, "        \
	                     "        CASE WHEN e.id IS NOT NULL "             \
	                     "THEN " AUDIT_CANON_SQL " END AS j "              \
	                     " FROM ansinh.audit_seal_event AS i "             \
	                     " LEFT JOIN ansinh.audit_event AS e "             \
	                     "        ON e.scope = i.event_scope AND e.id = "  \
	                     "i.event_id)"

/* Seals, their events and the events as they are now, in chain order. */
static const char audit_chain_sql[] =
    "SELECT s.id, pg_catalog.encode(s.prev_hash, 'hex'), "
    "pg_catalog.encode(s.hash, 'hex'), s.event_count, " AUDIT_HEADER_SQL ", "
    "i.event_id, i.event_ward, pg_catalog.encode(i.digest, 'hex'), "
    "i.sealed::text, c.j::text, "
    "i.sealed ->> 'table_name', i.sealed ->> 'action', "
    "coalesce(i.sealed ->> 'record_id', i.sealed ->> 'record_key'), "
    "i.sealed ->> 'actor', i.sealed ->> 'recorded_at', "
    "CASE WHEN c.j IS DISTINCT FROM i.sealed THEN " AUDIT_DIFF_SQL " END, "
    "i.trail "
    "FROM ansinh.audit_seal AS s "
    "LEFT JOIN " AUDIT_ITEMS_SQL " AS i ON i.seal_id = s.id "
    "LEFT JOIN LATERAL (SELECT i.j) AS c (j) ON true "
    "ORDER BY s.id, i.trail, i.event_id, i.event_ward";

enum {
	COL_SEAL,
	COL_PREV,
	COL_HASH,
	COL_COUNT,
	COL_HEADER,
	COL_EVENT,
	COL_WARD,
	COL_DIGEST,
	COL_SEALED,
	COL_NOW,
	COL_TABLE,
	COL_ACTION,
	COL_RECORD,
	COL_ACTOR,
	COL_AT,
	COL_DIFF,
	COL_TRAIL,
};

/* The state of the walk along the chain. */
struct chain {
	struct audit_report *r;
	EVP_MD_CTX *md;
	bool in_seal;
	long long id;                        /* the seal being read */
	long long count;                     /* its event_count */
	long long items;                     /* its events seen */
	bool hash_ok;                        /* its stored hash parsed */
	unsigned char hash[AUDIT_HASH_SIZE]; /* its stored hash */
	long long prev_id;                   /* 0 before seal 1 */
	unsigned char prev[AUDIT_HASH_SIZE]; /* stored hash of prev_id */
	long long seals, events;
	char head[AUDIT_HASH_SIZE * 2 + 1]; /* hex of the last seal */
	long long anchor_id;                /* 0: no anchor */
	char anchor_hex[AUDIT_HASH_SIZE * 2 + 1];
	bool anchor_seen;
	char anchor_found[AUDIT_HASH_SIZE * 2 + 1];
};

static bool audit_hex_decode(const char *hex, unsigned char *out, size_t n);
static void audit_sha256(const char *text, unsigned char out[AUDIT_HASH_SIZE]);
static bool audit_exec(PGconn *pg, const char *sql, const char *what);
static bool audit_parse_anchor(const char *anchor, long long *id,
                               char hex[AUDIT_HASH_SIZE * 2 + 1]);
static void chain_begin_seal(struct chain *c, const PGresult *res);
static void chain_item(struct chain *c, const PGresult *res);
static void chain_end_seal(struct chain *c);
static bool chain_unsealed(PGconn *pg, struct chain *c);
static void chain_event_name(const PGresult *res, char *out, size_t size);
static void audit_event_label(const char *trail, const char *event,
                              const char *ward, const char *what, char *out,
                              size_t size);

/* ---------------------------------------------------------------- helpers */

void
audit_problem(struct audit_report *r, const char *fmt, ...)
{
	char line[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (r->problems == 0) {
		/* The summary repeats the first problem, cut to fit. */
		size_t n = strlen(line);
		if (n >= sizeof r->first) {
			n = sizeof r->first - 1;
			while (n > 0 && ((unsigned char)line[n] & 0xC0) == 0x80)
				n--; /* not inside a UTF-8 character */
		}
		memcpy(r->first, line, n);
		r->first[n] = '\0';
	}
	r->problems++;
	fprintf(r->out, "FAIL %s\n", line);
}

static bool
audit_hex_decode(const char *hex, unsigned char *out, size_t n)
{
	if (hex == NULL || strlen(hex) != 2 * n)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned v = 0;
		for (int k = 0; k < 2; k++) {
			char ch = hex[2 * i + (size_t)k];
			v <<= 4;
			if (ch >= '0' && ch <= '9')
				v |= (unsigned)(ch - '0');
			else if (ch >= 'a' && ch <= 'f')
				v |= (unsigned)(ch - 'a' + 10);
			else if (ch >= 'A' && ch <= 'F')
				v |= (unsigned)(ch - 'A' + 10);
			else
				return false;
		}
		out[i] = (unsigned char)v;
	}
	return true;
}

static void
audit_sha256(const char *text, unsigned char out[AUDIT_HASH_SIZE])
{
	unsigned int len = AUDIT_HASH_SIZE;
	if (EVP_Digest(text, strlen(text), out, &len, EVP_sha256(), NULL) != 1)
		abort(); /* OpenSSL without SHA-256: nothing sensible to do */
}

static bool
audit_exec(PGconn *pg, const char *sql, const char *what)
{
	PGresult *res = PQexec(pg, sql);
	ExecStatusType st = PQresultStatus(res);
	bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
	if (!ok)
		fprintf(stderr, "ansinhd audit verify: %s: %s", what,
		        PQresultErrorMessage(res));
	PQclear(res);
	return ok;
}

/* "ID:HEX", ID a seal number, HEX its 64-digit hash. */
static bool
audit_parse_anchor(const char *anchor, long long *id,
                   char hex[AUDIT_HASH_SIZE * 2 + 1])
{
	unsigned char bytes[AUDIT_HASH_SIZE];
	char *end;
	const char *colon = strchr(anchor, ':');

	if (colon == NULL || colon == anchor)
		return false;
	*id = strtoll(anchor, &end, 10);
	if (end != colon || *id < 1 ||
	    !audit_hex_decode(colon + 1, bytes, sizeof bytes))
		return false;
	hex_encode(bytes, sizeof bytes, hex);
	return true;
}

/* ------------------------------------------------------------------ verify */

int
audit_verify_run(const char *conninfo, const char *anchor,
                 const struct audit_keys *keys)
{
	struct audit_report r = {.out = stdout};

	if (anchor != NULL && anchor[0] != '\0') {
		long long id;
		char hex[AUDIT_HASH_SIZE * 2 + 1];
		if (!audit_parse_anchor(anchor, &id, hex)) {
			fprintf(stderr, "ansinhd audit verify: --anchor: must "
			                "be SEAL:HASH, a seal number and its "
			                "64 hexadecimal digits, as printed by "
			                "ansinhd audit seal\n");
			return AUDIT_EXIT_ERROR;
		}
	}
	PGconn *pg = admin_connect(conninfo, "ansinhd audit verify");
	if (pg == NULL)
		return AUDIT_EXIT_ERROR;
	/* Digests are of UTF-8 text, as the database computes them. The
	 * owner is subject to row-level security: read as an auditor
	 * context, which may read every ward (analysts read anyway). */
	bool ok =
	    PQsetClientEncoding(pg, "UTF8") == 0 &&
	    audit_exec(pg, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
	               "begin") &&
	    audit_exec(pg,
	               "SELECT pg_catalog.set_config('search_path', "
	               "'pg_catalog', true), "
	               "pg_catalog.set_config('ansinh.role', "
	               "'auditor', true)",
	               "settings") &&
	    audit_verify_chain(pg, &r, anchor) &&
	    audit_verify_records(pg, &r) && audit_verify_macs(pg, &r, keys) &&
	    audit_exec(pg, "COMMIT", "commit");
	PQfinish(pg);
	if (!ok)
		return AUDIT_EXIT_ERROR;
	if (r.problems > 0) {
		printf("audit verify: TAMPERED: %lu problem%s; the first: %s\n",
		       r.problems, r.problems == 1 ? "" : "s", r.first);
		return AUDIT_EXIT_TAMPERED;
	}
	printf("audit verify: intact\n");
	return AUDIT_EXIT_OK;
}

/* ------------------------------------------------------------------ chain */

bool
audit_verify_chain(PGconn *pg, struct audit_report *r, const char *anchor)
{
	struct chain c = {.r = r};
	bool ok = true;
	PGresult *res;

	if (anchor != NULL && anchor[0] != '\0' &&
	    !audit_parse_anchor(anchor, &c.anchor_id, c.anchor_hex))
		return false;
	c.md = EVP_MD_CTX_new();
	if (c.md == NULL)
		abort();
	/* One row at a time: the chain may hold millions of events. */
	if (!PQsendQuery(pg, audit_chain_sql) || !PQsetSingleRowMode(pg)) {
		fprintf(stderr, "ansinhd audit verify: reading the chain: %s",
		        PQerrorMessage(pg));
		EVP_MD_CTX_free(c.md);
		return false;
	}
	while ((res = PQgetResult(pg)) != NULL) {
		ExecStatusType st = PQresultStatus(res);
		if (st == PGRES_SINGLE_TUPLE) {
			long long id =
			    strtoll(PQgetvalue(res, 0, COL_SEAL), NULL, 10);
			if (!c.in_seal || id != c.id) {
				if (c.in_seal)
					chain_end_seal(&c);
				chain_begin_seal(&c, res);
			}
			if (!PQgetisnull(res, 0, COL_EVENT))
				chain_item(&c, res);
		} else if (st != PGRES_TUPLES_OK) {
			fprintf(stderr,
			        "ansinhd audit verify: reading the "
			        "chain: %s",
			        PQresultErrorMessage(res));
			ok = false;
		}
		PQclear(res);
	}
	if (c.in_seal)
		chain_end_seal(&c);
	EVP_MD_CTX_free(c.md);
	if (!ok)
		return false;

	if (c.seals == 0)
		printf("chain: no seals yet\n");
	else
		printf("chain: seals 1 to %lld hold %lld events; the last "
		       "seal's hash is %s\n",
		       c.prev_id, c.events, c.head);
	if (c.anchor_id != 0) {
		if (!c.anchor_seen)
			audit_problem(r,
			              "anchor: seal %lld does not exist (the "
			              "chain ends at seal %lld): seals were "
			              "removed or the chain rewritten",
			              c.anchor_id, c.prev_id);
		else if (strcmp(c.anchor_found, c.anchor_hex) != 0)
			audit_problem(r,
			              "anchor: seal %lld has hash %s, the "
			              "anchor says %s: the chain was rewritten "
			              "from that seal or before it",
			              c.anchor_id, c.anchor_found,
			              c.anchor_hex);
		else
			printf("anchor: seal %lld still has the hash kept "
			       "outside the database\n",
			       c.anchor_id);
	}
	return chain_unsealed(pg, &c);
}

static void
chain_begin_seal(struct chain *c, const PGresult *res)
{
	unsigned char prev[AUDIT_HASH_SIZE];
	long long id = strtoll(PQgetvalue(res, 0, COL_SEAL), NULL, 10);
	static const unsigned char zero[AUDIT_HASH_SIZE];

	c->in_seal = true;
	c->id = id;
	c->count = strtoll(PQgetvalue(res, 0, COL_COUNT), NULL, 10);
	c->items = 0;
	c->hash_ok = audit_hex_decode(PQgetvalue(res, 0, COL_HASH), c->hash,
	                              sizeof c->hash);
	bool prev_ok =
	    audit_hex_decode(PQgetvalue(res, 0, COL_PREV), prev, sizeof prev);

	if (id != c->prev_id + 1) {
		if (id > c->prev_id + 2)
			audit_problem(
			    c->r,
			    "chain: seals %lld to %lld are "
			    "missing: the chain goes from seal %lld to "
			    "seal %lld",
			    c->prev_id + 1, id - 1, c->prev_id, id);
		else
			audit_problem(c->r,
			              "chain: seal %lld is missing: the "
			              "chain goes from seal %lld to seal %lld",
			              c->prev_id + 1, c->prev_id, id);
	} else if (!prev_ok || memcmp(prev, c->prev_id == 0 ? zero : c->prev,
	                              sizeof prev) != 0) {
		char want[AUDIT_HASH_SIZE * 2 + 1];
		hex_encode(c->prev_id == 0 ? zero : c->prev, AUDIT_HASH_SIZE,
		           want);
		audit_problem(c->r,
		              "chain: seal %lld: its prev_hash %.64s is "
		              "not the hash of %s (%s): the chain was cut "
		              "and re-linked",
		              id, PQgetvalue(res, 0, COL_PREV),
		              c->prev_id == 0 ? "nothing (seal 1 starts from "
		                                "32 zero bytes)"
		                              : "the seal before it",
		              want);
	}
	/* The hash covers this seal's own prev_hash field. */
	if (EVP_DigestInit_ex(c->md, EVP_sha256(), NULL) != 1)
		abort();
	if (prev_ok)
		EVP_DigestUpdate(c->md, prev, sizeof prev);
	const char *header = PQgetvalue(res, 0, COL_HEADER);
	EVP_DigestUpdate(c->md, header, strlen(header));
}

/* "household 0190… update by "An Khê office" at 2024-…" from the copy a
 * seal holds. */
static void
chain_event_name(const PGresult *res, char *out, size_t size)
{
	snprintf(out, size, "%s %s %s by \"%s\" at %s",
	         PQgetvalue(res, 0, COL_TABLE), PQgetvalue(res, 0, COL_RECORD),
	         PQgetvalue(res, 0, COL_ACTION), PQgetvalue(res, 0, COL_ACTOR),
	         PQgetvalue(res, 0, COL_AT));
}

/*
 * How a problem names an event of a trail ("1" ward, "2" district, "3"
 * reference), with what it recorded when what is not NULL:
 *   event 31 (ward KD)            event 31 (ward KD, household … update …)
 *   district event 7              district event 7 (programme … insert …)
 *   reference event 4             reference event 4 (fund relief insert …)
 */
static void
audit_event_label(const char *trail, const char *event, const char *ward,
                  const char *what, char *out, size_t size)
{
	if (strcmp(trail, "1") == 0)
		snprintf(out, size, "event %s (ward %s%s%s)", event, ward,
		         what ? ", " : "", what ? what : "");
	else
		snprintf(out, size, "%s event %s%s%s%s",
		         strcmp(trail, "2") == 0 ? "district" : "reference",
		         event, what ? " (" : "", what ? what : "",
		         what ? ")" : "");
}

static void
chain_item(struct chain *c, const PGresult *res)
{
	unsigned char digest[AUDIT_HASH_SIZE], copy[AUDIT_HASH_SIZE],
	    now[AUDIT_HASH_SIZE];
	const char *event = PQgetvalue(res, 0, COL_EVENT);
	const char *ward = PQgetvalue(res, 0, COL_WARD);
	const char *trail = PQgetvalue(res, 0, COL_TRAIL);
	char what[512], label[1024], full[1024];

	c->items++;
	c->events++;
	chain_event_name(res, what, sizeof what);
	audit_event_label(trail, event, ward, NULL, label, sizeof label);
	audit_event_label(trail, event, ward, what, full, sizeof full);
	if (!audit_hex_decode(PQgetvalue(res, 0, COL_DIGEST), digest,
	                      sizeof digest)) {
		audit_problem(c->r,
		              "chain: seal %lld, %s: its digest is not "
		              "32 bytes",
		              c->id, label);
		return;
	}
	EVP_DigestUpdate(c->md, digest, sizeof digest);

	audit_sha256(PQgetvalue(res, 0, COL_SEALED), copy);
	bool copy_ok = memcmp(copy, digest, sizeof digest) == 0;
	if (PQgetisnull(res, 0, COL_NOW)) {
		audit_problem(c->r,
		              "chain: seal %lld, %s was deleted after it "
		              "was sealed; the seal's copy says: %s",
		              c->id, label, what);
		return;
	}
	audit_sha256(PQgetvalue(res, 0, COL_NOW), now);
	if (memcmp(now, digest, sizeof digest) != 0) {
		audit_problem(c->r,
		              "chain: seal %lld, %s was changed after it "
		              "was sealed: %s%s",
		              c->id, full,
		              PQgetisnull(res, 0, COL_DIFF)
		                  ? "(no field differs from the seal's copy)"
		                  : PQgetvalue(res, 0, COL_DIFF),
		              copy_ok ? ""
		                      : " (the seal's copy was changed "
		                        "too: it no longer matches its "
		                        "digest)");
		return;
	}
	if (!copy_ok)
		audit_problem(c->r,
		              "chain: seal %lld, %s: the seal's copy of "
		              "the event was changed (the event itself still "
		              "matches its digest)",
		              c->id, label);
}

static void
chain_end_seal(struct chain *c)
{
	unsigned char got[AUDIT_HASH_SIZE];
	unsigned int len = sizeof got;
	char got_hex[AUDIT_HASH_SIZE * 2 + 1],
	    stored_hex[AUDIT_HASH_SIZE * 2 + 1];

	if (EVP_DigestFinal_ex(c->md, got, &len) != 1)
		abort();
	hex_encode(got, sizeof got, got_hex);
	hex_encode(c->hash, sizeof c->hash, stored_hex);
	if (c->items != c->count)
		audit_problem(c->r,
		              "chain: seal %lld says it holds %lld events "
		              "but %lld are there: events were removed from "
		              "the seal",
		              c->id, c->count, c->items);
	else if (!c->hash_ok || memcmp(got, c->hash, sizeof got) != 0)
		audit_problem(c->r,
		              "chain: seal %lld: its stored hash %s does "
		              "not match its contents (recomputed %s): the "
		              "seal or an event digest in it was rewritten",
		              c->id, c->hash_ok ? stored_hex : "(not 32 bytes)",
		              got_hex);
	if (c->id == c->anchor_id) {
		c->anchor_seen = true;
		snprintf(c->anchor_found, sizeof c->anchor_found, "%s",
		         stored_hex);
	}
	memcpy(c->prev, c->hash, sizeof c->prev);
	c->prev_id = c->id;
	snprintf(c->head, sizeof c->head, "%s", stored_hex);
	c->seals++;
	c->in_seal = false;
}

/*
 * Events no seal holds, of the three trails. Normal after the last seal;
 * but an event whose transaction is older than the last seal's horizon
 * (next_xact) was committed before that seal looked, so the seal would
 * have taken it: it was inserted behind the sealer's back, or its xact was
 * altered.
 */
#define AUDIT_UNSEALED_SQL                                                     \
	"WITH h AS (SELECT s.next_xact FROM ansinh.audit_seal AS s"            \
	"           ORDER BY s.id DESC LIMIT 1), "                             \
	"u AS ("                                                               \
	" SELECT " AUDIT_RANK_SQL(                                             \
	    "e.scope") " AS trail, e.id, e.ward_code,"                         \
	               "  e.table_name, coalesce(e.record_id::text, "          \
	               "e.record_key) AS record,"                              \
	               "  e.action, e.actor, e.recorded_at,"                   \
	               "  e.xact < (SELECT h.next_xact FROM h) AS backdated"   \
	               " FROM ansinh.audit_event AS e"                         \
	               " WHERE NOT EXISTS (SELECT FROM "                       \
	               "ansinh.audit_seal_event AS i"                          \
	               "                    WHERE i.event_scope = e.scope"     \
	               "                      AND i.event_id = e.id)) "

static bool
chain_unsealed(PGconn *pg, struct chain *c)
{
	char limit[16];
	const char *params[1] = {limit};

	PGresult *res =
	    PQexec(pg, AUDIT_UNSEALED_SQL
	           "SELECT count(*), count(*) FILTER (WHERE u.trail = 1),"
	           " count(*) FILTER (WHERE u.trail = 2),"
	           " count(*) FILTER (WHERE u.trail = 3),"
	           " count(*) FILTER (WHERE u.backdated) FROM u");
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		fprintf(stderr,
		        "ansinhd audit verify: reading unsealed "
		        "events: %s",
		        PQresultErrorMessage(res));
		PQclear(res);
		return false;
	}
	long long n = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	long long backdated = strtoll(PQgetvalue(res, 0, 4), NULL, 10);
	if (n == 0)
		printf("chain: every audit event is sealed\n");
	else
		printf("chain: %lld event%s not sealed yet (%s ward, %s "
		       "district, %s reference): protected once sealed "
		       "(ansinhd audit seal)\n",
		       n, n == 1 ? " is" : "s are", PQgetvalue(res, 0, 1),
		       PQgetvalue(res, 0, 2), PQgetvalue(res, 0, 3));
	PQclear(res);
	if (backdated == 0)
		return true;

	snprintf(limit, sizeof limit, "%d", AUDIT_LIST_MAX);
	res = PQexecParams(
	    pg,
	    AUDIT_UNSEALED_SQL
	    "SELECT u.trail::text, u.id, u.ward_code,"
	    " pg_catalog.format('%s %s %s by \"%s\" at %s', u.table_name,"
	    "  u.record, u.action, u.actor,"
	    "  pg_catalog.to_char(u.recorded_at AT TIME ZONE 'UTC',"
	    "                     'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')) "
	    "FROM u WHERE u.backdated ORDER BY u.trail, u.id LIMIT $1::int",
	    1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		fprintf(stderr,
		        "ansinhd audit verify: reading unsealed "
		        "events: %s",
		        PQresultErrorMessage(res));
		PQclear(res);
		return false;
	}
	for (int i = 0; i < PQntuples(res); i++) {
		char label[1024];
		audit_event_label(PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
		                  PQgetvalue(res, i, 2), PQgetvalue(res, i, 3),
		                  label, sizeof label);
		audit_problem(
		    c->r,
		    "chain: %s is in no seal although its "
		    "transaction precedes seal %lld: it was inserted "
		    "behind the sealer's back, or its xact was altered",
		    label, c->prev_id);
	}
	if (backdated > AUDIT_LIST_MAX)
		audit_problem(c->r, "chain: and %lld more events like these",
		              backdated - AUDIT_LIST_MAX);
	PQclear(res);
	return true;
}
