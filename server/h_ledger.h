/*
 * h_ledger.h — what the ledger's handlers share (h_reference.c, h_need.c,
 * h_support.c, h_dialogue.c): checks of ids, household references, dates
 * and limits, and turning them into job parameters and reply fields.
 */
#ifndef ANSINH_H_LEDGER_H
#define ANSINH_H_LEDGER_H

#include <stdbool.h>
#include <stdint.h>

#include "dispatch.h"

#define LEDGER_LIST_DEFAULT 1000
#define LEDGER_LIST_MAX 10000

/* "" -> NULL, for optional text parameters. */
const char *ledger_opt(const char *s);

/* A record id on the wire: 16 bytes and not the nil UUID. An empty one is
 * a violation only when required. Returns true when the id is present and
 * valid. */
bool ledger_check_id(struct violations *v, ProtobufCBinaryData id,
                     const char *field, bool required);

/* A household named by id or by code: one of the two must be given (when
 * required) and be valid. prefix: "need" gives "need.household_id" and
 * "need.household_code". */
void ledger_check_household(struct violations *v, const char *prefix,
                            ProtobufCBinaryData id, const char *code,
                            bool required);

/* A date given as text: empty is fine (not given); past: not after today. */
void ledger_check_date(struct violations *v, const char *s, const char *field,
                       bool past);

/* A list limit: 0 is the default; at most LEDGER_LIST_MAX. Returns the
 * limit to use. */
uint32_t ledger_check_limit(struct violations *v, uint32_t limit);

/* Job parameters: a 16-byte id as UUID text, anything else as NULL; a
 * household as two parameters ($n::uuid id, $n+1 code), the code only when
 * no id is given. */
void ledger_param_id(struct db_job *job, ProtobufCBinaryData id);
void ledger_param_household(struct db_job *job, ProtobufCBinaryData id,
                            const char *code);

/* Reply fields: a UUID column into 16 bytes at buf (left empty when NULL or
 * not a UUID); text columns are PGresult's own strings, valid until the
 * callback returns. */
void ledger_id(ProtobufCBinaryData *out, uint8_t buf[UUID_SIZE],
               const PGresult *res, int row, int col);
char *ledger_text(const PGresult *res, int row, int col);
long long ledger_int(const PGresult *res, int row, int col);

/* calloc that aborts on exhaustion (n may be 0). */
void *ledger_calloc(size_t n, size_t size);

#endif
