/*
 * log.c — logfmt lines on stderr, one write(2) per line; with --log-file
 * stderr is that file, opened again on SIGHUP.
 */
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

enum log_level log_current_level = LOG_INFO;

static const char *const log_names[] = {"error", "warn", "info", "debug"};

/* The --log-file path, or NULL: log on the inherited stderr. */
static const char *log_path;

static bool log_put_on_stderr(const char *path, char *err, size_t err_size);

/* Open path for appending and make it fd 2 (dup2 replaces the old file in
 * one step: a line is never written to a closed descriptor). */
static bool
log_put_on_stderr(const char *path, char *err, size_t err_size)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	if (fd < 0) {
		snprintf(err, err_size, "%s: %s", path, strerror(errno));
		return false;
	}
	if (fd != STDERR_FILENO) {
		if (dup2(fd, STDERR_FILENO) < 0) {
			snprintf(err, err_size, "%s: dup2: %s", path,
			         strerror(errno));
			close(fd);
			return false;
		}
		close(fd);
	}
	return true;
}

bool
log_open_file(const char *path, char *err, size_t err_size)
{
	if (!log_put_on_stderr(path, err, err_size))
		return false;
	log_path = path;
	return true;
}

void
log_reopen(void)
{
	char err[512];

	if (log_path == NULL) {
		log_info("no log file to reopen", "signal=%s", "HUP");
		return;
	}
	if (!log_put_on_stderr(log_path, err, sizeof err)) {
		log_error(
		    "cannot reopen the log file; still writing the old one",
		    "err=%s", log_q(err));
		return;
	}
	log_info("log file reopened", "signal=HUP path=%s", log_q(log_path));
}

bool
log_set_level(const char *name)
{
	for (size_t i = 0; i < sizeof log_names / sizeof log_names[0]; i++) {
		if (strcmp(name, log_names[i]) == 0) {
			log_current_level = (enum log_level)i;
			return true;
		}
	}
	return false;
}

const char *
log_level_name(enum log_level level)
{
	return log_names[level];
}

const char *
log_q(const char *text)
{
	static char ring[4][512];
	static unsigned next;
	char *out = ring[next++ % 4];
	size_t o = 0;

	if (text == NULL)
		text = "";
	out[o++] = '"';
	for (const char *p = text; *p != '\0' && o < sizeof ring[0] - 4; p++) {
		if (*p == '"' || *p == '\\') {
			out[o++] = '\\';
			out[o++] = *p;
		} else if (*p == '\n' || *p == '\r' || *p == '\t') {
			out[o++] = ' ';
		} else {
			out[o++] = *p;
		}
	}
	out[o++] = '"';
	out[o] = '\0';
	return out;
}

void
log_write(enum log_level level, const char *msg, const char *fmt, ...)
{
	char line[2048];
	struct timeval tv;
	struct tm tm;
	int n;
	bool quote = strpbrk(msg, " =\"") != NULL;

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	n = snprintf(line, sizeof line,
	             "ts=%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ level=%s msg=%s",
	             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	             tm.tm_min, tm.tm_sec, (long)(tv.tv_usec / 1000),
	             log_names[level], quote ? log_q(msg) : msg);
	if (n < 0)
		return;
	if (fmt != NULL && fmt[0] != '\0' && (size_t)n < sizeof line - 2) {
		va_list ap;
		line[n++] = ' ';
		va_start(ap, fmt);
		int m = vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
		va_end(ap);
		if (m > 0)
			n += m;
	}
	if ((size_t)n >= sizeof line - 1)
		n = (int)sizeof line - 2;
	line[n++] = '\n';
	/* One write per line so that lines from a dying process stay whole. */
	ssize_t w = write(STDERR_FILENO, line, (size_t)n);
	(void)w;
}

bool
log_limit_take(struct log_limit *l, unsigned long *suppressed)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	if ((long)ts.tv_sec != l->second) {
		l->second = (long)ts.tv_sec;
		l->written = 0;
	}
	if (l->written >= l->per_second) {
		l->suppressed++;
		return false;
	}
	l->written++;
	*suppressed = l->suppressed;
	l->suppressed = 0;
	return true;
}
