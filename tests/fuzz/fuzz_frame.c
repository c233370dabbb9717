/*
 * fuzz_frame.c — libFuzzer target for the frame codec: frame_peek, then the
 * string check and both decoders, on the input as a frame and as a bare
 * payload. Built and run by tests/fuzz/run.sh (`make fuzz`).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "frame.h"
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_decode(const uint8_t *buf, size_t len);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = 0;

	if (frame_peek(data, size, FRAME_DEFAULT_MAX, &n) == FRAME_OK)
		fuzz_decode(data + FRAME_HEADER_SIZE, n);
	fuzz_decode(data, size);
	return 0;
}

static void
fuzz_decode(const uint8_t *buf, size_t len)
{
	Ansinh__V1__Request *req;
	Ansinh__V1__Response *resp;
	char path[256];
	const char *why = NULL;
	bool checked;

	checked = frame_check_strings(&ansinh__v1__request__descriptor, buf,
	                              len, path, sizeof path, &why);
	if (!checked && (why == NULL || strlen(path) >= sizeof path))
		__builtin_trap(); /* a failure always says why */

	req = frame_decode_request(buf, len, path, sizeof path, &why);
	if (req != NULL) {
		if (!checked)
			__builtin_trap(); /* decoded what the check refused */
		ansinh__v1__request__free_unpacked(req, NULL);
	} else if (why == NULL) {
		__builtin_trap();
	}

	resp = frame_decode_response(buf, len, path, sizeof path, &why);
	if (resp != NULL)
		ansinh__v1__response__free_unpacked(resp, NULL);
	else if (why == NULL)
		__builtin_trap();
}
