/*
 * test_ops.c — the daemon's operation table (server/op*.c) against the
 * protobuf descriptors: every entry's fields, arguments and columns resolve
 * (op_init), every request body has an entry, and the statements come out
 * in named notation, one parameter per value.
 *
 *   tests/unit/ops.t           TAP
 *   tests/unit/ops.t --table   the table, one line per function called,
 *                              for tests/integration/op_schema.t (see
 *                              op_describe in server/op.h)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../server/op_impl.h"
#include "tap.h"

static char *ops_table(void);
static char *ops_map_columns(const struct op_col *map);
static void ops_rest(void);
static const char *ops_line(const char *table, const char *body,
                            const char *function, char *out, size_t size);

/* The whole table as op_describe prints it. Caller frees. */
static char *
ops_table(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		abort();
	op_describe(f);
	fclose(f);
	return buf;
}

/* The columns of a map as the engine reads it, comma-separated. Caller
 * frees. */
static char *
ops_map_columns(const struct op_col *map)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		abort();
	for (const struct op_col *c = op_row_map(map); c->column != NULL; c++)
		fprintf(f, "%s%s", c == op_row_map(map) ? "" : ",", c->column);
	fclose(f);
	return buf;
}

/* OP_COLS_REST: the other fields of the message, from columns of their
 * names; what cannot be expanded stops op_init. */
static void
ops_rest(void)
{
	static const struct op_col need[] = {
	    OP_COL_AS("person_id", "member_id"),
	    OP_COLS_REST_BUT("note created_at"),
	    {"flagged", "status", .flags = OP_COL_READ},
	    OP_END,
	};
	static const struct op_col typo[] = {
	    OP_COLS_REST_BUT("note craeted_at"),
	    OP_END,
	};
	static const struct op_col twice[] = {
	    OP_COLS_REST,
	    OP_COLS_REST,
	    OP_END,
	};
	static const struct op_col shared[] = {
	    OP_COLS_REST,
	    OP_END,
	};
	static const struct op_col empty[] = {
	    OP_END,
	};
	const ProtobufCMessageDescriptor *nd = &ansinh__v1__need__descriptor;
	char *cols;

	ok(op_row_check_map(nd, need, "test"), "a map with OP_COLS_REST_BUT");
	cols = ops_map_columns(need);
	is_str(cols,
	       "person_id,id,ward_code,household_id,household_code,kind,"
	       "description,estimated_vnd,surveyed_on,dialogue_id,status_on,"
	       "updated_at,member_name,flagged",
	       "the rest is every field in the message's order but the named "
	       "(member_id, status), the left out and the sub-messages");
	free(cols);
	ok(op_row_check_map(nd, need, "test"),
	   "checked again, the map keeps its expansion");
	ok(!op_row_check_map(nd, typo, "test"),
	   "a left-out name that is no field of the message is refused");
	ok(!op_row_check_map(nd, twice, "test"),
	   "two OP_COLS_REST are refused");
	ok(op_row_check_map(nd, shared, "test") &&
	       !op_row_check_map(&ansinh__v1__support__descriptor, shared,
	                         "test"),
	   "one OP_COLS_REST map cannot fill two message types");
	ok(op_row_map(empty) == empty, "a map without it is read as written");
}

/* The line of body's call of function, or NULL. */
static const char *
ops_line(const char *table, const char *body, const char *function, char *out,
         size_t size)
{
	char head[200];
	const char *p;

	snprintf(head, sizeof head, "%s\tfunction\t%s\t", body, function);
	for (p = table; p != NULL && *p != '\0';) {
		const char *end = strchr(p, '\n');
		size_t n = end != NULL ? (size_t)(end - p) : strlen(p);
		if (strncmp(p, head, strlen(head)) == 0) {
			snprintf(out, size, "%.*s", (int)n, p);
			return out;
		}
		p = end != NULL ? end + 1 : NULL;
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	const ProtobufCMessageDescriptor *rq = &ansinh__v1__request__descriptor;
	char line[4096];
	char *table;

	if (argc == 2 && strcmp(argv[1], "--table") == 0) {
		if (!op_init())
			return 1;
		op_describe(stdout);
		return 0;
	}
	ok(op_init(), "every entry resolves against the descriptors");
	for (unsigned i = 0; i < rq->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &rq->fields[i];
		if (f->type != PROTOBUF_C_TYPE_MESSAGE ||
		    strcmp(f->name, "hello") == 0)
			continue;
		ok(op_known((int)f->id), "request %s has an entry", f->name);
	}
	ok(!op_known(ANSINH__V1__REQUEST__BODY_HELLO),
	   "hello is the session's, not an operation");

	table = ops_table();
	ok(ops_line(table, "household_create", "ansinh_api.household_create",
	            line, sizeof line) != NULL &&
	       strstr(line,
	              "\tSELECT o.* FROM ansinh_api.household_create("
	              "\"request_id\" => $1, \"ward\" => $2, \"id\" => $3, "
	              "\"code\" => $4, \"head_name\" => $5, "
	              "\"residential_group\" => $6, \"address\" => $7, "
	              "\"phone\" => $8, \"policy\" => $9, "
	              "\"special_difficulty\" => $10, \"status\" => $11, "
	              "\"status_since\" => $12) AS o CROSS JOIN LATERAL "
	              "ansinh_api.audit_mac_record(\"request_id\" => $1, "
	              "\"mac\" => $13, \"operation\" => 'household_create', "
	              "\"written\" => o.code = 0 AND NOT o.replayed) AS mac") !=
	           NULL,
	   "a write: request_id and the ward, then its fields, by name, and "
	   "the daemon's MAC of it when it wrote");
	diag("%s", line);
	ok(ops_line(table, "household_list", "ansinh_api.household_list", line,
	            sizeof line) != NULL &&
	       strstr(line, "\"limit\" => $4, \"offset\" => $5)") != NULL,
	   "a list: the limit and the offset last");
	ok(ops_line(table, "household_list",
	            "ansinh_api.household_list_expected", line,
	            sizeof line) != NULL,
	   "household_list has its second statement (an expected-exit year)");
	ok(ops_line(table, "support_list", "ansinh_api.support_totals", line,
	            sizeof line) != NULL &&
	       strstr(line, "LEFT JOIN LATERAL ansinh_api.support_list("
	                    "\"ward\" => $1, \"household_id\" => $2") != NULL &&
	       strstr(line, "$12") == NULL, /* 9 filters, limit, offset */
	   "a join filtered as its main function uses the same parameters");
	diag("%s", line);
	ok(ops_line(table, "household_get", "ansinh_api.household_history",
	            line, sizeof line) != NULL &&
	       strstr(line,
	              "\tward,id\tstatus,since,recorded_at,recorded_by\t") !=
	           NULL,
	   "a joined function: its arguments and the columns read");
	ok(ops_line(table, "ward_list", "ansinh_api.ward_list", line,
	            sizeof line) != NULL &&
	       strstr(line, "\tas_of,history\t") != NULL,
	   "the ward list: the units of a day or with their history");
	diag("%s", line);
	ok(ops_line(table, "need_get", "ansinh_api.need_history", line,
	            sizeof line) != NULL &&
	       strstr(line, "\tward,id\tstatus,note,recorded_at,recorded_by,"
	                    "support_id,event_on\t") != NULL,
	   "a joined function's OP_COLS_REST: the columns of NeedEvent's "
	   "fields, the renamed one (event_on: date) kept");
	diag("%s", line);
	free(table);
	ops_rest();
	return done_testing();
}
