/*
 * metrics.c — request counters and the latency histogram.
 */
#include "metrics.h"

#include <stdlib.h>
#include <string.h>

#include "ansinh.pb-c.h"

static size_t metrics_row(int type);

const double metrics_bounds[METRICS_BUCKETS] = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
};

void
metrics_init(struct metrics *m)
{
	const ProtobufCEnumDescriptor *codes = &ansinh__v1__code__descriptor;

	memset(m, 0, sizeof *m);
	m->types = 1 + ansinh__v1__request__descriptor.n_fields;
	for (unsigned i = 0; i < codes->n_values; i++)
		if ((size_t)codes->values[i].value + 1 > m->codes)
			m->codes = (size_t)codes->values[i].value + 1;
	m->requests = calloc(m->types * m->codes, sizeof *m->requests);
	m->op_bucket = calloc(m->types * METRICS_BUCKETS, sizeof *m->op_bucket);
	m->op_sum = calloc(m->types, sizeof *m->op_sum);
	m->op_count = calloc(m->types, sizeof *m->op_count);
	if (m->requests == NULL || m->op_bucket == NULL || m->op_sum == NULL ||
	    m->op_count == NULL)
		abort();
}

void
metrics_free(struct metrics *m)
{
	free(m->requests);
	free(m->op_bucket);
	free(m->op_sum);
	free(m->op_count);
	m->requests = NULL;
	m->op_bucket = NULL;
	m->op_sum = NULL;
	m->op_count = NULL;
}

void
metrics_request(struct metrics *m, int type, int code, double seconds)
{
	if (code < 0 || (size_t)code >= m->codes)
		code = ANSINH__V1__CODE__UNKNOWN;
	size_t row = metrics_row(type);
	if (m->requests == NULL)
		return;
	m->requests[row * m->codes + (size_t)code]++;
	for (int i = 0; i < METRICS_BUCKETS; i++) {
		if (seconds <= metrics_bounds[i]) {
			m->latency_bucket[i]++;
			m->op_bucket[row * METRICS_BUCKETS + (size_t)i]++;
			break;
		}
	}
	m->op_count[row]++;
	m->op_sum[row] += seconds;
	m->latency_count++;
	m->latency_sum += seconds;
}

uint64_t
metrics_count(const struct metrics *m, size_t t, size_t code)
{
	if (m->requests == NULL || t >= m->types || code >= m->codes)
		return 0;
	return m->requests[t * m->codes + code];
}

uint64_t
metrics_op_bucket(const struct metrics *m, size_t t, int i)
{
	if (m->op_bucket == NULL || t >= m->types || i < 0 ||
	    i >= METRICS_BUCKETS)
		return 0;
	return m->op_bucket[t * METRICS_BUCKETS + (size_t)i];
}

uint64_t
metrics_op_count(const struct metrics *m, size_t t)
{
	return m->op_count != NULL && t < m->types ? m->op_count[t] : 0;
}

double
metrics_op_sum(const struct metrics *m, size_t t)
{
	return m->op_sum != NULL && t < m->types ? m->op_sum[t] : 0;
}

int
metrics_row_body(size_t t)
{
	if (t == 0 || t > ansinh__v1__request__descriptor.n_fields)
		return 0;
	return (int)ansinh__v1__request__descriptor.fields[t - 1].id;
}

const char *
metrics_row_name(size_t t)
{
	if (t == 0 || t > ansinh__v1__request__descriptor.n_fields)
		return "frame";
	return ansinh__v1__request__descriptor.fields[t - 1].name;
}

const char *
metrics_type_name(int type)
{
	const ProtobufCFieldDescriptor *f =
	    protobuf_c_message_descriptor_get_field(
	        &ansinh__v1__request__descriptor, (unsigned)type);
	if (f == NULL || f->type != PROTOBUF_C_TYPE_MESSAGE)
		return "unknown";
	return f->name;
}

/* Row 0 for frames and anything that is no request body. */
static size_t
metrics_row(int type)
{
	const ProtobufCMessageDescriptor *d = &ansinh__v1__request__descriptor;
	const ProtobufCFieldDescriptor *f =
	    type > 0
	        ? protobuf_c_message_descriptor_get_field(d, (unsigned)type)
	        : NULL;
	if (f == NULL || f->type != PROTOBUF_C_TYPE_MESSAGE)
		return 0;
	return 1 + (size_t)(f - d->fields);
}
