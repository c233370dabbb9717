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

#include "call.h"
#include "cmd.h"
#include "csv.h"
#include "kind.h"

static enum ansinh_exit cmd_export_exec(struct cmd_ctx *ctx,
                                        const struct cmd_args *args);
static bool cmd_export_check_kind(const char *v, const char **why);
static const char *cmd_export_dated(void);
static bool cmd_export_personal(const struct kind *k);

static const struct cmd_arg cmd_export_args[] = {
    {.metavar = "KIND", .check = cmd_export_check_kind},
    {.metavar = NULL},
};

static const struct cmd_flag cmd_export_flags[] = {
    CMD_FLAG_WARD,
    {.name = "year",
     .kind = CMD_VALUE,
     .metavar = "Y",
     .check = check_year,
     .help = "only the records of year Y: needs surveyed, supports "
             "given, assessments of review year Y (not for households or "
             "members)"},
    {.name = "redact",
     .kind = CMD_SWITCH,
     .help = "leave out the columns of sensitive personal data: the "
             "members' citizen IDs"},
    {.name = NULL},
};

const struct cmd_entry cmd_export_entry = {
    .noun = "export",
    .verb = NULL,
    .summary = "Write every record of a kind as CSV.",
    .help = "Write every record of KIND (households, members, needs, "
            "supports or\nassessments) that the token may see — or those of "
            "one ward with\n--ward, of one year with --year — as CSV on "
            "stdout: a header line of\nthe English column names, then one "
            "line per record, with its id.\n'ansinh import KIND' takes the "
            "file back unchanged. Always CSV,\nwhatever --format says. A "
            "cell that a spreadsheet would run as a\nformula (beginning with "
            "=, +, -, @, a tab or a carriage return, except a\nnegative "
            "number) is written after a guarding ', which import takes\n"
            "off again. With --redact the members' citizen IDs are left "
            "out.",
    .args = cmd_export_args,
    .flags = cmd_export_flags,
    .exec = cmd_export_exec,
};

static enum ansinh_exit
cmd_export_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	struct kind_export x;
	enum ansinh_exit rc;

	memset(&x, 0, sizeof x);
	x.ctx = ctx;
	x.kind = kind_find(args->argv[0]);
	x.ward = cmd_string(args, "ward");
	x.out = stdout;
	if (cmd_given(args, "year")) {
		if (x.kind->year_column == NULL)
			return cmd_usage_error(args,
			                       "--year: %s have no year "
			                       "(it applies to %s)",
			                       x.kind->name,
			                       cmd_export_dated());
		x.year = (int)cmd_number(args, "year");
	}
	if (cmd_given(args, "redact")) {
		if (!cmd_export_personal(x.kind))
			return cmd_usage_error(args,
			                       "--redact: %s have no column of "
			                       "sensitive personal data (it "
			                       "applies to members)",
			                       x.kind->name);
		x.redact = true;
	}
	/* Reach the daemon before writing anything. */
	rc = call_connect(ctx, false);
	if (rc != ANSINH_EXIT_OK)
		return rc;
	if (!kind_export_header(&x)) {
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

/* The kinds --year applies to: "needs, supports, assessments". */
static const char *
cmd_export_dated(void)
{
	static char names[256];
	size_t i, o = 0;

	names[0] = '\0';
	for (i = 0; kind_table[i] != NULL && o < sizeof names; i++) {
		if (kind_table[i]->year_column == NULL)
			continue;
		o += (size_t)snprintf(names + o, sizeof names - o, "%s%s",
		                      o > 0 ? ", " : "", kind_table[i]->name);
	}
	return names;
}

/* Whether k has a column of sensitive personal data. */
static bool
cmd_export_personal(const struct kind *k)
{
	const struct record_field *f;

	for (f = k->record->fields; !record_field_end(f); f++) {
		if (f->column != NULL && (f->attrs & RECORD_PERSONAL))
			return true;
	}
	return false;
}
