/*
 * options.c — the table-driven parser behind every ansinhd subcommand.
 */
#include "options.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static bool opt_set(const struct opt_def *d, const char *value,
                    const char *origin, char *err, size_t err_size);
static const struct opt_def *opt_find(const struct opt_def *defs,
                                      const char *name, size_t len);

static bool
opt_set(const struct opt_def *d, const char *value, const char *origin,
        char *err, size_t err_size)
{
	switch (d->type) {
	case OPT_STRING:
		*(const char **)d->var = value;
		return true;
	case OPT_FLAG:
		if (strcmp(value, "1") == 0 || strcmp(value, "true") == 0 ||
		    strcmp(value, "yes") == 0) {
			*(bool *)d->var = true;
			return true;
		}
		if (strcmp(value, "0") == 0 || strcmp(value, "false") == 0 ||
		    strcmp(value, "no") == 0 || value[0] == '\0') {
			*(bool *)d->var = false;
			return true;
		}
		snprintf(err, err_size, "%s: must be true or false", origin);
		return false;
	case OPT_INT: {
		char *end;
		errno = 0;
		long v = strtol(value, &end, 10);
		if (errno != 0 || end == value || *end != '\0') {
			snprintf(err, err_size, "%s: must be a whole number",
			         origin);
			return false;
		}
		if (v < d->min || v > d->max) {
			snprintf(err, err_size,
			         "%s: must be between %ld and %ld", origin,
			         d->min, d->max);
			return false;
		}
		*(long *)d->var = v;
		return true;
	}
	}
	return false;
}

static const struct opt_def *
opt_find(const struct opt_def *defs, const char *name, size_t len)
{
	for (const struct opt_def *d = defs; d->name != NULL; d++) {
		if (strlen(d->name) == len && strncmp(d->name, name, len) == 0)
			return d;
	}
	return NULL;
}

bool
opt_parse(const struct opt_def *defs, int argc, char **argv, int first,
          const char **pos, int pos_max, int *npos, char *err, size_t err_size)
{
	char origin[128];

	*npos = 0;
	for (const struct opt_def *d = defs; d->name != NULL; d++) {
		if (d->def != NULL) {
			snprintf(origin, sizeof origin, "default of --%s",
			         d->name);
			if (!opt_set(d, d->def, origin, err, err_size))
				return false;
		}
		const char *env = d->env != NULL ? getenv(d->env) : NULL;
		if (env != NULL) {
			if (!opt_set(d, env, d->env, err, err_size))
				return false;
		}
	}
	for (int i = first; i < argc; i++) {
		const char *arg = argv[i];
		if (strcmp(arg, "--") == 0) {
			for (i++; i < argc; i++) {
				if (*npos >= pos_max) {
					snprintf(err, err_size,
					         "unexpected argument '%s'",
					         argv[i]);
					return false;
				}
				pos[(*npos)++] = argv[i];
			}
			break;
		}
		if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0') {
			if (*npos >= pos_max) {
				snprintf(err, err_size,
				         "unexpected argument '%s'", arg);
				return false;
			}
			pos[(*npos)++] = arg;
			continue;
		}
		const char *name = arg + 2;
		const char *eq = strchr(name, '=');
		size_t len = eq != NULL ? (size_t)(eq - name) : strlen(name);
		const struct opt_def *d = opt_find(defs, name, len);
		if (d == NULL) {
			snprintf(err, err_size, "unknown flag --%.*s", (int)len,
			         name);
			return false;
		}
		snprintf(origin, sizeof origin, "--%s", d->name);
		const char *value;
		if (eq != NULL) {
			value = eq + 1;
		} else if (d->type == OPT_FLAG) {
			value = "true";
		} else if (i + 1 < argc) {
			value = argv[++i];
		} else {
			snprintf(err, err_size, "--%s needs a value", d->name);
			return false;
		}
		if (!opt_set(d, value, origin, err, err_size))
			return false;
	}
	return true;
}

void
opt_usage(FILE *out, const struct opt_def *defs)
{
	for (const struct opt_def *d = defs; d->name != NULL; d++) {
		char flag[64];
		snprintf(flag, sizeof flag, "--%s%s", d->name,
		         d->type == OPT_FLAG  ? ""
		         : d->type == OPT_INT ? " N"
		                              : " VALUE");
		fprintf(out, "  %-26s %s", flag, d->help);
		if (d->def != NULL && d->def[0] != '\0')
			fprintf(out, " (default %s)", d->def);
		if (d->env != NULL)
			fprintf(out, " [%s]", d->env);
		fputc('\n', out);
	}
}
