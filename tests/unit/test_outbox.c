/*
 * test_outbox.c — the outbox file of client/outbox.c: appends that survive
 * reopening, outcomes, compaction, a torn tail cut off, damage refused, the
 * send lock, CRC-32C; who queued each entry (a token's fingerprint, its
 * role and ward), an outbox of format 1 read and claimed, and an outbox
 * whose lock file is missing read the same. Works in a fresh directory
 * under $TMPDIR.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../client/outbox-codec.h"
#include "../../client/outbox.h"
#include "tap.h"

static char dir[256];
static char path[300];

/* Two officers' tokens, as their fingerprints. */
static const struct outbox_identity ward_ak = {
    true, {0xa1, 0xa2, 0xa3, 0xa4}, 1, "AK"};
static const struct outbox_identity ward_kd = {
    true, {0xd1, 0xd2, 0xd3, 0xd4}, 1, "KD"};

static void test_crc(void);
static void test_missing(void);
static void test_append_reopen(void);
static void test_outcomes(void);
static void test_torn(void);
static void test_damage(void);
static void test_send_lock(void);
static void test_identity(void);
static void test_version1(void);
static void test_no_lock_file(void);
static struct outbox *reopen(bool create);
static uint64_t append(struct outbox *ob, const char *what, uint8_t seed);
static long file_size(void);
static void cleanup(void);

int
main(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof dir, "%s/outbox-test.XXXXXX",
	         tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		printf("Bail out! cannot make a temporary directory\n");
		return 1;
	}
	/* A directory that does not exist yet: outbox_open makes it. */
	snprintf(path, sizeof path, "%s/state/ansinh/outbox", dir);
	test_crc();
	test_missing();
	test_append_reopen();
	test_outcomes();
	test_torn();
	test_damage();
	test_send_lock();
	test_identity();
	test_version1();
	test_no_lock_file();
	cleanup();
	return done_testing();
}

static void
test_crc(void)
{
	is_int(outbox_crc32c(0, "123456789", 9), 0xe3069283,
	       "CRC-32C of \"123456789\" is the standard check value");
	is_int(outbox_crc32c(outbox_crc32c(0, "1234", 4), "56789", 5),
	       0xe3069283, "and can be computed in parts");
}

static void
test_missing(void)
{
	struct outbox *ob;
	struct stat st;
	char *cause = NULL;

	ok(outbox_open(path, false, &ob, &cause), "a missing outbox opens "
	                                          "for reading");
	is_int((long long)outbox_count(ob), 0, "and is empty");
	outbox_close(ob);
	ok(stat(path, &st) == -1, "without creating anything");
}

static void
test_append_reopen(void)
{
	const struct outbox_entry *e;
	struct outbox *ob;
	uint8_t rid[UUID_SIZE];
	struct stat st;

	ob = reopen(true);
	is_int((long long)append(ob, "household add --code A-1", 1), 1,
	       "the first entry is number 1");
	is_int((long long)append(ob, "household add --code A-2", 2), 2,
	       "the second 2");
	is_int((long long)append(ob, "member add --household A-1", 3), 3,
	       "the third 3");
	outbox_close(ob);
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
	   "the file is made private (0600)");
	ob = reopen(false);
	is_int((long long)outbox_count(ob), 3, "three entries after reopening");
	is_int((long long)outbox_queued(ob), 3, "all queued");
	e = outbox_entry(ob, 1);
	ok(e != NULL && e->id == 2 &&
	       strcmp(e->what, "household add --code A-2") == 0,
	   "the second is as written");
	memset(rid, 2, sizeof rid);
	ok(e != NULL && memcmp(e->request_id, rid, UUID_SIZE) == 0 &&
	       e->has_record_id && e->record_id[0] == 0x12,
	   "with its request id and record id");
	ok(e != NULL && e->request_len == 5 &&
	       memcmp(e->request, "\x02\x02\x02\x02\x02", 5) == 0,
	   "and its request bytes");
	ok(outbox_warning(ob) == NULL, "no warning");
	outbox_close(ob);
}

static void
test_outcomes(void)
{
	const struct outbox_entry *e;
	struct outbox *ob;
	char *cause = NULL;
	long before, after;

	ob = reopen(false);
	ok(outbox_mark(ob, 2, OUTBOX_DELIVERED, 0, NULL, &cause),
	   "entry 2 delivered");
	ok(outbox_mark(ob, 1, OUTBOX_REJECTED, 6, "ALREADY_EXISTS: code A-1",
	               &cause),
	   "entry 1 rejected");
	ok(!outbox_mark(ob, 9, OUTBOX_DROPPED, 0, NULL, &cause),
	   "an unknown entry cannot be marked");
	free(cause);
	cause = NULL;
	outbox_close(ob);
	ob = reopen(false);
	is_int((long long)outbox_count(ob), 2, "two entries left");
	is_int((long long)outbox_queued(ob), 1, "one of them queued");
	e = outbox_find(ob, 1);
	ok(e != NULL && e->state == OUTBOX_REJECTED && e->code == 6 &&
	       strcmp(e->reason, "ALREADY_EXISTS: code A-1") == 0,
	   "entry 1 is rejected with its code and reason");
	ok(outbox_find(ob, 2) == NULL, "entry 2 is gone");
	ok(outbox_mark(ob, 3, OUTBOX_DROPPED, 0, NULL, &cause),
	   "entry 3 dropped");
	before = file_size();
	ok(outbox_compact(ob, &cause), "compaction");
	after = file_size();
	ok(after < before, "makes the file smaller (%ld -> %ld bytes)", before,
	   after);
	outbox_close(ob);
	ob = reopen(false);
	is_int((long long)outbox_count(ob), 1, "one entry after compaction");
	e = outbox_entry(ob, 0);
	ok(e != NULL && e->id == 1 && e->state == OUTBOX_REJECTED &&
	       strcmp(e->reason, "ALREADY_EXISTS: code A-1") == 0,
	   "the rejected one, reason and all");
	is_int((long long)append(ob, "household add --code A-4", 4), 4,
	       "numbers are never reused: the next is 4");
	ok(outbox_mark(ob, 1, OUTBOX_DROPPED, 0, NULL, &cause) &&
	       outbox_mark(ob, 4, OUTBOX_DELIVERED, 0, NULL, &cause) &&
	       outbox_compact(ob, &cause),
	   "everything gone, then compacted");
	outbox_close(ob);
	ob = reopen(false);
	is_int((long long)outbox_count(ob), 0, "the outbox is empty");
	is_int((long long)append(ob, "x", 5), 5, "and still counts on from 5");
	ok(outbox_mark(ob, 5, OUTBOX_DELIVERED, 0, NULL, &cause) &&
	       outbox_compact(ob, &cause),
	   "emptied again");
	outbox_close(ob);
}

static void
test_torn(void)
{
	struct outbox *ob;
	long size, cut;
	int fd;

	ob = reopen(false);
	(void)append(ob, "kept", 6);
	size = file_size();
	(void)append(ob, "torn", 7);
	outbox_close(ob);
	/* A crash in the middle of the second append. */
	cut = size + (file_size() - size) / 2;
	ok(truncate(path, cut) == 0, "cut the last record in half");
	ob = reopen(false);
	is_int((long long)outbox_count(ob), 1, "the torn entry is ignored");
	ok(outbox_entry(ob, 0) != NULL &&
	       strcmp(outbox_entry(ob, 0)->what, "kept") == 0,
	   "the one before it is intact");
	ok(outbox_warning(ob) != NULL &&
	       strstr(outbox_warning(ob), "incomplete") != NULL,
	   "a warning says so");
	is_int(file_size(), size, "and the torn bytes are cut off");
	is_int((long long)append(ob, "after", 8), 7,
	       "appending goes on after it (number 7 was never acknowledged)");
	outbox_close(ob);

	/* A torn header (only 5 bytes of it). */
	size = file_size();
	fd = open(path, O_WRONLY | O_APPEND);
	ok(fd != -1 && write(fd, "AO\x01\x01\x00", 5) == 5, "add half a "
	                                                    "header");
	close(fd);
	ob = reopen(false);
	is_int((long long)outbox_count(ob), 2, "half a header is ignored");
	is_int(file_size(), size, "and cut off");
	outbox_close(ob);

	/* Zeros, as a file system may leave after a crash. */
	fd = open(path, O_WRONLY | O_APPEND);
	ok(fd != -1 &&
	       write(fd, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 20) == 20,
	   "add twenty zero bytes");
	close(fd);
	ob = reopen(false);
	is_int((long long)outbox_count(ob), 2, "zeros at the end are ignored");
	is_int(file_size(), size, "and cut off");
	outbox_close(ob);
}

static void
test_damage(void)
{
	struct outbox *ob;
	char *cause = NULL;
	uint64_t id;
	uint8_t rid[UUID_SIZE] = {9};
	long size;
	int fd;

	size = file_size();
	/* Flip a byte inside the first record: good records follow it. */
	fd = open(path, O_RDWR);
	ok(fd != -1 && pwrite(fd, "Z", 1, 20) == 1, "damage the first record");
	close(fd);
	ob = reopen(false);
	ok(outbox_warning(ob) != NULL &&
	       strstr(outbox_warning(ob), "damaged") != NULL,
	   "damage is reported");
	ok(!outbox_append(ob, rid, NULL, &ward_ak, "x", rid, 1, &id, &cause),
	   "and nothing may be appended");
	ok(cause != NULL && strstr(cause, "damaged") != NULL, "saying why");
	free(cause);
	outbox_close(ob);
	is_int(file_size(), size, "the file is left as it was");
}

static void
test_send_lock(void)
{
	char *cause = NULL;
	int fd1 = -1, fd2 = -1;

	is_int(outbox_send_lock(path, 0, &fd1, &cause), 1,
	       "the send lock is taken");
	is_int(outbox_send_lock(path, 100, &fd2, &cause), 0,
	       "a second taker waits, then gives up");
	outbox_send_unlock(fd1);
	is_int(outbox_send_lock(path, 0, &fd2, &cause), 1,
	       "once released it can be taken again");
	outbox_send_unlock(fd2);
}

/* Each entry keeps who queued it; only the same token sends it. */
static void
test_identity(void)
{
	const struct outbox_entry *e;
	struct outbox_queued q;
	struct outbox *ob;
	uint8_t rid[UUID_SIZE] = {0x44}, req[3] = {1, 2, 3};
	char *cause = NULL;
	uint64_t ak, kd;

	unlink(path);
	ob = reopen(true);
	ak = append(ob, "household add --code AK-1", 0x41);
	ok(outbox_append(ob, rid, NULL, &ward_kd, "household add --code KD-1",
	                 req, sizeof req, &kd, &cause),
	   "another officer's token queues an entry too");
	outbox_close(ob);
	ob = reopen(false);
	e = outbox_find(ob, ak);
	ok(e != NULL && e->who.known && e->who.role == 1 &&
	       strcmp(e->who.ward, "AK") == 0 &&
	       memcmp(e->who.token, ward_ak.token, OUTBOX_FINGERPRINT) == 0,
	   "an entry keeps the fingerprint, role and ward that queued it");
	ok(e != NULL && outbox_same_identity(&e->who, &ward_ak) &&
	       !outbox_same_identity(&e->who, &ward_kd),
	   "it is ward AK's token's, not ward KD's");
	outbox_queued_by(ob, &ward_kd, &q);
	ok(q.mine == 1 && q.others == 1 && q.unknown == 0,
	   "counted for KD: one of its own, one of another token");
	ok(!outbox_claim(ob, ak, &ward_kd, &cause) && cause != NULL &&
	       strstr(cause, "only that token") != NULL,
	   "an entry with a token cannot be claimed by another");
	free(cause);
	cause = NULL;
	ok(outbox_mark(ob, ak, OUTBOX_DELIVERED, 0, NULL, &cause) &&
	       outbox_compact(ob, &cause),
	   "compaction");
	outbox_close(ob);
	ob = reopen(false);
	e = outbox_find(ob, kd);
	ok(outbox_count(ob) == 1 && e != NULL &&
	       outbox_same_identity(&e->who, &ward_kd) &&
	       strcmp(e->who.ward, "KD") == 0,
	   "keeps the identity of what it rewrites");
	ok(outbox_mark(ob, kd, OUTBOX_DROPPED, 0, NULL, &cause) &&
	       outbox_compact(ob, &cause),
	   "emptied");
	outbox_close(ob);
}

/* An outbox written by a client of format 1: its entries have no identity;
 * they are read, sent by nobody, and claimed by a token. */
static void
test_version1(void)
{
	struct outbox_buf file = {0}, payload = {0};
	const struct outbox_entry *e;
	struct outbox_queued q;
	struct outbox *ob;
	uint8_t v1[256];
	char *cause = NULL;
	size_t n = 0, i;
	int fd;

	/* Entry 1 as version 1 wrote it: no identity between the record id
	 * and the command. */
	for (i = 0; i < 7; i++)
		v1[n++] = 0;
	v1[n++] = 1; /* id 1 */
	for (i = 0; i < 7; i++)
		v1[n++] = 0;
	v1[n++] = 100; /* queued_at */
	memset(v1 + n, 0x55, UUID_SIZE);
	n += UUID_SIZE;
	v1[n++] = 1; /* has_record_id */
	memset(v1 + n, 0x66, UUID_SIZE);
	n += UUID_SIZE;
	v1[n++] = 0;
	v1[n++] = 3;
	memcpy(v1 + n, "old", 3);
	n += 3;
	v1[n++] = 0;
	v1[n++] = 0;
	v1[n++] = 0;
	v1[n++] = 2;
	v1[n++] = 0x08;
	v1[n++] = 0x01;
	payload.p = v1;
	payload.len = n;
	outbox_encode_record(&file, OUTBOX_T_ENTRY, &payload);
	file.p[2] = 1; /* version 1, and its CRC */
	{
		uint32_t crc = outbox_crc32c(0, file.p, 8);

		crc = outbox_crc32c(crc, file.p + OUTBOX_HEADER, n);
		file.p[8] = (uint8_t)(crc >> 24);
		file.p[9] = (uint8_t)(crc >> 16);
		file.p[10] = (uint8_t)(crc >> 8);
		file.p[11] = (uint8_t)crc;
	}
	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ok(fd != -1 && write(fd, file.p, file.len) == (ssize_t)file.len,
	   "an outbox of format 1 with one entry");
	close(fd);
	free(file.p);
	ob = reopen(false);
	e = outbox_find(ob, 1);
	ok(outbox_warning(ob) == NULL && e != NULL &&
	       strcmp(e->what, "old") == 0 && e->request_len == 2 &&
	       e->has_record_id && !e->who.known,
	   "is read: its entry, with no identity");
	outbox_queued_by(ob, &ward_ak, &q);
	ok(q.mine == 0 && q.unknown == 1, "which no token may send");
	ok(outbox_claim(ob, 1, &ward_ak, &cause), "until a token claims it");
	outbox_close(ob);
	ob = reopen(false);
	e = outbox_find(ob, 1);
	ok(e != NULL && outbox_same_identity(&e->who, &ward_ak),
	   "then it is that token's, durably");
	is_int((long long)append(ob, "new", 0x42), 2,
	       "appending goes on after it");
	ok(outbox_mark(ob, 2, OUTBOX_DELIVERED, 0, NULL, &cause) &&
	       outbox_compact(ob, &cause),
	   "compaction rewrites it");
	outbox_close(ob);
	ob = reopen(false);
	e = outbox_find(ob, 1);
	ok(e != NULL && outbox_same_identity(&e->who, &ward_ak) &&
	       strcmp(e->what, "old") == 0,
	   "in format 2, with its identity");
	ok(outbox_mark(ob, 1, OUTBOX_DROPPED, 0, NULL, &cause) &&
	       outbox_compact(ob, &cause),
	   "emptied");
	outbox_close(ob);
}

/* The lock file holds nothing: an outbox copied without it reads the
 * same, and can be changed. */
static void
test_no_lock_file(void)
{
	struct outbox *ob;
	char lock[320], *cause = NULL;

	ob = reopen(false);
	(void)append(ob, "one", 0x51);
	(void)append(ob, "two", 0x52);
	outbox_close(ob);
	snprintf(lock, sizeof lock, "%s.lock", path);
	ok(unlink(lock) == 0, "the lock file removed");
	ob = reopen(false);
	is_int((long long)outbox_count(ob), 2,
	       "the outbox still holds its two entries");
	ok(outbox_mark(ob, outbox_entry(ob, 0)->id, OUTBOX_DELIVERED, 0, NULL,
	               &cause),
	   "and can be changed");
	outbox_close(ob);
	ob = reopen(false);
	is_int((long long)outbox_count(ob), 1, "durably");
	outbox_close(ob);
}

/* ---------------------------------------------------------------- helpers */

static struct outbox *
reopen(bool create)
{
	struct outbox *ob = NULL;
	char *cause = NULL;

	if (!outbox_open(path, create, &ob, &cause)) {
		printf("Bail out! outbox_open: %s\n", cause);
		exit(1);
	}
	return ob;
}

/* Append an entry whose ids and request are bytes of seed. */
static uint64_t
append(struct outbox *ob, const char *what, uint8_t seed)
{
	uint8_t rid[UUID_SIZE], rec[UUID_SIZE], req[5];
	char *cause = NULL;
	uint64_t id = 0;

	memset(rid, seed, sizeof rid);
	memset(rec, 0x10 + seed, sizeof rec);
	memset(req, seed, sizeof req);
	if (!outbox_append(ob, rid, rec, &ward_ak, what, req, sizeof req, &id,
	                   &cause)) {
		diag("outbox_append: %s", cause);
		free(cause);
	}
	return id;
}

static long
file_size(void)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static void
cleanup(void)
{
	char p[400];
	static const char *const files[] = {
	    "outbox",
	    "outbox.lock",
	    "outbox.send",
	    "outbox.new",
	};
	size_t i;

	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(p, sizeof p, "%s/state/ansinh/%s", dir, files[i]);
		unlink(p);
	}
	snprintf(p, sizeof p, "%s/state/ansinh", dir);
	rmdir(p);
	snprintf(p, sizeof p, "%s/state", dir);
	rmdir(p);
	rmdir(dir);
}
