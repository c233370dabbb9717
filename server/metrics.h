/*
 * metrics.h — counters for the Prometheus text served at /metrics.
 */
#ifndef ANSINH_METRICS_H
#define ANSINH_METRICS_H

#include <stddef.h>
#include <stdint.h>

#define METRICS_TYPES   160 /* request body cases are < 160 */
#define METRICS_CODES   17  /* the canonical status codes */
#define METRICS_BUCKETS 12

struct metrics {
	uint64_t requests[METRICS_TYPES][METRICS_CODES];
	uint64_t latency_bucket[METRICS_BUCKETS]; /* cumulative at render */
	uint64_t latency_count;
	double latency_sum; /* seconds */
	uint64_t connections_total;
	uint64_t connections_refused;
	uint64_t frames_rejected;
};

/* The upper bounds of the latency buckets, in seconds. */
extern const double metrics_bounds[METRICS_BUCKETS];

void metrics_request(struct metrics *m, int type, int code, double seconds);
/* The name of a request body case ("household_create"), or "unknown". */
const char *metrics_type_name(int type);

#endif
