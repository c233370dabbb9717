/*
 * peer.h — what the daemon remembers about each peer address: how many of
 * its connections have not said Hello yet, its recent failed Hellos, and
 * whether it is refused for a while.
 *
 * An address is an IPv4 address, or an IPv6 /64 (one site hands out a whole
 * /64, so counting single IPv6 addresses would count nothing). Records in
 * use by a connection are kept; the others are forgotten oldest first once
 * more than `keep` of them are remembered, so the table is bounded whatever
 * the number of addresses that knock.
 *
 * Pure bookkeeping: no sockets, no clock (callers pass the time in seconds
 * of a monotonic clock), unit-tested in tests/unit/test_peer.c.
 */
#ifndef ANSINH_PEER_H
#define ANSINH_PEER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>
#include <sys/socket.h>

#define PEER_TEXT_SIZE 64

struct peer {
	LIST_ENTRY(peer) bucket;
	TAILQ_ENTRY(peer) idle; /* while refs == 0 */
	uint8_t key[17];        /* family, then 16 address bytes */
	char text[PEER_TEXT_SIZE];
	int refs;     /* connections from this address */
	int unauth;   /* of them, not authenticated yet */
	int failures; /* failed Hellos since window_start */
	long window_start;
	long blocked_until; /* refused until then (0: not refused) */
};

struct peer_table;

/* A table remembering at most keep addresses that no connection uses.
 * Freed with peer_table_free (every record must have been put back). */
struct peer_table *peer_table_new(size_t keep);
void peer_table_free(struct peer_table *t);

/* The record of sa's address (created if new), with one more reference;
 * the caller gives it back with peer_put. NULL for an address family other
 * than IPv4/IPv6 (never expected from a TCP listener). */
struct peer *peer_get(struct peer_table *t, const struct sockaddr *sa);
void peer_put(struct peer_table *t, struct peer *p);

/* Records remembered, in use or not. */
size_t peer_table_size(const struct peer_table *t);

/* Is p refused at now? Then *left is the number of seconds to go. */
bool peer_blocked(const struct peer *p, long now, long *left);

/*
 * Count a failed Hello at now. Failures are counted in windows of window
 * seconds; the max_failures-th of a window refuses the address for window
 * seconds from now. Returns true when this failure started the refusal.
 */
bool peer_fail(struct peer *p, long now, long max_failures, long window);

#endif
