/*
 * idset.h — the record ids an import has read, with the line of each, in
 * bounded memory: the ids of at least the last IDSET_WINDOW rows are
 * always held (two generations of a hash table, the older dropped when the
 * newer is full), so memory stays flat however long the file is. A row
 * that repeats an id farther back is left to the daemon (the same request
 * again is answered "already"; other details for the same id are refused
 * as a conflict).
 */
#ifndef ANSINH_IDSET_H
#define ANSINH_IDSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IDSET_WINDOW 65536

struct idset_slot {
	uint8_t id[16];
	size_t line; /* 0: free */
};

struct idset_gen {
	struct idset_slot *slot; /* open addressing, a power of two */
	size_t cap;
	size_t n;
};

struct idset {
	size_t window;           /* ids a generation holds before it ages */
	struct idset_gen gen[2]; /* [0] the newer, [1] the older */
};

/* An empty set holding at least the last window ids (0: IDSET_WINDOW). */
void idset_init(struct idset *s, size_t window);
void idset_free(struct idset *s);

/* Remember id as read on line (> 0). True, with *first, when it is held
 * already: the line it was first read on. */
bool idset_add(struct idset *s, const uint8_t id[16], size_t line,
               size_t *first);

/* Bytes the set holds now. */
size_t idset_bytes(const struct idset *s);

#endif
