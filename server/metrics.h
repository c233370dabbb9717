/*
 * metrics.h — counters for the Prometheus text served at /metrics.
 *
 * Requests are counted by type and status code, in a table sized from the
 * descriptors: one row per Request field (plus row 0, frames refused before
 * a request was decoded), one column per status code.
 */
#ifndef ANSINH_METRICS_H
#define ANSINH_METRICS_H

#include <stddef.h>
#include <stdint.h>

#define METRICS_BUCKETS 12

struct metrics {
	size_t types;        /* rows: 0 "frame", then the Request fields */
	size_t codes;        /* columns: the status codes */
	uint64_t *requests;  /* types x codes; owned */
	uint64_t *op_bucket; /* types x METRICS_BUCKETS, per row; owned */
	double *op_sum;      /* types: seconds, per row; owned */
	uint64_t *op_count;  /* types, per row; owned */
	uint64_t latency_bucket[METRICS_BUCKETS]; /* cumulative at render */
	uint64_t latency_count;
	double latency_sum; /* seconds */
	uint64_t connections_total;
	uint64_t connections_refused;
	uint64_t frames_rejected;
	uint64_t replayed; /* writes answered from the request log */
};

/* The upper bounds of the latency buckets, in seconds. */
extern const double metrics_bounds[METRICS_BUCKETS];

/* Zero m and size its table; metrics_free releases it. */
void metrics_init(struct metrics *m);
void metrics_free(struct metrics *m);

/* Count one answer to a request of body case type (0: a frame refused
 * before decoding). */
void metrics_request(struct metrics *m, int type, int code, double seconds);
/* Row t's latency histogram: its bucket i (not cumulative), count and sum
 * of seconds. */
uint64_t metrics_op_bucket(const struct metrics *m, size_t t, int i);
uint64_t metrics_op_count(const struct metrics *m, size_t t);
double metrics_op_sum(const struct metrics *m, size_t t);
/* The Request field number of row t (0 for row 0, "frame"). */
int metrics_row_body(size_t t);
/* The count of row t (0 .. types-1) and status code. */
uint64_t metrics_count(const struct metrics *m, size_t t, size_t code);
/* The name of row t: "frame", or the request body case ("household_create"). */
const char *metrics_row_name(size_t t);
/* The name of a request body case ("household_create"), or "unknown". */
const char *metrics_type_name(int type);

#endif
