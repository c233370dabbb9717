/*
 * migrations.h — the schema migrations embedded at build time from
 * sql/migrations (see embed-migrations.sh), and the runner behind
 * `ansinhd migrate`.
 */
#ifndef ANSINH_MIGRATIONS_H
#define ANSINH_MIGRATIONS_H

#include <stdbool.h>
#include <stddef.h>

struct migration {
	int version;
	const char *name; /* file name without .sql */
	const char *sql;
};

extern const struct migration migrations[];
extern const size_t migrations_count;

/* The highest embedded version: the schema this build expects. */
int migrations_latest(void);

/*
 * Apply what is pending, each file in its own transaction, recording its
 * SHA-256. Refuses (exit code 1) when an applied file was changed or the
 * database holds a version this build does not know. With status_only, only
 * prints the state of every migration. Returns the process exit code.
 */
int migrate_run(const char *conninfo, bool status_only);

#endif
