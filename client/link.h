/*
 * session.h — a connection that has said Hello, and the mapping of every
 * failure (transport, protocol, daemon status) to a message and an exit
 * code.
 *
 * The plain functions print their message on stderr. The _quiet ones hand
 * it back instead (*why, owned by the caller, "" when there is none, lines
 * starting "ansinh: "), for callers that decide themselves what to show: the
 * outbox drain and the import pipeline.
 */
#ifndef ANSINH_SESSION_H
#define ANSINH_SESSION_H

#include "ansinh.h"
#include "ansinh.pb-c.h"
#include "config.h"
#include "conn.h"

struct session;

/*
 * Read the token, connect to the daemon and say Hello. On ANSINH_EXIT_OK
 * *out is the session (freed with session_free); otherwise the error has
 * been printed and the exit code is returned. cfg must outlive the session.
 */
enum ansinh_exit session_open(struct config *cfg, struct session **out);
enum ansinh_exit session_open_quiet(struct config *cfg, struct session **out,
                                    char **why);
void session_free(struct session *s);

/*
 * Send req, wait for its reply, check its status and body (want, or
 * ANSINH__V1__RESPONSE__BODY__NOT_SET for any). On ANSINH_EXIT_OK *resp is
 * the reply, freed by the caller with ansinh__v1__response__free_unpacked;
 * otherwise the error has been printed.
 */
enum ansinh_exit session_call(struct session *s, Ansinh__V1__Request *req,
                              Ansinh__V1__Response__BodyCase want,
                              Ansinh__V1__Response **resp);
enum ansinh_exit session_call_quiet(struct session *s, Ansinh__V1__Request *req,
                                    Ansinh__V1__Response__BodyCase want,
                                    Ansinh__V1__Response **resp, char **why);

/*
 * For callers that drive the connection themselves (pipelining): the exit
 * code and message of a conn failure (cause is freed), and of a reply
 * (its status, and its body when want is set; resp is not freed).
 */
enum ansinh_exit session_result(const struct session *s, enum conn_result r,
                                char *cause, char **why);
enum ansinh_exit session_reply(const struct session *s,
                               const Ansinh__V1__Response *resp,
                               Ansinh__V1__Response__BodyCase want, char **why);

/*
 * A non-OK status as one line for a report: "NOT_FOUND: household 'AK-9'
 * was not found in ward AK", violations appended as "(field: reason; …)".
 * Control characters become '?'. Owned by the caller.
 */
char *session_status_text(const Ansinh__V1__Status *st);

/* The session's connection, for pipelining (conn_send / conn_receive). */
struct conn *session_conn(struct session *s);

/* The session's ward ("" unless the token is a ward token) and role. */
const char *session_ward(const struct session *s);
Ansinh__V1__Role session_role(const struct session *s);

#endif
