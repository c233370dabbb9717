/*
 * tap.h — a tiny Test Anything Protocol producer for the C unit tests.
 *
 *   plan(n);                        optional: "1..n" up front
 *   ok(cond, "what %d", x);         one test
 *   is_int(got, want, "what");      one test, shows both values on failure
 *   is_str(got, want, "what");      the same for strings (NULL allowed)
 *   diag("note %s", s);             a "# " comment line on stdout
 *   return done_testing();          0 when every test passed and the plan
 *                                   (if any) was met, 1 otherwise
 *
 * Include it from one file per test program: the counters live here.
 */
#ifndef ANSINH_TAP_H
#define ANSINH_TAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define TAP_PRINTF(a, b) __attribute__((format(printf, a, b)))

static int tap_planned = -1;
static int tap_run;
static int tap_failed;

static inline void
plan(int n)
{
	tap_planned = n;
	printf("1..%d\n", n);
	fflush(stdout);
}

static inline TAP_PRINTF(1, 0) void tap_vdiag(const char *fmt, va_list ap)
{
	printf("# ");
	vprintf(fmt, ap);
	printf("\n");
}

static inline TAP_PRINTF(1, 2) void diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vdiag(fmt, ap);
	va_end(ap);
	fflush(stdout);
}

static inline TAP_PRINTF(2, 0) bool tap_vok(bool cond, const char *fmt,
                                            va_list ap)
{
	tap_run++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_run);
	vprintf(fmt, ap);
	printf("\n");
	fflush(stdout);
	return cond;
}

static inline TAP_PRINTF(2, 3) bool ok(bool cond, const char *fmt, ...)
{
	va_list ap;
	bool r;

	va_start(ap, fmt);
	r = tap_vok(cond, fmt, ap);
	va_end(ap);
	return r;
}

static inline TAP_PRINTF(3, 4) bool is_int(long long got, long long want,
                                           const char *fmt, ...)
{
	va_list ap;
	bool r;

	va_start(ap, fmt);
	r = tap_vok(got == want, fmt, ap);
	va_end(ap);
	if (!r)
		diag("         got: %lld\n#     expected: %lld", got, want);
	return r;
}

static inline TAP_PRINTF(3, 4) bool is_str(const char *got, const char *want,
                                           const char *fmt, ...)
{
	va_list ap;
	bool same;
	bool r;

	same = (got == NULL && want == NULL) ||
	       (got != NULL && want != NULL && strcmp(got, want) == 0);
	va_start(ap, fmt);
	r = tap_vok(same, fmt, ap);
	va_end(ap);
	if (!r)
		diag("         got: %s%s%s\n#     expected: %s%s%s",
		     got ? "'" : "", got ? got : "NULL", got ? "'" : "",
		     want ? "'" : "", want ? want : "NULL", want ? "'" : "");
	return r;
}

static inline int
done_testing(void)
{
	if (tap_planned < 0)
		printf("1..%d\n", tap_run);
	else if (tap_planned != tap_run)
		diag("planned %d tests but ran %d", tap_planned, tap_run);
	if (tap_failed > 0)
		diag("failed %d of %d tests", tap_failed, tap_run);
	fflush(stdout);
	return tap_failed > 0 || (tap_planned >= 0 && tap_planned != tap_run);
}

#endif
