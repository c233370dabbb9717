/*
 * legacy.h — the request helpers of the handlers not yet moved to the
 * operation table (op.h). Goes when the last one has moved.
 */
#ifndef ANSINH_LEGACY_H
#define ANSINH_LEGACY_H

#include "request.h"

bool request_ward(struct request *req, const char *asked, bool required,
                  const char **ward);
bool request_may_write(struct request *req);
void request_write_done(struct db_job *job, const PGresult *res,
                        const struct db_error *err, void *arg);
const char *request_opt(const char *s);
void request_param_id(struct db_job *job, ProtobufCBinaryData id);
void request_param_household(struct db_job *job, ProtobufCBinaryData id,
                             const char *code);
void request_param_int_or_null(struct db_job *job, long long v);
bool request_uuid_bytes(const char *text, uint8_t out[UUID_SIZE]);
void request_row_uuid(ProtobufCBinaryData *out, uint8_t buf[UUID_SIZE],
                      const PGresult *res, int row, int col);
long long request_row_int(const PGresult *res, int row, int col);
bool request_bool(const PGresult *res, int row, int col);
void *request_calloc(size_t n, size_t size);

#endif
