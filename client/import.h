/*
 * import.h — the state of one `ansinh import`, and the parts of it that do
 * not talk to the daemon (import.c): reading the file, matching the header
 * to the kind's columns, checking a row and building its request, the set
 * of ids seen, the rejects file and the summary. cmd-import.c drives them.
 */
#ifndef ANSINH_IMPORT_H
#define ANSINH_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "ansinh.h"
#include "idset.h"
#include "kind.h"

/* Bytes read from the file at a time. */
#define IMP_CHUNK (64 * 1024)

/* What a file column holds, beside a kind column's index. */
#define IMP_IGNORE    (-1) /* a column import ignores (line, reason, stt) */
#define IMP_NO_HEADER (-2) /* a column with an empty header */

struct cmd_ctx;
struct csv_reader;
struct pipeline;
struct progress;

/* A row in flight: where it is, and (with a rejects file) its fields as
 * CSV, to write should it be rejected. */
struct imp_row {
	size_t line;
	char *fragment;      /* owned, or NULL */
	struct imp_set *set; /* a chunk's item: the chunk (owned), else NULL */
};

/* A row of a chunk: refused here (reason), or sent, with its own request
 * (packed, as the per-row path would send it) for a resend one by one. */
struct imp_set_entry {
	struct imp_row *row; /* owned */
	char *reason;        /* owned; NULL: sent */
	uint8_t *packed;     /* owned: the row's HouseholdCreate Request */
	size_t packed_len;
	uint8_t request_id[16];
};

/* A chunk of rows sent as one HouseholdImport (households only). */
struct imp_set {
	struct imp_set_entry *e;
	size_t n, cap;
	size_t sent;          /* entries without a reason */
	struct imp_set *next; /* in the queue of chunks to send row by row */
};

struct imp {
	struct cmd_ctx *ctx;
	const struct kind *kind;
	const char *path;  /* as given; "-" for stdin */
	const char *label; /* for messages */
	bool dry_run;
	const char *ward_flag;    /* --ward, "" when not given */
	const char *rejects_path; /* --rejects, or NULL */

	/* The input. */
	FILE *in;
	bool in_regular;
	dev_t in_dev;
	ino_t in_ino;
	unsigned long long size; /* 0 when unknown (a pipe) */
	struct csv_reader *reader;
	char *chunk;
	size_t chunk_len;
	size_t chunk_off;
	bool started; /* the first chunk was read */
	bool utf16;   /* it starts with a UTF-16 mark */
	bool eof;
	bool finished; /* csv_finish was called */
	bool read_error;
	int read_errno;

	/* The header. */
	bool header_done;
	size_t ncols;   /* fields of the header */
	int *map;       /* by file column: kind column or IMP_* */
	char **headers; /* by file column: its name, cleaned */
	int file_col[RECORD_MAX_FIELDS]; /* by field: file column, or -1 */
	int ward_col;                    /* the kind's ward column, or -1 */
	int id_col;                      /* the kind's id column, or -1 */
	char token_ward[8];              /* the token's ward, "" otherwise */

	/* Per row. */
	char *scratch; /* the trimmed values */
	size_t scratch_cap;
	char reason[640];
	struct idset seen; /* the ids of the last rows read, with their lines */

	/* Output. */
	FILE *rejects;
	struct progress *progress;
	struct pipeline *pipe;

	/* Households go in chunks (HouseholdImport): the chunk being filled,
	 * its request and size, and the refused chunks waiting to be sent
	 * again one row at a time. */
	bool set_mode;
	struct imp_set *set;
	Ansinh__V1__Request *set_req;
	size_t set_bytes;
	struct imp_set *fallback;
	struct imp_set **fallback_tail;

	/* Counts. */
	unsigned long long rows;    /* data rows read */
	unsigned long long written; /* answered OK */
	unsigned long long already; /* OK, applied by an earlier run */
	unsigned long long rejected;
	unsigned long long skipped;    /* empty lines */
	unsigned long long unfinished; /* sent, never answered */
	size_t first_unfinished;
};

/* Read and feed until a record is ready: false at the end of the input
 * (or on a read error: read_error set). */
bool imp_fill(struct imp *im);
/* Read the header and match it to the kind (errors: exit 1). */
enum ansinh_exit imp_header(struct imp *im);
/* Not for a dry run: open the link (sending the outbox first) and
 * settle where rows without a ward go. */
enum ansinh_exit imp_connect(struct imp *im);
/* Open --rejects and write its header. */
enum ansinh_exit imp_rejects_open(struct imp *im);
/* Close the rejects file: false (after a message) when writing failed. */
bool imp_rejects_close(struct imp *im);
/* Free what im holds. */
void imp_close(struct imp *im);

/* The waiting record is an empty line (or only empty fields): counted as
 * skipped. */
bool imp_blank(struct imp *im);
/* A row for the waiting record; freed with imp_row_free. */
struct imp_row *imp_row_new(struct imp *im);
void imp_row_free(struct imp_row *row);
/* Check the waiting record and build its request into b: NULL, or why it
 * is refused (in im or b, valid until the next row). */
const char *imp_check(struct imp *im, struct kind_build *b);
/* Report a refused row (rejects file, or stderr). */
void imp_reject(struct imp *im, const struct imp_row *row, const char *reason);
/* The summary on stdout, in the chosen format. */
void imp_summary(struct imp *im, enum ansinh_exit rc);

#endif
