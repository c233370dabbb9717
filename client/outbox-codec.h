/*
 * outbox-codec.h — the outbox file's records as bytes (see outbox.h for
 * the format): framing with length and CRC-32C, the scan that finds where
 * the good records end and whether what follows is a torn tail, and the
 * payloads of the three record types. No files here: outbox.c does the I/O.
 */
#ifndef ANSINH_OUTBOX_CODEC_H
#define ANSINH_OUTBOX_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "outbox.h"

#define OUTBOX_HEADER 12
/* The format version written; versions from OUTBOX_VERSION_MIN are read. */
#define OUTBOX_VERSION     2
#define OUTBOX_VERSION_MIN 1
#define OUTBOX_MAX_PAYLOAD (16u * 1024u * 1024u)
#define OUTBOX_MAX_TEXT    65535u

enum outbox_type {
	OUTBOX_T_ENTRY = 1,
	OUTBOX_T_STATE = 2,
	OUTBOX_T_SEQ = 3,
	OUTBOX_T_CLAIM = 4,
};

/* A growing byte buffer; p is owned (free it), len bytes used. */
struct outbox_buf {
	uint8_t *p;
	size_t len;
	size_t cap;
};

/* Append one record: the 12-byte header, then payload. */
void outbox_encode_record(struct outbox_buf *out, uint8_t type,
                          const struct outbox_buf *payload);
/* The payloads (of the version written). */
void outbox_encode_entry(struct outbox_buf *b, const struct outbox_entry *e);
void outbox_encode_claim(struct outbox_buf *b, uint64_t id,
                         const struct outbox_identity *who);
void outbox_encode_state(struct outbox_buf *b, uint64_t id,
                         enum outbox_state state, int code, const char *reason);
void outbox_encode_seq(struct outbox_buf *b, uint64_t next_id);

/* Decode a payload of a record of version version; false when it makes no
 * sense. An entry's strings and request (and a state's reason) are
 * allocated: the caller frees them. */
bool outbox_decode_entry(const uint8_t *p, size_t len, int version,
                         struct outbox_entry *e);
bool outbox_decode_claim(const uint8_t *p, size_t len, uint64_t *id,
                         struct outbox_identity *who);
bool outbox_decode_state(const uint8_t *p, size_t len, uint64_t *id, int *state,
                         int *code, char **reason);
bool outbox_decode_seq(const uint8_t *p, size_t len, uint64_t *next_id);

/* Called for each good record (its format version, type and payload);
 * false stops the scan (the record counts as damage). */
typedef bool (*outbox_record_fn)(void *arg, int version, uint8_t type,
                                 const uint8_t *p, size_t len);

/*
 * Hand each good record of data to fn; *valid is the length of the good
 * prefix. Returns true when whatever follows it is a torn tail (one record
 * cut short, a header cut short, or zeros), false when it is damage.
 */
bool outbox_scan(const uint8_t *data, size_t len, outbox_record_fn fn,
                 void *arg, size_t *valid);

#endif
