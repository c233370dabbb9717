/*
 * link.h — the client's link to the daemon: a connection (conn.h) that has
 * said Hello, and the mapping of every failure (transport, protocol, daemon
 * status) to a message and an exit code. ("Session" names only the daemon's
 * side of a connection.)
 *
 * The plain functions print their message on stderr. The _quiet ones hand
 * it back instead (*why, owned by the caller, "" when there is none, lines
 * starting "ansinh: "), for callers that decide themselves what to show: the
 * outbox drain and the import pipeline.
 */
#ifndef ANSINH_LINK_H
#define ANSINH_LINK_H

#include "ansinh.h"
#include "ansinh.pb-c.h"
#include "config.h"
#include "conn.h"

struct link;

/*
 * Read the token, connect to the daemon and say Hello. On ANSINH_EXIT_OK
 * *out is the link (freed with link_free); otherwise the error has been
 * printed and the exit code is returned. cfg must outlive the link.
 */
enum ansinh_exit link_open(struct config *cfg, struct link **out);
enum ansinh_exit link_open_quiet(struct config *cfg, struct link **out,
                                 char **why);
void link_free(struct link *s);

/*
 * Send req, wait for its reply, check its status and body (want, or
 * ANSINH__V1__RESPONSE__BODY__NOT_SET for any). On ANSINH_EXIT_OK *resp is
 * the reply, freed by the caller with ansinh__v1__response__free_unpacked;
 * otherwise the error has been printed.
 */
enum ansinh_exit link_call(struct link *s, Ansinh__V1__Request *req,
                           Ansinh__V1__Response__BodyCase want,
                           Ansinh__V1__Response **resp);
enum ansinh_exit link_call_quiet(struct link *s, Ansinh__V1__Request *req,
                                 Ansinh__V1__Response__BodyCase want,
                                 Ansinh__V1__Response **resp, char **why);

/*
 * For callers that drive the connection themselves (pipelining): the exit
 * code and message of a conn failure (cause is freed), and of a reply
 * (its status, and its body when want is set; resp is not freed).
 */
enum ansinh_exit link_result(const struct link *s, enum conn_result r,
                             char *cause, char **why);
enum ansinh_exit link_reply(const struct link *s,
                            const Ansinh__V1__Response *resp,
                            Ansinh__V1__Response__BodyCase want, char **why);

/*
 * A non-OK status as one line for a report: "NOT_FOUND: household 'AK-9'
 * was not found in ward AK", violations appended as "(field: reason; …)".
 * Control characters become '?'. Owned by the caller.
 */
char *link_status_text(const Ansinh__V1__Status *st);

/* The link's connection, for pipelining (conn_send / conn_receive). */
struct conn *link_conn(struct link *s);

/* The link's ward ("" unless the token is a ward token) and role. */
const char *link_ward(const struct link *s);
Ansinh__V1__Role link_role(const struct link *s);

#endif
