/*
 * checkconfig.c — `ansinhd check-config [serve flags]`: what `serve` would
 * start with, checked without serving. main.c has parsed and validated the
 * flags (exit 1 on a bad one); here the rest, each check printed as one
 * line ("ok", "warn" or "FAIL", the subject, the detail) on stdout:
 *
 *   listen     --listen and --admin-listen are addresses serve can use
 *   tls        the certificate chain and key load and belong together, the
 *              certificate is valid now (a warning within 30 days of its
 *              end), the client CA loads; TLS off is a warning
 *   log-file   --log-file can be appended to
 *   audit-key  --audit-key-file loads as serve loads it (audit_keys_load);
 *              a file others may read is a warning, none a warning (the
 *              writes then carry no MAC)
 *   database   a connection with --db (as serve makes it); a superuser
 *              role is a warning
 *   schema     ansinh_api.schema_version() is the version this binary
 *              expects (older: run ansinhd migrate)
 *   db-read    with --db-read: the same two checks on the replica (its
 *              line "db-read", its schema "db-read-schema"), and that it
 *              is a standby; all warnings, as serve reads from the primary
 *              while the replica cannot serve
 *
 * Every check runs; the exit code is that of the first kind that failed:
 * 1 flags or addresses, 2 a file (TLS, log, audit key), 3 the database cannot
 * be reached, 4 the schema is missing or older than the binary.
 */
#include "checkconfig.h"

#include <errno.h>
#include <stdarg.h>
#include <libgen.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "audit_mac.h"
#include "migrations.h"
#include "tls.h"

/* A certificate ending within this many days is a warning. */
#define CHECK_CERT_WARN_DAYS 30

struct check {
	int rc; /* exit code so far: the first failure's */
	int problems;
	int warnings;
};

static void check_line(struct check *k, int fail_rc, bool warn,
                       const char *what, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void check_listen(struct check *k, const struct daemon_config *cfg);
static void check_tls(struct check *k, const struct daemon_config *cfg);
static void check_cert_dates(struct check *k, const char *path);
static void check_log_file(struct check *k, const char *path);
static void check_audit_key(struct check *k, const char *path);
static void check_database(struct check *k, const char *conninfo, bool replica);

/* fail_rc 0: ok (or a warning with warn); else a failure of that kind. */
static void
check_line(struct check *k, int fail_rc, bool warn, const char *what,
           const char *fmt, ...)
{
	va_list ap;

	if (fail_rc != 0) {
		k->problems++;
		if (k->rc == 0 || fail_rc < k->rc)
			k->rc = fail_rc;
	} else if (warn) {
		k->warnings++;
	}
	printf("%-4s %-9s ",
	       fail_rc != 0 ? "FAIL"
	       : warn       ? "warn"
	                    : "ok",
	       what);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static void
check_listen(struct check *k, const struct daemon_config *cfg)
{
	struct sockaddr_storage ss;
	int sslen;
	bool ok = true;

	if (!daemon_parse_addr(cfg->listen, &ss, &sslen)) {
		check_line(k, 1, false, "listen",
		           "--listen %s: not HOST:PORT (numeric host)",
		           cfg->listen);
		ok = false;
	}
	if (cfg->admin_listen[0] != '\0' &&
	    !daemon_parse_addr(cfg->admin_listen, &ss, &sslen)) {
		check_line(k, 1, false, "listen",
		           "--admin-listen %s: not HOST:PORT (numeric host)",
		           cfg->admin_listen);
		ok = false;
	}
	if (ok)
		check_line(
		    k, 0, false, "listen", "clients %s, admin %s", cfg->listen,
		    cfg->admin_listen[0] != '\0' ? cfg->admin_listen : "off");
}

static void
check_cert_dates(struct check *k, const char *path)
{
	FILE *f = fopen(path, "r");
	X509 *x = f != NULL ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
	char cn[256] = "";
	int days = 0, secs = 0;

	if (f != NULL)
		fclose(f);
	if (x == NULL) {
		check_line(k, CHECK_EXIT_FILES, false, "tls",
		           "--tls-cert %s: no certificate", path);
		return;
	}
	X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_commonName, cn,
	                          sizeof cn);
	if (X509_cmp_current_time(X509_get0_notBefore(x)) > 0) {
		check_line(k, CHECK_EXIT_FILES, false, "tls",
		           "--tls-cert %s (CN=%s): not valid yet", path, cn);
	} else if (X509_cmp_current_time(X509_get0_notAfter(x)) < 0) {
		check_line(k, CHECK_EXIT_FILES, false, "tls",
		           "--tls-cert %s (CN=%s): expired", path, cn);
	} else if (ASN1_TIME_diff(&days, &secs, NULL, X509_get0_notAfter(x)) &&
	           days < CHECK_CERT_WARN_DAYS) {
		check_line(k, 0, true, "tls",
		           "--tls-cert %s (CN=%s): expires in %d day%s", path,
		           cn, days, days == 1 ? "" : "s");
	} else {
		check_line(k, 0, false, "tls",
		           "--tls-cert %s (CN=%s): valid for %d more days",
		           path, cn, days);
	}
	X509_free(x);
}

static void
check_tls(struct check *k, const struct daemon_config *cfg)
{
	char err[512];

	if (cfg->tls_cert[0] == '\0' && cfg->tls_key[0] == '\0') {
		if (cfg->tls_client_ca[0] != '\0')
			check_line(k, 1, false, "tls",
			           "--tls-client-ca needs --tls-cert and "
			           "--tls-key");
		else
			check_line(k, 0, true, "tls",
			           "off: clients connect in plaintext (give "
			           "--tls-cert and --tls-key)");
		return;
	}
	if (cfg->tls_cert[0] == '\0' || cfg->tls_key[0] == '\0') {
		check_line(k, 1, false, "tls",
		           "give both --tls-cert and --tls-key");
		return;
	}
	SSL_CTX *ctx = tls_server_new(cfg->tls_cert, cfg->tls_key,
	                              cfg->tls_client_ca, err, sizeof err);
	if (ctx == NULL) {
		check_line(k, CHECK_EXIT_FILES, false, "tls", "%s", err);
		return;
	}
	SSL_CTX_free(ctx);
	check_line(k, 0, false, "tls",
	           "--tls-key %s belongs to --tls-cert; client certificates "
	           "%s",
	           cfg->tls_key,
	           cfg->tls_client_ca[0] != '\0' ? "required" : "not asked");
	check_cert_dates(k, cfg->tls_cert);
}

static void
check_log_file(struct check *k, const char *path)
{
	if (path[0] == '\0') {
		check_line(k, 0, false, "log-file", "standard error");
		return;
	}
	if (access(path, F_OK) == 0) {
		if (access(path, W_OK) != 0)
			check_line(k, CHECK_EXIT_FILES, false, "log-file",
			           "%s: %s", path, strerror(errno));
		else
			check_line(k, 0, false, "log-file",
			           "%s: can be appended to", path);
		return;
	}
	char *copy = strdup(path);
	const char *dir = copy != NULL ? dirname(copy) : ".";
	if (access(dir, W_OK | X_OK) != 0)
		check_line(k, CHECK_EXIT_FILES, false, "log-file",
		           "%s: cannot be created in %s: %s", path, dir,
		           strerror(errno));
	else
		check_line(k, 0, false, "log-file", "%s: will be created",
		           path);
	free(copy);
}

/* --db (replica false) or --db-read (true: problems are warnings, and it
 * should be a standby). */
static void
check_audit_key(struct check *k, const char *path)
{
	struct audit_keys keys;
	struct stat st;
	char err[512];

	if (path == NULL || path[0] == '\0') {
		check_line(k, 0, true, "audit-key",
		           "off: writes carry no MAC (give --audit-key-file; "
		           "audit verify cannot tell them from events written "
		           "with the daemon's database login)");
		return;
	}
	if (!audit_keys_load(path, &keys, err, sizeof err)) {
		check_line(k, CHECK_EXIT_FILES, false, "audit-key",
		           "--audit-key-file %s", err);
		return;
	}
	if (stat(path, &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
		check_line(k, 0, true, "audit-key",
		           "--audit-key-file %s: %zu key%s, writes MAC'd with "
		           "%s; but the file is open to others (mode %03o: "
		           "chmod 600)",
		           path, keys.n, keys.n == 1 ? "" : "s",
		           keys.keys[0].id, (unsigned)(st.st_mode & 0777));
	else
		check_line(k, 0, false, "audit-key",
		           "--audit-key-file %s: %zu key%s, writes MAC'd with "
		           "%s",
		           path, keys.n, keys.n == 1 ? "" : "s",
		           keys.keys[0].id);
	OPENSSL_cleanse(&keys, sizeof keys);
}

static void
check_database(struct check *k, const char *conninfo, bool replica)
{
	const char *what = replica ? "db-read" : "database";
	const char *what_schema = replica ? "db-read-schema" : "schema";
	int fail_db = replica ? 0 : CHECK_EXIT_DATABASE;
	int fail_schema = replica ? 0 : CHECK_EXIT_SCHEMA;
	const char *keys[] = {"fallback_application_name", "dbname", NULL};
	const char *vals[] = {"ansinhd-check-config", conninfo, NULL};
	if (conninfo == NULL || conninfo[0] == '\0')
		keys[1] = NULL;
	PGconn *pg = PQconnectdbParams(keys, vals, 1);
	PGresult *res;

	if (pg == NULL || PQstatus(pg) != CONNECTION_OK) {
		char msg[512];
		snprintf(msg, sizeof msg, "%s",
		         pg != NULL ? PQerrorMessage(pg) : "out of memory");
		msg[strcspn(msg, "\n")] = '\0';
		check_line(k, fail_db, replica, what, "cannot connect: %s%s",
		           msg,
		           replica ? " (serve reads from the primary until it "
		                     "can)"
		                   : "");
		PQfinish(pg);
		return;
	}
	res = PQexec(pg, "SELECT current_user, current_database(), "
	                 "(SELECT rolsuper FROM pg_catalog.pg_roles "
	                 "WHERE rolname = current_user), "
	                 "pg_catalog.pg_is_in_recovery()");
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1) {
		bool super = strcmp(PQgetvalue(res, 0, 2), "t") == 0;
		check_line(k, 0, super, what, "connected as %s to %s%s",
		           PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1),
		           super ? ": a superuser (serve as the daemon's "
		                   "role, ansinhd)"
		                 : "");
		if (replica && strcmp(PQgetvalue(res, 0, 3), "t") != 0)
			check_line(k, 0, true, what,
			           "not a standby: the reads go to a server "
			           "that also takes writes");
	}
	PQclear(res);

	int want = migrations_latest();
	res = PQexec(pg, "SELECT ansinh_api.schema_version()");
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		char msg[512];
		snprintf(msg, sizeof msg, "%s", PQresultErrorMessage(res));
		msg[strcspn(msg, "\n")] = '\0';
		check_line(k, fail_schema, replica, what_schema,
		           "cannot read the schema version (%s): run "
		           "ansinhd migrate",
		           msg);
	} else {
		int v = atoi(PQgetvalue(res, 0, 0));
		if (v < want)
			check_line(k, fail_schema, replica, what_schema,
			           "version %d, this binary expects %d: run "
			           "ansinhd migrate",
			           v, want);
		else if (v > want)
			check_line(k, 0, true, what_schema,
			           "version %d, newer than this binary's %d", v,
			           want);
		else
			check_line(k, 0, false, what_schema,
			           "version %d, as this binary expects", v);
	}
	PQclear(res);
	PQfinish(pg);
}

int
check_config_run(const struct daemon_config *cfg, const char *audit_key_file)
{
	struct check k = {0, 0, 0};

	check_line(&k, 0, false, "flags", "valid");
	check_listen(&k, cfg);
	check_tls(&k, cfg);
	check_log_file(&k, cfg->log_file);
	check_audit_key(&k, audit_key_file);
	check_database(&k, cfg->db, false);
	if (cfg->db_read != NULL && cfg->db_read[0] != '\0')
		check_database(&k, cfg->db_read, true);
	if (k.problems > 0)
		printf("check-config: %d problem%s (exit %d)\n", k.problems,
		       k.problems == 1 ? "" : "s", k.rc);
	else
		printf("check-config: ready to serve%s\n",
		       k.warnings > 0 ? " (see the warnings)" : "");
	return k.rc;
}
