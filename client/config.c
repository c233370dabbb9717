/*
 * config.c — settings from flags, environment, config file and defaults.
 *
 * The config file is lines of "key = value"; blank lines and lines whose
 * first non-blank character is '#' are ignored; a value may be put in double
 * quotes. A relative path (token-file, ca, cert, key) in the file is taken
 * relative to the file's directory, and a leading "~/" means the home
 * directory. A switch (tls, insecure) is yes/no, true/false, on/off or 1/0.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ansinh.h"
#include "config.h"
#include "xmalloc.h"

/* Longest config file, token file and config line we read. */
#define CONFIG_FILE_MAX  (64 * 1024)
#define CONFIG_TOKEN_MAX 4096
/* Bounds of --timeout, in seconds. */
#define CONFIG_TIMEOUT_MAX 86400.0

/* Where a value came from, in the order of precedence (lowest first). */
enum config_source {
	CONFIG_FROM_DEFAULT,
	CONFIG_FROM_FILE,
	CONFIG_FROM_ENV,
	CONFIG_FROM_FLAG,
};

struct config_option {
	const char *name;    /* flag "--name" and config file key */
	const char *metavar; /* shown after the flag */
	const char *env;     /* environment twin */
	const char *deflt;   /* default, NULL for none */
	const char *help;
	bool is_switch; /* --tls: takes no value on the command line */
	bool is_path;   /* relative to the config file's directory */
	/* Store a value in cfg; false with a static reason in *why. */
	bool (*set)(struct config *cfg, const char *value, const char **why);
};

/* A config file's values, by option; owned. */
struct config_file {
	char *values[CONFIG_NOPTIONS];
	int lines[CONFIG_NOPTIONS];
};

static bool config_set_server(struct config *cfg, const char *value,
                              const char **why);
static bool config_set_token_file(struct config *cfg, const char *value,
                                  const char **why);
static bool config_set_format(struct config *cfg, const char *value,
                              const char **why);
static bool config_set_timeout(struct config *cfg, const char *value,
                               const char **why);
static bool config_set_tls(struct config *cfg, const char *value,
                           const char **why);
static bool config_set_ca(struct config *cfg, const char *value,
                          const char **why);
static bool config_set_cert(struct config *cfg, const char *value,
                            const char **why);
static bool config_set_key(struct config *cfg, const char *value,
                           const char **why);
static bool config_set_insecure(struct config *cfg, const char *value,
                                const char **why);
static bool config_set_lang(struct config *cfg, const char *value,
                            const char **why);
static bool config_switch(const char *value, bool *out, const char **why);
static bool config_set_path(char **slot, const char *value, const char **why);
static char *config_default_path(bool *explicit_path);
static bool config_read_file(const char *path, size_t max, char **out,
                             char **cause);
static bool config_parse_file(const char *path, const char *text,
                              struct config_file *file, char **cause);
static char *config_trim(char *s);
static char *config_expand(const char *value, const char *base_dir);
static const char *config_env(const char *name);

static const struct config_option config_options[CONFIG_NOPTIONS] = {
    [CONFIG_SERVER] = {"server", "HOST:PORT", "ANSINH_SERVER",
                       ANSINH_DEFAULT_SERVER, "address of the daemon ansinhd",
                       false, false, config_set_server},
    [CONFIG_TOKEN_FILE] =
        {"token-file", "FILE", "ANSINH_TOKEN_FILE", NULL,
         "file holding the access token (ANSINH_TOKEN may hold the token "
         "itself)",
         false, true, config_set_token_file},
    [CONFIG_FORMAT] = {"format", "table|csv|json|html", "ANSINH_FORMAT",
                       "table", "output format", false, false,
                       config_set_format},
    [CONFIG_TIMEOUT] = {"timeout", "SECONDS", "ANSINH_TIMEOUT", "10",
                        "give up on the daemon after this long", false, false,
                        config_set_timeout},
    [CONFIG_TLS] = {"tls", "", "ANSINH_TLS", NULL,
                    "speak TLS to the daemon, verifying its certificate and "
                    "host name",
                    true, false, config_set_tls},
    [CONFIG_CA] = {"ca", "FILE", "ANSINH_CA", NULL,
                   "CA certificates (PEM) the daemon's certificate must "
                   "come from (default: the system's)",
                   false, true, config_set_ca},
    [CONFIG_CERT] = {"cert", "FILE", "ANSINH_CERT", NULL,
                     "this office's client certificate (PEM), when the "
                     "daemon asks for one",
                     false, true, config_set_cert},
    [CONFIG_KEY] = {"key", "FILE", "ANSINH_KEY", NULL,
                    "the private key of --cert (default: in --cert's file)",
                    false, true, config_set_key},
    [CONFIG_INSECURE] = {"insecure", "", "ANSINH_INSECURE", NULL,
                         "allow sending the token without TLS to a daemon "
                         "that is not on this machine",
                         true, false, config_set_insecure},
    [CONFIG_LANG] = {"lang", "vi|en", "ANSINH_LANG", NULL,
                     "language of --help and of the reports' labels (money "
                     "as 352.400.000 đ in vi, 352,400,000 in en; default: vi "
                     "when LC_ALL, LC_MESSAGES or LANG starts with vi)",
                     false, false, config_set_lang},
};

void
config_init(struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->format = RENDER_TABLE;
	cfg->timeout_ms = 10000;
	cfg->lang = lang_environment();
}

void
config_free(struct config *cfg)
{
	free(cfg->server);
	free(cfg->host);
	free(cfg->port);
	free(cfg->token_file);
	if (cfg->token != NULL) {
		explicit_bzero(cfg->token, strlen(cfg->token));
		free(cfg->token);
	}
	free(cfg->token_origin);
	free(cfg->path);
	free(cfg->ca_file);
	free(cfg->cert_file);
	free(cfg->key_file);
	config_init(cfg);
}

int
config_option_find(const char *name)
{
	int i;

	for (i = 0; i < CONFIG_NOPTIONS; i++) {
		if (strcmp(config_options[i].name, name) == 0)
			return i;
	}
	return -1;
}

void
config_set_flag(struct config *cfg, int option, const char *value)
{
	cfg->flags[option] = value;
}

int
config_take_flag(struct config *cfg, const char *name, const char *eq, int argc,
                 char **argv, int *i)
{
	int option = config_option_find(name);

	if (option < 0)
		return 0;
	if (eq != NULL)
		config_set_flag(cfg, option, eq + 1);
	else if (config_options[option].is_switch)
		config_set_flag(cfg, option, "yes");
	else if (*i + 1 < argc)
		config_set_flag(cfg, option, argv[++*i]);
	else
		return -1;
	return 1;
}

const char *
config_option_name(int option)
{
	return config_options[option].name;
}

const char *
config_option_metavar(int option)
{
	return config_options[option].metavar;
}

const char *
config_option_env(int option)
{
	return config_options[option].env;
}

const char *
config_option_default(int option)
{
	return config_options[option].deflt;
}

const char *
config_option_help(int option)
{
	return config_options[option].help;
}

bool
config_load(struct config *cfg, char **cause)
{
	struct config_file file;
	const struct config_option *o;
	enum config_source from;
	const char *value, *why, *env;
	char *text = NULL, *dir = NULL, *expanded, *slash, *prefixed;
	bool explicit_path, ok = false;
	int i;

	memset(&file, 0, sizeof file);
	cfg->path = config_default_path(&explicit_path);
	if (cfg->path != NULL) {
		if (!config_read_file(cfg->path, CONFIG_FILE_MAX, &text,
		                      cause)) {
			if (explicit_path || errno != ENOENT) {
				prefixed = xasprintf("config file %s", *cause);
				free(*cause);
				*cause = prefixed;
				goto out;
			}
			free(*cause);
			*cause = NULL;
			free(cfg->path);
			cfg->path = NULL;
		} else if (!config_parse_file(cfg->path, text, &file, cause))
			goto out;
	}
	if (cfg->path != NULL) {
		dir = xstrdup(cfg->path);
		slash = strrchr(dir, '/');
		if (slash != NULL)
			slash[slash == dir ? 1 : 0] = '\0';
		else
			strcpy(dir, ".");
	}

	for (i = 0; i < CONFIG_NOPTIONS; i++) {
		o = &config_options[i];
		env = config_env(o->env);
		if (cfg->flags[i] != NULL) {
			value = cfg->flags[i];
			from = CONFIG_FROM_FLAG;
		} else if (i == CONFIG_TOKEN_FILE &&
		           config_env("ANSINH_TOKEN") != NULL) {
			/* The token itself beats every lower-precedence file.
			 */
			cfg->token = xstrdup(config_env("ANSINH_TOKEN"));
			cfg->token_origin = xstrdup("ANSINH_TOKEN");
			continue;
		} else if (env != NULL) {
			value = env;
			from = CONFIG_FROM_ENV;
		} else if (file.values[i] != NULL) {
			value = file.values[i];
			from = CONFIG_FROM_FILE;
		} else if (o->deflt != NULL) {
			value = o->deflt;
			from = CONFIG_FROM_DEFAULT;
		} else
			continue;

		expanded = NULL;
		if (o->is_path)
			value = expanded = config_expand(
			    value, from == CONFIG_FROM_FILE ? dir : NULL);
		if (!o->set(cfg, value, &why)) {
			switch (from) {
			case CONFIG_FROM_FLAG:
				*cause = xasprintf("--%s: %s", o->name, why);
				break;
			case CONFIG_FROM_ENV:
				*cause = xasprintf("%s: %s", o->env, why);
				break;
			case CONFIG_FROM_FILE:
				*cause = xasprintf("%s:%d: %s: %s", cfg->path,
				                   file.lines[i], o->name, why);
				break;
			case CONFIG_FROM_DEFAULT:
				*cause =
				    xasprintf("default %s: %s", o->name, why);
				break;
			}
			free(expanded);
			goto out;
		}
		if (i == CONFIG_TOKEN_FILE) {
			switch (from) {
			case CONFIG_FROM_FLAG:
				cfg->token_origin =
				    xasprintf("--token-file %s", value);
				break;
			case CONFIG_FROM_ENV:
				cfg->token_origin =
				    xasprintf("ANSINH_TOKEN_FILE %s", value);
				break;
			default:
				cfg->token_origin =
				    xasprintf("token file %s", value);
				break;
			}
		}
		free(expanded);
	}
	env = config_env("ANSINH_DEBUG");
	cfg->debug = env != NULL && strcmp(env, "0") != 0;
	ok = true;
out:
	for (i = 0; i < CONFIG_NOPTIONS; i++)
		free(file.values[i]);
	free(text);
	free(dir);
	return ok;
}

bool
config_token(struct config *cfg, const char **token, char **cause)
{
	char *text, *t, *msg;

	if (cfg->token != NULL) {
		if (cfg->token[0] == '\0') {
			*cause = xasprintf("%s is empty", cfg->token_origin);
			return false;
		}
		*token = cfg->token;
		return true;
	}
	if (cfg->token_file == NULL) {
		*cause = xstrdup(
		    "no token: give --token-file FILE, set "
		    "ANSINH_TOKEN or ANSINH_TOKEN_FILE, or put token-file in "
		    "the config file");
		return false;
	}
	if (!config_read_file(cfg->token_file, CONFIG_TOKEN_MAX, &text, &msg)) {
		*cause = xasprintf("token file %s", msg);
		free(msg);
		return false;
	}
	t = config_trim(text);
	if (*t == '\0') {
		free(text);
		*cause = xasprintf("token file %s is empty", cfg->token_file);
		return false;
	}
	cfg->token = xstrdup(t);
	explicit_bzero(text, strlen(text));
	free(text);
	*token = cfg->token;
	return true;
}

/* ---------------------------------------------------------------- setters */

/* HOST:PORT, [ADDR]:PORT, HOST alone (default port) or a bare IPv6 address. */
static bool
config_set_server(struct config *cfg, const char *value, const char **why)
{
	const char *host, *port, *colon, *end;
	size_t host_len;
	char *p;
	long n;

	*why = "must be HOST:PORT (use [ADDRESS]:PORT for IPv6)";
	if (value[0] == '[') {
		end = strchr(value, ']');
		if (end == NULL || end == value + 1)
			return false;
		host = value + 1;
		host_len = (size_t)(end - host);
		if (end[1] == '\0')
			port = ANSINH_DEFAULT_PORT;
		else if (end[1] == ':')
			port = end + 2;
		else
			return false;
	} else {
		colon = strchr(value, ':');
		host = value;
		if (colon == NULL || strchr(colon + 1, ':') != NULL) {
			host_len = strlen(value);
			port = ANSINH_DEFAULT_PORT;
		} else {
			host_len = (size_t)(colon - value);
			port = colon + 1;
		}
	}
	if (host_len == 0)
		return false;
	errno = 0;
	n = strtol(port, &p, 10);
	if (*port == '\0' || *p != '\0' || errno != 0 || n < 1 || n > 65535) {
		*why = "the port must be a number from 1 to 65535";
		return false;
	}
	free(cfg->server);
	free(cfg->host);
	free(cfg->port);
	cfg->server = xstrdup(value);
	cfg->host = xstrndup(host, host_len);
	cfg->port = xstrdup(port);
	return true;
}

static bool
config_set_token_file(struct config *cfg, const char *value, const char **why)
{
	return config_set_path(&cfg->token_file, value, why);
}

static bool
config_set_format(struct config *cfg, const char *value, const char **why)
{
	if (!render_format_parse(value, &cfg->format)) {
		*why = "must be table, csv, json or html";
		return false;
	}
	return true;
}

/* Seconds, fractions allowed: "10", "0.5". */
static bool
config_set_timeout(struct config *cfg, const char *value, const char **why)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(value, &end);
	/* Written so that NaN fails too. */
	if (*value == '\0' || *end != '\0' || errno != 0 ||
	    !(v > 0 && v <= CONFIG_TIMEOUT_MAX)) {
		*why = "must be a number of seconds above 0 and at most 86400";
		return false;
	}
	cfg->timeout_ms = (int)(v * 1000.0 + 0.999);
	return true;
}

static bool
config_switch(const char *value, bool *out, const char **why)
{
	static const char *const yes[] = {"yes", "true", "on", "1"};
	static const char *const no[] = {"no", "false", "off", "0"};

	for (size_t i = 0; i < 4; i++) {
		if (strcmp(value, yes[i]) == 0) {
			*out = true;
			return true;
		}
		if (strcmp(value, no[i]) == 0) {
			*out = false;
			return true;
		}
	}
	*why = "must be yes or no";
	return false;
}

static bool
config_set_path(char **slot, const char *value, const char **why)
{
	if (*value == '\0') {
		*why = "must not be empty";
		return false;
	}
	free(*slot);
	*slot = xstrdup(value);
	return true;
}

static bool
config_set_tls(struct config *cfg, const char *value, const char **why)
{
	return config_switch(value, &cfg->tls, why);
}

static bool
config_set_insecure(struct config *cfg, const char *value, const char **why)
{
	return config_switch(value, &cfg->insecure, why);
}

static bool
config_set_lang(struct config *cfg, const char *value, const char **why)
{
	if (!lang_parse(value, &cfg->lang)) {
		*why = "must be vi or en";
		return false;
	}
	return true;
}

static bool
config_set_ca(struct config *cfg, const char *value, const char **why)
{
	return config_set_path(&cfg->ca_file, value, why);
}

static bool
config_set_cert(struct config *cfg, const char *value, const char **why)
{
	return config_set_path(&cfg->cert_file, value, why);
}

static bool
config_set_key(struct config *cfg, const char *value, const char **why)
{
	return config_set_path(&cfg->key_file, value, why);
}

/* ---------------------------------------------------------------- files */

/* The config file path (caller frees), or NULL when no home is known.
 * *explicit_path is true when ANSINH_CONFIG named it. */
static char *
config_default_path(bool *explicit_path)
{
	const char *s;

	*explicit_path = false;
	if ((s = config_env("ANSINH_CONFIG")) != NULL) {
		*explicit_path = true;
		return xstrdup(s);
	}
	if ((s = config_env("XDG_CONFIG_HOME")) != NULL && s[0] == '/')
		return xasprintf("%s/ansinh/config", s);
	if ((s = config_env("HOME")) != NULL)
		return xasprintf("%s/.config/ansinh/config", s);
	return NULL;
}

/*
 * Read a whole file of at most max bytes into *out (NUL-terminated; caller
 * frees). On failure returns false, leaves errno set and a message in *cause.
 */
static bool
config_read_file(const char *path, size_t max, char **out, char **cause)
{
	FILE *f;
	char *buf;
	size_t n;
	int saved;

	f = fopen(path, "r");
	if (f == NULL) {
		saved = errno;
		*cause = xasprintf("%s: %s", path, strerror(saved));
		errno = saved;
		return false;
	}
	buf = xmalloc(max + 1);
	n = fread(buf, 1, max + 1, f);
	if (ferror(f)) {
		saved = errno;
		*cause = xasprintf("%s: %s", path, strerror(saved));
		fclose(f);
		free(buf);
		errno = saved;
		return false;
	}
	fclose(f);
	if (n > max) {
		*cause = xasprintf("%s: larger than %zu bytes", path, max);
		free(buf);
		errno = EFBIG;
		return false;
	}
	if (memchr(buf, '\0', n) != NULL) {
		*cause = xasprintf("%s: contains a NUL byte", path);
		free(buf);
		errno = EINVAL;
		return false;
	}
	buf[n] = '\0';
	*out = buf;
	return true;
}

/* Parse "key = value" lines into file (values owned by file). */
static bool
config_parse_file(const char *path, const char *text, struct config_file *file,
                  char **cause)
{
	char *copy, *line, *next, *eq, *key, *value;
	size_t len;
	int lineno = 0, i;
	bool ok = false;

	copy = xstrdup(text);
	for (line = copy; line != NULL; line = next) {
		lineno++;
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		key = config_trim(line);
		if (*key == '\0' || *key == '#')
			continue;
		eq = strchr(key, '=');
		if (eq == NULL) {
			*cause = xasprintf("%s:%d: expected key = value", path,
			                   lineno);
			goto out;
		}
		*eq = '\0';
		key = config_trim(key);
		value = config_trim(eq + 1);
		len = strlen(value);
		if (len >= 2 && value[0] == '"' && value[len - 1] == '"') {
			value[len - 1] = '\0';
			value++;
		}
		i = config_option_find(key);
		if (i < 0) {
			char keys[256] = "";
			for (int k = 0; k < CONFIG_NOPTIONS; k++)
				snprintf(keys + strlen(keys),
				         sizeof keys - strlen(keys), "%s%s",
				         k > 0 ? ", " : "",
				         config_options[k].name);
			*cause = xasprintf("%s:%d: unknown key '%s' (keys: %s)",
			                   path, lineno, key, keys);
			goto out;
		}
		free(file->values[i]);
		file->values[i] = xstrdup(value);
		file->lines[i] = lineno;
	}
	ok = true;
out:
	free(copy);
	return ok;
}

/* Cut white space from both ends of s in place; returns the new start. */
static char *
config_trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* "~/x" -> "$HOME/x"; a relative path -> base_dir/path when base_dir is
 * given. The caller frees the result. */
static char *
config_expand(const char *value, const char *base_dir)
{
	const char *home;

	if (strncmp(value, "~/", 2) == 0 && (home = config_env("HOME")) != NULL)
		return xasprintf("%s/%s", home, value + 2);
	if (base_dir != NULL && value[0] != '/' && value[0] != '\0')
		return xasprintf("%s/%s", base_dir, value);
	return xstrdup(value);
}

/* An environment variable, NULL when unset or empty. */
static const char *
config_env(const char *name)
{
	const char *s;

	s = getenv(name);
	return s != NULL && *s != '\0' ? s : NULL;
}
