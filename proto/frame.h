/*
 * frame.h — the wire framing shared by ansinhd and ansinh.
 *
 * A frame is a 4-byte unsigned big-endian length followed by that many bytes
 * of one protobuf message. Everything here is a pure function on bytes: no
 * sockets, no global state, so it is unit-tested and fuzzed directly.
 */
#ifndef ANSINH_FRAME_H
#define ANSINH_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ansinh.pb-c.h"

#define FRAME_HEADER_SIZE 4
#define FRAME_DEFAULT_MAX (1024u * 1024u) /* 1 MiB */

enum frame_result {
	FRAME_OK,        /* a whole frame is in the buffer */
	FRAME_NEED_MORE, /* not yet: header or payload incomplete */
	FRAME_TOO_LARGE, /* the announced length exceeds the limit */
	FRAME_EMPTY,     /* the announced length is zero (never valid) */
};

/*
 * Look at the first len bytes of buf. On FRAME_OK, *payload_len is the
 * length of the payload, which starts at buf + FRAME_HEADER_SIZE. On
 * FRAME_TOO_LARGE and FRAME_NEED_MORE (once the header is complete)
 * *payload_len is the announced length. max is the payload limit.
 */
enum frame_result frame_peek(const uint8_t *buf, size_t len, size_t max,
                             size_t *payload_len);

/* Write the 4-byte header for a payload of len bytes. */
void frame_put_header(uint8_t out[FRAME_HEADER_SIZE], uint32_t len);

/*
 * Pack msg into a new frame (header + payload). Returns a malloc'd buffer the
 * caller frees, and its total size in *out_len; NULL on allocation failure or
 * when the message would exceed max bytes of payload.
 */
uint8_t *frame_pack(const ProtobufCMessage *msg, size_t max, size_t *out_len)
    __attribute__((warn_unused_result));

/*
 * Check every string field of a serialized message of type desc, recursively
 * through sub-messages: it must be valid UTF-8 and hold no NUL byte
 * (protobuf-c would silently cut a string at an embedded NUL). Also rejects
 * malformed wire data. On failure returns false and writes the dotted field
 * path (e.g. "household_create.household.head_name") into path and a reason
 * ("invalid UTF-8", "contains a NUL byte", "malformed message") into *why.
 */
bool frame_check_strings(const ProtobufCMessageDescriptor *desc,
                         const uint8_t *buf, size_t len, char *path,
                         size_t path_size, const char **why);

/*
 * Decode a Request payload: frame_check_strings, then unpack. Returns NULL and
 * sets path/why on failure. The result is freed with
 * ansinh__v1__request__free_unpacked(r, NULL).
 */
Ansinh__V1__Request *frame_decode_request(const uint8_t *buf, size_t len,
                                          char *path, size_t path_size,
                                          const char **why);

/* The same for a Response payload (used by the client). */
Ansinh__V1__Response *frame_decode_response(const uint8_t *buf, size_t len,
                                            char *path, size_t path_size,
                                            const char **why);

#endif
