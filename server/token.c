/*
 * token.c — API tokens: created offline, printed once, stored only as their
 * SHA-256, revocable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <openssl/sha.h>

#include "admin.h"
#include "hex.h"
#include "rules.h"
#include "uuid.h"

#define TOKEN_RANDOM_BYTES 32

PGconn *
admin_connect(const char *conninfo, const char *who)
{
	const char *keys[] = {"fallback_application_name", "dbname", NULL};
	const char *vals[] = {"ansinhd-admin", conninfo, NULL};
	if (conninfo == NULL || conninfo[0] == '\0')
		keys[1] = NULL;
	PGconn *pg = PQconnectdbParams(keys, vals, 1);
	if (pg == NULL || PQstatus(pg) != CONNECTION_OK) {
		fprintf(stderr, "%s: cannot connect to the database: %s", who,
		        pg != NULL ? PQerrorMessage(pg) : "out of memory\n");
		PQfinish(pg);
		return NULL;
	}
	return pg;
}

int
token_create(const char *conninfo, const char *role, const char *ward,
             const char *name)
{
	const char *why = NULL;
	unsigned char raw[TOKEN_RANDOM_BYTES];
	unsigned char digest[SHA256_DIGEST_LENGTH];
	char token[8 + 2 * TOKEN_RANDOM_BYTES + 1];
	char hash[2 + 2 * SHA256_DIGEST_LENGTH + 1];
	uint8_t idb[UUID_SIZE];
	char id[UUID_STR_SIZE];

	if (names_role_parse(role) < 0) {
		fprintf(stderr,
		        "ansinhd token create: --role: must be one of %s\n",
		        names_role_list());
		return 1;
	}
	if (strcmp(role, "ward") == 0 && (ward == NULL || ward[0] == '\0')) {
		fprintf(stderr, "ansinhd token create: --ward is required with "
		                "--role ward\n");
		return 1;
	}
	if (strcmp(role, "ward") != 0 && ward != NULL && ward[0] != '\0') {
		fprintf(stderr, "ansinhd token create: --ward goes only with "
		                "--role ward\n");
		return 1;
	}
	if (ward != NULL && ward[0] != '\0' && !rule_ward_code(ward, &why)) {
		fprintf(stderr, "ansinhd token create: --ward: %s\n", why);
		return 1;
	}
	if (name == NULL ||
	    !rule_text(name, RULE_TOKEN_NAME_MAX, true, false, &why)) {
		fprintf(stderr, "ansinhd token create: --name: %s\n",
		        name == NULL ? "is required" : why);
		return 1;
	}
	if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw ||
	    !uuid7_generate(idb)) {
		fprintf(stderr, "ansinhd token create: no randomness\n");
		return 1;
	}
	memcpy(token, "ansinh1_", 8);
	hex_encode(raw, sizeof raw, token + 8);
	SHA256((const unsigned char *)token, strlen(token), digest);
	hash[0] = '\\';
	hash[1] = 'x';
	hex_encode(digest, sizeof digest, hash + 2);
	uuid_format(idb, id);

	PGconn *pg = admin_connect(conninfo, "ansinhd token create");
	if (pg == NULL)
		return 1;
	const char *params[5] = {id, name, role,
	                         ward != NULL && ward[0] ? ward : NULL, hash};
	PGresult *res = PQexecParams(
	    pg,
	    "INSERT INTO ansinh.api_token (id, name, role, ward_code, "
	    "token_sha256) VALUES ($1::uuid, $2, $3, $4, $5::bytea)",
	    5, NULL, params, NULL, NULL, 0);
	int rc = 0;
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		fprintf(stderr, "ansinhd token create: %s",
		        PQresultErrorMessage(res));
		rc = 1;
	} else {
		printf("token id %s role %s%s%s name \"%s\"\n", id, role,
		       ward != NULL && ward[0] ? " ward " : "",
		       ward != NULL && ward[0] ? ward : "", name);
		printf("the token is shown once; store it now:\n");
		printf("%s\n", token);
	}
	PQclear(res);
	PQfinish(pg);
	explicit_bzero(token, sizeof token);
	explicit_bzero(raw, sizeof raw);
	return rc;
}

int
token_list(const char *conninfo)
{
	PGconn *pg = admin_connect(conninfo, "ansinhd token list");
	if (pg == NULL)
		return 1;
	PGresult *res =
	    PQexec(pg, "SELECT id, role, coalesce(ward_code, '-'), "
	               "to_char(created_at AT TIME ZONE 'UTC', "
	               "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
	               "coalesce(to_char(revoked_at AT TIME ZONE 'UTC', "
	               "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '-'), name "
	               "FROM ansinh.api_token ORDER BY created_at, id");
	int rc = 0;
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		fprintf(stderr, "ansinhd token list: %s",
		        PQresultErrorMessage(res));
		rc = 1;
	} else {
		printf("%-36s  %-8s  %-4s  %-20s  %-20s  %s\n", "id", "role",
		       "ward", "created", "revoked", "name");
		for (int i = 0; i < PQntuples(res); i++)
			printf("%-36s  %-8s  %-4s  %-20s  %-20s  %s\n",
			       PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
			       PQgetvalue(res, i, 2), PQgetvalue(res, i, 3),
			       PQgetvalue(res, i, 4), PQgetvalue(res, i, 5));
	}
	PQclear(res);
	PQfinish(pg);
	return rc;
}

int
token_revoke(const char *conninfo, const char *id)
{
	uint8_t b[UUID_SIZE];
	if (id == NULL || !uuid_parse(id, b)) {
		fprintf(stderr, "ansinhd token revoke: ID must be a token id "
		                "(see ansinhd token list)\n");
		return 1;
	}
	PGconn *pg = admin_connect(conninfo, "ansinhd token revoke");
	if (pg == NULL)
		return 1;
	const char *params[1] = {id};
	PGresult *res =
	    PQexecParams(pg,
	                 "UPDATE ansinh.api_token SET revoked_at = now() "
	                 "WHERE id = $1::uuid AND revoked_at IS NULL",
	                 1, NULL, params, NULL, NULL, 0);
	int rc = 0;
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		fprintf(stderr, "ansinhd token revoke: %s",
		        PQresultErrorMessage(res));
		rc = 1;
	} else if (strcmp(PQcmdTuples(res), "1") != 0) {
		fprintf(stderr, "ansinhd token revoke: no live token %s\n", id);
		rc = 2;
	} else {
		printf("revoked %s\n", id);
	}
	PQclear(res);
	PQfinish(pg);
	return rc;
}
