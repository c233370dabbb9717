/*
 * migrate.c — `ansinhd migrate`: numbered migrations, applied in order, each
 * once, each in its own transaction, recorded with its SHA-256.
 *
 * An administrative command run by the DBA (as the owner role), so it uses
 * libpq's blocking API; the serving daemon never does.
 */
#include "migrations.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <openssl/sha.h>

#include "admin.h"
#include "hex.h"

/* Serialises concurrent runners (two containers starting at once). */
#define MIGRATE_LOCK_KEY "7420001"

/* Migrations 0001–0010 were squashed into 0001_baseline at 0.1.0, when
 * nothing was deployed: a database migrated with the old files has ledger
 * rows up to this version under other names, and must be recreated. */
#define MIGRATE_SQUASHED_LAST 10

static void migrate_checksum(const char *sql, char out[65]);
static const struct migration *migrate_find(int version);
static bool migrate_exec(PGconn *pg, const char *sql, const char *what);

int
migrations_latest(void)
{
	int v = 0;
	for (size_t i = 0; i < migrations_count; i++) {
		if (migrations[i].version > v)
			v = migrations[i].version;
	}
	return v;
}

static void
migrate_checksum(const char *sql, char out[65])
{
	unsigned char d[SHA256_DIGEST_LENGTH];
	SHA256((const unsigned char *)sql, strlen(sql), d);
	hex_encode(d, sizeof d, out);
}

static const struct migration *
migrate_find(int version)
{
	for (size_t i = 0; i < migrations_count; i++) {
		if (migrations[i].version == version)
			return &migrations[i];
	}
	return NULL;
}

static bool
migrate_exec(PGconn *pg, const char *sql, const char *what)
{
	PGresult *res = PQexec(pg, sql);
	ExecStatusType st = PQresultStatus(res);
	bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
	if (!ok)
		fprintf(stderr, "ansinhd migrate: %s: %s", what,
		        PQresultErrorMessage(res));
	PQclear(res);
	return ok;
}

int
migrate_run(const char *conninfo, bool status_only)
{
	PGconn *pg = admin_connect(conninfo, "ansinhd migrate");
	PGresult *res;
	int rc = 1;
	int applied_max = 0;
	bool *applied = calloc(migrations_count + 1, sizeof *applied);

	if (pg == NULL || applied == NULL) {
		free(applied);
		return 1;
	}
	if (!migrate_exec(pg, "SET client_min_messages = warning",
	                  "settings") ||
	    !migrate_exec(pg, "SELECT pg_advisory_lock(" MIGRATE_LOCK_KEY ")",
	                  "lock") ||
	    !migrate_exec(
	        pg,
	        "CREATE SCHEMA IF NOT EXISTS ansinh;"
	        "CREATE TABLE IF NOT EXISTS ansinh.schema_migrations ("
	        " version integer PRIMARY KEY,"
	        " name text NOT NULL,"
	        " checksum text NOT NULL,"
	        " applied_at timestamptz NOT NULL DEFAULT now(),"
	        " applied_by text NOT NULL DEFAULT current_user);"
	        "COMMENT ON TABLE ansinh.schema_migrations IS "
	        "'Schema migrations applied by ansinhd migrate, "
	        "one row per file, with the SHA-256 of its text.';"
	        "COMMENT ON COLUMN ansinh.schema_migrations.version IS "
	        "'The number the file name starts with';"
	        "COMMENT ON COLUMN ansinh.schema_migrations.name IS "
	        "'The file name without .sql';"
	        "COMMENT ON COLUMN ansinh.schema_migrations.checksum IS "
	        "'SHA-256 of the file as applied, hex; an edited file "
	        "no longer matches and migrate refuses to run';"
	        "COMMENT ON COLUMN ansinh.schema_migrations.applied_at IS "
	        "'When it was applied';"
	        "COMMENT ON COLUMN ansinh.schema_migrations.applied_by IS "
	        "'The database role that applied it'",
	        "creating ansinh.schema_migrations"))
		goto out;

	res = PQexec(pg, "SELECT version, name, checksum, applied_at::text "
	                 "FROM ansinh.schema_migrations ORDER BY version");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		fprintf(stderr,
		        "ansinhd migrate: reading applied migrations: %s",
		        PQresultErrorMessage(res));
		PQclear(res);
		goto out;
	}
	bool bad = false;
	bool squashed = false;
	for (int i = 0; i < PQntuples(res); i++) {
		int v = atoi(PQgetvalue(res, i, 0));
		const struct migration *m = migrate_find(v);
		const struct migration *base = migrate_find(1);
		char sum[65];
		if (m != NULL)
			applied[m - migrations] = true;
		if (v > applied_max)
			applied_max = v;
		if (v <= MIGRATE_SQUASHED_LAST &&
		    (m == NULL ||
		     strcmp(m->name, PQgetvalue(res, i, 1)) != 0)) {
			if (!squashed)
				fprintf(
				    stderr,
				    "ansinhd migrate: the database was "
				    "migrated "
				    "with the migrations of before 0.1.0 (%04d "
				    "is %s there), which were squashed into "
				    "%s; nothing was deployed then: recreate "
				    "the "
				    "database and migrate it again\n",
				    v, PQgetvalue(res, i, 1),
				    base != NULL ? base->name : "0001");
			squashed = true;
			bad = true;
			continue;
		}
		if (m == NULL) {
			fprintf(
			    stderr,
			    "ansinhd migrate: the database has migration %04d "
			    "(%s), which this ansinhd does not know: it is "
			    "older than the schema\n",
			    v, PQgetvalue(res, i, 1));
			bad = true;
			continue;
		}
		migrate_checksum(m->sql, sum);
		if (strcmp(sum, PQgetvalue(res, i, 2)) != 0) {
			fprintf(
			    stderr,
			    "ansinhd migrate: migration %s was changed after "
			    "it was applied (checksum %.12s… in the database, "
			    "%.12s… now); add a new migration instead of "
			    "editing an applied one\n",
			    m->name, PQgetvalue(res, i, 2), sum);
			bad = true;
		}
		if (status_only)
			printf("%04d  %-40s applied %s\n", v, m->name,
			       PQgetvalue(res, i, 3));
	}
	PQclear(res);
	if (bad)
		goto out;

	int pending = 0;
	for (size_t i = 0; i < migrations_count; i++) {
		const struct migration *m = &migrations[i];
		char sum[65];
		char ver[16];
		const char *params[3];

		if (applied[i])
			continue;
		pending++;
		if (status_only) {
			printf("%04d  %-40s pending\n", m->version, m->name);
			continue;
		}
		migrate_checksum(m->sql, sum);
		snprintf(ver, sizeof ver, "%d", m->version);
		params[0] = ver;
		params[1] = m->name;
		params[2] = sum;
		if (!migrate_exec(pg, "BEGIN", m->name))
			goto out;
		if (!migrate_exec(pg, m->sql, m->name)) {
			migrate_exec(pg, "ROLLBACK", "rollback");
			goto out;
		}
		res = PQexecParams(pg,
		                   "INSERT INTO ansinh.schema_migrations "
		                   "(version, name, checksum) VALUES "
		                   "($1::int, $2, $3)",
		                   3, NULL, params, NULL, NULL, 0);
		bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
		if (!ok)
			fprintf(stderr, "ansinhd migrate: recording %s: %s",
			        m->name, PQresultErrorMessage(res));
		PQclear(res);
		if (!ok || !migrate_exec(pg, "COMMIT", m->name)) {
			migrate_exec(pg, "ROLLBACK", "rollback");
			goto out;
		}
		printf("applied %s\n", m->name);
	}
	/* The daemon checks the version on every connection, through
	 * ansinh_api.schema_version() (0011), which runs as ansinh_api_owner;
	 * analysts may read the history. The roles exist once 0001 (and
	 * 0011) have run. */
	if (!status_only &&
	    !migrate_exec(pg,
	                  "DO $$ BEGIN "
	                  "IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
	                  "'ansinh_api_owner') THEN GRANT SELECT ON "
	                  "ansinh.schema_migrations TO ansinh_api_owner; "
	                  "REVOKE ALL ON ansinh.schema_migrations FROM "
	                  "ansinh_daemon; END IF; "
	                  "IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
	                  "'ansinh_analyst') THEN GRANT SELECT ON "
	                  "ansinh.schema_migrations TO ansinh_analyst; END IF; "
	                  "END $$",
	                  "granting"))
		goto out;
	if (status_only)
		printf(
		    "schema version %d, this ansinhd expects %d, %d pending\n",
		    applied_max, migrations_latest(), pending);
	else if (pending == 0)
		printf("schema is up to date (version %d)\n",
		       migrations_latest());
	else
		printf("schema migrated to version %d\n", migrations_latest());
	rc = 0;
out:
	PQfinish(pg);
	free(applied);
	return rc;
}
