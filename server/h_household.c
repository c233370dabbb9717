/*
 * h_household.c — households: create, update, get, list, find.
 *
 * Every field is checked against its rule before anything reaches SQL; the
 * writes go through ansinh_api.household_create/update, which keep the
 * request log, the status history and (through triggers) the audit trail in
 * the same transaction.
 */
#include <stdlib.h>
#include <string.h>

#include "dispatch.h"
#include "rules.h"
#include "session.h"

#define HOUSEHOLD_LIST_DEFAULT 1000
#define HOUSEHOLD_LIST_MAX     10000
#define HOUSEHOLD_FIND_DEFAULT 50

/* Columns of ansinh_api.household_get/list/find, in order. */
#define HH_COLUMNS                                                             \
	"id, ward_code, code, head_name, residential_group, address, phone, "  \
	"policy, special_difficulty, status, status_since, created_at, "       \
	"updated_at, member_count"
#define HH_NCOLS 14

struct household_rows {
	size_t n;
	Ansinh__V1__Household *rows;
	Ansinh__V1__Household **ptrs;
	uint8_t (*ids)[UUID_SIZE];
};

static void hh_validate_common(struct violations *v, const char *prefix,
                               const char *head, bool head_required,
                               int64_t group, const char *address,
                               const char *phone, int status,
                               const char *since);
static bool hh_rows(const PGresult *res, int count, struct household_rows *out);
static bool hh_validate_ref(struct violations *v, const char *prefix,
                            ProtobufCBinaryData id, const char *code);
static void hh_rows_free(struct household_rows *r);
static void hh_fill(Ansinh__V1__Household *h, uint8_t id[UUID_SIZE],
                    const PGresult *res, int row);
static void hh_get_done(struct db_job *job, const PGresult *res,
                        const struct db_error *err, void *arg);
static void hh_list_done(struct db_job *job, const PGresult *res,
                         const struct db_error *err, void *arg);

static void
hh_validate_common(struct violations *v, const char *prefix, const char *head,
                   bool head_required, int64_t group, const char *address,
                   const char *phone, int status, const char *since)
{
	char f[96];
	const char *why = NULL;

	if (head != NULL) {
		snprintf(f, sizeof f, "%s.head_name", prefix);
		viol_check(
		    v,
		    rule_text(head, RULE_NAME_MAX, head_required, false, &why),
		    f, why);
	}
	if (group != 0) {
		snprintf(f, sizeof f, "%s.residential_group", prefix);
		viol_check(v, rule_residential_group(group, &why), f, why);
	}
	if (address != NULL && address[0] != '\0') {
		snprintf(f, sizeof f, "%s.address", prefix);
		viol_check(
		    v, rule_text(address, RULE_ADDRESS_MAX, false, false, &why),
		    f, why);
	}
	if (phone != NULL && phone[0] != '\0') {
		snprintf(f, sizeof f, "%s.phone", prefix);
		viol_check(v, rule_phone(phone, &why), f, why);
	}
	if (status != 0 && names_poverty(status) == NULL) {
		snprintf(f, sizeof f, "%s.status", prefix);
		viol_add(v, f, "is not a known poverty status");
	}
	if (since != NULL && since[0] != '\0') {
		snprintf(f, sizeof f, "%s.status_since", prefix);
		viol_check(v, rule_past_date(since, &why), f, why);
	}
}

void
h_household_create(struct request *req, const Ansinh__V1__HouseholdCreate *m)
{
	const Ansinh__V1__Household *h = m->household;
	struct violations v = {0};
	const char *why = NULL;
	const char *ward;
	char id[UUID_STR_SIZE];

	if (!request_may_write(req))
		return;
	if (h == NULL) {
		viol_add(&v, "household", "is required");
		request_invalid(req, &v);
		return;
	}
	if (h->id.len != UUID_SIZE || uuid_is_nil(h->id.data))
		viol_add(&v, "household.id", "must be a 16-byte UUID");
	viol_check(&v, rule_household_code(h->code, &why), "household.code",
	           why);
	hh_validate_common(&v, "household", h->head_name, true,
	                   h->residential_group, h->address, h->phone,
	                   (int)h->status, h->status_since);
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, h->ward_code, true, &ward))
		return;
	uuid_format(h->id.data, id);

	struct db_job *job = db_job_new(
	    DB_WRITE,
	    "SELECT code, message, id, ward_code, replayed FROM "
	    "ansinh_api.household_create($1::uuid, $2::uuid, $3, $4, $5, "
	    "$6::int, $7, $8, $9::boolean, $10::boolean, $11, $12::date)",
	    request_write_done, req);
	db_job_param(job, req->request_id);
	db_job_param(job, id);
	db_job_param(job, ward);
	db_job_param(job, h->code);
	db_job_param(job, h->head_name);
	if (h->residential_group != 0)
		db_job_param_int(job, h->residential_group);
	else
		db_job_param(job, NULL);
	db_job_param(job, request_opt(h->address));
	db_job_param(job, request_opt(h->phone));
	db_job_param_bool(job, h->policy);
	db_job_param_bool(job, h->special_difficulty);
	db_job_param(
	    job, names_poverty(h->status != 0
	                           ? (int)h->status
	                           : ANSINH__V1__POVERTY_STATUS__POVERTY_POOR));
	db_job_param(job, request_opt(h->status_since));
	request_submit(req, job);
}

static bool
hh_validate_ref(struct violations *v, const char *prefix,
                ProtobufCBinaryData id, const char *code)
{
	char f[96];
	const char *why = NULL;

	if (id.len == UUID_SIZE)
		return true;
	if (id.len != 0) {
		snprintf(f, sizeof f, "%s.id", prefix);
		viol_add(v, f, "must be a 16-byte UUID");
		return false;
	}
	snprintf(f, sizeof f, "%s.code", prefix);
	if (code == NULL || code[0] == '\0') {
		viol_add(v, f, "is required when no id is given");
		return false;
	}
	if (!rule_household_code(code, &why)) {
		viol_add(v, f, why);
		return false;
	}
	return true;
}

void
h_household_update(struct request *req, const Ansinh__V1__HouseholdUpdate *m)
{
	struct violations v = {0};
	const char *why = NULL;
	const char *ward;

	if (!request_may_write(req))
		return;
	hh_validate_ref(&v, "household", m->id, m->code);
	hh_validate_common(
	    &v, "household", m->opt_head_name_case ? m->head_name : NULL, true,
	    m->opt_residential_group_case ? m->residential_group : 0,
	    m->opt_address_case ? m->address : NULL,
	    m->opt_phone_case ? m->phone : NULL, (int)m->status,
	    m->status_since);
	if (m->opt_residential_group_case && m->residential_group == 0)
		viol_add(&v, "household.residential_group",
		         "must be between 1 and 999");
	if (m->opt_new_code_case)
		viol_check(&v, rule_household_code(m->new_code, &why),
		           "household.new_code", why);
	if (m->status_since[0] != '\0' && m->status == 0)
		viol_add(&v, "household.status_since",
		         "is only meaningful with a new status");
	if (!m->opt_head_name_case && !m->opt_residential_group_case &&
	    !m->opt_address_case && !m->opt_phone_case && !m->opt_policy_case &&
	    !m->opt_special_difficulty_case && m->status == 0 &&
	    !m->opt_new_code_case)
		viol_add(&v, "household", "nothing to change");
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, m->ward_code, m->id.len == 0, &ward))
		return;

	struct db_job *job = db_job_new(
	    DB_WRITE,
	    "SELECT code, message, id, ward_code, replayed FROM "
	    "ansinh_api.household_update($1::uuid, $2::uuid, $3, $4, $5, "
	    "$6::int, $7, $8, $9::boolean, $10::boolean, $11, $12::date, $13)",
	    request_write_done, req);
	db_job_param(job, req->request_id);
	if (m->id.len == UUID_SIZE) {
		char id[UUID_STR_SIZE];
		uuid_format(m->id.data, id);
		db_job_param(job, id);
		db_job_param(job, request_opt(ward));
		db_job_param(job, NULL);
	} else {
		db_job_param(job, NULL);
		db_job_param(job, ward);
		db_job_param(job, m->code);
	}
	db_job_param(job, m->opt_head_name_case ? m->head_name : NULL);
	if (m->opt_residential_group_case)
		db_job_param_int(job, m->residential_group);
	else
		db_job_param(job, NULL);
	db_job_param(job, m->opt_address_case ? m->address : NULL);
	db_job_param(job, m->opt_phone_case ? m->phone : NULL);
	if (m->opt_policy_case)
		db_job_param_bool(job, m->policy);
	else
		db_job_param(job, NULL);
	if (m->opt_special_difficulty_case)
		db_job_param_bool(job, m->special_difficulty);
	else
		db_job_param(job, NULL);
	db_job_param(job,
	             m->status != 0 ? names_poverty((int)m->status) : NULL);
	db_job_param(job, request_opt(m->status_since));
	db_job_param(job, m->opt_new_code_case ? m->new_code : NULL);
	request_submit(req, job);
}

void
h_household_get(struct request *req, const Ansinh__V1__HouseholdGet *m)
{
	struct violations v = {0};
	const char *ward;

	if (!hh_validate_ref(&v, "household", m->id, m->code)) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, m->ward_code, false, &ward))
		return;
	/* One round trip: the household's columns repeated on each row of
	 * its status history (or once, with NULLs, when it has none). */
	struct db_job *job = db_job_new(
	    DB_READ,
	    "SELECT g.*, h.status, h.since, h.recorded_at, "
	    "h.recorded_by FROM ansinh_api.household_get($1, $2::uuid, $3) g "
	    "LEFT JOIN LATERAL ansinh_api.household_history(g.ward_code, g.id) "
	    "h ON true ORDER BY g.ward_code, g.id, h.recorded_at, h.since",
	    hh_get_done, req);
	db_job_param(job, request_opt(ward));
	request_param_household(job, m->id, m->code);
	request_submit(req, job);
}

static void
hh_get_done(struct db_job *job, const PGresult *res, const struct db_error *err,
            void *arg)
{
	struct request *req = arg;
	(void)job;

	if (err != NULL) {
		request_db_error(req, err);
		return;
	}
	int n = PQntuples(res);
	if (n == 0) {
		request_fail(req, ANSINH__V1__CODE__NOT_FOUND,
		             "no such household");
		return;
	}
	if (strcmp(PQgetvalue(res, 0, 0), PQgetvalue(res, n - 1, 0)) != 0) {
		request_fail(req, ANSINH__V1__CODE__FAILED_PRECONDITION,
		             "household code %s exists in more than one ward; "
		             "give the ward",
		             PQgetvalue(res, 0, 2));
		return;
	}
	Ansinh__V1__Household h;
	uint8_t id[UUID_SIZE];
	hh_fill(&h, id, res, 0);

	Ansinh__V1__StatusChange *hist = calloc((size_t)n, sizeof *hist);
	Ansinh__V1__StatusChange **ph = calloc((size_t)n, sizeof *ph);
	if (hist == NULL || ph == NULL)
		abort();
	size_t nh = 0;
	for (int i = 0; i < n; i++) {
		if (PQgetisnull(res, i, HH_NCOLS))
			continue;
		ansinh__v1__status_change__init(&hist[nh]);
		int st = names_poverty_parse(PQgetvalue(res, i, HH_NCOLS));
		hist[nh].status = st > 0 ? (Ansinh__V1__PovertyStatus)st : 0;
		hist[nh].since = PQgetvalue(res, i, HH_NCOLS + 1);
		hist[nh].recorded_at = PQgetvalue(res, i, HH_NCOLS + 2);
		hist[nh].recorded_by = PQgetvalue(res, i, HH_NCOLS + 3);
		ph[nh] = &hist[nh];
		nh++;
	}
	Ansinh__V1__HouseholdReply reply = ANSINH__V1__HOUSEHOLD_REPLY__INIT;
	reply.household = &h;
	reply.n_history = nh;
	reply.history = ph;
	request_reply(req, ANSINH__V1__RESPONSE__BODY_HOUSEHOLD, &reply);
	free(ph);
	free(hist);
}

void
h_household_list(struct request *req, const Ansinh__V1__HouseholdList *m)
{
	struct violations v = {0};
	const char *why = NULL;
	const char *ward;
	uint32_t limit = m->limit != 0 ? m->limit : HOUSEHOLD_LIST_DEFAULT;

	if (m->residential_group != 0)
		viol_check(&v,
		           rule_residential_group(m->residential_group, &why),
		           "residential_group", why);
	if (m->status != 0 && names_poverty((int)m->status) == NULL)
		viol_add(&v, "status", "is not a known poverty status");
	if (limit > HOUSEHOLD_LIST_MAX)
		viol_add(&v, "limit", "must be at most 10000");
	if (m->expect_exit_year != 0)
		viol_check(&v, rule_year(m->expect_exit_year, &why),
		           "expect_exit_year", why);
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, m->ward_code, false, &ward))
		return;
	/* On the expected-exit list of a year: the same rows, one more
	 * filter (0009). */
	struct db_job *job = db_job_new(
	    DB_READ,
	    m->expect_exit_year == 0
	        ? "SELECT " HH_COLUMNS " FROM ansinh_api.household_list($1, "
	          "$2::int, $3, $4::int, $5::int)"
	        : "SELECT " HH_COLUMNS
	          " FROM ansinh_api.household_list_expected("
	          "$1, $2::int, $3, $6::int, $4::int, $5::int)",
	    hh_list_done, req);
	db_job_param(job, request_opt(ward));
	if (m->residential_group != 0)
		db_job_param_int(job, m->residential_group);
	else
		db_job_param(job, NULL);
	db_job_param(job,
	             m->status != 0 ? names_poverty((int)m->status) : NULL);
	db_job_param_int(job,
	                 (long long)limit + 1); /* one more: is there more? */
	db_job_param_int(job, m->offset);
	if (m->expect_exit_year != 0)
		db_job_param_int(job, m->expect_exit_year);
	/* Remember the limit to cut the extra row. */
	req->limit = limit;
	request_submit(req, job);
}

void
h_household_find(struct request *req, const Ansinh__V1__HouseholdFind *m)
{
	struct violations v = {0};
	const char *why = NULL;
	const char *ward;
	uint32_t limit = m->limit != 0 ? m->limit : HOUSEHOLD_FIND_DEFAULT;

	viol_check(&v, rule_text(m->text, RULE_NAME_MAX, true, false, &why),
	           "text", why);
	if (limit > HOUSEHOLD_LIST_MAX)
		viol_add(&v, "limit", "must be at most 10000");
	if (v.n > 0) {
		request_invalid(req, &v);
		return;
	}
	if (!request_ward(req, m->ward_code, false, &ward))
		return;
	struct db_job *job = db_job_new(
	    DB_READ,
	    "SELECT " HH_COLUMNS " FROM ansinh_api.household_find($1, $2, "
	    "$3::int)",
	    hh_list_done, req);
	db_job_param(job, m->text);
	db_job_param(job, request_opt(ward));
	db_job_param_int(job, (long long)limit + 1);
	req->limit = limit;
	request_submit(req, job);
}

static void
hh_list_done(struct db_job *job, const PGresult *res,
             const struct db_error *err, void *arg)
{
	struct request *req = arg;
	struct household_rows rows;
	(void)job;

	if (err != NULL) {
		request_db_error(req, err);
		return;
	}
	int n = PQntuples(res);
	bool more = req->limit != 0 && (uint32_t)n > req->limit;
	if (more)
		n = (int)req->limit;
	if (!hh_rows(res, n, &rows))
		abort();
	Ansinh__V1__HouseholdListReply reply =
	    ANSINH__V1__HOUSEHOLD_LIST_REPLY__INIT;
	reply.n_households = rows.n;
	reply.households = rows.ptrs;
	reply.more = more;
	request_reply(req, ANSINH__V1__RESPONSE__BODY_HOUSEHOLDS, &reply);
	hh_rows_free(&rows);
}

/* ----------------------------------------------------------- row helpers */

static void
hh_fill(Ansinh__V1__Household *h, uint8_t id[UUID_SIZE], const PGresult *res,
        int row)
{
	ansinh__v1__household__init(h);
	if (request_uuid_bytes(PQgetvalue(res, row, 0), id)) {
		h->id.data = id;
		h->id.len = UUID_SIZE;
	}
	h->ward_code = PQgetvalue(res, row, 1);
	h->code = PQgetvalue(res, row, 2);
	h->head_name = PQgetvalue(res, row, 3);
	h->residential_group = atoi(PQgetvalue(res, row, 4));
	h->address = PQgetvalue(res, row, 5);
	h->phone = PQgetvalue(res, row, 6);
	h->policy = request_bool(res, row, 7);
	h->special_difficulty = request_bool(res, row, 8);
	int st = names_poverty_parse(PQgetvalue(res, row, 9));
	h->status = st > 0 ? (Ansinh__V1__PovertyStatus)st : 0;
	h->status_since = PQgetvalue(res, row, 10);
	h->created_at = PQgetvalue(res, row, 11);
	h->updated_at = PQgetvalue(res, row, 12);
	h->member_count = atoi(PQgetvalue(res, row, 13));
}

static bool
hh_rows(const PGresult *res, int count, struct household_rows *out)
{
	size_t n = count > 0 ? (size_t)count : 0;
	out->n = n;
	out->rows = calloc(n + 1, sizeof *out->rows);
	out->ptrs = calloc(n + 1, sizeof *out->ptrs);
	out->ids = calloc(n + 1, sizeof *out->ids);
	if (out->rows == NULL || out->ptrs == NULL || out->ids == NULL) {
		hh_rows_free(out);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		hh_fill(&out->rows[i], out->ids[i], res, (int)i);
		out->ptrs[i] = &out->rows[i];
	}
	return true;
}

static void
hh_rows_free(struct household_rows *r)
{
	free(r->rows);
	free(r->ptrs);
	free(r->ids);
}
