/*
 * h_grievance.c — grievances (khiếu nại, phản ánh): create, update (one
 * step of received -> in-progress -> answered -> closed, or withdrawn; or a
 * new officer), get, list.
 *
 * The field rules are checked here; which step may follow which, and the
 * order of the dates, are ansinh_api.grievance_update's (FAILED_PRECONDITION
 * or INVALID_ARGUMENT naming the field).
 */
#include <string.h>

#include "op.h"
#include "rules.h"

static bool gv_word(const ProtobufCEnumDescriptor *d, int v);
static void gv_check_create(struct op_call *c, const void *body,
                            struct violations *v);
static void gv_check_update(struct op_call *c, const void *body,
                            struct violations *v);
static void gv_check_get(struct op_call *c, const void *body,
                         struct violations *v);
static void gv_check_list(struct op_call *c, const void *body,
                          struct violations *v);

/* Most characters of a grievance's subject. */
#define GV_SUBJECT_MAX RULE_DESCRIPTION_MAX

/* The rows of ansinh_api.grievance_get/grievance_list (grievance_row). */
static const struct op_col gv_cols[] = {
    OP_COLS_REST,
    OP_END,
};

static const struct op_arg gv_create_args[] = {
    OP_ARG("id", "grievance.id"),
    OP_ARG("household_id", "grievance.household_id"),
    {"household_code", "grievance.household_code",
     .unless = "grievance.household_id"},
    OP_ARG("support_id", "grievance.support_id"),
    OP_ARG("assessment_id", "grievance.assessment_id"),
    OP_ARG("channel", "grievance.channel"),
    OP_ARG("kind", "grievance.kind"),
    OP_ARG("subject", "grievance.subject"),
    OP_ARG("received_on", "grievance.received_on"),
    OP_ARG("officer", "grievance.officer"),
    OP_END,
};

static const struct op_arg gv_update_args[] = {
    OP_ARG("id", "id"),         OP_ARG("status", "status"),
    OP_ARG("step_on", "date"),  OP_ARG("officer", "officer"),
    OP_ARG("answer", "answer"), OP_END,
};

static const struct op_arg gv_get_args[] = {
    OP_ARG("id", "id"),
    OP_END,
};

static const struct op_arg gv_list_args[] = {
    OP_ARG("status", "status"),
    OP_ARG("kind", "kind"),
    OP_ARG("from_date", "from_date"),
    OP_ARG("to_date", "to_date"),
    OP_END,
};

const struct op_entry h_grievance_ops[] = {
    {
        /* A district token names the ward unless the household is
         * named by its id. */
        .body = ANSINH__V1__REQUEST__BODY_GRIEVANCE_CREATE,
        OP_WRITE_WARDS,
        .ward = OP_WARD_BY_CODE,
        .ward_field = "grievance.ward_code",
        .ward_unless = "grievance.household_id",
        .needs = "grievance",
        .check = gv_check_create,
        .function = "ansinh_api.grievance_create",
        .args = gv_create_args,
        .reply = ANSINH__V1__RESPONSE__BODY_WRITE,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_GRIEVANCE_UPDATE,
        OP_WRITE_WARDS,
        .ward = OP_WARD_OPTIONAL,
        .ward_field = "ward_code",
        .check = gv_check_update,
        .function = "ansinh_api.grievance_update",
        .args = gv_update_args,
        .reply = ANSINH__V1__RESPONSE__BODY_WRITE,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_GRIEVANCE_GET,
        OP_READ_WARDS,
        .check = gv_check_get,
        .function = "ansinh_api.grievance_get",
        .args = gv_get_args,
        .reply = ANSINH__V1__RESPONSE__BODY_GRIEVANCE,
        .rows = "grievance",
        .cols = gv_cols,
        .not_found = "no such grievance",
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_GRIEVANCE_LIST,
        OP_READ_WARDS,
        .check = gv_check_list,
        .function = "ansinh_api.grievance_list",
        .args = gv_list_args,
        .limit = OP_LIST_DEFAULT,
        .reply = ANSINH__V1__RESPONSE__BODY_GRIEVANCES,
        .rows = "grievances",
        .cols = gv_cols,
    },
    OP_END,
};

/* ---------------------------------------------------------------- checks */

/* Whether v is a value of the enum with a word (not UNSPECIFIED). */
static bool
gv_word(const ProtobufCEnumDescriptor *d, int v)
{
	return names_word(names_for_enum(d), v) != NULL;
}

static void
gv_check_create(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__Grievance *g =
	    ((const Ansinh__V1__GrievanceCreate *)body)->grievance;
	const char *why = NULL;
	(void)c;

	request_check_id(v, g->id, "grievance.id", true);
	request_check_household(v, "grievance", g->household_id,
	                        g->household_code, false);
	request_check_id(v, g->support_id, "grievance.support_id", false);
	request_check_id(v, g->assessment_id, "grievance.assessment_id", false);
	if (g->channel == 0)
		viol_add(v, "grievance.channel", "is required");
	else if (!gv_word(&ansinh__v1__grievance_channel__descriptor,
	                  (int)g->channel))
		viol_add(v, "grievance.channel", "is not a known channel");
	if (g->kind == 0)
		viol_add(v, "grievance.kind", "is required");
	else if (!gv_word(&ansinh__v1__grievance_kind__descriptor,
	                  (int)g->kind))
		viol_add(v, "grievance.kind", "is not a known kind");
	viol_check(v, rule_text(g->subject, GV_SUBJECT_MAX, true, true, &why),
	           "grievance.subject", why);
	request_check_date(v, g->received_on, "grievance.received_on", true);
	request_check_text(v, "grievance.officer", g->officer, RULE_NAME_MAX,
	                   false);
	if (g->status != 0)
		viol_add(v, "grievance.status",
		         "is set by the daemon: a new grievance is received");
	if (g->answer[0] != '\0' || g->answered_on[0] != '\0' ||
	    g->started_on[0] != '\0' || g->closed_on[0] != '\0')
		viol_add(v, "grievance.answer",
		         "a new grievance has no answer or steps yet: use "
		         "grievance update");
}

static void
gv_check_update(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__GrievanceUpdate *m = body;
	(void)c;

	request_check_id(v, m->id, "grievance.id", true);
	if (m->status != 0 &&
	    !gv_word(&ansinh__v1__grievance_status__descriptor, (int)m->status))
		viol_add(v, "grievance.status", "is not a known status");
	if (m->status ==
	    ANSINH__V1__GRIEVANCE_STATUS__GRIEVANCE_STATUS_RECEIVED)
		viol_add(v, "grievance.status",
		         "a grievance is received when it is added: use "
		         "in-progress, answered, closed or withdrawn");
	if (m->status == 0 && m->opt_officer_case == 0)
		viol_add(v, "grievance.status",
		         "is required unless the officer changes");
	if (m->status == 0 && m->date[0] != '\0')
		viol_add(v, "grievance.date", "is given only with a status");
	request_check_date(v, m->date, "grievance.date", true);
	if (m->opt_officer_case != 0)
		request_check_text(v, "grievance.officer", m->officer,
		                   RULE_NAME_MAX, false);
	if (m->status ==
	        ANSINH__V1__GRIEVANCE_STATUS__GRIEVANCE_STATUS_ANSWERED &&
	    m->answer[0] == '\0')
		viol_add(v, "grievance.answer",
		         "is required to answer a grievance");
	else if (m->status !=
	             ANSINH__V1__GRIEVANCE_STATUS__GRIEVANCE_STATUS_ANSWERED &&
	         m->answer[0] != '\0')
		viol_add(v, "grievance.answer",
		         "is given only with status answered");
	request_check_text(v, "grievance.answer", m->answer, RULE_NOTE_MAX,
	                   true);
}

static void
gv_check_get(struct op_call *c, const void *body, struct violations *v)
{
	(void)c;
	request_check_id(v, ((const Ansinh__V1__GrievanceGet *)body)->id,
	                 "grievance.id", true);
}

static void
gv_check_list(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__GrievanceList *m = body;
	(void)c;

	if (m->status != 0 &&
	    !gv_word(&ansinh__v1__grievance_status__descriptor, (int)m->status))
		viol_add(v, "status", "is not a known status");
	if (m->kind != 0 &&
	    !gv_word(&ansinh__v1__grievance_kind__descriptor, (int)m->kind))
		viol_add(v, "kind", "is not a known kind");
	request_check_date(v, m->from_date, "from_date", false);
	request_check_date(v, m->to_date, "to_date", false);
	if (m->from_date[0] != '\0' && m->to_date[0] != '\0' &&
	    strcmp(m->from_date, m->to_date) > 0)
		viol_add(v, "to_date", "is before from_date");
}
