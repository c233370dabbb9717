/*
 * checkconfig.h — `ansinhd check-config`: the settings of `serve` checked
 * without serving (checkconfig.c lists the checks and exit codes).
 */
#ifndef ANSINH_CHECKCONFIG_H
#define ANSINH_CHECKCONFIG_H

#include "daemon.h"

/* Exit codes beyond 0 (ready) and 1 (flags, addresses). */
#define CHECK_EXIT_FILES    2 /* a TLS, log or audit key file */
#define CHECK_EXIT_DATABASE 3 /* the database cannot be reached */
#define CHECK_EXIT_SCHEMA   4 /* schema missing or older than the binary */

/* Run every check, print one line each; returns the exit code.
 * audit_key_file: serve's --audit-key-file ("" for none). */
int check_config_run(const struct daemon_config *cfg,
                     const char *audit_key_file);

#endif
