/*
 * loadgen — the write-path load generator behind `make bench`.
 *
 *   loadgen --addr HOST:PORT --token-file FILE [--ward AK] [--conns C]
 *           [--depth D] [--writes N] [--max-seconds S] [--prefix P]
 *           [--label NAME] [--latency-file FILE] [--grace S]
 *           [--op create|ping|find] [--queries FILE] [--idle S]
 *
 * Opens C connections to ansinhd, sends Hello on each, then sends N
 * household_create requests in all (split evenly over the connections),
 * keeping up to D of them in flight per connection. Every request has a fresh
 * UUIDv7 request_id and record id, the household code P<conn>-<n> and a
 * Vietnamese head name. --depth 1 sends strictly one write at a time per
 * connection: the next only after the previous one was answered.
 *
 * --op ping sends Ping requests instead (answered by the daemon without the
 * database), --op find household_find requests whose texts are the lines of
 * --queries FILE, taken in turn; "writes" below means requests of the op.
 * --idle S only opens the connections, says Hello on each, prints
 * "idle conns=C" on stdout and keeps them open, silent, for S seconds.
 *
 * The run ends when every write was answered, or at --max-seconds: then no
 * new write is sent and the ones in flight get --grace more seconds (5).
 *
 * Latency is measured per write from the moment its frame is queued for
 * sending to the moment its response is decoded. The clock starts after
 * every connection's Hello was answered.
 *
 * Prints one line on stdout, key=value, for scripts:
 *
 *   result label=.. conns=8 depth=16 writes=N ok=N failed=0 lost=0 unsent=0
 *          replayed=0 seconds=S wps=W p50_ms=.. p99_ms=.. max_ms=..
 *          capped=0 codes=OK:N[,CODE:n...]
 *
 * and, on stderr, one line per non-OK status code with its first message.
 * --latency-file writes every answered write's latency, in whole
 * microseconds, one a line, in the order the answers arrived.
 * Exit 0 when every write sent was answered OK, 1 when any was not (a
 * non-OK status, no answer, a bad frame), 2 when the tool itself failed.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "frame.h"
#include "rules.h"
#include "uuid.h"

#define LG_CODES      17 /* the canonical status codes, OK..UNAUTHENTICATED */
#define LG_HELLO_MS   10000
#define LG_SEQ_FIRST  2 /* Hello is seq 1; write k is seq k + 2 */
#define LG_READ_CHUNK 65536

struct lg_conn {
	int fd;
	unsigned index;
	uint32_t quota;    /* writes this connection sends in all */
	uint32_t next;     /* writes queued so far */
	uint32_t answered; /* writes answered so far */
	double *sent_at;   /* by write index; negative once answered */
	uint8_t *out;      /* frames waiting to be sent */
	size_t out_off, out_len, out_cap;
	uint8_t *in; /* bytes received, not yet decoded */
	size_t in_len, in_cap;
	bool closed;
};

struct lg_stats {
	uint64_t codes[LG_CODES];
	uint64_t other_code;
	uint64_t replayed;
	uint64_t bad_frames;
	uint64_t bad_seq;
	char first_msg[LG_CODES][160];
	double *lat; /* milliseconds, one per answered write */
	size_t nlat;
	double last_answer;
};

enum lg_op { LG_OP_CREATE, LG_OP_PING, LG_OP_FIND };

struct lg_config {
	const char *addr;
	const char *ward;
	const char *prefix;
	const char *label;
	const char *latency_file;
	unsigned conns;
	unsigned depth;
	uint32_t writes;
	double max_seconds;
	double grace_seconds; /* for the writes in flight at the time cap */
	enum lg_op op;
	char **queries; /* --op find: the texts, taken in turn */
	size_t nqueries;
	double idle_seconds; /* > 0: --idle */
};

static void lg_usage(FILE *out);
static double lg_now(void);
static char *lg_read_token(const char *path);
static int lg_connect(const char *addr);
static bool lg_hello(struct lg_conn *c, const char *token);
static bool lg_append(struct lg_conn *c, const ProtobufCMessage *msg);
static bool lg_queue_write(struct lg_conn *c, const struct lg_config *cfg);
static bool lg_queue_other(struct lg_conn *c, const struct lg_config *cfg);
static bool lg_read_queries(const char *path, struct lg_config *cfg);
static void lg_head_name(unsigned conn, uint32_t n, char *out, size_t size);
static bool lg_flush(struct lg_conn *c);
static bool lg_receive(struct lg_conn *c, struct lg_stats *st);
static bool lg_take_response(struct lg_conn *c, const uint8_t *buf, size_t len,
                             struct lg_stats *st);
static void lg_close(struct lg_conn *c, const char *why);
static bool lg_conn_done(const struct lg_conn *c, bool time_up);
static int lg_cmp_double(const void *a, const void *b);
static double lg_percentile(const double *sorted, size_t n, double p);
static int lg_run(const struct lg_config *cfg, struct lg_conn *conns,
                  struct pollfd *pfd, struct lg_conn **polled,
                  struct lg_stats *st, double *seconds, bool *capped);
static bool lg_write_latencies(const char *path, const struct lg_stats *st);
static void lg_report(const struct lg_config *cfg, struct lg_conn *conns,
                      struct lg_stats *st, double seconds, bool capped,
                      int *status);

/* Names are built from these three lists, all NFC. */
static const char *const lg_family[] = {
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ",
    "Đặng",   "Bùi",  "Đỗ", "Hồ",   "Ngô",   "Dương", "Lý",   "Trương",
};
static const char *const lg_middle[] = {
    "Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc",
};
static const char *const lg_given[] = {
    "An",   "Bình", "Cường", "Dũng", "Hoa",   "Hoành", "Hùng",  "Lan",
    "Linh", "Mai",  "Nam",   "Phúc", "Quang", "Sơn",   "Thảo",  "Tuấn",
    "Vy",   "Xuân", "Yến",   "Hòa",  "Khánh", "Lộc",   "Nhung", "Trâm",
};

#define LG_NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void
lg_usage(FILE *out)
{
	fprintf(
	    out,
	    "usage: loadgen --addr HOST:PORT (--token-file FILE | --token "
	    "TOKEN)\n"
	    "               [--ward AK] [--conns 8] [--depth 16] [--writes "
	    "10000]\n"
	    "               [--max-seconds 30] [--prefix B] [--label NAME]\n"
	    "               [--latency-file FILE] [--grace 5]\n"
	    "               [--op create|ping|find] [--queries FILE] [--idle "
	    "S]\n"
	    "  --depth 1 sends one write at a time per connection (no "
	    "pipelining)\n");
}

static double
lg_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The first line of the file, without its newline; malloc'd, the caller
 * frees. NULL when the file cannot be read or is empty. */
static char *
lg_read_token(const char *path)
{
	char line[512];
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return NULL;
	if (fgets(line, sizeof line, f) == NULL) {
		fclose(f);
		return NULL;
	}
	fclose(f);
	line[strcspn(line, "\r\n")] = '\0';
	return line[0] != '\0' ? strdup(line) : NULL;
}

/* A blocking TCP connection to HOST:PORT with TCP_NODELAY; -1 on failure
 * (reported on stderr). */
static int
lg_connect(const char *addr)
{
	char host[256];
	const char *colon = strrchr(addr, ':');
	struct addrinfo hints, *ai = NULL;
	int fd, one = 1, rc;

	if (colon == NULL || colon == addr) {
		fprintf(stderr, "loadgen: --addr must be HOST:PORT\n");
		return -1;
	}
	snprintf(host, sizeof host, "%.*s", (int)(colon - addr), addr);
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(host, colon + 1, &hints, &ai);
	if (rc != 0) {
		fprintf(stderr, "loadgen: %s: %s\n", addr, gai_strerror(rc));
		return -1;
	}
	fd = socket(ai->ai_family, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
		fprintf(stderr, "loadgen: connect %s: %s\n", addr,
		        strerror(errno));
		if (fd >= 0)
			close(fd);
		freeaddrinfo(ai);
		return -1;
	}
	freeaddrinfo(ai);
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	return fd;
}

/* Append msg as one frame to the connection's output buffer. */
static bool
lg_append(struct lg_conn *c, const ProtobufCMessage *msg)
{
	size_t len;
	uint8_t *frame = frame_pack(msg, FRAME_DEFAULT_MAX, &len);
	if (frame == NULL)
		return false;
	if (c->out_off > 0 && c->out_off == c->out_len)
		c->out_off = c->out_len = 0;
	if (c->out_len + len > c->out_cap) {
		size_t cap = c->out_cap ? c->out_cap : 4096;
		while (cap < c->out_len + len)
			cap *= 2;
		uint8_t *p = realloc(c->out, cap);
		if (p == NULL) {
			free(frame);
			return false;
		}
		c->out = p;
		c->out_cap = cap;
	}
	memcpy(c->out + c->out_len, frame, len);
	c->out_len += len;
	free(frame);
	return true;
}

/* Send Hello and wait (blocking, bounded) for an OK answer, then make the
 * socket non-blocking. */
static bool
lg_hello(struct lg_conn *c, const char *token)
{
	Ansinh__V1__Request r = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__Hello h = ANSINH__V1__HELLO__INIT;
	double until = lg_now() + LG_HELLO_MS / 1000.0;

	h.protocol_version = 1;
	h.token = (char *)token;
	h.client_name = "loadgen";
	r.seq = 1;
	r.body_case = ANSINH__V1__REQUEST__BODY_HELLO;
	r.hello = &h;
	if (!lg_append(c, &r.base))
		return false;
	while (c->out_off < c->out_len) {
		ssize_t n = send(c->fd, c->out + c->out_off,
		                 c->out_len - c->out_off, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "loadgen: conn %u: send Hello: %s\n",
			        c->index, strerror(errno));
			return false;
		}
		c->out_off += (size_t)n;
	}
	c->out_off = c->out_len = 0;

	for (;;) {
		size_t plen;
		enum frame_result fr =
		    frame_peek(c->in, c->in_len, FRAME_DEFAULT_MAX, &plen);
		if (fr == FRAME_OK)
			break;
		if (fr != FRAME_NEED_MORE) {
			fprintf(stderr, "loadgen: conn %u: bad Hello frame\n",
			        c->index);
			return false;
		}
		int left = (int)((until - lg_now()) * 1000);
		struct pollfd p = {c->fd, POLLIN, 0};
		if (left <= 0 || poll(&p, 1, left) <= 0) {
			fprintf(stderr, "loadgen: conn %u: no Hello answer\n",
			        c->index);
			return false;
		}
		if (!lg_receive(c, NULL))
			return false;
	}

	size_t plen;
	char path[128];
	const char *why = "";
	(void)frame_peek(c->in, c->in_len, FRAME_DEFAULT_MAX, &plen);
	Ansinh__V1__Response *resp = frame_decode_response(
	    c->in + FRAME_HEADER_SIZE, plen, path, sizeof path, &why);
	memmove(c->in, c->in + FRAME_HEADER_SIZE + plen,
	        c->in_len - FRAME_HEADER_SIZE - plen);
	c->in_len -= FRAME_HEADER_SIZE + plen;
	if (resp == NULL) {
		fprintf(stderr, "loadgen: conn %u: bad Hello answer: %s %s\n",
		        c->index, path, why);
		return false;
	}
	int code = resp->status != NULL ? (int)resp->status->code : 0;
	if (code != ANSINH__V1__CODE__OK) {
		fprintf(stderr, "loadgen: conn %u: Hello refused: %s %s\n",
		        c->index, names_code(code),
		        resp->status != NULL ? resp->status->message : "");
		ansinh__v1__response__free_unpacked(resp, NULL);
		return false;
	}
	ansinh__v1__response__free_unpacked(resp, NULL);

	int flags = fcntl(c->fd, F_GETFL);
	if (flags < 0 || fcntl(c->fd, F_SETFL, flags | O_NONBLOCK) < 0) {
		fprintf(stderr, "loadgen: fcntl: %s\n", strerror(errno));
		return false;
	}
	return true;
}

/* The head name of write n on connection conn: spread over the lists so that
 * neighbouring writes get different names. */
static void
lg_head_name(unsigned conn, uint32_t n, char *out, size_t size)
{
	uint32_t i = n * 7u + conn * 131u;
	snprintf(out, size, "%s %s %s", lg_family[i % LG_NELEM(lg_family)],
	         lg_middle[(i / 3u) % LG_NELEM(lg_middle)],
	         lg_given[(i / 5u) % LG_NELEM(lg_given)]);
}

/* Queue the connection's next write. */
static bool
lg_queue_write(struct lg_conn *c, const struct lg_config *cfg)
{
	Ansinh__V1__Request r = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__HouseholdCreate hc = ANSINH__V1__HOUSEHOLD_CREATE__INIT;
	Ansinh__V1__Household h = ANSINH__V1__HOUSEHOLD__INIT;
	uint8_t rid[UUID_SIZE], id[UUID_SIZE];
	char code[RULE_CODE_MAX + 1], name[96];
	uint32_t k = c->next;

	if (!uuid7_generate(rid) || !uuid7_generate(id)) {
		fprintf(stderr, "loadgen: no random bytes for a UUID\n");
		return false;
	}
	if ((size_t)snprintf(code, sizeof code, "%s%u-%u", cfg->prefix,
	                     c->index, k) >= sizeof code) {
		fprintf(stderr, "loadgen: --prefix too long for a code\n");
		return false;
	}
	lg_head_name(c->index, k, name, sizeof name);
	h.id.data = id;
	h.id.len = UUID_SIZE;
	h.ward_code = (char *)cfg->ward;
	h.code = code;
	h.head_name = name;
	hc.household = &h;
	r.seq = (uint64_t)k + LG_SEQ_FIRST;
	r.request_id.data = rid;
	r.request_id.len = UUID_SIZE;
	r.body_case = ANSINH__V1__REQUEST__BODY_HOUSEHOLD_CREATE;
	r.household_create = &hc;
	if (!lg_append(c, &r.base)) {
		fprintf(stderr, "loadgen: cannot pack a request\n");
		return false;
	}
	c->sent_at[k] = lg_now();
	c->next++;
	return true;
}

/* Queue the connection's next Ping or household_find (--op). */
static bool
lg_queue_other(struct lg_conn *c, const struct lg_config *cfg)
{
	Ansinh__V1__Request r = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__Ping ping = ANSINH__V1__PING__INIT;
	Ansinh__V1__HouseholdFind find = ANSINH__V1__HOUSEHOLD_FIND__INIT;
	uint32_t k = c->next;

	r.seq = (uint64_t)k + LG_SEQ_FIRST;
	if (cfg->op == LG_OP_PING) {
		r.body_case = ANSINH__V1__REQUEST__BODY_PING;
		r.ping = &ping;
	} else {
		size_t q = ((size_t)c->index * 7919u + k) % cfg->nqueries;
		find.text = cfg->queries[q];
		find.limit = 20;
		r.body_case = ANSINH__V1__REQUEST__BODY_HOUSEHOLD_FIND;
		r.household_find = &find;
	}
	if (!lg_append(c, &r.base)) {
		fprintf(stderr, "loadgen: cannot pack a request\n");
		return false;
	}
	c->sent_at[k] = lg_now();
	c->next++;
	return true;
}

/* The lines of path (without empty ones) into cfg->queries. */
static bool
lg_read_queries(const char *path, struct lg_config *cfg)
{
	char line[512];
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		fprintf(stderr, "loadgen: %s: %s\n", path, strerror(errno));
		return false;
	}
	while (fgets(line, sizeof line, f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0')
			continue;
		char **q = realloc(cfg->queries,
		                   (cfg->nqueries + 1) * sizeof *cfg->queries);
		if (q == NULL || (q[cfg->nqueries] = strdup(line)) == NULL) {
			if (q != NULL)
				cfg->queries = q;
			fclose(f);
			fprintf(stderr, "loadgen: out of memory\n");
			return false;
		}
		cfg->queries = q;
		cfg->nqueries++;
	}
	fclose(f);
	if (cfg->nqueries == 0) {
		fprintf(stderr, "loadgen: %s: no queries\n", path);
		return false;
	}
	return true;
}

/* Send what is buffered, as much as the socket takes. False when the
 * connection failed. */
static bool
lg_flush(struct lg_conn *c)
{
	while (c->out_off < c->out_len) {
		ssize_t n = send(c->fd, c->out + c->out_off,
		                 c->out_len - c->out_off, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return true;
			lg_close(c, strerror(errno));
			return false;
		}
		c->out_off += (size_t)n;
	}
	c->out_off = c->out_len = 0;
	return true;
}

/* One read, then take every whole response in the buffer (st NULL: only
 * read, for the Hello). False when the connection closed or failed. */
static bool
lg_receive(struct lg_conn *c, struct lg_stats *st)
{
	size_t want = LG_READ_CHUNK, plen;

	/* Room for a chunk, or for the whole of a frame that is coming. */
	if (frame_peek(c->in, c->in_len, FRAME_DEFAULT_MAX, &plen) ==
	        FRAME_NEED_MORE &&
	    c->in_len >= FRAME_HEADER_SIZE &&
	    FRAME_HEADER_SIZE + plen > c->in_len + want)
		want = FRAME_HEADER_SIZE + plen - c->in_len;
	if (c->in_cap - c->in_len < want) {
		uint8_t *p = realloc(c->in, c->in_len + want);
		if (p == NULL) {
			lg_close(c, "out of memory");
			return false;
		}
		c->in = p;
		c->in_cap = c->in_len + want;
	}
	ssize_t n;
	do
		n = recv(c->fd, c->in + c->in_len, c->in_cap - c->in_len, 0);
	while (n < 0 && errno == EINTR);
	if (n == 0) {
		lg_close(c, "closed by the daemon");
		return false;
	}
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return true;
		lg_close(c, strerror(errno));
		return false;
	}
	c->in_len += (size_t)n;
	if (st == NULL)
		return true;

	size_t off = 0;
	for (;;) {
		enum frame_result fr = frame_peek(c->in + off, c->in_len - off,
		                                  FRAME_DEFAULT_MAX, &plen);
		if (fr == FRAME_NEED_MORE)
			break;
		if (fr != FRAME_OK) {
			st->bad_frames++;
			lg_close(c, "bad frame header from the daemon");
			return false;
		}
		if (!lg_take_response(c, c->in + off + FRAME_HEADER_SIZE, plen,
		                      st)) {
			lg_close(c, "bad response");
			return false;
		}
		off += FRAME_HEADER_SIZE + plen;
	}
	memmove(c->in, c->in + off, c->in_len - off);
	c->in_len -= off;
	return true;
}

/* Account for one response. False on a response that cannot be matched to
 * a write (the stream can no longer be trusted). */
static bool
lg_take_response(struct lg_conn *c, const uint8_t *buf, size_t len,
                 struct lg_stats *st)
{
	char path[128];
	const char *why = "";
	double now = lg_now();
	Ansinh__V1__Response *r =
	    frame_decode_response(buf, len, path, sizeof path, &why);

	if (r == NULL) {
		st->bad_frames++;
		fprintf(stderr,
		        "loadgen: conn %u: undecodable response: %s %s\n",
		        c->index, path, why);
		return false;
	}
	uint64_t k = r->seq - LG_SEQ_FIRST;
	if (r->seq < LG_SEQ_FIRST || k >= c->next || c->sent_at[k] < 0) {
		st->bad_seq++;
		fprintf(stderr,
		        "loadgen: conn %u: response with unexpected "
		        "seq %llu\n",
		        c->index, (unsigned long long)r->seq);
		ansinh__v1__response__free_unpacked(r, NULL);
		return false;
	}
	int code = r->status != NULL ? (int)r->status->code : 0;
	if (code >= 0 && code < LG_CODES) {
		st->codes[code]++;
		if (code != ANSINH__V1__CODE__OK &&
		    st->first_msg[code][0] == '\0')
			snprintf(st->first_msg[code],
			         sizeof st->first_msg[code], "%s",
			         r->status->message[0] != '\0'
			             ? r->status->message
			             : "(no message)");
	} else {
		st->other_code++;
	}
	if (code == ANSINH__V1__CODE__OK &&
	    r->body_case == ANSINH__V1__RESPONSE__BODY_WRITE &&
	    r->write->replayed)
		st->replayed++;
	st->lat[st->nlat++] = (now - c->sent_at[k]) * 1000.0;
	st->last_answer = now;
	c->sent_at[k] = -1;
	c->answered++;
	ansinh__v1__response__free_unpacked(r, NULL);
	return true;
}

static void
lg_close(struct lg_conn *c, const char *why)
{
	if (c->closed)
		return;
	if (c->answered < c->next)
		fprintf(stderr,
		        "loadgen: conn %u: %s with %u writes "
		        "unanswered\n",
		        c->index, why, c->next - c->answered);
	close(c->fd);
	c->fd = -1;
	c->closed = true;
}

static bool
lg_conn_done(const struct lg_conn *c, bool time_up)
{
	if (c->closed)
		return true;
	return c->answered == c->next && (c->next == c->quota || time_up);
}

static int
lg_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Nearest-rank percentile of n sorted values; 0 when there are none. */
static double
lg_percentile(const double *sorted, size_t n, double p)
{
	if (n == 0)
		return 0;
	size_t rank = (size_t)ceil(p * (double)n);
	if (rank < 1)
		rank = 1;
	return sorted[rank - 1];
}

/* One latency in microseconds a line, in arrival order. */
static bool
lg_write_latencies(const char *path, const struct lg_stats *st)
{
	FILE *f = fopen(path, "w");
	if (f == NULL) {
		fprintf(stderr, "loadgen: %s: %s\n", path, strerror(errno));
		return false;
	}
	for (size_t i = 0; i < st->nlat; i++)
		fprintf(f, "%.0f\n", st->lat[i] * 1000.0);
	if (fclose(f) != 0) {
		fprintf(stderr, "loadgen: %s: %s\n", path, strerror(errno));
		return false;
	}
	return true;
}

static void
lg_report(const struct lg_config *cfg, struct lg_conn *conns,
          struct lg_stats *st, double seconds, bool capped, int *status)
{
	uint64_t lost = 0, unsent = 0, failed = 0;
	for (unsigned i = 0; i < cfg->conns; i++) {
		lost += conns[i].next - conns[i].answered;
		unsent += conns[i].quota - conns[i].next;
	}
	for (int i = 1; i < LG_CODES; i++)
		failed += st->codes[i];
	failed += st->other_code;

	qsort(st->lat, st->nlat, sizeof st->lat[0], lg_cmp_double);
	uint64_t ok = st->codes[ANSINH__V1__CODE__OK];
	printf(
	    "result label=%s conns=%u depth=%u writes=%u ok=%llu failed=%llu "
	    "lost=%llu unsent=%llu replayed=%llu bad_frames=%llu "
	    "seconds=%.3f wps=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f "
	    "capped=%d codes=",
	    cfg->label, cfg->conns, cfg->depth, cfg->writes,
	    (unsigned long long)ok, (unsigned long long)failed,
	    (unsigned long long)lost, (unsigned long long)unsent,
	    (unsigned long long)st->replayed,
	    (unsigned long long)(st->bad_frames + st->bad_seq), seconds,
	    seconds > 0 ? (double)ok / seconds : 0.0,
	    lg_percentile(st->lat, st->nlat, 0.50),
	    lg_percentile(st->lat, st->nlat, 0.99),
	    st->nlat > 0 ? st->lat[st->nlat - 1] : 0.0, capped ? 1 : 0);
	const char *sep = "";
	for (int i = 0; i < LG_CODES; i++) {
		if (st->codes[i] == 0)
			continue;
		printf("%s%s:%llu", sep, names_code(i),
		       (unsigned long long)st->codes[i]);
		sep = ",";
	}
	if (st->other_code > 0)
		printf("%sOTHER:%llu", sep, (unsigned long long)st->other_code);
	else if (*sep == '\0')
		printf("none");
	printf("\n");
	fflush(stdout);

	for (int i = 1; i < LG_CODES; i++) {
		if (st->codes[i] > 0)
			fprintf(stderr, "loadgen: %s x%llu, first: \"%s\"\n",
			        names_code(i), (unsigned long long)st->codes[i],
			        st->first_msg[i]);
	}
	if (failed > 0 || lost > 0 || st->bad_frames > 0 || st->bad_seq > 0 ||
	    st->replayed > 0) {
		if (*status == 0)
			*status = 1;
	}
}

/*
 * The load itself: keep every connection's window of writes full until all
 * were answered, or until the time cap and its grace period. On return
 * *seconds is the time from the start to the last answer. -1 when the tool
 * failed (reported on stderr).
 */
static int
lg_run(const struct lg_config *cfg, struct lg_conn *conns, struct pollfd *pfd,
       struct lg_conn **polled, struct lg_stats *st, double *seconds,
       bool *capped)
{
	double start = lg_now();
	double deadline = start + cfg->max_seconds, grace_end = 0;
	bool time_up = false;

	st->last_answer = start;
	for (;;) {
		double now = lg_now();
		if (!time_up && now >= deadline) {
			time_up = true;
			grace_end = now + cfg->grace_seconds;
			fprintf(stderr,
			        "loadgen: time cap of %.0f s reached; "
			        "waiting for the writes in flight\n",
			        cfg->max_seconds);
		}
		if (time_up && now >= grace_end)
			break;

		nfds_t n = 0;
		bool all_done = true;
		for (unsigned i = 0; i < cfg->conns; i++) {
			struct lg_conn *c = &conns[i];
			if (lg_conn_done(c, time_up))
				continue;
			all_done = false;
			while (!time_up && c->next < c->quota &&
			       c->next - c->answered < cfg->depth) {
				if (!(cfg->op == LG_OP_CREATE
				          ? lg_queue_write(c, cfg)
				          : lg_queue_other(c, cfg)))
					return -1;
			}
			if (c->out_len > c->out_off && !lg_flush(c))
				continue;
			pfd[n].fd = c->fd;
			pfd[n].events = POLLIN;
			if (c->out_len > c->out_off)
				pfd[n].events |= POLLOUT;
			pfd[n].revents = 0;
			polled[n++] = c;
		}
		if (all_done)
			break;
		if (n == 0)
			continue;
		int ready = poll(pfd, n, 100);
		if (ready < 0 && errno != EINTR) {
			fprintf(stderr, "loadgen: poll: %s\n", strerror(errno));
			return -1;
		}
		for (nfds_t j = 0; ready > 0 && j < n; j++) {
			struct lg_conn *c = polled[j];
			if ((pfd[j].revents & POLLOUT) && !lg_flush(c))
				continue;
			if (pfd[j].revents & (POLLIN | POLLHUP | POLLERR))
				(void)lg_receive(c, st);
		}
	}
	*seconds = st->last_answer - start;
	*capped = time_up;
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"addr", required_argument, NULL, 'a'},
	    {"token-file", required_argument, NULL, 'f'},
	    {"token", required_argument, NULL, 't'},
	    {"ward", required_argument, NULL, 'w'},
	    {"conns", required_argument, NULL, 'c'},
	    {"depth", required_argument, NULL, 'd'},
	    {"writes", required_argument, NULL, 'n'},
	    {"max-seconds", required_argument, NULL, 's'},
	    {"prefix", required_argument, NULL, 'p'},
	    {"label", required_argument, NULL, 'l'},
	    {"latency-file", required_argument, NULL, 'L'},
	    {"grace", required_argument, NULL, 'g'},
	    {"op", required_argument, NULL, 'o'},
	    {"queries", required_argument, NULL, 'q'},
	    {"idle", required_argument, NULL, 'i'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct lg_config cfg = {
	    .ward = "",
	    .prefix = "B",
	    .label = "ansinhd",
	    .conns = 8,
	    .depth = 16,
	    .writes = 10000,
	    .max_seconds = 30,
	    .grace_seconds = 5,
	};
	const char *token_file = NULL, *token_arg = NULL, *queries = NULL;
	char *token;
	long v;
	int opt, status = 0;

	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		char *end = NULL;
		switch (opt) {
		case 'a':
			cfg.addr = optarg;
			break;
		case 'f':
			token_file = optarg;
			break;
		case 't':
			token_arg = optarg;
			break;
		case 'w':
			cfg.ward = optarg;
			break;
		case 'p':
			cfg.prefix = optarg;
			break;
		case 'l':
			cfg.label = optarg;
			break;
		case 'L':
			cfg.latency_file = optarg;
			break;
		case 'q':
			queries = optarg;
			break;
		case 'o':
			if (strcmp(optarg, "create") == 0)
				cfg.op = LG_OP_CREATE;
			else if (strcmp(optarg, "ping") == 0)
				cfg.op = LG_OP_PING;
			else if (strcmp(optarg, "find") == 0)
				cfg.op = LG_OP_FIND;
			else {
				fprintf(stderr,
				        "loadgen: --op must be create, ping or "
				        "find\n");
				return 2;
			}
			break;
		case 'c':
		case 'd':
		case 'n':
			v = strtol(optarg, &end, 10);
			if (end == optarg || *end != '\0' || v < 1 ||
			    v > (opt == 'n' ? 100000000L : 4096L)) {
				fprintf(stderr, "loadgen: bad number '%s'\n",
				        optarg);
				return 2;
			}
			if (opt == 'c')
				cfg.conns = (unsigned)v;
			else if (opt == 'd')
				cfg.depth = (unsigned)v;
			else
				cfg.writes = (uint32_t)v;
			break;
		case 's':
		case 'i':
		case 'g': {
			double d = strtod(optarg, &end);
			if (end == optarg || *end != '\0' || !(d > 0)) {
				fprintf(stderr, "loadgen: bad --%s\n",
				        opt == 's'   ? "max-seconds"
				        : opt == 'i' ? "idle"
				                     : "grace");
				return 2;
			}
			if (opt == 's')
				cfg.max_seconds = d;
			else if (opt == 'i')
				cfg.idle_seconds = d;
			else
				cfg.grace_seconds = d;
			break;
		}
		case 'h':
			lg_usage(stdout);
			return 0;
		default:
			lg_usage(stderr);
			return 2;
		}
	}
	if (cfg.addr == NULL || (token_file == NULL) == (token_arg == NULL) ||
	    optind != argc) {
		lg_usage(stderr);
		return 2;
	}
	token =
	    token_file != NULL ? lg_read_token(token_file) : strdup(token_arg);
	if (token == NULL) {
		fprintf(stderr, "loadgen: cannot read a token from %s\n",
		        token_file != NULL ? token_file : "--token");
		return 2;
	}
	if ((cfg.op == LG_OP_FIND) != (queries != NULL)) {
		fprintf(stderr, "loadgen: --queries goes with --op find\n");
		free(token);
		return 2;
	}
	if (queries != NULL && !lg_read_queries(queries, &cfg)) {
		free(token);
		return 2;
	}
	if (cfg.idle_seconds > 0)
		cfg.writes = cfg.conns; /* a quota of one each, never sent */
	if (cfg.conns > cfg.writes)
		cfg.conns = cfg.writes;

	struct lg_conn *conns = calloc(cfg.conns, sizeof *conns);
	struct pollfd *pfd = calloc(cfg.conns, sizeof *pfd);
	struct lg_conn **polled = calloc(cfg.conns, sizeof *polled);
	struct lg_stats st;
	bool capped = false;
	double seconds = 0;

	memset(&st, 0, sizeof st);
	st.lat = calloc(cfg.writes, sizeof *st.lat);
	if (conns == NULL || pfd == NULL || polled == NULL || st.lat == NULL) {
		fprintf(stderr, "loadgen: out of memory\n");
		status = 2;
		goto out;
	}
	for (unsigned i = 0; i < cfg.conns; i++)
		conns[i].fd = -1;
	for (unsigned i = 0; i < cfg.conns; i++) {
		struct lg_conn *c = &conns[i];
		c->index = i;
		c->quota = cfg.writes / cfg.conns +
		           (i < cfg.writes % cfg.conns ? 1 : 0);
		c->sent_at = calloc(c->quota, sizeof *c->sent_at);
		if (c->sent_at == NULL) {
			fprintf(stderr, "loadgen: out of memory\n");
			status = 2;
			goto out;
		}
		c->fd = lg_connect(cfg.addr);
		if (c->fd < 0 || !lg_hello(c, token)) {
			status = 2;
			goto out;
		}
	}
	if (cfg.idle_seconds > 0) {
		struct timespec ts = {(time_t)cfg.idle_seconds, 0};
		printf("idle conns=%u\n", cfg.conns);
		fflush(stdout);
		while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
			;
		goto out;
	}
	if (lg_run(&cfg, conns, pfd, polled, &st, &seconds, &capped) != 0) {
		status = 2;
		goto out;
	}
	if (cfg.latency_file != NULL &&
	    !lg_write_latencies(cfg.latency_file, &st))
		status = 2;
	lg_report(&cfg, conns, &st, seconds, capped, &status);

out:
	for (unsigned i = 0; conns != NULL && i < cfg.conns; i++) {
		if (conns[i].fd >= 0)
			close(conns[i].fd);
		free(conns[i].sent_at);
		free(conns[i].out);
		free(conns[i].in);
	}
	free(conns);
	free(pfd);
	free(polled);
	free(st.lat);
	free(token);
	for (size_t i = 0; i < cfg.nqueries; i++)
		free(cfg.queries[i]);
	free(cfg.queries);
	return status;
}
