/*
 * peer.c — the per-address records (see peer.h): a chained hash table, and
 * the records no connection uses in a queue, oldest first.
 */
#include "peer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PEER_BUCKETS 1024

LIST_HEAD(peer_bucket, peer);
TAILQ_HEAD(peer_idle, peer);

struct peer_table {
	struct peer_bucket buckets[PEER_BUCKETS];
	struct peer_idle idle; /* refs == 0, least recently used first */
	size_t nidle;
	size_t size;
	size_t keep;
};

static bool peer_key(const struct sockaddr *sa, uint8_t key[17],
                     char text[PEER_TEXT_SIZE]);
static unsigned peer_hash(const uint8_t key[17]);
static void peer_forget(struct peer_table *t, struct peer *p);

struct peer_table *
peer_table_new(size_t keep)
{
	struct peer_table *t = calloc(1, sizeof *t);
	if (t == NULL)
		abort();
	for (size_t i = 0; i < PEER_BUCKETS; i++)
		LIST_INIT(&t->buckets[i]);
	TAILQ_INIT(&t->idle);
	t->keep = keep;
	return t;
}

void
peer_table_free(struct peer_table *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < PEER_BUCKETS; i++) {
		struct peer *p;
		while ((p = LIST_FIRST(&t->buckets[i])) != NULL) {
			LIST_REMOVE(p, bucket);
			free(p);
		}
	}
	free(t);
}

/* IPv4: the address; IPv6: its /64 (an IPv4-mapped address counts as
 * IPv4). */
static bool
peer_key(const struct sockaddr *sa, uint8_t key[17], char text[PEER_TEXT_SIZE])
{
	memset(key, 0, 17);
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 =
		    (const struct sockaddr_in6 *)sa;
		const uint8_t *a = in6->sin6_addr.s6_addr;
		if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) {
			key[0] = 4;
			memcpy(key + 1, a + 12, 4);
			inet_ntop(AF_INET, a + 12, text, PEER_TEXT_SIZE);
			return true;
		}
		struct in6_addr net;
		char buf[INET6_ADDRSTRLEN];
		memset(&net, 0, sizeof net);
		memcpy(net.s6_addr, a, 8);
		key[0] = 6;
		memcpy(key + 1, net.s6_addr, 16);
		inet_ntop(AF_INET6, &net, buf, sizeof buf);
		snprintf(text, PEER_TEXT_SIZE, "%s/64", buf);
		return true;
	}
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
		key[0] = 4;
		memcpy(key + 1, &in->sin_addr, 4);
		inet_ntop(AF_INET, &in->sin_addr, text, PEER_TEXT_SIZE);
		return true;
	}
	return false;
}

static unsigned
peer_hash(const uint8_t key[17])
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (int i = 0; i < 17; i++)
		h = (h ^ key[i]) * 16777619u;
	return h % PEER_BUCKETS;
}

static void
peer_forget(struct peer_table *t, struct peer *p)
{
	TAILQ_REMOVE(&t->idle, p, idle);
	t->nidle--;
	LIST_REMOVE(p, bucket);
	t->size--;
	free(p);
}

struct peer *
peer_get(struct peer_table *t, const struct sockaddr *sa)
{
	uint8_t key[17];
	char text[PEER_TEXT_SIZE];
	struct peer *p;

	if (!peer_key(sa, key, text))
		return NULL;
	unsigned h = peer_hash(key);
	LIST_FOREACH(p, &t->buckets[h], bucket)
	{
		if (memcmp(p->key, key, sizeof key) == 0)
			break;
	}
	if (p == NULL) {
		p = calloc(1, sizeof *p);
		if (p == NULL)
			abort();
		memcpy(p->key, key, sizeof key);
		snprintf(p->text, sizeof p->text, "%s", text);
		LIST_INSERT_HEAD(&t->buckets[h], p, bucket);
		t->size++;
	} else if (p->refs == 0) {
		TAILQ_REMOVE(&t->idle, p, idle);
		t->nidle--;
	}
	p->refs++;
	return p;
}

void
peer_put(struct peer_table *t, struct peer *p)
{
	if (p == NULL || --p->refs > 0)
		return;
	TAILQ_INSERT_TAIL(&t->idle, p, idle);
	t->nidle++;
	while (t->nidle > t->keep)
		peer_forget(t, TAILQ_FIRST(&t->idle));
}

size_t
peer_table_size(const struct peer_table *t)
{
	return t->size;
}

bool
peer_blocked(const struct peer *p, long now, long *left)
{
	if (p == NULL || p->blocked_until <= now)
		return false;
	*left = p->blocked_until - now;
	return true;
}

bool
peer_fail(struct peer *p, long now, long max_failures, long window)
{
	if (p == NULL)
		return false;
	if (p->failures == 0 || now - p->window_start >= window) {
		p->window_start = now;
		p->failures = 0;
	}
	p->failures++;
	if (p->failures < max_failures || p->blocked_until > now)
		return false;
	p->blocked_until = now + window;
	p->failures = 0;
	return true;
}
