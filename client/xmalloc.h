/*
 * xmalloc.h — allocation that cannot fail: on exhaustion the client prints a
 * message and exits. A command-line tool has nothing better to do.
 */
#ifndef ANSINH_XMALLOC_H
#define ANSINH_XMALLOC_H

#include <stddef.h>

/* Each returns memory the caller frees with free(3). */
void *xmalloc(size_t size) __attribute__((malloc));
void *xcalloc(size_t n, size_t size) __attribute__((malloc));
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s) __attribute__((malloc));
char *xstrndup(const char *s, size_t n) __attribute__((malloc));
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
