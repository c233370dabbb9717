/*
 * poverty.h — what the handlers of the poverty family share (h_standard.c,
 * h_assess.c, h_review.c, h_casefile.c): naming a household in a request,
 * passing optional values to SQL, and reading the rows back.
 */
#ifndef ANSINH_POVERTY_H
#define ANSINH_POVERTY_H

#include <stdbool.h>
#include <stdint.h>

#include "request.h"

/* Shared with every handler family (request.h): request_check_id,
 * request_check_household, request_opt, request_param_id,
 * request_param_household, request_row_uuid, request_row_int,
 * request_calloc. */

/* List sizes of the read requests. */
#define POVERTY_LIST_DEFAULT 1000
#define POVERTY_LIST_MAX     10000

/* Optional text: checked only when not empty. */
void pov_check_text(struct violations *v, const char *field, const char *s,
                    size_t max, bool multiline);

/* Row helper: a name-table word column ("near-poor") as its enum value, 0 if
 * unknown. */
int pov_word(const PGresult *res, int row, int col, int (*parse)(const char *));

#endif
