/*
 * op.c — the operation table and the engine that runs every request from it
 * (see op.h): the one place that authorizes a session, decides the ward a
 * request acts on, submits its job and answers it.
 */
#include "op.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "log.h"
#include "metrics.h"
#include "op_impl.h"
#include "rules.h"
#include "session.h"

/* The families: each h_<family>.c exports its entries, h_<family>_ops[];
 * a family is one line of this list. */
#define OP_FAMILIES(X)                                                         \
	X(ward)                                                                \
	X(household)                                                           \
	X(member)                                                              \
	X(fund)                                                                \
	X(organization)                                                        \
	X(need)                                                                \
	X(support)                                                             \
	X(dialogue)                                                            \
	X(programme)                                                           \
	X(pairing)                                                             \
	X(employment)                                                          \
	X(target)                                                              \
	X(standard)                                                            \
	X(assessment)                                                          \
	X(casefile)                                                            \
	X(grievance)                                                           \
	X(notice)                                                              \
	X(agreement)                                                           \
	X(audit_history)                                                       \
	X(report)                                                              \
	X(access)                                                              \
	X(unit)                                                                \
	X(review_request)

#define OP_FAMILY_EXTERN(f) extern const struct op_entry h_##f##_ops[];
#define OP_FAMILY_ROW(f)    h_##f##_ops,
OP_FAMILIES(OP_FAMILY_EXTERN)

static const struct op_entry *const op_families[] = {
    OP_FAMILIES(OP_FAMILY_ROW)};

/* The entries as op_init resolved them, by their body's index among the
 * Request fields. */
static struct op_live *op_index;
static size_t op_index_size;
static bool op_ready;
static bool op_failed; /* op_init found a broken entry: it says so once */

static bool op_init_entry(const struct op_entry *e, struct op_live *l);
static const struct op_live *op_find(int body_case);
static bool op_authorize(struct op_call *c, const ProtobufCMessage *body);
static bool op_decide_ward(struct op_call *c, const ProtobufCMessage *body);
static bool op_ward_covered(const struct session *s, const char *ward);
static bool op_ward_any_covered(const struct op_call *c,
                                const ProtobufCMessage *body);
static void op_check_paging(struct op_call *c, const ProtobufCMessage *body,
                            struct violations *v);
static void op_done(struct db_job *job, const PGresult *res,
                    const struct db_error *err, void *arg);
static void op_write_done(struct op_call *c, const PGresult *res);
static void op_read_done(struct op_call *c, const PGresult *res);
static void op_keep(struct op_call *c, const ProtobufCMessage *body);
static unsigned op_role_bit(int role);
static void op_describe_set(FILE *out, const struct op_live *l);
static void op_describe_stmt(FILE *out, const struct op_live *l,
                             const struct op_stmt *st, const char *function,
                             const struct op_arg *args);
static void op_describe_cols(FILE *out, const struct op_col *map,
                             const char **sep);

/* ---------------------------------------------------------------- the table */

bool
op_init(void)
{
	const ProtobufCMessageDescriptor *rq = &ansinh__v1__request__descriptor;
	bool ok = true;

	if (op_ready || op_failed)
		return op_ready;
	op_index_size = rq->n_fields;
	op_index = calloc(op_index_size, sizeof *op_index);
	if (op_index == NULL)
		abort();
	for (size_t i = 0; i < sizeof op_families / sizeof op_families[0];
	     i++) {
		for (const struct op_entry *e = op_families[i]; e->body != 0;
		     e++) {
			const ProtobufCFieldDescriptor *f =
			    protobuf_c_message_descriptor_get_field(
			        rq, (unsigned)e->body);
			if (f == NULL || f->type != PROTOBUF_C_TYPE_MESSAGE) {
				fprintf(stderr,
				        "ansinhd: operation table: body %d is "
				        "no request\n",
				        e->body);
				ok = false;
				continue;
			}
			struct op_live *l = &op_index[f - rq->fields];
			if (l->e != NULL) {
				fprintf(stderr,
				        "ansinhd: operation table: %s has two "
				        "entries\n",
				        f->name);
				ok = false;
				continue;
			}
			l->body = f;
			ok = op_init_entry(e, l) && ok;
		}
	}
	op_ready = ok;
	op_failed = !ok;
	return ok;
}

static bool
op_init_entry(const struct op_entry *e, struct op_live *l)
{
	const ProtobufCMessageDescriptor *body = l->body->descriptor;
	const char *name = l->body->name;
	const char *paths[] = {e->ward_field, e->ward_unless, e->ward_if,
	                       e->needs, e->alt_when};
	bool ok = true;

	l->e = e;
	l->limit = op_field(body, "limit");
	l->offset = op_field(body, "offset");
	if (e->limit != 0 && l->limit == NULL) {
		fprintf(stderr,
		        "ansinhd: operation table: %s: a list without "
		        "a limit field\n",
		        name);
		ok = false;
	}
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
		if (paths[i] != NULL)
			ok = op_sql_check_path(body, paths[i], name) && ok;
	if ((e->ward != OP_WARD_NONE && e->ward_field == NULL) ||
	    (e->ward == OP_WARD_BY_CODE && e->ward_unless == NULL)) {
		fprintf(stderr,
		        "ansinhd: operation table: %s: a ward rule "
		        "without its fields\n",
		        name);
		ok = false;
	}
	if (e->join != NULL) {
		const char *dot = strchr(e->join->function, '.');
		snprintf(l->join_prefix, sizeof l->join_prefix, "%s.",
		         dot != NULL ? dot + 1 : e->join->function);
	}
	if (e->reply != 0) {
		const ProtobufCFieldDescriptor *rf =
		    protobuf_c_message_descriptor_get_field(
		        &ansinh__v1__response__descriptor, (unsigned)e->reply);
		if (rf == NULL || rf->type != PROTOBUF_C_TYPE_MESSAGE) {
			fprintf(stderr,
			        "ansinhd: operation table: %s: reply "
			        "%d is no response\n",
			        name, e->reply);
			return false;
		}
		l->reply = rf->descriptor;
	} else if (e->kind == OP_READ) {
		fprintf(stderr,
		        "ansinhd: operation table: %s: a read without "
		        "a reply\n",
		        name);
		return false;
	}
	/* Every map fills a field of the reply. */
	struct op_map maps[8];
	size_t nmaps = 0;
	if (e->cols != NULL)
		maps[nmaps++] = (struct op_map){e->rows, e->cols};
	if (e->join != NULL)
		maps[nmaps++] = (struct op_map){e->join->rows, e->join->cols};
	for (const struct op_map *m = e->also;
	     m != NULL && m->cols != NULL && nmaps < 8; m++)
		maps[nmaps++] = *m;
	for (size_t i = 0; i < nmaps; i++) {
		/* A map without .rows fills the reply message itself. */
		const ProtobufCMessageDescriptor *d =
		    l->reply == NULL ? NULL
		    : maps[i].rows == NULL
		        ? l->reply
		        : op_row_path_type(l->reply, maps[i].rows);
		if (d == NULL) {
			fprintf(stderr,
			        "ansinhd: operation table: %s: map "
			        "of %s fills no reply field\n",
			        name, maps[i].rows ? maps[i].rows : "?");
			ok = false;
			continue;
		}
		ok = op_row_check_map(d, maps[i].cols, name) && ok;
	}
	if (e->kind == OP_READ && e->done == NULL && e->answer == NULL &&
	    (e->rows == NULL || e->cols == NULL)) {
		fprintf(stderr,
		        "ansinhd: operation table: %s: a plain read "
		        "needs rows and cols\n",
		        name);
		ok = false;
	}
	if (e->function == NULL)
		return ok && e->answer != NULL;
	for (const struct op_arg *a = e->args; a != NULL && a->name != NULL;
	     a++)
		ok = op_sql_check_arg(body, a, name) && ok;
	for (const struct op_arg *a = e->alt_args; a != NULL && a->name != NULL;
	     a++)
		ok = op_sql_check_arg(body, a, name) && ok;
	if (e->join != NULL)
		for (const struct op_arg *a = e->join->args;
		     a != NULL && a->name != NULL; a++)
			ok = op_sql_check_arg(body, a, name) && ok;
	ok = op_access_check(l) && ok;
	ok = ok && op_sql_build(l, e->function, e->args, true, &l->main);
	if (ok && e->alt_function != NULL)
		ok = op_sql_build(l, e->alt_function, e->alt_args, true,
		                  &l->alt);
	if (ok && e->set_function != NULL)
		ok = op_sql_build_set(l);
	return ok;
}

static const struct op_live *
op_find(int body_case)
{
	const ProtobufCMessageDescriptor *rq = &ansinh__v1__request__descriptor;
	const ProtobufCFieldDescriptor *f =
	    protobuf_c_message_descriptor_get_field(rq, (unsigned)body_case);

	if (f == NULL || !op_ready)
		return NULL;
	const struct op_live *l = &op_index[f - rq->fields];
	return l->e != NULL ? l : NULL;
}

bool
op_known(int body_case)
{
	return op_init() && op_find(body_case) != NULL;
}

void
op_describe(FILE *out)
{
	if (!op_init())
		return;
	for (size_t i = 0; i < op_index_size; i++) {
		const struct op_live *l = &op_index[i];
		const struct op_entry *e = l->e;

		if (e == NULL || e->function == NULL)
			continue;
		op_describe_stmt(out, l, &l->main, e->function, e->args);
		if (e->alt_function != NULL)
			op_describe_stmt(out, l, &l->alt, e->alt_function,
			                 e->alt_args);
		if (l->set_sql != NULL)
			op_describe_set(out, l);
	}
}

/* The set statement's line: kind "set", its arguments by position (the
 * tokens, then the main statement's parameters). */
static void
op_describe_set(FILE *out, const struct op_live *l)
{
	fprintf(out, "%s\tset\t%s\ttokens", l->body->name, l->e->set_function);
	for (size_t i = 0; i < l->main.n; i++) {
		const struct op_param *p = &l->main.params[i];
		const char *name = p->src == OP_SRC_REQUEST_ID ? "request_id"
		                   : p->src == OP_SRC_WARD     ? "ward"
		                   : p->src == OP_SRC_MAC      ? "mac"
		                   : p->src == OP_SRC_FIELD    ? p->arg->name
		                                               : "?";
		fprintf(out, ",%s", name);
	}
	fprintf(out, "\tcode,message,id,ward_code,replayed\t%s\n", l->set_sql);
}

/* Lines for one statement: its function, then the joined one. */
static void
op_describe_stmt(FILE *out, const struct op_live *l, const struct op_stmt *st,
                 const char *function, const struct op_arg *args)
{
	const struct op_entry *e = l->e;
	const char *sep = "";

	fprintf(out, "%s\t%s\t%s\t", l->body->name,
	        e->relation ? "relation" : "function", function);
	if (e->kind == OP_WRITE) {
		fprintf(out, "%srequest_id", sep);
		sep = ",";
	}
	if (e->ward != OP_WARD_NONE && !op_names_ward(args)) {
		fprintf(out, "%sward", sep);
		sep = ",";
	}
	for (const struct op_arg *a = args; a != NULL && a->name != NULL; a++) {
		fprintf(out, "%s%s", sep, a->name);
		sep = ",";
	}
	if (e->limit != 0 && (e->join == NULL || !e->join->paged)) {
		fprintf(out, "%slimit", sep);
		sep = ",";
		if (l->offset != NULL)
			fprintf(out, ",offset");
	}
	fprintf(out, "\t");
	sep = "";
	if (e->kind == OP_WRITE) {
		fprintf(out, "code,message,id,ward_code,replayed");
		sep = ",";
	}
	if (e->cols != NULL)
		op_describe_cols(out, e->cols, &sep);
	for (const struct op_map *m = e->also; m != NULL && m->cols != NULL;
	     m++)
		op_describe_cols(out, m->cols, &sep);
	fprintf(out, "\t%s\n", st->sql);
	if (e->join == NULL)
		return;
	fprintf(out, "%s\tfunction\t%s\t", l->body->name, e->join->function);
	sep = "";
	for (const struct op_arg *a = e->join->args;
	     a != NULL && a->name != NULL; a++) {
		fprintf(out, "%s%s", sep, a->name);
		sep = ",";
	}
	if (e->limit != 0 && e->join->paged) {
		fprintf(out, "%slimit", sep);
		if (l->offset != NULL)
			fprintf(out, ",offset");
	}
	fprintf(out, "\t");
	sep = "";
	op_describe_cols(out, e->join->cols, &sep);
	fprintf(out, "\t-\n");
}

/* The columns of a map, nested maps included. */
static void
op_describe_cols(FILE *out, const struct op_col *map, const char **sep)
{
	for (const struct op_col *c = op_row_map(map); c->column != NULL; c++) {
		fprintf(out, "%s%s", *sep, c->column);
		*sep = ",";
		if (c->map != NULL)
			op_describe_cols(out, c->map, sep);
	}
}

/* ---------------------------------------------------------------- running */

void
op_dispatch(struct session *s, const Ansinh__V1__Request *r)
{
	const struct op_live *l;
	struct violations v = {0};

	if (!op_ready && !op_init())
		abort(); /* tests/unit/ops.t fails first */
	struct request *req = request_new(s, r);
	l = op_find((int)r->body_case);
	if (l == NULL || r->body_case == ANSINH__V1__REQUEST__BODY_HELLO) {
		request_fail(req, ANSINH__V1__CODE__UNIMPLEMENTED,
		             "this daemon does not know that request (body %d)",
		             (int)r->body_case);
		return;
	}
	const struct op_entry *e = l->e;
	const ProtobufCMessage *body =
	    *(ProtobufCMessage *const *)(const void *)((const char *)r +
	                                               l->body->offset);
	struct op_call *c = calloc(1, sizeof *c);
	if (c == NULL)
		abort();
	c->req = req;
	c->live = l;
	c->op = e;
	c->body = body;
	c->roles = e->roles;
	c->ward_rule = e->ward;
	if (e->denied != NULL)
		snprintf(c->denied, sizeof c->denied, "%s", e->denied);

	if (!op_authorize(c, body))
		return;
	if (e->needs != NULL && !op_field_set(body, e->needs)) {
		viol_add(&v, e->needs_as != NULL ? e->needs_as : e->needs,
		         "is required");
		request_invalid(req, &v);
		op_free(c);
		return;
	}
	if (e->check != NULL)
		e->check(c, body, &v);
	op_check_paging(c, body, &v);
	if (v.n > 0) {
		request_invalid(req, &v);
		op_free(c);
		return;
	}
	/* Roles the check narrowed (a step only the district may take). */
	if (!(c->roles & op_role_bit(s->role))) {
		request_fail(req, ANSINH__V1__CODE__PERMISSION_DENIED, "%s",
		             c->denied);
		op_free(c);
		return;
	}
	if (!op_decide_ward(c, body))
		return;
	if (e->answer != NULL) {
		e->answer(c, body);
		if (c->req != NULL)
			request_fail(c->req, ANSINH__V1__CODE__INTERNAL,
			             "internal error; see the daemon log");
		op_free(c);
		return;
	}

	op_access_prepare(c);
	const struct op_stmt *st = &l->main;
	if (e->alt_when != NULL && op_field_set(body, e->alt_when))
		st = &l->alt;
	struct db_job *job = db_job_new(
	    e->kind == OP_WRITE ? DB_WRITE : DB_READ, st->sql, op_done, c);
	op_sql_bind(c, st, job);
	db_job_prepare(job); /* op_init's statements live on */
	if (st == &l->main && l->set_sql != NULL)
		db_job_set(job, l->set_sql);
	if (e->keep)
		op_keep(c, body);
	c->body = c->kept;
	/* On refusal the pool frees the job without calling back, and the
	 * request is answered. */
	if (e->kind == OP_WRITE)
		s->wrote = true;
	if (!(e->kind == OP_READ ? request_submit_read(req, job)
	                         : request_submit(req, job)))
		op_free(c);
}

/* Writes: no auditor, a request_id. Then the entry's roles. */
static bool
op_authorize(struct op_call *c, const ProtobufCMessage *body)
{
	struct session *s = c->req->s;
	(void)body;

	if (c->op->kind == OP_WRITE) {
		if (s->role == ANSINH__V1__ROLE__ROLE_AUDITOR) {
			request_fail(c->req,
			             ANSINH__V1__CODE__PERMISSION_DENIED,
			             "an auditor token is read-only");
			op_free(c);
			return false;
		}
		if (!c->req->has_request_id) {
			struct violations v = {0};
			viol_add(&v, "request_id",
			         "must be a 16-byte UUID on every write");
			request_invalid(c->req, &v);
			op_free(c);
			return false;
		}
	}
	if (!(c->op->roles & op_role_bit(s->role))) {
		request_fail(c->req, ANSINH__V1__CODE__PERMISSION_DENIED, "%s",
		             c->op->denied != NULL ? c->op->denied
		                                   : "permission denied");
		op_free(c);
		return false;
	}
	return true;
}

/* True when the ward token's unit holds ward (its own, or one merged into
 * it: s->covers). */
static bool
op_ward_covered(const struct session *s, const char *ward)
{
	size_t n = strlen(ward);

	for (const char *p = s->covers; *p != '\0';) {
		const char *end = strchr(p, ',');
		size_t len = end != NULL ? (size_t)(end - p) : strlen(p);

		if (len == n && memcmp(p, ward, n) == 0)
			return true;
		if (end == NULL)
			break;
		p = end + 1;
	}
	return false;
}

/* A ward token whose unit holds other wards (a ward of 2025 and the old
 * wards merged into it) that names no ward: reads of every ward (OPTIONAL)
 * and records found by id look in every ward it holds (ward NULL, the
 * request's wards: ansinh.request_ward); anything else, a new record
 * above all, is its own ward's. */
static bool
op_ward_any_covered(const struct op_call *c, const ProtobufCMessage *body)
{
	const struct op_entry *e = c->op;

	if (strchr(c->req->s->covers, ',') == NULL)
		return false;
	if (c->ward_rule == OP_WARD_OPTIONAL && e->kind == OP_READ)
		return true;
	return c->ward_rule == OP_WARD_BY_CODE &&
	       op_field_set(body, e->ward_unless);
}

/* The ward the request acts on (see enum op_ward). A ward token acts on
 * its own ward, or on a ward its unit holds when it names one. */
static bool
op_decide_ward(struct op_call *c, const ProtobufCMessage *body)
{
	struct session *s = c->req->s;
	const struct op_entry *e = c->op;
	const char *asked = op_field_string(body, e->ward_field);
	const char *why = NULL;
	bool required = false;

	switch (c->ward_rule) {
	case OP_WARD_NONE:
		c->ward[0] = '\0';
		return true;
	case OP_WARD_FILTER:
	case OP_WARD_OPTIONAL:
		break;
	case OP_WARD_REQUIRED:
		required = true;
		break;
	case OP_WARD_BY_CODE:
		required =
		    !op_field_set(body, e->ward_unless) &&
		    (e->ward_if == NULL || op_field_set(body, e->ward_if));
		break;
	}
	if (asked[0] != '\0' && !rule_ward_code(asked, &why)) {
		struct violations v = {0};
		viol_add(&v, "ward_code", why);
		request_invalid(c->req, &v);
		op_free(c);
		return false;
	}
	if (c->ward_rule == OP_WARD_FILTER && asked[0] == '\0') {
		c->ward[0] = '\0';
		return true;
	}
	if (s->role == ANSINH__V1__ROLE__ROLE_WARD) {
		if (asked[0] != '\0' && strcmp(asked, s->ward) != 0 &&
		    !op_ward_covered(s, asked)) {
			request_fail(c->req,
			             ANSINH__V1__CODE__PERMISSION_DENIED,
			             "a token of ward %s cannot act on ward %s",
			             s->ward, asked);
			op_free(c);
			return false;
		}
		if (asked[0] != '\0')
			snprintf(c->ward, sizeof c->ward, "%s", asked);
		else if (op_ward_any_covered(c, body))
			c->ward[0] = '\0';
		else
			snprintf(c->ward, sizeof c->ward, "%s", s->ward);
		return true;
	}
	if (required && asked[0] == '\0') {
		struct violations v = {0};
		viol_add(&v,
		         e->ward_missing_field != NULL ? e->ward_missing_field
		                                       : "ward_code",
		         e->ward_missing_why != NULL
		             ? e->ward_missing_why
		             : "is required with a district or auditor token");
		request_invalid(c->req, &v);
		op_free(c);
		return false;
	}
	snprintf(c->ward, sizeof c->ward, "%s", asked);
	return true;
}

/* Lists: the limit (0: the entry's default) at most OP_LIST_MAX, the
 * offset within PostgreSQL's integer. */
static void
op_check_paging(struct op_call *c, const ProtobufCMessage *body,
                struct violations *v)
{
	const struct op_live *l = c->live;
	char why[64];

	if (c->op->limit == 0)
		return;
	c->limit = *(const uint32_t *)(const void *)((const char *)body +
	                                             l->limit->offset);
	if (c->limit == 0)
		c->limit = c->op->limit;
	if (c->limit > OP_LIST_MAX) {
		snprintf(why, sizeof why, "must be at most %d", OP_LIST_MAX);
		viol_add(v, "limit", why);
	}
	if (l->offset != NULL) {
		c->offset =
		    *(const uint32_t *)(const void *)((const char *)body +
		                                      l->offset->offset);
		if (c->offset > INT32_MAX) {
			snprintf(why, sizeof why, "must be at most %d",
			         INT32_MAX);
			viol_add(v, "offset", why);
		}
	}
}

static void
op_done(struct db_job *job, const PGresult *res, const struct db_error *err,
        void *arg)
{
	struct op_call *c = arg;
	(void)job;

	if (err != NULL) {
		request_db_error_on(c->req, err, c->op->constraints);
		c->req = NULL;
	} else if (c->op->kind == OP_WRITE)
		op_write_done(c, res);
	else
		op_read_done(c, res);
	if (c->recording)
		return; /* the access record's job answers, and frees c */
	if (c->req != NULL) {
		/* A hook that did not answer: never leave the client
		 * waiting. */
		log_error("operation not answered", "type=%s",
		          metrics_type_name(c->op->body));
		request_fail(c->req, ANSINH__V1__CODE__INTERNAL,
		             "internal error; see the daemon log");
	}
	op_free(c);
}

/* The ansinh_api.outcome row: a WriteReply, or the outcome's status. */
static void
op_write_done(struct op_call *c, const PGresult *res)
{
	const char *text =
	    PQntuples(res) == 1 ? op_text(c, res, 0, "code") : "";

	if (text[0] == '\0') {
		op_fail(c, ANSINH__V1__CODE__INTERNAL,
		        "unexpected reply from the database");
		return;
	}
	int code = atoi(text);
	if (code != ANSINH__V1__CODE__OK) {
		op_fail(c, code, "%s", op_text(c, res, 0, "message"));
		return;
	}
	Ansinh__V1__WriteReply *w =
	    op_new(c, &ansinh__v1__write_reply__descriptor);
	if (!op_fill(c, w, op_outcome_cols, NULL, res, 0)) {
		op_fail(c, ANSINH__V1__CODE__INTERNAL,
		        "unexpected reply from the database");
		return;
	}
	if (w->replayed) {
		c->req->s->d->metrics.replayed++;
		log_debug("replayed", "req=%s", c->req->request_id);
	}
	if (c->op->done != NULL) {
		c->op->done(c, res);
		return;
	}
	op_reply(c, w);
}

void
op_count_replayed(struct op_call *c, unsigned long long n)
{
	c->req->s->d->metrics.replayed += n;
}

/* A plain read: .rows from .cols, paged when the entry is a list. */
static void
op_read_done(struct op_call *c, const PGresult *res)
{
	const struct op_entry *e = c->op;
	const ProtobufCMessageDescriptor *d = c->live->reply;

	if (e->done != NULL) {
		e->done(c, res);
		return;
	}
	ProtobufCMessage *reply = op_new(c, d);
	const ProtobufCFieldDescriptor *f = op_field(d, e->rows);
	int n = PQntuples(res);
	bool ok;

	if (f->label == PROTOBUF_C_LABEL_REPEATED) {
		bool more = e->limit != 0 && (uint32_t)n > c->limit;
		if (more)
			n = (int)c->limit;
		ok = op_fill_rows(c, reply, e->rows, e->cols, NULL, res, 0, n);
		const ProtobufCFieldDescriptor *mf = op_field(d, "more");
		if (mf != NULL && mf->type == PROTOBUF_C_TYPE_BOOL)
			*(protobuf_c_boolean *)(void *)((char *)reply +
			                                mf->offset) = more;
	} else {
		if (n == 0) {
			op_fail(c, ANSINH__V1__CODE__NOT_FOUND, "%s",
			        e->not_found != NULL ? e->not_found
			                             : "not found");
			return;
		}
		ProtobufCMessage *one = op_new(c, f->descriptor);
		ok = op_fill(c, one, e->cols, NULL, res, 0);
		*(ProtobufCMessage **)(void *)((char *)reply + f->offset) = one;
	}
	if (!ok) {
		op_fail(c, ANSINH__V1__CODE__INTERNAL,
		        "unexpected reply from the database");
		return;
	}
	op_reply(c, reply);
}

/* A copy of the request body for .done (the session frees the request
 * once dispatched). */
static void
op_keep(struct op_call *c, const ProtobufCMessage *body)
{
	size_t len = protobuf_c_message_get_packed_size(body);
	uint8_t *buf = op_alloc(c, len + 1);

	protobuf_c_message_pack(body, buf);
	c->kept = protobuf_c_message_unpack(body->descriptor, NULL, len, buf);
	if (c->kept == NULL)
		abort();
}

void
op_free(struct op_call *c)
{
	if (c->kept != NULL)
		protobuf_c_message_free_unpacked(c->kept, NULL);
	op_access_free(c);
	op_mem_free(c);
	free(c);
}

static unsigned
op_role_bit(int role)
{
	return role > 0 && role < 32 ? 1u << role : 0;
}

/* ---------------------------------------------------------------- hooks */

void
op_restrict(struct op_call *c, unsigned roles, const char *fmt, ...)
{
	va_list ap;

	c->roles &= roles;
	va_start(ap, fmt);
	vsnprintf(c->denied, sizeof c->denied, fmt, ap);
	va_end(ap);
}

void
op_set_ward(struct op_call *c, enum op_ward rule)
{
	c->ward_rule = rule;
}

const void *
op_body(const struct op_call *c)
{
	return c->kept;
}

uint32_t
op_limit(const struct op_call *c)
{
	return c->limit;
}

const char *
op_join_prefix(const struct op_call *c)
{
	return c->live->join_prefix;
}

void
op_reply(struct op_call *c, void *msg)
{
	if (op_access_hold(c, msg))
		return;
	request_reply(c->req, (Ansinh__V1__Response__BodyCase)c->op->reply,
	              msg);
	c->req = NULL;
}

void
op_fail(struct op_call *c, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	request_vfail(c->req, code, fmt, ap);
	va_end(ap);
	c->req = NULL;
}
