/*
 * admin.h — the administrative subcommands (`migrate`, `token …`), which run
 * once and exit, and may therefore use libpq's blocking API.
 */
#ifndef ANSINH_ADMIN_H
#define ANSINH_ADMIN_H

#include <stdbool.h>

#include <libpq-fe.h>

/* Connect (conninfo "" = the PG* variables). Prints the error prefixed with
 * who and returns NULL on failure; the caller PQfinish()es. */
PGconn *admin_connect(const char *conninfo, const char *who);

/* `ansinhd token create|list|revoke`; each returns the exit code. */
int token_create(const char *conninfo, const char *role, const char *ward,
                 const char *name);
int token_list(const char *conninfo);
int token_revoke(const char *conninfo, const char *id);

#endif
