/*
 * admit.h — taking an accepted connection in, within the limits before
 * authentication (see session.h and README "Limits").
 */
#ifndef ANSINH_ADMIT_H
#define ANSINH_ADMIT_H

#include <sys/socket.h>

#include <event2/util.h>

struct daemon;
struct session;

/* Take over an accepted socket: make room for it, refuse it if it must be
 * (said once its transport is up), and start it — plaintext, or on the TLS
 * port once its first byte says TLS. */
void admit_accept(struct daemon *d, evutil_socket_t fd,
                  const struct sockaddr *sa, int salen);

/* The TLS handshake of s failed: log why (rate-limited), and close once
 * the client has read OpenSSL's alert. */
void admit_tls_failed(struct session *s);

#endif
