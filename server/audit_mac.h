/*
 * audit_mac.h — the keyed MAC that binds each write to the daemon that made
 * it (sql/migrations/0041_audit_mac.sql).
 *
 * The key is in the daemon's configuration, never in the database: a file
 * of `key_id:hex-secret` lines (`#` comments and blank lines allowed); the
 * first key is the current one, the others still verify MACs made before a
 * rotation. For every write the daemon computes
 *
 *   HMAC-SHA256(key, "ansinh audit mac v1" + for each of request_id,
 *               token_id, role, ward, actor, operation: "\n" len ":" value)
 *
 * (ward "" for district tokens; ids as lower-case UUID text) and passes it
 * as "key_id:hex" to ansinh_api.audit_mac_record in the write's own
 * statement, so it is stored beside the write's audit events in the same
 * transaction. `ansinhd audit verify --audit-key-file` recomputes them.
 */
#ifndef ANSINH_AUDIT_MAC_H
#define ANSINH_AUDIT_MAC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AUDIT_MAC_SIZE       32
#define AUDIT_MAC_KEY_ID_MAX 32
#define AUDIT_MAC_KEY_MIN    16 /* bytes of secret, at least */
#define AUDIT_MAC_KEY_MAX    128
#define AUDIT_MAC_KEYS_MAX   32
/* "key_id:" and the MAC in hex */
#define AUDIT_MAC_PARAM_SIZE (AUDIT_MAC_KEY_ID_MAX + 2 + 2 * AUDIT_MAC_SIZE)

struct audit_key {
	char id[AUDIT_MAC_KEY_ID_MAX + 1];
	uint8_t secret[AUDIT_MAC_KEY_MAX];
	size_t len;
};

struct audit_keys {
	size_t n; /* keys[0] is the current one */
	struct audit_key keys[AUDIT_MAC_KEYS_MAX];
};

/* Read a key file into *keys. false with the reason (naming the file and
 * the line) in err. */
bool audit_keys_load(const char *path, struct audit_keys *keys, char *err,
                     size_t err_size) __attribute__((warn_unused_result));

/* The key with this id, or NULL. */
const struct audit_key *audit_keys_find(const struct audit_keys *keys,
                                        const char *id);

/* The MAC of one write's fields under key. */
void audit_mac_compute(const struct audit_key *key, const char *request_id,
                       const char *token_id, const char *role, const char *ward,
                       const char *actor, const char *operation,
                       uint8_t out[AUDIT_MAC_SIZE]);

/* The serving daemon's keys: set once at start (NULL: none, writes carry
 * no MAC). */
void audit_mac_set_keys(const struct audit_keys *keys);
/* The "key_id:hex" parameter for a write under the current key, in out;
 * false when the daemon has no key (the parameter is then NULL). */
bool audit_mac_param(const char *request_id, const char *token_id,
                     const char *role, const char *ward, const char *actor,
                     const char *operation, char out[AUDIT_MAC_PARAM_SIZE]);

#endif
