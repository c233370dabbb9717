/*
 * test_ids.c — the derived ids of import (client/ids.c: UUIDv8 from
 * SHA-256, documented vectors) and the progress bar's text
 * (client/progress.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../client/ids.h"
#include "../../client/progress.h"
#include "tap.h"

static void test_vectors(void);
static void test_bits(void);
static void test_progress(void);

int
main(void)
{
	test_vectors();
	test_bits();
	test_progress();
	return done_testing();
}

/* The vectors in README.md: sha256sum of the name, first 16 bytes, byte 6
 * = 0x8X, byte 8 = 0b10XXXXXX. */
static void
test_vectors(void)
{
	uint8_t id[UUID_SIZE], again[UUID_SIZE], tag[IDS_WARD_TAG];
	char s[UUID_STR_SIZE];

	ids_record("household", "AK", "AK-001", id);
	uuid_format(id, s);
	/* sha256("ansinh:household:AK:AK-001") = c1a6434f453882942299... */
	is_str(s, "c1a6434f-4538-8294-a299-288741b2506e",
	       "household AK-001 of ward AK");
	ids_record("member", "AK", "AK-001:cccd:048068001234", id);
	uuid_format(id, s);
	/* sha256("ansinh:member:AK") = d3a3df04bcd91a2c... (the ward's tag),
	 * sha256(...) = cc903ba5ca625a6c3468d5e35eccd445...: bytes 0-7 the
	 * tag, byte 6 0x1a -> 0x8a, bytes 8-15 the key's, byte 8 0x34 ->
	 * 0xb4 */
	is_str(s, "d3a3df04-bcd9-8a2c-b468-d5e35eccd445",
	       "member with citizen ID 048068001234 of household AK-001");
	ids_ward_tag("member", "AK", tag);
	ok(memcmp(id, tag, 6) == 0 && id[7] == tag[7] &&
	       (id[6] & 0x0f) == (tag[6] & 0x0f),
	   "a member's id starts with its ward's tag");
	ids_record("member", "KD", "AK-001:cccd:048068001234", again);
	ids_ward_tag("member", "KD", tag);
	ok(memcmp(id, again, 8) != 0 && memcmp(again, tag, 6) == 0,
	   "the same key in another ward: that ward's tag");
	ids_derive("ansinh:household:AK:", "AK-001", 6, again);
	ids_record("household", "AK", "AK-001", id);
	ok(memcmp(id, again, UUID_SIZE) == 0,
	   "ids_record is ids_derive with the prefix");
	ids_record("household", "KD", "AK-001", again);
	ok(memcmp(id, again, UUID_SIZE) != 0,
	   "the same code in another ward is another household");
	ids_derive("ansinh:request:", "\x0a\x02", 2, id);
	ids_derive("ansinh:request:", "\x0a\x03", 2, again);
	ok(memcmp(id, again, UUID_SIZE) != 0,
	   "a changed request is another request id");
}

static void
test_bits(void)
{
	uint8_t id[UUID_SIZE];
	char key[32];
	int i, bad = 0;

	for (i = 0; i < 1000; i++) {
		snprintf(key, sizeof key, "K-%d", i);
		ids_record("household", "AK", key, id);
		if ((id[6] & 0xf0) != 0x80 || (id[8] & 0xc0) != 0x80 ||
		    uuid_is_nil(id))
			bad++;
	}
	is_int(bad, 0, "1000 derived ids all have version 8 and variant 10");
}

static void
test_progress(void)
{
	char buf[160];

	progress_format(buf, sizeof buf, 12345, 500, 1000, 10.0);
	is_str(buf, "12,345 rows  1,235 rows/s  50%  ETA 0:10",
	       "rows, rate, share and time left");
	progress_format(buf, sizeof buf, 7, 10, 0, 2.0);
	is_str(buf, "7 rows  4 rows/s",
	       "without a known size: no share, "
	       "no ETA");
	progress_format(buf, sizeof buf, 10, 10, 1000, 0.5);
	is_str(buf, "10 rows  20 rows/s  1%", "no ETA in the first second");
	progress_format(buf, sizeof buf, 1, 1, 3701, 1.0);
	is_str(buf, "1 rows  1 rows/s  0%  ETA 1:01:40", "hours");
	progress_format(buf, sizeof buf, 1234567, 2000, 1000, 100.0);
	is_str(buf, "1,234,567 rows  12,346 rows/s  100%  ETA 0:00",
	       "past the end counts as the end");
	progress_format(buf, 12, 1234567, 0, 0, 1.0);
	is_str(buf, "1,234,567 r", "cut to the buffer");
}
