/*
 * metrics.c — request counters and the latency histogram.
 */
#include "metrics.h"

#include "ansinh.pb-c.h"

const double metrics_bounds[METRICS_BUCKETS] = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
};

void
metrics_request(struct metrics *m, int type, int code, double seconds)
{
	if (type < 0 || type >= METRICS_TYPES)
		type = 0;
	if (code < 0 || code >= METRICS_CODES)
		code = ANSINH__V1__CODE__UNKNOWN;
	m->requests[type][code]++;
	for (int i = 0; i < METRICS_BUCKETS; i++) {
		if (seconds <= metrics_bounds[i]) {
			m->latency_bucket[i]++;
			break;
		}
	}
	m->latency_count++;
	m->latency_sum += seconds;
}

const char *
metrics_type_name(int type)
{
	const ProtobufCFieldDescriptor *f =
	    protobuf_c_message_descriptor_get_field(
	        &ansinh__v1__request__descriptor, (unsigned)type);
	if (f == NULL || type < 10)
		return "unknown";
	return f->name;
}
