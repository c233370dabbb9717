/*
 * import.c — the file side of `ansinh import` (see import.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "call.h"
#include "cmd.h"
#include "csv.h"
#include "import.h"
#include "progress.h"
#include "pipeline.h"
#include "render.h"
#include "rules.h"
#include "link.h"
#include "xmalloc.h"

#define IMP_FOLD 256

/* Headers import ignores (folded): a rejects file's own columns, and the
 * row number column of Vietnamese lists. */
static const char *const imp_ignored[] = {
    "line", "reason", "stt", "so thu tu", "tt", NULL,
};

static char *imp_clean(const char *s, size_t len);
static size_t imp_utf8_len(const unsigned char *p, size_t left);
static char *imp_trim_copy(struct imp *im, size_t *off, const char *s,
                           size_t len);
static const char *imp_resolve_ward(struct imp *im, const char *value,
                                    const char *header);
static void imp_columns_hint(const struct kind *k);

bool
imp_fill(struct imp *im)
{
	size_t n;

	for (;;) {
		if (csv_ready(im->reader))
			return true;
		if (im->chunk_off < im->chunk_len) {
			im->chunk_off +=
			    csv_feed(im->reader, im->chunk + im->chunk_off,
			             im->chunk_len - im->chunk_off);
			continue;
		}
		if (im->eof) {
			if (im->finished)
				return false;
			csv_finish(im->reader);
			im->finished = true;
			continue;
		}
		n = fread(im->chunk, 1, IMP_CHUNK, im->in);
		if (!im->started && n >= 2 &&
		    (((unsigned char)im->chunk[0] == 0xff &&
		      (unsigned char)im->chunk[1] == 0xfe) ||
		     ((unsigned char)im->chunk[0] == 0xfe &&
		      (unsigned char)im->chunk[1] == 0xff)))
			im->utf16 = true;
		im->started = true;
		im->chunk_len = n;
		im->chunk_off = 0;
		if (n == 0) {
			if (ferror(im->in)) {
				im->read_error = true;
				im->read_errno = errno;
			}
			im->eof = true;
		}
		if (im->utf16)
			return false;
	}
}

enum ansinh_exit
imp_header(struct imp *im)
{
	const struct kind *k = im->kind;
	const struct record_field *f;
	char folded[IMP_FOLD];
	const char *h;
	size_t i, len;
	int col, j;

	for (;;) {
		if (!imp_fill(im)) {
			if (im->utf16)
				cmd_error(
				    "%s is UTF-16 (\"Unicode text\"): save "
				    "it as \"CSV UTF-8\" and import that",
				    im->label);
			else if (im->read_error)
				cmd_error("cannot read %s: %s", im->label,
				          strerror(im->read_errno));
			else
				cmd_error("%s is empty: the first line must "
				          "name the columns",
				          im->label);
			return ANSINH_EXIT_USAGE;
		}
		if (!csv_blank(im->reader))
			break;
		csv_next(im->reader);
	}
	if (csv_error(im->reader) != NULL) {
		cmd_error("%s:%zu: the header is not valid CSV: %s", im->label,
		          csv_line(im->reader), csv_error(im->reader));
		return ANSINH_EXIT_USAGE;
	}
	for (j = 0; j < RECORD_MAX_FIELDS; j++)
		im->file_col[j] = -1;
	im->ncols = csv_nfields(im->reader);
	h = csv_field(im->reader, 0, &len);
	if (im->ncols == 1 && memchr(h, ';', len) != NULL) {
		/* Excel with Vietnamese (or other European) regional settings
		 * separates by ';'. */
		cmd_error("%s:%zu: the columns are separated by ';', not ','. "
		          "Excel does this when Windows uses Vietnamese "
		          "regional settings: in Excel choose File > Save As > "
		          "\"CSV UTF-8 (Comma delimited) (*.csv)\", or in "
		          "LibreOffice Calc File > Save As > Text CSV with "
		          "field delimiter ',' and character set UTF-8, and "
		          "import that file",
		          im->label, csv_line(im->reader));
		return ANSINH_EXIT_USAGE;
	}
	im->map = xcalloc(im->ncols, sizeof *im->map);
	im->headers = xcalloc(im->ncols, sizeof *im->headers);
	for (i = 0; i < im->ncols; i++) {
		h = csv_field(im->reader, i, &len);
		im->headers[i] = imp_clean(h, len);
		csv_fold(im->headers[i], folded, sizeof folded);
		if (folded[0] == '\0') {
			im->map[i] = IMP_NO_HEADER;
			continue;
		}
		col = kind_match_header(k, im->headers[i]);
		if (col >= 0) {
			if (im->file_col[col] >= 0) {
				cmd_error("%s:%zu: columns '%s' and '%s' both "
				          "mean %s",
				          im->label, csv_line(im->reader),
				          im->headers[im->file_col[col]],
				          im->headers[i],
				          k->record->fields[col].column);
				return ANSINH_EXIT_USAGE;
			}
			im->map[i] = col;
			im->file_col[col] = (int)i;
			continue;
		}
		for (j = 0; imp_ignored[j] != NULL; j++) {
			if (strcmp(folded, imp_ignored[j]) == 0)
				break;
		}
		if (imp_ignored[j] == NULL) {
			cmd_error("%s:%zu: unknown column '%s' for %s",
			          im->label, csv_line(im->reader),
			          im->headers[i], k->name);
			imp_columns_hint(k);
			return ANSINH_EXIT_USAGE;
		}
		im->map[i] = IMP_IGNORE;
	}
	for (i = 0; !record_field_end(&k->record->fields[i]); i++) {
		f = &k->record->fields[i];
		if (f->column != NULL && (f->attrs & RECORD_REQUIRED) &&
		    im->file_col[i] < 0) {
			cmd_error("%s:%zu: the column '%s' is missing",
			          im->label, csv_line(im->reader), f->column);
			imp_columns_hint(k);
			return ANSINH_EXIT_USAGE;
		}
	}
	im->ward_col = kind_column(k, "ward");
	im->id_col = kind_column(k, "id");
	im->header_done = true;
	csv_next(im->reader);
	return ANSINH_EXIT_OK;
}

enum ansinh_exit
imp_connect(struct imp *im)
{
	enum ansinh_exit rc;
	const char *ward;
	bool has_ward_col =
	    im->ward_col >= 0 && im->file_col[im->ward_col] >= 0;

	if (im->dry_run)
		return ANSINH_EXIT_OK;
	rc = call_connect(im->ctx, false);
	if (rc != ANSINH_EXIT_OK) {
		cmd_error("nothing was imported");
		return rc;
	}
	if (link_role(im->ctx->link) == ANSINH__V1__ROLE__ROLE_AUDITOR) {
		cmd_error("an auditor token is read-only: nothing can be "
		          "imported with it");
		return ANSINH_EXIT_REJECTED;
	}
	ward = link_ward(im->ctx->link);
	snprintf(im->token_ward, sizeof im->token_ward, "%s", ward);
	if (ward[0] != '\0' && im->ward_flag[0] != '\0' &&
	    strcmp(ward, im->ward_flag) != 0) {
		cmd_error("--ward %s: the token is ward %s's, and cannot write "
		          "records of another ward",
		          im->ward_flag, ward);
		return ANSINH_EXIT_USAGE;
	}
	if (!has_ward_col && im->ward_flag[0] == '\0' && ward[0] == '\0') {
		cmd_error("%s has no ward column: with a %s token, say which "
		          "ward with --ward CODE",
		          im->label,
		          link_role(im->ctx->link) ==
		                  ANSINH__V1__ROLE__ROLE_DISTRICT
		              ? "district"
		              : "non-ward");
		return ANSINH_EXIT_USAGE;
	}
	return ANSINH_EXIT_OK;
}

enum ansinh_exit
imp_rejects_open(struct imp *im)
{
	struct stat st;
	size_t i;

	if (im->rejects_path == NULL)
		return ANSINH_EXIT_OK;
	if (im->in_regular && stat(im->rejects_path, &st) == 0 &&
	    st.st_dev == im->in_dev && st.st_ino == im->in_ino) {
		cmd_error("--rejects %s: that is the file being imported",
		          im->rejects_path);
		return ANSINH_EXIT_USAGE;
	}
	im->rejects = fopen(im->rejects_path, "w");
	if (im->rejects == NULL) {
		cmd_error("cannot create %s: %s", im->rejects_path,
		          strerror(errno));
		return ANSINH_EXIT_USAGE;
	}
	fputs("line,reason", im->rejects);
	for (i = 0; i < im->ncols; i++) {
		fputc(',', im->rejects);
		csv_write_field(im->rejects, im->headers[i]);
	}
	fputc('\n', im->rejects);
	return ANSINH_EXIT_OK;
}

bool
imp_rejects_close(struct imp *im)
{
	bool ok;

	if (im->rejects == NULL)
		return true;
	ok = !ferror(im->rejects);
	if (fclose(im->rejects) != 0)
		ok = false;
	im->rejects = NULL;
	if (!ok)
		cmd_error("cannot write %s: %s", im->rejects_path,
		          strerror(errno));
	return ok;
}

void
imp_close(struct imp *im)
{
	size_t i;

	if (im->in != NULL && im->in != stdin)
		fclose(im->in);
	if (im->rejects != NULL)
		fclose(im->rejects);
	csv_reader_free(im->reader);
	free(im->chunk);
	for (i = 0; im->headers != NULL && i < im->ncols; i++)
		free(im->headers[i]);
	free(im->headers);
	free(im->map);
	free(im->scratch);
	idset_free(&im->seen);
	progress_free(im->progress);
	pipeline_free(im->pipe);
}

bool
imp_blank(struct imp *im)
{
	size_t i, len;

	if (!csv_blank(im->reader)) {
		for (i = 0; i < csv_nfields(im->reader); i++) {
			(void)csv_field(im->reader, i, &len);
			if (len > 0)
				return false;
		}
		if (csv_error(im->reader) != NULL)
			return false;
	}
	im->skipped++;
	return true;
}

struct imp_row *
imp_row_new(struct imp *im)
{
	struct imp_row *row;
	char *buf = NULL, *clean;
	const char *f;
	size_t size = 0, i, len;
	FILE *out;

	row = xcalloc(1, sizeof *row);
	row->line = csv_line(im->reader);
	if (im->rejects == NULL)
		return row;
	out = open_memstream(&buf, &size);
	if (out == NULL)
		return row;
	for (i = 0; i < csv_nfields(im->reader); i++) {
		f = csv_field(im->reader, i, &len);
		clean = imp_clean(f, len);
		if (i > 0)
			fputc(',', out);
		csv_write_field(out, clean);
		free(clean);
	}
	fclose(out);
	row->fragment = buf;
	return row;
}

void
imp_row_free(struct imp_row *row)
{
	if (row == NULL)
		return;
	free(row->fragment);
	free(row);
}

const char *
imp_check(struct imp *im, struct kind_build *b)
{
	struct kind_row row;
	const char *f, *ward;
	size_t i, len, off = 0, first, need = 0;
	int col;

	if (csv_error(im->reader) != NULL) {
		snprintf(im->reason, sizeof im->reason, "not valid CSV: %s",
		         csv_error(im->reader));
		return im->reason;
	}
	if (csv_nfields(im->reader) != im->ncols) {
		snprintf(im->reason, sizeof im->reason,
		         "has %zu field%s, the "
		         "header has %zu",
		         csv_nfields(im->reader),
		         csv_nfields(im->reader) == 1 ? "" : "s", im->ncols);
		return im->reason;
	}
	memset(&row, 0, sizeof row);
	row.line = csv_line(im->reader);
	row.id_col = im->id_col;
	for (i = 0; i < im->ncols; i++) {
		(void)csv_field(im->reader, i, &len);
		need += len + 1;
	}
	if (need > im->scratch_cap) {
		im->scratch_cap = need * 2;
		im->scratch = xreallocarray(im->scratch, im->scratch_cap, 1);
	}
	for (i = 0; i < im->ncols; i++) {
		f = csv_field(im->reader, i, &len);
		col = im->map[i];
		if (col == IMP_IGNORE)
			continue;
		if (col == IMP_NO_HEADER) {
			if (strspn(f, " \t") == len)
				continue;
			snprintf(im->reason, sizeof im->reason,
			         "column %zu "
			         "holds a value but has no name in the header",
			         i + 1);
			return im->reason;
		}
		if (memchr(f, '\0', len) != NULL) {
			snprintf(im->reason, sizeof im->reason,
			         "%s: contains "
			         "a NUL byte",
			         im->headers[i]);
			return im->reason;
		}
		if (!rule_utf8(f, len)) {
			snprintf(im->reason, sizeof im->reason,
			         "%s: is not "
			         "valid UTF-8 (save the file as \"CSV UTF-8\")",
			         im->headers[i]);
			return im->reason;
		}
		/* A cell export guarded from spreadsheets, as it was. */
		row.value[col] = csv_unguard(imp_trim_copy(im, &off, f, len));
		row.header[col] = im->headers[i];
	}
	/* Headers of columns the file lacks, for messages. */
	for (i = 0; !record_field_end(&im->kind->record->fields[i]); i++) {
		if (row.header[i] == NULL)
			row.header[i] = im->kind->record->fields[i].column;
	}
	if (im->ward_col >= 0 && row.value[im->ward_col] != NULL &&
	    row.value[im->ward_col][0] != '\0') {
		ward = imp_resolve_ward(im, row.value[im->ward_col],
		                        row.header[im->ward_col]);
		if (ward == NULL)
			return im->reason;
	} else if (im->ward_flag[0] != '\0') {
		ward = im->ward_flag;
	} else {
		ward = im->token_ward;
		if (ward[0] == '\0' && !im->dry_run) {
			snprintf(im->reason, sizeof im->reason,
			         "%s: is empty, "
			         "and no --ward was given",
			         im->ward_col >= 0 ? row.header[im->ward_col]
			                           : "ward");
			return im->reason;
		}
	}
	row.ward = ward;
	if (!kind_build(im->kind, &row, b))
		return b->reason;
	if (idset_add(&im->seen, b->record_id, row.line, &first)) {
		free(b->packed);
		b->packed = NULL;
		snprintf(im->reason, sizeof im->reason,
		         "the same %s as line "
		         "%zu (%s)",
		         im->kind->record->name, first, b->key);
		return im->reason;
	}
	return NULL;
}

void
imp_reject(struct imp *im, const struct imp_row *row, const char *reason)
{
	if (im->rejects == NULL) {
		progress_clear(im->progress);
		fprintf(stderr, "%s:%zu: %s\n", im->label, row->line, reason);
		return;
	}
	fprintf(im->rejects, "%zu,", row->line);
	csv_write_field(im->rejects, reason);
	if (row->fragment != NULL) {
		fputc(',', im->rejects);
		fputs(row->fragment, im->rejects);
	}
	fputc('\n', im->rejects);
}

void
imp_summary(struct imp *im, enum ansinh_exit rc)
{
	static const char *const columns[] = {
	    "kind",    "file",     "rows",    "written",
	    "already", "rejected", "skipped", "unfinished",
	};
	static const char *const dry_columns[] = {
	    "kind", "file", "rows", "valid", "rejected", "skipped",
	};
	struct render_table *t;

	(void)rc;
	if (im->dry_run) {
		t = render_table_new(dry_columns, 6);
		render_str(t, im->kind->name);
		render_str(t, im->label);
		render_int(t, (long long)im->rows);
		render_int(t, (long long)im->written);
		render_int(t, (long long)im->rejected);
		render_int(t, (long long)im->skipped);
	} else {
		t = render_table_new(columns, 8);
		render_str(t, im->kind->name);
		render_str(t, im->label);
		render_int(t, (long long)im->rows);
		render_int(t, (long long)im->written);
		render_int(t, (long long)im->already);
		render_int(t, (long long)im->rejected);
		render_int(t, (long long)im->skipped);
		render_int(t, (long long)im->unfinished);
	}
	render_record(stdout, im->ctx->cfg->format, t, NULL, NULL);
	render_table_free(t);
}

/* ---------------------------------------------------------------- helpers */

/* A field made printable in a file of UTF-8 text: invalid sequences become
 * U+FFFD, NUL bytes are dropped. */
static char *
imp_clean(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out;
	size_t i = 0, o = 0, n;

	out = xmalloc(len * 3 + 1);
	while (i < len) {
		if (p[i] == 0) {
			i++;
			continue;
		}
		n = imp_utf8_len(p + i, len - i);
		if (n == 0) {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
			continue;
		}
		memcpy(out + o, p + i, n);
		o += n;
		i += n;
	}
	out[o] = '\0';
	return out;
}

/* The length of the valid UTF-8 sequence at p, or 0. */
static size_t
imp_utf8_len(const unsigned char *p, size_t left)
{
	size_t n;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (n > left || !rule_utf8((const char *)p, n))
		return 0;
	return n;
}

/* Copy a field into the scratch buffer without surrounding blanks. */
static char *
imp_trim_copy(struct imp *im, size_t *off, const char *s, size_t len)
{
	char *out = im->scratch + *off;

	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	memcpy(out, s, len);
	out[len] = '\0';
	*off += len + 1;
	return out;
}

/* The ward a row names: checked against the rule, --ward and the token.
 * NULL with im->reason set when refused. */
static const char *
imp_resolve_ward(struct imp *im, const char *value, const char *header)
{
	const char *why = NULL;

	if (!rule_ward_code(value, &why)) {
		snprintf(im->reason, sizeof im->reason, "%s: '%.40s' %s",
		         header, value, why);
		return NULL;
	}
	if (im->ward_flag[0] != '\0' && strcmp(value, im->ward_flag) != 0) {
		snprintf(im->reason, sizeof im->reason,
		         "%s: the row is for "
		         "ward %s, and --ward is %s",
		         header, value, im->ward_flag);
		return NULL;
	}
	if (im->token_ward[0] != '\0' && strcmp(value, im->token_ward) != 0) {
		snprintf(im->reason, sizeof im->reason,
		         "%s: the row is for "
		         "ward %s, and the token may write only ward %s",
		         header, value, im->token_ward);
		return NULL;
	}
	return value;
}

static void
imp_columns_hint(const struct kind *k)
{
	const struct record_field *f;

	fprintf(stderr, "ansinh: the columns of %s are:", k->name);
	for (f = k->record->fields; !record_field_end(f); f++) {
		if (f->column != NULL)
			fprintf(stderr, " %s%s", f->column,
			        (f->attrs & RECORD_REQUIRED) ? "*" : "");
	}
	fprintf(stderr, " (* required; Vietnamese names: 'ansinh import "
	                "--help')\n");
}
