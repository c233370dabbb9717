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

/* List sizes of the read requests. */
#define POVERTY_LIST_DEFAULT 1000
#define POVERTY_LIST_MAX 10000

/*
 * A household named by id (16 bytes) or, without one, by code: add a
 * violation "<prefix>.household_id" or "<prefix>.household_code" when
 * neither is usable ("household_id" alone when prefix is ""). Returns true
 * when it is.
 */
bool pov_check_household(struct violations *v, const char *prefix,
                         ProtobufCBinaryData id, const char *code);
/* The two SQL parameters of such a reference: the id as text (or NULL),
 * the code (or NULL when an id is given or the code is empty). */
void pov_param_household(struct db_job *job, ProtobufCBinaryData id,
                         const char *code);
/* A 16-byte id as a text parameter (NULL when not 16 bytes). */
void pov_param_id(struct db_job *job, ProtobufCBinaryData id);
/* "" -> NULL. */
const char *pov_opt(const char *s);
/* A required record id: violation "<field>" unless 16 bytes, not nil. */
void pov_check_id(struct violations *v, const char *field,
                  ProtobufCBinaryData id);
/* Optional text: checked only when not empty. */
void pov_check_text(struct violations *v, const char *field, const char *s,
                    size_t max, bool multiline);

/* Row helpers: the value, or "" for NULL (PQgetvalue's behaviour), as the
 * char * protobuf-c wants; the row's text owned by res. */
char *pov_text(const PGresult *res, int row, int col);
int64_t pov_int(const PGresult *res, int row, int col);
/* A uuid column into out (16 bytes) and *bin; *bin empty when NULL. */
void pov_uuid(const PGresult *res, int row, int col, uint8_t out[UUID_SIZE],
              ProtobufCBinaryData *bin);
/* A name-table word column ("near-poor") as its enum value, 0 if unknown. */
int pov_word(const PGresult *res, int row, int col, int (*parse)(const char *));

/* n (+1, so never 0) zeroed elements; aborts on failure, as the other
 * handlers do. Freed with free(). */
void *pov_calloc(size_t n, size_t size);

#endif
