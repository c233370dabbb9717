/*
 * progress.h — a one-line progress bar on stderr for long commands (import):
 * rows done, rows per second and, when the input's size is known, the share
 * read and the time left. Shown only when stderr is a terminal; on a pipe or
 * a file nothing at all is written.
 */
#ifndef ANSINH_PROGRESS_H
#define ANSINH_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct progress;

/* A bar on out, shown when out is a terminal (and TERM is not "dumb").
 * total_bytes is the input's size, 0 when unknown. */
struct progress *progress_new(FILE *out, unsigned long long total_bytes);
/* Erase the bar and free. */
void progress_free(struct progress *p);

bool progress_shown(const struct progress *p);

/* Redraw with these counts, at most ten times a second. */
void progress_update(struct progress *p, unsigned long long rows,
                     unsigned long long bytes);

/* Erase the bar, so that a message can be printed; the next update draws
 * it again. */
void progress_clear(struct progress *p);

/*
 * The bar's text, without control characters:
 *   "12,345 rows  1,234 rows/s  45%  ETA 0:07"
 * (share and ETA only when total is known, ETA once a second has passed).
 * Pure, for the unit test.
 */
void progress_format(char *buf, size_t size, unsigned long long rows,
                     unsigned long long bytes, unsigned long long total,
                     double elapsed);

#endif
