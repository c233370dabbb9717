/*
 * test_frame.c — frame header, pack and decode, the string check on raw
 * wire bytes, and a bounded random-input loop that must never crash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "rules.h"
#include "tap.h"

#define RANDOM_ROUNDS 20000

/* A hand-built payload and what frame_check_strings and the decoder say. */
struct wire_case {
	const char *what;
	const char *bytes;
	size_t len;
	bool response; /* a Response payload, else a Request */
	bool check_ok; /* frame_check_strings accepts it */
	bool decode_ok;
	const char *why;  /* when not check_ok, or not decode_ok */
	const char *path; /* likewise */
};

static void test_peek(void);
static void test_header(void);
static void test_round_trip(void);
static void test_response_round_trip(void);
static void test_pack_limits(void);
static void test_wire_cases(void);
static void test_path_buffer(void);
static void test_random(void);
static bool strings_valid(const ProtobufCMessage *m);
static uint32_t rnd(void);

#define W(s)      s, sizeof(s) - 1
#define MALFORMED "malformed message"
#define UTF8      "invalid UTF-8"
#define NUL       "contains a NUL byte"

static const uint8_t test_id[16] = {0x01, 0x90, 0xa5, 0xe2, 0x7c, 0x1b,
                                    0x7d, 0xef, 0x8a, 0x12, 0x34, 0x56,
                                    0x78, 0x9a, 0xbc, 0xde};

int
main(void)
{
	test_peek();
	test_header();
	test_round_trip();
	test_response_round_trip();
	test_pack_limits();
	test_wire_cases();
	test_path_buffer();
	test_random();
	return done_testing();
}

static void
test_peek(void)
{
	static const struct {
		const char *what;
		uint8_t buf[12];
		size_t len, max;
		enum frame_result want;
		size_t want_len;
	} cases[] = {
	    {"empty buffer", {0}, 0, 100, FRAME_NEED_MORE, 0},
	    {"1 header byte", {0, 0, 0, 5}, 1, 100, FRAME_NEED_MORE, 0},
	    {"3 header bytes", {0, 0, 0, 5}, 3, 100, FRAME_NEED_MORE, 0},
	    {"header only", {0, 0, 0, 5}, 4, 100, FRAME_NEED_MORE, 5},
	    {"partial payload",
	     {0, 0, 0, 5, 1, 2, 3, 4},
	     8,
	     100,
	     FRAME_NEED_MORE,
	     5},
	    {"exact", {0, 0, 0, 5, 1, 2, 3, 4, 5}, 9, 100, FRAME_OK, 5},
	    {"exact plus the next frame",
	     {0, 0, 0, 5, 1, 2, 3, 4, 5, 0, 0},
	     11,
	     100,
	     FRAME_OK,
	     5},
	    {"zero length", {0, 0, 0, 0}, 4, 100, FRAME_EMPTY, 0},
	    {"zero length, more bytes",
	     {0, 0, 0, 0, 9},
	     5,
	     100,
	     FRAME_EMPTY,
	     0},
	    {"length == max",
	     {0, 0, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8},
	     12,
	     8,
	     FRAME_OK,
	     8},
	    {"length == max + 1",
	     {0, 0, 0, 9, 1, 2, 3, 4, 5, 6, 7, 8},
	     12,
	     8,
	     FRAME_TOO_LARGE,
	     9},
	    {"1 MiB, header only",
	     {0x00, 0x10, 0x00, 0x00},
	     4,
	     FRAME_DEFAULT_MAX,
	     FRAME_NEED_MORE,
	     1048576},
	    {"1 MiB + 1",
	     {0x00, 0x10, 0x00, 0x01},
	     4,
	     FRAME_DEFAULT_MAX,
	     FRAME_TOO_LARGE,
	     1048577},
	    {"4 GiB - 1",
	     {0xff, 0xff, 0xff, 0xff},
	     4,
	     FRAME_DEFAULT_MAX,
	     FRAME_TOO_LARGE,
	     0xffffffffu},
	    {"big-endian",
	     {0x01, 0x02, 0x03, 0x04},
	     4,
	     0x7fffffff,
	     FRAME_NEED_MORE,
	     0x01020304},
	    {"big-endian, low byte",
	     {0x00, 0x00, 0x01, 0x00},
	     4,
	     1000,
	     FRAME_NEED_MORE,
	     256},
	};
	size_t i, n;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		n = 12345;
		is_int(frame_peek(cases[i].buf, cases[i].len, cases[i].max, &n),
		       cases[i].want, "frame_peek: %s", cases[i].what);
		is_int((long long)n, (long long)cases[i].want_len,
		       "  payload_len");
	}
	is_int(frame_peek(cases[5].buf, cases[5].len, 100, NULL), FRAME_OK,
	       "frame_peek: payload_len may be NULL");
}

static void
test_header(void)
{
	static const struct {
		uint32_t len;
		uint8_t want[4];
	} cases[] = {
	    {0, {0, 0, 0, 0}},
	    {5, {0, 0, 0, 5}},
	    {0x01020304, {1, 2, 3, 4}},
	    {1048576, {0x00, 0x10, 0x00, 0x00}},
	    {0xffffffffu, {0xff, 0xff, 0xff, 0xff}},
	};
	uint8_t out[FRAME_HEADER_SIZE];
	size_t i, n;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		frame_put_header(out, cases[i].len);
		ok(memcmp(out, cases[i].want, 4) == 0,
		   "frame_put_header(%u) is big-endian", cases[i].len);
		frame_peek(out, 4, 0xffffffffu, &n);
		is_int((long long)n, cases[i].len, "  and frame_peek reads it");
	}
}

static void
test_round_trip(void)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__HouseholdCreate create = ANSINH__V1__HOUSEHOLD_CREATE__INIT;
	Ansinh__V1__Household hh = ANSINH__V1__HOUSEHOLD__INIT;
	Ansinh__V1__Request *got;
	char path[128] = "junk";
	const char *why = "junk";
	uint8_t *frame;
	size_t len = 0, payload = 0;

	hh.id.data = (uint8_t *)test_id;
	hh.id.len = sizeof test_id;
	hh.ward_code = "AK";
	hh.code = "AK-0042";
	hh.head_name = "Trương Văn Hoành";
	hh.residential_group = 7;
	hh.address = "12 Quang Trung, tổ 7";
	hh.phone = "0905 123 456";
	hh.policy = true;
	hh.status = ANSINH__V1__POVERTY_STATUS__POVERTY_NEAR_POOR;
	hh.status_since = "2024-01-15";
	create.household = &hh;
	req.seq = 42;
	req.request_id.data = (uint8_t *)test_id;
	req.request_id.len = sizeof test_id;
	req.body_case = ANSINH__V1__REQUEST__BODY_HOUSEHOLD_CREATE;
	req.household_create = &create;

	frame = frame_pack(&req.base, FRAME_DEFAULT_MAX, &len);
	if (!ok(frame != NULL, "frame_pack a Request with a Household"))
		return;
	is_int((long long)len,
	       (long long)(FRAME_HEADER_SIZE +
	                   protobuf_c_message_get_packed_size(&req.base)),
	       "  header + packed size");
	is_int(frame_peek(frame, len, FRAME_DEFAULT_MAX, &payload), FRAME_OK,
	       "  frame_peek says the whole frame is there");
	is_int((long long)payload, (long long)(len - FRAME_HEADER_SIZE),
	       "  with the right payload length");
	is_int(frame_peek(frame, len - 1, FRAME_DEFAULT_MAX, &payload),
	       FRAME_NEED_MORE, "  one byte short needs more");

	got = frame_decode_request(frame + FRAME_HEADER_SIZE, payload, path,
	                           sizeof path, &why);
	if (!ok(got != NULL, "frame_decode_request decodes it")) {
		diag("why=%s path=%s", why ? why : "NULL", path);
		free(frame);
		return;
	}
	ok(why == NULL && path[0] == '\0', "  why is NULL and path empty");
	is_int((long long)got->seq, 42, "  seq");
	ok(got->request_id.len == 16 &&
	       memcmp(got->request_id.data, test_id, 16) == 0,
	   "  request_id");
	is_int(got->body_case, ANSINH__V1__REQUEST__BODY_HOUSEHOLD_CREATE,
	       "  body is household_create");
	if (got->body_case == ANSINH__V1__REQUEST__BODY_HOUSEHOLD_CREATE &&
	    got->household_create->household != NULL) {
		const Ansinh__V1__Household *h =
		    got->household_create->household;

		ok(h->id.len == 16 && memcmp(h->id.data, test_id, 16) == 0,
		   "  household.id");
		is_str(h->ward_code, "AK", "  household.ward_code");
		is_str(h->code, "AK-0042", "  household.code");
		is_str(h->head_name, "Trương Văn Hoành",
		       "  household.head_name");
		is_int(h->residential_group, 7, "  residential_group");
		is_str(h->address, "12 Quang Trung, tổ 7", "  address");
		is_str(h->phone, "0905 123 456", "  phone");
		ok(h->policy && !h->special_difficulty, "  the two flags");
		is_int(h->status, ANSINH__V1__POVERTY_STATUS__POVERTY_NEAR_POOR,
		       "  status");
		is_str(h->status_since, "2024-01-15", "  status_since");
		is_str(h->created_at, "", "  created_at not given");
	} else {
		ok(false, "  household is there");
	}
	ok(strings_valid(&got->base), "  every decoded string is UTF-8");
	ansinh__v1__request__free_unpacked(got, NULL);
	free(frame);
}

static void
test_response_round_trip(void)
{
	Ansinh__V1__Response resp = ANSINH__V1__RESPONSE__INIT;
	Ansinh__V1__Status status = ANSINH__V1__STATUS__INIT;
	Ansinh__V1__Violation v1 = ANSINH__V1__VIOLATION__INIT;
	Ansinh__V1__Violation v2 = ANSINH__V1__VIOLATION__INIT;
	Ansinh__V1__Violation *vs[2] = {&v1, &v2};
	Ansinh__V1__Response *got;
	char path[64];
	const char *why;
	uint8_t *frame;
	size_t len = 0;

	v1.field = "household.citizen_id";
	v1.reason = "must be 12 digits";
	v2.field = "household.head_name";
	v2.reason = "is longer than 200 characters";
	status.code = ANSINH__V1__CODE__INVALID_ARGUMENT;
	status.message = "2 fields are not valid";
	status.n_violations = 2;
	status.violations = vs;
	resp.seq = 7;
	resp.status = &status;

	frame = frame_pack(&resp.base, FRAME_DEFAULT_MAX, &len);
	if (!ok(frame != NULL, "frame_pack a Response with violations"))
		return;
	got = frame_decode_response(frame + FRAME_HEADER_SIZE,
	                            len - FRAME_HEADER_SIZE, path, sizeof path,
	                            &why);
	if (ok(got != NULL && got->status != NULL,
	       "frame_decode_response decodes it")) {
		is_int(got->seq, 7, "  seq");
		is_int(got->status->code, ANSINH__V1__CODE__INVALID_ARGUMENT,
		       "  code");
		is_int((long long)got->status->n_violations, 2,
		       "  2 violations");
		if (got->status->n_violations == 2) {
			is_str(got->status->violations[1]->field,
			       "household.head_name", "  second field");
			is_str(got->status->violations[0]->reason,
			       "must be 12 digits", "  first reason");
		}
		ansinh__v1__response__free_unpacked(got, NULL);
	}
	free(frame);
}

static void
test_pack_limits(void)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__Ping ping = ANSINH__V1__PING__INIT;
	static uint8_t big[300];
	size_t size, len = 0;
	uint8_t *frame;

	frame = frame_pack(&req.base, FRAME_DEFAULT_MAX, &len);
	ok(frame == NULL, "frame_pack refuses a message that packs to nothing");
	free(frame);

	ping.payload.data = big;
	ping.payload.len = sizeof big;
	req.body_case = ANSINH__V1__REQUEST__BODY_PING;
	req.ping = &ping;
	size = protobuf_c_message_get_packed_size(&req.base);
	frame = frame_pack(&req.base, size, &len);
	ok(frame != NULL && len == size + FRAME_HEADER_SIZE,
	   "frame_pack: payload exactly max (%zu) is fine", size);
	free(frame);
	frame = frame_pack(&req.base, size - 1, &len);
	ok(frame == NULL, "frame_pack: one byte over max is refused");
	free(frame);
}

static const struct wire_case wire_cases[] = {
    {"hello with a token",
     W("\x52\x05\x12\x03"
       "abc"),
     false, true, true, NULL, NULL},
    {"empty payload", W(""), false, true, true, NULL, NULL},
    {"NUL in hello.token",
     W("\x52\x05\x12\x03"
       "a\0c"),
     false, false, false, NUL, "hello.token"},
    {"Latin-1 in hello.client_name", W("\x52\x04\x1a\x02\xc3\x28"), false,
     false, false, UTF8, "hello.client_name"},
    {"overlong '/' in hello.token", W("\x52\x04\x12\x02\xc0\xaf"), false, false,
     false, UTF8, "hello.token"},
    {"surrogate in household.ward_code",
     W("\xf2\x01\x07\x0a\x05\x12\x03\xed\xa0\x80"), false, false, false, UTF8,
     "household_create.household.ward_code"},
    {"NUL in household.head_name",
     W("\xf2\x01\x07\x0a\x05\x22\x03"
       "a\0b"),
     false, false, false, NUL, "household_create.household.head_name"},
    {"U+110000 in member.full_name",
     W("\xc2\x02\x08\x0a\x06\x2a\x04\xf4\x90\x80\x80"), false, false, false,
     UTF8, "member_create.member.full_name"},
    {"Vietnamese in member.full_name",
     W("\xc2\x02\x0a\x0a\x08\x2a\x06"
       "Tr\xc6\xb0\xc6\xa1"),
     false, true, true, NULL, NULL},
    {"bytes field may hold anything", W("\x12\x03\x00\xff\xc3"), false, true,
     true, NULL, NULL},
    /* Unknown fields are numbered 5000 and up: far from every range of
     * Request fields handed out to the record families. */
    {"unknown fields of every wire type are skipped",
     W("\x08\x2a"
       "\xc2\xb8\x02\x02\xff\x00"
       "\xc8\xb8\x02\x01"
       "\xd1\xb8\x02\x01\x02\x03\x04\x05\x06\x07\x08"
       "\xdd\xb8\x02\xff\xff\xff\xff"),
     false, true, true, NULL, NULL},
    {"unknown field inside hello", W("\x52\x05\xc2\xb8\x02\x01\xff"), false,
     true, true, NULL, NULL},
    {"truncated varint value", W("\x08\x80"), false, false, false, MALFORMED,
     "seq"},
    {"truncated tag", W("\x80"), false, false, false, MALFORMED, ""},
    {"length past the end",
     W("\x52\x05\x12\x03"
       "a"),
     false, false, false, MALFORMED, "hello"},
    {"nested length past the end",
     W("\x52\x03\x12\x05"
       "a"),
     false, false, false, MALFORMED, "hello.token"},
    {"huge length", W("\x52\xff\xff\xff\xff\x0f"), false, false, false,
     MALFORMED, "hello"},
    {"wire type 3 (start group)", W("\x0b"), false, false, false, MALFORMED,
     "seq"},
    {"wire type 4 (end group)", W("\x0c"), false, false, false, MALFORMED,
     "seq"},
    {"wire type 6", W("\x0e"), false, false, false, MALFORMED, "seq"},
    {"wire type 7", W("\x0f\x00"), false, false, false, MALFORMED, "seq"},
    {"wire type 3, unknown field", W("\xc3\xb8\x02"), false, false, false,
     MALFORMED, ""},
    {"field number 0", W("\x00\x00"), false, false, false, MALFORMED, ""},
    {"string sent as a varint", W("\x52\x02\x10\x01"), false, false, false,
     MALFORMED, "hello.token"},
    {"message sent as fixed32", W("\xf5\x01\x00\x00\x00\x00"), false, false,
     false, MALFORMED, "household_create"},
    {"truncated fixed64", W("\xd1\xb8\x02\x01\x02"), false, false, false,
     MALFORMED, ""},
    {"varint of 10 bytes (max uint64)",
     W("\x08\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01"), false, true, true, NULL,
     NULL},
    {"varint past 64 bits", W("\x08\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02"),
     false, false, false, MALFORMED, "seq"},
    {"varint of 11 bytes",
     W("\x08\xff\xff\xff\xff\xff\xff\xff\xff\xff\x81\x00"), false, false, false,
     MALFORMED, "seq"},
    {"scalar sent length-delimited: check passes, unpack fails",
     W("\x0a\x01\x00"), false, true, false, MALFORMED, ""},
    {"response: Latin-1 in status.violations.reason",
     W("\x12\x06\x1a\x04\x12\x02\xc3\x28"), true, false, false, UTF8,
     "status.violations.reason"},
    {"response: NUL in status.message", W("\x12\x03\x12\x01\x00"), true, false,
     false, NUL, "status.message"},
    {"response: fine", W("\x08\x01\x12\x04\x08\x03\x12\x00"), true, true, true,
     NULL, NULL},
};

static void
test_wire_cases(void)
{
	size_t i;

	for (i = 0; i < sizeof wire_cases / sizeof wire_cases[0]; i++) {
		const struct wire_case *c = &wire_cases[i];
		const ProtobufCMessageDescriptor *desc =
		    c->response ? &ansinh__v1__response__descriptor
		                : &ansinh__v1__request__descriptor;
		const uint8_t *buf = (const uint8_t *)c->bytes;
		ProtobufCMessage *m;
		char path[128];
		const char *why = "junk";
		bool got;

		got = frame_check_strings(desc, buf, c->len, path, sizeof path,
		                          &why);
		ok(got == c->check_ok, "check %s: %s",
		   c->check_ok ? "ok" : "no", c->what);
		if (!c->check_ok) {
			is_str(why, c->why, "  why");
			is_str(path, c->path, "  path");
		}

		why = "junk";
		strcpy(path, "junk");
		if (c->response)
			m = (ProtobufCMessage *)frame_decode_response(
			    buf, c->len, path, sizeof path, &why);
		else
			m = (ProtobufCMessage *)frame_decode_request(
			    buf, c->len, path, sizeof path, &why);
		ok((m != NULL) == c->decode_ok, "  decode %s",
		   c->decode_ok ? "succeeds" : "fails");
		if (m == NULL && !c->decode_ok) {
			is_str(why, c->why, "  decode why");
			is_str(path, c->path, "  decode path");
		}
		if (m != NULL) {
			ok(why == NULL, "  why is NULL on success");
			ok(strings_valid(m), "  decoded strings are UTF-8");
			protobuf_c_message_free_unpacked(m, NULL);
		}
	}
}

static void
test_path_buffer(void)
{
	static const char nested[] = "\xf2\x01\x07\x0a\x05\x22\x03"
	                             "a\0b";
	const uint8_t *buf = (const uint8_t *)nested;
	size_t len = sizeof nested - 1;
	char path[20];
	const char *why = NULL;
	Ansinh__V1__Request *r;

	ok(!frame_check_strings(&ansinh__v1__request__descriptor, buf, len,
	                        path, sizeof path, &why),
	   "short path buffer: still rejected");
	is_str(path, "household_create", "  path keeps the names that fit");
	ok(!frame_check_strings(&ansinh__v1__request__descriptor, buf, len,
	                        NULL, 0, &why),
	   "NULL path buffer: still rejected");
	is_str(why, NUL, "  with its reason");
	ok(!frame_check_strings(&ansinh__v1__request__descriptor, buf, len,
	                        path, sizeof path, NULL),
	   "NULL why: still rejected");
	r = frame_decode_request(NULL, 0, path, sizeof path, &why);
	ok(r != NULL, "frame_decode_request(NULL, 0) is an empty Request");
	if (r != NULL)
		ansinh__v1__request__free_unpacked(r, NULL);
	r = frame_decode_request(NULL, 5, path, sizeof path, &why);
	ok(r == NULL, "frame_decode_request(NULL, 5) fails");
	is_str(why, MALFORMED, "  as malformed");
}

/*
 * Random input never crashes (the sanitizer run makes this strict), and
 * whatever decodes holds only valid UTF-8 strings. Half the buffers are
 * noise, half are mutations of a real frame, so that many get deep.
 */
static void
test_random(void)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__HouseholdCreate create = ANSINH__V1__HOUSEHOLD_CREATE__INIT;
	Ansinh__V1__Household hh = ANSINH__V1__HOUSEHOLD__INIT;
	uint8_t *seed, buf[160];
	size_t seed_len = 0;
	int round, decoded = 0, bad_strings = 0, peeked_ok = 0;

	hh.id.data = (uint8_t *)test_id;
	hh.id.len = sizeof test_id;
	hh.ward_code = "AK";
	hh.code = "AK-1";
	hh.head_name = "Trương Văn Hoành";
	hh.status_since = "2024-01-15";
	create.household = &hh;
	req.seq = 1;
	req.body_case = ANSINH__V1__REQUEST__BODY_HOUSEHOLD_CREATE;
	req.household_create = &create;
	seed = frame_pack(&req.base, FRAME_DEFAULT_MAX, &seed_len);
	if (!ok(seed != NULL && seed_len <= sizeof buf, "random: seed frame"))
		return;

	for (round = 0; round < RANDOM_ROUNDS; round++) {
		size_t len, i, n = 0;
		char path[128];
		const char *why;
		Ansinh__V1__Request *r;
		Ansinh__V1__Response *s;

		if (round % 2 == 0) {
			len = rnd() % sizeof buf;
			for (i = 0; i < len; i++)
				buf[i] = (uint8_t)rnd();
		} else {
			memcpy(buf, seed, seed_len);
			len = seed_len;
			for (i = 1 + rnd() % 4; i > 0; i--)
				buf[rnd() % len] = (uint8_t)rnd();
			if (rnd() % 3 == 0)
				len = rnd() % (len + 1);
		}

		if (frame_peek(buf, len, FRAME_DEFAULT_MAX, &n) == FRAME_OK)
			peeked_ok++;
		/* The seed's payload sits after the header; noise is read
		 * whole and after the first 4 bytes both. */
		for (i = 0; i <= FRAME_HEADER_SIZE && i <= len;
		     i += FRAME_HEADER_SIZE) {
			r = frame_decode_request(buf + i, len - i, path,
			                         sizeof path, &why);
			if (r != NULL) {
				decoded++;
				bad_strings += !strings_valid(&r->base);
				ansinh__v1__request__free_unpacked(r, NULL);
			}
			s = frame_decode_response(buf + i, len - i, path,
			                          sizeof path, &why);
			if (s != NULL) {
				bad_strings += !strings_valid(&s->base);
				ansinh__v1__response__free_unpacked(s, NULL);
			}
		}
	}
	ok(true, "random: %d buffers through frame_peek and the decoders",
	   RANDOM_ROUNDS);
	is_int(bad_strings, 0, "random: no decoded string is invalid UTF-8");
	diag("random: %d requests decoded, %d frames complete", decoded,
	     peeked_ok);
	ok(decoded > 100, "random: some requests did decode (%d)", decoded);
	free(seed);
}

/*
 * Walk an unpacked message by its descriptor: every string, at any depth,
 * must be valid UTF-8.
 */
static bool
strings_valid(const ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	const char *base = (const char *)m;
	unsigned i;

	for (i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		void *const *items;
		size_t n = 1, j;

		if (f->type != PROTOBUF_C_TYPE_STRING &&
		    f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
		    *(const uint32_t *)(base + f->quantifier_offset) != f->id)
			continue;
		items = (void *const *)(base + f->offset);
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			n = *(const size_t *)(base + f->quantifier_offset);
			items = *(void *const *const *)items;
		}
		for (j = 0; j < n; j++) {
			if (items[j] == NULL)
				continue;
			if (f->type == PROTOBUF_C_TYPE_STRING) {
				const char *s = items[j];

				if (!rule_utf8(s, strlen(s)))
					return false;
			} else if (!strings_valid(items[j])) {
				return false;
			}
		}
	}
	return true;
}

/* xorshift32 with a fixed seed: the same buffers on every run. */
static uint32_t
rnd(void)
{
	static uint32_t x = 2463534242u;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return x;
}
