/*
 * test_outbox.c — the outbox file of client/outbox.c: appends that survive
 * reopening, outcomes, compaction, a torn tail cut off, damage refused, the
 * send lock, CRC-32C. Works in a fresh directory under $TMPDIR. Links
 * client/outbox.o and client/xmalloc.o.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../client/outbox.h"
#include "tap.h"

static char dir[256];
static char path[300];

static void test_crc(void);
static void test_missing(void);
static void test_append_reopen(void);
static void test_outcomes(void);
static void test_torn(void);
static void test_damage(void);
static void test_send_lock(void);
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
	ok(!outbox_append(ob, rid, NULL, "x", rid, 1, &id, &cause),
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
	if (!outbox_append(ob, rid, rec, what, req, sizeof req, &id, &cause)) {
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
