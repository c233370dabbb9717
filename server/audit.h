/*
 * audit.h — the tamper-evident audit trail (migration 0001_baseline).
 *
 *   ansinhd audit seal [--status]      seal the audit events not sealed yet
 *   ansinhd audit verify [--anchor …] [--audit-key-file F]
 *                                      recompute the chain, compare records,
 *                                      recompute the writes' MACs
 *
 * Both are administrative commands: they run once and exit, with libpq's
 * blocking API (like migrate.c). The serving daemon seals through its
 * asynchronous pool instead (audit_sealer_*), never blocking its loop.
 */
#ifndef ANSINH_AUDIT_H
#define ANSINH_AUDIT_H

#include <stdbool.h>
#include <stdio.h>

#include <event2/event.h>
#include <libpq-fe.h>

#include "db.h"

/* Exit codes of `ansinhd audit …`. */
enum audit_exit {
	AUDIT_EXIT_OK = 0,       /* intact (verify), done (seal) */
	AUDIT_EXIT_ERROR = 1,    /* bad flag, cannot connect, SQL error */
	AUDIT_EXIT_TAMPERED = 3, /* verify found tampering */
};

/* Events one seal takes at most; more are left to the next seal. */
#define AUDIT_SEAL_MAX_EVENTS 10000

/* `ansinhd audit seal`: seal until nothing is left (status_only: print the
 * state of the chain instead). Returns an enum audit_exit. */
int audit_seal_run(const char *conninfo, bool status_only);

struct audit_keys;

/* `ansinhd audit verify`. anchor is NULL or "SEAL_ID:HEX_HASH"; keys NULL:
 * MACs unchecked. */
int audit_verify_run(const char *conninfo, const char *anchor,
                     const struct audit_keys *keys);

/* ------------------------------------------------------- verify internals */

/* What verify found; every problem is printed as it is found. */
struct audit_report {
	FILE *out;
	unsigned long problems;
	char first[512]; /* the first problem, for the summary */
};

void audit_problem(struct audit_report *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Check the chain of seals (audit_verify.c). false on an SQL error. */
bool audit_verify_chain(PGconn *pg, struct audit_report *r, const char *anchor);
/* Compare every audited table's rows with their last audited row_data
 * (audit_records.c). false on an SQL error. */
bool audit_verify_records(PGconn *pg, struct audit_report *r);
/* Recompute each write's MAC, and check each event against its request's
 * (audit_macs.c; keys NULL: report them unchecked). false on an SQL
 * error. */
bool audit_verify_macs(PGconn *pg, struct audit_report *r,
                       const struct audit_keys *keys);

/* ------------------------------------------------------- the daemon's sealer
 */

struct audit_sealer;

/*
 * Every interval_s seconds (0: never), submit one seal job to the pool
 * unless one is still running or no database connection is up. A seal that
 * left events over is followed at once by another. idle(arg) is called each
 * time a seal job finishes (the daemon checks whether it may exit).
 */
struct audit_sealer *audit_sealer_new(struct event_base *base,
                                      struct db_pool *pool, long interval_s,
                                      void (*idle)(void *arg), void *arg);
/* No more seals (draining); a seal in flight still finishes. */
void audit_sealer_stop(struct audit_sealer *s);
/* What this daemon's sealer did: seals made, events they hold, and ticks
 * that found another sealer at work or nothing to seal (for /metrics). */
struct audit_sealer_counts {
	uint64_t seals;
	uint64_t events;
	uint64_t empty;
};
void audit_sealer_counts(const struct audit_sealer *s,
                         struct audit_sealer_counts *out);
/* Stop and free. A seal still in flight frees it when the pool fails or
 * finishes that job (call this before db_pool_free). */
void audit_sealer_free(struct audit_sealer *s);

#endif
