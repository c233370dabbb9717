/*
 * rawframe — speaks the wire protocol by hand, for the protocol tests that
 * the real client would never do: garbage, oversize frames, no Hello, a
 * replayed request_id, a partial frame, an assessment breaking every rule,
 * a review request breaking the rules.
 *
 *   rawframe HOST:PORT SCENARIO [TOKEN [WARD]]
 *
 * (writeread: a household read by id, created, and read again, in one
 * session; prints the id.)
 *
 * Prints one line per response received ("code=OK seq=2 replayed=1 ..."),
 * then "closed" when the daemon closed the connection or "open" when it was
 * still open after the wait. Exit 0 unless the tool itself failed.
 *
 * With RAWFRAME_CA=FILE it speaks TLS (verifying the daemon's certificate
 * against FILE), as tests/lib/common.sh sets in its TLS mode.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "frame.h"
#include "rules.h"
#include "uuid.h"

static SSL *raw_ssl; /* TLS (RAWFRAME_CA), else NULL */

static int raw_connect(const char *addr);
static void raw_tls(int fd, const char *ca);
static ssize_t raw_recv(int fd, void *buf, size_t len);
static void raw_send(int fd, const void *buf, size_t len);
static void raw_send_request(int fd, Ansinh__V1__Request *r);
static void raw_hello(int fd, const char *token);
static void raw_read(int fd, int wait_ms, int want);
static void raw_household(Ansinh__V1__Request *r,
                          Ansinh__V1__HouseholdCreate *hc,
                          Ansinh__V1__Household *h, const uint8_t *rid,
                          const uint8_t *id, const char *code, const char *head,
                          const char *ward);

static int
raw_connect(const char *addr)
{
	char host[128];
	const char *colon = strrchr(addr, ':');
	struct addrinfo hints, *ai;
	int fd;

	if (colon == NULL)
		exit(2);
	snprintf(host, sizeof host, "%.*s", (int)(colon - addr), addr);
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, colon + 1, &hints, &ai) != 0)
		exit(2);
	fd = socket(ai->ai_family, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
		perror("rawframe: connect");
		exit(2);
	}
	freeaddrinfo(ai);
	if (getenv("RAWFRAME_CA") != NULL && getenv("RAWFRAME_CA")[0] != '\0')
		raw_tls(fd, getenv("RAWFRAME_CA"));
	return fd;
}

static void
raw_tls(int fd, const char *ca)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	if (ctx == NULL || SSL_CTX_load_verify_locations(ctx, ca, NULL) != 1)
		exit(2);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
	raw_ssl = SSL_new(ctx);
	SSL_CTX_free(ctx); /* the SSL holds a reference */
	if (raw_ssl == NULL || SSL_set_fd(raw_ssl, fd) != 1 ||
	    SSL_connect(raw_ssl) != 1) {
		printf("tls-failed %s\n",
		       ERR_reason_error_string(ERR_peek_last_error()));
		exit(2);
	}
}

static ssize_t
raw_recv(int fd, void *buf, size_t len)
{
	if (raw_ssl == NULL)
		return recv(fd, buf, len, 0);
	int n = SSL_read(raw_ssl, buf, (int)len);
	return n > 0
	           ? n
	           : (SSL_get_error(raw_ssl, n) == SSL_ERROR_ZERO_RETURN ? 0
	                                                                 : -1);
}

static void
raw_send(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len > 0) {
		ssize_t n = raw_ssl != NULL ? SSL_write(raw_ssl, p, (int)len)
		                            : send(fd, p, len, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			printf("send-failed %s\n", strerror(errno));
			return;
		}
		p += n;
		len -= (size_t)n;
	}
}

static void
raw_send_request(int fd, Ansinh__V1__Request *r)
{
	size_t len;
	uint8_t *buf = frame_pack(&r->base, FRAME_DEFAULT_MAX, &len);
	if (buf == NULL)
		exit(2);
	raw_send(fd, buf, len);
	free(buf);
}

static void
raw_hello(int fd, const char *token)
{
	Ansinh__V1__Request r = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__Hello h = ANSINH__V1__HELLO__INIT;
	h.protocol_version = 1;
	h.token = (char *)token;
	h.client_name = "rawframe";
	r.seq = 1;
	r.body_case = ANSINH__V1__REQUEST__BODY_HELLO;
	r.hello = &h;
	raw_send_request(fd, &r);
}

/* Read and print responses until `want` arrived, the peer closed, or
 * wait_ms passed without data. */
static void
raw_read(int fd, int wait_ms, int want)
{
	static uint8_t buf[1 << 20];
	static size_t have;
	int got = 0;

	for (;;) {
		size_t plen;
		while (frame_peek(buf, have, sizeof buf, &plen) == FRAME_OK) {
			char path[128];
			const char *why;
			Ansinh__V1__Response *r =
			    frame_decode_response(buf + FRAME_HEADER_SIZE, plen,
			                          path, sizeof path, &why);
			if (r == NULL) {
				printf("bad-response %s %s\n", path, why);
			} else {
				const Ansinh__V1__Status *st = r->status;
				printf(
				    "code=%s seq=%llu",
				    names_code(st != NULL ? (int)st->code : 0),
				    (unsigned long long)r->seq);
				if (r->body_case ==
				    ANSINH__V1__RESPONSE__BODY_WRITE)
					printf(" replayed=%d",
					       r->write->replayed);
				if (st != NULL && st->message[0] != '\0')
					printf(" msg=\"%s\"", st->message);
				for (size_t i = 0;
				     st != NULL && i < st->n_violations; i++)
					printf(" violation=%s:\"%s\"",
					       st->violations[i]->field,
					       st->violations[i]->reason);
				printf("\n");
				ansinh__v1__response__free_unpacked(r, NULL);
			}
			memmove(buf, buf + FRAME_HEADER_SIZE + plen,
			        have - FRAME_HEADER_SIZE - plen);
			have -= FRAME_HEADER_SIZE + plen;
			if (++got == want)
				return;
		}
		struct pollfd p = {fd, POLLIN, 0};
		int n = raw_ssl != NULL && SSL_pending(raw_ssl) > 0
		            ? 1
		            : poll(&p, 1, wait_ms);
		if (n == 0) {
			printf("open\n");
			return;
		}
		ssize_t r = raw_recv(fd, buf + have, sizeof buf - have);
		if (r <= 0) {
			printf("closed\n");
			return;
		}
		have += (size_t)r;
	}
}

static void
raw_household(Ansinh__V1__Request *r, Ansinh__V1__HouseholdCreate *hc,
              Ansinh__V1__Household *h, const uint8_t *rid, const uint8_t *id,
              const char *code, const char *head, const char *ward)
{
	ansinh__v1__request__init(r);
	ansinh__v1__household_create__init(hc);
	ansinh__v1__household__init(h);
	h->id.data = (uint8_t *)id;
	h->id.len = UUID_SIZE;
	h->code = (char *)code;
	h->head_name = (char *)head;
	h->ward_code = (char *)ward;
	hc->household = h;
	r->request_id.data = (uint8_t *)rid;
	r->request_id.len = UUID_SIZE;
	r->body_case = ANSINH__V1__REQUEST__BODY_HOUSEHOLD_CREATE;
	r->household_create = hc;
}

int
main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr,
		        "usage: rawframe HOST:PORT SCENARIO [TOKEN [WARD]]\n");
		return 2;
	}
	const char *scenario = argv[2];
	const char *token = argc > 3 ? argv[3] : "";
	const char *ward = argc > 4 ? argv[4] : "";
	signal(SIGPIPE, SIG_IGN);
	int fd = raw_connect(argv[1]);

	if (strcmp(scenario, "garbage") == 0) {
		/* Not a frame: an HTTP request line. */
		static const char junk[] = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
		raw_send(fd, junk, sizeof junk - 1);
		raw_read(fd, 3000, 10);
	} else if (strcmp(scenario, "oversize") == 0) {
		static const uint8_t hdr[4] = {0x7f, 0xff, 0xff, 0xff};
		raw_send(fd, hdr, sizeof hdr);
		raw_read(fd, 3000, 10);
	} else if (strcmp(scenario, "nohello") == 0) {
		Ansinh__V1__Request r = ANSINH__V1__REQUEST__INIT;
		Ansinh__V1__Ping p = ANSINH__V1__PING__INIT;
		r.seq = 7;
		r.body_case = ANSINH__V1__REQUEST__BODY_PING;
		r.ping = &p;
		raw_send_request(fd, &r);
		raw_read(fd, 3000, 10);
	} else if (strcmp(scenario, "hello") == 0) {
		raw_hello(fd, token);
		raw_read(fd, 3000, 1);
		raw_read(fd, 500, 10);
	} else if (strcmp(scenario, "hold") == 0) {
		/* Hello, then a ping every 0.5 s, at most 30 (15 s), until the
		 * daemon closes the connection. */
		raw_hello(fd, token);
		raw_read(fd, 3000, 1);
		for (int i = 0; i < 30; i++) {
			Ansinh__V1__Request r = ANSINH__V1__REQUEST__INIT;
			Ansinh__V1__Ping p = ANSINH__V1__PING__INIT;
			struct pollfd pf = {fd, POLLIN, 0};
			r.seq = 100 + (uint64_t)i;
			r.body_case = ANSINH__V1__REQUEST__BODY_PING;
			r.ping = &p;
			raw_send_request(fd, &r);
			raw_read(fd, 3000, 1);
			fflush(stdout);
			/* A word from the daemon (seq 0) before it closes. */
			if (poll(&pf, 1, 500) == 1) {
				raw_read(fd, 1000, 10);
				break;
			}
		}
	} else if (strcmp(scenario, "finds") == 0) {
		/* Hello, then 50 household searches written at once; their
		 * answers are read for up to 60 s. */
		raw_hello(fd, token);
		raw_read(fd, 3000, 1);
		for (int i = 0; i < 50; i++) {
			Ansinh__V1__Request r = ANSINH__V1__REQUEST__INIT;
			Ansinh__V1__HouseholdFind f =
			    ANSINH__V1__HOUSEHOLD_FIND__INIT;
			f.text = "a";
			r.seq = 500 + (uint64_t)i;
			r.body_case = ANSINH__V1__REQUEST__BODY_HOUSEHOLD_FIND;
			r.household_find = &f;
			raw_send_request(fd, &r);
		}
		raw_read(fd, 60000, 50);
	} else if (strcmp(scenario, "idle") == 0) {
		/* Hello, then silence: wait up to 6 s for the daemon to close.
		 */
		raw_hello(fd, token);
		raw_read(fd, 3000, 1);
		raw_read(fd, 6000, 10);
	} else if (strcmp(scenario, "partial") == 0) {
		/* Hello, then half a frame, then silence. */
		static const uint8_t half[6] = {0, 0, 0, 50, 8, 1};
		raw_hello(fd, token);
		raw_read(fd, 3000, 1);
		raw_send(fd, half, sizeof half);
		raw_read(fd, 5000, 10);
	} else if (strcmp(scenario, "badutf8") == 0) {
		/* A Hello whose client_name holds an invalid byte. */
		static const uint8_t f[] = {0,    0, 0,    8, 0x52, 6,
		                            0x08, 1, 0x1a, 2, 'a',  0xff};
		raw_send(fd, f, sizeof f);
		raw_read(fd, 3000, 10);
	} else if (strcmp(scenario, "invisible") == 0) {
		/* Household creates whose head's name holds a right-to-left
		 * override, then a zero-width space (the client would refuse
		 * them itself). */
		static const char *const heads[] = {
		    "Nguy\xe1\xbb\x85n \xe2\x80\xae"
		    "ahT",
		    "Tr\xc6\xb0\xc6\xa1ng\xe2\x80\x8b V\xc4\x83n"};
		uint8_t rid[UUID_SIZE], id[UUID_SIZE];
		Ansinh__V1__Request r;
		Ansinh__V1__HouseholdCreate hc;
		Ansinh__V1__Household h;
		raw_hello(fd, token);
		raw_read(fd, 3000, 1);
		for (size_t i = 0; i < 2; i++) {
			if (!uuid7_generate(rid) || !uuid7_generate(id))
				return 2;
			raw_household(&r, &hc, &h, rid, id, "INV-1", heads[i],
			              ward);
			r.seq = 10 + (uint64_t)i;
			raw_send_request(fd, &r);
			raw_read(fd, 5000, 1);
		}
	} else if (strcmp(scenario, "replay") == 0) {
		/* The same logical write three times (one request_id), then
		 * a new request reusing the record id with other content. */
		uint8_t rid[UUID_SIZE], rid2[UUID_SIZE], rid3[UUID_SIZE];
		uint8_t id[UUID_SIZE];
		char text[UUID_STR_SIZE];
		Ansinh__V1__Request r;
		Ansinh__V1__HouseholdCreate hc;
		Ansinh__V1__Household h;
		if (!uuid7_generate(rid) || !uuid7_generate(rid2) ||
		    !uuid7_generate(rid3) || !uuid7_generate(id))
			return 2;
		raw_hello(fd, token);
		raw_read(fd, 3000, 1);
		raw_household(&r, &hc, &h, rid, id, "RP-1", "Nguyễn Văn Lặp",
		              ward);
		for (int i = 0; i < 3; i++) {
			r.seq = 10 + (uint64_t)i;
			raw_send_request(fd, &r);
			raw_read(fd, 5000, 1);
		}
		/* A new request creating the same record, same content. */
		raw_household(&r, &hc, &h, rid2, id, "RP-1", "Nguyễn Văn Lặp",
		              ward);
		r.seq = 20;
		raw_send_request(fd, &r);
		raw_read(fd, 5000, 1);
		/* A new request reusing the id with other content. */
		raw_household(&r, &hc, &h, rid3, id, "RP-1", "Someone Else",
		              ward);
		r.seq = 21;
		raw_send_request(fd, &r);
		raw_read(fd, 5000, 1);
		uuid_format(id, text);
		printf("id %s\n", text);
	} else if (strcmp(scenario, "writeread") == 0) {
		/* Read, write, read the same household in one session. */
		uint8_t rid[UUID_SIZE], id[UUID_SIZE];
		char text[UUID_STR_SIZE];
		Ansinh__V1__Request r, g = ANSINH__V1__REQUEST__INIT;
		Ansinh__V1__HouseholdCreate hc;
		Ansinh__V1__Household h;
		Ansinh__V1__HouseholdGet hg = ANSINH__V1__HOUSEHOLD_GET__INIT;
		if (!uuid7_generate(rid) || !uuid7_generate(id))
			return 2;
		raw_hello(fd, token);
		raw_read(fd, 3000, 1);
		hg.id.data = id;
		hg.id.len = UUID_SIZE;
		g.body_case = ANSINH__V1__REQUEST__BODY_HOUSEHOLD_GET;
		g.household_get = &hg;
		g.seq = 30;
		raw_send_request(fd, &g);
		raw_read(fd, 5000, 1);
		raw_household(&r, &hc, &h, rid, id, "RY-1", "Nguyễn Văn Đọc",
		              ward);
		r.seq = 31;
		raw_send_request(fd, &r);
		raw_read(fd, 5000, 1);
		g.seq = 32;
		raw_send_request(fd, &g);
		raw_read(fd, 5000, 1);
		uuid_format(id, text);
		printf("id %s\n", text);
	} else if (strcmp(scenario, "burst") == 0) {
		/* Hello, then 100 household creates written at once; every
		 * response is printed, then whether the daemon closed. */
		raw_hello(fd, token);
		raw_read(fd, 3000, 1);
		for (int i = 0; i < 100; i++) {
			uint8_t rid[UUID_SIZE], id[UUID_SIZE];
			char code[32];
			Ansinh__V1__Request r;
			Ansinh__V1__HouseholdCreate hc;
			Ansinh__V1__Household h;
			if (!uuid7_generate(rid) || !uuid7_generate(id))
				return 2;
			snprintf(code, sizeof code, "BU-%d", i);
			raw_household(&r, &hc, &h, rid, id, code, "Người Thử",
			              ward);
			r.seq = 1000 + (uint64_t)i;
			raw_send_request(fd, &r);
		}
		raw_read(fd, 15000, 100);
		raw_read(fd, 5000, 1);
	} else if (strcmp(scenario, "pipeline") == 0) {
		/* Hello and 200 pings written at once. */
		raw_hello(fd, token);
		for (int i = 0; i < 200; i++) {
			Ansinh__V1__Request r = ANSINH__V1__REQUEST__INIT;
			Ansinh__V1__Ping p = ANSINH__V1__PING__INIT;
			r.seq = 100 + (uint64_t)i;
			r.body_case = ANSINH__V1__REQUEST__BODY_PING;
			r.ping = &p;
			raw_send_request(fd, &r);
		}
		raw_read(fd, 5000, 201);
	} else if (strcmp(scenario, "assessment") == 0) {
		/* What the client would never send: an assessment breaking
		 * every rule at once (the daemon names each field), then a
		 * good one sent twice with one request_id. */
		uint8_t rid[UUID_SIZE], rid2[UUID_SIZE], rid3[UUID_SIZE];
		uint8_t id[UUID_SIZE], aid[UUID_SIZE];
		Ansinh__V1__Request r;
		Ansinh__V1__HouseholdCreate hc;
		Ansinh__V1__Household h;
		Ansinh__V1__AssessmentCreate ac =
		    ANSINH__V1__ASSESSMENT_CREATE__INIT;
		Ansinh__V1__Assessment a = ANSINH__V1__ASSESSMENT__INIT;
		Ansinh__V1__Deprivations d = ANSINH__V1__DEPRIVATIONS__INIT;
		if (!uuid7_generate(rid) || !uuid7_generate(rid2) ||
		    !uuid7_generate(rid3) || !uuid7_generate(id) ||
		    !uuid7_generate(aid))
			return 2;
		raw_hello(fd, token);
		raw_read(fd, 3000, 1);
		raw_household(&r, &hc, &h, rid, id, "RA-1", "Đoàn Thị Rà",
		              ward);
		r.seq = 30;
		raw_send_request(fd, &r);
		raw_read(fd, 5000, 1);

		ansinh__v1__request__init(&r);
		a.id.data = aid;
		a.id.len = 8; /* not a UUID */
		a.household_code = (char *)"bad code";
		a.year = 1999;
		a.assessed_on = (char *)"2023-02-30";
		a.income_vnd = -1;
		a.reviewer = (char *)"\x01";
		ac.assessment = &a;
		r.request_id.data = rid2;
		r.request_id.len = UUID_SIZE;
		r.body_case = ANSINH__V1__REQUEST__BODY_ASSESSMENT_CREATE;
		r.assessment_create = &ac;
		r.seq = 31;
		raw_send_request(fd, &r);
		raw_read(fd, 5000, 1);

		a.id.len = UUID_SIZE;
		a.household_code = (char *)"RA-1";
		a.ward_code = (char *)ward;
		a.year = 2024;
		a.assessed_on = (char *)"2024-10-10";
		a.area = ANSINH__V1__AREA__AREA_URBAN;
		a.income_vnd = 1850000;
		d.health_insurance = 1;
		d.housing_area = 1;
		d.water = 1;
		d.latrine = 1;
		a.deprived = &d;
		a.reviewer = (char *)"";
		r.request_id.data = rid3;
		for (int i = 0; i < 2; i++) {
			r.seq = 32 + (uint64_t)i;
			raw_send_request(fd, &r);
			raw_read(fd, 5000, 1);
		}
	} else if (strcmp(scenario, "reviewrequest") == 0) {
		/* A review request the client would never send (a date in
		 * the future, a reason with a control character, no
		 * household), then a good one for household RQ-1 sent twice
		 * with one request_id. */
		uint8_t rid[UUID_SIZE], rid2[UUID_SIZE], id[UUID_SIZE];
		Ansinh__V1__Request r = ANSINH__V1__REQUEST__INIT;
		Ansinh__V1__ReviewRequestCreate rc =
		    ANSINH__V1__REVIEW_REQUEST_CREATE__INIT;
		Ansinh__V1__ReviewRequest q = ANSINH__V1__REVIEW_REQUEST__INIT;
		if (!uuid7_generate(rid) || !uuid7_generate(rid2) ||
		    !uuid7_generate(id))
			return 2;
		raw_hello(fd, token);
		raw_read(fd, 3000, 1);
		q.id.data = id;
		q.id.len = UUID_SIZE;
		q.ward_code = (char *)ward;
		q.requested_on = (char *)"2099-01-01";
		q.reason = (char *)"a\x01b";
		rc.request = &q;
		r.request_id.data = rid;
		r.request_id.len = UUID_SIZE;
		r.body_case = ANSINH__V1__REQUEST__BODY_REVIEW_REQUEST_CREATE;
		r.review_request_create = &rc;
		r.seq = 41;
		raw_send_request(fd, &r);
		raw_read(fd, 5000, 1);

		q.household_code = (char *)"RQ-1";
		q.requested_on = (char *)"2025-02-03";
		q.reason = (char *)"";
		r.request_id.data = rid2;
		for (int i = 0; i < 2; i++) {
			r.seq = 42 + (uint64_t)i;
			raw_send_request(fd, &r);
			raw_read(fd, 5000, 1);
		}
	} else {
		fprintf(stderr, "rawframe: unknown scenario %s\n", scenario);
		return 2;
	}
	close(fd);
	return 0;
}
