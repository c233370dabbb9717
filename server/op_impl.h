/*
 * op_impl.h — what the engine's three files share (op.c: dispatch,
 * authorization and replies; op_sql.c: statements and binding; op_row.c:
 * rows into messages). Handlers include op.h only.
 */
#ifndef ANSINH_OP_IMPL_H
#define ANSINH_OP_IMPL_H

#include "op.h"

/* Most parameters of one statement (db.c's bound). */
#define OP_MAX_PARAMS 16
/* Most columns in one map; deepest field path. */
#define OP_MAX_COLS  32
#define OP_MAX_DEPTH 4

/* Where a parameter's value comes from. */
enum op_src {
	OP_SRC_REQUEST_ID,
	OP_SRC_WARD,
	OP_SRC_FIELD, /* an op_arg's request field (or .text) */
	OP_SRC_LIMIT, /* the limit + 1: one more row says there are more */
	OP_SRC_OFFSET,
	OP_SRC_MAC, /* a write's audit MAC (audit_mac.h), or NULL */
};

struct op_param {
	enum op_src src;
	const struct op_arg *arg; /* OP_SRC_FIELD */
};

/* One generated statement and the source of each of its $n. */
struct op_stmt {
	char *sql; /* owned; lives as long as the process */
	size_t n;
	struct op_param params[OP_MAX_PARAMS];
};

/* An entry as op_init resolved it. */
struct op_live {
	const struct op_entry *e;
	const ProtobufCFieldDescriptor *body;    /* in Request */
	const ProtobufCMessageDescriptor *reply; /* NULL: none */
	const ProtobufCFieldDescriptor *limit;   /* the request's, or NULL */
	const ProtobufCFieldDescriptor *offset;  /* the request's, or NULL */
	struct op_stmt main;
	struct op_stmt alt;
	char *set_sql; /* .set_function's statement, or NULL */
	char join_prefix[80];
};

/* Memory of one call: chunks freed together. */
struct op_mem;

struct op_call {
	struct request *req;
	const struct op_live *live;
	const struct op_entry *op;
	const ProtobufCMessage *body; /* while dispatching; .keep: kept */
	ProtobufCMessage *kept;       /* owned copy of the body (.keep) */
	unsigned roles;               /* after op_restrict */
	char denied[192];
	enum op_ward ward_rule;
	char ward[8]; /* "" when none */
	uint32_t limit;
	uint32_t offset;
	struct op_mem *mem;
	/* A reply of personal data waiting for its access record (op_access.c):
	 * an owned copy, sent once the record has committed. */
	ProtobufCMessage *held;
	bool recording;
};

/* op_sql.c */
/* Generate the statement of function/args (and the entry's join) into st.
 * False (after saying why on stderr) when it cannot be built. */
/* The statement of .set_function for the main statement (op_sql.c). */
bool op_sql_build_set(struct op_live *l);
bool op_sql_build(const struct op_live *l, const char *function,
                  const struct op_arg *args, bool with_join,
                  struct op_stmt *st);
/* Whether args bind the decided ward themselves (OP_THE_WARD): then the
 * statement does not add "ward". */
bool op_names_ward(const struct op_arg *args);
/* Bind every parameter of st for call c. */
void op_sql_bind(const struct op_call *c, const struct op_stmt *st,
                 struct db_job *job);
/* Resolve a path of the request body's type: false when it names no
 * field the engine can bind (why on stderr). */
bool op_sql_check_arg(const ProtobufCMessageDescriptor *body,
                      const struct op_arg *a, const char *entry);
bool op_sql_check_path(const ProtobufCMessageDescriptor *body, const char *path,
                       const char *entry);
/* Whether the field at path is set (non-empty, non-zero, present). */
bool op_field_set(const ProtobufCMessage *body, const char *path);
/* The string field at path, or "" (absent, or a sub-message missing). */
const char *op_field_string(const ProtobufCMessage *body, const char *path);
/* The size of one element of a repeated scalar field. */
size_t op_width(const ProtobufCFieldDescriptor *f);
/* The field the first segment of *path names in desc ("a" of "a.b");
 * moves *path to the next segment, *last when there is none. NULL when
 * desc has no such field. */
const ProtobufCFieldDescriptor *op_step(const ProtobufCMessageDescriptor *desc,
                                        const char **path, bool *last);
/* A field by name; NULL when the message has none. */
const ProtobufCFieldDescriptor *op_field(const ProtobufCMessageDescriptor *desc,
                                         const char *name);

/* op.c */
/* Free a call (its request must have been answered). */
void op_free(struct op_call *c);

/* op_access.c */
/* Check an entry's .personal paths against its reply type (why on
 * stderr). */
bool op_access_check(const struct op_live *l);
/* A read of personal data: give the request an id when the client sent
 * none, so that the access record and the daemon's log line name it. */
void op_access_prepare(struct op_call *c);
/* Whether the reply msg must wait for its access record: then the record's
 * job is submitted (or the request already answered, c->req NULL, when the
 * pool refused it) and op_reply must not send msg. */
bool op_access_hold(struct op_call *c, const ProtobufCMessage *msg);
/* Free what op_access_hold kept. */
void op_access_free(struct op_call *c);

/* op_row.c */
/* The columns of ansinh_api.outcome; the last three fill a WriteReply. */
extern const struct op_col op_outcome_cols[];
/* The map as op_init expanded it (OP_COLS_REST), or map itself: every
 * walk of a map starts here. */
const struct op_col *op_row_map(const struct op_col *map);
/* Check a map against the message type it fills (why on stderr); the first
 * check of a map with OP_COLS_REST expands it. */
bool op_row_check_map(const ProtobufCMessageDescriptor *desc,
                      const struct op_col *map, const char *entry);
/* The message type a reply path ("groups.members") leads to, from desc. */
const ProtobufCMessageDescriptor *
op_row_path_type(const ProtobufCMessageDescriptor *desc, const char *path);
void op_mem_free(struct op_call *c);

#endif
