/*
 * outbox.c — the outbox file: locking, reading with torn-tail detection,
 * durable appends, compaction (see outbox.h for the format).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "outbox-codec.h"
#include "outbox.h"
#include "xmalloc.h"

struct outbox {
	char *path;  /* owned */
	int lock_fd; /* "<path>.lock", held; -1 when there is none */
	int fd;      /* the data file; -1 when it does not exist */
	bool writable;
	bool damaged;
	char *warning;                /* owned, or NULL */
	struct outbox_entry *entries; /* owned; live ones only */
	size_t n;
	size_t cap;
	uint64_t next_id;
	size_t dead; /* records in the file that compaction would drop */
	off_t size;  /* bytes of valid records */
};

static bool outbox_prepare_dir(const char *path, char **cause);
static bool outbox_fsync_dir(const char *path, char **cause);
static bool outbox_read(struct outbox *ob, char **cause);
static bool outbox_apply(void *arg, int version, uint8_t type, const uint8_t *p,
                         size_t len);
static int outbox_lock_open(const char *path, bool create, char **cause);
static struct outbox_entry *outbox_lookup(const struct outbox *ob, uint64_t id,
                                          size_t *at);
static void outbox_entry_free(struct outbox_entry *e);
static void outbox_remove(struct outbox *ob, size_t i);
static bool outbox_write_record(struct outbox *ob, uint8_t type,
                                const struct outbox_buf *payload, bool pause,
                                char **cause);
static bool outbox_writable(const struct outbox *ob, char **cause);
static bool outbox_write_all(int fd, const uint8_t *p, size_t len);
static double outbox_test_pause(void);

char *
outbox_path(char **cause)
{
	const char *env;

	env = getenv("ANSINH_OUTBOX");
	if (env != NULL && env[0] != '\0')
		return xstrdup(env);
	env = getenv("XDG_STATE_HOME");
	if (env != NULL && env[0] == '/')
		return xasprintf("%s/ansinh/outbox", env);
	env = getenv("HOME");
	if (env != NULL && env[0] != '\0')
		return xasprintf("%s/.local/state/ansinh/outbox", env);
	*cause = xstrdup("no place for the outbox: set ANSINH_OUTBOX, "
	                 "XDG_STATE_HOME or HOME");
	return NULL;
}

bool
outbox_open(const char *path, bool create, struct outbox **out, char **cause)
{
	struct outbox *ob;
	int flags;

	ob = xcalloc(1, sizeof *ob);
	ob->path = xstrdup(path);
	ob->lock_fd = -1;
	ob->fd = -1;
	ob->next_id = 1;
	if (create && !outbox_prepare_dir(path, cause))
		goto fail;
	ob->lock_fd = outbox_lock_open(path, create, cause);
	if (ob->lock_fd == -2)
		goto fail;
	if (ob->lock_fd == -1) {
		/* No lock to be had: no outbox was ever made here (empty), or
		 * one to read as it is, read-only. */
		ob->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (ob->fd == -1 && errno != ENOENT) {
			*cause = xasprintf("cannot open the outbox %s: %s",
			                   path, strerror(errno));
			goto fail;
		}
		if (ob->fd != -1 && !outbox_read(ob, cause))
			goto fail;
		*out = ob;
		return true;
	}
	while (flock(ob->lock_fd, LOCK_EX) == -1) {
		if (errno != EINTR) {
			*cause = xasprintf("cannot lock the outbox %s: %s",
			                   path, strerror(errno));
			goto fail;
		}
	}
	ob->writable = true;
	flags = O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0);
	ob->fd = open(path, flags, 0600);
	if (ob->fd == -1 && (create || errno != ENOENT)) {
		*cause = xasprintf("cannot open the outbox %s: %s", path,
		                   strerror(errno));
		goto fail;
	}
	if (ob->fd != -1 && !outbox_read(ob, cause))
		goto fail;
	*out = ob;
	return true;
fail:
	outbox_close(ob);
	return false;
}

void
outbox_close(struct outbox *ob)
{
	size_t i;

	if (ob == NULL)
		return;
	if (ob->fd != -1)
		close(ob->fd);
	if (ob->lock_fd != -1)
		close(ob->lock_fd); /* releases the flock */
	for (i = 0; i < ob->n; i++)
		outbox_entry_free(&ob->entries[i]);
	free(ob->entries);
	free(ob->warning);
	free(ob->path);
	free(ob);
}

const char *
outbox_warning(const struct outbox *ob)
{
	return ob->warning;
}

size_t
outbox_count(const struct outbox *ob)
{
	return ob->n;
}

const struct outbox_entry *
outbox_entry(const struct outbox *ob, size_t i)
{
	return i < ob->n ? &ob->entries[i] : NULL;
}

const struct outbox_entry *
outbox_find(const struct outbox *ob, uint64_t id)
{
	return outbox_lookup(ob, id, NULL);
}

size_t
outbox_queued(const struct outbox *ob)
{
	size_t i, n = 0;

	for (i = 0; i < ob->n; i++)
		n += ob->entries[i].state == OUTBOX_QUEUED;
	return n;
}

void
outbox_queued_by(const struct outbox *ob, const struct outbox_identity *who,
                 struct outbox_queued *out)
{
	const struct outbox_entry *e;
	size_t i;

	memset(out, 0, sizeof *out);
	for (i = 0; i < ob->n; i++) {
		e = &ob->entries[i];
		if (e->state != OUTBOX_QUEUED)
			continue;
		if (!e->who.known)
			out->unknown++;
		else if (who != NULL && outbox_same_identity(&e->who, who))
			out->mine++;
		else
			out->others++;
	}
}

bool
outbox_append(struct outbox *ob, const uint8_t request_id[UUID_SIZE],
              const uint8_t *record_id, const struct outbox_identity *who,
              const char *what, const uint8_t *request, size_t request_len,
              uint64_t *id, char **cause)
{
	struct outbox_entry e;
	struct outbox_buf payload = {0};
	bool ok;

	if (!outbox_writable(ob, cause))
		return false;
	if (request_len > OUTBOX_MAX_PAYLOAD / 2) {
		*cause = xstrdup("the request is too large for the outbox");
		return false;
	}
	memset(&e, 0, sizeof e);
	e.id = ob->next_id;
	e.queued_at = (int64_t)time(NULL);
	memcpy(e.request_id, request_id, UUID_SIZE);
	if (record_id != NULL) {
		memcpy(e.record_id, record_id, UUID_SIZE);
		e.has_record_id = true;
	}
	e.who = *who;
	e.what = (char *)what;
	e.request = (uint8_t *)request;
	e.request_len = request_len;
	outbox_encode_entry(&payload, &e);
	ok = outbox_write_record(ob, OUTBOX_T_ENTRY, &payload, true, cause);
	free(payload.p);
	if (!ok)
		return false;
	if (ob->n == ob->cap) {
		ob->cap = ob->cap == 0 ? 8 : ob->cap * 2;
		ob->entries =
		    xreallocarray(ob->entries, ob->cap, sizeof *ob->entries);
	}
	e.what = xstrdup(what);
	e.request = xmalloc(request_len);
	memcpy(e.request, request, request_len);
	ob->entries[ob->n++] = e;
	ob->next_id++;
	*id = e.id;
	return true;
}

bool
outbox_mark(struct outbox *ob, uint64_t id, enum outbox_state state, int code,
            const char *reason, char **cause)
{
	struct outbox_buf payload = {0};
	struct outbox_entry *e = NULL;
	size_t i;
	bool ok;

	if (!outbox_writable(ob, cause))
		return false;
	e = outbox_lookup(ob, id, &i);
	if (e == NULL) {
		*cause = xasprintf("no entry %llu in the outbox",
		                   (unsigned long long)id);
		return false;
	}
	outbox_encode_state(&payload, id, state, code, reason);
	ok = outbox_write_record(ob, OUTBOX_T_STATE, &payload, false, cause);
	free(payload.p);
	if (!ok)
		return false;
	if (state == OUTBOX_REJECTED) {
		if (e->state == OUTBOX_REJECTED)
			ob->dead++; /* the earlier state record */
		e->state = OUTBOX_REJECTED;
		e->code = code;
		free(e->reason);
		e->reason = xstrdup(reason != NULL ? reason : "");
	} else {
		ob->dead += 2 + (e->state == OUTBOX_REJECTED);
		outbox_remove(ob, i);
	}
	return true;
}

bool
outbox_claim(struct outbox *ob, uint64_t id, const struct outbox_identity *who,
             char **cause)
{
	struct outbox_buf payload = {0};
	struct outbox_entry *e;
	bool ok;

	if (!outbox_writable(ob, cause))
		return false;
	e = outbox_lookup(ob, id, NULL);
	if (e == NULL || e->who.known || !who->known) {
		*cause = xasprintf(
		    e == NULL      ? "no entry %llu in the outbox"
		    : e->who.known ? "entry %llu was queued with a token "
		                     "already: only that token sends it"
		                   : "entry %llu: no token to claim it with",
		    (unsigned long long)id);
		return false;
	}
	outbox_encode_claim(&payload, id, who);
	ok = outbox_write_record(ob, OUTBOX_T_CLAIM, &payload, false, cause);
	free(payload.p);
	if (!ok)
		return false;
	e->who = *who;
	ob->dead++; /* the entry, rewritten with its identity by compaction */
	return true;
}

bool
outbox_same_identity(const struct outbox_identity *a,
                     const struct outbox_identity *b)
{
	return a->known && b->known &&
	       memcmp(a->token, b->token, OUTBOX_FINGERPRINT) == 0;
}

bool
outbox_compact(struct outbox *ob, char **cause)
{
	struct outbox_buf file = {0}, payload = {0};
	char *tmp;
	size_t i;
	int fd;
	bool ok = false;

	if (ob->fd == -1 || ob->dead == 0)
		return true;
	if (!outbox_writable(ob, cause))
		return false;
	/* Worth it when nothing is left, or when most of the file is gone. */
	if (ob->n > 0 && ob->dead < 64 && ob->dead < 2 * ob->n)
		return true;
	outbox_encode_seq(&payload, ob->next_id);
	outbox_encode_record(&file, OUTBOX_T_SEQ, &payload);
	for (i = 0; i < ob->n; i++) {
		payload.len = 0;
		outbox_encode_entry(&payload, &ob->entries[i]);
		outbox_encode_record(&file, OUTBOX_T_ENTRY, &payload);
		if (ob->entries[i].state != OUTBOX_REJECTED)
			continue;
		payload.len = 0;
		outbox_encode_state(&payload, ob->entries[i].id,
		                    OUTBOX_REJECTED, ob->entries[i].code,
		                    ob->entries[i].reason);
		outbox_encode_record(&file, OUTBOX_T_STATE, &payload);
	}
	tmp = xasprintf("%s.new", ob->path);
	fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd == -1) {
		*cause =
		    xasprintf("cannot create %s: %s", tmp, strerror(errno));
		goto out;
	}
	if (!outbox_write_all(fd, file.p, file.len) || fsync(fd) == -1) {
		*cause = xasprintf("cannot write %s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	if (rename(tmp, ob->path) == -1) {
		*cause =
		    xasprintf("cannot rename %s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	close(ob->fd);
	ob->fd = fd;
	ob->size = (off_t)file.len;
	ob->dead = 0;
	ok = outbox_fsync_dir(ob->path, cause);
out:
	free(tmp);
	free(file.p);
	free(payload.p);
	return ok;
}

int
outbox_send_lock(const char *path, int wait_ms, int *fd, char **cause)
{
	struct timespec nap = {0, 50 * 1000 * 1000};
	char *lock_path;
	int waited = 0;

	lock_path = xasprintf("%s.send", path);
	*fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (*fd == -1) {
		*cause =
		    xasprintf("cannot open %s: %s", lock_path, strerror(errno));
		free(lock_path);
		return -1;
	}
	free(lock_path);
	for (;;) {
		if (flock(*fd, LOCK_EX | LOCK_NB) == 0)
			return 1;
		if (errno != EWOULDBLOCK && errno != EINTR) {
			*cause =
			    xasprintf("cannot lock the outbox for sending: "
			              "%s",
			              strerror(errno));
			close(*fd);
			*fd = -1;
			return -1;
		}
		if (waited >= wait_ms) {
			close(*fd);
			*fd = -1;
			return 0;
		}
		nanosleep(&nap, NULL);
		waited += 50;
	}
}

void
outbox_send_unlock(int fd)
{
	if (fd != -1)
		close(fd);
}

/* ---------------------------------------------------------------- helpers */

/*
 * The lock file "<path>.lock", open: its fd; -1 when there is none to be
 * had (no outbox here at all, without create; or a data file whose missing
 * lock file cannot be made: the outbox is then read without it, and not
 * changed); -2 with *cause on an error. A lock file missing beside a data
 * file (an outbox copied without it) is made again: what the outbox holds
 * never depends on it.
 */
static int
outbox_lock_open(const char *path, bool create, char **cause)
{
	struct stat st;
	char *lock_path;
	int fd;

	lock_path = xasprintf("%s.lock", path);
	fd = open(lock_path, O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0), 0600);
	if (fd == -1 && !create && errno == ENOENT) {
		if (stat(path, &st) == 0)
			fd =
			    open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		free(lock_path);
		return fd;
	}
	if (fd == -1) {
		*cause =
		    xasprintf("cannot open %s: %s", lock_path, strerror(errno));
		free(lock_path);
		return -2;
	}
	free(lock_path);
	return fd;
}

/* mkdir -p of the outbox's directory (0700), fsyncing each parent of a
 * directory made, so that the new entries in them survive a crash. */
static bool
outbox_prepare_dir(const char *path, char **cause)
{
	char *dir, *p;
	bool ok = true;

	dir = xstrdup(path);
	p = strrchr(dir, '/');
	if (p == NULL || p == dir) {
		free(dir);
		return true;
	}
	*p = '\0';
	for (p = dir + 1; ok; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(dir, 0700) == 0) {
			ok = outbox_fsync_dir(dir, cause);
		} else if (errno != EEXIST) {
			*cause = xasprintf("cannot create %s: %s", dir,
			                   strerror(errno));
			ok = false;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	free(dir);
	return ok;
}

/* fsync the directory holding path (a new or renamed entry in it). */
static bool
outbox_fsync_dir(const char *path, char **cause)
{
	char *dir, *slash;
	int fd;
	bool ok = true;

	dir = xstrdup(path);
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash != NULL)
		*slash = '\0';
	else
		strcpy(dir, ".");
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd == -1 || fsync(fd) == -1) {
		*cause = xasprintf("cannot sync the directory %s: %s", dir,
		                   strerror(errno));
		ok = false;
	}
	if (fd != -1)
		close(fd);
	free(dir);
	return ok;
}

/* Read the whole file; cut a torn tail; note damage. */
static bool
outbox_read(struct outbox *ob, char **cause)
{
	struct stat st;
	uint8_t *data;
	size_t len, got = 0, valid;
	ssize_t n;
	bool torn;

	if (fstat(ob->fd, &st) == -1) {
		*cause = xasprintf("cannot stat the outbox %s: %s", ob->path,
		                   strerror(errno));
		return false;
	}
	len = (size_t)st.st_size;
	data = xmalloc(len);
	while (got < len) {
		n = pread(ob->fd, data + got, len - got, (off_t)got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			*cause =
			    xasprintf("cannot read the outbox %s: %s", ob->path,
			              n == 0 ? "file shrank" : strerror(errno));
			free(data);
			return false;
		}
		got += (size_t)n;
	}
	torn = outbox_scan(data, len, outbox_apply, ob, &valid);
	free(data);
	ob->size = (off_t)valid;
	if (valid == len)
		return true;
	if (!torn) {
		ob->damaged = true;
		ob->warning = xasprintf(
		    "the outbox %s is damaged at byte %zu "
		    "(a record fails its check and more data follows); the "
		    "%zu entries before it are shown, and nothing will be "
		    "changed: move the file aside to start a new outbox",
		    ob->path, valid, ob->n);
		return true;
	}
	/* An append cut short by a crash: it was never acknowledged. Read
	 * without the lock, the file is left as it is. */
	if (!ob->writable) {
		ob->warning = xasprintf("the outbox %s ends with an incomplete "
		                        "record (%zu bytes), ignored",
		                        ob->path, len - valid);
		return true;
	}
	if (ftruncate(ob->fd, (off_t)valid) == -1 || fsync(ob->fd) == -1) {
		*cause = xasprintf("cannot cut the incomplete end of the "
		                   "outbox %s: %s",
		                   ob->path, strerror(errno));
		return false;
	}
	ob->warning = xasprintf(
	    "the outbox %s ended with an incomplete "
	    "record (%zu bytes, an append interrupted by a crash); it was "
	    "never acknowledged and has been removed",
	    ob->path, len - valid);
	return true;
}

/* One good record. False when its payload makes no sense (damage). */
static bool
outbox_apply(void *arg, int version, uint8_t type, const uint8_t *p, size_t len)
{
	struct outbox_identity who;
	struct outbox *ob = arg;
	struct outbox_entry e;
	uint64_t id;
	size_t i;
	int state, code;
	char *reason;

	switch (type) {
	case OUTBOX_T_SEQ:
		if (!outbox_decode_seq(p, len, &id))
			return false;
		if (id > ob->next_id)
			ob->next_id = id;
		ob->dead++;
		return true;
	case OUTBOX_T_ENTRY:
		if (!outbox_decode_entry(p, len, version, &e))
			return false;
		if (ob->n == ob->cap) {
			ob->cap = ob->cap == 0 ? 8 : ob->cap * 2;
			ob->entries = xreallocarray(ob->entries, ob->cap,
			                            sizeof *ob->entries);
		}
		ob->entries[ob->n++] = e;
		if (e.id >= ob->next_id)
			ob->next_id = e.id + 1;
		return true;
	case OUTBOX_T_STATE:
		if (!outbox_decode_state(p, len, &id, &state, &code, &reason))
			return false;
		ob->dead++;
		for (i = 0; i < ob->n; i++) {
			if (ob->entries[i].id != id)
				continue;
			if (state == OUTBOX_REJECTED) {
				ob->entries[i].state = OUTBOX_REJECTED;
				ob->entries[i].code = code;
				free(ob->entries[i].reason);
				ob->entries[i].reason = reason;
				/* The entry and this record are live. */
				ob->dead--;
				return true;
			}
			ob->dead++; /* the entry */
			outbox_remove(ob, i);
			break;
		}
		free(reason);
		return true;
	case OUTBOX_T_CLAIM:
		if (version < 2 || !outbox_decode_claim(p, len, &id, &who))
			return false;
		ob->dead++;
		for (i = 0; i < ob->n; i++) {
			if (ob->entries[i].id == id &&
			    !ob->entries[i].who.known)
				ob->entries[i].who = who;
		}
		return true;
	default:
		return false;
	}
}

/* The live entry id (and its index in *at, unless NULL), or NULL. */
static struct outbox_entry *
outbox_lookup(const struct outbox *ob, uint64_t id, size_t *at)
{
	size_t i;

	for (i = 0; i < ob->n; i++) {
		if (ob->entries[i].id == id) {
			if (at != NULL)
				*at = i;
			return &ob->entries[i];
		}
	}
	return NULL;
}

static void
outbox_entry_free(struct outbox_entry *e)
{
	free(e->what);
	free(e->request);
	free(e->reason);
}

static void
outbox_remove(struct outbox *ob, size_t i)
{
	outbox_entry_free(&ob->entries[i]);
	memmove(&ob->entries[i], &ob->entries[i + 1],
	        (ob->n - i - 1) * sizeof *ob->entries);
	ob->n--;
}

static bool
outbox_writable(const struct outbox *ob, char **cause)
{
	if (!ob->writable || ob->fd == -1) {
		*cause = xstrdup("the outbox was opened read-only");
		return false;
	}
	if (ob->damaged) {
		*cause = xstrdup(ob->warning);
		return false;
	}
	return true;
}

/* Append one record at the end of the valid data and fsync. With pause
 * and the test variable set, sleep half-way through. */
static bool
outbox_write_record(struct outbox *ob, uint8_t type,
                    const struct outbox_buf *payload, bool pause, char **cause)
{
	struct outbox_buf rec = {0};
	struct timespec ts;
	double secs = pause ? outbox_test_pause() : 0;
	bool created = ob->size == 0, ok = false;
	size_t half;

	outbox_encode_record(&rec, type, payload);
	if (lseek(ob->fd, ob->size, SEEK_SET) == -1)
		goto fail;
	half = secs > 0 ? rec.len / 2 : rec.len;
	if (!outbox_write_all(ob->fd, rec.p, half))
		goto fail;
	if (secs > 0) {
		fprintf(stderr,
		        "ansinh: test: paused in the middle of an "
		        "outbox append (%s)\n",
		        OUTBOX_TEST_PAUSE_ENV);
		fflush(stderr);
		ts.tv_sec = (time_t)secs;
		ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
		while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
			;
		if (!outbox_write_all(ob->fd, rec.p + half, rec.len - half))
			goto fail;
	}
	if (fsync(ob->fd) == -1)
		goto fail;
	ob->size += (off_t)rec.len;
	free(rec.p);
	if (created)
		return outbox_fsync_dir(ob->path, cause);
	return true;
fail:
	*cause = xasprintf("cannot write the outbox %s: %s", ob->path,
	                   strerror(errno));
	/* Leave no partial record behind for the next writer to judge. */
	(void)ftruncate(ob->fd, ob->size);
	free(rec.p);
	return ok;
}

static bool
outbox_write_all(int fd, const uint8_t *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

static double
outbox_test_pause(void)
{
	const char *v = getenv(OUTBOX_TEST_PAUSE_ENV);
	double secs;
	char *end;

	if (v == NULL || v[0] == '\0')
		return 0;
	secs = strtod(v, &end);
	return *end == '\0' && secs > 0 && secs < 3600 ? secs : 0;
}
