/*
 * test_peer.c — the per-address records: IPv4 addresses and IPv6 /64s as
 * keys, references, the bound on forgotten records, failed Hellos and the
 * refusal they lead to.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "../../server/peer.h"
#include "tap.h"

static struct sockaddr_in v4(const char *a);
static struct sockaddr_in6 v6(const char *a);
static void test_keys(void);
static void test_bound(void);
static void test_failures(void);

static struct sockaddr_in
v4(const char *a)
{
	struct sockaddr_in in;
	memset(&in, 0, sizeof in);
	in.sin_family = AF_INET;
	in.sin_port = htons(1234);
	inet_pton(AF_INET, a, &in.sin_addr);
	return in;
}

static struct sockaddr_in6
v6(const char *a)
{
	struct sockaddr_in6 in6;
	memset(&in6, 0, sizeof in6);
	in6.sin6_family = AF_INET6;
	inet_pton(AF_INET6, a, &in6.sin6_addr);
	return in6;
}

int
main(void)
{
	test_keys();
	test_bound();
	test_failures();
	return done_testing();
}

static void
test_keys(void)
{
	struct peer_table *t = peer_table_new(8);
	struct sockaddr_in a = v4("192.0.2.7"), b = v4("192.0.2.8");
	struct sockaddr_in6 c = v6("2001:db8:1:2::5"),
	                    d = v6("2001:db8:1:2::9");
	struct sockaddr_in6 e = v6("2001:db8:1:3::5"),
	                    m = v6("::ffff:192.0.2.7");

	struct peer *pa = peer_get(t, (struct sockaddr *)&a);
	struct peer *pb = peer_get(t, (struct sockaddr *)&b);
	struct peer *pa2 = peer_get(t, (struct sockaddr *)&a);
	ok(pa == pa2, "one record per IPv4 address (the port does not count)");
	ok(pa != pb, "another address, another record");
	is_str(pa->text, "192.0.2.7", "named by its address");
	is_int(pa->refs, 2, "holding both references");

	struct peer *pc = peer_get(t, (struct sockaddr *)&c);
	struct peer *pd = peer_get(t, (struct sockaddr *)&d);
	struct peer *pe = peer_get(t, (struct sockaddr *)&e);
	ok(pc == pd, "IPv6 addresses of one /64 share a record");
	ok(pc != pe, "another /64, another record");
	is_str(pc->text, "2001:db8:1:2::/64", "named by the /64");
	struct peer *pm = peer_get(t, (struct sockaddr *)&m);
	ok(pm == pa, "an IPv4-mapped IPv6 address is the IPv4 address");
	is_int((int)peer_table_size(t), 4, "four records");

	struct sockaddr un = {.sa_family = AF_UNIX};
	ok(peer_get(t, &un) == NULL, "no record for another family");
	peer_put(t, pa);
	peer_put(t, pa2);
	peer_put(t, pm);
	peer_put(t, pb);
	peer_put(t, pc);
	peer_put(t, pd);
	peer_put(t, pe);
	is_int((int)peer_table_size(t), 4,
	       "records no connection uses are kept (within the bound)");
	peer_table_free(t);
}

static void
test_bound(void)
{
	struct peer_table *t = peer_table_new(3);
	char addr[32];
	struct peer *held;

	struct sockaddr_in h = v4("198.51.100.1");
	held = peer_get(t, (struct sockaddr *)&h);
	held->failures = 5;
	for (int i = 2; i < 12; i++) {
		snprintf(addr, sizeof addr, "198.51.100.%d", i);
		struct sockaddr_in a = v4(addr);
		struct peer *p = peer_get(t, (struct sockaddr *)&a);
		p->failures = i;
		peer_put(t, p);
	}
	is_int((int)peer_table_size(t), 4,
	       "3 unused records remembered, plus the one in use");
	struct sockaddr_in last = v4("198.51.100.11");
	struct peer *p = peer_get(t, (struct sockaddr *)&last);
	is_int(p->failures, 11, "the newest unused ones are the ones kept");
	peer_put(t, p);
	struct sockaddr_in first = v4("198.51.100.2");
	p = peer_get(t, (struct sockaddr *)&first);
	is_int(p->failures, 0, "the oldest were forgotten");
	peer_put(t, p);
	is_int(held->failures, 5, "a record in use is never forgotten");
	peer_put(t, held);
	peer_table_free(t);
}

static void
test_failures(void)
{
	struct peer_table *t = peer_table_new(8);
	struct sockaddr_in a = v4("203.0.113.9");
	struct peer *p = peer_get(t, (struct sockaddr *)&a);
	long left = 0;

	ok(!peer_blocked(p, 100, &left), "a new address is not refused");
	for (int i = 1; i < 3; i++)
		ok(!peer_fail(p, 100 + i, 3, 60), "failure %d of 3", i);
	ok(peer_fail(p, 103, 3, 60), "the 3rd failure refuses the address");
	ok(peer_blocked(p, 110, &left) && left == 53,
	   "for the window's 60 s (53 left at +7 s)");
	ok(!peer_fail(p, 111, 3, 60),
	   "failures while refused do not extend it");
	ok(!peer_blocked(p, 163, &left), "after 60 s it is served again");

	peer_fail(p, 200, 3, 60);
	peer_fail(p, 201, 3, 60);
	ok(!peer_fail(p, 300, 3, 60),
	   "failures of an old window are forgotten");
	ok(!peer_blocked(p, 300, &left), "so the address is not refused");
	ok(!peer_fail(NULL, 1, 1, 1) && !peer_blocked(NULL, 1, &left),
	   "no record: nothing counted, nothing refused");
	peer_put(t, p);
	peer_table_free(t);
}
