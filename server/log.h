/*
 * log.h — logfmt logging on stderr, or in the file of --log-file (opened
 * onto stderr, so that anything else written there lands in it too).
 *
 *   log_info("listening", "addr=%s", addr);
 *   -> ts=2026-11-29T01:02:03.456Z level=info msg=listening addr=127.0.0.1:7420
 *
 * The level test is inside the macro, so arguments of a disabled level are
 * never evaluated. Free text that may hold spaces or quotes goes through
 * log_q(), which returns it quoted and escaped (a small ring of buffers, valid
 * until the next few log_q calls).
 */
#ifndef ANSINH_LOG_H
#define ANSINH_LOG_H

#include <stdbool.h>
#include <stddef.h>

enum log_level {
	LOG_ERROR = 0,
	LOG_WARN = 1,
	LOG_INFO = 2,
	LOG_DEBUG = 3,
};

extern enum log_level log_current_level;

bool log_set_level(const char *name);
const char *log_level_name(enum log_level level);
const char *log_q(const char *text);

/*
 * Append to the file at path from now on: it is opened (created 0640 if
 * missing) and put in place of standard error. False with the reason in err
 * when it cannot be opened (standard error is unchanged).
 */
bool log_open_file(const char *path, char *err, size_t err_size);

/*
 * SIGHUP: open the --log-file path again (after logrotate renamed the old
 * one). Logs the outcome; on failure the old file stays in use. No-op
 * without a log file.
 */
void log_reopen(void);

void log_write(enum log_level level, const char *msg, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define log_at(level, msg, ...)                                                \
	do {                                                                   \
		if ((level) <= log_current_level)                              \
			log_write((level), (msg), __VA_ARGS__);                \
	} while (0)

/*
 * A line that an attacker could make the daemon write thousands of times a
 * second (a refused token, a limit acting) goes through a limit: at most
 * `per_second` such lines a second; the rest are counted, and the first line
 * of a later second says how many were left out (suppressed=N).
 *
 *   static struct log_limit lim = {.per_second = 10};
 *   log_limited(&lim, LOG_WARN, "token refused", "peer=%s", peer);
 */
struct log_limit {
	int per_second;
	long second; /* of the monotonic clock */
	int written;
	unsigned long suppressed;
};

/* True when a line may be written now; *suppressed is then the number left
 * out since the last line written (else counted). */
bool log_limit_take(struct log_limit *l, unsigned long *suppressed);

#define log_limited(lim, level, msg, fmt, ...)                                 \
	do {                                                                   \
		unsigned long log_sup_;                                        \
		if ((level) <= log_current_level &&                            \
		    log_limit_take((lim), &log_sup_)) {                        \
			if (log_sup_ > 0)                                      \
				log_write((level), (msg),                      \
				          fmt " suppressed=%lu", __VA_ARGS__,  \
				          log_sup_);                           \
			else                                                   \
				log_write((level), (msg), fmt, __VA_ARGS__);   \
		}                                                              \
	} while (0)

#define log_error(msg, ...) log_at(LOG_ERROR, msg, __VA_ARGS__)
#define log_warn(msg, ...)  log_at(LOG_WARN, msg, __VA_ARGS__)
#define log_info(msg, ...)  log_at(LOG_INFO, msg, __VA_ARGS__)
#define log_debug(msg, ...) log_at(LOG_DEBUG, msg, __VA_ARGS__)

#endif
