/*
 * ids.c — UUIDv8 from SHA-256 (see ids.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "ids.h"
#include "xmalloc.h"

static void ids_sha256(const char *prefix, const void *data, size_t len,
                       unsigned char md[EVP_MAX_MD_SIZE]);

void
ids_derive(const char *prefix, const void *data, size_t len,
           uint8_t out[UUID_SIZE])
{
	unsigned char md[EVP_MAX_MD_SIZE];

	ids_sha256(prefix, data, len, md);
	memcpy(out, md, UUID_SIZE);
	out[6] = (uint8_t)(0x80 | (out[6] & 0x0f));
	out[8] = (uint8_t)(0x80 | (out[8] & 0x3f));
}

void
ids_token_fingerprint(const char *token, uint8_t out[IDS_FINGERPRINT])
{
	unsigned char md[EVP_MAX_MD_SIZE];

	ids_sha256("ansinh outbox token\n", token, strlen(token), md);
	memcpy(out, md, IDS_FINGERPRINT);
}

void
ids_record(const char *record, const char *ward, const char *key,
           uint8_t out[UUID_SIZE])
{
	uint8_t tag[IDS_WARD_TAG];
	char *prefix;

	prefix = xasprintf("ansinh:%s:%s:", record, ward);
	ids_derive(prefix, key, strlen(key), out);
	free(prefix);
	if (strcmp(record, "household") == 0)
		return;
	ids_ward_tag(record, ward, tag);
	memcpy(out, tag, IDS_WARD_TAG);
	out[6] = (uint8_t)(0x80 | (out[6] & 0x0f));
}

void
ids_ward_tag(const char *record, const char *ward, uint8_t out[IDS_WARD_TAG])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	char *name;

	name = xasprintf("ansinh:%s:%s", record, ward);
	ids_sha256(name, "", 0, md);
	free(name);
	memcpy(out, md, IDS_WARD_TAG);
}

/* ---------------------------------------------------------------- helpers */

/* SHA-256(prefix || data[0..len)) into md. */
static void
ids_sha256(const char *prefix, const void *data, size_t len,
           unsigned char md[EVP_MAX_MD_SIZE])
{
	unsigned int mdlen = 0;
	EVP_MD_CTX *ctx;

	ctx = EVP_MD_CTX_new();
	if (ctx == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1 ||
	    EVP_DigestUpdate(ctx, prefix, strlen(prefix)) != 1 ||
	    EVP_DigestUpdate(ctx, data, len) != 1 ||
	    EVP_DigestFinal_ex(ctx, md, &mdlen) != 1 || mdlen < UUID_SIZE) {
		/* Only when OpenSSL cannot allocate: nothing sensible to do. */
		fputs("ansinh: SHA-256 failed (out of memory?)\n", stderr);
		exit(1);
	}
	EVP_MD_CTX_free(ctx);
}
