/*
 * h_ward.c — Ping and the ward list.
 */
#include <stdlib.h>

#include "dispatch.h"

static void h_ward_list_done(struct db_job *job, const PGresult *res,
                             const struct db_error *err, void *arg);

void
h_ping(struct request *req, const Ansinh__V1__Ping *m)
{
	Ansinh__V1__Pong pong = ANSINH__V1__PONG__INIT;
	pong.payload = m->payload;
	request_reply(req, ANSINH__V1__RESPONSE__BODY_PONG, &pong);
}

void
h_ward_list(struct request *req, const Ansinh__V1__WardList *m)
{
	(void)m;
	request_submit(req, db_job_new(DB_READ,
	                               "SELECT code, name FROM ansinh.ward "
	                               "ORDER BY code",
	                               h_ward_list_done, req));
}

static void
h_ward_list_done(struct db_job *job, const PGresult *res,
                 const struct db_error *err, void *arg)
{
	struct request *req = arg;
	(void)job;

	if (err != NULL) {
		request_db_error(req, err);
		return;
	}
	int n = PQntuples(res);
	Ansinh__V1__Ward *wards = calloc((size_t)n + 1, sizeof *wards);
	Ansinh__V1__Ward **pw = calloc((size_t)n + 1, sizeof *pw);
	if (wards == NULL || pw == NULL)
		abort();
	for (int i = 0; i < n; i++) {
		ansinh__v1__ward__init(&wards[i]);
		wards[i].code = PQgetvalue(res, i, 0);
		wards[i].name = PQgetvalue(res, i, 1);
		pw[i] = &wards[i];
	}
	Ansinh__V1__WardListReply reply = ANSINH__V1__WARD_LIST_REPLY__INIT;
	reply.n_wards = (size_t)n;
	reply.wards = pw;
	request_reply(req, ANSINH__V1__RESPONSE__BODY_WARDS, &reply);
	free(pw);
	free(wards);
}
