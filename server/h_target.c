/*
 * h_target.c — yearly targets: set (district only) and list (everyone).
 *
 * A target is one value per year, scope (a ward, or the district as a whole
 * when the ward is empty) and metric. Setting it again replaces the value;
 * the database keeps every value in ansinh.target_history.
 */
#include <stdlib.h>
#include <string.h>

#include "dispatch.h"
#include "rules.h"
#include "session.h"

static void tg_list_done(struct db_job *job, const PGresult *res,
                         const struct db_error *err, void *arg);

void
h_target_set(struct request *req, const Ansinh__V1__TargetSet *m)
{
	const Ansinh__V1__Target *t = m->target;
	struct violations v = {0};
	const char *why = NULL;
	char id[UUID_STR_SIZE];

	if (!request_may_write(req))
		return;
	if (req->s->role != ANSINH__V1__ROLE__ROLE_DISTRICT) {
		request_fail(req, ANSINH__V1__CODE__PERMISSION_DENIED,
		             "only a district token may set targets");
		return;
	}
	if (t == NULL) {
		viol_add(&v, "target", "is required");
		request_invalid(req, &v);
		return;
	}
	if (t->id.len != UUID_SIZE || uuid_is_nil(t->id.data))
		viol_add(&v, "target.id", "must be a 16-byte UUID");
	viol_check(&v, rule_year(t->year, &why), "target.year", why);
	if (t->ward_code[0] != '\0')
		viol_check(&v, rule_ward_code(t->ward_code, &why),
		           "target.ward_code", why);
	if (t->metric == 0)
		viol_add(&v, "target.metric", "is required");
	else if (names_target_metric((int)t->metric) == NULL)
		viol_add(&v, "target.metric", "is not a known target metric");
	viol_check(&v, rule_target_value(t->value, &why), "target.value", why);
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	uuid_format(t->id.data, id);

	struct db_job *job = db_job_new(
	    DB_WRITE,
	    "SELECT code, message, id, ward_code, replayed FROM "
	    "ansinh_api.target_set($1::uuid, $2::uuid, $3::int, $4, $5, "
	    "$6::bigint)",
	    request_write_done, req);
	db_job_param(job, req->request_id);
	db_job_param(job, id);
	db_job_param_int(job, t->year);
	db_job_param(job, t->ward_code[0] != '\0' ? t->ward_code : NULL);
	db_job_param(job, names_target_metric((int)t->metric));
	db_job_param_int(job, (long long)t->value);
	request_submit(req, job);
}

void
h_target_list(struct request *req, const Ansinh__V1__TargetList *m)
{
	struct violations v = {0};
	const char *why = NULL;
	const char *ward = NULL;

	if (m->year != 0)
		viol_check(&v, rule_year(m->year, &why), "year", why);
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	/* Without a ward: every target the session may see (a ward token sees
	 * the district's and its own ward's). With one: that ward's only, and
	 * a ward token may name only its own. */
	if (m->ward_code[0] != '\0' &&
	    !request_ward(req, m->ward_code, false, &ward))
		return;
	struct db_job *job = db_job_new(
	    DB_READ,
	    "SELECT id, year, ward_code, metric, value, set_at, set_by "
	    "FROM ansinh_api.target_list($1::int, $2)",
	    tg_list_done, req);
	if (m->year != 0)
		db_job_param_int(job, m->year);
	else
		db_job_param(job, NULL);
	db_job_param(job, ward);
	request_submit(req, job);
}

static void
tg_list_done(struct db_job *job, const PGresult *res,
             const struct db_error *err, void *arg)
{
	struct request *req = arg;
	(void)job;

	if (err != NULL) {
		request_db_error(req, err);
		return;
	}
	size_t n = (size_t)PQntuples(res);
	Ansinh__V1__Target *rows = calloc(n + 1, sizeof *rows);
	Ansinh__V1__Target **ptrs = calloc(n + 1, sizeof *ptrs);
	uint8_t(*ids)[UUID_SIZE] = calloc(n + 1, sizeof *ids);
	if (rows == NULL || ptrs == NULL || ids == NULL)
		abort();
	for (size_t i = 0; i < n; i++) {
		int r = (int)i;
		Ansinh__V1__Target *t = &rows[i];

		ansinh__v1__target__init(t);
		if (request_uuid_bytes(PQgetvalue(res, r, 0), ids[i])) {
			t->id.data = ids[i];
			t->id.len = UUID_SIZE;
		}
		t->year = atoi(PQgetvalue(res, r, 1));
		t->ward_code = PQgetvalue(res, r, 2);
		int k = names_target_metric_parse(PQgetvalue(res, r, 3));
		t->metric = k > 0 ? (Ansinh__V1__TargetMetric)k : 0;
		t->value = strtoll(PQgetvalue(res, r, 4), NULL, 10);
		t->set_at = PQgetvalue(res, r, 5);
		t->set_by = PQgetvalue(res, r, 6);
		ptrs[i] = t;
	}
	Ansinh__V1__TargetListReply reply = ANSINH__V1__TARGET_LIST_REPLY__INIT;
	reply.n_targets = n;
	reply.targets = ptrs;
	request_reply(req, ANSINH__V1__RESPONSE__BODY_TARGETS, &reply);
	free(ids);
	free(ptrs);
	free(rows);
}
