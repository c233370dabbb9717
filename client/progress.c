/*
 * progress.c — the progress bar (see progress.h).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "progress.h"
#include "render.h"
#include "xmalloc.h"

struct progress {
	FILE *out;
	bool shown; /* a terminal: draw */
	bool drawn; /* a bar is on the line now */
	unsigned long long total;
	double start;
	double last; /* when it was last drawn */
};

static double progress_now(void);

struct progress *
progress_new(FILE *out, unsigned long long total_bytes)
{
	struct progress *p;
	const char *term = getenv("TERM");

	p = xcalloc(1, sizeof *p);
	p->out = out;
	p->shown =
	    isatty(fileno(out)) && !(term != NULL && strcmp(term, "dumb") == 0);
	p->total = total_bytes;
	p->start = progress_now();
	p->last = 0;
	return p;
}

void
progress_free(struct progress *p)
{
	if (p == NULL)
		return;
	progress_clear(p);
	free(p);
}

bool
progress_shown(const struct progress *p)
{
	return p->shown;
}

void
progress_update(struct progress *p, unsigned long long rows,
                unsigned long long bytes)
{
	char line[160];
	double now;

	if (!p->shown)
		return;
	now = progress_now();
	if (p->drawn && now - p->last < 0.1)
		return;
	p->last = now;
	progress_format(line, sizeof line, rows, bytes, p->total,
	                now - p->start);
	fprintf(p->out, "\r%s\033[K", line);
	fflush(p->out);
	p->drawn = true;
}

void
progress_clear(struct progress *p)
{
	if (!p->drawn)
		return;
	fputs("\r\033[K", p->out);
	fflush(p->out);
	p->drawn = false;
}

void
progress_format(char *buf, size_t size, unsigned long long rows,
                unsigned long long bytes, unsigned long long total,
                double elapsed)
{
	char n[32], rate[32];
	unsigned long long eta;
	double share;
	int len;

	render_thousands(n, sizeof n, (long long)rows);
	render_thousands(rate, sizeof rate,
	                 elapsed > 0 ? (long long)((double)rows / elapsed + 0.5)
	                             : 0);
	len = snprintf(buf, size, "%s rows  %s rows/s", n, rate);
	if (len < 0 || (size_t)len >= size || total == 0)
		return;
	if (bytes > total)
		bytes = total;
	share = (double)bytes / (double)total;
	len += snprintf(buf + len, size - (size_t)len, "  %d%%",
	                (int)(share * 100));
	if ((size_t)len >= size || elapsed < 1 || bytes == 0)
		return;
	eta = (unsigned long long)(elapsed * (double)(total - bytes) /
	                               (double)bytes +
	                           0.5);
	if (eta >= 3600)
		snprintf(buf + len, size - (size_t)len,
		         "  ETA %llu:%02llu:%02llu", eta / 3600, eta / 60 % 60,
		         eta % 60);
	else
		snprintf(buf + len, size - (size_t)len, "  ETA %llu:%02llu",
		         eta / 60, eta % 60);
}

/* ---------------------------------------------------------------- helpers */

static double
progress_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
