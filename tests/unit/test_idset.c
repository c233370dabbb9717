/*
 * test_idset.c — the bounded set of ids an import has read
 * (client/idset.c): every id of the last `window` rows is found with the
 * line it was first read on, however many rows came before; ids farther
 * back may be forgotten, never misreported; memory stops growing.
 */
#include <stdio.h>
#include <string.h>

#include "../../client/idset.h"
#include "tap.h"

/* Row n's id: n spread over the bytes, as a file's ids would not be. */
static void
row_id(size_t n, uint8_t id[16])
{
	size_t i;

	memset(id, 0, 16);
	for (i = 0; i < 8; i++)
		id[15 - i] = (uint8_t)(n >> (8 * i));
	id[0] = 0x01;
}

int
main(void)
{
	struct idset s;
	uint8_t id[16];
	size_t n, first, window = 1000, rows = 10000, bytes = 0;
	bool good = true, found;

	plan(7);

	idset_init(&s, window);
	row_id(1, id);
	ok(!idset_add(&s, id, 1, &first), "a new id is not seen");
	first = 0;
	found = idset_add(&s, id, 7, &first);
	ok(found && first == 1, "a repeated id names its first line (%zu)",
	   first);
	idset_free(&s);

	/* Rows 1..rows, each id once; at every row the ids of the last
	 * window rows are held, with their lines. */
	idset_init(&s, window);
	for (n = 1; n <= rows && good; n++) {
		row_id(n, id);
		if (idset_add(&s, id, n, &first)) {
			diag("row %zu's id reported as seen on line %zu", n,
			     first);
			good = false;
		}
		if (n == 3 * window)
			bytes = idset_bytes(&s);
	}
	ok(good, "%zu distinct ids: none reported as repeated", rows);
	for (n = rows - window + 1; n <= rows && good; n++) {
		row_id(n, id);
		first = 0;
		if (!idset_add(&s, id, rows + n, &first) || first != n) {
			diag("row %zu's id: found %d on line %zu", n,
			     (int)(first != 0), first);
			good = false;
		}
	}
	ok(good, "each of the last %zu ids is found with its own line", window);
	ok(idset_bytes(&s) == bytes && bytes > 0,
	   "memory after %zu rows is what it was after %zu (%zu bytes)", rows,
	   3 * window, bytes);
	ok(bytes <= 4 * 2 * window * sizeof(struct idset_slot),
	   "at most two tables of the window's size rounded up to a power of "
	   "two, at most half full (%zu bytes)",
	   bytes);
	idset_free(&s);

	/* A repeat inside the window, after the generations turned over. */
	idset_init(&s, window);
	for (n = 1; n <= 5 * window + 10; n++) {
		row_id(n, id);
		(void)idset_add(&s, id, n, &first);
	}
	row_id(5 * window, id);
	found = idset_add(&s, id, 9 * window, &first);
	ok(found && first == 5 * window,
	   "a repeat 10 rows back after four turnovers names line %zu",
	   found ? first : 0);
	idset_free(&s);
	return done_testing();
}
