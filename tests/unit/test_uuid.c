/*
 * test_uuid.c — UUIDv7 generation, formatting and parsing.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "uuid.h"

#define COUNT 10000

static void test_bits(void);
static void test_format_parse(void);
static void test_parse_rejects(void);
static void test_monotonic(void);
static uint64_t now_ms(void);

int
main(void)
{
	test_bits();
	test_format_parse();
	test_parse_rejects();
	test_monotonic();
	return done_testing();
}

static void
test_bits(void)
{
	uint8_t id[UUID_SIZE];
	uint64_t before, after, ms;
	int bad_version = 0, bad_variant = 0, i;

	before = now_ms();
	ok(uuid7_generate(id), "uuid7_generate succeeds");
	after = now_ms();
	is_int(id[6] >> 4, 7, "version nibble is 7");
	is_int(id[8] >> 6, 2, "variant bits are 10");
	ok(!uuid_is_nil(id), "a new id is not nil");
	ms = uuid7_millis(id);
	ok(ms + 1 >= before && ms <= after + 1000,
	   "uuid7_millis is now (%llu in [%llu, %llu])", (unsigned long long)ms,
	   (unsigned long long)before, (unsigned long long)after);

	for (i = 0; i < 1000; i++) {
		if (!uuid7_generate(id))
			break;
		bad_version += id[6] >> 4 != 7;
		bad_variant += id[8] >> 6 != 2;
	}
	is_int(i, 1000, "1000 more generated");
	is_int(bad_version, 0, "all of them version 7");
	is_int(bad_variant, 0, "all of them variant 10");
}

static void
test_format_parse(void)
{
	static const uint8_t known[UUID_SIZE] = {
	    0x01, 0x90, 0xa5, 0xe2, 0x7c, 0x1b, 0x7d, 0xef,
	    0x8a, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde};
	static const uint8_t nil[UUID_SIZE];
	uint8_t id[UUID_SIZE], back[UUID_SIZE];
	char s[UUID_STR_SIZE];

	uuid_format(known, s);
	is_str(s, "0190a5e2-7c1b-7def-8a12-3456789abcde", "uuid_format");
	is_int((long long)strlen(s), 36, "36 characters");
	is_int((long long)uuid7_millis(known), 0x0190a5e27c1bLL,
	       "uuid7_millis reads the first 48 bits");
	ok(uuid_parse("0190A5E2-7C1B-7DEF-8A12-3456789ABCDE", back) &&
	       memcmp(back, known, UUID_SIZE) == 0,
	   "uuid_parse accepts upper case");
	ok(uuid_parse("0190a5e2-7c1b-7def-8a12-3456789ABCde", back) &&
	       memcmp(back, known, UUID_SIZE) == 0,
	   "uuid_parse accepts mixed case");

	ok(uuid7_generate(id), "generate");
	uuid_format(id, s);
	ok(uuid_parse(s, back) && memcmp(back, id, UUID_SIZE) == 0,
	   "format then parse round trip (%s)", s);

	uuid_format(nil, s);
	is_str(s, "00000000-0000-0000-0000-000000000000", "nil formats");
	ok(uuid_parse(s, back) && uuid_is_nil(back), "nil parses and is nil");
	ok(!uuid_is_nil(known), "known is not nil");
}

static void
test_parse_rejects(void)
{
	static const char *bad[] = {
	    "",
	    "0190a5e2-7c1b-7def-8a12-3456789abcd",   /* short */
	    "0190a5e2-7c1b-7def-8a12-3456789abcdef", /* long */
	    "0190a5e2-7c1b-7def-8a12-3456789abcdg",  /* not hex */
	    "0190a5e27c1b7def8a123456789abcde",      /* no hyphens */
	    "0190a5e2-7c1b7def-8a12-3456789abcde-",  /* hyphen moved */
	    "{0190a5e2-7c1b-7def-8a12-3456789abcde}",
	    "urn:uuid:0190a5e2-7c1b-7def-8a12-3456789abcde",
	    " 0190a5e2-7c1b-7def-8a12-3456789abcde",
	    "0190a5e2-7c1b-7def-8a12-3456789abcde ",
	    "0190a5e2_7c1b_7def_8a12_3456789abcde",
	    "+190a5e2-7c1b-7def-8a12-3456789abcde",
	    "AK-001",
	};
	uint8_t out[UUID_SIZE], before[UUID_SIZE];
	size_t i;

	memset(out, 0xab, sizeof out);
	memcpy(before, out, sizeof out);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ok(!uuid_parse(bad[i], out), "uuid_parse rejects \"%s\"",
		   bad[i]);
	ok(memcmp(out, before, sizeof out) == 0,
	   "a rejected parse leaves out alone");
	ok(!uuid_parse(NULL, out), "uuid_parse rejects NULL");
}

static void
test_monotonic(void)
{
	uint8_t(*ids)[UUID_SIZE] = malloc(COUNT * sizeof *ids);
	uint64_t start, end;
	int i, fails = 0, first_bad = -1;

	if (ids == NULL) {
		ok(false, "malloc");
		return;
	}
	start = now_ms();
	for (i = 0; i < COUNT; i++)
		if (!uuid7_generate(ids[i]))
			break;
	end = now_ms();
	is_int(i, COUNT, "%d ids generated", COUNT);
	for (i = 1; i < COUNT; i++)
		if (memcmp(ids[i - 1], ids[i], UUID_SIZE) >= 0) {
			fails++;
			if (first_bad < 0)
				first_bad = i;
		}
	is_int(fails, 0, "%d ids strictly increasing as bytes (first bad %d)",
	       COUNT, first_bad);
	/* The counter may borrow a few milliseconds ahead, never many. */
	ok(uuid7_millis(ids[0]) + 1 >= start &&
	       uuid7_millis(ids[COUNT - 1]) <= end + 50,
	   "their times lie between %llu and %llu (+50)",
	   (unsigned long long)start, (unsigned long long)end);
	free(ids);
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}
