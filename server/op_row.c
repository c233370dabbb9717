/*
 * op_row.c — result rows into reply messages, by column name, through the
 * protobuf-c descriptors (see op.h for the conversions); and the memory a
 * call's reply lives in until it is sent.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "metrics.h"
#include "op_impl.h"
#include "pgarray.h"
#include "rules.h"
#include "uuid.h"

/* Chunks grow from OP_CHUNK_MIN (a write's reply) to OP_CHUNK_MAX (lists). */
#define OP_CHUNK_MIN 1024
#define OP_CHUNK_MAX 65536

struct op_mem {
	struct op_mem *next;
	size_t used, cap;
	max_align_t data[];
};

/* Columns of a map located in one result, nested maps included (in the
 * order op_fill_at reads them). */
struct op_cols {
	size_t n;
	int idx[OP_MAX_COLS];
};

static bool op_locate(struct op_call *c, const PGresult *res,
                      const struct op_col *map, const char *prefix,
                      struct op_cols *at);
static bool op_fill_at(struct op_call *c, ProtobufCMessage *msg,
                       const struct op_col *map, const struct op_cols *at,
                       size_t *pos, const PGresult *res, int row);
static size_t op_map_size(const struct op_col *map);
static ProtobufCMessage *op_sub(struct op_call *c, ProtobufCMessage *msg,
                                const char *path);
static bool op_set(struct op_call *c, ProtobufCMessage *msg,
                   const struct op_col *col, const char *text, bool null);
static bool op_set_leaf(struct op_call *c, ProtobufCMessage *m,
                        const ProtobufCFieldDescriptor *f,
                        const struct op_col *col, const char *text, bool null);
static bool op_set_value(struct op_call *c, const ProtobufCFieldDescriptor *f,
                         void *p, const char *text);
static bool op_set_array(struct op_call *c, ProtobufCMessage *m,
                         const ProtobufCFieldDescriptor *f,
                         const struct op_col *col, const char *text);
static bool op_items(const struct op_col *col, const char *text, char ***items,
                     size_t *n);
static int op_column(struct op_call *c, const PGresult *res, const char *prefix,
                     const char *column);
static bool op_declared(const struct op_entry *e, const char *name);
static bool op_in_map(const struct op_col *map, const char *prefix,
                      const char *name);
static const char *op_col_field(const struct op_col *col);
static bool op_row_check_name(const char *name);
static const struct op_col *op_expand(const ProtobufCMessageDescriptor *desc,
                                      const struct op_col *map,
                                      const char *entry);
static bool op_named(const struct op_col *map, const char *field);
static bool op_listed(const char *list, const char *name);
static const char *op_keep_text(struct op_call *c, const char *text);

/* The maps with OP_COLS_REST and what op_init expanded each into (for
 * the message it fills); they live as long as the process. */
struct op_full {
	const struct op_col *map;
	const ProtobufCMessageDescriptor *desc;
	const struct op_col *full;
};
static struct op_full *op_fulls;
static size_t op_nfulls, op_fulls_cap;

const struct op_col op_outcome_cols[] = {
    {"code", .flags = OP_COL_READ},
    {"message", .flags = OP_COL_READ},
    OP_COL("id"),
    OP_COL("ward_code"),
    OP_COL("replayed"),
    OP_END,
};
/* ---------------------------------------------------------------- memory */

void *
op_alloc(struct op_call *c, size_t size)
{
	struct op_mem *m = c->mem;
	size_t need = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) *
	              sizeof(max_align_t);

	if (need == 0)
		need = sizeof(max_align_t);
	if (m == NULL || m->cap - m->used < need) {
		size_t cap = m == NULL               ? OP_CHUNK_MIN
		             : m->cap < OP_CHUNK_MAX ? m->cap * 2
		                                     : OP_CHUNK_MAX;
		if (cap < need)
			cap = need;
		m = calloc(1, sizeof *m + cap);
		if (m == NULL)
			abort();
		m->cap = cap;
		m->next = c->mem;
		c->mem = m;
	}
	void *p = (char *)m->data + m->used;
	m->used += need;
	return p;
}

void *
op_new(struct op_call *c, const ProtobufCMessageDescriptor *desc)
{
	ProtobufCMessage *m = op_alloc(c, desc->sizeof_message);
	desc->message_init(m);
	return m;
}

void
op_mem_free(struct op_call *c)
{
	while (c->mem != NULL) {
		struct op_mem *next = c->mem->next;
		free(c->mem);
		c->mem = next;
	}
}

/* ---------------------------------------------------------------- filling */

bool
op_fill(struct op_call *c, void *msg, const struct op_col *map,
        const char *prefix, const PGresult *res, int row)
{
	struct op_cols at = {0};
	size_t pos = 0;

	return op_locate(c, res, map, prefix, &at) &&
	       op_fill_at(c, msg, map, &at, &pos, res, row);
}

bool
op_fill_rows(struct op_call *c, void *msg, const char *field,
             const struct op_col *map, const char *prefix, const PGresult *res,
             int from, int n)
{
	ProtobufCMessage *m = msg;
	const ProtobufCFieldDescriptor *f = op_field(m->descriptor, field);
	struct op_cols at = {0};

	if (f == NULL || f->type != PROTOBUF_C_TYPE_MESSAGE ||
	    f->label != PROTOBUF_C_LABEL_REPEATED ||
	    !op_locate(c, res, map, prefix, &at))
		return false;
	if (n < 0)
		n = 0;
	ProtobufCMessage **elems = op_alloc(c, ((size_t)n + 1) * sizeof *elems);
	for (int i = 0; i < n; i++) {
		size_t pos = 0;
		elems[i] = op_new(c, f->descriptor);
		if (!op_fill_at(c, elems[i], map, &at, &pos, res, from + i))
			return false;
	}
	*(size_t *)(void *)((char *)m + f->quantifier_offset) = (size_t)n;
	*(ProtobufCMessage ***)(void *)((char *)m + f->offset) = elems;
	return true;
}

/* The column of each map entry in res, depth first. */
static bool
op_locate(struct op_call *c, const PGresult *res, const struct op_col *map,
          const char *prefix, struct op_cols *at)
{
	for (const struct op_col *col = op_row_map(map); col->column != NULL;
	     col++) {
		if (at->n >= OP_MAX_COLS)
			return false;
		/* Columns a hook reads are located when it reads them. */
		if ((col->flags & OP_COL_READ) && col->map == NULL) {
			at->idx[at->n++] = -1;
			continue;
		}
		at->idx[at->n] = op_column(c, res, prefix, col->column);
		if (at->idx[at->n++] < 0)
			return false;
		if (col->map != NULL &&
		    !op_locate(c, res, col->map, prefix, at))
			return false;
	}
	return true;
}

static bool
op_fill_at(struct op_call *c, ProtobufCMessage *msg, const struct op_col *map,
           const struct op_cols *at, size_t *pos, const PGresult *res, int row)
{
	for (const struct op_col *col = op_row_map(map); col->column != NULL;
	     col++) {
		int i = at->idx[(*pos)++];

		if (i < 0)
			continue; /* OP_COL_READ */
		bool null = PQgetisnull(res, row, i);

		if (col->map != NULL) {
			/* A sub-message, left out when its column is NULL. */
			if ((col->flags & OP_COL_PRESENT) && null) {
				*pos += op_map_size(col->map);
				continue;
			}
			ProtobufCMessage *sub = op_sub(c, msg, col->field);
			if (sub == NULL ||
			    !op_fill_at(c, sub, col->map, at, pos, res, row))
				return false;
			continue;
		}
		if (col->flags & OP_COL_READ)
			continue;
		if (!op_set(c, msg, col, PQgetvalue(res, row, i), null))
			return false;
	}
	return true;
}

/* The columns of a map, nested maps included. */
static size_t
op_map_size(const struct op_col *map)
{
	size_t n = 0;

	for (const struct op_col *col = op_row_map(map); col->column != NULL;
	     col++)
		n += 1 + (col->map != NULL ? op_map_size(col->map) : 0);
	return n;
}

/* The sub-message at path in msg, made when missing. */
static ProtobufCMessage *
op_sub(struct op_call *c, ProtobufCMessage *msg, const char *path)
{
	const char *p = path;
	bool last;

	for (;;) {
		const ProtobufCFieldDescriptor *f =
		    op_step(msg->descriptor, &p, &last);

		if (f == NULL || f->type != PROTOBUF_C_TYPE_MESSAGE ||
		    f->label == PROTOBUF_C_LABEL_REPEATED)
			return NULL;
		ProtobufCMessage **sub =
		    (ProtobufCMessage **)(void *)((char *)msg + f->offset);
		if (*sub == NULL)
			*sub = op_new(c, f->descriptor);
		msg = *sub;
		if (last)
			return msg;
	}
}

/* Set the field col names (a path) in msg, making sub-messages on the way;
 * through a repeated message, the column's array fills that field of each
 * element. */
static bool
op_set(struct op_call *c, ProtobufCMessage *msg, const struct op_col *col,
       const char *text, bool null)
{
	const char *p = op_col_field(col);
	ProtobufCMessage *m = msg;
	bool last;

	for (;;) {
		const ProtobufCFieldDescriptor *f =
		    op_step(m->descriptor, &p, &last);

		if (f == NULL)
			return false;
		if (last)
			return op_set_leaf(c, m, f, col, text, null);
		ProtobufCMessage **sub =
		    (ProtobufCMessage **)(void *)((char *)m + f->offset);
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			/* Parallel arrays into one repeated message. */
			const ProtobufCFieldDescriptor *leaf =
			    op_step(f->descriptor, &p, &last);
			size_t *count =
			    (size_t *)(void *)((char *)m +
			                       f->quantifier_offset);
			ProtobufCMessage ***elems = (ProtobufCMessage ***)sub;
			char **items;
			size_t k, i;
			bool ok = true;

			if (leaf == NULL || !last || null ||
			    !op_items(col, text, &items, &k))
				return false;
			if (*count == 0 && k > 0) {
				*elems = op_alloc(c, (k + 1) * sizeof **elems);
				for (i = 0; i < k; i++)
					(*elems)[i] = op_new(c, f->descriptor);
				*count = k;
			}
			if (*count != k)
				ok = false;
			for (i = 0; ok && i < k; i++)
				ok = items[i] != NULL &&
				     op_set_value(c, leaf,
				                  (char *)(*elems)[i] +
				                      leaf->offset,
				                  op_keep_text(c, items[i]));
			pgarray_items_free(items, k);
			return ok;
		}
		if (*sub == NULL)
			*sub = op_new(c, f->descriptor);
		m = *sub;
	}
}

static bool
op_set_leaf(struct op_call *c, ProtobufCMessage *m,
            const ProtobufCFieldDescriptor *f, const struct op_col *col,
            const char *text, bool null)
{
	void *p = (char *)m + f->offset;

	if (col->fill != NULL)
		return col->fill(c, m, null ? "" : text);
	if (col->flags & (OP_COL_ISNULL | OP_COL_NOTNULL)) {
		*(protobuf_c_boolean *)p =
		    (col->flags & OP_COL_ISNULL) ? null : !null;
		return true;
	}
	if (f->label == PROTOBUF_C_LABEL_REPEATED)
		return null || op_set_array(c, m, f, col, text);
	if (null)
		return true; /* the default; an opt_ oneof stays absent */
	if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
		*(uint32_t *)(void *)((char *)m + f->quantifier_offset) = f->id;
	return op_set_value(c, f, p, text);
}

/* One value from its text into the field's storage p. */
static bool
op_set_value(struct op_call *c, const ProtobufCFieldDescriptor *f, void *p,
             const char *text)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_STRING:
		*(const char **)p = text;
		return true;
	case PROTOBUF_C_TYPE_BYTES: {
		ProtobufCBinaryData *b = p;
		uint8_t id[UUID_SIZE];
		/* Anything but a UUID leaves the bytes empty. */
		if (uuid_parse(text, id)) {
			b->data = op_alloc(c, UUID_SIZE);
			memcpy(b->data, id, UUID_SIZE);
			b->len = UUID_SIZE;
		}
		return true;
	}
	case PROTOBUF_C_TYPE_BOOL:
		*(protobuf_c_boolean *)p = text[0] == 't';
		return true;
	case PROTOBUF_C_TYPE_ENUM: {
		int v = names_value(names_for_enum(f->descriptor), text);
		*(int *)p = v > 0 ? v : 0;
		return true;
	}
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32:
		*(int32_t *)p = (int32_t)strtoll(text, NULL, 10);
		return true;
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
		*(uint32_t *)p = (uint32_t)strtoll(text, NULL, 10);
		return true;
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
		*(int64_t *)p = (int64_t)strtoll(text, NULL, 10);
		return true;
	default:
		return false;
	}
}

/* An array column (or space-separated words) into a repeated scalar. */
static bool
op_set_array(struct op_call *c, ProtobufCMessage *m,
             const ProtobufCFieldDescriptor *f, const struct op_col *col,
             const char *text)
{
	char **items;
	size_t n, i, width = op_width(f);
	bool ok = true;

	if (!op_items(col, text, &items, &n))
		return false;
	char *values = op_alloc(c, (n + 1) * width);
	for (i = 0; ok && i < n; i++) {
		if (items[i] == NULL) {
			ok = false;
			break;
		}
		ok = op_set_value(c, f, values + i * width,
		                  op_keep_text(c, items[i]));
		if (ok && f->type == PROTOBUF_C_TYPE_BYTES &&
		    ((ProtobufCBinaryData *)(void *)(values + i * width))
		            ->len != UUID_SIZE)
			ok = false; /* an id that is not one */
	}
	pgarray_items_free(items, n);
	if (!ok)
		return false;
	*(size_t *)(void *)((char *)m + f->quantifier_offset) = n;
	*(void **)(void *)((char *)m + f->offset) = values;
	return true;
}

/* The elements of an array column, or of space-separated words. */
static bool
op_items(const struct op_col *col, const char *text, char ***items, size_t *n)
{
	if (!(col->flags & OP_COL_WORDS))
		return pgarray_parse(text, items, n);
	size_t cap = 1, k = 0;
	for (const char *p = text; *p != '\0'; p++)
		cap += *p == ' ';
	*items = calloc(cap, sizeof **items);
	if (*items == NULL)
		abort();
	for (const char *p = text; *p != '\0';) {
		size_t len = strcspn(p, " ");
		if (len > 0) {
			(*items)[k] = strndup(p, len);
			if ((*items)[k] == NULL)
				abort();
			k++;
		}
		p += len;
		if (*p == ' ')
			p++;
	}
	*n = k;
	return true;
}

/* A copy owned by the call (array items are freed once parsed). */
static const char *
op_keep_text(struct op_call *c, const char *text)
{
	size_t len = strlen(text) + 1;
	char *copy = op_alloc(c, len);

	memcpy(copy, text, len);
	return copy;
}

static const char *
op_col_field(const struct op_col *col)
{
	return col->field != NULL ? col->field : col->column;
}

/* ---------------------------------------------------------------- columns */

const char *
op_text(struct op_call *c, const PGresult *res, int row, const char *column)
{
	int i = op_column(c, res, NULL, column);
	return i >= 0 ? PQgetvalue(res, row, i) : "";
}

bool
op_null(struct op_call *c, const PGresult *res, int row, const char *column)
{
	int i = op_column(c, res, NULL, column);
	return i < 0 || PQgetisnull(res, row, i);
}

long long
op_int(struct op_call *c, const PGresult *res, int row, const char *column)
{
	int i = op_column(c, res, NULL, column);
	if (i < 0 || PQgetisnull(res, row, i))
		return 0;
	return strtoll(PQgetvalue(res, row, i), NULL, 10);
}

/* The index of column prefix+column in res; it must be one of the entry's
 * (so that the schema check sees every column read). -1, logged, when it is
 * not: the reply is INTERNAL. Column names are lower case (op_init checks),
 * so libpq matches them as they are, unquoted. */
static int
op_column(struct op_call *c, const PGresult *res, const char *prefix,
          const char *column)
{
	size_t plen = prefix != NULL ? strlen(prefix) : 0;
	size_t clen = strlen(column);
	char name[160];
	int i;

	if (plen + clen + 1 > sizeof name)
		return -1;
	memcpy(name, prefix != NULL ? prefix : "", plen);
	memcpy(name + plen, column, clen + 1);
	if (!op_declared(c->op, name)) {
		log_error("column not in the operation table", "type=%s col=%s",
		          metrics_type_name(c->op->body), name);
		return -1;
	}
	i = PQfnumber(res, name);
	if (i < 0)
		log_error("column missing from the result", "type=%s col=%s",
		          metrics_type_name(c->op->body), name);
	return i;
}

static bool
op_declared(const struct op_entry *e, const char *name)
{
	if (e->kind == OP_WRITE && op_in_map(op_outcome_cols, NULL, name))
		return true;
	if (e->cols != NULL && op_in_map(e->cols, NULL, name))
		return true;
	for (const struct op_map *m = e->also; m != NULL && m->cols != NULL;
	     m++)
		if (op_in_map(m->cols, NULL, name))
			return true;
	if (e->join != NULL) {
		const char *dot = strchr(e->join->function, '.');
		char prefix[80];
		snprintf(prefix, sizeof prefix, "%s.",
		         dot != NULL ? dot + 1 : e->join->function);
		return op_in_map(e->join->cols, prefix, name);
	}
	return false;
}

static bool
op_in_map(const struct op_col *map, const char *prefix, const char *name)
{
	size_t plen = prefix != NULL ? strlen(prefix) : 0;

	if (plen > 0 && strncmp(name, prefix, plen) != 0)
		return false;
	for (map = op_row_map(map); map->column != NULL; map++)
		if (strcmp(map->column, name + plen) == 0 ||
		    (map->map != NULL && op_in_map(map->map, prefix, name)))
			return true;
	return false;
}

/* ---------------------------------------------------------------- checks */

/* A column name as the engine writes and reads it: lower-case letters,
 * digits and '_'. */
static bool
op_row_check_name(const char *name)
{
	if (name[0] == '\0')
		return false;
	for (const char *p = name; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '_'))
			return false;
	return true;
}

const ProtobufCMessageDescriptor *
op_row_path_type(const ProtobufCMessageDescriptor *desc, const char *path)
{
	const char *p = path;
	bool last;

	for (;;) {
		const ProtobufCFieldDescriptor *f = op_step(desc, &p, &last);

		if (f == NULL || f->type != PROTOBUF_C_TYPE_MESSAGE)
			return NULL;
		desc = f->descriptor;
		if (last)
			return desc;
	}
}

bool
op_row_check_map(const ProtobufCMessageDescriptor *desc,
                 const struct op_col *map, const char *entry)
{
	size_t i;

	map = op_expand(desc, map, entry);
	if (map == NULL)
		return false;
	for (i = 0; map[i].column != NULL; i++) {
		const struct op_col *col = &map[i];
		const ProtobufCMessageDescriptor *d = desc;
		const ProtobufCFieldDescriptor *f = NULL;
		const char *p = op_col_field(col);
		bool last = false;

		if (!op_row_check_name(col->column))
			goto bad;
		if (col->flags & OP_COL_READ)
			continue;
		while (!last) {
			f = op_step(d, &p, &last);
			if (f == NULL ||
			    (!last && f->type != PROTOBUF_C_TYPE_MESSAGE))
				goto bad;
			d = f->descriptor;
		}
		if (col->map != NULL) {
			/* A sub-message filled from its own map. */
			if (f->type != PROTOBUF_C_TYPE_MESSAGE ||
			    f->label == PROTOBUF_C_LABEL_REPEATED)
				goto bad;
			if (!op_row_check_map(f->descriptor, col->map, entry))
				return false;
			continue;
		}
		if ((col->flags & OP_COL_PRESENT) || col->fill != NULL)
			goto bad_or_fill;
		if ((col->flags & (OP_COL_ISNULL | OP_COL_NOTNULL)) &&
		    f->type != PROTOBUF_C_TYPE_BOOL)
			goto bad;
		if (f->type == PROTOBUF_C_TYPE_MESSAGE ||
		    f->type == PROTOBUF_C_TYPE_FLOAT ||
		    f->type == PROTOBUF_C_TYPE_DOUBLE ||
		    f->type == PROTOBUF_C_TYPE_UINT64 ||
		    f->type == PROTOBUF_C_TYPE_FIXED64)
			goto bad;
		if (f->type == PROTOBUF_C_TYPE_ENUM &&
		    names_for_enum(f->descriptor) == NULL)
			goto bad;
		continue;
	bad_or_fill:
		/* A fill hook sets any field; OP_COL_PRESENT needs a map. */
		if (col->fill == NULL || (col->flags & OP_COL_PRESENT))
			goto bad;
	}
	if (op_map_size(map) > OP_MAX_COLS) {
		fprintf(stderr,
		        "ansinhd: operation table: %s: more than %d "
		        "columns in a map\n",
		        entry, OP_MAX_COLS);
		return false;
	}
	return true;
bad:
	fprintf(stderr,
	        "ansinhd: operation table: %s: column %s cannot fill %s.%s\n",
	        entry, map[i].column, desc->name, op_col_field(&map[i]));
	return false;
}

const struct op_col *
op_row_map(const struct op_col *map)
{
	for (size_t i = 0; i < op_nfulls; i++)
		if (op_fulls[i].map == map)
			return op_fulls[i].full;
	return map;
}

/* map with its OP_COLS_REST expanded for desc (map itself when it has
 * none); NULL, after saying why, when it cannot be. */
static const struct op_col *
op_expand(const ProtobufCMessageDescriptor *desc, const struct op_col *map,
          const char *entry)
{
	const struct op_col *rest = NULL;
	size_t n = 0, k = 0;

	for (const struct op_col *col = map; col->column != NULL; col++, n++) {
		if (!(col->flags & OP_COL_REST))
			continue;
		if (rest != NULL) {
			fprintf(stderr,
			        "ansinhd: operation table: %s: two "
			        "OP_COLS_REST in a map of %s\n",
			        entry, desc->name);
			return NULL;
		}
		rest = col;
	}
	if (rest == NULL)
		return map;
	for (size_t i = 0; i < op_nfulls; i++) {
		if (op_fulls[i].map != map)
			continue;
		if (op_fulls[i].desc == desc)
			return op_fulls[i].full;
		fprintf(stderr,
		        "ansinhd: operation table: %s: one OP_COLS_REST map "
		        "fills %s and %s\n",
		        entry, op_fulls[i].desc->name, desc->name);
		return NULL;
	}
	/* Every word it leaves out is a field of the message. */
	size_t words = 0, fields = 0;
	for (const char *p = rest->field; p != NULL && *p != '\0';) {
		size_t len = strcspn(p, " ");

		words += len > 0;
		p += len + strspn(p + len, " ");
	}
	for (unsigned i = 0; i < desc->n_fields; i++)
		fields += op_listed(rest->field, desc->fields[i].name);
	if (fields != words) {
		fprintf(
		    stderr,
		    "ansinhd: operation table: %s: OP_COLS_REST_BUT(\"%s\") "
		    "names what is no field of %s\n",
		    entry, rest->field, desc->name);
		return NULL;
	}
	struct op_col *full = calloc(n + desc->n_fields + 1, sizeof *full);
	if (full == NULL)
		abort();
	for (const struct op_col *col = map; col->column != NULL; col++) {
		if (col != rest) {
			full[k++] = *col;
			continue;
		}
		for (unsigned i = 0; i < desc->n_fields; i++) {
			const ProtobufCFieldDescriptor *f = &desc->fields[i];

			if (f->type == PROTOBUF_C_TYPE_MESSAGE ||
			    op_named(map, f->name) ||
			    op_listed(rest->field, f->name))
				continue;
			full[k++] = (struct op_col){.column = f->name};
		}
	}
	if (op_nfulls == op_fulls_cap) {
		op_fulls_cap = op_fulls_cap ? 2 * op_fulls_cap : 32;
		op_fulls = realloc(op_fulls, op_fulls_cap * sizeof *op_fulls);
		if (op_fulls == NULL)
			abort();
	}
	op_fulls[op_nfulls++] = (struct op_full){map, desc, full};
	return full;
}

/* Whether an entry of map other than its OP_COLS_REST fills field (the
 * first segment of its path). */
static bool
op_named(const struct op_col *map, const char *field)
{
	size_t len = strlen(field);

	for (const struct op_col *col = map; col->column != NULL; col++) {
		const char *p = op_col_field(col);

		if (!(col->flags & OP_COL_REST) &&
		    strncmp(p, field, len) == 0 &&
		    (p[len] == '\0' || p[len] == '.'))
			return true;
	}
	return false;
}

/* Whether the space-separated list (or NULL) holds name. */
static bool
op_listed(const char *list, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = list; p != NULL && *p != '\0';) {
		size_t n = strcspn(p, " ");

		if (n == len && strncmp(p, name, len) == 0)
			return true;
		p += n + strspn(p + n, " ");
	}
	return false;
}
