/*
 * cmd-import.c — `ansinh import KIND FILE`: stream a CSV file of records to
 * the daemon, pipelined, and account for every row.
 *
 * The file is read in chunks through the CSV reader (csv.c), one record at
 * a time; the header is matched against the kind's columns (kind.c); each
 * row is checked and turned into its create request by the kind's build
 * function, which takes the record id from the row's natural key. The
 * request id is derived from the request itself (ids.h), so re-running an
 * import — after an interruption, or after correcting rejected rows —
 * replays what was applied and writes the rest, duplicating nothing.
 * Requests go out through the pipeline (pipeline.c), which keeps many in
 * flight and resends what a failure left unanswered. Each row's outcome is
 * reported in file order: the rejected ones, with their line and reason, to
 * the rejects file (or stderr).
 *
 * Memory holds one record, the rows in flight, and the ids seen so far (to
 * refuse a second row with the same key): never the file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "csv.h"
#include "ids.h"
#include "import.h"
#include "kind.h"
#include "pipeline.h"
#include "progress.h"
#include "render.h"
#include "rules.h"
#include "link.h"
#include "xmalloc.h"

/* Requests in flight at once. */
#define IMP_WINDOW 256
/* Households: rows in one HouseholdImport (the daemon takes 2,000), its
 * size at most (the daemon's frame limit is 1 MiB by default), and chunks
 * in flight at once. */
#define IMP_SET_ROWS   1000
#define IMP_SET_BYTES  (256 * 1024)
#define IMP_SET_WINDOW 4

static enum ansinh_exit cmd_import_exec(struct cmd_ctx *ctx,
                                        const struct cmd_args *args);
static enum ansinh_exit cmd_assess_import_exec(struct cmd_ctx *ctx,
                                               const struct cmd_args *args);
static enum ansinh_exit cmd_import_run(struct cmd_ctx *ctx,
                                       const struct cmd_args *args,
                                       const struct kind *kind,
                                       const char *path);
static bool cmd_import_check_kind(const char *v, const char **why);
static void cmd_import_help(FILE *out, const struct cmd_entry *entry);
static void cmd_assess_import_help(FILE *out, const struct cmd_entry *entry);
static void cmd_import_help_kind(FILE *out, const struct kind *k);
static char *cmd_import_values(const struct record_field *f);
static void cmd_import_wrap(FILE *out, const char *head, const char *text);
static enum ansinh_exit imp_open(struct imp *im, const char *path);
static enum ansinh_exit imp_run(struct imp *im);
static enum ansinh_exit imp_record(struct imp *im);
static void imp_done(void *arg, void *cookie, enum pipeline_outcome outcome,
                     const char *reason);
static void imp_abandon(void *arg, void *cookie);
static void imp_notice(void *arg);
static enum ansinh_exit imp_finish(struct imp *im, enum ansinh_exit rc);
static enum ansinh_exit imp_set_row(struct imp *im, struct imp_row *row,
                                    const char *reason, struct kind_build *b,
                                    Ansinh__V1__Request *req,
                                    const uint8_t request_id[UUID_SIZE]);
static enum ansinh_exit imp_set_send(struct imp *im);
static enum ansinh_exit imp_set_drain(struct imp *im);
static void imp_set_reply(void *arg, void *cookie,
                          const Ansinh__V1__Response *resp);
static void imp_set_free(struct imp_set *set);
static struct imp_row *imp_holder(const struct imp_row *from);

static const struct cmd_arg cmd_import_args[] = {
    {.metavar = "KIND", .check = cmd_import_check_kind},
    {.metavar = "FILE", .check = NULL},
    {.metavar = NULL},
};

static const struct cmd_arg cmd_assess_import_args[] = {
    {.metavar = "FILE", .check = NULL},
    {.metavar = NULL},
};

/* Shared by `import` and `assess import`. */
static const struct cmd_flag cmd_import_flags[] = {
    {.name = "dry-run",
     .kind = CMD_SWITCH,
     .help = "read and check every row, report the rejects, send "
             "nothing"},
    CMD_FLAG_WARD,
    {.name = "rejects",
     .kind = CMD_VALUE,
     .metavar = "FILE",
     .help = "write the rejected rows here, as CSV: line, reason and "
             "the row as it was (default: each on stderr)"},
    {.name = NULL},
};

const struct cmd_entry cmd_import_entry = {
    .noun = "import",
    .verb = NULL,
    .summary = "Import a CSV file of records.",
    .help = "Send every row of FILE (CSV, UTF-8 with or without a byte "
            "order mark;\n'-' reads stdin) to the daemon as a new record of "
            "KIND. The first line\nnames the columns, in English or "
            "Vietnamese, in any order. Rows are\nstreamed and pipelined; "
            "each rejected row is reported with its line\nnumber and reason "
            "and the others are written. A progress bar shows\non a "
            "terminal.\n\n"
            "Each row's identity comes from its ward and natural key (a "
            "household's\ncode; a member's household and citizen ID, or name "
            "and birth date; a\nneed's household, kind, survey date, member "
            "and description; a support's\ncontent, or the entry it reverses; "
            "an assessment's household and year),\nso the same command can be "
            "run again after an interruption, or after\ncorrecting rejected "
            "rows: what was written is recognised, never\nduplicated. A row "
            "whose key exists with different content is rejected\nas a "
            "conflict: import never changes a record. "
            "Empty lines are skipped. Columns 'line', 'reason' (from a\n"
            "rejects file) and 'stt' are ignored. Needs and supports name "
            "their\nhousehold by code and a member, need or dialogue by id; "
            "a reversing\nentry (supports' 'reverses' column) and an entry "
            "that fulfils a need\nare sent once the rows before them are "
            "answered.\n\n"
            "Prints a summary: rows, written, already (applied by an earlier "
            "run),\nrejected, skipped (empty lines), unfinished. Exit status: "
            "0 every row\nwritten, 2 some rows rejected, 4 the daemon stayed "
            "unreachable for\n--timeout (run the command again to finish).",
    .args = cmd_import_args,
    .flags = cmd_import_flags,
    .exec = cmd_import_exec,
    .more_help = cmd_import_help,
};

/* `ansinh assess import FILE`: `ansinh import assessments FILE`, the same
 * flags and code. */
const struct cmd_entry cmd_assess_import_entry = {
    .noun = "assess",
    .verb = "import",
    .summary = "Import a ward's yearly review (CSV).",
    .help = "Import a ward's whole review: FILE is CSV, one row per "
            "household, its\ncolumns as below. The same as 'ansinh import "
            "assessments FILE' (see\n'ansinh import --help'): each row's "
            "identity is its ward, household\nand year, so the command can "
            "be run again after an interruption or\nafter correcting "
            "rejected rows; each rejected row is reported with its\nline "
            "number and reason. A household already assessed that year (by\n"
            "'assess add') is refused with that assessment's id.",
    .args = cmd_assess_import_args,
    .flags = cmd_import_flags,
    .exec = cmd_assess_import_exec,
    .more_help = cmd_assess_import_help,
};

static enum ansinh_exit
cmd_import_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	return cmd_import_run(ctx, args, kind_find(args->argv[0]),
	                      args->argv[1]);
}

static enum ansinh_exit
cmd_assess_import_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	return cmd_import_run(ctx, args, &kind_assessments, args->argv[0]);
}

/* The import of path as records of kind, with the flags of args. */
static enum ansinh_exit
cmd_import_run(struct cmd_ctx *ctx, const struct cmd_args *args,
               const struct kind *kind, const char *path)
{
	struct imp im;
	enum ansinh_exit rc;

	memset(&im, 0, sizeof im);
	im.ctx = ctx;
	im.kind = kind;
	im.path = path;
	idset_init(&im.seen, 0);
	im.dry_run = cmd_given(args, "dry-run");
	im.ward_flag = cmd_string(args, "ward");
	im.rejects_path =
	    cmd_given(args, "rejects") ? cmd_string(args, "rejects") : NULL;
	rc = imp_open(&im, im.path);
	if (rc == ANSINH_EXIT_OK)
		rc = imp_header(&im);
	if (rc == ANSINH_EXIT_OK)
		rc = imp_connect(&im);
	if (rc == ANSINH_EXIT_OK)
		rc = imp_rejects_open(&im);
	if (rc == ANSINH_EXIT_OK)
		rc = imp_run(&im);
	imp_close(&im);
	return rc;
}

/* ---------------------------------------------------------------- helpers */

static bool
cmd_import_check_kind(const char *v, const char **why)
{
	static char reason[320];

	if (kind_find(v) != NULL)
		return true;
	snprintf(reason, sizeof reason, "must be one of %s", kind_names());
	*why = reason;
	return false;
}

/* The kinds and their columns, after the flags in --help. */
static void
cmd_import_help(FILE *out, const struct cmd_entry *entry)
{
	size_t i;

	(void)entry;
	fputs("\nKinds and their columns (* required). A header may be the "
	      "English name or\nany of the other names given, compared "
	      "without case or accents:\n",
	      out);
	for (i = 0; kind_table[i] != NULL; i++)
		cmd_import_help_kind(out, kind_table[i]);
}

static void
cmd_assess_import_help(FILE *out, const struct cmd_entry *entry)
{
	(void)entry;
	fputs("\nColumns (* required). A header may be the English name or "
	      "any of the\nother names given, compared without case or "
	      "accents:\n",
	      out);
	cmd_import_help_kind(out, &kind_assessments);
}

static void
cmd_import_help_kind(FILE *out, const struct kind *k)
{
	const struct record_field *f;
	char head[64], *text;

	fprintf(out, "\n  %s: %s\n", k->name, k->summary);
	for (f = k->record->fields; !record_field_end(f); f++) {
		if (f->column == NULL)
			continue;
		snprintf(head, sizeof head, "    %s%s", f->column,
		         (f->attrs & RECORD_REQUIRED) ? "*" : "");
		text = cmd_import_values(f);
		cmd_import_wrap(out, head, text);
		free(text);
		if (f->aliases == NULL || f->aliases[0] == '\0')
			continue;
		text = xasprintf("also: %s", f->aliases);
		cmd_import_wrap(out, "", text);
		free(text);
	}
}

/* A column's help and what its cells take: the words of a list and the
 * other words import takes, yes/no, the forms of a date. Owned by the
 * caller. */
static char *
cmd_import_values(const struct record_field *f)
{
	const struct record_word *w;
	char *buf = NULL;
	size_t len = 0, i, n = 0;
	FILE *m;

	m = open_memstream(&buf, &len);
	if (m == NULL)
		return xstrdup(f->help);
	fputs(f->help, m);
	switch (f->type) {
	case RECORD_WORD:
		fprintf(m, ": %s", f->words->list());
		for (i = 0; i < 3 && f->words->local[i] != NULL; i++) {
			for (w = f->words->local[i]; w->word != NULL; w++)
				fprintf(m, "%s%s", n++ == 0 ? " (" : "|",
				        w->word);
		}
		if (n > 0)
			fputc(')', m);
		break;
	case RECORD_BOOL:
		fputs(": yes or no (có|không)", m);
		break;
	case RECORD_DATE:
		fputs("; YYYY-MM-DD or DD/MM/YYYY", m);
		break;
	case RECORD_WARD:
		fputs("; empty: --ward, or the token's ward", m);
		break;
	default:
		break;
	}
	if (f->deflt != NULL && f->type == RECORD_WORD)
		fprintf(m, "; default %s", f->deflt);
	fclose(m);
	return buf != NULL ? buf : xstrdup(f->help);
}

/* head, then text from column 18 on, wrapped before column 80 (display
 * width: Vietnamese letters count one). '|' in text is shown as ", ". */
static void
cmd_import_wrap(FILE *out, const char *head, const char *text)
{
	const size_t indent = 18, width = 79;
	char word[256];
	const char *p = text;
	size_t col, len, w;

	fputs(head, out);
	col = render_width(head);
	if (col + 1 > indent) {
		fputc('\n', out);
		col = 0;
	}
	fprintf(out, "%*s", (int)(indent - col), "");
	col = indent;
	while (*p != '\0') {
		len = strcspn(p, " |");
		if (len >= sizeof word - 1)
			len = sizeof word - 2;
		memcpy(word, p, len);
		word[len] = '\0';
		if (p[len] == '|')
			strcat(word, ",");
		w = render_width(word);
		if (col > indent && col + 1 + w > width) {
			fprintf(out, "\n%*s", (int)indent, "");
			col = indent;
		}
		if (col > indent) {
			fputc(' ', out);
			col++;
		}
		fputs(word, out);
		col += w;
		p += len;
		while (*p == ' ' || *p == '|')
			p++;
	}
	fputc('\n', out);
}

static enum ansinh_exit
imp_open(struct imp *im, const char *path)
{
	struct stat st;

	if (strcmp(path, "-") == 0) {
		im->in = stdin;
		im->label = "stdin";
	} else {
		im->in = fopen(path, "rb");
		im->label = path;
		if (im->in == NULL) {
			cmd_error("cannot open %s: %s", path, strerror(errno));
			return ANSINH_EXIT_USAGE;
		}
	}
	if (fstat(fileno(im->in), &st) == 0 && S_ISREG(st.st_mode)) {
		im->size = (unsigned long long)st.st_size;
		im->in_dev = st.st_dev;
		im->in_ino = st.st_ino;
		im->in_regular = true;
	}
	im->reader = csv_reader_new(0);
	im->chunk = xmalloc(IMP_CHUNK);
	return ANSINH_EXIT_OK;
}

/* Every row after the header, through the pipeline (or, for a dry run,
 * checked only). */
static enum ansinh_exit
imp_run(struct imp *im)
{
	enum ansinh_exit rc = ANSINH_EXIT_OK;

	im->progress = progress_new(stderr, im->size);
	im->set_mode = !im->dry_run && im->kind == &kind_households;
	im->fallback_tail = &im->fallback;
	if (!im->dry_run)
		im->pipe = pipeline_new(
		    im->ctx, im->set_mode ? IMP_SET_WINDOW : IMP_WINDOW,
		    imp_done, imp_notice, im);
	if (im->set_mode)
		pipeline_on_reply(im->pipe, imp_set_reply);
	while (imp_fill(im)) {
		rc = imp_record(im);
		csv_next(im->reader);
		progress_update(im->progress, im->rows, csv_offset(im->reader));
		if (rc != ANSINH_EXIT_OK)
			break;
	}
	if (rc == ANSINH_EXIT_OK && im->read_error) {
		cmd_error("cannot read %s: %s", im->label,
		          strerror(im->read_errno));
		rc = ANSINH_EXIT_USAGE;
	}
	if (rc == ANSINH_EXIT_OK && im->set_mode)
		rc = imp_set_send(im);
	if (rc == ANSINH_EXIT_OK && im->pipe != NULL)
		rc = pipeline_flush(im->pipe);
	/* Refused chunks, row by row, until none is left. */
	while (rc == ANSINH_EXIT_OK && im->fallback != NULL) {
		rc = imp_set_drain(im);
		if (rc == ANSINH_EXIT_OK)
			rc = pipeline_flush(im->pipe);
	}
	return imp_finish(im, rc);
}

/* One record of the file: skipped, refused here, or submitted. */
static enum ansinh_exit
imp_record(struct imp *im)
{
	struct kind_build b;
	struct imp_row *row;
	Ansinh__V1__Request *req;
	uint8_t request_id[UUID_SIZE];
	const char *reason;
	enum ansinh_exit rc;

	if (imp_blank(im))
		return ANSINH_EXIT_OK;
	im->rows++;
	row = imp_row_new(im);
	memset(&b, 0, sizeof b);
	b.dry_run = im->dry_run;
	reason = imp_check(im, &b);
	if (reason != NULL || im->dry_run) {
		if (im->dry_run) {
			imp_done(im, row,
			         reason != NULL ? PIPELINE_REJECTED
			                        : PIPELINE_WRITTEN,
			         reason);
			rc = ANSINH_EXIT_OK;
		} else if (im->set_mode) {
			rc = imp_set_row(im, row, reason, &b, NULL, NULL);
		} else {
			rc = pipeline_submit(im->pipe, NULL, row, reason);
			if (rc != ANSINH_EXIT_OK)
				imp_row_free(row); /* not taken */
		}
		free(b.packed);
		return rc;
	}
	/* A row that depends on earlier rows waits for their answers. */
	if (b.barrier) {
		rc = pipeline_flush(im->pipe);
		if (rc != ANSINH_EXIT_OK) {
			/* Stopped before this row: it was not taken. */
			im->rows--;
			free(b.packed);
			imp_row_free(row);
			return rc;
		}
	}
	/* The request id follows the request: the same row, the same id. */
	ids_derive("ansinh:request:", b.packed, b.packed_len, request_id);
	req = ansinh__v1__request__unpack(NULL, b.packed_len, b.packed);
	if (req != NULL && im->set_mode)
		return imp_set_row(im, row, NULL, &b, req, request_id);
	free(b.packed);
	if (req == NULL) {
		cmd_error("internal error: a request built from line %zu "
		          "does not decode",
		          row->line);
		imp_row_free(row);
		return ANSINH_EXIT_PROTOCOL;
	}
	req->request_id.data = xmalloc(UUID_SIZE);
	memcpy(req->request_id.data, request_id, UUID_SIZE);
	req->request_id.len = UUID_SIZE;
	rc = pipeline_submit(im->pipe, req, row, NULL);
	if (rc != ANSINH_EXIT_OK)
		imp_row_free(row); /* not taken */
	return rc;
}

/* A row is finished: count it, and report it if it was refused. */
static void
imp_done(void *arg, void *cookie, enum pipeline_outcome outcome,
         const char *reason)
{
	struct imp *im = arg;
	struct imp_row *row = cookie;

	if (row->set != NULL) {
		/* A chunk refused whole (its reply was imp_set_reply's): its
		 * rows go again one by one, as the per-row path sends them,
		 * once the pipeline is back in imp_record's hands. */
		(void)outcome;
		(void)reason;
		row->set->next = NULL;
		*im->fallback_tail = row->set;
		im->fallback_tail = &row->set->next;
		row->set = NULL;
		imp_row_free(row);
		return;
	}
	switch (outcome) {
	case PIPELINE_WRITTEN:
		im->written++;
		break;
	case PIPELINE_REPLAYED:
		im->already++;
		break;
	case PIPELINE_REJECTED:
		im->rejected++;
		imp_reject(im, row, reason);
		break;
	}
	imp_row_free(row);
}

/* A row left unanswered when the import gave up. */
static void
imp_abandon(void *arg, void *cookie)
{
	struct imp *im = arg;
	struct imp_row *row = cookie;
	size_t i;

	if (row->set != NULL) {
		for (i = 0; i < row->set->n; i++) {
			if (row->set->e[i].reason != NULL) {
				imp_done(im, row->set->e[i].row,
				         PIPELINE_REJECTED,
				         row->set->e[i].reason);
				row->set->e[i].row = NULL;
				continue;
			}
			imp_abandon(im, row->set->e[i].row);
			row->set->e[i].row = NULL;
		}
		imp_set_free(row->set);
		row->set = NULL;
		imp_row_free(row);
		return;
	}
	if (im->unfinished++ == 0)
		im->first_unfinished = row->line;
	imp_row_free(row);
}

static void
imp_notice(void *arg)
{
	struct imp *im = arg;

	progress_clear(im->progress);
}

/* The end: what was not answered, the summary, the exit code. */
static enum ansinh_exit
imp_finish(struct imp *im, enum ansinh_exit rc)
{
	struct imp_row holder;
	struct imp_set *set;

	if (im->pipe != NULL && rc != ANSINH_EXIT_OK)
		pipeline_abandon(im->pipe, imp_abandon);
	/* A chunk not sent, and refused chunks not sent again. */
	memset(&holder, 0, sizeof holder);
	if (im->set != NULL) {
		holder.set = im->set;
		im->set = NULL;
		imp_abandon(im, imp_holder(&holder));
	}
	if (im->set_req != NULL) {
		ansinh__v1__request__free_unpacked(im->set_req, NULL);
		im->set_req = NULL;
	}
	while ((set = im->fallback) != NULL) {
		im->fallback = set->next;
		holder.set = set;
		imp_abandon(im, imp_holder(&holder));
	}
	if (im->progress != NULL)
		progress_clear(im->progress);
	if (!imp_rejects_close(im) && rc == ANSINH_EXIT_OK)
		rc = ANSINH_EXIT_USAGE;
	if (im->header_done)
		imp_summary(im, rc);
	if (rc == ANSINH_EXIT_UNAVAILABLE)
		cmd_error(
		    "the import stopped before the end of %s%s; run the "
		    "same command again to finish: rows already written are "
		    "recognised, not written twice",
		    im->label,
		    im->unfinished > 0 ? " (rows not confirmed from its "
		                         "unfinished part on)"
		                       : "");
	if (rc == ANSINH_EXIT_OK && im->rejected > 0)
		rc = ANSINH_EXIT_REJECTED;
	return rc;
}

/* ---------------------------------------------------------------- chunks */

/*
 * A household row into the chunk: refused here (reason; req NULL), or req,
 * its HouseholdCreate (taken: its fields move into the chunk's row; b's
 * packed request is kept for a resend one by one). The chunk goes out when
 * full.
 */
static enum ansinh_exit
imp_set_row(struct imp *im, struct imp_row *row, const char *reason,
            struct kind_build *b, Ansinh__V1__Request *req,
            const uint8_t request_id[UUID_SIZE])
{
	struct imp_set *set = im->set;
	struct imp_set_entry *e;
	Ansinh__V1__HouseholdImport *body;
	Ansinh__V1__HouseholdImportRow *r;
	Ansinh__V1__Household *h;
	enum ansinh_exit rc;

	if (req == NULL && (set == NULL || set->sent == 0) &&
	    im->fallback == NULL) {
		/* Nothing waits before it: report it in its turn now. */
		rc = pipeline_submit(im->pipe, NULL, row, reason);
		if (rc != ANSINH_EXIT_OK)
			imp_row_free(row); /* not taken */
		return rc;
	}
	if (set == NULL) {
		set = im->set = xcalloc(1, sizeof *set);
		im->set_req = xmalloc(sizeof *im->set_req);
		ansinh__v1__request__init(im->set_req);
		body = xmalloc(sizeof *body);
		ansinh__v1__household_import__init(body);
		im->set_req->body_case =
		    ANSINH__V1__REQUEST__BODY_HOUSEHOLD_IMPORT;
		im->set_req->household_import = body;
		im->set_bytes = 0;
	}
	body = im->set_req->household_import;
	if (set->n == set->cap) {
		set->cap = set->cap == 0 ? 64 : set->cap * 2;
		set->e = xreallocarray(set->e, set->cap, sizeof *set->e);
	}
	e = &set->e[set->n++];
	memset(e, 0, sizeof *e);
	e->row = row;
	if (req == NULL) {
		e->reason = xstrdup(reason != NULL ? reason : "");
		return ANSINH_EXIT_OK;
	}
	e->packed = b->packed;
	e->packed_len = b->packed_len;
	b->packed = NULL;
	memcpy(e->request_id, request_id, UUID_SIZE);
	set->sent++;

	/* The create's household, field by field, into the chunk's row
	 * (the strings and bytes move: the request frees none of them). */
	h = req->household_create != NULL ? req->household_create->household
	                                  : NULL;
	r = xmalloc(sizeof *r);
	ansinh__v1__household_import_row__init(r);
	r->request_id.data = xmalloc(UUID_SIZE);
	memcpy(r->request_id.data, request_id, UUID_SIZE);
	r->request_id.len = UUID_SIZE;
	r->line = (uint32_t)row->line;
	if (h != NULL) {
		r->id = h->id;
		h->id.data = NULL;
		h->id.len = 0;
#define IMP_MOVE(field)                                                        \
	do {                                                                   \
		if (h->field != NULL && h->field[0] != '\0') {                 \
			r->field = h->field;                                   \
			h->field = NULL;                                       \
		}                                                              \
	} while (0)
		IMP_MOVE(ward_code);
		IMP_MOVE(code);
		IMP_MOVE(head_name);
		IMP_MOVE(address);
		IMP_MOVE(phone);
		IMP_MOVE(status_since);
#undef IMP_MOVE
		r->residential_group = h->residential_group;
		r->policy = h->policy;
		r->special_difficulty = h->special_difficulty;
		r->status = h->status;
	}
	ansinh__v1__request__free_unpacked(req, NULL);
	body->rows =
	    xreallocarray(body->rows, body->n_rows + 1, sizeof *body->rows);
	body->rows[body->n_rows++] = r;
	im->set_bytes +=
	    ansinh__v1__household_import_row__get_packed_size(r) + 8;
	if (body->n_rows >= IMP_SET_ROWS || im->set_bytes >= IMP_SET_BYTES)
		return imp_set_send(im);
	return ANSINH_EXIT_OK;
}

/* Send the chunk being filled (if any), then the rows of refused chunks
 * one by one. Its request id follows its content, as a row's does. */
static enum ansinh_exit
imp_set_send(struct imp *im)
{
	struct imp_set *set = im->set;
	Ansinh__V1__Request *req = im->set_req;
	struct imp_row *cookie;
	uint8_t *packed;
	size_t len, i;
	enum ansinh_exit rc = ANSINH_EXIT_OK;

	im->set = NULL;
	im->set_req = NULL;
	if (set != NULL && set->sent == 0) {
		/* Only rows refused here: report them in their turn. */
		for (i = 0; i < set->n && rc == ANSINH_EXIT_OK; i++) {
			rc = pipeline_submit(im->pipe, NULL, set->e[i].row,
			                     set->e[i].reason);
			if (rc == ANSINH_EXIT_OK)
				set->e[i].row = NULL;
		}
		if (rc != ANSINH_EXIT_OK) {
			for (; i < set->n; i++)
				imp_abandon(im, set->e[i].row);
			for (i = 0; i < set->n; i++)
				set->e[i].row = NULL;
		}
		ansinh__v1__request__free_unpacked(req, NULL);
		imp_set_free(set);
	} else if (set != NULL) {
		len = ansinh__v1__request__get_packed_size(req);
		packed = xmalloc(len);
		ansinh__v1__request__pack(req, packed);
		req->request_id.data = xmalloc(UUID_SIZE);
		ids_derive("ansinh:request:", packed, len,
		           req->request_id.data);
		req->request_id.len = UUID_SIZE;
		free(packed);
		cookie = xcalloc(1, sizeof *cookie);
		cookie->line = set->e[0].row->line;
		cookie->set = set;
		rc = pipeline_submit_as(
		    im->pipe, req, ANSINH__V1__RESPONSE__BODY_HOUSEHOLD_IMPORT,
		    cookie);
		if (rc != ANSINH_EXIT_OK)
			imp_abandon(im, cookie); /* not taken */
	}
	if (rc == ANSINH_EXIT_OK)
		rc = imp_set_drain(im);
	return rc;
}

/* The rows of the refused chunks, each as its own HouseholdCreate with its
 * own request id: answered exactly as the per-row path answers them. */
static enum ansinh_exit
imp_set_drain(struct imp *im)
{
	struct imp_set *set;
	struct imp_set_entry *e;
	Ansinh__V1__Request *req;
	enum ansinh_exit rc = ANSINH_EXIT_OK;
	size_t i;

	while (rc == ANSINH_EXIT_OK && im->fallback != NULL) {
		set = im->fallback;
		im->fallback = set->next;
		if (im->fallback == NULL)
			im->fallback_tail = &im->fallback;
		for (i = 0; i < set->n; i++) {
			e = &set->e[i];
			if (rc != ANSINH_EXIT_OK) {
				imp_abandon(im, e->row);
				e->row = NULL;
				continue;
			}
			req = e->reason != NULL
			          ? NULL
			          : ansinh__v1__request__unpack(
			                NULL, e->packed_len, e->packed);
			if (e->reason == NULL && req == NULL) {
				rc = pipeline_submit(
				    im->pipe, NULL, e->row,
				    "internal error: its request does not "
				    "decode");
			} else if (req != NULL) {
				req->request_id.data = xmalloc(UUID_SIZE);
				memcpy(req->request_id.data, e->request_id,
				       UUID_SIZE);
				req->request_id.len = UUID_SIZE;
				rc = pipeline_submit(im->pipe, req, e->row,
				                     NULL);
			} else {
				rc = pipeline_submit(im->pipe, NULL, e->row,
				                     e->reason);
			}
			if (rc != ANSINH_EXIT_OK)
				imp_abandon(im, e->row);
			e->row = NULL;
		}
		imp_set_free(set);
	}
	return rc;
}

/* A chunk answered: each row's outcome, in file order. */
static void
imp_set_reply(void *arg, void *cookie, const Ansinh__V1__Response *resp)
{
	struct imp *im = arg;
	struct imp_row *holder = cookie;
	struct imp_set *set = holder->set;
	const Ansinh__V1__HouseholdImportReply *r = resp->household_import;
	const Ansinh__V1__HouseholdImportOutcome *o;
	Ansinh__V1__Status st = ANSINH__V1__STATUS__INIT;
	struct imp_set_entry *e;
	size_t i, k = 0;
	char *text;

	for (i = 0; i < set->n; i++) {
		e = &set->e[i];
		if (e->reason != NULL) {
			imp_done(im, e->row, PIPELINE_REJECTED, e->reason);
		} else if (r == NULL || k >= r->n_rows) {
			imp_done(im, e->row, PIPELINE_REJECTED,
			         "the daemon's reply holds no outcome for "
			         "this row");
		} else {
			o = r->rows[k++];
			if (o->code == ANSINH__V1__CODE__OK) {
				imp_done(im, e->row,
				         o->replayed ? PIPELINE_REPLAYED
				                     : PIPELINE_WRITTEN,
				         NULL);
			} else {
				st.code = (Ansinh__V1__Code)o->code;
				st.message = o->message;
				text = link_status_text(&st);
				imp_done(im, e->row, PIPELINE_REJECTED, text);
				free(text);
			}
		}
		e->row = NULL;
	}
	imp_set_free(set);
	holder->set = NULL;
	imp_row_free(holder);
}

static void
imp_set_free(struct imp_set *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++) {
		imp_row_free(set->e[i].row);
		free(set->e[i].reason);
		free(set->e[i].packed);
	}
	free(set->e);
	free(set);
}

/* A chunk's item (owned by the caller now), as imp_abandon takes it. */
static struct imp_row *
imp_holder(const struct imp_row *from)
{
	struct imp_row *row = xcalloc(1, sizeof *row);

	*row = *from;
	return row;
}
