/*
 * ids.h — deterministic ids for import: the same row always gets the same
 * record id and the same request id, whichever run sends it; and the
 * fingerprint of a token that the outbox keeps.
 *
 * An id is a UUIDv8 (RFC 9562 §5.8, "custom"): the first 16 bytes of the
 * SHA-256 of a name, with the version nibble set to 8 (byte 6 = 0x8X) and the
 * variant bits to 10 (byte 8 = 0b10XXXXXX). v8 rather than a v7 look-alike:
 * a derived id carries no timestamp, and it says so.
 *
 * The names (documented in README.md, "Import identity"):
 *   record id:  "ansinh:<record>:<WARD>:<natural key>"
 *               e.g. "ansinh:household:AK:AK-001"; for any record but a
 *               household, bytes 0-7 are then replaced by the ward's tag,
 *               the first 8 bytes of SHA-256("ansinh:<record>:<WARD>")
 *               (version nibble set again), so that the daemon can check
 *               that a derived id was derived in the ward of the record
 *               that carries it without knowing the natural key
 *               (sql/migrations/0014; a household's id it recomputes from
 *               ward and code, 0013)
 *   request id: "ansinh:request:" followed by the packed Request (seq 0, no
 *               request id) — so it follows the record id and every value
 *               the row sends.
 */
#ifndef ANSINH_IDS_H
#define ANSINH_IDS_H

#include <stddef.h>
#include <stdint.h>

#include "uuid.h"

/* out = UUIDv8 of SHA-256(prefix || data[0..len)). prefix is a C string. */
void ids_derive(const char *prefix, const void *data, size_t len,
                uint8_t out[UUID_SIZE]);

/* The record id of a natural key: ids_derive("ansinh:<record>:<ward>:",
 * key), and for a record other than "household" its first 8 bytes the
 * ward's tag (ids_ward_tag) with the version nibble. key is a C string. */
void ids_record(const char *record, const char *ward, const char *key,
                uint8_t out[UUID_SIZE]);

/* The ward's tag of a record kind: the first 8 bytes of
 * SHA-256("ansinh:<record>:<ward>"). A derived id of that kind and ward
 * starts with it (byte 6's high nibble being the version, 8). */
#define IDS_WARD_TAG 8
void ids_ward_tag(const char *record, const char *ward,
                  uint8_t out[IDS_WARD_TAG]);

/* The fingerprint of a token, as the outbox keeps it beside each entry it
 * queues (never the token itself): the first 16 bytes of
 * SHA-256("ansinh outbox token\n" || token). */
#define IDS_FINGERPRINT 16
void ids_token_fingerprint(const char *token, uint8_t out[IDS_FINGERPRINT]);

#endif
