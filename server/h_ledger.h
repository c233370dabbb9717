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
#define LEDGER_LIST_MAX     10000

/* A date given as text: empty is fine (not given); past: not after today. */
void ledger_check_date(struct violations *v, const char *s, const char *field,
                       bool past);

/* A list limit: 0 is the default; at most LEDGER_LIST_MAX. Returns the
 * limit to use. */
uint32_t ledger_check_limit(struct violations *v, uint32_t limit);

#endif
