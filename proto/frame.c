/*
 * frame.c — length-prefixed protobuf frames, and the string check that runs
 * on every payload before protobuf-c sees it.
 *
 * Pure functions on bytes: no sockets, no global state.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "rules.h"

/* Deepest nesting of sub-messages frame_check_strings follows. */
#define FRAME_MAX_DEPTH 32

#define FRAME_WHY_MALFORMED "malformed message"
#define FRAME_WHY_UTF8      "invalid UTF-8"
#define FRAME_WHY_NUL       "contains a NUL byte"

/* Wire types (the low three bits of a tag). */
enum frame_wire {
	FRAME_WIRE_VARINT = 0,
	FRAME_WIRE_64BIT = 1,
	FRAME_WIRE_LEN = 2,
	FRAME_WIRE_32BIT = 5,
};

/* The state of one frame_check_strings walk. */
struct frame_walk {
	/* Field names from the top message down to the one being read. */
	const char *names[FRAME_MAX_DEPTH + 1];
	size_t depth;
	char *path;
	size_t path_size;
	const char **why;
};

static bool frame_read_varint(const uint8_t **p, const uint8_t *end,
                              uint64_t *out);
static bool frame_walk_message(struct frame_walk *w,
                               const ProtobufCMessageDescriptor *desc,
                               const uint8_t *p, const uint8_t *end);
static bool frame_walk_field(struct frame_walk *w,
                             const ProtobufCFieldDescriptor *field,
                             const uint8_t *data, size_t len);
static bool frame_fail(struct frame_walk *w, const char *why);
static void frame_set_path(char *path, size_t path_size, const char *s);
static bool frame_check(const ProtobufCMessageDescriptor *desc,
                        const uint8_t **buf, size_t len, char *path,
                        size_t path_size, const char **why);

enum frame_result
frame_peek(const uint8_t *buf, size_t len, size_t max, size_t *payload_len)
{
	uint32_t n;

	if (len < FRAME_HEADER_SIZE) {
		if (payload_len != NULL)
			*payload_len = 0;
		return FRAME_NEED_MORE;
	}
	n = (uint32_t)buf[0] << 24 | (uint32_t)buf[1] << 16 |
	    (uint32_t)buf[2] << 8 | (uint32_t)buf[3];
	if (payload_len != NULL)
		*payload_len = n;
	if (n == 0)
		return FRAME_EMPTY;
	if (n > max)
		return FRAME_TOO_LARGE;
	if (len - FRAME_HEADER_SIZE < n)
		return FRAME_NEED_MORE;
	return FRAME_OK;
}

void
frame_put_header(uint8_t out[FRAME_HEADER_SIZE], uint32_t len)
{
	out[0] = (uint8_t)(len >> 24);
	out[1] = (uint8_t)(len >> 16);
	out[2] = (uint8_t)(len >> 8);
	out[3] = (uint8_t)len;
}

uint8_t *
frame_pack(const ProtobufCMessage *msg, size_t max, size_t *out_len)
{
	size_t size, packed;
	uint8_t *buf;

	size = protobuf_c_message_get_packed_size(msg);
	if (size == 0 || size > max || size > UINT32_MAX)
		return NULL;
	buf = malloc(FRAME_HEADER_SIZE + size);
	if (buf == NULL)
		return NULL;
	packed = protobuf_c_message_pack(msg, buf + FRAME_HEADER_SIZE);
	if (packed != size) {
		free(buf);
		return NULL;
	}
	frame_put_header(buf, (uint32_t)size);
	*out_len = FRAME_HEADER_SIZE + size;
	return buf;
}

bool
frame_check_strings(const ProtobufCMessageDescriptor *desc, const uint8_t *buf,
                    size_t len, char *path, size_t path_size, const char **why)
{
	struct frame_walk w;

	memset(&w, 0, sizeof w);
	w.path = path;
	w.path_size = path_size;
	w.why = why;
	frame_set_path(path, path_size, "");
	if (why != NULL)
		*why = NULL;
	if (len == 0)
		return true;
	if (buf == NULL)
		return frame_fail(&w, FRAME_WHY_MALFORMED);
	return frame_walk_message(&w, desc, buf, buf + len);
}

Ansinh__V1__Request *
frame_decode_request(const uint8_t *buf, size_t len, char *path,
                     size_t path_size, const char **why)
{
	Ansinh__V1__Request *r;

	if (!frame_check(&ansinh__v1__request__descriptor, &buf, len, path,
	                 path_size, why))
		return NULL;
	r = ansinh__v1__request__unpack(NULL, len, buf);
	if (r == NULL) {
		frame_set_path(path, path_size, "");
		if (why != NULL)
			*why = FRAME_WHY_MALFORMED;
	}
	return r;
}

Ansinh__V1__Response *
frame_decode_response(const uint8_t *buf, size_t len, char *path,
                      size_t path_size, const char **why)
{
	Ansinh__V1__Response *r;

	if (!frame_check(&ansinh__v1__response__descriptor, &buf, len, path,
	                 path_size, why))
		return NULL;
	r = ansinh__v1__response__unpack(NULL, len, buf);
	if (r == NULL) {
		frame_set_path(path, path_size, "");
		if (why != NULL)
			*why = FRAME_WHY_MALFORMED;
	}
	return r;
}

/*
 * frame_check_strings for the decoders, which hand protobuf-c a real (if
 * empty) buffer: an empty payload is a valid message of all defaults.
 */
static bool
frame_check(const ProtobufCMessageDescriptor *desc, const uint8_t **buf,
            size_t len, char *path, size_t path_size, const char **why)
{
	static const uint8_t empty[1];

	if (*buf == NULL && len == 0)
		*buf = empty;
	return frame_check_strings(desc, *buf, len, path, path_size, why);
}

/*
 * Read a base-128 varint of at most 10 bytes. Advances *p past it; false
 * when the input ends first or the varint is longer than 64 bits allow.
 */
static bool
frame_read_varint(const uint8_t **p, const uint8_t *end, uint64_t *out)
{
	const uint8_t *q = *p;
	uint64_t v = 0;
	unsigned shift;

	for (shift = 0; shift < 64; shift += 7) {
		uint8_t b;

		if (q == end)
			return false;
		b = *q++;
		if (shift == 63 && b > 1)
			return false; /* bits past the 64th */
		v |= (uint64_t)(b & 0x7f) << shift;
		if ((b & 0x80) == 0) {
			*p = q;
			*out = v;
			return true;
		}
	}
	return false;
}

/* Walk the fields of one message, in [p, end). */
static bool
frame_walk_message(struct frame_walk *w, const ProtobufCMessageDescriptor *desc,
                   const uint8_t *p, const uint8_t *end)
{
	while (p < end) {
		const ProtobufCFieldDescriptor *field;
		uint64_t tag, n, len;
		unsigned wire;

		if (!frame_read_varint(&p, end, &tag))
			return frame_fail(w, FRAME_WHY_MALFORMED);
		wire = (unsigned)(tag & 7);
		n = tag >> 3;
		if (n == 0 || n > 0x1fffffff) /* field numbers are 1..2^29-1 */
			return frame_fail(w, FRAME_WHY_MALFORMED);
		field =
		    protobuf_c_message_descriptor_get_field(desc, (unsigned)n);
		/* Name the field in the path of any error from here on. */
		w->names[w->depth] = field != NULL ? field->name : NULL;

		switch (wire) {
		case FRAME_WIRE_VARINT:
			if (!frame_read_varint(&p, end, &n))
				return frame_fail(w, FRAME_WHY_MALFORMED);
			break;
		case FRAME_WIRE_64BIT:
			if (end - p < 8)
				return frame_fail(w, FRAME_WHY_MALFORMED);
			p += 8;
			break;
		case FRAME_WIRE_32BIT:
			if (end - p < 4)
				return frame_fail(w, FRAME_WHY_MALFORMED);
			p += 4;
			break;
		case FRAME_WIRE_LEN:
			if (!frame_read_varint(&p, end, &len) ||
			    len > (uint64_t)(end - p))
				return frame_fail(w, FRAME_WHY_MALFORMED);
			if (field != NULL &&
			    !frame_walk_field(w, field, p, (size_t)len))
				return false;
			p += len;
			break;
		default: /* 3 and 4 (groups, unsupported), 6 and 7 */
			return frame_fail(w, FRAME_WHY_MALFORMED);
		}

		/* A string or a message must come length-delimited. */
		if (field != NULL && wire != FRAME_WIRE_LEN &&
		    (field->type == PROTOBUF_C_TYPE_STRING ||
		     field->type == PROTOBUF_C_TYPE_BYTES ||
		     field->type == PROTOBUF_C_TYPE_MESSAGE))
			return frame_fail(w, FRAME_WHY_MALFORMED);
		w->names[w->depth] = NULL;
	}
	return true;
}

/* Check the length-delimited contents of a known field. */
static bool
frame_walk_field(struct frame_walk *w, const ProtobufCFieldDescriptor *field,
                 const uint8_t *data, size_t len)
{
	bool ok;

	switch (field->type) {
	case PROTOBUF_C_TYPE_STRING:
		if (memchr(data, 0, len) != NULL)
			return frame_fail(w, FRAME_WHY_NUL);
		if (!rule_utf8((const char *)data, len))
			return frame_fail(w, FRAME_WHY_UTF8);
		return true;
	case PROTOBUF_C_TYPE_MESSAGE:
		if (w->depth + 1 >= FRAME_MAX_DEPTH)
			return frame_fail(w, FRAME_WHY_MALFORMED);
		w->depth++;
		w->names[w->depth] = NULL;
		ok = frame_walk_message(w, field->descriptor, data, data + len);
		if (ok)
			w->depth--;
		return ok;
	default: /* bytes, packed repeated scalars: nothing to check */
		return true;
	}
}

/*
 * Record a failure: write the dotted path of the names in the walk (an
 * unknown field ends it) and the reason. Always returns false.
 */
static bool
frame_fail(struct frame_walk *w, const char *why)
{
	size_t i, used = 0;

	if (w->why != NULL)
		*w->why = why;
	if (w->path == NULL || w->path_size == 0)
		return false;
	w->path[0] = '\0';
	for (i = 0; i <= w->depth && w->names[i] != NULL; i++) {
		size_t n = strlen(w->names[i]);
		size_t sep = i > 0 ? 1 : 0;

		if (used + sep + n >= w->path_size)
			break; /* too long for the caller's buffer: keep a
			          prefix */
		if (sep)
			w->path[used++] = '.';
		memcpy(w->path + used, w->names[i], n);
		used += n;
		w->path[used] = '\0';
	}
	return false;
}

static void
frame_set_path(char *path, size_t path_size, const char *s)
{
	if (path == NULL || path_size == 0)
		return;
	strncpy(path, s, path_size - 1);
	path[path_size - 1] = '\0';
}
