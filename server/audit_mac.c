/*
 * audit_mac.c — the audit MAC's keys and computation (see audit_mac.h).
 */
#include "audit_mac.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "hex.h"

static const struct audit_keys *audit_mac_keys; /* the serving daemon's */

static bool audit_keys_line(char *line, struct audit_key *k, const char **why);
static int audit_hex_digit(char c);

bool
audit_keys_load(const char *path, struct audit_keys *keys, char *err,
                size_t err_size)
{
	char line[AUDIT_MAC_KEY_ID_MAX + 2 * AUDIT_MAC_KEY_MAX + 64];
	const char *why = NULL;
	unsigned lineno = 0;
	FILE *f = fopen(path, "r");

	memset(keys, 0, sizeof *keys);
	if (f == NULL) {
		snprintf(err, err_size, "%s: %s", path, strerror(errno));
		return false;
	}
	while (fgets(line, sizeof line, f) != NULL) {
		size_t n = strlen(line);

		lineno++;
		if (n > 0 && line[n - 1] != '\n' && !feof(f)) {
			why = "line too long";
			break;
		}
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		if (keys->n == AUDIT_MAC_KEYS_MAX) {
			why = "too many keys (at most 32)";
			break;
		}
		if (!audit_keys_line(line, &keys->keys[keys->n], &why))
			break;
		if (audit_keys_find(keys, keys->keys[keys->n].id) != NULL) {
			why = "a key id given twice";
			break;
		}
		keys->n++;
	}
	fclose(f);
	OPENSSL_cleanse(line, sizeof line);
	if (why == NULL && keys->n == 0) {
		snprintf(err, err_size,
		         "%s: no key (lines of key_id:hex-secret)", path);
		return false;
	}
	if (why != NULL) {
		OPENSSL_cleanse(keys, sizeof *keys);
		snprintf(err, err_size, "%s:%u: %s", path, lineno, why);
		return false;
	}
	return true;
}

/* "key_id:hex-secret": an id of 1..32 letters, digits, '-', '_', '.'; a
 * secret of 16..128 bytes in hex. */
static bool
audit_keys_line(char *line, struct audit_key *k, const char **why)
{
	char *colon = strchr(line, ':');
	size_t idlen, hexlen, i;

	if (colon == NULL) {
		*why = "expected key_id:hex-secret";
		return false;
	}
	idlen = (size_t)(colon - line);
	if (idlen == 0 || idlen > AUDIT_MAC_KEY_ID_MAX) {
		*why = "the key id must have 1 to 32 characters";
		return false;
	}
	for (i = 0; i < idlen; i++) {
		char c = line[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		      c == '.')) {
			*why = "the key id may only contain letters, digits, "
			       "'-', '_' and '.'";
			return false;
		}
	}
	memcpy(k->id, line, idlen);
	k->id[idlen] = '\0';
	hexlen = strlen(colon + 1);
	if (hexlen % 2 != 0 || hexlen < 2 * AUDIT_MAC_KEY_MIN ||
	    hexlen > 2 * AUDIT_MAC_KEY_MAX) {
		*why = "the secret must be 16 to 128 bytes in hex (32 to 256 "
		       "hex digits; e.g. openssl rand -hex 32)";
		return false;
	}
	for (i = 0; i < hexlen / 2; i++) {
		int hi = audit_hex_digit(colon[1 + 2 * i]);
		int lo = audit_hex_digit(colon[2 + 2 * i]);
		if (hi < 0 || lo < 0) {
			*why = "the secret must be hex digits";
			return false;
		}
		k->secret[i] = (uint8_t)(hi << 4 | lo);
	}
	k->len = hexlen / 2;
	return true;
}

static int
audit_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

const struct audit_key *
audit_keys_find(const struct audit_keys *keys, const char *id)
{
	for (size_t i = 0; i < keys->n; i++)
		if (strcmp(keys->keys[i].id, id) == 0)
			return &keys->keys[i];
	return NULL;
}

void
audit_mac_compute(const struct audit_key *key, const char *request_id,
                  const char *token_id, const char *role, const char *ward,
                  const char *actor, const char *operation,
                  uint8_t out[AUDIT_MAC_SIZE])
{
	const char *fields[] = {request_id, token_id, role,
	                        ward,       actor,    operation};
	char *msg = NULL;
	size_t size = 0;
	unsigned int len = AUDIT_MAC_SIZE;
	FILE *f = open_memstream(&msg, &size);

	if (f == NULL)
		abort();
	fputs("ansinh audit mac v1", f);
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		const char *v = fields[i] != NULL ? fields[i] : "";
		fprintf(f, "\n%zu:%s", strlen(v), v);
	}
	if (fclose(f) != 0)
		abort();
	if (HMAC(EVP_sha256(), key->secret, (int)key->len,
	         (const unsigned char *)msg, size, out, &len) == NULL ||
	    len != AUDIT_MAC_SIZE)
		abort();
	free(msg);
}

void
audit_mac_set_keys(const struct audit_keys *keys)
{
	audit_mac_keys = keys != NULL && keys->n > 0 ? keys : NULL;
}

bool
audit_mac_param(const char *request_id, const char *token_id, const char *role,
                const char *ward, const char *actor, const char *operation,
                char out[AUDIT_MAC_PARAM_SIZE])
{
	uint8_t mac[AUDIT_MAC_SIZE];
	const struct audit_key *k;
	size_t n;

	if (audit_mac_keys == NULL)
		return false;
	k = &audit_mac_keys->keys[0];
	audit_mac_compute(k, request_id, token_id, role, ward, actor, operation,
	                  mac);
	n = strlen(k->id);
	memcpy(out, k->id, n);
	out[n] = ':';
	hex_encode(mac, sizeof mac, out + n + 1);
	return true;
}
