/*
 * main.c — ansinh, the ward officer's command-line client of ansinhd.
 *
 *   ansinh [global flags] <noun> <verb> [arguments] [flags]
 *
 * Global flags come first (they are also accepted after the verb); then the
 * command table (cmd.c) takes over. The settings are resolved only once the
 * command line is known to be good, so --help always works.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ansinh.h"
#include "cmd.h"
#include "config.h"
#include "link.h"

static enum ansinh_exit main_global_flags(int argc, char **argv,
                                          struct config *cfg, int *next,
                                          bool *done);
static bool main_help_lang(int argc, char **argv);

int
main(int argc, char **argv)
{
	struct config cfg;
	struct cmd_args args;
	struct cmd_ctx ctx;
	enum ansinh_exit rc;
	char *cause = NULL;
	bool done = false;
	int next;

	config_init(&cfg);
	if (!main_help_lang(argc, argv)) {
		rc = ANSINH_EXIT_USAGE;
		goto out;
	}
	rc = main_global_flags(argc, argv, &cfg, &next, &done);
	if (rc != ANSINH_EXIT_OK || done)
		goto out;
	if (next == argc) {
		cmd_error("missing command");
		cmd_usage_main(stderr);
		rc = ANSINH_EXIT_USAGE;
		goto out;
	}
	rc = cmd_parse(argc - next, argv + next, &cfg, &args, &done);
	if (rc != ANSINH_EXIT_OK || done)
		goto out;
	if (!config_load(&cfg, &cause)) {
		cmd_error("%s", cause);
		free(cause);
		rc = ANSINH_EXIT_USAGE;
		goto out;
	}
	memset(&ctx, 0, sizeof ctx);
	ctx.cfg = &cfg;
	ctx.args = &args;
	rc = args.entry->exec(&ctx, &args);
	link_free(ctx.link);
out:
	config_free(&cfg);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cmd_error("cannot write the output: %s", strerror(errno));
		if (rc == ANSINH_EXIT_OK)
			rc = ANSINH_EXIT_USAGE;
	}
	return (int)rc;
}

/*
 * The flags before the noun: --help, --version and the config options.
 * *next is the index of the noun; *done is set when help or the version was
 * printed.
 */
static enum ansinh_exit
main_global_flags(int argc, char **argv, struct config *cfg, int *next,
                  bool *done)
{
	const char *arg, *eq;
	char name[64];
	size_t len;
	int i, taken;

	for (i = 1; i < argc; i++) {
		arg = argv[i];
		if (arg[0] != '-' || arg[1] == '\0')
			break;
		if (strcmp(arg, "--") == 0) {
			i++;
			break;
		}
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			cmd_help_main(stdout);
			*done = true;
			return ANSINH_EXIT_OK;
		}
		if (strcmp(arg, "--version") == 0) {
			printf("ansinh %s (protocol %d)\n", ANSINH_VERSION,
			       ANSINH_PROTOCOL_VERSION);
			*done = true;
			return ANSINH_EXIT_OK;
		}
		eq = arg[1] == '-' ? strchr(arg + 2, '=') : NULL;
		len = eq != NULL ? (size_t)(eq - arg - 2) : strlen(arg + 2);
		taken = 0;
		if (arg[1] == '-' && len > 0 && len < sizeof name) {
			memcpy(name, arg + 2, len);
			name[len] = '\0';
			taken = config_take_flag(cfg, name, eq, argc, argv, &i);
		}
		if (taken == 0) {
			cmd_error("unknown flag %s", arg);
			cmd_usage_main(stderr);
			return ANSINH_EXIT_USAGE;
		}
		if (taken < 0) {
			cmd_error(
			    "--%s needs a value (%s)", name,
			    config_option_metavar(config_option_find(name)));
			cmd_usage_main(stderr);
			return ANSINH_EXIT_USAGE;
		}
	}
	*next = i;
	return ANSINH_EXIT_OK;
}

/*
 * The language of --help, chosen before the command line is parsed (help is
 * printed as soon as --help is seen, and reads no config file): the last
 * --lang anywhere before "--", else ANSINH_LANG, else the locale. A word
 * other than vi or en is an error here already, whatever follows.
 */
static bool
main_help_lang(int argc, char **argv)
{
	const char *value = getenv("ANSINH_LANG"), *from = "ANSINH_LANG";
	enum lang lang = lang_environment();
	int i;

	if (value != NULL && value[0] == '\0')
		value = NULL;
	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strncmp(argv[i], "--lang=", 7) == 0) {
			value = argv[i] + 7;
			from = "--lang";
		} else if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc) {
			value = argv[++i];
			from = "--lang";
		}
	}
	if (value != NULL && !lang_parse(value, &lang)) {
		cmd_error("%s: '%s' must be vi or en", from, value);
		return false;
	}
	cmd_help_lang(lang);
	return true;
}
