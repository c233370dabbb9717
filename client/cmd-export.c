/*
 * cmd-export.c — `ansinh export KIND`: every record of a kind as CSV on
 * stdout, in the columns and words that `ansinh import KIND` takes back
 * unchanged (the header line first, then one line per record, RFC 4180,
 * UTF-8 without a byte order mark). The kind's export function pages
 * through the daemon's list requests, so nothing holds the whole list.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "csv.h"
#include "kind.h"

static enum ansinh_exit cmd_export_exec(struct cmd_ctx *ctx,
                                        const struct cmd_args *args);
static bool cmd_export_check_kind(const char *v, const char **why);

static const struct cmd_arg cmd_export_args[] = {
	{"KIND", cmd_export_check_kind},
	{NULL, NULL},
};

static const struct cmd_flag cmd_export_flags[] = {
	CMD_FLAG_WARD,
	{.name = NULL},
};

const struct cmd_entry cmd_export_entry = {
	.noun = "export",
	.verb = NULL,
	.summary = "Write every record of a kind as CSV.",
	.help = "Write every record of KIND (households or members) that the "
	    "token may\nsee — or those of one ward with --ward — as CSV on "
	    "stdout: a header line\nof the English column names, then one "
	    "line per record, with its id.\n'ansinh import KIND' takes the "
	    "file back unchanged. Always CSV,\nwhatever --format says.",
	.args = cmd_export_args,
	.flags = cmd_export_flags,
	.exec = cmd_export_exec,
};

static enum ansinh_exit
cmd_export_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	const char *header[KIND_MAX_COLUMNS];
	struct kind_export x;
	enum ansinh_exit rc;
	size_t i, n;

	memset(&x, 0, sizeof x);
	x.ctx = ctx;
	x.kind = kind_find(args->argv[0]);
	x.ward = cmd_string(args, "ward");
	x.out = stdout;
	n = kind_ncolumns(x.kind);
	for (i = 0; i < n; i++)
		header[i] = x.kind->columns[i].name;
	/* Reach the daemon before writing anything. */
	rc = cmd_connect(ctx, false);
	if (rc != ANSINH_EXIT_OK)
		return rc;
	if (!csv_write_record(stdout, header, n)) {
		cmd_error("cannot write the output: %s", strerror(errno));
		return ANSINH_EXIT_USAGE;
	}
	rc = x.kind->export(&x);
	if (rc == ANSINH_EXIT_USAGE || ferror(stdout)) {
		cmd_error("cannot write the output: %s", strerror(errno));
		return ANSINH_EXIT_USAGE;
	}
	if (rc == ANSINH_EXIT_OK)
		fprintf(stderr, "ansinh: exported %llu %s\n", x.rows,
		    x.kind->name);
	return rc;
}

static bool
cmd_export_check_kind(const char *v, const char **why)
{
	static char reason[320];

	if (kind_find(v) != NULL)
		return true;
	snprintf(reason, sizeof reason, "must be one of %s", kind_names());
	*why = reason;
	return false;
}
