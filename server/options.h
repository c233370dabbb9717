/*
 * options.h — one table drives the flag parser, the ANSINHD_* environment
 * twins and --help, so none of the three can drift from the others.
 */
#ifndef ANSINH_OPTIONS_H
#define ANSINH_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum opt_type {
	OPT_STRING, /* var: const char ** (points into argv, environ or def) */
	OPT_INT,    /* var: long *, within [min, max] */
	OPT_FLAG,   /* var: bool *, takes no value */
};

struct opt_def {
	const char *name; /* without the leading "--" */
	const char *env;  /* environment twin, or NULL */
	enum opt_type type;
	void *var;
	const char *def; /* default as text, or NULL */
	const char *help;
	long min, max; /* OPT_INT bounds */
};

/*
 * Apply defaults, then the environment, then argv[first..argc). Positional
 * arguments are collected in order into pos (up to pos_max); their count goes
 * to *npos. On error returns false with a message in err.
 */
bool opt_parse(const struct opt_def *defs, int argc, char **argv, int first,
               const char **pos, int pos_max, int *npos, char *err,
               size_t err_size) __attribute__((warn_unused_result));

/* Print the table as --help text. */
void opt_usage(FILE *out, const struct opt_def *defs);

#endif
