/*
 * h_programme.c — programmes and their sessions: create and list.
 *
 * A programme belongs to a ward, or (created by a district token with
 * district_wide) to the district as a whole. A session is held in its
 * programme's ward, or, for a district-wide programme, in the ward named.
 * Every field is checked against its rule before anything reaches SQL; the
 * writes go through ansinh_api.programme_create and session_create.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dispatch.h"
#include "pgarray.h"
#include "rules.h"
#include "session.h"

#define PROGRAMME_LIST_DEFAULT 1000
#define PROGRAMME_LIST_MAX     10000
#define SESSION_GOODS_MAX      100
#define SESSION_HOUSEHOLDS_MAX 1000
#define SESSION_DONORS_MAX     100

/* One session of a list reply and what its pointers point to. */
struct pg_session_row {
	Ansinh__V1__Distribution s;
	uint8_t id[UUID_SIZE];
	uint8_t programme_id[UUID_SIZE];
	char **items, **quantities, **units, **values, **donor_ids,
	    **donor_names;
	size_t n_items, n_quantities, n_units, n_values, n_donor_ids,
	    n_donor_names;
	Ansinh__V1__GoodsLine *goods;
	Ansinh__V1__GoodsLine **goods_ptrs;
	ProtobufCBinaryData *donors;
	uint8_t (*donor_bytes)[UUID_SIZE];
};

static void pg_validate_session(struct violations *v,
                                const Ansinh__V1__Distribution *s);
static void pg_param_goods(struct db_job *job,
                           const Ansinh__V1__Distribution *s);
static void pg_param_ids(struct db_job *job, ProtobufCBinaryData *ids,
                         size_t n);
static void pg_param_strings(struct db_job *job, char **items, size_t n);
static void pg_programme_list_done(struct db_job *job, const PGresult *res,
                                   const struct db_error *err, void *arg);
static void pg_session_list_done(struct db_job *job, const PGresult *res,
                                 const struct db_error *err, void *arg);
static bool pg_session_fill(struct pg_session_row *r, const PGresult *res,
                            int row);
static void pg_session_row_free(struct pg_session_row *r);

/* ---------------------------------------------------------------- programmes
 */

void
h_programme_create(struct request *req, const Ansinh__V1__ProgrammeCreate *m)
{
	const Ansinh__V1__Programme *p = m->programme;
	struct violations v = {0};
	const char *why = NULL;
	const char *ward = NULL;
	char id[UUID_STR_SIZE];

	if (!request_may_write(req))
		return;
	if (p == NULL) {
		viol_add(&v, "programme", "is required");
		request_invalid(req, &v);
		return;
	}
	if (p->id.len != UUID_SIZE || uuid_is_nil(p->id.data))
		viol_add(&v, "programme.id", "must be a 16-byte UUID");
	viol_check(&v, rule_text(p->name, RULE_NAME_MAX, true, false, &why),
	           "programme.name", why);
	if (p->organization_id.len == 0)
		viol_add(&v, "programme.organization_id", "is required");
	else
		viol_check(&v,
		           rule_id(p->organization_id.data,
		                   p->organization_id.len, &why),
		           "programme.organization_id", why);
	if (p->kind == 0)
		viol_add(&v, "programme.kind", "is required");
	else if (names_programme_kind((int)p->kind) == NULL)
		viol_add(&v, "programme.kind", "is not a known programme kind");
	if (p->schedule[0] != '\0')
		viol_check(&v,
		           rule_text(p->schedule, RULE_SCHEDULE_MAX, false,
		                     false, &why),
		           "programme.schedule", why);
	if (p->district_wide && p->ward_code[0] != '\0')
		viol_add(&v, "programme.ward_code",
		         "must be empty for a district-wide programme");
	if (!p->district_wide && p->ward_code[0] == '\0' &&
	    req->s->role == ANSINH__V1__ROLE__ROLE_DISTRICT)
		viol_add(&v, "programme.ward_code",
		         "is required with a district token, unless the "
		         "programme is district-wide");
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (p->district_wide) {
		if (req->s->role != ANSINH__V1__ROLE__ROLE_DISTRICT) {
			request_fail(req, ANSINH__V1__CODE__PERMISSION_DENIED,
			             "only a district token may create a "
			             "district-wide programme");
			return;
		}
	} else if (!request_ward(req, p->ward_code, true, &ward)) {
		return;
	}
	uuid_format(p->id.data, id);

	struct db_job *job = db_job_new(
	    DB_WRITE,
	    "SELECT code, message, id, ward_code, replayed FROM "
	    "ansinh_api.programme_create($1::uuid, $2::uuid, $3, $4::boolean, "
	    "$5, $6::uuid, $7, $8)",
	    request_write_done, req);
	db_job_param(job, req->request_id);
	db_job_param(job, id);
	db_job_param(job, request_opt(ward));
	db_job_param_bool(job, p->district_wide);
	db_job_param(job, p->name);
	request_param_id(job, p->organization_id);
	db_job_param(job, names_programme_kind((int)p->kind));
	db_job_param(job, request_opt(p->schedule));
	request_submit(req, job);
}

void
h_programme_list(struct request *req, const Ansinh__V1__ProgrammeList *m)
{
	struct violations v = {0};
	const char *ward;
	uint32_t limit = m->limit != 0 ? m->limit : PROGRAMME_LIST_DEFAULT;

	if (m->kind != 0 && names_programme_kind((int)m->kind) == NULL)
		viol_add(&v, "kind", "is not a known programme kind");
	if (limit > PROGRAMME_LIST_MAX)
		viol_add(&v, "limit", "must be at most 10000");
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, m->ward_code, false, &ward))
		return;
	struct db_job *job = db_job_new(
	    DB_READ,
	    "SELECT id, ward_code, name, organization_id, organization_name, "
	    "kind, schedule, created_at, session_count "
	    "FROM ansinh_api.programme_list($1, $2, $3::int)",
	    pg_programme_list_done, req);
	db_job_param(job, request_opt(ward));
	db_job_param(job,
	             m->kind != 0 ? names_programme_kind((int)m->kind) : NULL);
	db_job_param_int(job,
	                 (long long)limit + 1); /* one more: is there more? */
	req->limit = limit;
	request_submit(req, job);
}

static void
pg_programme_list_done(struct db_job *job, const PGresult *res,
                       const struct db_error *err, void *arg)
{
	struct request *req = arg;
	(void)job;

	if (err != NULL) {
		request_db_error(req, err);
		return;
	}
	size_t n = (size_t)PQntuples(res);
	bool more = n > req->limit;
	if (more)
		n = req->limit;
	Ansinh__V1__Programme *rows = calloc(n + 1, sizeof *rows);
	Ansinh__V1__Programme **ptrs = calloc(n + 1, sizeof *ptrs);
	uint8_t(*ids)[2][UUID_SIZE] = calloc(n + 1, sizeof *ids);
	if (rows == NULL || ptrs == NULL || ids == NULL)
		abort();
	for (size_t i = 0; i < n; i++) {
		int r = (int)i;
		Ansinh__V1__Programme *p = &rows[i];

		ansinh__v1__programme__init(p);
		if (request_uuid_bytes(PQgetvalue(res, r, 0), ids[i][0])) {
			p->id.data = ids[i][0];
			p->id.len = UUID_SIZE;
		}
		p->ward_code = PQgetvalue(res, r, 1);
		p->district_wide = PQgetisnull(res, r, 1);
		p->name = PQgetvalue(res, r, 2);
		if (request_uuid_bytes(PQgetvalue(res, r, 3), ids[i][1])) {
			p->organization_id.data = ids[i][1];
			p->organization_id.len = UUID_SIZE;
		}
		p->organization_name = PQgetvalue(res, r, 4);
		int k = names_programme_kind_parse(PQgetvalue(res, r, 5));
		p->kind = k > 0 ? (Ansinh__V1__ProgrammeKind)k : 0;
		p->schedule = PQgetvalue(res, r, 6);
		p->created_at = PQgetvalue(res, r, 7);
		p->distribution_count = atoi(PQgetvalue(res, r, 8));
		ptrs[i] = p;
	}
	Ansinh__V1__ProgrammeListReply reply =
	    ANSINH__V1__PROGRAMME_LIST_REPLY__INIT;
	reply.n_programmes = n;
	reply.programmes = ptrs;
	reply.more = more;
	request_reply(req, ANSINH__V1__RESPONSE__BODY_PROGRAMMES, &reply);
	free(ids);
	free(ptrs);
	free(rows);
}

/* ---------------------------------------------------------------- sessions */

static void
pg_validate_session(struct violations *v, const Ansinh__V1__Distribution *s)
{
	const char *why = NULL;
	char f[96];
	size_t i;

	if (s->id.len != UUID_SIZE || uuid_is_nil(s->id.data))
		viol_add(v, "session.id", "must be a 16-byte UUID");
	if (s->programme_id.len == 0)
		viol_add(v, "session.programme_id", "is required");
	else
		viol_check(
		    v, rule_id(s->programme_id.data, s->programme_id.len, &why),
		    "session.programme_id", why);
	viol_check(v, rule_past_date(s->held_on, &why), "session.held_on", why);
	if (s->residential_group != 0)
		viol_check(v,
		           rule_residential_group(s->residential_group, &why),
		           "session.residential_group", why);
	if (s->beneficiaries != 0)
		viol_check(v, rule_beneficiaries(s->beneficiaries, &why),
		           "session.beneficiaries", why);
	if (s->n_goods > SESSION_GOODS_MAX)
		viol_add(v, "session.goods", "must have at most 100 lines");
	for (i = 0; i < s->n_goods && i < SESSION_GOODS_MAX; i++) {
		const Ansinh__V1__GoodsLine *g = s->goods[i];

		snprintf(f, sizeof f, "session.goods[%zu].item", i);
		viol_check(v,
		           rule_text(g->item, RULE_NAME_MAX, true, false, &why),
		           f, why);
		snprintf(f, sizeof f, "session.goods[%zu].quantity", i);
		viol_check(v, rule_quantity(g->quantity, &why), f, why);
		snprintf(f, sizeof f, "session.goods[%zu].unit", i);
		viol_check(v,
		           rule_text(g->unit, RULE_UNIT_MAX, true, false, &why),
		           f, why);
		snprintf(f, sizeof f, "session.goods[%zu].value_vnd", i);
		viol_check(v, rule_vnd(g->value_vnd, &why), f, why);
	}
	if (s->n_household_ids + s->n_household_codes > SESSION_HOUSEHOLDS_MAX)
		viol_add(v, "session.household_ids",
		         "a session lists at most 1000 households");
	for (i = 0; i < s->n_household_ids; i++) {
		snprintf(f, sizeof f, "session.household_ids[%zu]", i);
		viol_check(v,
		           rule_id(s->household_ids[i].data,
		                   s->household_ids[i].len, &why),
		           f, why);
	}
	for (i = 0; i < s->n_household_codes; i++) {
		snprintf(f, sizeof f, "session.household_codes[%zu]", i);
		viol_check(v, rule_household_code(s->household_codes[i], &why),
		           f, why);
	}
	if (s->n_donor_ids > SESSION_DONORS_MAX)
		viol_add(v, "session.donor_ids",
		         "must have at most 100 donors");
	for (i = 0; i < s->n_donor_ids; i++) {
		snprintf(f, sizeof f, "session.donor_ids[%zu]", i);
		viol_check(
		    v, rule_id(s->donor_ids[i].data, s->donor_ids[i].len, &why),
		    f, why);
	}
	if (s->note[0] != '\0')
		viol_check(v,
		           rule_text(s->note, RULE_NOTE_MAX, false, true, &why),
		           "session.note", why);
}

void
h_distribution_create(struct request *req,
                      const Ansinh__V1__DistributionCreate *m)
{
	const Ansinh__V1__Distribution *s = m->distribution;
	struct violations v = {0};
	const char *ward;
	char id[UUID_STR_SIZE];

	if (!request_may_write(req))
		return;
	if (s == NULL) {
		viol_add(&v, "session", "is required");
		request_invalid(req, &v);
		return;
	}
	pg_validate_session(&v, s);
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	/* A ward token acts in its ward; a district token may leave the ward
	 * to the programme, and must name it for a district-wide one (the
	 * database says so). */
	if (!request_ward(req, s->ward_code, false, &ward))
		return;
	uuid_format(s->id.data, id);

	struct db_job *job = db_job_new(
	    DB_WRITE,
	    "SELECT code, message, id, ward_code, replayed FROM "
	    "ansinh_api.session_create($1::uuid, $2::uuid, $3, $4::uuid, "
	    "$5::date, $6::int, $7::int, $8::text[], $9::numeric[], "
	    "$10::text[], $11::bigint[], $12::uuid[], $13::text[], "
	    "$14::uuid[], $15)",
	    request_write_done, req);
	db_job_param(job, req->request_id);
	db_job_param(job, id);
	db_job_param(job, request_opt(ward));
	request_param_id(job, s->programme_id);
	db_job_param(job, s->held_on);
	request_param_int_or_null(job, s->residential_group);
	request_param_int_or_null(job, s->beneficiaries);
	pg_param_goods(job, s);
	pg_param_ids(job, s->household_ids, s->n_household_ids);
	pg_param_strings(job, s->household_codes, s->n_household_codes);
	pg_param_ids(job, s->donor_ids, s->n_donor_ids);
	db_job_param(job, request_opt(s->note));
	request_submit(req, job);
}

/* The goods lines as four parallel arrays: items, quantities, units,
 * values. */
static void
pg_param_goods(struct db_job *job, const Ansinh__V1__Distribution *s)
{
	struct pgarray items, quantities, units, values;
	char num[32];
	size_t i;

	pgarray_init(&items);
	pgarray_init(&quantities);
	pgarray_init(&units);
	pgarray_init(&values);
	for (i = 0; i < s->n_goods; i++) {
		pgarray_add(&items, s->goods[i]->item);
		pgarray_add(&quantities, s->goods[i]->quantity);
		pgarray_add(&units, s->goods[i]->unit);
		snprintf(num, sizeof num, "%lld",
		         (long long)s->goods[i]->value_vnd);
		pgarray_add(&values, num);
	}
	db_job_param(job, pgarray_finish(&items));
	db_job_param(job, pgarray_finish(&quantities));
	db_job_param(job, pgarray_finish(&units));
	db_job_param(job, pgarray_finish(&values));
	pgarray_free(&items);
	pgarray_free(&quantities);
	pgarray_free(&units);
	pgarray_free(&values);
}

static void
pg_param_ids(struct db_job *job, ProtobufCBinaryData *ids, size_t n)
{
	struct pgarray a;
	char text[UUID_STR_SIZE];
	size_t i;

	pgarray_init(&a);
	for (i = 0; i < n; i++) {
		uuid_format(ids[i].data, text);
		pgarray_add(&a, text);
	}
	db_job_param(job, pgarray_finish(&a));
	pgarray_free(&a);
}

static void
pg_param_strings(struct db_job *job, char **items, size_t n)
{
	struct pgarray a;
	size_t i;

	pgarray_init(&a);
	for (i = 0; i < n; i++)
		pgarray_add(&a, items[i]);
	db_job_param(job, pgarray_finish(&a));
	pgarray_free(&a);
}

void
h_distribution_list(struct request *req, const Ansinh__V1__DistributionList *m)
{
	struct violations v = {0};
	const char *why = NULL;
	const char *ward;
	uint32_t limit = m->limit != 0 ? m->limit : PROGRAMME_LIST_DEFAULT;

	if (m->programme_id.len != 0)
		viol_check(
		    &v,
		    rule_id(m->programme_id.data, m->programme_id.len, &why),
		    "programme_id", why);
	if (m->from_date[0] != '\0')
		viol_check(&v, rule_date(m->from_date, &why), "from_date", why);
	if (m->to_date[0] != '\0')
		viol_check(&v, rule_date(m->to_date, &why), "to_date", why);
	if (v.n == 0 && m->from_date[0] != '\0' && m->to_date[0] != '\0' &&
	    strcmp(m->from_date, m->to_date) > 0)
		viol_add(&v, "to_date", "must not be before from_date");
	if (limit > PROGRAMME_LIST_MAX)
		viol_add(&v, "limit", "must be at most 10000");
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, m->ward_code, false, &ward))
		return;
	struct db_job *job = db_job_new(
	    DB_READ,
	    "SELECT id, ward_code, programme_id, programme_name, held_on, "
	    "residential_group, beneficiaries, household_count, "
	    "goods_value_vnd, goods_items, goods_quantities, goods_units, "
	    "goods_values, donor_ids, donor_names, note, created_at "
	    "FROM ansinh_api.session_list($1, $2::uuid, $3::date, "
	    "$4::date, "
	    "$5::int)",
	    pg_session_list_done, req);
	db_job_param(job, request_opt(ward));
	request_param_id(job, m->programme_id);
	db_job_param(job, request_opt(m->from_date));
	db_job_param(job, request_opt(m->to_date));
	db_job_param_int(job, (long long)limit + 1);
	req->limit = limit;
	request_submit(req, job);
}

static void
pg_session_list_done(struct db_job *job, const PGresult *res,
                     const struct db_error *err, void *arg)
{
	struct request *req = arg;
	(void)job;

	if (err != NULL) {
		request_db_error(req, err);
		return;
	}
	size_t n = (size_t)PQntuples(res), i;
	bool more = n > req->limit, ok = true;
	if (more)
		n = req->limit;
	struct pg_session_row *rows = calloc(n + 1, sizeof *rows);
	Ansinh__V1__Distribution **ptrs = calloc(n + 1, sizeof *ptrs);
	if (rows == NULL || ptrs == NULL)
		abort();
	for (i = 0; i < n && ok; i++) {
		ok = pg_session_fill(&rows[i], res, (int)i);
		ptrs[i] = &rows[i].s;
	}
	if (ok) {
		Ansinh__V1__DistributionListReply reply =
		    ANSINH__V1__DISTRIBUTION_LIST_REPLY__INIT;
		reply.n_distributions = n;
		reply.distributions = ptrs;
		reply.more = more;
		request_reply(req, ANSINH__V1__RESPONSE__BODY_DISTRIBUTIONS,
		              &reply);
	} else {
		request_fail(req, ANSINH__V1__CODE__INTERNAL,
		             "unexpected session row from the database");
	}
	for (i = 0; i < n; i++)
		pg_session_row_free(&rows[i]);
	free(ptrs);
	free(rows);
}

/* One row of ansinh_api.session_list into r; false when its arrays do not
 * parse or do not match. */
static bool
pg_session_fill(struct pg_session_row *r, const PGresult *res, int row)
{
	Ansinh__V1__Distribution *s = &r->s;
	size_t i;

	ansinh__v1__distribution__init(s);
	if (request_uuid_bytes(PQgetvalue(res, row, 0), r->id)) {
		s->id.data = r->id;
		s->id.len = UUID_SIZE;
	}
	s->ward_code = PQgetvalue(res, row, 1);
	if (request_uuid_bytes(PQgetvalue(res, row, 2), r->programme_id)) {
		s->programme_id.data = r->programme_id;
		s->programme_id.len = UUID_SIZE;
	}
	s->programme_name = PQgetvalue(res, row, 3);
	s->held_on = PQgetvalue(res, row, 4);
	s->residential_group = atoi(PQgetvalue(res, row, 5));
	s->beneficiaries = atoi(PQgetvalue(res, row, 6));
	s->household_count = atoi(PQgetvalue(res, row, 7));
	s->goods_value_vnd = strtoll(PQgetvalue(res, row, 8), NULL, 10);
	s->note = PQgetvalue(res, row, 15);
	s->created_at = PQgetvalue(res, row, 16);
	if (!pgarray_parse(PQgetvalue(res, row, 9), &r->items, &r->n_items) ||
	    !pgarray_parse(PQgetvalue(res, row, 10), &r->quantities,
	                   &r->n_quantities) ||
	    !pgarray_parse(PQgetvalue(res, row, 11), &r->units, &r->n_units) ||
	    !pgarray_parse(PQgetvalue(res, row, 12), &r->values,
	                   &r->n_values) ||
	    !pgarray_parse(PQgetvalue(res, row, 13), &r->donor_ids,
	                   &r->n_donor_ids) ||
	    !pgarray_parse(PQgetvalue(res, row, 14), &r->donor_names,
	                   &r->n_donor_names))
		return false;
	if (r->n_quantities != r->n_items || r->n_units != r->n_items ||
	    r->n_values != r->n_items || r->n_donor_names != r->n_donor_ids)
		return false;
	r->goods = calloc(r->n_items + 1, sizeof *r->goods);
	r->goods_ptrs = calloc(r->n_items + 1, sizeof *r->goods_ptrs);
	r->donors = calloc(r->n_donor_ids + 1, sizeof *r->donors);
	r->donor_bytes = calloc(r->n_donor_ids + 1, sizeof *r->donor_bytes);
	if (r->goods == NULL || r->goods_ptrs == NULL || r->donors == NULL ||
	    r->donor_bytes == NULL)
		abort();
	for (i = 0; i < r->n_items; i++) {
		Ansinh__V1__GoodsLine *g = &r->goods[i];

		if (r->items[i] == NULL || r->quantities[i] == NULL ||
		    r->units[i] == NULL || r->values[i] == NULL)
			return false;
		ansinh__v1__goods_line__init(g);
		g->item = r->items[i];
		g->quantity = r->quantities[i];
		g->unit = r->units[i];
		g->value_vnd = strtoll(r->values[i], NULL, 10);
		r->goods_ptrs[i] = g;
	}
	s->n_goods = r->n_items;
	s->goods = r->goods_ptrs;
	for (i = 0; i < r->n_donor_ids; i++) {
		if (r->donor_names[i] == NULL ||
		    !request_uuid_bytes(r->donor_ids[i], r->donor_bytes[i]))
			return false;
		r->donors[i].data = r->donor_bytes[i];
		r->donors[i].len = UUID_SIZE;
	}
	s->n_donor_ids = r->n_donor_ids;
	s->donor_ids = r->donors;
	s->n_donor_names = r->n_donor_names;
	s->donor_names = r->donor_names;
	return true;
}

static void
pg_session_row_free(struct pg_session_row *r)
{
	pgarray_items_free(r->items, r->n_items);
	pgarray_items_free(r->quantities, r->n_quantities);
	pgarray_items_free(r->units, r->n_units);
	pgarray_items_free(r->values, r->n_values);
	pgarray_items_free(r->donor_ids, r->n_donor_ids);
	pgarray_items_free(r->donor_names, r->n_donor_names);
	free(r->goods);
	free(r->goods_ptrs);
	free(r->donors);
	free(r->donor_bytes);
}
