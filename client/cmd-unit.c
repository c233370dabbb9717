/*
 * cmd-unit.c — `ansinh unit add|merge|list|show|import`: the administrative
 * units (sql/migrations/0020, 0023) — cities, districts, wards, communes,
 * old and new, with their validity and what merged into what. Adding and
 * merging are the district's (audited in audit_event, scope reference); a unit
 * with a ward code is one whose records are kept here, and tokens name it
 * (`ansinhd token create --role ward --ward CODE`).
 *
 * import reads a CSV of units (header: code, name, level, parent,
 * official_code, valid_from, valid_to, ward_code, merged_into, merged_on,
 * basis; only code, name and level are required), adds every unit first,
 * then records the merges, and reports each rejected row by its line.
 * A unit or merge that exists with the same content is OK, so the file may
 * be loaded again.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "check.h"
#include "cmd.h"
#include "csv.h"
#include "link.h"
#include "render.h"
#include "rules.h"
#include "uuid.h"
#include "xmalloc.h"

static enum ansinh_exit cmd_unit_add_exec(struct cmd_ctx *ctx,
                                          const struct cmd_args *args);
static enum ansinh_exit cmd_unit_merge_exec(struct cmd_ctx *ctx,
                                            const struct cmd_args *args);
static enum ansinh_exit cmd_unit_list_exec(struct cmd_ctx *ctx,
                                           const struct cmd_args *args);
static enum ansinh_exit cmd_unit_show_exec(struct cmd_ctx *ctx,
                                           const struct cmd_args *args);
static enum ansinh_exit cmd_unit_import_exec(struct cmd_ctx *ctx,
                                             const struct cmd_args *args);
static bool check_unit_code(const char *v, const char **why);
static bool check_unit_level(const char *v, const char **why);
static bool check_unit_kind(const char *v, const char **why);
static enum ansinh_exit cmd_unit_send(struct cmd_ctx *ctx,
                                      Ansinh__V1__Request *req, char **why);
static const char *cmd_unit_one_line(char *why);
static void cmd_unit_render(const Ansinh__V1__UnitListReply *reply,
                            enum render_format format, bool one);

static const struct cmd_arg cmd_unit_code_args[] = {
    {.metavar = "CODE", .check = check_unit_code}, {.metavar = NULL}};
static const struct cmd_arg cmd_unit_file_args[] = {
    {.metavar = "FILE", .check = NULL}, {.metavar = NULL}};

static const struct cmd_flag cmd_unit_add_flags[] = {
    {.name = "code",
     .kind = CMD_VALUE,
     .metavar = "CODE",
     .attrs = CMD_REQUIRED,
     .check = check_unit_code,
     .help = "our code for the unit: 2 to 16 capital letters and digits, "
             "e.g. HVW"},
    {.name = "name",
     .kind = CMD_VALUE,
     .metavar = "NAME",
     .attrs = CMD_REQUIRED,
     .check = check_name,
     .help = "Vietnamese name, e.g. Hải Vân"},
    {.name = "level",
     .kind = CMD_VALUE,
     .metavar = "city|province|district|ward|commune",
     .attrs = CMD_REQUIRED,
     .check = check_unit_level,
     .help = "the unit's level"},
    {.name = "parent",
     .kind = CMD_VALUE,
     .metavar = "CODE",
     .check = check_unit_code,
     .help = "the unit it belongs to, e.g. DN (Đà Nẵng city)"},
    {.name = "official-code",
     .kind = CMD_VALUE,
     .metavar = "DIGITS",
     .help = "official code, 2 to 5 digits (Decision 19/2025/QĐ-TTg)"},
    {.name = "from",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .check = check_date,
     .help = "first day of the unit (default: before any record)"},
    {.name = "to",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .check = check_date,
     .help = "last day of the unit (default: it exists today)"},
    {.name = "ward-code",
     .kind = CMD_VALUE,
     .metavar = "XX",
     .check = check_ward,
     .help = "the two-letter ward code its records carry, for a ward or "
             "commune whose records are kept here (tokens and --ward name "
             "it)"},
    {.name = NULL},
};

static const struct cmd_flag cmd_unit_merge_flags[] = {
    {.name = "into",
     .kind = CMD_VALUE,
     .metavar = "CODE",
     .attrs = CMD_REQUIRED,
     .check = check_unit_code,
     .help = "the unit it merged into (or, with --kind, the other unit)"},
    {.name = "on",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .attrs = CMD_REQUIRED,
     .check = check_date,
     .help = "the day the change took effect (a merge ends the unit the "
             "day before)"},
    {.name = "kind",
     .kind = CMD_VALUE,
     .metavar = "merged-into|part-of|split-from",
     .deflt = "merged-into",
     .check = check_unit_kind,
     .help = "merged-into: the whole unit and its records; part-of: part "
             "of its territory went to the other; split-from: it was made "
             "from part of the other"},
    {.name = "basis",
     .kind = CMD_VALUE,
     .metavar = "TEXT",
     .check = check_name,
     .help = "the legal text, e.g. \"Nghị quyết 1659/NQ-UBTVQH15\""},
    {.name = NULL},
};

static const struct cmd_flag cmd_unit_list_flags[] = {
    {.name = "as-of",
     .kind = CMD_VALUE,
     .metavar = "DATE",
     .check = check_date,
     .help = "the units of that day (default: today)",
     .path = "as_of",
     .excludes = "history"},
    {.name = "history",
     .kind = CMD_SWITCH,
     .help = "every unit, old and new, with its validity",
     .path = "history"},
    {.name = "level",
     .kind = CMD_VALUE,
     .metavar = "city|province|district|ward|commune",
     .check = check_unit_level,
     .help = "only the units of this level",
     .path = "level"},
    {.name = NULL},
};

static const struct cmd_flag cmd_unit_no_flags[] = {{.name = NULL}};

const struct cmd_entry cmd_unit_add_entry = {
    .noun = "unit",
    .verb = "add",
    .summary = "Add an administrative unit (district only).",
    .help = "Add a city, province, district, ward or commune, with its "
            "parent, official\ncode and validity. A ward or commune whose "
            "records are kept here gets a\n--ward-code: tokens "
            "(ansinhd token create --role ward --ward XX) and\n--ward name "
            "it. Adding a unit that exists with the same content is OK.",
    .flags = cmd_unit_add_flags,
    .exec = cmd_unit_add_exec,
};

const struct cmd_entry cmd_unit_merge_entry = {
    .noun = "unit",
    .verb = "merge",
    .summary = "Record that a unit merged into another (district only).",
    .help = "Record what became of unit CODE on a day: it merged into "
            "--into (its records\nroll up to that unit from then on, and "
            "that unit's tokens see them), or\n--kind part-of / split-from. "
            "Records are never re-keyed.",
    .args = cmd_unit_code_args,
    .flags = cmd_unit_merge_flags,
    .exec = cmd_unit_merge_exec,
};

const struct cmd_entry cmd_unit_list_entry = {
    .noun = "unit",
    .verb = "list",
    .summary = "List the administrative units of today (or of a day, or "
               "all).",
    .help = "List the units valid today (--as-of DATE: on that day; "
            "--history: all).\nColumns: code, name, level, parent, "
            "official_code, from, to, ward_code,\nmerged_into, merged_on, "
            "merged_from.",
    .flags = cmd_unit_list_flags,
    .exec = cmd_unit_list_exec,
};

const struct cmd_entry cmd_unit_show_entry = {
    .noun = "unit",
    .verb = "show",
    .summary = "Show one administrative unit and its links.",
    .help = "Show unit CODE: as unit list, with 'records' (the ward codes "
            "whose records\nit holds: its own and those merged into it) "
            "and every link from or to it.",
    .args = cmd_unit_code_args,
    .flags = cmd_unit_no_flags,
    .exec = cmd_unit_show_exec,
};

const struct cmd_entry cmd_unit_import_entry = {
    .noun = "unit",
    .verb = "import",
    .summary = "Load administrative units from a CSV file (district only).",
    .help = "Load the units of FILE, a CSV with a header row naming its "
            "columns: code,\nname, level (required), parent, "
            "official_code, valid_from, valid_to,\nward_code, merged_into, "
            "merged_on, basis. Every unit is added first, then\nthe merges "
            "are recorded; each rejected row is reported by its line. Rows\n"
            "that exist with the same content are OK: the file may be "
            "loaded again.",
    .args = cmd_unit_file_args,
    .flags = cmd_unit_no_flags,
    .exec = cmd_unit_import_exec,
};

static bool
check_unit_code(const char *v, const char **why)
{
	return rule_unit_code(v, why);
}

static bool
check_unit_level(const char *v, const char **why)
{
	if (strcmp(v, "city") == 0 || strcmp(v, "province") == 0 ||
	    strcmp(v, "district") == 0 || strcmp(v, "ward") == 0 ||
	    strcmp(v, "commune") == 0)
		return true;
	*why = "must be city, province, district, ward or commune";
	return false;
}

static bool
check_unit_kind(const char *v, const char **why)
{
	if (strcmp(v, "merged-into") == 0 || strcmp(v, "part-of") == 0 ||
	    strcmp(v, "split-from") == 0)
		return true;
	*why = "must be merged-into, part-of or split-from";
	return false;
}

/* One write on the open link with a fresh request id; on failure *why
 * (owned by the caller) says why in one line. */
static enum ansinh_exit
cmd_unit_send(struct cmd_ctx *ctx, Ansinh__V1__Request *req, char **why)
{
	Ansinh__V1__Response *resp = NULL;
	uint8_t id[UUID_SIZE];
	enum ansinh_exit rc;

	if (!uuid7_generate(id)) {
		*why = xstrdup("cannot generate a request id: the system's "
		               "random source failed");
		return ANSINH_EXIT_USAGE;
	}
	req->request_id.data = id;
	req->request_id.len = sizeof id;
	rc = link_call_quiet(ctx->link, req, ANSINH__V1__RESPONSE__BODY_WRITE,
	                     &resp, why);
	req->request_id.data = NULL;
	req->request_id.len = 0;
	if (resp != NULL)
		ansinh__v1__response__free_unpacked(resp, NULL);
	if (rc == ANSINH_EXIT_OK) { /* *why is set only when it failed */
		free(*why);
		*why = NULL;
	}
	return rc;
}

static enum ansinh_exit
cmd_unit_add_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__UnitCreate body = ANSINH__V1__UNIT_CREATE__INIT;
	Ansinh__V1__Unit u = ANSINH__V1__UNIT__INIT;
	char *why = NULL;
	enum ansinh_exit rc;

	u.code = cmd_string(args, "code");
	u.name = cmd_string(args, "name");
	u.level = cmd_string(args, "level");
	u.parent_code = cmd_string(args, "parent");
	u.official_code = cmd_string(args, "official-code");
	u.valid_from = cmd_string(args, "from");
	u.valid_to = cmd_string(args, "to");
	u.ward_code = cmd_string(args, "ward-code");
	body.unit = &u;
	req.body_case = ANSINH__V1__REQUEST__BODY_UNIT_CREATE;
	req.unit_create = &body;
	rc = call_connect(ctx, false);
	if (rc != ANSINH_EXIT_OK)
		return rc;
	rc = cmd_unit_send(ctx, &req, &why);
	if (rc != ANSINH_EXIT_OK) {
		fprintf(stderr, "%s\n", why);
		free(why);
		return rc;
	}
	printf("%s\n", u.code);
	return ANSINH_EXIT_OK;
}

static enum ansinh_exit
cmd_unit_merge_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__UnitMerge body = ANSINH__V1__UNIT_MERGE__INIT;
	char *why = NULL;
	enum ansinh_exit rc;

	body.code = (char *)args->argv[0];
	body.other_code = cmd_string(args, "into");
	body.on_date = cmd_string(args, "on");
	body.kind = cmd_string(args, "kind");
	body.basis = cmd_string(args, "basis");
	req.body_case = ANSINH__V1__REQUEST__BODY_UNIT_MERGE;
	req.unit_merge = &body;
	rc = call_connect(ctx, false);
	if (rc != ANSINH_EXIT_OK)
		return rc;
	rc = cmd_unit_send(ctx, &req, &why);
	if (rc != ANSINH_EXIT_OK) {
		fprintf(stderr, "%s\n", why);
		free(why);
		return rc;
	}
	printf("%s %s %s %s\n", body.code, body.kind, body.other_code,
	       body.on_date);
	return ANSINH_EXIT_OK;
}

static void
cmd_unit_render(const Ansinh__V1__UnitListReply *reply,
                enum render_format format, bool one)
{
	static const char *const columns[] = {
	    "code",          "name",      "level",       "parent",
	    "official_code", "from",      "to",          "ward_code",
	    "merged_into",   "merged_on", "merged_from", "records",
	    "links",
	};
	struct render_table *t;
	size_t i, n = one ? 13 : 11;

	t = render_table_new(columns, n);
	for (i = 0; i < reply->n_units; i++) {
		const Ansinh__V1__Unit *u = reply->units[i];

		render_str(t, u->code);
		render_str(t, u->name);
		render_str(t, u->level);
		cmd_render_text(t, u->parent_code);
		cmd_render_text(t, u->official_code);
		cmd_render_text(t, u->valid_from);
		cmd_render_text(t, u->valid_to);
		cmd_render_text(t, u->ward_code);
		cmd_render_text(t, u->merged_into);
		cmd_render_text(t, u->merged_on);
		cmd_render_text(t, u->merged_from);
		if (one) {
			cmd_render_text(t, u->records);
			cmd_render_text(t, u->links);
		}
	}
	if (one)
		render_record(stdout, format, t, NULL, NULL);
	else
		render_list(stdout, format, t);
	render_table_free(t);
}

static enum ansinh_exit
cmd_unit_list_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request *req;
	Ansinh__V1__Response *resp;
	enum ansinh_exit rc;

	req = cmd_flags_request(args, ANSINH__V1__REQUEST__BODY_UNIT_LIST);
	rc = call_request(ctx, req, ANSINH__V1__RESPONSE__BODY_UNITS, &resp);
	record_request_free(req);
	if (rc != ANSINH_EXIT_OK)
		return rc;
	cmd_unit_render(resp->units, ctx->cfg->format, false);
	ansinh__v1__response__free_unpacked(resp, NULL);
	return ANSINH_EXIT_OK;
}

static enum ansinh_exit
cmd_unit_show_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__UnitGet body = ANSINH__V1__UNIT_GET__INIT;
	Ansinh__V1__Response *resp;
	enum ansinh_exit rc;

	body.code = (char *)args->argv[0];
	req.body_case = ANSINH__V1__REQUEST__BODY_UNIT_GET;
	req.unit_get = &body;
	rc = call_request(ctx, &req, ANSINH__V1__RESPONSE__BODY_UNITS, &resp);
	if (rc != ANSINH_EXIT_OK)
		return rc;
	if (resp->units->n_units == 0) {
		cmd_error("unit %s was not found", body.code);
		ansinh__v1__response__free_unpacked(resp, NULL);
		return ANSINH_EXIT_REJECTED;
	}
	cmd_unit_render(resp->units, ctx->cfg->format, true);
	ansinh__v1__response__free_unpacked(resp, NULL);
	return ANSINH_EXIT_OK;
}

/* ------------------------------------------------------------------ import */

/* A refusal as one line of a report: without the program's name, up to
 * its first line break (the violations repeat the message). */
static const char *
cmd_unit_one_line(char *why)
{
	char *nl = strchr(why, '\n');

	if (nl != NULL)
		*nl = '\0';
	if (strncmp(why, "ansinh: ", 8) == 0)
		return why + 8;
	return why;
}

enum {
	UI_CODE,
	UI_NAME,
	UI_LEVEL,
	UI_PARENT,
	UI_OFFICIAL,
	UI_FROM,
	UI_TO,
	UI_WARD,
	UI_INTO,
	UI_ON,
	UI_BASIS,
	UI_NCOLS,
};

static const char *const cmd_unit_import_columns[UI_NCOLS] = {
    "code",          "name",       "level",    "parent",
    "official_code", "valid_from", "valid_to", "ward_code",
    "merged_into",   "merged_on",  "basis",
};

struct cmd_unit_row {
	size_t line;
	char *cell[UI_NCOLS];
};

static enum ansinh_exit
cmd_unit_import_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	const char *path = args->argv[0];
	FILE *f = fopen(path, "rb");
	struct csv_reader *r;
	struct cmd_unit_row *rows = NULL;
	size_t nrows = 0, cap = 0, i, j, added = 0, merged = 0, bad = 0;
	int col[UI_NCOLS];
	bool header = true;
	char buf[8192];
	enum ansinh_exit rc = ANSINH_EXIT_OK;

	if (f == NULL) {
		cmd_error("%s: %s", path, strerror(errno));
		return ANSINH_EXIT_USAGE;
	}
	for (j = 0; j < UI_NCOLS; j++)
		col[j] = -1;
	r = csv_reader_new(0);
	for (;;) {
		size_t n = fread(buf, 1, sizeof buf, f), off = 0;
		bool end = n == 0;

		if (end)
			csv_finish(r);
		while (off < n || csv_ready(r)) {
			if (!csv_ready(r)) {
				off += csv_feed(r, buf + off, n - off);
				if (!csv_ready(r))
					break;
			}
			if (csv_blank(r)) {
				csv_next(r);
				continue;
			}
			if (csv_error(r) != NULL) {
				fprintf(stderr, "%s: line %zu: %s\n", path,
				        csv_line(r), csv_error(r));
				bad++;
			} else if (header) {
				for (i = 0; i < csv_nfields(r); i++)
					for (j = 0; j < UI_NCOLS; j++)
						if (strcmp(
						        csv_field(r, i, NULL),
						        cmd_unit_import_columns
						            [j]) == 0)
							col[j] = (int)i;
				header = false;
			} else {
				if (nrows == cap) {
					cap = cap ? 2 * cap : 64;
					rows = xreallocarray(rows, cap,
					                     sizeof *rows);
				}
				rows[nrows].line = csv_line(r);
				for (j = 0; j < UI_NCOLS; j++)
					rows[nrows].cell[j] = xstrdup(
					    col[j] >= 0 && (size_t)col[j] <
					                       csv_nfields(r)
					        ? csv_field(r, (size_t)col[j],
					                    NULL)
					        : "");
				nrows++;
			}
			csv_next(r);
		}
		if (end)
			break;
	}
	csv_reader_free(r);
	fclose(f);
	if (col[UI_CODE] < 0 || col[UI_NAME] < 0 || col[UI_LEVEL] < 0) {
		cmd_error("%s: the header must name the columns code, name and "
		          "level",
		          path);
		rc = ANSINH_EXIT_USAGE;
		goto out;
	}
	rc = call_connect(ctx, false);
	if (rc != ANSINH_EXIT_OK)
		goto out;
	/* The units first, so that a merge may name a later row's unit. */
	for (i = 0; i < nrows; i++) {
		Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
		Ansinh__V1__UnitCreate body = ANSINH__V1__UNIT_CREATE__INIT;
		Ansinh__V1__Unit u = ANSINH__V1__UNIT__INIT;
		char **c = rows[i].cell;
		char *why = NULL;

		u.code = c[UI_CODE];
		u.name = c[UI_NAME];
		u.level = c[UI_LEVEL];
		u.parent_code = c[UI_PARENT];
		u.official_code = c[UI_OFFICIAL];
		u.valid_from = c[UI_FROM];
		u.valid_to = c[UI_TO];
		u.ward_code = c[UI_WARD];
		body.unit = &u;
		req.body_case = ANSINH__V1__REQUEST__BODY_UNIT_CREATE;
		req.unit_create = &body;
		if (cmd_unit_send(ctx, &req, &why) == ANSINH_EXIT_OK) {
			added++;
		} else {
			fprintf(stderr, "%s: line %zu: %s\n", path,
			        rows[i].line, cmd_unit_one_line(why));
			free(why);
			c[UI_INTO][0] = '\0'; /* its merge would fail too */
			bad++;
		}
	}
	for (i = 0; i < nrows; i++) {
		Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
		Ansinh__V1__UnitMerge body = ANSINH__V1__UNIT_MERGE__INIT;
		char **c = rows[i].cell;
		char *why = NULL;

		if (c[UI_INTO][0] == '\0')
			continue;
		body.code = c[UI_CODE];
		body.kind = "merged-into";
		body.other_code = c[UI_INTO];
		body.on_date = c[UI_ON];
		body.basis = c[UI_BASIS];
		req.body_case = ANSINH__V1__REQUEST__BODY_UNIT_MERGE;
		req.unit_merge = &body;
		if (cmd_unit_send(ctx, &req, &why) == ANSINH_EXIT_OK) {
			merged++;
		} else {
			fprintf(stderr, "%s: line %zu: merge: %s\n", path,
			        rows[i].line, cmd_unit_one_line(why));
			free(why);
			bad++;
		}
	}
	printf("%zu units, %zu merges loaded; %zu rows rejected\n", added,
	       merged, bad);
	rc = bad > 0 ? ANSINH_EXIT_REJECTED : ANSINH_EXIT_OK;
out:
	for (i = 0; i < nrows; i++)
		for (j = 0; j < UI_NCOLS; j++)
			free(rows[i].cell[j]);
	free(rows);
	return rc;
}
