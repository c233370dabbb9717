/*
 * config.h — the client's settings: the daemon's address, the token, the
 * output format, the timeout and the transport (TLS, its CA and the office's
 * certificate).
 *
 * One table of options (config.c) drives the global flags, their ANSINH_*
 * environment twins, the config file keys and the --help text. Precedence:
 * flag > environment > config file > default.
 */
#ifndef ANSINH_CONFIG_H
#define ANSINH_CONFIG_H

#include <stdbool.h>
#include <stdio.h>

#include "lang.h"
#include "render.h"

enum config_option_id {
	CONFIG_SERVER,
	CONFIG_TOKEN_FILE,
	CONFIG_FORMAT,
	CONFIG_TIMEOUT,
	CONFIG_TLS,
	CONFIG_CA,
	CONFIG_CERT,
	CONFIG_KEY,
	CONFIG_INSECURE,
	CONFIG_LANG,
	CONFIG_NOPTIONS,
};

struct config {
	/* Values of the global flags given on the command line (pointers into
	 * argv, not owned), by enum config_option_id; NULL when not given. */
	const char *flags[CONFIG_NOPTIONS];

	/* Resolved by config_load; owned by the config. */
	char *server; /* as given, "HOST:PORT" */
	char *host;   /* "127.0.0.1", "::1", "district.example" */
	char *port;   /* "7420" */
	enum render_format format;
	int timeout_ms;
	bool debug;       /* ANSINH_DEBUG=1: connection states on stderr */
	char *token_file; /* path of the token file, NULL when ANSINH_TOKEN */
	char *token;      /* the token itself, once config_token has read it */
	char *token_origin; /* where the token came from, for messages */
	char *path;         /* the config file read, NULL when none */
	bool tls;           /* speak TLS to the daemon */
	char *ca_file;      /* CA certificates for the daemon's; NULL: system */
	char *cert_file;    /* the office's certificate, NULL when none */
	char *key_file;     /* its key (default: cert_file) */
	bool insecure;  /* may send the token in plaintext beyond loopback */
	enum lang lang; /* of --help and the reports' labels */
};

/* An empty config: no flags given, nothing resolved. */
void config_init(struct config *cfg);

/* Free what the config owns (not the struct itself). */
void config_free(struct config *cfg);

/* The option with this flag name ("server"), or -1. */
int config_option_find(const char *name);

/* Record the value of a global flag (last one wins); value must outlive
 * cfg (an argv string). */
void config_set_flag(struct config *cfg, int option, const char *value);

/*
 * The global flag --name at argv[*i] (eq: its "=value" part, or NULL): 1
 * when it is one and was recorded (a flag that takes a value takes the next
 * word when there is no "=value", and *i moves past it; a switch such as
 * --tls takes none), 0 when name is no global flag, -1 when its value is
 * missing.
 */
int config_take_flag(struct config *cfg, const char *name, const char *eq,
                     int argc, char **argv, int *i);

/* The parts of an option, for usage lines and --help. env and deflt may be
 * NULL; a switch's metavar is "". */
const char *config_option_name(int option);
const char *config_option_metavar(int option);
const char *config_option_env(int option);
const char *config_option_default(int option);
const char *config_option_help(int option);

/*
 * Resolve every setting from the flags, the environment and the config file
 * ($ANSINH_CONFIG, else $XDG_CONFIG_HOME/ansinh/config, else
 * ~/.config/ansinh/config; a missing default file is not an error). On
 * failure returns false and a message in *cause naming where the bad value
 * came from ("ANSINH_FORMAT: must be table, csv, json or html"); the caller
 * frees *cause.
 */
bool config_load(struct config *cfg, char **cause)
    __attribute__((warn_unused_result));

/*
 * The token: $ANSINH_TOKEN itself, or the content of the token file with
 * surrounding white space trimmed. Read once, then kept in cfg->token.
 * Returns false with a message in *cause (caller frees) when there is no
 * token or the file cannot be read.
 */
bool config_token(struct config *cfg, const char **token, char **cause)
    __attribute__((warn_unused_result));

#endif
