/*
 * session.h — a connection that has said Hello, and the mapping of every
 * failure (transport, protocol, daemon status) to a message on stderr and an
 * exit code.
 */
#ifndef ANSINH_SESSION_H
#define ANSINH_SESSION_H

#include "ansinh.h"
#include "ansinh.pb-c.h"
#include "config.h"

struct session;

/*
 * Read the token, connect to the daemon and say Hello. On ANSINH_EXIT_OK
 * *out is the session (freed with session_free); otherwise the error has
 * been printed and the exit code is returned. cfg must outlive the session.
 */
enum ansinh_exit session_open(struct config *cfg, struct session **out);
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

/* The session's ward ("" unless the token is a ward token). */
const char *session_ward(const struct session *s);

#endif
