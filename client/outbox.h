/*
 * outbox.h — the durable local queue of writes that could not be delivered.
 *
 * One file, $ANSINH_OUTBOX, else $XDG_STATE_HOME/ansinh/outbox, else
 * ~/.local/state/ansinh/outbox, only ever appended to (and rewritten whole,
 * atomically, when compacted). It is a sequence of records:
 *
 *   bytes 0-1   "AO" (magic)
 *   byte  2     format version of the record: 2 (written), or 1 (read)
 *   byte  3     record type: 1 entry, 2 state, 3 sequence, 4 claim
 *   bytes 4-7   payload length, unsigned big-endian
 *   bytes 8-11  CRC-32C of bytes 0-7 and of the payload, big-endian
 *   payload
 *
 * entry:    u64 id, i64 queued_at (Unix seconds), 16-byte request_id,
 *           u8 has_record_id, 16-byte record_id, [version 2: the identity
 *           that queued it], u16 length + the command as the officer typed
 *           it, u32 length + the packed Request
 * state:    u64 id, u8 state (1 delivered, 2 rejected, 3 dropped),
 *           i32 status code, u16 length + the daemon's reason
 * sequence: u64 the next entry id (written by compaction)
 * claim:    u64 id, the identity (version 2 only): an entry of version 1,
 *           which has none, taken by a token (ansinh outbox claim)
 * identity: u8 known (0: none recorded), 16-byte fingerprint of the token
 *           (the first 16 bytes of SHA-256("ansinh outbox token\n" token):
 *           never the token), u8 role (0 unknown, else the protocol's
 *           Role), u16 length + the ward code ("" unless known)
 *
 * A version 1 file (entries without identity) is read as it is; new records
 * are version 2, and compaction rewrites every record as version 2, keeping
 * a version 1 entry without identity. An entry is only ever sent with the
 * token that queued it: one without identity is not sent until claimed. A
 * client that knows only version 1 reads version 2 records as damage and
 * changes nothing.
 *
 * Integers are big-endian. Every append is followed by fsync(2) of the file,
 * and of its directory when the file was created, before the command says
 * "queued". A record cut short by a crash (a torn tail) fails its length or
 * CRC check, is ignored by readers and cut off by the next writer; a bad
 * record with good records after it is damage, reported and never "repaired".
 *
 * Two lock files beside it serialize processes: "<outbox>.lock" (flock,
 * exclusive) is held while a process reads or changes the file, briefly;
 * "<outbox>.send" is held by the one process that is sending queued entries
 * (ansinh sync, or the drain before another command), so two processes never
 * send the same entry at once. The lock files hold nothing: an outbox copied
 * without them reads the same (a missing lock file is made again).
 */
#ifndef ANSINH_OUTBOX_H
#define ANSINH_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uuid.h"

/* Test only: seconds to sleep in the middle of writing an entry, so that a
 * test can kill the process there (tests/integration/outbox.t). */
#define OUTBOX_TEST_PAUSE_ENV "ANSINH_TEST_OUTBOX_PAUSE"

enum outbox_state {
	OUTBOX_QUEUED = 0,    /* waiting to be sent */
	OUTBOX_DELIVERED = 1, /* the daemon answered OK: gone */
	OUTBOX_REJECTED = 2,  /* the daemon refused it: kept until dropped */
	OUTBOX_DROPPED = 3,   /* dropped by the officer: gone */
};

/* Bytes of a token's fingerprint. */
#define OUTBOX_FINGERPRINT 16

/* Who queued an entry. */
struct outbox_identity {
	bool known; /* false: none recorded (an entry of format 1) */
	uint8_t token[OUTBOX_FINGERPRINT]; /* the token's fingerprint */
	int role;     /* Ansinh__V1__Role, 0 when the daemon had not said */
	char ward[8]; /* the token's ward, "" when none or not known */
};

struct outbox_entry {
	uint64_t id;       /* 1, 2, 3, ...: never reused */
	int64_t queued_at; /* Unix seconds */
	uint8_t request_id[UUID_SIZE];
	uint8_t record_id[UUID_SIZE];
	bool has_record_id;
	struct outbox_identity who; /* who queued it */
	char *what;                 /* e.g. "household add --code AK-1" */
	uint8_t *request;           /* the packed Request */
	size_t request_len;
	enum outbox_state state; /* QUEUED or REJECTED */
	int code;                /* REJECTED: the status code */
	char *reason;            /* REJECTED: the daemon's words */
};

struct outbox;

/* The outbox's path (see above), owned by the caller; NULL with *cause
 * (owned) when there is no HOME to put it in. */
char *outbox_path(char **cause);

/*
 * Lock and read the outbox at path. With create, the directory (mode 0700)
 * and the lock file are made when missing; without it, a missing outbox
 * reads as empty and cannot be written. Returns false with *cause (owned)
 * on an I/O error. A damaged file opens (its readable entries are listed)
 * but refuses every change; outbox_warning says why.
 */
bool outbox_open(const char *path, bool create, struct outbox **out,
                 char **cause) __attribute__((warn_unused_result));
/* Unlock and free. */
void outbox_close(struct outbox *ob);

/* Something the reader noticed and the user should know (a torn tail
 * ignored, damage), or NULL. */
const char *outbox_warning(const struct outbox *ob);

/* The live entries (queued and rejected), oldest first. */
size_t outbox_count(const struct outbox *ob);
const struct outbox_entry *outbox_entry(const struct outbox *ob, size_t i);
const struct outbox_entry *outbox_find(const struct outbox *ob, uint64_t id);
/* Queued entries only. */
size_t outbox_queued(const struct outbox *ob);
/* The queued entries by who queued them: with the identity who (NULL: no
 * token), with another one, with none recorded. */
struct outbox_queued {
	size_t mine;
	size_t others;
	size_t unknown;
};
void outbox_queued_by(const struct outbox *ob,
                      const struct outbox_identity *who,
                      struct outbox_queued *out);

/*
 * Append an entry and make it durable. request is the packed Request (its
 * request_id inside is the one given); record_id may be NULL; who is the
 * identity that queues it. *id is the entry's number.
 */
bool outbox_append(struct outbox *ob, const uint8_t request_id[UUID_SIZE],
                   const uint8_t *record_id, const struct outbox_identity *who,
                   const char *what, const uint8_t *request, size_t request_len,
                   uint64_t *id, char **cause)
    __attribute__((warn_unused_result));

/* Give entry id, which has no identity recorded, the identity who,
 * durably. Refused (false with *cause) when it has one. */
bool outbox_claim(struct outbox *ob, uint64_t id,
                  const struct outbox_identity *who, char **cause)
    __attribute__((warn_unused_result));

/* Whether an entry queued by a may be sent by b: both known, the same
 * token. */
bool outbox_same_identity(const struct outbox_identity *a,
                          const struct outbox_identity *b);

/* Record what became of entry id (DELIVERED, REJECTED with code and
 * reason, or DROPPED), durably. */
bool outbox_mark(struct outbox *ob, uint64_t id, enum outbox_state state,
                 int code, const char *reason, char **cause)
    __attribute__((warn_unused_result));

/* Rewrite the file without what is gone, when that is worth it (atomic:
 * a new file, fsync, rename, fsync of the directory). */
bool outbox_compact(struct outbox *ob, char **cause)
    __attribute__((warn_unused_result));

/*
 * The sender's lock, "<path>.send": 1 when taken (*fd to pass to
 * outbox_send_unlock), 0 when another process holds it for longer than
 * wait_ms, -1 with *cause on an error.
 */
int outbox_send_lock(const char *path, int wait_ms, int *fd, char **cause);
void outbox_send_unlock(int fd);

/* CRC-32C (Castagnoli) of len bytes, continuing from crc (0 to start). */
uint32_t outbox_crc32c(uint32_t crc, const void *data, size_t len);

#endif
