/*
 * op_sql.c — the engine's statements: generated once per entry from its
 * function and named arguments, and bound for each call from the request's
 * fields through the protobuf-c descriptors (see op.h for the "not given"
 * conventions).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "audit_mac.h"
#include "op_impl.h"
#include "pgarray.h"
#include "rules.h"
#include "session.h"
#include "uuid.h"

/* A statement being written. */
struct op_text {
	char *buf;
	size_t len, cap;
};

/* A field path resolved against a value: the message holding the last
 * field, the field, and (through a repeated message) every element. */
struct op_path {
	const ProtobufCFieldDescriptor *leaf;
	const ProtobufCMessage *holder;          /* NULL: a message is absent */
	const ProtobufCFieldDescriptor *through; /* the repeated message */
	const ProtobufCMessage *parent;          /* holding `through` */
};

static void op_put(struct op_text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static bool op_add_param(struct op_stmt *st, enum op_src src,
                         const struct op_arg *arg, size_t *index);
static bool op_same_arg(const struct op_arg *a, const struct op_arg *b);
static bool op_put_args(struct op_text *t, struct op_stmt *st,
                        const struct op_live *l, const struct op_arg *args,
                        bool main, bool paged);
static bool op_resolve(const ProtobufCMessage *m, const char *path,
                       struct op_path *out);
static const void *op_member(const ProtobufCMessage *m,
                             const ProtobufCFieldDescriptor *f);
static size_t op_count(const ProtobufCMessage *m,
                       const ProtobufCFieldDescriptor *f);
static bool op_is_present(const ProtobufCMessage *m,
                          const ProtobufCFieldDescriptor *f);
static const char *op_scalar(const ProtobufCFieldDescriptor *f, const void *p,
                             bool in_oneof, const struct op_arg *a, char *buf,
                             size_t size);
static const char *op_value(const ProtobufCMessage *body,
                            const struct op_arg *a, char *buf, size_t size,
                            struct pgarray *arr);
static bool op_supported(const ProtobufCFieldDescriptor *f);
static const ProtobufCFieldDescriptor *
op_path_leaf(const ProtobufCMessageDescriptor *body, const char *path,
             const char *entry);
static bool op_say(const char *entry, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ---------------------------------------------------------------- building */

bool
op_sql_build(const struct op_live *l, const char *function,
             const struct op_arg *args, bool with_join, struct op_stmt *st)
{
	const struct op_entry *e = l->e;
	const struct op_join *j = with_join ? e->join : NULL;
	struct op_text t = {0};
	bool ok = true;

	memset(st, 0, sizeof *st);
	op_put(&t, "SELECT ");
	if (j != NULL) {
		op_put(&t, "m.*");
		for (const struct op_col *c = op_row_map(j->cols);
		     c->column != NULL; c++)
			op_put(&t, ", j.\"%s\" AS \"%s%s\"", c->column,
			       l->join_prefix, c->column);
	} else {
		op_put(&t, e->kind == OP_WRITE ? "o.*" : "*");
	}
	op_put(&t, " FROM %s", function);
	if (!e->relation) {
		op_put(&t, "(");
		ok = op_put_args(&t, st, l, args, true,
		                 e->limit != 0 && (j == NULL || !j->paged));
		op_put(&t, ")");
	}
	if (e->kind == OP_WRITE && ok) {
		/* The daemon's MAC of the write, stored in its transaction
		 * when it wrote (audit_mac.h). */
		size_t rid = 0, mac = 0;
		ok = op_add_param(st, OP_SRC_REQUEST_ID, NULL, &rid) &&
		     op_add_param(st, OP_SRC_MAC, NULL, &mac);
		op_put(&t,
		       " AS o CROSS JOIN LATERAL ansinh_api.audit_mac_record("
		       "\"request_id\" => $%zu, \"mac\" => $%zu, \"operation\" "
		       "=> '%s', \"written\" => o.code = 0 AND NOT o.replayed) "
		       "AS mac",
		       rid, mac, l->body->name);
	}
	if (j != NULL) {
		if (j->kind == OP_JOIN_ZIP)
			op_put(&t, " WITH ORDINALITY AS m FULL JOIN %s(",
			       j->function);
		else
			op_put(&t, " AS m LEFT JOIN LATERAL %s(", j->function);
		ok = ok && op_put_args(&t, st, l, j->args, false,
		                       e->limit != 0 && j->paged);
		op_put(&t, ")%s AS j ON ",
		       j->ordinality || j->kind == OP_JOIN_ZIP
		           ? " WITH ORDINALITY"
		           : "");
		op_put(&t, "%s",
		       j->kind == OP_JOIN_ZIP ? "j.ordinality = m.ordinality"
		                              : "true");
		if (j->order != NULL)
			op_put(&t, " ORDER BY %s", j->order);
	} else if (e->order != NULL) {
		op_put(&t, " ORDER BY %s", e->order);
	}
	if (!ok) {
		free(t.buf);
		return op_say(function, "more than %d parameters",
		              OP_MAX_PARAMS);
	}
	st->sql = t.buf;
	return true;
}

/* SELECT the outcome columns FROM set_function($1, …, $n+1) in the order
 * of its rows: $1 the tokens, then one array per parameter of the main
 * statement. */
bool
op_sql_build_set(struct op_live *l)
{
	const struct op_entry *e = l->e;
	struct op_text t = {0};

	if (e->kind != OP_WRITE || e->join != NULL || e->relation)
		return op_say(e->set_function,
		              "a set function serves plain writes only");
	op_put(&t,
	       "SELECT o.code, o.message, o.id, o.ward_code, o.replayed "
	       "FROM %s($1",
	       e->set_function);
	for (size_t i = 0; i < l->main.n; i++)
		op_put(&t, ", $%zu", i + 2);
	op_put(&t, ") WITH ORDINALITY AS o ORDER BY o.ordinality");
	l->set_sql = t.buf;
	return true;
}

/* The named arguments of one function call: the request_id and the ward
 * (main statement), each op_arg, then the paging arguments. */
static bool
op_put_args(struct op_text *t, struct op_stmt *st, const struct op_live *l,
            const struct op_arg *args, bool main, bool paged)
{
	const struct op_entry *e = l->e;
	const char *sep = "";
	size_t k;

	if (main && e->kind == OP_WRITE) {
		if (!op_add_param(st, OP_SRC_REQUEST_ID, NULL, &k))
			return false;
		op_put(t, "%s\"request_id\" => $%zu", sep, k);
		sep = ", ";
	}
	if (main && e->ward != OP_WARD_NONE && !op_names_ward(args)) {
		if (!op_add_param(st, OP_SRC_WARD, NULL, &k))
			return false;
		op_put(t, "%s\"ward\" => $%zu", sep, k);
		sep = ", ";
	}
	for (const struct op_arg *a = args; a != NULL && a->name != NULL; a++) {
		if (a->flags & OP_FROM_ROW) {
			op_put(t, "%s\"%s\" => m.\"%s\"", sep, a->name,
			       a->field);
		} else {
			if (!op_add_param(st,
			                  a->flags & OP_THE_WARD ? OP_SRC_WARD
			                                         : OP_SRC_FIELD,
			                  a, &k))
				return false;
			op_put(t, "%s\"%s\" => $%zu", sep, a->name, k);
		}
		sep = ", ";
	}
	if (paged) {
		if (!op_add_param(st, OP_SRC_LIMIT, NULL, &k))
			return false;
		op_put(t, "%s\"limit\" => $%zu", sep, k);
		sep = ", ";
		if (l->offset != NULL) {
			if (!op_add_param(st, OP_SRC_OFFSET, NULL, &k))
				return false;
			op_put(t, "%s\"offset\" => $%zu", sep, k);
		}
	}
	return true;
}

/* Whether args bind the decided ward themselves (OP_THE_WARD). */
bool
op_names_ward(const struct op_arg *args)
{
	for (const struct op_arg *a = args; a != NULL && a->name != NULL; a++)
		if (a->flags & OP_THE_WARD)
			return true;
	return false;
}

/* The parameter for src (and arg): an earlier one with the same value is
 * used again (a joined function filtered like the main one), else a new
 * one. *index is its number, from 1. */
static bool
op_add_param(struct op_stmt *st, enum op_src src, const struct op_arg *arg,
             size_t *index)
{
	for (size_t i = 0; i < st->n; i++) {
		const struct op_param *p = &st->params[i];
		if (p->src == src &&
		    (src != OP_SRC_FIELD || op_same_arg(p->arg, arg))) {
			*index = i + 1;
			return true;
		}
	}
	if (st->n >= OP_MAX_PARAMS)
		return false;
	st->params[st->n].src = src;
	st->params[st->n].arg = arg;
	*index = ++st->n;
	return true;
}

static bool
op_same_arg(const struct op_arg *a, const struct op_arg *b)
{
	const char *au = a->unless != NULL ? a->unless : "";
	const char *bu = b->unless != NULL ? b->unless : "";
	const char *ad = a->dflt != NULL ? a->dflt : "";
	const char *bd = b->dflt != NULL ? b->dflt : "";

	return a->field != NULL && b->field != NULL &&
	       strcmp(a->field, b->field) == 0 && a->flags == b->flags &&
	       strcmp(au, bu) == 0 && strcmp(ad, bd) == 0 && a->text == b->text;
}

static void
op_put(struct op_text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		size_t room = t->cap - t->len;
		va_start(ap, fmt);
		n = vsnprintf(t->buf != NULL ? t->buf + t->len : NULL, room,
		              fmt, ap);
		va_end(ap);
		if (n < 0)
			abort();
		if ((size_t)n < room) {
			t->len += (size_t)n;
			return;
		}
		t->cap = t->cap == 0 ? 256 : t->cap * 2;
		while (t->cap - t->len <= (size_t)n)
			t->cap *= 2;
		t->buf = realloc(t->buf, t->cap);
		if (t->buf == NULL)
			abort();
	}
}

/* ---------------------------------------------------------------- binding */

void
op_sql_bind(const struct op_call *c, const struct op_stmt *st,
            struct db_job *job)
{
	char buf[512];

	for (size_t i = 0; i < st->n; i++) {
		const struct op_param *p = &st->params[i];
		struct pgarray arr = {0};

		switch (p->src) {
		case OP_SRC_REQUEST_ID:
			db_job_param(job, c->req->request_id);
			break;
		case OP_SRC_WARD:
			db_job_param(job, c->ward[0] != '\0' ? c->ward : NULL);
			break;
		case OP_SRC_LIMIT:
			/* One more: is there more? */
			db_job_param_int(job, (long long)c->limit + 1);
			break;
		case OP_SRC_OFFSET:
			db_job_param_int(job, (long long)c->offset);
			break;
		case OP_SRC_MAC: {
			const struct session *s = c->req->s;
			char mac[AUDIT_MAC_PARAM_SIZE];
			bool keyed = audit_mac_param(
			    c->req->request_id, s->token_id,
			    session_role_name(s), s->ward, s->token_name,
			    c->live->body->name, mac);
			db_job_param(job, keyed ? mac : NULL);
			break;
		}
		case OP_SRC_FIELD:
			db_job_param(job, op_value(c->body, p->arg, buf,
			                           sizeof buf, &arr));
			pgarray_free(&arr);
			break;
		}
	}
}

/* The text bound for argument a, or NULL. Arrays are built in arr (freed
 * by the caller); short values in buf. */
static const char *
op_value(const ProtobufCMessage *body, const struct op_arg *a, char *buf,
         size_t size, struct pgarray *arr)
{
	struct op_path p;

	if (a->unless != NULL && op_field_set(body, a->unless))
		return NULL;
	if (a->text != NULL)
		return a->text(body, buf, size) ? buf : NULL;
	if (!op_resolve(body, a->field, &p))
		return NULL;
	if (p.through != NULL) {
		/* "goods.item": that field of every element. */
		size_t n = op_count(p.parent, p.through);
		ProtobufCMessage *const *elems =
		    *(ProtobufCMessage *const *const *)op_member(p.parent,
		                                                 p.through);
		pgarray_init(arr);
		for (size_t i = 0; i < n; i++) {
			const char *v =
			    op_scalar(p.leaf, op_member(elems[i], p.leaf),
			              false, a, buf, size);
			pgarray_add(arr, v != NULL ? v : "");
		}
		return pgarray_finish(arr);
	}
	if (p.holder == NULL)
		return NULL;
	if (p.leaf->label == PROTOBUF_C_LABEL_REPEATED) {
		/* A repeated scalar: each element. */
		size_t n = op_count(p.holder, p.leaf);
		const char *items =
		    *(const char *const *)op_member(p.holder, p.leaf);
		size_t width = op_width(p.leaf);
		pgarray_init(arr);
		for (size_t i = 0; i < n; i++) {
			const char *v = op_scalar(p.leaf, items + i * width,
			                          false, a, buf, size);
			pgarray_add(arr, v != NULL ? v : "");
		}
		return pgarray_finish(arr);
	}
	if (!op_is_present(p.holder, p.leaf))
		return NULL;
	return op_scalar(p.leaf, op_member(p.holder, p.leaf),
	                 (p.leaf->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) != 0, a,
	                 buf, size);
}

/* One value of field f stored at p, as text, or NULL ("not given"). */
static const char *
op_scalar(const ProtobufCFieldDescriptor *f, const void *p, bool in_oneof,
          const struct op_arg *a, char *buf, size_t size)
{
	long long v = 0;

	switch (f->type) {
	case PROTOBUF_C_TYPE_STRING: {
		const char *s = *(char *const *)p;
		if (s == NULL ||
		    (s[0] == '\0' && (!in_oneof || (a->flags & OP_EMPTY_NULL))))
			return NULL;
		return s;
	}
	case PROTOBUF_C_TYPE_BYTES: {
		const ProtobufCBinaryData *b = p;
		if (b->len != UUID_SIZE || size < UUID_STR_SIZE)
			return NULL;
		uuid_format(b->data, buf);
		return buf;
	}
	case PROTOBUF_C_TYPE_BOOL:
		return *(const protobuf_c_boolean *)p ? "true" : "false";
	case PROTOBUF_C_TYPE_ENUM: {
		int e = *(const int *)p;
		if (e == 0)
			return a->dflt;
		return names_word(names_for_enum(f->descriptor), e);
	}
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32:
		v = *(const int32_t *)p;
		break;
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
		v = *(const uint32_t *)p;
		break;
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
		v = (long long)*(const int64_t *)p;
		break;
	default:
		return NULL; /* op_init refuses the others */
	}
	if (v == 0 && !in_oneof && (a->flags & OP_ZERO_NULL))
		return NULL;
	snprintf(buf, size, "%lld", v);
	return buf;
}

/* ---------------------------------------------------------------- fields */

const ProtobufCFieldDescriptor *
op_field(const ProtobufCMessageDescriptor *desc, const char *name)
{
	return protobuf_c_message_descriptor_get_field_by_name(desc, name);
}

/* Walk path ("household.head_name", "goods.item") in m. False when the
 * path names no field (op_init makes sure it does). */
static bool
op_resolve(const ProtobufCMessage *m, const char *path, struct op_path *out)
{
	const char *p = path;
	bool last;

	memset(out, 0, sizeof *out);
	out->holder = m;
	for (;;) {
		const ProtobufCFieldDescriptor *f =
		    op_step(out->holder->descriptor, &p, &last);

		if (f == NULL)
			return false;
		if (last) {
			out->leaf = f;
			return true;
		}
		if (f->type != PROTOBUF_C_TYPE_MESSAGE)
			return false;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			/* The rest of the path in the elements' type: the
			 * caller reads every element. */
			out->through = f;
			out->parent = out->holder;
			out->leaf = op_step(f->descriptor, &p, &last);
			return out->leaf != NULL && last;
		}
		out->holder =
		    *(ProtobufCMessage *const *)op_member(out->holder, f);
		if (out->holder == NULL)
			return true; /* a sub-message absent: not given */
	}
}

static const void *
op_member(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f)
{
	return (const char *)m + f->offset;
}

/* The number of elements of a repeated field. */
static size_t
op_count(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f)
{
	return *(const size_t *)(const void *)((const char *)m +
	                                       f->quantifier_offset);
}

size_t
op_width(const ProtobufCFieldDescriptor *f)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_STRING:
		return sizeof(char *);
	case PROTOBUF_C_TYPE_BYTES:
		return sizeof(ProtobufCBinaryData);
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		return sizeof(int64_t);
	default:
		return sizeof(int32_t);
	}
}

/* A member of a oneof is present when the oneof's case names it; other
 * fields always are. */
static bool
op_is_present(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f)
{
	if (!(f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF))
		return true;
	return *(const uint32_t *)(const void *)((const char *)m +
	                                         f->quantifier_offset) == f->id;
}

bool
op_field_set(const ProtobufCMessage *body, const char *path)
{
	struct op_path p;
	const void *v;

	if (!op_resolve(body, path, &p) || p.holder == NULL ||
	    p.through != NULL)
		return false;
	if (!op_is_present(p.holder, p.leaf))
		return false;
	if (p.leaf->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
		return true;
	if (p.leaf->label == PROTOBUF_C_LABEL_REPEATED)
		return op_count(p.holder, p.leaf) > 0;
	v = op_member(p.holder, p.leaf);
	switch (p.leaf->type) {
	case PROTOBUF_C_TYPE_STRING:
		return *(char *const *)v != NULL && (*(char *const *)v)[0] != 0;
	case PROTOBUF_C_TYPE_BYTES:
		return ((const ProtobufCBinaryData *)v)->len > 0;
	case PROTOBUF_C_TYPE_MESSAGE:
		return *(void *const *)v != NULL;
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		return *(const int64_t *)v != 0;
	default: /* 32-bit integers, enums, bools */
		return *(const int32_t *)v != 0;
	}
}

const char *
op_field_string(const ProtobufCMessage *body, const char *path)
{
	struct op_path p;

	if (path == NULL || !op_resolve(body, path, &p) || p.holder == NULL ||
	    p.through != NULL || p.leaf->type != PROTOBUF_C_TYPE_STRING ||
	    !op_is_present(p.holder, p.leaf))
		return "";
	const char *s = *(char *const *)op_member(p.holder, p.leaf);
	return s != NULL ? s : "";
}

/* ---------------------------------------------------------------- checks */

bool
op_sql_check_path(const ProtobufCMessageDescriptor *body, const char *path,
                  const char *entry)
{
	return op_path_leaf(body, path, entry) != NULL;
}

/* The last field of path, through sub-messages (after a repeated message
 * one field only); NULL, said on stderr, when there is none. */
static const ProtobufCFieldDescriptor *
op_path_leaf(const ProtobufCMessageDescriptor *body, const char *path,
             const char *entry)
{
	const ProtobufCMessageDescriptor *d = body;
	const char *p = path;
	bool last, through = false;

	for (;;) {
		const ProtobufCFieldDescriptor *f = op_step(d, &p, &last);

		if (f == NULL) {
			op_say(entry, "%s names no field of %s", path,
			       body->name);
			return NULL;
		}
		if (last)
			return f;
		if (f->type != PROTOBUF_C_TYPE_MESSAGE || through) {
			op_say(entry, "%s: no field under %s", path, f->name);
			return NULL;
		}
		through = f->label == PROTOBUF_C_LABEL_REPEATED;
		d = f->descriptor;
	}
}

const ProtobufCFieldDescriptor *
op_step(const ProtobufCMessageDescriptor *desc, const char **path, bool *last)
{
	char seg[64];
	size_t n = strcspn(*path, ".");

	if (n == 0 || n >= sizeof seg)
		return NULL;
	memcpy(seg, *path, n);
	seg[n] = '\0';
	*last = (*path)[n] == '\0';
	*path += *last ? n : n + 1;
	return op_field(desc, seg);
}

bool
op_sql_check_arg(const ProtobufCMessageDescriptor *body, const struct op_arg *a,
                 const char *entry)
{
	const ProtobufCFieldDescriptor *f;

	if (a->name == NULL || strchr(a->name, '"') != NULL)
		return op_say(entry, "an argument without a usable name");
	if (a->unless != NULL && !op_sql_check_path(body, a->unless, entry))
		return false;
	if (a->flags & (OP_FROM_ROW | OP_THE_WARD))
		return true;
	if (a->text != NULL)
		return a->field == NULL ||
		       op_sql_check_path(body, a->field, entry);
	if (a->field == NULL)
		return op_say(entry, "argument %s names no field", a->name);
	f = op_path_leaf(body, a->field, entry);
	if (f == NULL)
		return false;
	if (!op_supported(f))
		return op_say(entry,
		              "argument %s: field %s has a type the engine "
		              "cannot bind",
		              a->name, a->field);
	if (f->type == PROTOBUF_C_TYPE_ENUM &&
	    names_for_enum(f->descriptor) == NULL)
		return op_say(
		    entry, "argument %s: enum %s has no name table", a->name,
		    ((const ProtobufCEnumDescriptor *)f->descriptor)->name);
	return true;
}

static bool
op_supported(const ProtobufCFieldDescriptor *f)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_STRING:
	case PROTOBUF_C_TYPE_BYTES:
	case PROTOBUF_C_TYPE_BOOL:
	case PROTOBUF_C_TYPE_ENUM:
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32:
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
		return f->label != PROTOBUF_C_LABEL_REPEATED ||
		       f->type != PROTOBUF_C_TYPE_BOOL;
	default:
		return false;
	}
}

static bool
op_say(const char *entry, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "ansinhd: operation table: %s: ", entry);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return false;
}
