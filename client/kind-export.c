/*
 * kind-export.c — what the kinds' export functions share to talk to the
 * daemon and write their records (see kind.h): the per-page deadline, one
 * CSV record, the --year filter, and a pipelined fan-out of one request
 * per record of a page (the members of each household, the history of each
 * need).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "conn.h"
#include "csv.h"
#include "kind.h"
#include "link.h"
#include "xmalloc.h"

static bool kind_export_write(struct kind_export *x, const char *const *values);

void
kind_export_page(struct kind_export *x)
{
	if (x->ctx->link != NULL)
		conn_set_timeout(link_conn(x->ctx->link),
		                 x->ctx->cfg->timeout_ms);
}

void
kind_export_values(const struct kind_export *x, const ProtobufCMessage *m,
                   struct kind_values *out)
{
	const struct record_field *f;
	size_t i;

	for (i = 0; !record_field_end(&x->kind->record->fields[i]); i++) {
		f = &x->kind->record->fields[i];
		out->v[i] =
		    f->column != NULL ? record_text(f, m, out->buf[i]) : NULL;
	}
}

bool
kind_export_header(struct kind_export *x)
{
	const char *names[RECORD_MAX_FIELDS];
	size_t i;

	for (i = 0; !record_field_end(&x->kind->record->fields[i]); i++)
		names[i] = x->kind->record->fields[i].column;
	return kind_export_write(x, names);
}

bool
kind_export_row(struct kind_export *x, const char *const *values)
{
	x->rows++;
	return kind_export_write(x, values);
}

bool
kind_export_in_year(const struct kind_export *x, const char *date)
{
	char year[8];

	if (x->year == 0)
		return true;
	snprintf(year, sizeof year, "%04d-", x->year);
	return strncmp(date, year, 5) == 0;
}

enum ansinh_exit
kind_export_fanout(struct kind_export *x, size_t n,
                   void (*make)(void *arg, size_t i, Ansinh__V1__Request *req),
                   Ansinh__V1__Response__BodyCase want,
                   bool (*take)(void *arg, size_t i,
                                const Ansinh__V1__Response *resp),
                   void *arg)
{
	Ansinh__V1__Request req;
	Ansinh__V1__Response *resp;
	struct link *s = x->ctx->link;
	struct conn *c = link_conn(s);
	enum ansinh_exit rc = ANSINH_EXIT_OK;
	enum conn_result r;
	uint64_t *seqs;
	char *cause = NULL, *why;
	size_t i, sent = 0;

	seqs = xreallocarray(NULL, n + 1, sizeof *seqs);
	conn_set_timeout(c, x->ctx->cfg->timeout_ms);
	for (i = 0; i < n; i++) {
		ansinh__v1__request__init(&req);
		make(arg, i, &req);
		r = conn_send(c, &req, &cause);
		if (r != CONN_OK) {
			rc = link_result(s, r, cause, &why);
			fprintf(stderr, "%s\n", why);
			free(why);
			goto out;
		}
		seqs[sent++] = req.seq;
	}
	for (i = 0; i < sent; i++) {
		r = conn_receive(c, seqs[i], &resp, &cause);
		if (r != CONN_OK) {
			rc = link_result(s, r, cause, &why);
			fprintf(stderr, "%s\n", why);
			free(why);
			goto out;
		}
		rc = link_reply(s, resp, want, &why);
		if (rc != ANSINH_EXIT_OK) {
			fprintf(stderr, "%s\n", why);
			free(why);
			ansinh__v1__response__free_unpacked(resp, NULL);
			goto out;
		}
		free(why);
		if (!take(arg, i, resp))
			rc = ANSINH_EXIT_USAGE;
		ansinh__v1__response__free_unpacked(resp, NULL);
		if (rc != ANSINH_EXIT_OK)
			goto out;
		/* Progress resets the deadline. */
		conn_set_timeout(c, x->ctx->cfg->timeout_ms);
	}
out:
	free(seqs);
	return rc;
}

/* ---------------------------------------------------------------- helpers */

/* One CSV record of the kind's columns (the personal ones left out under
 * --redact), from values by field index. */
static bool
kind_export_write(struct kind_export *x, const char *const *values)
{
	const struct record_field *f;
	const char *cells[RECORD_MAX_FIELDS];
	size_t i, n = 0;

	for (i = 0; !record_field_end(&x->kind->record->fields[i]); i++) {
		f = &x->kind->record->fields[i];
		if (f->column == NULL ||
		    (x->redact && (f->attrs & RECORD_PERSONAL)))
			continue;
		cells[n++] = values[i];
	}
	return csv_write_guarded(x->out, cells, n);
}
