/*
 * h_audit_history.c — the audit history of one record: who recorded it and
 * who changed it, when, field by field (ansinh_api.audit_history, 0064).
 * District and auditor tokens only.
 */
#include "op.h"
#include "rules.h"

static void ah_check(struct op_call *c, const void *body, struct violations *v);

static const struct op_col ah_cols[] = {
    OP_COLS_REST,
    OP_END,
};

static const struct op_arg ah_args[] = {
    OP_ARG("id", "record_id"),
    {"code", "household_code", .unless = "record_id"},
    OP_END,
};

const struct op_entry h_audit_history_ops[] = {
    {
        .body = ANSINH__V1__REQUEST__BODY_AUDIT_HISTORY,
        .kind = OP_READ,
        .roles = OP_ROLE_DISTRICT | OP_ROLE_AUDITOR,
        .denied = "the audit history is read by district and auditor "
                  "tokens only",
        .ward = OP_WARD_OPTIONAL,
        .ward_field = "ward_code",
        .check = ah_check,
        .function = "ansinh_api.audit_history",
        .args = ah_args,
        .limit = OP_LIST_DEFAULT,
        .reply = ANSINH__V1__RESPONSE__BODY_AUDIT_HISTORY,
        .rows = "changes",
        .cols = ah_cols,
    },
    OP_END,
};

static void
ah_check(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__AuditHistory *m = body;
	const char *why = NULL;
	(void)c;

	if (m->record_id.len == 0 && m->household_code[0] == '\0')
		viol_add(v, "record_id", "or household_code is required");
	request_check_id(v, m->record_id, "record_id", false);
	if (m->household_code[0] != '\0')
		viol_check(v,
		           rule_text(m->household_code, RULE_CODE_MAX, true,
		                     false, &why),
		           "household_code", why);
}
