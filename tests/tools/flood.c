/*
 * flood — what a hostile or broken client does to the daemon, for the limit
 * tests: many connections, frames that never end, requests whose answers are
 * never read, bad Hellos as fast as they are answered. Plaintext only (a
 * silent connection is the same to a TLS port). Bounded in time and count.
 *
 *   flood HOST:PORT pings TOKEN SIZE COUNT
 *       Hello, then COUNT pings of SIZE payload bytes, never reading.
 *   flood HOST:PORT hellothen TOKEN SIZE COUNT
 *       The same without waiting for the Hello's answer.
 *   flood HOST:PORT lists TOKEN CONNS COUNT LIMIT [HOLD [WANT]]
 *       CONNS connections each sending COUNT household lists of LIMIT
 *       rows, never reading; then held, unread, for HOLD seconds (default
 *       1) or until the daemon has closed WANT of them.
 *   flood HOST:PORT silent CONNS SECONDS
 *       CONNS connections that send nothing, each reopened when the daemon
 *       closes it, for SECONDS.
 *   flood HOST:PORT halfhello CONNS SIZE SECONDS
 *       CONNS connections each announcing a SIZE-byte first frame and
 *       sending all of it but one byte, held for SECONDS.
 *   flood HOST:PORT badhello CONNS SECONDS
 *       CONNS connections at a time, each sending a Hello with a new random
 *       token and reopened once answered, for SECONDS.
 *
 * FLOOD_SRC=FIRST:N spreads the connections over the source addresses
 * 127.0.0.FIRST … 127.0.0.(FIRST+N-1) (all loopback on Linux).
 *
 * Output: one summary line of key=value pairs. Sending stops when the daemon
 * has not taken a byte for 2 s ("stalled": it stopped reading) or closed the
 * connection. Exit 0 unless the tool itself failed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "frame.h"
#include "rules.h"

#define FLOOD_STALL_MS  2000
#define FLOOD_MAX_CONNS 4000

struct flood_conn {
	int fd;
	const uint8_t *out; /* one request (or frame), sent count times */
	size_t out_len, out_off;
	int count;
	int sent; /* whole ones sent */
	bool stalled, closed;
	long last_progress;
};

static struct sockaddr_storage flood_addr;
static socklen_t flood_addrlen;
static int flood_src_first, flood_src_n, flood_next_src;

static long flood_ms(void);
static void flood_resolve(const char *addr);
static int flood_connect(bool nonblock);
static uint8_t *flood_pack(Ansinh__V1__Request *r, size_t *len);
static uint8_t *flood_hello(const char *token, size_t *len);
static bool flood_send_all(int fd, const uint8_t *buf, size_t len);
static int flood_read_reply(int fd, int wait_ms);
static void flood_pump(struct flood_conn *c, int n, long give_up);
static bool flood_drain(int fd);
static bool flood_hung_up(int fd);
static int flood_requests(const char *token, int conns, int count,
                          Ansinh__V1__Request *r, bool wait_hello, int hold,
                          int want);
static int flood_pings(const char *token, size_t size, int count,
                       bool wait_hello);
static int flood_lists(const char *token, int conns, int count, int limit,
                       int hold, int want);
static int flood_silent(int conns, int seconds);
static int flood_halfhello(int conns, size_t size, int seconds);
static int flood_badhello(int conns, int seconds);

static long
flood_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
flood_resolve(const char *addr)
{
	char host[128];
	const char *colon = strrchr(addr, ':');
	struct addrinfo hints, *ai;
	const char *src = getenv("FLOOD_SRC");

	if (colon == NULL)
		exit(2);
	snprintf(host, sizeof host, "%.*s", (int)(colon - addr), addr);
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_family = AF_INET;
	if (getaddrinfo(host, colon + 1, &hints, &ai) != 0)
		exit(2);
	memcpy(&flood_addr, ai->ai_addr, ai->ai_addrlen);
	flood_addrlen = ai->ai_addrlen;
	freeaddrinfo(ai);
	if (src != NULL &&
	    sscanf(src, "%d:%d", &flood_src_first, &flood_src_n) != 2)
		exit(2);
}

/* A new connection, from the next source address when FLOOD_SRC is set.
 * -1 when the connect failed (printed once). */
static int
flood_connect(bool nonblock)
{
	int fd =
	    socket(AF_INET, SOCK_STREAM | (nonblock ? SOCK_NONBLOCK : 0), 0);
	if (fd < 0)
		return -1;
	/* A small receive buffer: what is not read stays with the daemon,
	 * not in this machine's kernel (loopback buffers hold megabytes). */
	int rcvbuf = 32 * 1024;
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
	if (flood_src_n > 0) {
		struct sockaddr_in src;
		memset(&src, 0, sizeof src);
		src.sin_family = AF_INET;
		src.sin_addr.s_addr = htonl(
		    (127u << 24) | (uint32_t)(flood_src_first +
		                              flood_next_src++ % flood_src_n));
		if (bind(fd, (struct sockaddr *)&src, sizeof src) != 0) {
			close(fd);
			return -1;
		}
	}
	if (connect(fd, (struct sockaddr *)&flood_addr, flood_addrlen) != 0 &&
	    errno != EINPROGRESS) {
		close(fd);
		return -1;
	}
	return fd;
}

static uint8_t *
flood_pack(Ansinh__V1__Request *r, size_t *len)
{
	uint8_t *buf = frame_pack(&r->base, 64u * 1024 * 1024, len);
	if (buf == NULL)
		exit(2);
	return buf;
}

static uint8_t *
flood_hello(const char *token, size_t *len)
{
	Ansinh__V1__Request r = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__Hello h = ANSINH__V1__HELLO__INIT;
	h.protocol_version = 1;
	h.token = (char *)token;
	h.client_name = "flood";
	r.seq = 1;
	r.body_case = ANSINH__V1__REQUEST__BODY_HELLO;
	r.hello = &h;
	return flood_pack(&r, len);
}

static bool
flood_send_all(int fd, const uint8_t *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		buf += n;
		len -= (size_t)n;
	}
	return true;
}

/* One response's status code, -1 when the peer closed or wait_ms passed. */
static int
flood_read_reply(int fd, int wait_ms)
{
	uint8_t buf[65536];
	size_t have = 0, plen;

	for (;;) {
		if (frame_peek(buf, have, sizeof buf, &plen) == FRAME_OK) {
			char path[64];
			const char *why;
			Ansinh__V1__Response *r =
			    frame_decode_response(buf + FRAME_HEADER_SIZE, plen,
			                          path, sizeof path, &why);
			int code = r != NULL && r->status != NULL
			               ? (int)r->status->code
			               : 0;
			if (r != NULL)
				ansinh__v1__response__free_unpacked(r, NULL);
			return code;
		}
		struct pollfd p = {fd, POLLIN, 0};
		if (poll(&p, 1, wait_ms) <= 0)
			return -1;
		ssize_t n = recv(fd, buf + have, sizeof buf - have, 0);
		if (n <= 0)
			return -1;
		have += (size_t)n;
	}
}

/* Read what the daemon sent, to the end: true when it closed the connection,
 * false when it stayed open and quiet for 1 s. */
static bool
flood_drain(int fd)
{
	static char b[65536];

	for (;;) {
		struct pollfd p = {fd, POLLIN, 0};
		if (poll(&p, 1, 1000) != 1)
			return false;
		ssize_t n = recv(fd, b, sizeof b, 0);
		if (n <= 0)
			return true;
	}
}

/* Did the daemon close (FIN or RST), whatever is still unread? */
static bool
flood_hung_up(int fd)
{
	struct pollfd p = {fd, POLLRDHUP, 0};
	return poll(&p, 1, 0) == 1 &&
	       (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

/*
 * Send what each connection has queued, without ever reading, until every
 * one is done, stalled (no byte taken for FLOOD_STALL_MS) or closed, or
 * give_up (a time) passed. refill() is not needed: the queue holds it all.
 */
static void
flood_pump(struct flood_conn *c, int n, long give_up)
{
	struct pollfd *p = calloc((size_t)n, sizeof *p);
	if (p == NULL)
		exit(2);
	for (int i = 0; i < n; i++)
		c[i].last_progress = flood_ms();
	for (;;) {
		int active = 0;
		long now = flood_ms();
		for (int i = 0; i < n; i++) {
			p[i].fd = -1;
			p[i].events = POLLOUT;
			if (c[i].closed || c[i].stalled ||
			    c[i].sent == c[i].count)
				continue;
			if (now - c[i].last_progress > FLOOD_STALL_MS) {
				c[i].stalled = true;
				continue;
			}
			p[i].fd = c[i].fd;
			active++;
		}
		if (active == 0 || now > give_up)
			break;
		if (poll(p, (nfds_t)n, 200) < 0 && errno != EINTR)
			break;
		for (int i = 0; i < n; i++) {
			if (p[i].fd < 0 || p[i].revents == 0)
				continue;
			if (p[i].revents & (POLLERR | POLLHUP)) {
				c[i].closed = true;
				continue;
			}
			ssize_t w = send(c[i].fd, c[i].out + c[i].out_off,
			                 c[i].out_len - c[i].out_off,
			                 MSG_NOSIGNAL | MSG_DONTWAIT);
			if (w < 0 && errno != EAGAIN && errno != EINTR) {
				c[i].closed = true;
				continue;
			}
			if (w > 0) {
				c[i].out_off += (size_t)w;
				c[i].last_progress = flood_ms();
				if (c[i].out_off == c[i].out_len) {
					c[i].out_off = 0;
					c[i].sent++;
				}
			}
		}
	}
	free(p);
}

static int
flood_requests(const char *token, int conns, int count, Ansinh__V1__Request *r,
               bool wait_hello, int hold, int want)
{
	struct flood_conn *c = calloc((size_t)conns, sizeof *c);
	size_t hlen, len;
	uint8_t *hello = flood_hello(token, &hlen);
	uint8_t *one;
	int sent = 0, stalled = 0, closed = 0;

	r->seq = 2;
	one = flood_pack(r, &len);
	for (int i = 0; i < conns; i++) {
		c[i].fd = flood_connect(false);
		if (c[i].fd < 0 || !flood_send_all(c[i].fd, hello, hlen) ||
		    (wait_hello && flood_read_reply(c[i].fd, 10000) != 0)) {
			printf("hello-failed conn=%d\n", i);
			return 1;
		}
		c[i].out = one;
		c[i].out_len = len;
		c[i].count = count;
	}
	flood_pump(c, conns, flood_ms() + 60000);
	/* Hold the connections, unread, while the daemon holds (or drops)
	 * the answers, watching whether it closes them, still without reading
	 * (reading would let it go on). */
	long end = flood_ms() + hold * 1000L;
	do {
		closed = 0;
		for (int i = 0; i < conns; i++) {
			if (!c[i].closed)
				c[i].closed = flood_hung_up(c[i].fd);
			closed += c[i].closed;
		}
		if (want > 0 && closed >= want)
			break;
		usleep(100000);
	} while (flood_ms() < end);
	for (int i = 0; i < conns; i++) {
		sent += c[i].sent;
		stalled += c[i].stalled;
		close(c[i].fd);
	}
	printf("conns=%d requests=%d sent=%d stalled=%d closed=%d\n", conns,
	       conns * count, sent, stalled, closed);
	free(c);
	free(hello);
	free(one);
	return 0;
}

static int
flood_pings(const char *token, size_t size, int count, bool wait_hello)
{
	Ansinh__V1__Request r = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__Ping p = ANSINH__V1__PING__INIT;
	uint8_t *payload = calloc(1, size + 1);
	int rc;

	p.payload.data = payload;
	p.payload.len = size;
	r.body_case = ANSINH__V1__REQUEST__BODY_PING;
	r.ping = &p;
	rc = flood_requests(token, 1, count, &r, wait_hello, 1, 0);
	free(payload);
	return rc;
}

static int
flood_lists(const char *token, int conns, int count, int limit, int hold,
            int want)
{
	Ansinh__V1__Request r = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__HouseholdList l = ANSINH__V1__HOUSEHOLD_LIST__INIT;

	l.limit = (uint32_t)limit;
	r.body_case = ANSINH__V1__REQUEST__BODY_HOUSEHOLD_LIST;
	r.household_list = &l;
	return flood_requests(token, conns, count, &r, true, hold, want);
}

/* Connections that send nothing, reopened as the daemon closes them. */
static int
flood_silent(int conns, int seconds)
{
	struct pollfd *p = calloc((size_t)conns, sizeof *p);
	long end = flood_ms() + seconds * 1000L;
	long opened = 0, closed = 0, failed = 0;
	char buf[4096];

	for (int i = 0; i < conns; i++) {
		p[i].fd = flood_connect(true);
		p[i].events = POLLIN;
		if (p[i].fd >= 0)
			opened++;
		else
			failed++;
	}
	while (flood_ms() < end) {
		if (poll(p, (nfds_t)conns, 100) < 0 && errno != EINTR)
			break;
		for (int i = 0; i < conns; i++) {
			if (p[i].fd >= 0 && p[i].revents == 0)
				continue;
			if (p[i].fd >= 0) {
				ssize_t n = recv(p[i].fd, buf, sizeof buf,
				                 MSG_DONTWAIT);
				if (n > 0 || (n < 0 && errno == EAGAIN))
					continue;
				close(p[i].fd);
				closed++;
			}
			p[i].fd = flood_connect(true);
			if (p[i].fd >= 0)
				opened++;
			else
				failed++;
		}
	}
	printf("opened=%ld closed=%ld failed=%ld\n", opened, closed, failed);
	for (int i = 0; i < conns; i++) {
		if (p[i].fd >= 0)
			close(p[i].fd);
	}
	free(p);
	return 0;
}

/* First frames announced at size bytes, sent but for their last byte. */
static int
flood_halfhello(int conns, size_t size, int seconds)
{
	struct flood_conn *c = calloc((size_t)conns, sizeof *c);
	uint8_t *frame = calloc(1, FRAME_HEADER_SIZE + size);
	int closed = 0, sending = 0, closed_sending = 0;

	if (c == NULL || frame == NULL)
		exit(2);
	frame_put_header(frame, (uint32_t)size);
	for (int i = 0; i < conns; i++) {
		c[i].fd = flood_connect(true);
		if (c[i].fd < 0) {
			c[i].closed = true;
			continue;
		}
		c[i].out = frame;
		c[i].out_len = FRAME_HEADER_SIZE + size - 1;
		c[i].count = 1;
	}
	/* Wait for the connects, then push the bytes for a while. */
	usleep(200000);
	flood_pump(c, conns, flood_ms() + seconds * 1000L);
	for (int i = 0; i < conns; i++) {
		if (!c[i].closed && c[i].fd >= 0)
			c[i].closed = flood_drain(c[i].fd);
		closed += c[i].closed;
		/* Those that got bytes out (the others never connected in
		 * time: the backlog was full). */
		if (c[i].out_off > 0 || c[i].sent > 0) {
			sending++;
			closed_sending += c[i].closed;
		}
	}
	printf("conns=%d closed=%d sending=%d closed_sending=%d\n", conns,
	       closed, sending, closed_sending);
	for (int i = 0; i < conns; i++) {
		if (c[i].fd >= 0)
			close(c[i].fd);
	}
	free(c);
	free(frame);
	return 0;
}

/* Bad Hellos: a new random token on each connection, reopened once the
 * daemon answered or closed. */
static int
flood_badhello(int conns, int seconds)
{
	struct pollfd *p = calloc((size_t)conns, sizeof *p);
	long end = flood_ms() + seconds * 1000L;
	long attempts = 0, codes[17] = {0}, closed = 0;

	for (int i = 0; i < conns; i++)
		p[i].fd = -1;
	while (flood_ms() < end) {
		for (int i = 0; i < conns; i++) {
			if (p[i].fd >= 0)
				continue;
			uint8_t raw[16];
			char token[40];
			size_t len;
			if (getrandom(raw, sizeof raw, 0) != sizeof raw)
				exit(2);
			snprintf(token, sizeof token, "ansinh1_");
			for (int k = 0; k < 12; k++)
				snprintf(token + strlen(token), 3, "%02x",
				         raw[k]);
			p[i].fd = flood_connect(false);
			if (p[i].fd < 0)
				continue;
			uint8_t *hello = flood_hello(token, &len);
			(void)flood_send_all(p[i].fd, hello, len);
			free(hello);
			p[i].events = POLLIN;
			attempts++;
		}
		if (poll(p, (nfds_t)conns, 100) < 0 && errno != EINTR)
			break;
		for (int i = 0; i < conns; i++) {
			if (p[i].fd < 0 || p[i].revents == 0)
				continue;
			int code = flood_read_reply(p[i].fd, 0);
			if (code >= 0 && code < 17)
				codes[code]++;
			else
				closed++;
			close(p[i].fd);
			p[i].fd = -1;
		}
	}
	printf("attempts=%ld unauthenticated=%ld unavailable=%ld "
	       "closed=%ld\n",
	       attempts, codes[ANSINH__V1__CODE__UNAUTHENTICATED],
	       codes[ANSINH__V1__CODE__UNAVAILABLE], closed);
	for (int i = 0; i < conns; i++) {
		if (p[i].fd >= 0)
			close(p[i].fd);
	}
	free(p);
	return 0;
}

int
main(int argc, char **argv)
{
	struct rlimit rl;

	if (argc < 3) {
		fprintf(stderr, "usage: flood HOST:PORT SCENARIO ARGS...\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
	flood_resolve(argv[1]);
	const char *s = argv[2];
	int n = argc - 3;
	char **a = argv + 3;
	if (strcmp(s, "pings") == 0 && n == 3)
		return flood_pings(a[0], (size_t)atol(a[1]), atoi(a[2]), true);
	if (strcmp(s, "hellothen") == 0 && n == 3)
		return flood_pings(a[0], (size_t)atol(a[1]), atoi(a[2]), false);
	if (strcmp(s, "lists") == 0 && n >= 4 && n <= 6)
		return flood_lists(a[0], atoi(a[1]), atoi(a[2]), atoi(a[3]),
		                   n > 4 ? atoi(a[4]) : 1,
		                   n > 5 ? atoi(a[5]) : 0);
	if (strcmp(s, "silent") == 0 && n == 2 && atoi(a[0]) <= FLOOD_MAX_CONNS)
		return flood_silent(atoi(a[0]), atoi(a[1]));
	if (strcmp(s, "halfhello") == 0 && n == 3 &&
	    atoi(a[0]) <= FLOOD_MAX_CONNS)
		return flood_halfhello(atoi(a[0]), (size_t)atol(a[1]),
		                       atoi(a[2]));
	if (strcmp(s, "badhello") == 0 && n == 2 &&
	    atoi(a[0]) <= FLOOD_MAX_CONNS)
		return flood_badhello(atoi(a[0]), atoi(a[1]));
	fprintf(stderr, "flood: bad scenario or arguments\n");
	return 2;
}
