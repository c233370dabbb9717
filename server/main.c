/*
 * main.c — `ansinhd SUBCOMMAND [flags]`: serve, check-config, migrate,
 * token, audit, version.
 *
 * Every flag lives in one options table per subcommand, with its ANSINHD_*
 * environment twin and its help text; tests/integration/options.t checks that
 * each one is documented in README.md and man/ansinhd.8.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "audit.h"
#include "audit_mac.h"
#include "checkconfig.h"
#include "daemon.h"
#include "log.h"
#include "migrations.h"
#include "options.h"

#define MAX_POS 4

static int main_serve(int argc, char **argv);
static bool main_serve_settings(const char *cmd, int argc, char **argv,
                                int *rc);
static int main_check_config(int argc, char **argv);
static int main_migrate(int argc, char **argv);
static int main_token(int argc, char **argv);
static int main_audit(int argc, char **argv);
static void main_usage(FILE *out);
static bool main_parse(const char *cmd, const struct opt_def *defs, int argc,
                       char **argv, int first, const char **pos, int pos_max,
                       int *npos, const bool *help, int *rc);

static struct daemon_config cfg;
static const char *db_conninfo;
static bool want_help;
static bool migrate_status;
static const char *token_role;
static const char *token_ward;
static const char *token_name;
static bool audit_status;
static const char *audit_anchor;
static const char *audit_key_file;
static struct audit_keys audit_keys;

#define OPT_DB                                                                 \
	{                                                                      \
		"db", "ANSINHD_DB", OPT_STRING, &db_conninfo, "",              \
		    "PostgreSQL conninfo or URI (empty: the PG* variables)",   \
		    0, 0                                                       \
	}
#define OPT_HELP                                                               \
	{                                                                      \
		"help", NULL, OPT_FLAG, &want_help, NULL, "show this help", 0, \
		    0                                                          \
	}

static const struct opt_def serve_opts[] = {
    {"listen", "ANSINHD_LISTEN", OPT_STRING, &cfg.listen, "127.0.0.1:7420",
     "address for clients, HOST:PORT", 0, 0},
    {"admin-listen", "ANSINHD_ADMIN_LISTEN", OPT_STRING, &cfg.admin_listen,
     "127.0.0.1:7421",
     "HTTP address for /healthz /readyz /metrics (empty: off)", 0, 0},
    OPT_DB,
    {"db-pool", "ANSINHD_DB_POOL", OPT_INT, &cfg.db_pool, "4",
     "database connections (and as many to --db-read)", 1, 256},
    {"db-read", "ANSINHD_DB_READ", OPT_STRING, &cfg.db_read, "",
     "conninfo of a streaming replica for the reads (reports, lists, "
     "searches) of sessions that have not written; the primary when it is "
     "down (empty: none)",
     0, 0},
    {"max-frame", "ANSINHD_MAX_FRAME", OPT_INT, &cfg.max_frame, "1048576",
     "largest accepted frame, bytes", 64, 64L * 1024 * 1024},
    {"max-conns", "ANSINHD_MAX_CONNS", OPT_INT, &cfg.max_conns, "1024",
     "client connections at once", 1, 100000},
    {"max-inflight", "ANSINHD_MAX_INFLIGHT", OPT_INT, &cfg.max_inflight, "64",
     "requests in flight per connection", 1, 100000},
    {"max-queue", "ANSINHD_MAX_QUEUE", OPT_INT, &cfg.max_queue, "10000",
     "queued database jobs before RESOURCE_EXHAUSTED", 1, 10000000},
    {"max-batch", "ANSINHD_MAX_BATCH", OPT_INT, &cfg.max_batch, "64",
     "writes committed together in one transaction", 1, 10000},
    {"handshake-timeout", "ANSINHD_HANDSHAKE_TIMEOUT", OPT_INT,
     &cfg.handshake_timeout, "10", "seconds to complete Hello", 1, 3600},
    {"idle-timeout", "ANSINHD_IDLE_TIMEOUT", OPT_INT, &cfg.idle_timeout, "300",
     "seconds a connection may stay silent", 1, 86400},
    {"frame-timeout", "ANSINHD_FRAME_TIMEOUT", OPT_INT, &cfg.frame_timeout,
     "30", "seconds to finish receiving a started frame", 1, 3600},
    {"drain-timeout", "ANSINHD_DRAIN_TIMEOUT", OPT_INT, &cfg.drain_timeout,
     "30", "seconds to finish in-flight work on SIGTERM", 1, 3600},
    {"audit-seal-interval", "ANSINHD_AUDIT_SEAL_INTERVAL", OPT_INT,
     &cfg.audit_seal_interval, "60",
     "seconds between seals of the audit trail (0: never)", 0, 86400},
    {"log-level", "ANSINHD_LOG_LEVEL", OPT_STRING, &cfg.log_level, "info",
     "error, warn, info or debug", 0, 0},
    {"log-file", "ANSINHD_LOG_FILE", OPT_STRING, &cfg.log_file, "",
     "append the log to this file, opened again on SIGHUP (empty: stderr)", 0,
     0},
    {"tls-cert", "ANSINHD_TLS_CERT", OPT_STRING, &cfg.tls_cert, "",
     "PEM certificate chain of the daemon (with --tls-key: clients must "
     "use TLS)",
     0, 0},
    {"tls-key", "ANSINHD_TLS_KEY", OPT_STRING, &cfg.tls_key, "",
     "PEM private key of --tls-cert", 0, 0},
    {"tls-client-ca", "ANSINHD_TLS_CLIENT_CA", OPT_STRING, &cfg.tls_client_ca,
     "",
     "PEM CA certificates: every client must show a certificate they "
     "issued, for the office of its token",
     0, 0},
    {"max-unauth", "ANSINHD_MAX_UNAUTH", OPT_INT, &cfg.max_unauth, "128",
     "connections that have not completed Hello (the oldest is closed "
     "for a new one)",
     1, 100000},
    {"max-unauth-per-addr", "ANSINHD_MAX_UNAUTH_PER_ADDR", OPT_INT,
     &cfg.max_unauth_per_addr, "16", "of them, from one address (an IPv6 /64)",
     1, 100000},
    {"max-hello-frame", "ANSINHD_MAX_HELLO_FRAME", OPT_INT,
     &cfg.max_hello_frame, "4096", "largest frame before Hello, bytes", 64,
     1048576},
    {"auth-failures", "ANSINHD_AUTH_FAILURES", OPT_INT, &cfg.auth_failures,
     "10", "failed Hellos from one address before it is refused", 1, 1000000},
    {"auth-block", "ANSINHD_AUTH_BLOCK", OPT_INT, &cfg.auth_block, "60",
     "seconds an address is refused after --auth-failures (and the window "
     "they are counted in)",
     1, 86400},
    {"auth-delay", "ANSINHD_AUTH_DELAY", OPT_INT, &cfg.auth_delay_ms, "1000",
     "milliseconds before a refused Hello is answered", 0, 60000},
    {"auth-cache", "ANSINHD_AUTH_CACHE", OPT_INT, &cfg.auth_cache, "30",
     "seconds a refused token is refused without asking the database (0: "
     "off)",
     0, 3600},
    {"token-recheck", "ANSINHD_TOKEN_RECHECK", OPT_INT, &cfg.token_recheck, "2",
     "seconds between re-checks of open sessions' tokens (a revoked token's "
     "sessions end; 0: never)",
     0, 3600},
    {"output-pause", "ANSINHD_OUTPUT_PAUSE", OPT_INT, &cfg.output_pause,
     "1048576",
     "bytes queued for a connection before its requests are no longer read "
     "(again under half)",
     4096, 1L << 30},
    {"output-limit", "ANSINHD_OUTPUT_LIMIT", OPT_INT, &cfg.output_limit,
     "33554432", "bytes queued for a connection before it is closed", 4096,
     1L << 32},
    {"output-total", "ANSINHD_OUTPUT_TOTAL", OPT_INT, &cfg.output_total,
     "268435456",
     "bytes queued for all connections before the one with most is closed",
     4096, 1L << 36},
    {"max-ping", "ANSINHD_MAX_PING", OPT_INT, &cfg.max_ping, "4096",
     "largest Ping payload, bytes", 0, 1048576},
    {"max-session-reads", "ANSINHD_MAX_SESSION_READS", OPT_INT,
     &cfg.max_session_reads, "8",
     "reads of one connection queued or running in the database before it "
     "is no longer read",
     1, 100000},
    {"audit-key-file", "ANSINHD_AUDIT_KEY_FILE", OPT_STRING, &audit_key_file,
     "",
     "file of key_id:hex-secret lines: the first key MACs every write "
     "(ansinhd audit verify checks them); empty: writes carry no MAC",
     0, 0},
    {"query-timeout", "ANSINHD_QUERY_TIMEOUT", OPT_INT, &cfg.query_timeout,
     "30",
     "seconds a client's read may run in PostgreSQL (DEADLINE_EXCEEDED "
     "after; writes are not limited; 0: no limit)",
     0, 86400},
    OPT_HELP,
    {NULL, NULL, 0, NULL, NULL, NULL, 0, 0},
};

static const struct opt_def migrate_opts[] = {
    OPT_DB,
    {"status", NULL, OPT_FLAG, &migrate_status, NULL,
     "only show applied and pending migrations", 0, 0},
    OPT_HELP,
    {NULL, NULL, 0, NULL, NULL, NULL, 0, 0},
};

static const struct opt_def token_create_opts[] = {
    OPT_DB,
    {"role", NULL, OPT_STRING, &token_role, NULL, "ward, district or auditor",
     0, 0},
    {"ward", NULL, OPT_STRING, &token_ward, NULL, "ward code, with --role ward",
     0, 0},
    {"name", NULL, OPT_STRING, &token_name, NULL,
     "who holds the token (shown in the audit trail)", 0, 0},
    OPT_HELP,
    {NULL, NULL, 0, NULL, NULL, NULL, 0, 0},
};

static const struct opt_def token_other_opts[] = {
    OPT_DB,
    OPT_HELP,
    {NULL, NULL, 0, NULL, NULL, NULL, 0, 0},
};

static const struct opt_def audit_seal_opts[] = {
    OPT_DB,
    {"status", NULL, OPT_FLAG, &audit_status, NULL,
     "only show the seals and the events not sealed yet", 0, 0},
    OPT_HELP,
    {NULL, NULL, 0, NULL, NULL, NULL, 0, 0},
};

static const struct opt_def audit_verify_opts[] = {
    OPT_DB,
    {"anchor", NULL, OPT_STRING, &audit_anchor, NULL,
     "SEAL:HASH kept outside the database, as printed by audit seal; "
     "the seal must still have that hash",
     0, 0},
    {"audit-key-file", "ANSINHD_AUDIT_KEY_FILE", OPT_STRING, &audit_key_file,
     "",
     "the daemons' key file (every key, current and older): recompute each "
     "write's MAC; empty: MACs are reported unchecked",
     0, 0},
    OPT_HELP,
    {NULL, NULL, 0, NULL, NULL, NULL, 0, 0},
};

static void
main_usage(FILE *out)
{
	fprintf(
	    out,
	    "usage: ansinhd serve [flags]              run the daemon\n"
	    "       ansinhd check-config [serve flags] check them, the TLS "
	    "files and the database\n"
	    "       ansinhd migrate [--status] [--db CONNINFO]\n"
	    "       ansinhd token create --role ROLE [--ward CODE] --name TEXT "
	    "[--db CONNINFO]\n"
	    "       ansinhd token list [--db CONNINFO]\n"
	    "       ansinhd token revoke ID [--db CONNINFO]\n"
	    "       ansinhd audit seal [--status] [--db CONNINFO]\n"
	    "       ansinhd audit verify [--anchor SEAL:HASH] "
	    "[--db CONNINFO]\n"
	    "       ansinhd version\n"
	    "Each subcommand takes --help.\n");
}

/* Parse; print help or the error. Returns false when the caller should
 * return *rc. */
static bool
main_parse(const char *cmd, const struct opt_def *defs, int argc, char **argv,
           int first, const char **pos, int pos_max, int *npos,
           const bool *help, int *rc)
{
	char err[256];
	if (!opt_parse(defs, argc, argv, first, pos, pos_max, npos, err,
	               sizeof err)) {
		fprintf(stderr, "ansinhd %s: %s\n", cmd, err);
		fprintf(stderr, "try 'ansinhd %s --help'\n", cmd);
		*rc = 1;
		return false;
	}
	if (*help) {
		printf("usage: ansinhd %s [flags]\nflags:\n", cmd);
		opt_usage(stdout, defs);
		*rc = 0;
		return false;
	}
	return true;
}

/* The flags of serve (and check-config, which takes the same): parsed and
 * checked together. False when the caller should return *rc. */
static bool
main_serve_settings(const char *cmd, int argc, char **argv, int *rc)
{
	const char *pos[MAX_POS];
	int npos;

	if (!main_parse(cmd, serve_opts, argc, argv, 2, pos, 0, &npos,
	                &want_help, rc))
		return false;
	*rc = 1;
	if (!log_set_level(cfg.log_level)) {
		fprintf(stderr,
		        "ansinhd %s: --log-level: must be error, warn, info or "
		        "debug\n",
		        cmd);
		return false;
	}
	if (cfg.output_limit < cfg.output_pause) {
		fprintf(stderr,
		        "ansinhd %s: --output-limit must be at least "
		        "--output-pause\n",
		        cmd);
		return false;
	}
	cfg.db = db_conninfo;
	*rc = 0;
	return true;
}

static int
main_check_config(int argc, char **argv)
{
	int rc;

	if (!main_serve_settings("check-config", argc, argv, &rc))
		return rc;
	return check_config_run(&cfg, audit_key_file);
}

static int
main_serve(int argc, char **argv)
{
	int rc;

	if (!main_serve_settings("serve", argc, argv, &rc))
		return rc;
	if (cfg.log_file[0] != '\0') {
		char err[512];
		if (!log_open_file(cfg.log_file, err, sizeof err)) {
			fprintf(stderr, "ansinhd serve: --log-file: %s\n", err);
			return 1;
		}
	}
	if (audit_key_file[0] != '\0') {
		char err[512];
		if (!audit_keys_load(audit_key_file, &audit_keys, err,
		                     sizeof err)) {
			fprintf(stderr, "ansinhd serve: --audit-key-file: %s\n",
			        err);
			return 1;
		}
		audit_mac_set_keys(&audit_keys);
		log_info("audit key", "key_id=%s keys=%zu",
		         audit_keys.keys[0].id, audit_keys.n);
	} else {
		log_warn("no audit key", "detail=%s",
		         log_q("without --audit-key-file the writes carry no "
		               "MAC: audit verify cannot tell them from events "
		               "written with the daemon's database login"));
	}
	return daemon_run(&cfg);
}

static int
main_migrate(int argc, char **argv)
{
	const char *pos[MAX_POS];
	int npos, rc;

	if (!main_parse("migrate", migrate_opts, argc, argv, 2, pos, 0, &npos,
	                &want_help, &rc))
		return rc;
	return migrate_run(db_conninfo, migrate_status);
}

static int
main_token(int argc, char **argv)
{
	const char *pos[MAX_POS];
	int npos, rc;
	const char *verb = argc > 2 ? argv[2] : "";

	if (strcmp(verb, "create") == 0) {
		if (!main_parse("token create", token_create_opts, argc, argv,
		                3, pos, 0, &npos, &want_help, &rc))
			return rc;
		if (token_role == NULL) {
			fprintf(stderr,
			        "ansinhd token create: --role is required\n");
			return 1;
		}
		return token_create(db_conninfo, token_role, token_ward,
		                    token_name);
	}
	if (strcmp(verb, "list") == 0) {
		if (!main_parse("token list", token_other_opts, argc, argv, 3,
		                pos, 0, &npos, &want_help, &rc))
			return rc;
		return token_list(db_conninfo);
	}
	if (strcmp(verb, "revoke") == 0) {
		if (!main_parse("token revoke", token_other_opts, argc, argv, 3,
		                pos, 1, &npos, &want_help, &rc))
			return rc;
		if (npos != 1) {
			fprintf(stderr,
			        "ansinhd token revoke: give the token ID\n");
			return 1;
		}
		return token_revoke(db_conninfo, pos[0]);
	}
	fprintf(stderr, "ansinhd token: expected create, list or revoke\n");
	main_usage(stderr);
	return 1;
}

/* `ansinhd audit seal|verify`: exit 0 done/intact, 1 error, 3 tampering
 * found (verify). */
static int
main_audit(int argc, char **argv)
{
	const char *pos[MAX_POS];
	int npos, rc;
	const char *verb = argc > 2 ? argv[2] : "";

	if (strcmp(verb, "seal") == 0) {
		if (!main_parse("audit seal", audit_seal_opts, argc, argv, 3,
		                pos, 0, &npos, &want_help, &rc))
			return rc;
		return audit_seal_run(db_conninfo, audit_status);
	}
	if (strcmp(verb, "verify") == 0) {
		if (!main_parse("audit verify", audit_verify_opts, argc, argv,
		                3, pos, 0, &npos, &want_help, &rc))
			return rc;
		if (audit_key_file[0] != '\0') {
			char err[512];
			if (!audit_keys_load(audit_key_file, &audit_keys, err,
			                     sizeof err)) {
				fprintf(stderr,
				        "ansinhd audit verify: "
				        "--audit-key-file: %s\n",
				        err);
				return AUDIT_EXIT_ERROR;
			}
		}
		return audit_verify_run(db_conninfo, audit_anchor,
		                        audit_keys.n > 0 ? &audit_keys : NULL);
	}
	fprintf(stderr, "ansinhd audit: expected seal or verify\n");
	main_usage(stderr);
	return AUDIT_EXIT_ERROR;
}

int
main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	if (strcmp(cmd, "serve") == 0)
		return main_serve(argc, argv);
	if (strcmp(cmd, "check-config") == 0)
		return main_check_config(argc, argv);
	if (strcmp(cmd, "migrate") == 0)
		return main_migrate(argc, argv);
	if (strcmp(cmd, "token") == 0)
		return main_token(argc, argv);
	if (strcmp(cmd, "audit") == 0)
		return main_audit(argc, argv);
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
		printf("ansinhd %s (schema %d)\n", ANSINH_VERSION,
		       migrations_latest());
		return 0;
	}
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 ||
	    strcmp(cmd, "-h") == 0) {
		main_usage(stdout);
		return 0;
	}
	if (cmd[0] != '\0')
		fprintf(stderr, "ansinhd: unknown command '%s'\n", cmd);
	main_usage(stderr);
	return 1;
}
