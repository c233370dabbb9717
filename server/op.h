/*
 * op.h — the operation table and its engine: every request body case is one
 * `struct op_entry`, as a tmux command is one `cmd_entry`.
 *
 * An entry says, for one Request body case: read or write; the roles that
 * may use it; how the ward it acts on is decided; the SQL function; which
 * fields of the message are bound to which named SQL arguments; for lists,
 * the default limit (paging is the engine's); and the reply: the Response
 * body case and the message filled from result columns by name, through the
 * protobuf-c descriptors. Each family's handler file (h_<family>.c) exports
 * its entries, ended by an entry with body 0; op.c lists the families.
 *
 * The engine (op.c, op_sql.c, op_row.c) runs every request the same way:
 *
 *   decode  the body is the Request's oneof member
 *   check   writes: not an auditor, a request_id; the entry's roles
 *           (PERMISSION_DENIED with .denied); the sub-message .needs;
 *           the entry's .check hook (field rules, cross-field rules), the
 *           limit and offset; roles the hook narrowed; the ward rule
 *   bind    request_id => $1 (writes), ward => $n (unless OP_WARD_NONE),
 *           each op_arg, "limit" => limit + 1 and "offset" (lists)
 *   submit  request_submit: one job, DB_WRITE for writes (group commit)
 *   reply   writes: the ansinh_api.outcome row as a WriteReply (or .done);
 *           reads: .reply filled from .cols, or the .done hook; a read of
 *           personal data (.personal) first records who read whom
 *
 * The SQL of each entry is generated once, when the table is first used, in
 * named notation: SELECT * FROM ansinh_api.household_create("request_id" =>
 * $1, "id" => $2, "ward" => $3, …). Nothing in a handler binds by position
 * or reads a column by index.
 *
 * "Not given" on the way in, by the field's type: an empty string is NULL
 * (in an opt_ oneof: absent is NULL, present is the value, '' included
 * unless OP_EMPTY_NULL); bytes are UUID text, or NULL unless 16 bytes; an
 * integer is its value (OP_ZERO_NULL: 0 is NULL); a bool true/false (absent
 * opt_: NULL); an enum its word from names.h (0: .dflt or NULL); a repeated
 * field a PostgreSQL array literal; a path through a repeated message
 * ("goods.item") the array of that field of each element.
 *
 * On the way out, by the field's type: uuid text to 16 bytes; integers;
 * booleans ('t'); enum words to values (unknown: 0); text as libpq's string
 * (valid until the reply is sent); array columns to repeated fields; a path
 * "a.b" fills field b of sub-message a, made when first needed; a column
 * with a .map fills a whole sub-message from the same row (with
 * OP_COL_PRESENT: only when that column is not NULL).
 * A NULL column leaves the field at its default (in an opt_ oneof: absent).
 */
#ifndef ANSINH_OP_H
#define ANSINH_OP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ansinh.pb-c.h"
#include "request.h"

struct session;
struct op_call;

/* List sizes: every list's limit is at most OP_LIST_MAX; most lists give
 * OP_LIST_DEFAULT rows when the request says 0. */
#define OP_LIST_DEFAULT 1000
#define OP_LIST_MAX     10000

enum op_kind {
	OP_READ,
	OP_WRITE,
};

/* The roles allowed (a set). */
#define OP_ROLE_WARD     (1u << ANSINH__V1__ROLE__ROLE_WARD)
#define OP_ROLE_DISTRICT (1u << ANSINH__V1__ROLE__ROLE_DISTRICT)
#define OP_ROLE_AUDITOR  (1u << ANSINH__V1__ROLE__ROLE_AUDITOR)
#define OP_ROLES_WRITE   (OP_ROLE_WARD | OP_ROLE_DISTRICT)
#define OP_ROLES_ALL     (OP_ROLE_WARD | OP_ROLE_DISTRICT | OP_ROLE_AUDITOR)

/* Presets (designators) for the common entries: a read any token may make,
 * of the session's ward or the one asked for in "ward_code" (district and
 * auditor tokens: or every ward); a write of ward and district tokens. */
#define OP_READ_WARDS                                                          \
	.kind = OP_READ, .roles = OP_ROLES_ALL, .ward = OP_WARD_OPTIONAL,      \
	.ward_field = "ward_code"
#define OP_WRITE_WARDS .kind = OP_WRITE, .roles = OP_ROLES_WRITE

/*
 * How the ward a request acts on is decided, from the ward code it asks for
 * (.ward_field). A ward token always acts on its own ward (asking for
 * another is PERMISSION_DENIED); for district and auditor tokens:
 */
enum op_ward {
	OP_WARD_NONE,     /* no ward: nothing decided, "ward" not bound */
	OP_WARD_OPTIONAL, /* the ward asked for, or none (every ward) */
	OP_WARD_REQUIRED, /* the ward asked for; required */
	/* Required when the record is named by its code: when .ward_unless
	 * is not set (and .ward_if, if any, is). */
	OP_WARD_BY_CODE,
	/* Only when asked: none asked is NULL even for a ward token (the
	 * district's rows and the ward's own). */
	OP_WARD_FILTER,
};

/* op_arg flags */
#define OP_ZERO_NULL  (1u << 0) /* an integer 0 is NULL */
#define OP_EMPTY_NULL (1u << 1) /* an opt_ string present but '' is NULL */
#define OP_FROM_ROW   (1u << 2) /* joins: .field is a column of the main row */
#define OP_THE_WARD                                                            \
	(1u << 3) /* the ward decided (where "ward" is not added)              \
	           */

/* One named SQL argument and the request field bound to it. */
struct op_arg {
	const char *name;   /* the SQL argument */
	const char *field;  /* path in the request body: "household.code" */
	unsigned flags;     /* OP_ZERO_NULL, OP_EMPTY_NULL, OP_FROM_ROW */
	const char *unless; /* NULL is bound when this field is set */
	const char *dflt;   /* bound when an enum field is 0 */
	/* A value no type rule gives: write its text into buf and return
	 * true, or return false for NULL. body is the request body. */
	bool (*text)(const void *body, char *buf, size_t size);
};

/* op_col flags */
#define OP_COL_PRESENT                                                         \
	(1u << 0)                /* with .map: the sub-message exists only     \
	                            when this column is not NULL */
#define OP_COL_ISNULL  (1u << 1) /* a bool: the column is NULL */
#define OP_COL_NOTNULL (1u << 2) /* a bool: the column is not NULL */
#define OP_COL_WORDS   (1u << 3) /* a repeated string: space-separated */
#define OP_COL_READ    (1u << 4) /* read by a .done hook, never filled */
#define OP_COL_REST    (1u << 5) /* OP_COLS_REST: the message's other fields */

/* One result column and the reply field it fills. A map is an array of
 * them ended by {NULL}. */
struct op_col {
	const char *column; /* the result column (lower case) */
	const char
	    *field; /* path in the row message; NULL: the column's name */
	unsigned flags;
	/* A value no type rule gives: set the field of msg (the message
	 * holding it) from the column's text ("" for NULL); false: the value
	 * does not fit. */
	bool (*fill)(struct op_call *c, void *msg, const char *text);
	/* A sub-message: .field names it, this map fills it from the same
	 * row (with OP_COL_PRESENT, only when .column is not NULL). */
	const struct op_col *map;
};

/* A second function on each row (LEFT JOIN LATERAL) or beside the rows
 * (OP_JOIN_ZIP: FULL JOIN on the row number). Its columns come out as
 * "<function name>.<column>" (op_join_prefix). */
enum op_join_kind {
	OP_JOIN_LATERAL,
	OP_JOIN_ZIP,
};

struct op_join {
	enum op_join_kind kind;
	const char *function;
	const struct op_arg *args; /* request fields, or OP_FROM_ROW columns */
	const char *rows;          /* the reply field its rows fill */
	const struct op_col *cols;
	bool paged;        /* "limit" and "offset" go to this function */
	bool ordinality;   /* WITH ORDINALITY: j.ordinality orders its rows */
	const char *order; /* ORDER BY of the statement (m.col, j.col) */
};

/* Table rows. A field with flags or options is written with designators:
 * {"status", "household.status", .dflt = "poor"}. Arrays end with OP_END. */
#define OP_ARG(name_, field_)                                                  \
	{                                                                      \
		.name = (name_), .field = (field_)                             \
	}
#define OP_COL(column_)                                                        \
	{                                                                      \
		.column = (column_)                                            \
	}
#define OP_COL_AS(column_, field_)                                             \
	{                                                                      \
		.column = (column_), .field = (field_)                         \
	}
/* The fields of the message a map fills that its other entries do not
 * name, each from the column of its own name, in the message's order:
 * scalars, enums and repeated scalars (sub-messages are named). _BUT
 * leaves out the fields it lists, space-separated (a hook's, or none of
 * the function's columns). op_init expands it once per map. */
#define OP_COLS_REST                                                           \
	{                                                                      \
		.column = "*", .flags = OP_COL_REST                            \
	}
#define OP_COLS_REST_BUT(fields_)                                              \
	{                                                                      \
		.column = "*", .field = (fields_), .flags = OP_COL_REST        \
	}
#define OP_END                                                                 \
	{                                                                      \
		0                                                              \
	}

/* A map: the field of the reply message (a path: "groups.members") and
 * the columns that fill one element of it. */
struct op_map {
	const char *rows;
	const struct op_col *cols;
};

/*
 * A read that returns personal data (Personal Data Protection Law 91/2025:
 * citizen IDs, disabilities, illnesses; households and the way to their
 * members): the paths in the reply message to the ids of the persons and
 * of the households it holds ("members.id", "groups.members.id",
 * "household.id"). The engine records the access before it sends the reply
 * (op_access.c): a reply that holds any of them waits for
 * ansinh_api.access_record to commit, and is not sent when it cannot.
 */
struct op_personal {
	const char *persons;
	const char *households;
};

struct op_entry {
	int body; /* Request body case; 0 ends a family's array */
	enum op_kind kind;
	unsigned roles;     /* OP_ROLE_* */
	const char *denied; /* why other roles are refused */

	enum op_ward ward;
	const char
	    *ward_field; /* the ward code asked for: "household.ward_code" */
	const char *ward_unless; /* OP_WARD_BY_CODE: the record's id field */
	const char *ward_if;     /* OP_WARD_BY_CODE: and this field is set */
	/* OP_WARD_REQUIRED: the violation when no ward is given (default
	 * "ward_code", "is required with a district or auditor token"). */
	const char *ward_missing_field;
	const char *ward_missing_why;

	/* The sub-message that must be present, and its name in the
	 * violation "<needs_as> is required" (default: needs). */
	const char *needs;
	const char *needs_as;
	/* Field rules and cross-field rules: add violations. May narrow the
	 * roles or change the ward rule (op_restrict, op_set_ward). */
	void (*check)(struct op_call *c, const void *body,
	              struct violations *v);

	/* The statement. function is schema-qualified; with .relation it
	 * names a table read whole, in .order. alt_* is the statement used
	 * when the request field alt_when is set. */
	const char *function;
	const struct op_arg *args;
	bool relation;
	const char *order;
	const struct op_join *join;
	const char *alt_when;
	const char *alt_function;
	const struct op_arg *alt_args;
	/* Writes: the set function that runs the writes of one batch through
	 * this entry (its main statement) in one call, or NULL. It takes one
	 * array per parameter of the main statement, in order, after a first
	 * one of the tokens' SHA-256 in hex (db_job_set), and returns one
	 * ansinh_api.outcome per element, in order (docs/hacking.md). */
	const char *set_function;
	uint32_t limit; /* lists: the default limit; 0: not a list */
	const struct request_constraint *constraints;
	bool keep; /* .done reads the request body (op_body) */

	/* The reply: Response body case; for reads, the field of the reply
	 * message filled from rows (repeated: one element per row; a single
	 * message: row 0, and no row is NOT_FOUND with .not_found) and its
	 * map (without .rows: the reply message itself). A .done hook's
	 * other maps go in .also (ended by {NULL}): every column a hook reads
	 * is in one of the entry's maps. */
	int reply;
	const char *rows;
	const struct op_col *cols;
	const struct op_map *also;
	const char *not_found;
	/* Replies that are not a plain row->message mapping. Writes: called
	 * after an OK outcome. res belongs to the pool. */
	void (*done)(struct op_call *c, const PGresult *res);
	/* Entries without SQL: answer at once. */
	void (*answer)(struct op_call *c, const void *body);
	/* Reads of personal data: their access is recorded (above). */
	struct op_personal personal;
};

/* ---- the engine --------------------------------------------------------- */

/* Run one request of a READY session: answers it, now or later. */
void op_dispatch(struct session *s, const Ansinh__V1__Request *r);

/* Whether a Request body case has an entry. */
bool op_known(int body_case);

/* Check every entry against the descriptors and generate its SQL. Called
 * on first use; false (after printing why on stderr) when an entry names a
 * field, argument or column that cannot work. */
bool op_init(void);

/*
 * The table as the schema check reads it (tests/integration/ops.t), one
 * line per statement and joined function, tab-separated:
 *   request-case  function|relation  name  args,…  columns,…  sql
 * Columns are those the entry reads (its maps); args the named arguments.
 */
void op_describe(FILE *out);

/* ---- what hooks use ----------------------------------------------------- */

/* Narrow the roles after the field checks: other roles are refused with
 * PERMISSION_DENIED and the message. */
void op_restrict(struct op_call *c, unsigned roles, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Change the ward rule (a hook that sees the request acts on no ward). */
void op_set_ward(struct op_call *c, enum op_ward rule);
/* The request body, for .done hooks of entries with .keep. */
const void *op_body(const struct op_call *c);
/* A write answering many rows (a chunk): n of them were replays, counted
 * as the engine counts a replayed write (ansinh_requests_replayed_total). */
void op_count_replayed(struct op_call *c, unsigned long long n);
/* The limit the request asked for (its default when 0). */
uint32_t op_limit(const struct op_call *c);

/* Answer: the reply message (of the entry's Response case), or a failure.
 * Both free nothing the caller owns; the engine frees the call after .done
 * returns. */
void op_reply(struct op_call *c, void *msg);
void op_fail(struct op_call *c, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Memory that lives until the call is answered (zeroed; never NULL). */
void *op_alloc(struct op_call *c, size_t size);
/* A new message of that type, initialised, owned by the call. */
void *op_new(struct op_call *c, const ProtobufCMessageDescriptor *desc);

/*
 * Rows into messages by column name (prefix + column, e.g. the join's
 * "household_history." prefix; NULL for none). False when a column is
 * missing or a value does not fit: answer INTERNAL.
 */
bool op_fill(struct op_call *c, void *msg, const struct op_col *map,
             const char *prefix, const PGresult *res, int row);
/* Rows [from, from + n) as the elements of msg's repeated message field. */
bool op_fill_rows(struct op_call *c, void *msg, const char *field,
                  const struct op_col *map, const char *prefix,
                  const PGresult *res, int from, int n);
/* The join's column prefix: "<function without schema>.". */
const char *op_join_prefix(const struct op_call *c);

/* One column of one row by name (it must be in the entry's maps): its
 * text ("" for NULL), whether it is NULL, as an integer (NULL: 0). */
const char *op_text(struct op_call *c, const PGresult *res, int row,
                    const char *column);
bool op_null(struct op_call *c, const PGresult *res, int row,
             const char *column);
long long op_int(struct op_call *c, const PGresult *res, int row,
                 const char *column);

#endif
