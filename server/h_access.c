/*
 * h_access.c — the access log of personal data, read: who read a person's
 * data, or what an actor read (ansinh_api.access_list; op_access.c writes
 * it). District and auditor tokens only.
 */
#include <string.h>

#include "op.h"
#include "rules.h"

static void ac_check_list(struct op_call *c, const void *body,
                          struct violations *v);

static const struct op_col ac_cols[] = {
    OP_COLS_REST,
    OP_END,
};

static const struct op_arg ac_list_args[] = {
    OP_ARG("citizen_id", "citizen_id"), OP_ARG("member_id", "member_id"),
    OP_ARG("actor_name", "actor"),      OP_ARG("from_date", "from_date"),
    OP_ARG("to_date", "to_date"),       OP_END,
};

const struct op_entry h_access_ops[] = {
    {
        .body = ANSINH__V1__REQUEST__BODY_ACCESS_LIST,
        .kind = OP_READ,
        .roles = OP_ROLE_DISTRICT | OP_ROLE_AUDITOR,
        .denied = "the access log of personal data is read by district "
                  "and auditor tokens only",
        .check = ac_check_list,
        .function = "ansinh_api.access_list",
        .args = ac_list_args,
        .limit = OP_LIST_DEFAULT,
        .reply = ANSINH__V1__RESPONSE__BODY_ACCESSES,
        .rows = "accesses",
        .cols = ac_cols,
    },
    OP_END,
};

static void
ac_check_list(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__AccessList *m = body;
	const char *why = NULL;
	(void)c;

	if (m->citizen_id[0] != '\0')
		viol_check(v, rule_citizen_id(m->citizen_id, &why),
		           "citizen_id", why);
	if (m->member_id.len != 0)
		request_check_id(v, m->member_id, "member_id", false);
	if (m->citizen_id[0] != '\0' && m->member_id.len != 0)
		viol_add(v, "member_id",
		         "give the citizen ID or the member id, "
		         "not both");
	if (m->actor[0] != '\0')
		viol_check(
		    v,
		    rule_text(m->actor, RULE_TOKEN_NAME_MAX, true, false, &why),
		    "actor", why);
	if (m->citizen_id[0] == '\0' && m->member_id.len == 0 &&
	    m->actor[0] == '\0')
		viol_add(v, "citizen_id",
		         "a person (citizen_id or member_id) or an actor is "
		         "required");
	request_check_date(v, m->from_date, "from_date", false);
	request_check_date(v, m->to_date, "to_date", false);
	if (m->from_date[0] != '\0' && m->to_date[0] != '\0' &&
	    strcmp(m->from_date, m->to_date) > 0)
		viol_add(v, "to_date", "must not be before from_date");
}
