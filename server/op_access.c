/*
 * op_access.c — the access log of personal data (Personal Data Protection
 * Law 91/2025): a read whose entry says .personal (op.h) is answered only
 * after the persons and households its reply holds were recorded.
 *
 *   read job      the entry's statement, as any read
 *   reply built   op_read_done or the entry's .done hook calls op_reply
 *   hold          the ids are collected from the reply message itself (what
 *                 is sent, not the rows: a list's extra row is not in it);
 *                 none: the reply goes at once; else an owned copy is kept
 *                 and ansinh_api.access_record is submitted as a write job
 *                 (its own transaction, in the session's context)
 *   committed     the kept reply is sent
 *   failed        UNAVAILABLE, and nothing of the reply is sent
 *
 * The record's request id is the client's request_id when the read carried
 * one, else one the daemon gives the read (op_access_prepare), which the
 * request's log line shows as req=.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "metrics.h"
#include "op_impl.h"
#include "session.h"

static const char op_access_sql[] =
    "SELECT ansinh_api.access_record(\"operation\" => $1, "
    "\"persons\" => $2, \"households\" => $3)";

static bool op_access_check_path(const ProtobufCMessageDescriptor *desc,
                                 const char *path, const char *entry);
static void op_access_ids(const ProtobufCMessage *m, const char *path,
                          FILE *out, size_t *n);
static void op_access_id(FILE *out, const ProtobufCBinaryData *id, size_t *n);
static char *op_access_array(const ProtobufCMessage *msg, const char *path,
                             size_t *n);
static void op_access_done(struct db_job *job, const PGresult *res,
                           const struct db_error *err, void *arg);

bool
op_access_check(const struct op_live *l)
{
	const struct op_personal *p = &l->e->personal;
	bool ok = true;

	if (p->persons == NULL && p->households == NULL)
		return true;
	if (l->e->kind != OP_READ || l->reply == NULL) {
		fprintf(stderr,
		        "ansinhd: operation table: %s: only a read with a "
		        "reply records personal data access\n",
		        l->body->name);
		return false;
	}
	if (p->persons != NULL)
		ok = op_access_check_path(l->reply, p->persons, l->body->name);
	if (p->households != NULL)
		ok = op_access_check_path(l->reply, p->households,
		                          l->body->name) &&
		     ok;
	return ok;
}

/* A path through messages (repeated or not) to a bytes field. */
static bool
op_access_check_path(const ProtobufCMessageDescriptor *desc, const char *path,
                     const char *entry)
{
	const char *p = path;
	bool last = false;

	while (desc != NULL) {
		const ProtobufCFieldDescriptor *f = op_step(desc, &p, &last);

		if (f == NULL)
			break;
		if (last) {
			if (f->type == PROTOBUF_C_TYPE_BYTES)
				return true;
			break;
		}
		desc =
		    f->type == PROTOBUF_C_TYPE_MESSAGE ? f->descriptor : NULL;
	}
	fprintf(stderr,
	        "ansinhd: operation table: %s: personal data path %s leads "
	        "to no id of the reply\n",
	        entry, path);
	return false;
}

void
op_access_prepare(struct op_call *c)
{
	const struct op_personal *p = &c->op->personal;
	uint8_t id[UUID_SIZE];

	if ((p->persons == NULL && p->households == NULL) ||
	    c->req->has_request_id)
		return;
	if (!uuid7_generate(id))
		return; /* the record then has no request id */
	uuid_format(id, c->req->request_id);
	c->req->has_request_id = true;
}

bool
op_access_hold(struct op_call *c, const ProtobufCMessage *msg)
{
	const struct op_personal *p = &c->op->personal;
	size_t npersons = 0, nhouseholds = 0;
	char *persons = NULL, *households = NULL;

	if ((p->persons == NULL && p->households == NULL) || c->recording)
		return false;
	if (p->persons != NULL)
		persons = op_access_array(msg, p->persons, &npersons);
	if (p->households != NULL)
		households = op_access_array(msg, p->households, &nhouseholds);
	if (npersons + nhouseholds == 0) {
		free(persons);
		free(households);
		return false; /* nobody's data: nothing to record */
	}

	/* The reply's strings point into the read's result, which the pool
	 * frees when op_done returns: keep a copy of its own. */
	size_t len = protobuf_c_message_get_packed_size(msg);
	uint8_t *buf = op_alloc(c, len + 1);
	protobuf_c_message_pack(msg, buf);
	c->held = protobuf_c_message_unpack(msg->descriptor, NULL, len, buf);
	if (c->held == NULL)
		abort();

	struct db_job *job =
	    db_job_new(DB_WRITE, op_access_sql, op_access_done, c);
	db_job_param(job, metrics_type_name(c->op->body));
	db_job_param(job, persons);
	db_job_param(job, households);
	free(persons);
	free(households);
	c->recording = true;
	if (!request_submit(c->req, job)) {
		/* Answered (RESOURCE_EXHAUSTED or UNAVAILABLE): nothing of
		 * the reply was sent. */
		c->recording = false;
		c->req = NULL;
	}
	return true;
}

void
op_access_free(struct op_call *c)
{
	if (c->held != NULL)
		protobuf_c_message_free_unpacked(c->held, NULL);
	c->held = NULL;
}

static void
op_access_done(struct db_job *job, const PGresult *res,
               const struct db_error *err, void *arg)
{
	struct op_call *c = arg;
	(void)job;
	(void)res;

	c->recording = false;
	if (err != NULL) {
		log_error("personal data access not recorded",
		          "type=%s req=%s sqlstate=%s err=%s",
		          metrics_type_name(c->op->body), c->req->request_id,
		          err->sqlstate, log_q(err->message));
		op_fail(c, ANSINH__V1__CODE__UNAVAILABLE,
		        "this read of personal data could not be recorded; "
		        "nothing was sent, retry later");
	} else {
		request_reply(c->req,
		              (Ansinh__V1__Response__BodyCase)c->op->reply,
		              c->held);
		c->req = NULL;
	}
	op_free(c);
}

/* The ids at path in msg as a PostgreSQL array literal ("{…,…}"), and
 * their number in *n; NULL when there are none. */
static char *
op_access_array(const ProtobufCMessage *msg, const char *path, size_t *n)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	if (out == NULL)
		abort();
	fputc('{', out);
	op_access_ids(msg, path, out, n);
	fputc('}', out);
	if (fclose(out) != 0)
		abort();
	if (*n == 0) {
		free(text);
		return NULL;
	}
	return text;
}

static void
op_access_ids(const ProtobufCMessage *m, const char *path, FILE *out, size_t *n)
{
	bool last = false;
	const ProtobufCFieldDescriptor *f =
	    op_step(m->descriptor, &path, &last);

	if (f == NULL)
		return; /* op_access_check proved every path */
	const char *at = (const char *)m + f->offset;
	size_t count =
	    f->label == PROTOBUF_C_LABEL_REPEATED
	        ? *(const size_t *)(const void *)((const char *)m +
	                                          f->quantifier_offset)
	        : 1;

	for (size_t i = 0; i < count; i++) {
		if (last) {
			const ProtobufCBinaryData *id =
			    f->label == PROTOBUF_C_LABEL_REPEATED
			        ? &(*(ProtobufCBinaryData *const *)(const void
			                                                *)at)[i]
			        : (const ProtobufCBinaryData *)(const void *)at;
			op_access_id(out, id, n);
			continue;
		}
		const ProtobufCMessage *sub =
		    f->label == PROTOBUF_C_LABEL_REPEATED
		        ? (*(ProtobufCMessage *const *const *)(const void *)
		               at)[i]
		        : *(ProtobufCMessage *const *)(const void *)at;
		if (sub != NULL)
			op_access_ids(sub, path, out, n);
	}
}

static void
op_access_id(FILE *out, const ProtobufCBinaryData *id, size_t *n)
{
	char text[UUID_STR_SIZE];

	if (id->len != UUID_SIZE)
		return;
	uuid_format(id->data, text);
	fprintf(out, "%s%s", *n > 0 ? "," : "", text);
	(*n)++;
}
