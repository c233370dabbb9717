/*
 * record.c — a record family's fields (see record.h): values put into and
 * read from messages by path, through the protobuf-c descriptors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "record.h"
#include "uuid.h"
#include "xmalloc.h"

/* Longest component of a path. */
#define RECORD_NAME_MAX 64

static const ProtobufCFieldDescriptor *
record_body_field(Ansinh__V1__Request__BodyCase body);
static void *record_member(ProtobufCMessage *m, const char *path,
                           const ProtobufCFieldDescriptor **fd);
static const char *record_part(const char *path, char name[RECORD_NAME_MAX]);
static bool record_int_type(ProtobufCType t);
static const char *record_fits(const struct record_field *f,
                               const ProtobufCMessageDescriptor *d);

size_t
record_nfields(const struct record *r)
{
	size_t n;

	for (n = 0; !record_field_end(&r->fields[n]); n++)
		;
	return n;
}

int
record_field(const struct record *r, const char *path)
{
	int i;

	for (i = 0; !record_field_end(&r->fields[i]); i++) {
		if (r->fields[i].path != NULL &&
		    strcmp(r->fields[i].path, path) == 0)
			return i;
	}
	return -1;
}

bool
record_field_end(const struct record_field *f)
{
	return f->flag == NULL && f->column == NULL;
}

bool (*record_check(const struct record_field *f))(const char *, const char **)
{
	if (f->check != NULL)
		return f->check;
	switch (f->type) {
	case RECORD_WARD:
		return check_ward;
	case RECORD_DATE:
		return check_past_date;
	case RECORD_VND:
		return check_vnd;
	case RECORD_ID:
	case RECORD_SELF:
		return check_uuid;
	default:
		return NULL;
	}
}

const char *
record_metavar(const struct record_field *f)
{
	if (f->metavar != NULL)
		return f->metavar;
	switch (f->type) {
	case RECORD_WARD:
		return "CODE";
	case RECORD_DATE:
		return "YYYY-MM-DD";
	case RECORD_VND:
		return "VND";
	case RECORD_ID:
	case RECORD_SELF:
		return "ID";
	default:
		return NULL;
	}
}

Ansinh__V1__Request *
record_request_new(Ansinh__V1__Request__BodyCase body_case)
{
	const ProtobufCFieldDescriptor *fd = record_body_field(body_case);
	const ProtobufCMessageDescriptor *d;
	Ansinh__V1__Request *req;
	ProtobufCMessage *body;

	req = xmalloc(sizeof *req);
	ansinh__v1__request__init(req);
	if (fd == NULL || fd->type != PROTOBUF_C_TYPE_MESSAGE)
		return req;
	d = fd->descriptor;
	body = xmalloc(d->sizeof_message);
	d->message_init(body);
	*(ProtobufCMessage **)(void *)((char *)req + fd->offset) = body;
	*(uint32_t *)(void *)((char *)req + fd->quantifier_offset) =
	    (uint32_t)body_case;
	return req;
}

void
record_request_free(Ansinh__V1__Request *req)
{
	if (req != NULL)
		ansinh__v1__request__free_unpacked(req, NULL);
}

bool
record_put_string(Ansinh__V1__Request *req, const char *path, const char *s)
{
	const ProtobufCFieldDescriptor *fd;
	char **member;

	member = record_member(&req->base, path, &fd);
	if (member == NULL || fd->type != PROTOBUF_C_TYPE_STRING)
		return false;
	if (*member != NULL && *member != fd->default_value)
		free(*member);
	*member = xstrdup(s != NULL ? s : "");
	return true;
}

bool
record_put_int(Ansinh__V1__Request *req, const char *path, int64_t v)
{
	const ProtobufCFieldDescriptor *fd;
	void *member;

	member = record_member(&req->base, path, &fd);
	if (member == NULL)
		return false;
	switch (fd->type) {
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32:
	case PROTOBUF_C_TYPE_ENUM:
		*(int32_t *)member = (int32_t)v;
		return true;
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
		*(uint32_t *)member = (uint32_t)v;
		return true;
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
		*(int64_t *)member = v;
		return true;
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		*(uint64_t *)member = (uint64_t)v;
		return true;
	case PROTOBUF_C_TYPE_BOOL:
		*(protobuf_c_boolean *)member = v != 0;
		return true;
	default:
		return false;
	}
}

bool
record_put_bytes(Ansinh__V1__Request *req, const char *path, const uint8_t *p,
                 size_t len)
{
	const ProtobufCFieldDescriptor *fd;
	ProtobufCBinaryData *member;

	member = record_member(&req->base, path, &fd);
	if (member == NULL || fd->type != PROTOBUF_C_TYPE_BYTES)
		return false;
	free(member->data);
	member->data = xmalloc(len == 0 ? 1 : len);
	if (len > 0)
		memcpy(member->data, p, len);
	member->len = len;
	return true;
}

bool
record_put_text(Ansinh__V1__Request *req, const char *path, const char *text)
{
	const ProtobufCFieldDescriptor *fd;
	uint8_t id[UUID_SIZE];
	long n;

	if (record_member(&req->base, path, &fd) == NULL)
		return false;
	switch (fd->type) {
	case PROTOBUF_C_TYPE_STRING:
		return record_put_string(req, path, text);
	case PROTOBUF_C_TYPE_BYTES:
		return uuid_parse(text, id) &&
		       record_put_bytes(req, path, id, sizeof id);
	case PROTOBUF_C_TYPE_MESSAGE:
	case PROTOBUF_C_TYPE_FLOAT:
	case PROTOBUF_C_TYPE_DOUBLE:
		return false;
	default:
		return check_parse_long(text, &n) &&
		       record_put_int(req, path, n);
	}
}

void
record_missing(const char *path)
{
	fprintf(stderr, "ansinh: internal error: no field %s in the request\n",
	        path);
	abort();
}

const void *
record_get(const ProtobufCMessage *m, const char *path,
           const ProtobufCFieldDescriptor **fd)
{
	char name[RECORD_NAME_MAX];
	const char *rest;

	/* The first part names the body's field that holds m. */
	rest = record_part(path, name);
	return rest != NULL ? record_get_in(m, rest, fd) : NULL;
}

const void *
record_get_in(const ProtobufCMessage *m, const char *path,
              const ProtobufCFieldDescriptor **fd)
{
	char name[RECORD_NAME_MAX];
	const char *rest = path;

	while (m != NULL && rest != NULL) {
		rest = record_part(rest, name);
		*fd = protobuf_c_message_descriptor_get_field_by_name(
		    m->descriptor, name);
		if (*fd == NULL || (*fd)->label == PROTOBUF_C_LABEL_REPEATED)
			return NULL;
		if (((*fd)->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
		    *(const uint32_t *)(const void
		                            *)((const char *)m +
		                               (*fd)->quantifier_offset) !=
		        (*fd)->id)
			return NULL;
		if (rest == NULL)
			return (const char *)m + (*fd)->offset;
		if ((*fd)->type != PROTOBUF_C_TYPE_MESSAGE)
			return NULL;
		m = *(const ProtobufCMessage *const
		          *)(const void *)((const char *)m + (*fd)->offset);
	}
	return NULL;
}

int64_t
record_get_int(const void *member, const ProtobufCFieldDescriptor *fd)
{
	switch (fd->type) {
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32:
	case PROTOBUF_C_TYPE_ENUM:
		return *(const int32_t *)member;
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
		return *(const uint32_t *)member;
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
		return *(const int64_t *)member;
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		return (int64_t) * (const uint64_t *)member;
	case PROTOBUF_C_TYPE_BOOL:
		return *(const protobuf_c_boolean *)member != 0;
	default:
		return 0;
	}
}

const char *
record_text(const struct record_field *f, const ProtobufCMessage *m,
            char buf[RECORD_TEXT_SIZE])
{
	const ProtobufCFieldDescriptor *fd = NULL;
	const ProtobufCBinaryData *bin;
	const void *member = NULL;
	const char *s;
	int64_t v = 0;

	buf[0] = '\0';
	if (f->path != NULL && f->type != RECORD_FAMILY)
		member = record_get(m, f->path, &fd);
	if (member != NULL && record_int_type(fd->type))
		v = record_get_int(member, fd);
	switch (f->type) {
	case RECORD_BOOL:
		return v != 0 ? "yes" : "no";
	case RECORD_NUMBER:
		if (v != 0)
			snprintf(buf, RECORD_TEXT_SIZE, "%lld", (long long)v);
		return buf;
	case RECORD_VND:
		if (member != NULL)
			snprintf(buf, RECORD_TEXT_SIZE, "%lld", (long long)v);
		return buf;
	case RECORD_WORD:
		s = f->words->name((int)v);
		return s != NULL ? s : "";
	case RECORD_ID:
	case RECORD_SELF:
		bin = member;
		if (bin != NULL && bin->len == UUID_SIZE)
			uuid_format(bin->data, buf);
		return buf;
	case RECORD_FAMILY:
		return buf;
	default:
		if (member == NULL || fd->type != PROTOBUF_C_TYPE_STRING)
			return buf;
		s = *(const char *const *)member;
		return s != NULL ? s : "";
	}
}

const char *
record_verify(const struct record *r)
{
	static char problem[256];
	const ProtobufCFieldDescriptor *body = record_body_field(r->body);
	const struct record_field *f, *g;
	const char *why;

	if (body == NULL || body->type != PROTOBUF_C_TYPE_MESSAGE) {
		snprintf(problem, sizeof problem,
		         "%s: its body case is not a message", r->name);
		return problem;
	}
	for (f = r->fields; !record_field_end(f); f++) {
		why = record_fits(f, body->descriptor);
		if (why != NULL) {
			snprintf(problem, sizeof problem, "%s: %s: %s", r->name,
			         f->flag != NULL ? f->flag : f->column, why);
			return problem;
		}
		for (g = r->fields; f->flag != NULL && g < f; g++) {
			if (g->flag != NULL && strcmp(g->flag, f->flag) == 0) {
				snprintf(problem, sizeof problem,
				         "%s: two fields are --%s", r->name,
				         f->flag);
				return problem;
			}
		}
	}
	return NULL;
}

/* ---------------------------------------------------------------- helpers */

/* The Request's field of a body case (its oneof member). */
static const ProtobufCFieldDescriptor *
record_body_field(Ansinh__V1__Request__BodyCase body)
{
	return protobuf_c_message_descriptor_get_field(
	    &ansinh__v1__request__descriptor, (unsigned)body);
}

/*
 * The member at path in the body of the request m, the messages on the way
 * allocated, the oneof that holds it set: a pointer to it and *fd, or NULL.
 */
static void *
record_member(ProtobufCMessage *m, const char *path,
              const ProtobufCFieldDescriptor **fd)
{
	const ProtobufCFieldDescriptor *body;
	const ProtobufCMessageDescriptor *d;
	ProtobufCMessage **sub;
	char name[RECORD_NAME_MAX];
	const char *rest = path;

	body = record_body_field(((Ansinh__V1__Request *)m)->body_case);
	if (body == NULL || body->type != PROTOBUF_C_TYPE_MESSAGE)
		return NULL;
	m = *(ProtobufCMessage **)(void *)((char *)m + body->offset);
	while (m != NULL && rest != NULL) {
		rest = record_part(rest, name);
		*fd = protobuf_c_message_descriptor_get_field_by_name(
		    m->descriptor, name);
		if (*fd == NULL || (*fd)->label == PROTOBUF_C_LABEL_REPEATED)
			return NULL;
		if ((*fd)->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
			*(uint32_t *)(void *)((char *)m +
			                      (*fd)->quantifier_offset) =
			    (*fd)->id;
		if (rest == NULL)
			return (char *)m + (*fd)->offset;
		if ((*fd)->type != PROTOBUF_C_TYPE_MESSAGE)
			return NULL;
		sub = (ProtobufCMessage **)(void *)((char *)m + (*fd)->offset);
		if (*sub == NULL) {
			d = (*fd)->descriptor;
			*sub = xmalloc(d->sizeof_message);
			d->message_init(*sub);
		}
		m = *sub;
	}
	return NULL;
}

/* The field at path from message d (no part skipped), or NULL. */
const ProtobufCFieldDescriptor *
record_path_field(const ProtobufCMessageDescriptor *d, const char *path)
{
	const ProtobufCFieldDescriptor *fd = NULL;
	char name[RECORD_NAME_MAX];
	const char *rest = path;

	while (d != NULL && rest != NULL) {
		rest = record_part(rest, name);
		fd = protobuf_c_message_descriptor_get_field_by_name(d, name);
		if (fd == NULL || fd->label == PROTOBUF_C_LABEL_REPEATED)
			return NULL;
		if (rest == NULL)
			return fd;
		if (fd->type != PROTOBUF_C_TYPE_MESSAGE)
			return NULL;
		d = fd->descriptor;
	}
	return NULL;
}

/* The first part of path into name; what follows the '.', or NULL. */
static const char *
record_part(const char *path, char name[RECORD_NAME_MAX])
{
	size_t len = strcspn(path, ".");

	if (len >= RECORD_NAME_MAX)
		len = RECORD_NAME_MAX - 1;
	memcpy(name, path, len);
	name[len] = '\0';
	return path[len] == '.' ? path + len + 1 : NULL;
}

static bool
record_int_type(ProtobufCType t)
{
	switch (t) {
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32:
	case PROTOBUF_C_TYPE_ENUM:
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
	case PROTOBUF_C_TYPE_BOOL:
		return true;
	default:
		return false;
	}
}

/* Whether f's paths name fields of body d that its type can hold: NULL, or
 * why not. */
static const char *
record_fits(const struct record_field *f, const ProtobufCMessageDescriptor *d)
{
	const ProtobufCFieldDescriptor *fd = NULL, *id = NULL;

	if (f->path == NULL)
		return f->type == RECORD_FAMILY ? NULL : "it has no path";
	fd = record_path_field(d, f->path);
	if (fd == NULL)
		return "its path names no field of the request";
	if (f->type == RECORD_REF) {
		id = f->id_path != NULL ? record_path_field(d, f->id_path)
		                        : NULL;
		if (id == NULL || id->type != PROTOBUF_C_TYPE_BYTES)
			return "its id_path names no bytes field";
	}
	if ((f->flag != NULL || f->column != NULL) && f->help == NULL)
		return "it has no help";
	switch (f->type) {
	case RECORD_WARD:
	case RECORD_TEXT:
	case RECORD_NOTE:
	case RECORD_CODE:
	case RECORD_DATE:
	case RECORD_REF:
		if (fd->type != PROTOBUF_C_TYPE_STRING)
			return "its path is not a string";
		if (f->type != RECORD_WARD && f->type != RECORD_DATE &&
		    f->check == NULL)
			return "it has no check";
		return NULL;
	case RECORD_NUMBER:
		if (!record_int_type(fd->type) ||
		    fd->type == PROTOBUF_C_TYPE_BOOL ||
		    fd->type == PROTOBUF_C_TYPE_ENUM)
			return "its path is not a number";
		return f->check == NULL ? "it has no check" : NULL;
	case RECORD_VND:
		return fd->type == PROTOBUF_C_TYPE_INT64
		           ? NULL
		           : "its path is not an int64";
	case RECORD_BOOL:
		return fd->type == PROTOBUF_C_TYPE_BOOL ? NULL
		                                        : "its path is not a "
		                                          "bool";
	case RECORD_WORD:
		if (fd->type != PROTOBUF_C_TYPE_ENUM)
			return "its path is not an enum";
		return f->words == NULL ? "it has no words" : NULL;
	case RECORD_ID:
	case RECORD_SELF:
		return fd->type == PROTOBUF_C_TYPE_BYTES
		           ? NULL
		           : "its path is not bytes";
	case RECORD_FAMILY:
		return NULL;
	}
	return "its type is unknown";
}
