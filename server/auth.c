/*
 * auth.c — Hello, its guards, and the revocation re-check (see auth.h).
 */
#include "auth.h"

#include <stdlib.h>
#include <string.h>

#include <event2/bufferevent.h>
#include <openssl/sha.h>

#include "daemon.h"
#include "hex.h"
#include "log.h"
#include "peer.h"
#include "pgarray.h"
#include "request.h"
#include "rules.h"
#include "session.h"
#include "tls.h"

#define PROTOCOL_VERSION 1
#define AUTH_TOKEN_MAX   256

struct auth_cache_slot {
	uint8_t hash[AUTH_HASH_SIZE];
	long until;
};

struct auth_cache {
	size_t slots;
	struct auth_cache_slot slot[];
};

static struct log_limit auth_log_limit = {.per_second = 10};

static void auth_count_failure(struct session *s, const char *why,
                               bool unknown);
static void auth_refuse(struct session *s, struct request *req, const char *why,
                        bool unknown);
static void auth_hello_done(struct db_job *job, const PGresult *res,
                            const struct db_error *err, void *arg);
static void auth_on_recheck(evutil_socket_t fd, short what, void *arg);
static void auth_recheck_done(struct db_job *job, const PGresult *res,
                              const struct db_error *err, void *arg);
static int auth_cmp_hex(const void *a, const void *b);

static const char auth_lookup_sql[] =
    "SELECT id, name, role, coalesce(ward_code, ''), "
    "coalesce(ansinh_api.ward_covers(ward_code), '') "
    "FROM ansinh_api.token_lookup($1::bytea)";
static const char auth_recheck_sql[] =
    "SELECT h FROM unnest($1::text[]) AS t(h) "
    "WHERE EXISTS (SELECT 1 FROM ansinh_api.token_lookup(decode(h, 'hex')))";

/* ------------------------------------------------------------------ Hello */

void
auth_hello(struct session *s, const Ansinh__V1__Request *r)
{
	struct daemon *d = s->d;
	const Ansinh__V1__Hello *h = r->hello;
	char hex[2 + 2 * SHA256_DIGEST_LENGTH + 1];
	long left;

	if (h->protocol_version != PROTOCOL_VERSION) {
		char why[96];
		snprintf(why, sizeof why,
		         "protocol version %u is not supported (this daemon "
		         "speaks %d)",
		         h->protocol_version, PROTOCOL_VERSION);
		session_reject(s, r->seq, ANSINH__V1__CODE__FAILED_PRECONDITION,
		               "hello.protocol_version", why, true);
		return;
	}
	if (peer_blocked(s->addr, daemon_now(), &left)) {
		char why[160];
		d->stats.auth_blocked++;
		snprintf(why, sizeof why,
		         "too many failed Hellos from %s: refused for %ld more "
		         "seconds; retry later",
		         s->addr->text, left);
		session_reject(s, r->seq, ANSINH__V1__CODE__UNAVAILABLE, NULL,
		               why, true);
		return;
	}
	struct request *req = request_new(s, r);
	session_set_state(s, SESSION_AUTHENTICATING);
	log_debug("hello", "conn=%llu peer=%s client=%s",
	          (unsigned long long)s->id, s->peer, log_q(h->client_name));
	size_t tlen = strlen(h->token);
	if (tlen == 0 || tlen > AUTH_TOKEN_MAX) {
		auth_refuse(s, req, "token refused", false);
		return;
	}
	SHA256((const unsigned char *)h->token, tlen, s->token_sha);
	hex_encode(s->token_sha, sizeof s->token_sha, s->token_hash);
	if (auth_cache_refused(d->auth_cache, s->token_sha, daemon_now())) {
		d->stats.auth_cached++;
		auth_refuse(s, req, "token refused (unknown or revoked)",
		            false);
		return;
	}
	hex[0] = '\\';
	hex[1] = 'x';
	memcpy(hex + 2, s->token_hash, sizeof s->token_hash);
	struct db_job *job =
	    db_job_new(DB_READ, auth_lookup_sql, auth_hello_done, req);
	db_job_param(job, hex);
	db_job_quick(job); /* never behind the sessions' reads */
	d->stats.auth_lookups++;
	if (!request_submit(req, job))
		session_close(s, "authentication unavailable");
}

/* A failed Hello: counted against its address, logged (within limits);
 * an unknown token remembered. */
static void
auth_count_failure(struct session *s, const char *why, bool unknown)
{
	struct daemon *d = s->d;
	long now = daemon_now();

	d->stats.auth_failures++;
	if (unknown)
		auth_cache_put(d->auth_cache, s->token_sha, now,
		               d->cfg.auth_cache);
	log_limited(&auth_log_limit, LOG_WARN, "token refused",
	            "conn=%llu peer=%s why=%s", (unsigned long long)s->id,
	            s->peer, log_q(why));
	if (peer_fail(s->addr, now, d->cfg.auth_failures, d->cfg.auth_block))
		log_warn("address refused after failed Hellos",
		         "addr=%s failures=%ld seconds=%ld", s->addr->text,
		         d->cfg.auth_failures, d->cfg.auth_block);
}

/* A refused Hello: counted, answered after --auth-delay. unknown: the
 * token is not a live one (remembered), else refused for another reason
 * (a certificate of another office). */
static void
auth_refuse(struct session *s, struct request *req, const char *why,
            bool unknown)
{
	struct daemon *d = s->d;
	struct timeval tv = {d->cfg.auth_delay_ms / 1000,
	                     (d->cfg.auth_delay_ms % 1000) * 1000};

	auth_count_failure(s, why, unknown);
	s->role = 0;
	s->ward[0] = s->covers[0] = s->token_id[0] = s->token_name[0] = '\0';
	snprintf(s->hello_why, sizeof s->hello_why, "%s", why);
	s->hello = req;
	evtimer_add(s->deadline, &tv); /* then auth_hello_refused */
}

void
auth_hello_refused(struct session *s)
{
	struct request *req = s->hello;

	s->hello = NULL;
	request_fail(req, ANSINH__V1__CODE__UNAUTHENTICATED, "%s",
	             s->hello_why);
	session_close(s, "token refused");
}

static void
auth_hello_done(struct db_job *job, const PGresult *res,
                const struct db_error *err, void *arg)
{
	struct request *req = arg;
	struct session *s = req->s;
	struct daemon *d = s->d;
	(void)job;

	if (s->state != SESSION_AUTHENTICATING) {
		/* Closed meanwhile (evicted, gone): a refused token still
		 * counts against its address, or closing one's own
		 * connections would escape the count. */
		if (err == NULL && PQntuples(res) != 1)
			auth_count_failure(
			    s, "token refused (unknown or revoked)", true);
		request_fail(req, ANSINH__V1__CODE__CANCELLED, "closed");
		return;
	}
	if (err != NULL) {
		log_warn("hello failed", "conn=%llu peer=%s err=%s",
		         (unsigned long long)s->id, s->peer,
		         log_q(err->message));
		request_db_error(req, err);
		session_close(s, "authentication unavailable");
		return;
	}
	if (PQntuples(res) != 1) {
		auth_refuse(s, req, "token refused (unknown or revoked)", true);
		return;
	}
	snprintf(s->token_id, sizeof s->token_id, "%s", PQgetvalue(res, 0, 0));
	snprintf(s->token_name, sizeof s->token_name, "%s",
	         PQgetvalue(res, 0, 1));
	s->role = names_role_parse(PQgetvalue(res, 0, 2));
	snprintf(s->ward, sizeof s->ward, "%s", PQgetvalue(res, 0, 3));
	if ((size_t)PQgetlength(res, 0, 4) >= sizeof s->covers) {
		request_fail(req, ANSINH__V1__CODE__INTERNAL,
		             "the unit of ward %s holds more wards than a "
		             "session can",
		             s->ward);
		session_close(s, "too many wards");
		return;
	}
	snprintf(s->covers, sizeof s->covers, "%s", PQgetvalue(res, 0, 4));
	if (s->role <= 0) {
		request_fail(req, ANSINH__V1__CODE__INTERNAL,
		             "token has an unknown role");
		session_close(s, "bad role");
		return;
	}
	if (d->cfg.tls_client_ca[0] != '\0') {
		char why[192];
		if (!tls_cert_allows(s->cert_name, session_role_name(s),
		                     s->ward, why, sizeof why)) {
			auth_refuse(s, req, why, false);
			return;
		}
	}
	evtimer_del(s->deadline);
	session_set_state(s, SESSION_READY);
	log_info("session ready",
	         "conn=%llu peer=%s role=%s ward=%s token=%s tls=%s",
	         (unsigned long long)s->id, s->peer, session_role_name(s),
	         s->ward[0] ? s->ward : "-", log_q(s->token_name),
	         s->tls ? "on" : "off");

	Ansinh__V1__HelloReply hr = ANSINH__V1__HELLO_REPLY__INIT;
	hr.role = (Ansinh__V1__Role)s->role;
	hr.ward_code = s->ward;
	hr.token_name = s->token_name;
	hr.protocol_version = PROTOCOL_VERSION;
	hr.server_version = "ansinhd/" ANSINH_VERSION;
	request_reply(req, ANSINH__V1__RESPONSE__BODY_HELLO, &hr);
	/* Frames that arrived behind the Hello: session_wake (done by the
	 * reply's session_request_done) takes them. */
}

/* ------------------------------------------------------ the re-check */

void
auth_recheck_start(struct daemon *d)
{
	struct timeval tv = {d->cfg.token_recheck, 0};

	if (d->cfg.token_recheck <= 0)
		return;
	d->ev_recheck = event_new(d->base, -1, EV_PERSIST, auth_on_recheck, d);
	if (d->ev_recheck != NULL)
		event_add(d->ev_recheck, &tv);
}

void
auth_recheck_stop(struct daemon *d)
{
	if (d->ev_recheck != NULL) {
		event_free(d->ev_recheck);
		d->ev_recheck = NULL;
	}
}

static int
auth_cmp_hex(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every --token-recheck seconds: the tokens of the authenticated sessions,
 * each once, in one query. */
static void
auth_on_recheck(evutil_socket_t fd, short what, void *arg)
{
	struct daemon *d = arg;
	struct session *s;
	const char **hashes;
	size_t n = 0;
	(void)fd;
	(void)what;

	if (d->recheck_busy || !db_pool_ready(d->pool))
		return;
	hashes = calloc((size_t)d->nsessions + 1, sizeof *hashes);
	if (hashes == NULL)
		return;
	d->recheck_gen++;
	TAILQ_FOREACH(s, &d->sessions, entry)
	{
		if (s->state != SESSION_READY && s->state != SESSION_DRAINING)
			continue;
		s->recheck = d->recheck_gen;
		hashes[n++] = s->token_hash;
	}
	if (n == 0) {
		free(hashes);
		return;
	}
	qsort(hashes, n, sizeof *hashes, auth_cmp_hex);
	struct pgarray array;
	pgarray_init(&array);
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || strcmp(hashes[i], hashes[i - 1]) != 0)
			pgarray_add(&array, hashes[i]);
	}
	free(hashes);
	struct db_job *job =
	    db_job_new(DB_READ, auth_recheck_sql, auth_recheck_done, d);
	db_job_param(job, pgarray_finish(&array));
	db_job_quick(job);
	pgarray_free(&array);
	if (db_submit(d->pool, job) == DB_SUBMITTED)
		d->recheck_busy = true;
}

static void
auth_recheck_done(struct db_job *job, const PGresult *res,
                  const struct db_error *err, void *arg)
{
	struct daemon *d = arg;
	struct session *s, *next;
	(void)job;

	d->recheck_busy = false;
	daemon_job_done(d);
	if (err != NULL) {
		log_debug("token re-check failed", "err=%s",
		          log_q(err->message));
		return;
	}
	size_t rows = (size_t)PQntuples(res);
	const char **live = calloc(rows + 1, sizeof *live);
	if (live == NULL)
		return;
	for (size_t i = 0; i < rows; i++)
		live[i] = PQgetvalue(res, (int)i, 0);
	qsort(live, rows, sizeof *live, auth_cmp_hex);
	for (s = TAILQ_FIRST(&d->sessions); s != NULL; s = next) {
		const char *key = s->token_hash;
		next = TAILQ_NEXT(s, entry);
		if (s->recheck != d->recheck_gen ||
		    (s->state != SESSION_READY && s->state != SESSION_DRAINING))
			continue;
		if (bsearch(&key, live, rows, sizeof *live, auth_cmp_hex) !=
		    NULL)
			continue;
		d->stats.revoked++;
		log_info("token revoked: closing its session",
		         "conn=%llu peer=%s token=%s",
		         (unsigned long long)s->id, s->peer,
		         log_q(s->token_name));
		session_reject(s, 0, ANSINH__V1__CODE__UNAUTHENTICATED, NULL,
		               "the token of this connection was revoked",
		               true);
	}
	free(live);
}

/* ------------------------------------------------------- refused tokens */

struct auth_cache *
auth_cache_new(size_t slots)
{
	struct auth_cache *c;

	if (slots == 0)
		slots = 1;
	c = calloc(1, sizeof *c + slots * sizeof c->slot[0]);
	if (c == NULL)
		abort();
	c->slots = slots;
	return c;
}

void
auth_cache_free(struct auth_cache *c)
{
	free(c);
}

static size_t
auth_cache_index(const struct auth_cache *c, const uint8_t *hash)
{
	uint32_t v;
	memcpy(&v, hash, sizeof v);
	return v % c->slots;
}

void
auth_cache_put(struct auth_cache *c, const uint8_t hash[AUTH_HASH_SIZE],
               long now, long seconds)
{
	struct auth_cache_slot *slot = &c->slot[auth_cache_index(c, hash)];

	if (seconds <= 0)
		return;
	memcpy(slot->hash, hash, AUTH_HASH_SIZE);
	slot->until = now + seconds;
}

bool
auth_cache_refused(const struct auth_cache *c,
                   const uint8_t hash[AUTH_HASH_SIZE], long now)
{
	const struct auth_cache_slot *slot =
	    &c->slot[auth_cache_index(c, hash)];

	return slot->until > now &&
	       memcmp(slot->hash, hash, AUTH_HASH_SIZE) == 0;
}
