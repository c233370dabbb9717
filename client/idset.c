/*
 * idset.c — bounded set of the ids an import has read (see idset.h).
 */
#include <stdlib.h>
#include <string.h>

#include "idset.h"
#include "xmalloc.h"

#define IDSET_MIN_CAP 1024

static uint64_t idset_hash(const uint8_t id[16]);
static struct idset_slot *idset_find(const struct idset_gen *g,
                                     const uint8_t id[16]);
static void idset_grow(struct idset_gen *g, size_t cap);

void
idset_init(struct idset *s, size_t window)
{
	memset(s, 0, sizeof *s);
	s->window = window == 0 ? IDSET_WINDOW : window;
}

void
idset_free(struct idset *s)
{
	free(s->gen[0].slot);
	free(s->gen[1].slot);
	memset(s->gen, 0, sizeof s->gen);
}

bool
idset_add(struct idset *s, const uint8_t id[16], size_t line, size_t *first)
{
	struct idset_gen *g = &s->gen[0];
	struct idset_slot *e;
	size_t i;

	for (i = 0; i < 2; i++) {
		e = idset_find(&s->gen[i], id);
		if (e != NULL && e->line != 0) {
			*first = e->line;
			return true;
		}
	}
	if (g->n >= s->window) {
		/* The newer generation is full: it becomes the older, and the
		 * older's slots, at their full size, are reused for the new. */
		free(s->gen[1].slot);
		s->gen[1] = *g;
		g->slot = NULL;
		g->cap = 0;
		g->n = 0;
		idset_grow(g, s->gen[1].cap);
	}
	if ((g->n + 1) * 2 > g->cap)
		idset_grow(g, g->cap == 0 ? IDSET_MIN_CAP : g->cap * 2);
	e = idset_find(g, id);
	memcpy(e->id, id, 16);
	e->line = line;
	g->n++;
	return false;
}

size_t
idset_bytes(const struct idset *s)
{
	return (s->gen[0].cap + s->gen[1].cap) * sizeof(struct idset_slot);
}

/* The slot holding id, or the free slot where it would go; NULL in an
 * empty generation. */
static struct idset_slot *
idset_find(const struct idset_gen *g, const uint8_t id[16])
{
	size_t i;

	if (g->cap == 0)
		return NULL;
	for (i = idset_hash(id) & (g->cap - 1);; i = (i + 1) & (g->cap - 1)) {
		if (g->slot[i].line == 0 || memcmp(g->slot[i].id, id, 16) == 0)
			return &g->slot[i];
	}
}

static void
idset_grow(struct idset_gen *g, size_t cap)
{
	struct idset_gen old = *g;
	struct idset_slot *e;
	size_t i;

	g->slot = xcalloc(cap, sizeof *g->slot);
	g->cap = cap;
	for (i = 0; i < old.cap; i++) {
		if (old.slot[i].line == 0)
			continue;
		e = idset_find(g, old.slot[i].id);
		*e = old.slot[i];
	}
	free(old.slot);
}

/* FNV-1a over the 16 bytes: ids from export are UUIDv7, whose first bytes
 * are a clock, not noise. */
static uint64_t
idset_hash(const uint8_t id[16])
{
	uint64_t h = 0xcbf29ce484222325ull;
	size_t i;

	for (i = 0; i < 16; i++) {
		h ^= id[i];
		h *= 0x100000001b3ull;
	}
	return h;
}
