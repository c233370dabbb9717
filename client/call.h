/*
 * call.h — what a command does with the daemon: open the link (sending
 * the offline outbox first), call it, write with a request id, and queue a
 * write that cannot be delivered in the outbox; the drain that sends what
 * the outbox holds.
 *
 * The command table and its parser (cmd.h) know nothing of this module; the
 * commands (cmd-*.c), the kinds of import and export (kind*.c) and the
 * import (import.c) call it. It works on the command's context, struct
 * cmd_ctx (cmd.h): the settings, the link it opens on first use, and the
 * command line it describes in the outbox.
 */
#ifndef ANSINH_CALL_H
#define ANSINH_CALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ansinh.h"
#include "ansinh.pb-c.h"
#include "uuid.h"

struct cmd_ctx;

/*
 * The link, opened (connect and Hello) if it is not yet. The first time,
 * what the outbox holds is sent before anything else (call_drain); with
 * wait_outbox, a process already sending it is waited for (writes must not
 * overtake queued writes). Returns the exit code, having printed why.
 */
enum ansinh_exit call_connect(struct cmd_ctx *ctx, bool wait_outbox);

/*
 * Send req on the link (connecting and saying Hello first if needed),
 * give it a fresh request_id unless it has one, and wait for the reply. The
 * reply must carry body want (or ANSINH__V1__RESPONSE__BODY__NOT_SET for
 * any). Returns ANSINH_EXIT_OK with *resp (the caller frees it with
 * ansinh__v1__response__free_unpacked), or the exit code after printing why.
 */
enum ansinh_exit call_request(struct cmd_ctx *ctx, Ansinh__V1__Request *req,
                              Ansinh__V1__Response__BodyCase want,
                              Ansinh__V1__Response **resp);

/*
 * Send a write (call_request expecting a WriteReply) and print the id it
 * answers: the id alone, or {"id":…,"ward":…} as JSON. Returns
 * ANSINH_EXIT_PROTOCOL (after a message) when the id is not 16 bytes.
 *
 * A write that cannot be delivered (no connection, dropped, timed out,
 * UNAVAILABLE, RESOURCE_EXHAUSTED, or queued writes of this token still
 * waiting before it) goes to the outbox with its request_id, durably; then
 * the record's id is printed when the request names one, and the result is
 * ANSINH_EXIT_QUEUED. A write the daemon rejects is not queued. req is not
 * changed (a request_id it lacks is given for the call only).
 */
enum ansinh_exit call_write(struct cmd_ctx *ctx, Ansinh__V1__Request *req);

/* call_write of a request made by cmd_record_request, which it frees; a
 * NULL req (its making failed, and said why) is ANSINH_EXIT_USAGE. */
enum ansinh_exit call_create(struct cmd_ctx *ctx, Ansinh__V1__Request *req);

/*
 * Put req (with its request_id) in the outbox, durably, with the identity
 * that queues it (call_identity), and say so on stderr:
 * ANSINH_EXIT_QUEUED, with the entry's number in *id; or, when the outbox
 * cannot be written, ANSINH_EXIT_UNAVAILABLE after saying why.
 */
enum ansinh_exit call_queue(struct cmd_ctx *ctx, const Ansinh__V1__Request *req,
                            uint64_t *id);

/*
 * The outbox drain: send the entries queued with this command's token, in
 * order, one at a time, on ctx's link, recording each outcome. An entry
 * is only ever sent with the token that queued it: those of another token,
 * and those without a recorded identity (queued by an earlier client),
 * are left queued, and how many and why is said on stderr. verbose reports
 * every entry sent on stdout (ansinh sync);
 * otherwise only what was sent or refused is said on stderr. Sets
 * ctx->backlog when a transient failure stopped it. Returns ANSINH_EXIT_OK,
 * or the exit code of what stopped it (printed).
 */
struct call_drain {
	size_t delivered; /* answered OK (replayed ones included) */
	size_t replayed;  /* of which the daemon had applied before */
	size_t rejected;  /* refused: kept in the outbox */
	size_t left;      /* this token's entries still queued */
	size_t others;    /* left: queued with another token */
	size_t unknown;   /* left: queued without a recorded identity */
	bool busy;        /* another process was sending: nothing done */
};
enum ansinh_exit call_drain(struct cmd_ctx *ctx, bool verbose, int wait_ms,
                            struct call_drain *res);

/*
 * The identity of the command's token, as the outbox keeps it: the token's
 * fingerprint, and its role and ward once the daemon has said them (a
 * link is open). False when there is no token to read (nothing said).
 */
struct outbox_identity;
bool call_identity(struct cmd_ctx *ctx, struct outbox_identity *who);

/* Say on stderr what call_drain left for other tokens, if anything. */
void call_left_note(size_t others, size_t unknown);

/* The id of the record a write names (the "id" field of its body, or of a
 * message in it), if any. */
bool call_record_id(const Ansinh__V1__Request *req, uint8_t out[UUID_SIZE]);

#endif
