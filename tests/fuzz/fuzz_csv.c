/*
 * fuzz_csv.c — libFuzzer target for the client's parsers of local files:
 * the CSV reader (the input fed whole and in odd chunks, with a small
 * record limit, must give the same records), header folding, and the
 * outbox file scan. Built and run by tests/fuzz/run.sh (`make fuzz`).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../client/csv.h"
#include "../../client/outbox-codec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long fuzz_read(const uint8_t *data, size_t size, size_t chunk);
static bool fuzz_record(void *arg, uint8_t type, const uint8_t *p, size_t len);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text, folded[64];
	size_t valid = 0;

	/* The same records whatever the chunking. */
	if (fuzz_read(data, size, size) != fuzz_read(data, size, 7))
		abort();
	text = malloc(size + 1);
	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	csv_fold(text, folded, sizeof folded);
	if (strlen(folded) >= sizeof folded)
		abort();
	free(text);
	(void)outbox_scan(data, size, fuzz_record, NULL, &valid);
	if (valid > size)
		abort();
	return 0;
}

/* A checksum of every record's fields, lines and errors. */
static unsigned long
fuzz_read(const uint8_t *data, size_t size, size_t chunk)
{
	struct csv_reader *r;
	unsigned long sum = 0;
	size_t off = 0, n, i, len, used;
	const char *f;

	r = csv_reader_new(512);
	while (off < size) {
		n = size - off < chunk ? size - off : chunk;
		while (n > 0) {
			used = csv_feed(r, (const char *)data + off, n);
			off += used;
			n -= used;
			if (!csv_ready(r))
				continue;
			sum = sum * 31 + csv_line(r) * 7 + csv_last_line(r) +
			      (csv_error(r) != NULL) + csv_blank(r);
			for (i = 0; i < csv_nfields(r); i++) {
				f = csv_field(r, i, &len);
				while (len-- > 0)
					sum = sum * 131 + (unsigned char)*f++;
				sum += 17;
			}
			csv_next(r);
		}
	}
	csv_finish(r);
	if (csv_ready(r))
		sum = sum * 31 + csv_line(r) + csv_nfields(r);
	csv_reader_free(r);
	return sum;
}

static bool
fuzz_record(void *arg, uint8_t type, const uint8_t *p, size_t len)
{
	struct outbox_entry e;
	uint64_t id;
	int state, code;
	char *reason;

	(void)arg;
	switch (type) {
	case 1:
		if (!outbox_decode_entry(p, len, &e))
			return false;
		free(e.what);
		free(e.request);
		return true;
	case 2:
		if (!outbox_decode_state(p, len, &id, &state, &code, &reason))
			return false;
		free(reason);
		return true;
	case 3:
		return outbox_decode_seq(p, len, &id);
	default:
		return false;
	}
}
