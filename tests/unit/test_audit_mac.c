/*
 * test_audit_mac.c — the audit MAC's key file (what it takes and the reason
 * for each line it refuses) and the MAC itself against values computed
 * independently (Python's hmac over the same message), so that a change of
 * the message's form, which would break every stored MAC, fails here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../server/audit_mac.h"
#include "hex.h"
#include "tap.h"

static bool load(const char *text, struct audit_keys *keys, char *err,
                 size_t size);
static void test_file(void);
static void test_mac(void);

static char path[] = "/tmp/ansinh-audit-key-XXXXXX";

int
main(void)
{
	int fd = mkstemp(path);

	if (fd < 0)
		return 1;
	close(fd);
	test_file();
	test_mac();
	unlink(path);
	return done_testing();
}

static bool
load(const char *text, struct audit_keys *keys, char *err, size_t size)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		return false;
	fputs(text, f);
	fclose(f);
	err[0] = '\0';
	return audit_keys_load(path, keys, err, size);
}

static void
test_file(void)
{
	static const char k32[] =
	    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
	static const struct {
		const char *text;
		const char *why; /* NULL: accepted */
	} bad[] = {
	    {"", "no key (lines of key_id:hex-secret)"},
	    {"# only a comment\n\n", "no key (lines of key_id:hex-secret)"},
	    {"k1\n", ":1: expected key_id:hex-secret"},
	    {":00112233445566778899aabbccddeeff\n",
	     ":1: the key id must have 1 to 32 characters"},
	    {"k 1:00112233445566778899aabbccddeeff\n",
	     ":1: the key id may only contain letters"},
	    {"k1:abcd\n", ":1: the secret must be 16 to 128 bytes in hex"},
	    {"k1:00112233445566778899aabbccddeef\n",
	     ":1: the secret must be 16 to 128 bytes in hex"},
	    {"k1:00112233445566778899aabbccddeexx\n",
	     ":1: the secret must be hex digits"},
	    {"# keys\nk1:00112233445566778899aabbccddeeff\n"
	     "k1:ffeeddccbbaa99887766554433221100\n",
	     ":3: a key id given twice"},
	};
	struct audit_keys keys;
	char err[512], text[512];

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ok(!load(bad[i].text, &keys, err, sizeof err),
		   "key file %zu is refused", i);
		ok(strstr(err, path) != NULL && strstr(err, bad[i].why) != NULL,
		   "  naming the file and \"%s\" (got \"%s\")", bad[i].why,
		   err);
	}
	snprintf(text, sizeof text,
	         "# the district office, rotated 2026-12-02\n"
	         "k2:%s\r\n\nk1:00112233445566778899AABBCCDDEEFF\n",
	         k32);
	ok(load(text, &keys, err, sizeof err), "a file of two keys loads (%s)",
	   err);
	is_int((long long)keys.n, 2, "two keys");
	is_str(keys.keys[0].id, "k2", "the first is current");
	is_int((long long)keys.keys[0].len, 32, "of 32 bytes");
	ok(keys.keys[0].secret[31] == 0x1f, "read from hex (CRLF ends too)");
	ok(audit_keys_find(&keys, "k1") == &keys.keys[1] &&
	       keys.keys[1].secret[15] == 0xff,
	   "the older key is found by id, upper-case hex read");
	ok(audit_keys_find(&keys, "k3") == NULL, "an unknown id is not");
	ok(!audit_keys_load("/nonexistent/keys", &keys, err, sizeof err) &&
	       strstr(err, "/nonexistent/keys: No such file") != NULL,
	   "a missing file names itself (%s)", err);
}

static void
test_mac(void)
{
	struct audit_key k = {.id = "k1", .len = 32};
	uint8_t mac[AUDIT_MAC_SIZE];
	char hex[2 * AUDIT_MAC_SIZE + 1], param[AUDIT_MAC_PARAM_SIZE];
	struct audit_keys keys = {.n = 1};

	for (int i = 0; i < 32; i++)
		k.secret[i] = (uint8_t)i;
	audit_mac_compute(&k, "01a2aaaa-0000-7000-8000-000000000001",
	                  "01a2aaaa-0000-7000-8000-0000000000ff", "ward", "AK",
	                  "An Kh\xc3\xaa officer", "household_create", mac);
	hex_encode(mac, sizeof mac, hex);
	is_str(
	    hex,
	    "4870abf99d7885b1735694fd784260add7f8eae03161ac916fd0868b1fa7fa33",
	    "the MAC of a ward write is HMAC-SHA256 of the v1 message");
	audit_mac_compute(&k, "01a2aaaa-0000-7000-8000-000000000001",
	                  "01a2aaaa-0000-7000-8000-0000000000ff", "district",
	                  "", "district", "fund_create", mac);
	hex_encode(mac, sizeof mac, hex);
	is_str(
	    hex,
	    "f29bc56076007b1e2f431624c512bf7587c8d5afd49276d47829bb0ccfaa5a4a",
	    "and of a district write (no ward)");
	audit_mac_compute(&k, "01a2aaaa-0000-7000-8000-000000000001",
	                  "01a2aaaa-0000-7000-8000-0000000000ff", "district",
	                  "d", "istrict", "fund_create", mac);
	hex_encode(mac, sizeof mac, hex);
	ok(strcmp(hex, "f29bc56076007b1e2f431624c512bf7587c8d5afd49276d47829"
	               "bb0ccfaa5a4a") != 0,
	   "fields are length-prefixed: moving a character between two "
	   "changes the MAC");

	audit_mac_set_keys(NULL);
	ok(!audit_mac_param("r", "t", "ward", "AK", "a", "o", param),
	   "without keys a write has no MAC parameter");
	keys.keys[0] = k;
	audit_mac_set_keys(&keys);
	ok(audit_mac_param("01a2aaaa-0000-7000-8000-000000000001",
	                   "01a2aaaa-0000-7000-8000-0000000000ff", "ward", "AK",
	                   "An Kh\xc3\xaa officer", "household_create", param),
	   "with keys it has one");
	is_str(param,
	       "k1:4870abf99d7885b1735694fd784260add7f8eae03161ac916fd0868b1fa7"
	       "fa33",
	       "key_id:hex of the current key");
	audit_mac_set_keys(NULL);
}
