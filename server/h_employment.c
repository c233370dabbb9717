/*
 * h_employment.c — employment: job weeks (create, list) and employment
 * events (create, list).
 *
 * An event is for a member (person_id; it belongs to the member's ward) or
 * for a named person who is not a member (name, optional citizen ID; it
 * belongs to the ward recording it), and may point to a job week of its own
 * ward.
 */
#include <string.h>

#include "op.h"
#include "rules.h"

static void em_check_week(struct op_call *c, const void *body,
                          struct violations *v);
static void em_check_week_list(struct op_call *c, const void *body,
                               struct violations *v);
static void em_check_event(struct op_call *c, const void *body,
                           struct violations *v);
static void em_check_event_list(struct op_call *c, const void *body,
                                struct violations *v);

static const struct op_col em_week_cols[] = {
    OP_COLS_REST,
    OP_END,
};

/* ansinh_api.job_event_list: the person's name, a member's or not. */
static const struct op_col em_event_cols[] = {
    OP_COLS_REST,
    OP_COL_AS("full_name", "person_name"),
    OP_END,
};

static const struct op_arg em_week_args[] = {
    OP_ARG("id", "week.id"),
    OP_ARG("title", "week.title"),
    OP_ARG("starts_on", "week.starts_on"),
    OP_ARG("ends_on", "week.ends_on"),
    OP_ARG("note", "week.note"),
    OP_END,
};

static const struct op_arg em_week_list_args[] = {
    {"year", "year", .flags = OP_ZERO_NULL},
    OP_END,
};

static const struct op_arg em_event_args[] = {
    OP_ARG("id", "event.id"),
    OP_ARG("kind", "event.kind"),
    OP_ARG("person_id", "event.person_id"),
    OP_ARG("person_name", "event.person_name"),
    OP_ARG("citizen_id", "event.citizen_id"),
    OP_ARG("employer", "event.employer"),
    OP_ARG("trade", "event.trade"),
    OP_ARG("occurred_on", "event.occurred_on"),
    OP_ARG("job_week_id", "event.job_week_id"),
    OP_ARG("note", "event.note"),
    OP_END,
};

static const struct op_arg em_event_list_args[] = {
    OP_ARG("kind", "kind"),
    OP_ARG("from_date", "from_date"),
    OP_ARG("to_date", "to_date"),
    OP_ARG("job_week_id", "job_week_id"),
    OP_END,
};

const struct op_entry h_employment_ops[] = {
    {
        .body = ANSINH__V1__REQUEST__BODY_JOB_WEEK_CREATE,
        OP_WRITE_WARDS,
        .ward = OP_WARD_REQUIRED,
        .ward_field = "week.ward_code",
        .needs = "week",
        .needs_as = "job_week",
        .check = em_check_week,
        .function = "ansinh_api.job_week_create",
        .args = em_week_args,
        .reply = ANSINH__V1__RESPONSE__BODY_WRITE,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_JOB_WEEK_LIST,
        OP_READ_WARDS,
        .check = em_check_week_list,
        .function = "ansinh_api.job_week_list",
        .args = em_week_list_args,
        .limit = OP_LIST_DEFAULT,
        .reply = ANSINH__V1__RESPONSE__BODY_JOB_WEEKS,
        .rows = "weeks",
        .cols = em_week_cols,
    },
    {
        /* A member's event goes to the member's ward; a named person's to
         * the ward named (a ward token's own). */
        .body = ANSINH__V1__REQUEST__BODY_JOB_EVENT_CREATE,
        OP_WRITE_WARDS,
        .ward = OP_WARD_BY_CODE,
        .ward_field = "event.ward_code",
        .ward_unless = "event.person_id",
        .needs = "event",
        .needs_as = "job_event",
        .check = em_check_event,
        .function = "ansinh_api.job_event_create",
        .args = em_event_args,
        .reply = ANSINH__V1__RESPONSE__BODY_WRITE,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_JOB_EVENT_LIST,
        OP_READ_WARDS,
        .check = em_check_event_list,
        .function = "ansinh_api.job_event_list",
        .args = em_event_list_args,
        .limit = OP_LIST_DEFAULT,
        .reply = ANSINH__V1__RESPONSE__BODY_JOB_EVENTS,
        .rows = "events",
        .cols = em_event_cols,
        .personal = {.persons = "events.person_id"},
    },
    OP_END,
};

/* ---------------------------------------------------------------- job weeks */

static void
em_check_week(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__JobWeek *w =
	    ((const Ansinh__V1__JobWeekCreate *)body)->week;
	const char *why = NULL;
	(void)c;

	if (w->id.len != UUID_SIZE || uuid_is_nil(w->id.data))
		viol_add(v, "job_week.id", "must be a 16-byte UUID");
	viol_check(v, rule_text(w->title, RULE_NAME_MAX, true, false, &why),
	           "job_week.title", why);
	viol_check(v, rule_date(w->starts_on, &why), "job_week.starts_on", why);
	viol_check(v, rule_date(w->ends_on, &why), "job_week.ends_on", why);
	if (v->n == 0 && strcmp(w->ends_on, w->starts_on) < 0)
		viol_add(v, "job_week.ends_on", "must not be before starts_on");
	request_check_text(v, "job_week.note", w->note, RULE_NOTE_MAX, true);
}

static void
em_check_week_list(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__JobWeekList *m = body;
	const char *why = NULL;
	(void)c;

	if (m->year != 0)
		viol_check(v, rule_year(m->year, &why), "year", why);
}

/* ---------------------------------------------------------------- events */

static void
em_check_event(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__JobEvent *e =
	    ((const Ansinh__V1__JobEventCreate *)body)->event;
	const char *why = NULL;
	(void)c;

	if (e->id.len != UUID_SIZE || uuid_is_nil(e->id.data))
		viol_add(v, "job_event.id", "must be a 16-byte UUID");
	if (e->kind == 0)
		viol_add(v, "job_event.kind", "is required");
	else if (names_employment_kind((int)e->kind) == NULL)
		viol_add(v, "job_event.kind", "is not a known employment kind");
	if (e->person_id.len != 0) {
		viol_check(v,
		           rule_id(e->person_id.data, e->person_id.len, &why),
		           "job_event.person_id", why);
		if (e->person_name[0] != '\0')
			viol_add(v, "job_event.person_name",
			         "must be empty when person_id names a member");
		if (e->citizen_id[0] != '\0')
			viol_add(
			    v, "job_event.citizen_id",
			    "must be empty for a member (it is recorded on "
			    "the member)");
	} else {
		if (e->person_name[0] == '\0')
			viol_add(v, "job_event.person_name",
			         "is required when no person_id is given");
		else
			viol_check(v,
			           rule_text(e->person_name, RULE_NAME_MAX,
			                     true, false, &why),
			           "job_event.person_name", why);
		if (e->citizen_id[0] != '\0')
			viol_check(v, rule_citizen_id(e->citizen_id, &why),
			           "job_event.citizen_id", why);
	}
	if (e->employer[0] != '\0')
		viol_check(
		    v,
		    rule_text(e->employer, RULE_NAME_MAX, false, false, &why),
		    "job_event.employer", why);
	if (e->trade[0] != '\0')
		viol_check(
		    v, rule_text(e->trade, RULE_NAME_MAX, false, false, &why),
		    "job_event.trade", why);
	viol_check(v, rule_past_date(e->occurred_on, &why),
	           "job_event.occurred_on", why);
	if (e->job_week_id.len != 0)
		viol_check(
		    v, rule_id(e->job_week_id.data, e->job_week_id.len, &why),
		    "job_event.job_week_id", why);
	request_check_text(v, "job_event.note", e->note, RULE_NOTE_MAX, true);
}

static void
em_check_event_list(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__JobEventList *m = body;
	const char *why = NULL;
	(void)c;

	if (m->kind != 0 && names_employment_kind((int)m->kind) == NULL)
		viol_add(v, "kind", "is not a known employment kind");
	if (m->from_date[0] != '\0')
		viol_check(v, rule_date(m->from_date, &why), "from_date", why);
	if (m->to_date[0] != '\0')
		viol_check(v, rule_date(m->to_date, &why), "to_date", why);
	if (v->n == 0 && m->from_date[0] != '\0' && m->to_date[0] != '\0' &&
	    strcmp(m->from_date, m->to_date) > 0)
		viol_add(v, "to_date", "must not be before from_date");
	if (m->job_week_id.len != 0)
		viol_check(
		    v, rule_id(m->job_week_id.data, m->job_week_id.len, &why),
		    "job_week_id", why);
}
