/*
 * log.h — logfmt logging on stderr.
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

void log_write(enum log_level level, const char *msg, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define log_at(level, msg, ...)                                                \
	do {                                                                   \
		if ((level) <= log_current_level)                              \
			log_write((level), (msg), __VA_ARGS__);                \
	} while (0)

#define log_error(msg, ...) log_at(LOG_ERROR, msg, __VA_ARGS__)
#define log_warn(msg, ...)  log_at(LOG_WARN, msg, __VA_ARGS__)
#define log_info(msg, ...)  log_at(LOG_INFO, msg, __VA_ARGS__)
#define log_debug(msg, ...) log_at(LOG_DEBUG, msg, __VA_ARGS__)

#endif
