/*
 * h_dialogue.c — dialogues with poor households: create (with the
 * households attending), list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "h_ledger.h"
#include "rules.h"
#include "session.h"

/* Most households one dialogue may name. */
#define DIALOGUE_HOUSEHOLDS_MAX 1000

static char *dl_array(size_t n, const char *const *items);
static char *dl_id_array(size_t n, const ProtobufCBinaryData *ids);
static void dl_list_done(struct db_job *job, const PGresult *res,
                         const struct db_error *err, void *arg);

void
h_dialogue_create(struct request *req, const Ansinh__V1__DialogueCreate *m)
{
	const Ansinh__V1__Dialogue *d = m->dialogue;
	struct violations v = {0};
	const char *why = NULL;
	const char *ward;
	char f[96];
	size_t i;

	if (!request_may_write(req))
		return;
	if (d == NULL) {
		viol_add(&v, "dialogue", "is required");
		request_invalid(req, &v);
		return;
	}
	request_check_id(&v, d->id, "dialogue.id", true);
	ledger_check_date(&v, d->held_on, "dialogue.held_on", true);
	viol_check(&v, rule_text(d->title, RULE_TITLE_MAX, true, false, &why),
	           "dialogue.title", why);
	if (d->note[0] != '\0')
		viol_check(&v,
		           rule_text(d->note, RULE_NOTE_MAX, false, true, &why),
		           "dialogue.note", why);
	if (d->n_household_ids + d->n_household_codes > DIALOGUE_HOUSEHOLDS_MAX)
		viol_add(&v, "dialogue.household_codes",
		         "at most 1000 households per dialogue");
	for (i = 0; i < d->n_household_ids && v.n == 0; i++) {
		snprintf(f, sizeof f, "dialogue.household_ids[%zu]", i);
		request_check_id(&v, d->household_ids[i], f, true);
	}
	for (i = 0; i < d->n_household_codes && v.n == 0; i++) {
		snprintf(f, sizeof f, "dialogue.household_codes[%zu]", i);
		viol_check(&v, rule_household_code(d->household_codes[i], &why),
		           f, why);
	}
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, d->ward_code, true, &ward))
		return;

	char *ids = dl_id_array(d->n_household_ids, d->household_ids);
	char *codes = dl_array(d->n_household_codes,
	                       (const char *const *)d->household_codes);
	struct db_job *job = db_job_new(
	    DB_WRITE,
	    "SELECT code, message, id, ward_code, replayed FROM "
	    "ansinh_api.dialogue_create($1::uuid, $2::uuid, $3, $4::date, $5, "
	    "$6, $7::uuid[], $8::text[])",
	    request_write_done, req);
	db_job_param(job, req->request_id);
	request_param_id(job, d->id);
	db_job_param(job, ward);
	db_job_param(job, request_opt(d->held_on));
	db_job_param(job, d->title);
	db_job_param(job, request_opt(d->note));
	db_job_param(job, ids);
	db_job_param(job, codes);
	free(ids);
	free(codes);
	request_submit(req, job);
}

/* A text[] literal with every item double-quoted. Items are household
 * codes, already checked (no quotes, backslashes or braces). The caller
 * frees. */
static char *
dl_array(size_t n, const char *const *items)
{
	size_t len = 3, i;

	for (i = 0; i < n; i++)
		len += strlen(items[i]) + 3;
	char *out = request_calloc(len, 1);
	char *p = out;
	*p++ = '{';
	for (i = 0; i < n; i++) {
		p += sprintf(p, "%s\"%s\"", i > 0 ? "," : "", items[i]);
	}
	*p++ = '}';
	*p = '\0';
	return out;
}

/* A uuid[] literal. The caller frees. */
static char *
dl_id_array(size_t n, const ProtobufCBinaryData *ids)
{
	char *out = request_calloc(n * UUID_STR_SIZE + 3, 1);
	char *p = out;
	size_t i;

	*p++ = '{';
	for (i = 0; i < n; i++) {
		if (i > 0)
			*p++ = ',';
		uuid_format(ids[i].data, p);
		p += strlen(p);
	}
	*p++ = '}';
	*p = '\0';
	return out;
}

void
h_dialogue_list(struct request *req, const Ansinh__V1__DialogueList *m)
{
	struct violations v = {0};
	const char *ward;
	uint32_t limit;

	ledger_check_date(&v, m->from, "from", false);
	ledger_check_date(&v, m->to, "to", false);
	if (m->from[0] != '\0' && m->to[0] != '\0' &&
	    strcmp(m->from, m->to) > 0)
		viol_add(&v, "to", "must not be before from");
	limit = ledger_check_limit(&v, m->limit);
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, m->ward_code, false, &ward))
		return;
	struct db_job *job = db_job_new(
	    DB_READ,
	    "SELECT id, ward_code, held_on, title, note, household_codes, "
	    "need_count, created_at FROM ansinh_api.dialogue_list($1, "
	    "$2::date, $3::date, $4::int)",
	    dl_list_done, req);
	db_job_param(job, request_opt(ward));
	db_job_param(job, request_opt(m->from));
	db_job_param(job, request_opt(m->to));
	db_job_param_int(job, (long long)limit + 1);
	req->limit = limit;
	request_submit(req, job);
}

static void
dl_list_done(struct db_job *job, const PGresult *res,
             const struct db_error *err, void *arg)
{
	struct request *req = arg;
	(void)job;

	if (err != NULL) {
		request_db_error(req, err);
		return;
	}
	size_t n = (size_t)PQntuples(res), i, j, ncodes = 0;
	bool more = req->limit != 0 && n > req->limit;
	if (more)
		n = req->limit;
	/* The attending codes come space-separated: split a copy. */
	char **copies = request_calloc(n, sizeof *copies);
	for (i = 0; i < n; i++) {
		copies[i] = strdup(PQgetvalue(res, (int)i, 5));
		if (copies[i] == NULL)
			abort();
		for (char *c = copies[i]; *c != '\0'; c++)
			ncodes += *c == ' ';
		ncodes += copies[i][0] != '\0';
	}
	Ansinh__V1__Dialogue *rows = request_calloc(n, sizeof *rows);
	Ansinh__V1__Dialogue **ptrs = request_calloc(n, sizeof *ptrs);
	uint8_t(*ids)[UUID_SIZE] = request_calloc(n, sizeof *ids);
	char **codes = request_calloc(ncodes, sizeof *codes);
	size_t used = 0;
	for (i = 0; i < n; i++) {
		int r = (int)i;
		Ansinh__V1__Dialogue *d = &rows[i];
		ansinh__v1__dialogue__init(d);
		request_row_uuid(&d->id, ids[i], res, r, 0);
		d->ward_code = PQgetvalue(res, r, 1);
		d->held_on = PQgetvalue(res, r, 2);
		d->title = PQgetvalue(res, r, 3);
		d->note = PQgetvalue(res, r, 4);
		d->household_codes = codes + used;
		char *save = NULL;
		for (char *tok = strtok_r(copies[i], " ", &save); tok != NULL;
		     tok = strtok_r(NULL, " ", &save)) {
			codes[used++] = tok;
		}
		d->n_household_codes =
		    (size_t)(codes + used - d->household_codes);
		d->need_count = (uint32_t)request_row_int(res, r, 6);
		d->created_at = PQgetvalue(res, r, 7);
		ptrs[i] = d;
	}
	Ansinh__V1__DialogueListReply reply =
	    ANSINH__V1__DIALOGUE_LIST_REPLY__INIT;
	reply.n_dialogues = n;
	reply.dialogues = ptrs;
	reply.more = more;
	request_reply(req, ANSINH__V1__RESPONSE__BODY_DIALOGUES, &reply);
	for (j = 0; j < n; j++)
		free(copies[j]);
	free(copies);
	free(codes);
	free(ids);
	free(ptrs);
	free(rows);
}
