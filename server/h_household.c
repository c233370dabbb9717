/*
 * h_household.c — households: create, update, get (with the status
 * history), list, find; and the expected-exit list of a year.
 *
 * Every field is checked against its rule before anything reaches SQL; the
 * writes go through ansinh_api.household_create/update, which keep the
 * request log, the status history and (through triggers) the audit trail in
 * the same transaction.
 */
#include <string.h>

#include "op.h"
#include "rules.h"

/* Rows in one HouseholdImport request at most. */
#define HH_IMPORT_MAX 2000

static void hh_check_common(struct violations *v, const char *prefix,
                            const char *head, bool head_required, int64_t group,
                            const char *address, const char *phone, int status,
                            const char *since);
static bool hh_check_ref(struct violations *v, const char *prefix,
                         ProtobufCBinaryData id, const char *code);
static void hh_check_create(struct op_call *c, const void *body,
                            struct violations *v);
static void hh_check_update(struct op_call *c, const void *body,
                            struct violations *v);
static void hh_check_get(struct op_call *c, const void *body,
                         struct violations *v);
static void hh_check_list(struct op_call *c, const void *body,
                          struct violations *v);
static void hh_check_find(struct op_call *c, const void *body,
                          struct violations *v);
static void hh_check_expected_exit(struct op_call *c, const void *body,
                                   struct violations *v);
static void hh_get_done(struct op_call *c, const PGresult *res);
static void hh_check_import(struct op_call *c, const void *body,
                            struct violations *v);
static void hh_import_done(struct op_call *c, const PGresult *res);

/* The rows of ansinh_api.household_get/list/find (household_row). */
static const struct op_col hh_cols[] = {
    OP_COLS_REST,
    OP_END,
};

/* ansinh_api.household_history, one StatusChange a row. */
static const struct op_col hh_history_cols[] = {
    OP_COLS_REST,
    OP_END,
};

static const struct request_constraint hh_constraints[] = {
    {"household_code_key", "household.code"},
    {NULL, NULL},
};

static const struct op_arg hh_create_args[] = {
    OP_ARG("id", "household.id"),
    OP_ARG("code", "household.code"),
    OP_ARG("head_name", "household.head_name"),
    {"residential_group", "household.residential_group", .flags = OP_ZERO_NULL},
    OP_ARG("address", "household.address"),
    OP_ARG("phone", "household.phone"),
    OP_ARG("policy", "household.policy"),
    OP_ARG("special_difficulty", "household.special_difficulty"),
    {"status", "household.status", .dflt = "poor"},
    OP_ARG("status_since", "household.status_since"),
    OP_END,
};

/* Present opt_ fields only; '' clears the address or the phone. */
static const struct op_arg hh_update_args[] = {
    OP_ARG("id", "id"),
    {"code", "code", .unless = "id"},
    OP_ARG("head_name", "head_name"),
    OP_ARG("residential_group", "residential_group"),
    OP_ARG("address", "address"),
    OP_ARG("phone", "phone"),
    OP_ARG("policy", "policy"),
    OP_ARG("special_difficulty", "special_difficulty"),
    OP_ARG("status", "status"),
    OP_ARG("status_since", "status_since"),
    OP_ARG("new_code", "new_code"),
    OP_END,
};

static const struct op_arg hh_get_args[] = {
    OP_ARG("id", "id"),
    {"code", "code", .unless = "id"},
    OP_END,
};

/* The status history beside each row of the household. */
static const struct op_arg hh_history_args[] = {
    {"ward", "ward_code", .flags = OP_FROM_ROW},
    {"id", "id", .flags = OP_FROM_ROW},
    OP_END,
};

static const struct op_join hh_history = {
    .kind = OP_JOIN_LATERAL,
    .function = "ansinh_api.household_history",
    .args = hh_history_args,
    .rows = "history",
    .cols = hh_history_cols,
    .order = "m.ward_code, m.id, j.recorded_at, j.since",
};

static const struct op_arg hh_list_args[] = {
    {"group", "residential_group", .flags = OP_ZERO_NULL},
    OP_ARG("status", "status"),
    OP_END,
};

/* On the expected-exit list of a year: the same rows, one more filter. */
static const struct op_arg hh_list_expected_args[] = {
    {"group", "residential_group", .flags = OP_ZERO_NULL},
    OP_ARG("status", "status"),
    OP_ARG("year", "expect_exit_year"),
    OP_END,
};

static const struct op_arg hh_find_args[] = {
    OP_ARG("text", "text"),
    OP_END,
};

/* The first id is the entry's; note absent: unchanged. */
static const struct op_arg hh_expected_exit_args[] = {
    OP_ARG("id", "id"),
    OP_ARG("household_id", "household_id"),
    {"household_code", "household_code", .unless = "household_id"},
    OP_ARG("year", "year"),
    OP_ARG("note", "note"),
    OP_ARG("withdrawn", "withdrawn"),
    OP_END,
};

/* A chunk of `ansinh import households`: each field of every row, as one
 * array (op.h). Not given is '' (0 for the group): the SQL says NULL. */
static const struct op_arg hh_import_args[] = {
    OP_ARG("request_ids", "rows.request_id"),
    OP_ARG("lines", "rows.line"),
    OP_ARG("ids", "rows.id"),
    OP_ARG("wards", "rows.ward_code"),
    OP_ARG("codes", "rows.code"),
    OP_ARG("head_names", "rows.head_name"),
    OP_ARG("residential_groups", "rows.residential_group"),
    OP_ARG("addresses", "rows.address"),
    OP_ARG("phones", "rows.phone"),
    OP_ARG("policies", "rows.policy"),
    OP_ARG("special_difficulties", "rows.special_difficulty"),
    {"statuses", "rows.status", .dflt = "poor"},
    OP_ARG("status_sinces", "rows.status_since"),
    OP_END,
};

/* Each row's outcome, in order (parallel arrays into the reply's rows). */
static const struct op_col hh_import_cols[] = {
    OP_COL_AS("row_lines", "rows.line"),
    OP_COL_AS("row_codes", "rows.code"),
    OP_COL_AS("row_messages", "rows.message"),
    OP_COL_AS("row_replayed", "rows.replayed"),
    OP_END,
};

const struct op_entry h_household_ops[] = {
    {
        .body = ANSINH__V1__REQUEST__BODY_HOUSEHOLD_CREATE,
        OP_WRITE_WARDS,
        .ward = OP_WARD_REQUIRED,
        .ward_field = "household.ward_code",
        .needs = "household",
        .check = hh_check_create,
        .function = "ansinh_api.household_create",
        .args = hh_create_args,
        /* A batch's creates in one call (0107). */
        .set_function = "ansinh_api.household_create_many",
        .constraints = hh_constraints,
        .reply = ANSINH__V1__RESPONSE__BODY_WRITE,
    },
    {
        /* Many creates set-wise; each row's ward is checked in SQL
         * (ansinh.write_refusal), as the per-row path's. */
        .body = ANSINH__V1__REQUEST__BODY_HOUSEHOLD_IMPORT,
        OP_WRITE_WARDS,
        .check = hh_check_import,
        .function = "ansinh_api.household_import",
        .args = hh_import_args,
        .constraints = hh_constraints,
        .reply = ANSINH__V1__RESPONSE__BODY_HOUSEHOLD_IMPORT,
        .cols = hh_import_cols,
        .done = hh_import_done,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_HOUSEHOLD_UPDATE,
        OP_WRITE_WARDS,
        .ward = OP_WARD_BY_CODE,
        .ward_field = "ward_code",
        .ward_unless = "id",
        .check = hh_check_update,
        .function = "ansinh_api.household_update",
        .args = hh_update_args,
        .constraints = hh_constraints,
        .reply = ANSINH__V1__RESPONSE__BODY_WRITE,
    },
    {
        /* One round trip: the household's columns repeated on each row
         * of its status history (or once, with NULLs, when it has
         * none). */
        .body = ANSINH__V1__REQUEST__BODY_HOUSEHOLD_GET,
        OP_READ_WARDS,
        .check = hh_check_get,
        .function = "ansinh_api.household_get",
        .args = hh_get_args,
        .join = &hh_history,
        .reply = ANSINH__V1__RESPONSE__BODY_HOUSEHOLD,
        .rows = "household",
        .cols = hh_cols,
        .done = hh_get_done,
        .personal = {.households = "household.id"},
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_HOUSEHOLD_LIST,
        OP_READ_WARDS,
        .check = hh_check_list,
        .function = "ansinh_api.household_list",
        .args = hh_list_args,
        .alt_when = "expect_exit_year",
        .alt_function = "ansinh_api.household_list_expected",
        .alt_args = hh_list_expected_args,
        .limit = OP_LIST_DEFAULT,
        .reply = ANSINH__V1__RESPONSE__BODY_HOUSEHOLDS,
        .rows = "households",
        .cols = hh_cols,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_HOUSEHOLD_FIND,
        OP_READ_WARDS,
        .check = hh_check_find,
        .function = "ansinh_api.household_find",
        .args = hh_find_args,
        .limit = 50,
        .reply = ANSINH__V1__RESPONSE__BODY_HOUSEHOLDS,
        .rows = "households",
        .cols = hh_cols,
        .personal = {.households = "households.id"},
    },
    {
        /* On the list of those expected to escape poverty in a year, or
         * off it. */
        .body = ANSINH__V1__REQUEST__BODY_EXPECTED_EXIT_SET,
        OP_WRITE_WARDS,
        .ward = OP_WARD_BY_CODE,
        .ward_field = "ward_code",
        .ward_unless = "household_id",
        .check = hh_check_expected_exit,
        .function = "ansinh_api.expected_exit_set",
        .args = hh_expected_exit_args,
        .reply = ANSINH__V1__RESPONSE__BODY_WRITE,
    },
    OP_END,
};

/* ---------------------------------------------------------------- checks */

static void
hh_check_common(struct violations *v, const char *prefix, const char *head,
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

/* A household named by id, or without one by code. */
static bool
hh_check_ref(struct violations *v, const char *prefix, ProtobufCBinaryData id,
             const char *code)
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

static void
hh_check_create(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__Household *h =
	    ((const Ansinh__V1__HouseholdCreate *)body)->household;
	const char *why = NULL;
	(void)c;

	if (h->id.len != UUID_SIZE || uuid_is_nil(h->id.data))
		viol_add(v, "household.id", "must be a 16-byte UUID");
	viol_check(v, rule_household_code(h->code, &why), "household.code",
	           why);
	hh_check_common(v, "household", h->head_name, true,
	                h->residential_group, h->address, h->phone,
	                (int)h->status, h->status_since);
}

/*
 * Every row by the rules of a create (prefix "rows[i]"). A row that breaks
 * one refuses the chunk: the client checks the same rules first, and sends
 * the rows of a refused chunk one by one.
 */
static void
hh_check_import(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__HouseholdImport *m = body;
	char f[96], p[48];
	const char *why = NULL;
	(void)c;

	if (m->n_rows == 0) {
		viol_add(v, "rows", "at least one row is required");
		return;
	}
	if (m->n_rows > HH_IMPORT_MAX) {
		snprintf(f, sizeof f,
		         "holds %zu rows: at most %d in one request; send "
		         "the file in chunks",
		         m->n_rows, HH_IMPORT_MAX);
		viol_add(v, "rows", f);
		return;
	}
	for (size_t i = 0; i < m->n_rows; i++) {
		const Ansinh__V1__HouseholdImportRow *r = m->rows[i];

		snprintf(p, sizeof p, "rows[%zu]", i);
		if (r->request_id.len != UUID_SIZE ||
		    uuid_is_nil(r->request_id.data)) {
			snprintf(f, sizeof f, "%s.request_id", p);
			viol_add(v, f, "must be a 16-byte UUID");
		}
		if (r->id.len != UUID_SIZE || uuid_is_nil(r->id.data)) {
			snprintf(f, sizeof f, "%s.id", p);
			viol_add(v, f, "must be a 16-byte UUID");
		}
		if (r->ward_code[0] != '\0') {
			snprintf(f, sizeof f, "%s.ward_code", p);
			viol_check(v, rule_ward_code(r->ward_code, &why), f,
			           why);
		}
		snprintf(f, sizeof f, "%s.code", p);
		viol_check(v, rule_household_code(r->code, &why), f, why);
		hh_check_common(v, p, r->head_name, true, r->residential_group,
		                r->address, r->phone, (int)r->status,
		                r->status_since);
	}
}

/* The rows' outcomes. */
static void
hh_import_done(struct op_call *c, const PGresult *res)
{
	Ansinh__V1__HouseholdImportReply *reply =
	    op_new(c, &ansinh__v1__household_import_reply__descriptor);

	if (!op_fill(c, reply, hh_import_cols, NULL, res, 0)) {
		op_fail(c, ANSINH__V1__CODE__INTERNAL,
		        "unexpected reply from the database");
		return;
	}
	unsigned long long replayed = 0;
	for (size_t i = 0; i < reply->n_rows; i++)
		replayed += reply->rows[i]->replayed ? 1 : 0;
	op_count_replayed(c, replayed);
	op_reply(c, reply);
}

static void
hh_check_update(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__HouseholdUpdate *m = body;
	const char *why = NULL;
	(void)c;

	hh_check_ref(v, "household", m->id, m->code);
	hh_check_common(
	    v, "household", m->opt_head_name_case ? m->head_name : NULL, true,
	    m->opt_residential_group_case ? m->residential_group : 0,
	    m->opt_address_case ? m->address : NULL,
	    m->opt_phone_case ? m->phone : NULL, (int)m->status,
	    m->status_since);
	if (m->opt_residential_group_case && m->residential_group == 0)
		viol_add(v, "household.residential_group",
		         "must be between 1 and 999");
	if (m->opt_new_code_case)
		viol_check(v, rule_household_code(m->new_code, &why),
		           "household.new_code", why);
	if (m->status_since[0] != '\0' && m->status == 0)
		viol_add(v, "household.status_since",
		         "is only meaningful with a new status");
	if (!m->opt_head_name_case && !m->opt_residential_group_case &&
	    !m->opt_address_case && !m->opt_phone_case && !m->opt_policy_case &&
	    !m->opt_special_difficulty_case && m->status == 0 &&
	    !m->opt_new_code_case)
		viol_add(v, "household", "nothing to change");
}

static void
hh_check_get(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__HouseholdGet *m = body;
	(void)c;

	hh_check_ref(v, "household", m->id, m->code);
}

static void
hh_check_list(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__HouseholdList *m = body;
	const char *why = NULL;
	(void)c;

	if (m->residential_group != 0)
		viol_check(v,
		           rule_residential_group(m->residential_group, &why),
		           "residential_group", why);
	if (m->status != 0 && names_poverty((int)m->status) == NULL)
		viol_add(v, "status", "is not a known poverty status");
	if (m->expect_exit_year != 0)
		viol_check(v, rule_year(m->expect_exit_year, &why),
		           "expect_exit_year", why);
}

static void
hh_check_find(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__HouseholdFind *m = body;
	const char *why = NULL;
	(void)c;

	viol_check(v, rule_text(m->text, RULE_NAME_MAX, true, false, &why),
	           "text", why);
}

static void
hh_check_expected_exit(struct op_call *c, const void *body,
                       struct violations *v)
{
	const Ansinh__V1__ExpectedExitSet *m = body;
	const char *why = NULL;
	(void)c;

	request_check_id(v, m->id, "expected_exit.id", true);
	request_check_household(v, "expected_exit", m->household_id,
	                        m->household_code, true);
	viol_check(v, rule_year(m->year, &why), "expected_exit.year", why);
	if (m->opt_note_case)
		request_check_text(v, "expected_exit.note", m->note,
		                   RULE_NOTE_MAX, true);
}

/* ---------------------------------------------------------------- replies */

static void
hh_get_done(struct op_call *c, const PGresult *res)
{
	const char *prefix = op_join_prefix(c);
	char status[160];
	int n = PQntuples(res);

	if (n == 0) {
		op_fail(c, ANSINH__V1__CODE__NOT_FOUND, "no such household");
		return;
	}
	/* By code without a ward, a district token may find several. */
	if (strcmp(op_text(c, res, 0, "id"), op_text(c, res, n - 1, "id")) !=
	    0) {
		op_fail(c, ANSINH__V1__CODE__FAILED_PRECONDITION,
		        "household code %s exists in more than one ward; give "
		        "the ward",
		        op_text(c, res, 0, "code"));
		return;
	}
	Ansinh__V1__HouseholdReply *reply =
	    op_new(c, &ansinh__v1__household_reply__descriptor);
	reply->household = op_new(c, &ansinh__v1__household__descriptor);
	reply->history = op_alloc(c, (size_t)n * sizeof *reply->history);
	bool ok = op_fill(c, reply->household, hh_cols, NULL, res, 0);
	snprintf(status, sizeof status, "%sstatus", prefix);
	for (int i = 0; ok && i < n; i++) {
		if (op_null(c, res, i, status))
			continue;
		Ansinh__V1__StatusChange *h =
		    op_new(c, &ansinh__v1__status_change__descriptor);
		ok = op_fill(c, h, hh_history_cols, prefix, res, i);
		reply->history[reply->n_history++] = h;
	}
	if (!ok) {
		op_fail(c, ANSINH__V1__CODE__INTERNAL,
		        "unexpected reply from the database");
		return;
	}
	op_reply(c, reply);
}
