/*
 * auth.h — the Hello handshake and what guards it.
 *
 *   - A Hello's token is looked up (ansinh_api.token_lookup of its SHA-256)
 *     while the connection reads nothing more.
 *   - A refused token is answered UNAUTHENTICATED only after --auth-delay,
 *     counted against its address (the --auth-failures-th within
 *     --auth-block seconds refuses the address for --auth-block seconds),
 *     remembered for --auth-cache seconds (the same token again is refused
 *     without asking the database), and logged through a rate limit.
 *   - With client certificates (--tls-client-ca), a token is accepted only
 *     with the certificate of its office (tls_cert_allows).
 *   - Every --token-recheck seconds the tokens of the open sessions are
 *     looked up again, in one query; the sessions of a token no longer
 *     live (revoked) are told so and closed.
 */
#ifndef ANSINH_AUTH_H
#define ANSINH_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ansinh.pb-c.h"

struct daemon;
struct session;

#define AUTH_HASH_SIZE 32

/* A session in HANDSHAKE received its Hello. */
void auth_hello(struct session *s, const Ansinh__V1__Request *r);

/* The delay of a refused Hello is over: answer it and close. */
void auth_hello_refused(struct session *s);

/* Start (and stop) the revocation re-check timer of the daemon. */
void auth_recheck_start(struct daemon *d);
void auth_recheck_stop(struct daemon *d);

/*
 * The cache of refused tokens: direct-mapped by the hash's first bytes (a
 * SHA-256 is uniform), so a lookup is one comparison and its size is fixed.
 * Pure; unit-tested.
 */
struct auth_cache;
struct auth_cache *auth_cache_new(size_t slots);
void auth_cache_free(struct auth_cache *c);
/* Remember hash as refused until now + seconds. */
void auth_cache_put(struct auth_cache *c, const uint8_t hash[AUTH_HASH_SIZE],
                    long now, long seconds);
/* Was hash refused, and not longer ago than its seconds? */
bool auth_cache_refused(const struct auth_cache *c,
                        const uint8_t hash[AUTH_HASH_SIZE], long now);

#endif
