/*
 * h_casefile.c — a household's case file: its circumstances and living
 * conditions, its plan of solutions (items with kind and status), its dated
 * notes; and reading it all back with the household's expected-exit entries.
 */
#include <string.h>

#include "op.h"
#include "rules.h"

static bool cf_fill_withdrawn(struct op_call *c, void *msg, const char *text);
static void cf_check_set(struct op_call *c, const void *body,
                         struct violations *v);
static void cf_check_plan_create(struct op_call *c, const void *body,
                                 struct violations *v);
static void cf_check_plan_update(struct op_call *c, const void *body,
                                 struct violations *v);
static void cf_check_note(struct op_call *c, const void *body,
                          struct violations *v);
static void cf_check_get(struct op_call *c, const void *body,
                         struct violations *v);
static void cf_get_done(struct op_call *c, const PGresult *res);

/* ansinh_api.casefile_get: tagged rows. The first, part "household": the
 * household (text1 circumstances, text2 living conditions). */
static const struct op_col cf_household_cols[] = {
    {"part", .flags = OP_COL_READ},
    OP_COL("id"),
    OP_COL("ward_code"),
    OP_COL("code"),
    OP_COL("head_name"),
    OP_COL("status"),
    {"text1", .flags = OP_COL_READ},
    {"text2", .flags = OP_COL_READ},
    {"updated_at", .flags = OP_COL_READ},
    OP_END,
};

/* Part "expected": year, status listed|withdrawn, text1 the note. */
static const struct op_col cf_expected_cols[] = {
    OP_COL("id"),
    OP_COL("year"),
    {"status", "withdrawn", .fill = cf_fill_withdrawn},
    OP_COL_AS("text1", "note"),
    OP_END,
};

/* Part "plan": kind, status, on_date the due date, text1 the description. */
static const struct op_col cf_plan_cols[] = {
    OP_COLS_REST_BUT("ward_code household_id household_code"),
    OP_COL_AS("on_date", "due_on"),
    OP_COL_AS("text1", "description"),
    OP_END,
};

/* Part "note": on_date, text1 the body, recorded_by. */
static const struct op_col cf_note_cols[] = {
    OP_COL("id"),
    OP_COL_AS("on_date", "noted_on"),
    OP_COL_AS("text1", "text"),
    OP_COL("recorded_by"),
    OP_COL("created_at"),
    OP_END,
};

static const struct op_map cf_maps[] = {
    {"expected_exits", cf_expected_cols},
    {"plan", cf_plan_cols},
    {"notes", cf_note_cols},
    {NULL, NULL},
};

/* NULL unchanged, '' clears. */
static const struct op_arg cf_set_args[] = {
    OP_ARG("id", "id"),
    OP_ARG("household_id", "household_id"),
    {"household_code", "household_code", .unless = "household_id"},
    OP_ARG("circumstances", "circumstances"),
    OP_ARG("living_conditions", "living_conditions"),
    OP_END,
};

static const struct op_arg cf_plan_create_args[] = {
    OP_ARG("id", "item.id"),
    OP_ARG("household_id", "item.household_id"),
    {"household_code", "item.household_code", .unless = "item.household_id"},
    OP_ARG("kind", "item.kind"),
    OP_ARG("description", "item.description"),
    OP_ARG("status", "item.status"),
    OP_ARG("due_on", "item.due_on"),
    OP_END,
};

/* NULL unchanged; due_on '' clears. */
static const struct op_arg cf_plan_update_args[] = {
    OP_ARG("id", "id"),
    OP_ARG("kind", "kind"),
    OP_ARG("description", "description"),
    OP_ARG("status", "status"),
    OP_ARG("due_on", "due_on"),
    OP_END,
};

static const struct op_arg cf_note_args[] = {
    OP_ARG("id", "note.id"),
    OP_ARG("household_id", "note.household_id"),
    {"household_code", "note.household_code", .unless = "note.household_id"},
    OP_ARG("noted_on", "note.noted_on"),
    OP_ARG("body", "note.text"),
    OP_END,
};

static const struct op_arg cf_get_args[] = {
    OP_ARG("household_id", "household_id"),
    {"household_code", "household_code", .unless = "household_id"},
    OP_END,
};

const struct op_entry h_casefile_ops[] = {
    {
        .body = ANSINH__V1__REQUEST__BODY_CASEFILE_SET,
        OP_WRITE_WARDS,
        .ward = OP_WARD_BY_CODE,
        .ward_field = "ward_code",
        .ward_unless = "household_id",
        .check = cf_check_set,
        .function = "ansinh_api.casefile_set",
        .args = cf_set_args,
        .reply = ANSINH__V1__RESPONSE__BODY_WRITE,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_PLAN_ITEM_CREATE,
        OP_WRITE_WARDS,
        .ward = OP_WARD_BY_CODE,
        .ward_field = "item.ward_code",
        .ward_unless = "item.household_id",
        .needs = "item",
        .needs_as = "plan_item",
        .check = cf_check_plan_create,
        .function = "ansinh_api.plan_item_create",
        .args = cf_plan_create_args,
        .reply = ANSINH__V1__RESPONSE__BODY_WRITE,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_PLAN_ITEM_UPDATE,
        OP_WRITE_WARDS,
        .ward = OP_WARD_OPTIONAL,
        .ward_field = "ward_code",
        .check = cf_check_plan_update,
        .function = "ansinh_api.plan_item_update",
        .args = cf_plan_update_args,
        .reply = ANSINH__V1__RESPONSE__BODY_WRITE,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_CASEFILE_NOTE_CREATE,
        OP_WRITE_WARDS,
        .ward = OP_WARD_BY_CODE,
        .ward_field = "note.ward_code",
        .ward_unless = "note.household_id",
        .needs = "note",
        .check = cf_check_note,
        .function = "ansinh_api.casefile_note_create",
        .args = cf_note_args,
        .reply = ANSINH__V1__RESPONSE__BODY_WRITE,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_CASEFILE_GET,
        .kind = OP_READ,
        .roles = OP_ROLES_ALL,
        .ward = OP_WARD_BY_CODE,
        .ward_field = "ward_code",
        .ward_unless = "household_id",
        .check = cf_check_get,
        .function = "ansinh_api.casefile_get",
        .args = cf_get_args,
        .reply = ANSINH__V1__RESPONSE__BODY_CASEFILE,
        .rows = "household",
        .cols = cf_household_cols,
        .also = cf_maps,
        .done = cf_get_done,
    },
    OP_END,
};

static bool
cf_fill_withdrawn(struct op_call *c, void *msg, const char *text)
{
	(void)c;
	((Ansinh__V1__ExpectedExit *)msg)->withdrawn =
	    strcmp(text, "withdrawn") == 0;
	return true;
}

/* ---------------------------------------------------------------- checks */

static void
cf_check_set(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__CasefileSet *m = body;
	(void)c;

	request_check_id(v, m->id, "casefile.id", true);
	request_check_household(v, "casefile", m->household_id,
	                        m->household_code, true);
	if (m->opt_circumstances_case)
		request_check_text(v, "casefile.circumstances",
		                   m->circumstances, RULE_NOTE_MAX, true);
	if (m->opt_living_conditions_case)
		request_check_text(v, "casefile.living_conditions",
		                   m->living_conditions, RULE_NOTE_MAX, true);
	if (!m->opt_circumstances_case && !m->opt_living_conditions_case)
		viol_add(v, "casefile", "nothing to change");
}

static void
cf_check_plan_create(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__PlanItem *p =
	    ((const Ansinh__V1__PlanItemCreate *)body)->item;
	const char *why = NULL;
	(void)c;

	request_check_id(v, p->id, "plan_item.id", true);
	request_check_household(v, "plan_item", p->household_id,
	                        p->household_code, true);
	if (names_plan_kind((int)p->kind) == NULL)
		viol_add(v, "plan_item.kind",
		         "is required: livelihood, "
		         "housing, employment, training, health, education, "
		         "loan, assistance or other");
	viol_check(
	    v, rule_text(p->description, RULE_PLAN_ITEM_MAX, true, false, &why),
	    "plan_item.description", why);
	if (p->status != 0 && names_plan_status((int)p->status) == NULL)
		viol_add(v, "plan_item.status", "is not a known plan status");
	if (p->due_on[0] != '\0')
		viol_check(v, rule_date(p->due_on, &why), "plan_item.due_on",
		           why);
}

static void
cf_check_plan_update(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__PlanItemUpdate *m = body;
	const char *why = NULL;
	(void)c;

	request_check_id(v, m->id, "plan_item.id", true);
	if (m->kind != 0 && names_plan_kind((int)m->kind) == NULL)
		viol_add(v, "plan_item.kind", "is not a known kind");
	if (m->opt_description_case)
		viol_check(v,
		           rule_text(m->description, RULE_PLAN_ITEM_MAX, true,
		                     false, &why),
		           "plan_item.description", why);
	if (m->status != 0 && names_plan_status((int)m->status) == NULL)
		viol_add(v, "plan_item.status", "is not a known plan status");
	if (m->opt_due_on_case && m->due_on[0] != '\0')
		viol_check(v, rule_date(m->due_on, &why), "plan_item.due_on",
		           why);
	if (m->kind == 0 && !m->opt_description_case && m->status == 0 &&
	    !m->opt_due_on_case)
		viol_add(v, "plan_item", "nothing to change");
}

static void
cf_check_note(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__CasefileNote *n =
	    ((const Ansinh__V1__CasefileNoteCreate *)body)->note;
	const char *why = NULL;
	(void)c;

	request_check_id(v, n->id, "note.id", true);
	request_check_household(v, "note", n->household_id, n->household_code,
	                        true);
	if (n->noted_on[0] != '\0')
		viol_check(v, rule_past_date(n->noted_on, &why),
		           "note.noted_on", why);
	viol_check(v, rule_text(n->text, RULE_NOTE_MAX, true, true, &why),
	           "note.text", why);
}

static void
cf_check_get(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__CasefileGet *m = body;
	(void)c;

	request_check_household(v, "", m->household_id, m->household_code,
	                        true);
}

/* ---------------------------------------------------------------- replies */

static void
cf_get_done(struct op_call *c, const PGresult *res)
{
	int n = PQntuples(res);
	bool ok;

	if (n == 0 || strcmp(op_text(c, res, 0, "part"), "household") != 0) {
		op_fail(c, ANSINH__V1__CODE__NOT_FOUND, "no such household");
		return;
	}
	Ansinh__V1__CasefileReply *reply =
	    op_new(c, &ansinh__v1__casefile_reply__descriptor);
	Ansinh__V1__Household *h =
	    op_new(c, &ansinh__v1__household__descriptor);
	ok = op_fill(c, h, cf_household_cols, NULL, res, 0);
	reply->household = h;
	reply->circumstances = (char *)op_text(c, res, 0, "text1");
	reply->living_conditions = (char *)op_text(c, res, 0, "text2");
	reply->updated_at = (char *)op_text(c, res, 0, "updated_at");
	reply->expected_exits =
	    op_alloc(c, (size_t)n * sizeof *reply->expected_exits);
	reply->plan = op_alloc(c, (size_t)n * sizeof *reply->plan);
	reply->notes = op_alloc(c, (size_t)n * sizeof *reply->notes);
	for (int i = 1; ok && i < n; i++) {
		const char *part = op_text(c, res, i, "part");

		if (strcmp(part, "expected") == 0) {
			Ansinh__V1__ExpectedExit *e =
			    op_new(c, &ansinh__v1__expected_exit__descriptor);
			ok = op_fill(c, e, cf_expected_cols, NULL, res, i);
			reply->expected_exits[reply->n_expected_exits++] = e;
		} else if (strcmp(part, "plan") == 0) {
			Ansinh__V1__PlanItem *p =
			    op_new(c, &ansinh__v1__plan_item__descriptor);
			ok = op_fill(c, p, cf_plan_cols, NULL, res, i);
			p->ward_code = h->ward_code;
			p->household_id = h->id;
			p->household_code = h->code;
			reply->plan[reply->n_plan++] = p;
		} else if (strcmp(part, "note") == 0) {
			Ansinh__V1__CasefileNote *t =
			    op_new(c, &ansinh__v1__casefile_note__descriptor);
			ok = op_fill(c, t, cf_note_cols, NULL, res, i);
			t->ward_code = h->ward_code;
			t->household_id = h->id;
			t->household_code = h->code;
			reply->notes[reply->n_notes++] = t;
		}
	}
	if (!ok) {
		op_fail(c, ANSINH__V1__CODE__INTERNAL,
		        "unexpected reply from the database");
		return;
	}
	op_reply(c, reply);
}
