/*
 * h_need.c — needs: create, one lifecycle step (verify, approve, reject,
 * withdraw), get with its history, list.
 *
 * Verify, approve and reject belong to the district role: other roles are
 * answered PERMISSION_DENIED here, and ansinh_api.need_transition and the
 * need_guard trigger refuse them again in the database.
 */
#include <string.h>

#include "op.h"
#include "rules.h"

static void nd_check_create(struct op_call *c, const void *body,
                            struct violations *v);
static void nd_check_transition(struct op_call *c, const void *body,
                                struct violations *v);
static void nd_check_get(struct op_call *c, const void *body,
                         struct violations *v);
static void nd_check_list(struct op_call *c, const void *body,
                          struct violations *v);
static void nd_get_done(struct op_call *c, const PGresult *res);

/* The rows of ansinh_api.need_get/need_list (need_row). */
static const struct op_col nd_cols[] = {
    OP_COL_AS("person_id", "member_id"),
    OP_COLS_REST_BUT("note"),
    OP_END,
};

/* ansinh_api.need_history (need_step), one NeedEvent a row. */
static const struct op_col nd_history_cols[] = {
    OP_COLS_REST,
    OP_COL_AS("event_on", "date"),
    OP_END,
};

static const struct op_arg nd_create_args[] = {
    OP_ARG("id", "need.id"),
    OP_ARG("household_id", "need.household_id"),
    {"household_code", "need.household_code", .unless = "need.household_id"},
    OP_ARG("person_id", "need.member_id"),
    OP_ARG("kind", "need.kind"),
    OP_ARG("description", "need.description"),
    OP_ARG("estimated_vnd", "need.estimated_vnd"),
    OP_ARG("surveyed_on", "need.surveyed_on"),
    OP_ARG("dialogue_id", "need.dialogue_id"),
    OP_ARG("note", "need.note"),
    OP_END,
};

static const struct op_arg nd_transition_args[] = {
    OP_ARG("id", "id"),
    OP_ARG("action", "action"),
    OP_ARG("step_on", "date"),
    OP_ARG("note", "note"),
    OP_END,
};

static const struct op_arg nd_get_args[] = {
    OP_ARG("id", "id"),
    OP_END,
};

/* The need's history beside each row of the need. */
static const struct op_arg nd_history_args[] = {
    {"ward", "ward_code", .flags = OP_FROM_ROW},
    {"id", "id", .flags = OP_FROM_ROW},
    OP_END,
};

static const struct op_join nd_history = {
    .kind = OP_JOIN_LATERAL,
    .function = "ansinh_api.need_history",
    .args = nd_history_args,
    .rows = "history",
    .cols = nd_history_cols,
    .ordinality = true,
    .order = "m.ward_code, j.ordinality",
};

static const struct op_arg nd_list_args[] = {
    OP_ARG("household_id", "household_id"),
    {"household_code", "household_code", .unless = "household_id"},
    OP_ARG("status", "status"),
    OP_ARG("kind", "kind"),
    {"year", "year", .flags = OP_ZERO_NULL},
    OP_END,
};

const struct op_entry h_need_ops[] = {
    {
        .body = ANSINH__V1__REQUEST__BODY_NEED_CREATE,
        OP_WRITE_WARDS,
        .ward = OP_WARD_BY_CODE,
        .ward_field = "need.ward_code",
        .ward_unless = "need.household_id",
        .needs = "need",
        .check = nd_check_create,
        .function = "ansinh_api.need_create",
        .args = nd_create_args,
        .reply = ANSINH__V1__RESPONSE__BODY_WRITE,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_NEED_TRANSITION,
        OP_WRITE_WARDS,
        .ward = OP_WARD_OPTIONAL,
        .ward_field = "ward_code",
        .check = nd_check_transition,
        .function = "ansinh_api.need_transition",
        .args = nd_transition_args,
        .reply = ANSINH__V1__RESPONSE__BODY_WRITE,
    },
    {
        /* One round trip: the need's columns repeated on each row of its
         * history. */
        .body = ANSINH__V1__REQUEST__BODY_NEED_GET,
        OP_READ_WARDS,
        .check = nd_check_get,
        .function = "ansinh_api.need_get",
        .args = nd_get_args,
        .join = &nd_history,
        .reply = ANSINH__V1__RESPONSE__BODY_NEED,
        .rows = "need",
        .cols = nd_cols,
        .done = nd_get_done,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_NEED_LIST,
        OP_READ_WARDS,
        .check = nd_check_list,
        .function = "ansinh_api.need_list",
        .args = nd_list_args,
        .limit = OP_LIST_DEFAULT,
        .reply = ANSINH__V1__RESPONSE__BODY_NEEDS,
        .rows = "needs",
        .cols = nd_cols,
    },
    OP_END,
};

/* ---------------------------------------------------------------- checks */

static void
nd_check_create(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__Need *n =
	    ((const Ansinh__V1__NeedCreate *)body)->need;
	const char *why = NULL;
	(void)c;

	request_check_id(v, n->id, "need.id", true);
	request_check_household(v, "need", n->household_id, n->household_code,
	                        true);
	request_check_id(v, n->member_id, "need.member_id", false);
	if (n->kind == 0)
		viol_add(v, "need.kind", "is required");
	else if (names_need_kind((int)n->kind) == NULL)
		viol_add(v, "need.kind", "is not a known kind of need");
	viol_check(
	    v,
	    rule_text(n->description, RULE_DESCRIPTION_MAX, true, false, &why),
	    "need.description", why);
	if (n->opt_estimated_vnd_case)
		viol_check(v, rule_vnd(n->estimated_vnd, &why),
		           "need.estimated_vnd", why);
	request_check_date(v, n->surveyed_on, "need.surveyed_on", true);
	request_check_id(v, n->dialogue_id, "need.dialogue_id", false);
	request_check_text(v, "need.note", n->note, RULE_NOTE_MAX, true);
}

static void
nd_check_transition(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__NeedTransition *m = body;
	const char *action = names_need_action((int)m->action);

	request_check_id(v, m->id, "need.id", true);
	if (action == NULL)
		viol_add(v, "need.action",
		         m->action == 0 ? "is required"
		                        : "must be verify, approve, reject or "
		                          "withdraw");
	request_check_date(v, m->date, "need.date", true);
	request_check_text(v, "need.note", m->note, RULE_NOTE_MAX, true);
	if (m->action != ANSINH__V1__NEED_ACTION__NEED_ACTION_WITHDRAW)
		op_restrict(c, OP_ROLE_DISTRICT,
		            "only the district may %s a need",
		            action != NULL ? action : "change");
}

static void
nd_check_get(struct op_call *c, const void *body, struct violations *v)
{
	(void)c;
	request_check_id(v, ((const Ansinh__V1__NeedGet *)body)->id, "need.id",
	                 true);
}

static void
nd_check_list(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__NeedList *m = body;
	(void)c;

	request_check_household(v, "need", m->household_id, m->household_code,
	                        false);
	if (m->status != 0 && names_need_status((int)m->status) == NULL)
		viol_add(v, "status", "is not a known need status");
	if (m->kind != 0 && names_need_kind((int)m->kind) == NULL)
		viol_add(v, "kind", "is not a known kind of need");
	if (m->year != 0) {
		const char *why = NULL;

		viol_check(v, rule_year(m->year, &why), "year", why);
	}
}

/* ---------------------------------------------------------------- replies */

static void
nd_get_done(struct op_call *c, const PGresult *res)
{
	const char *prefix = op_join_prefix(c);
	char status[160];
	int n = PQntuples(res);

	if (n == 0) {
		op_fail(c, ANSINH__V1__CODE__NOT_FOUND, "no such need");
		return;
	}
	Ansinh__V1__NeedReply *reply =
	    op_new(c, &ansinh__v1__need_reply__descriptor);
	reply->need = op_new(c, &ansinh__v1__need__descriptor);
	reply->history = op_alloc(c, (size_t)n * sizeof *reply->history);
	bool ok = op_fill(c, reply->need, nd_cols, NULL, res, 0);
	snprintf(status, sizeof status, "%sstatus", prefix);
	for (int i = 0; ok && i < n; i++) {
		/* Another ward's need with the same id (a district session
		 * that gave no ward) is not this need's history. */
		if (op_null(c, res, i, status) ||
		    strcmp(op_text(c, res, i, "ward_code"),
		           reply->need->ward_code) != 0)
			continue;
		Ansinh__V1__NeedEvent *ev =
		    op_new(c, &ansinh__v1__need_event__descriptor);
		ok = op_fill(c, ev, nd_history_cols, prefix, res, i);
		reply->history[reply->n_history++] = ev;
	}
	if (!ok) {
		op_fail(c, ANSINH__V1__CODE__INTERNAL,
		        "unexpected reply from the database");
		return;
	}
	op_reply(c, reply);
}
