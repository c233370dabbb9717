/*
 * view.c — lists and records from the reply's descriptors (view.h).
 */
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "cmd.h"
#include "names.h"
#include "record.h"
#include "uuid.h"
#include "view.h"
#include "xmalloc.h"

struct render_table *
view_table(const struct view_col *cols, size_t ncols)
{
	const char **headers;
	size_t i;

	headers = xcalloc(ncols + 1, sizeof *headers);
	for (i = 0; i < ncols; i++)
		headers[i] = cols[i].header;
	return render_table_new_owned(headers, ncols);
}

/* The values of m's repeated field fd: their count, *array their array. */
static size_t
view_array(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *fd,
           const void **array)
{
	*array =
	    *(const void *const *)(const void *)((const char *)m + fd->offset);
	return *(const size_t *)(const void *)((const char *)m +
	                                       fd->quantifier_offset);
}

/* The word or text of value i of the repeated field fd, its array at
 * values. */
static const char *
view_item(const ProtobufCFieldDescriptor *fd, const void *values, size_t i)
{
	const char *w;

	if (fd->type == PROTOBUF_C_TYPE_ENUM)
		w = names_word(names_for_enum(fd->descriptor),
		               ((const int *)values)[i]);
	else
		w = ((const char *const *)values)[i];
	return w != NULL ? w : "?";
}

/* A repeated enum or text field of row: its values joined by sep, or NULL
 * when it has none (or is no such field). */
static char *
view_joined(const ProtobufCMessage *row, const char *name, const char *sep)
{
	const ProtobufCFieldDescriptor *fd;
	const void *values;
	size_t i, n, len = 1;
	char *s;

	fd = protobuf_c_message_descriptor_get_field_by_name(row->descriptor,
	                                                     name);
	if (fd == NULL || fd->label != PROTOBUF_C_LABEL_REPEATED ||
	    (fd->type != PROTOBUF_C_TYPE_ENUM &&
	     fd->type != PROTOBUF_C_TYPE_STRING))
		return NULL;
	n = view_array(row, fd, &values);
	if (n == 0)
		return NULL;
	for (i = 0; i < n; i++)
		len += strlen(view_item(fd, values, i)) + strlen(sep);
	s = xmalloc(len);
	s[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i > 0)
			strcat(s, sep);
		strcat(s, view_item(fd, values, i));
	}
	return s;
}

/* A table naming a field the row does not have is a bug: said and aborted
 * on at its first row. Its path is a field (through sub-messages) or a
 * repeated field of the row. */
static void
view_path_check(const ProtobufCMessageDescriptor *d, const char *path)
{
	if (record_path_field(d, path) != NULL ||
	    protobuf_c_message_descriptor_get_field_by_name(d, path) != NULL)
		return;
	fprintf(stderr, "ansinh: internal error: no field %s in %s\n", path,
	        d->name);
	abort();
}

static void
view_cell(struct render_table *t, const struct view_col *col,
          const ProtobufCMessage *row)
{
	const ProtobufCFieldDescriptor *fd = NULL;
	const ProtobufCBinaryData *bin;
	const void *member;
	const char *s;
	char id[UUID_STR_SIZE], *joined;
	int64_t v;

	if (col->show != NULL) {
		col->show(t, row);
		return;
	}
	member = record_get_in(row, col->path, &fd);
	if (member == NULL) {
		view_path_check(row->descriptor, col->path);
		/* A repeated field shows its values joined. */
		joined = view_joined(row, col->path,
		                     col->sep != NULL ? col->sep : ",");
		render_str(t, joined);
		free(joined);
		return;
	}
	switch (fd->type) {
	case PROTOBUF_C_TYPE_STRING:
		s = *(const char *const *)member;
		if ((col->flags & VIEW_VERBATIM) != 0)
			render_str(t, s != NULL ? s : "");
		else
			render_str(t, s != NULL && s[0] != '\0' ? s : NULL);
		return;
	case PROTOBUF_C_TYPE_ENUM:
		render_str(t, names_word(names_for_enum(fd->descriptor),
		                         *(const int *)member));
		return;
	case PROTOBUF_C_TYPE_BYTES:
		bin = member;
		if (bin->len != UUID_SIZE) {
			render_null(t);
			return;
		}
		uuid_format(bin->data, id);
		render_str(t, id);
		return;
	case PROTOBUF_C_TYPE_BOOL:
		render_bool(t, *(const protobuf_c_boolean *)member != 0);
		return;
	default:
		v = record_get_int(member, fd);
		if (v == 0 && (col->flags & VIEW_NONZERO) != 0)
			render_null(t);
		else
			render_int(t, v);
		return;
	}
}

void
view_row(struct render_table *t, const struct view_col *cols, size_t ncols,
         const ProtobufCMessage *row)
{
	size_t i;

	for (i = 0; i < ncols; i++)
		view_cell(t, &cols[i], row);
}

/* The repeated message field name of m: its count and its array. */
static size_t
view_repeated(const ProtobufCMessage *m, const char *name,
              const ProtobufCMessage *const **rows)
{
	const ProtobufCFieldDescriptor *fd;

	fd = protobuf_c_message_descriptor_get_field_by_name(m->descriptor,
	                                                     name);
	if (fd == NULL || fd->label != PROTOBUF_C_LABEL_REPEATED ||
	    fd->type != PROTOBUF_C_TYPE_MESSAGE) {
		fprintf(stderr,
		        "ansinh: internal error: %s has no repeated message "
		        "field %s\n",
		        m->descriptor->name, name);
		abort();
	}
	return view_array(m, fd, (const void **)rows);
}

size_t
view_rows(struct render_table *t, const struct view_col *cols, size_t ncols,
          const ProtobufCMessage *m, const char *rows_field)
{
	const ProtobufCMessage *const *rows;
	size_t i, n;

	n = view_repeated(m, rows_field, &rows);
	for (i = 0; i < n; i++)
		view_row(t, cols, ncols, rows[i]);
	return n;
}

const ProtobufCMessage *
view_body(const Ansinh__V1__Response *resp)
{
	const ProtobufCFieldDescriptor *fd;

	fd = protobuf_c_message_descriptor_get_field(
	    &ansinh__v1__response__descriptor, (unsigned)resp->body_case);
	if (fd == NULL || fd->type != PROTOBUF_C_TYPE_MESSAGE)
		return NULL;
	return *(
	    const ProtobufCMessage *const *)(const void *)((const char *)resp +
	                                                   fd->offset);
}

enum ansinh_exit
view_reply(struct cmd_ctx *ctx, Ansinh__V1__Response *resp,
           const char *rows_field, const char *noun,
           const struct view_col *cols, size_t ncols)
{
	const ProtobufCMessage *reply = view_body(resp);
	const ProtobufCFieldDescriptor *more_fd = NULL;
	const void *more;
	struct render_table *t;
	size_t n;

	t = view_table(cols, ncols);
	n = view_rows(t, cols, ncols, reply, rows_field);
	render_list(stdout, ctx->cfg->format, t);
	render_table_free(t);
	more = record_get_in(reply, "more", &more_fd);
	if (more != NULL && *(const protobuf_c_boolean *)more)
		cmd_error("more %s match than the %zu shown; raise --limit to "
		          "see them",
		          noun, n);
	ansinh__v1__response__free_unpacked(resp, NULL);
	return ANSINH_EXIT_OK;
}

enum ansinh_exit
view_list_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	const struct view_list *l = args->entry->list;
	Ansinh__V1__Response *resp;
	Ansinh__V1__Request *req;
	enum ansinh_exit rc;

	req = cmd_flags_request(args, l->body);
	rc = call_request(ctx, req, l->reply, &resp);
	record_request_free(req);
	if (rc != ANSINH_EXIT_OK)
		return rc;
	return view_reply(ctx, resp, l->rows,
	                  l->noun != NULL ? l->noun : l->rows, l->cols,
	                  l->ncols);
}

void
view_record(struct cmd_ctx *ctx, const ProtobufCMessage *m,
            const struct view_col *cols, size_t ncols)
{
	struct render_table *rec = view_table(cols, ncols);

	view_row(rec, cols, ncols, m);
	render_record(stdout, ctx->cfg->format, rec, NULL, NULL);
	render_table_free(rec);
}
