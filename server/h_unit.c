/*
 * h_unit.c — administrative units (sql/migrations/0020, 0023): add one,
 * record a merge (district tokens only; audited in audit_event, scope
 * reference), list them by day or with history, show one.
 *
 * Units are district-wide reference data; ansinh_api.unit_create and
 * unit_merge refuse anything but a district session a second time.
 */
#include <string.h>

#include "op.h"
#include "rules.h"

static void unit_check_create(struct op_call *c, const void *body,
                              struct violations *v);
static void unit_check_merge(struct op_call *c, const void *body,
                             struct violations *v);
static void unit_check_list(struct op_call *c, const void *body,
                            struct violations *v);
static void unit_check_get(struct op_call *c, const void *body,
                           struct violations *v);
static void unit_check_level(const char *level, bool required,
                             const char *field, struct violations *v);

static const struct op_col unit_cols[] = {
    OP_COLS_REST_BUT("records links"),
    OP_END,
};

static const struct op_col unit_get_cols[] = {
    OP_COLS_REST,
    OP_END,
};

static const struct op_arg unit_create_args[] = {
    OP_ARG("code", "unit.code"),
    OP_ARG("name", "unit.name"),
    OP_ARG("level", "unit.level"),
    OP_ARG("parent_code", "unit.parent_code"),
    OP_ARG("official_code", "unit.official_code"),
    OP_ARG("valid_from", "unit.valid_from"),
    OP_ARG("valid_to", "unit.valid_to"),
    OP_ARG("ward_code", "unit.ward_code"),
    OP_END,
};

static const struct op_arg unit_merge_args[] = {
    OP_ARG("code", "code"),
    OP_ARG("kind", "kind"),
    OP_ARG("other_code", "other_code"),
    OP_ARG("on_date", "on_date"),
    OP_ARG("basis", "basis"),
    OP_END,
};

static const struct op_arg unit_list_args[] = {
    OP_ARG("as_of", "as_of"),
    OP_ARG("history", "history"),
    OP_ARG("level", "level"),
    OP_END,
};

static const struct op_arg unit_get_args[] = {
    OP_ARG("code", "code"),
    OP_END,
};

const struct op_entry h_unit_ops[] = {
    {
        .body = ANSINH__V1__REQUEST__BODY_UNIT_CREATE,
        .kind = OP_WRITE,
        .roles = OP_ROLE_DISTRICT,
        .denied = "only a district token may add administrative units",
        .needs = "unit",
        .check = unit_check_create,
        .function = "ansinh_api.unit_create",
        .args = unit_create_args,
        .reply = ANSINH__V1__RESPONSE__BODY_WRITE,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_UNIT_MERGE,
        .kind = OP_WRITE,
        .roles = OP_ROLE_DISTRICT,
        .denied = "only a district token may record a merge of units",
        .check = unit_check_merge,
        .function = "ansinh_api.unit_merge",
        .args = unit_merge_args,
        .reply = ANSINH__V1__RESPONSE__BODY_WRITE,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_UNIT_LIST,
        .kind = OP_READ,
        .roles = OP_ROLES_ALL,
        .check = unit_check_list,
        .function = "ansinh_api.unit_list",
        .args = unit_list_args,
        .reply = ANSINH__V1__RESPONSE__BODY_UNITS,
        .rows = "units",
        .cols = unit_cols,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_UNIT_GET,
        .kind = OP_READ,
        .roles = OP_ROLES_ALL,
        .check = unit_check_get,
        .function = "ansinh_api.unit_get",
        .args = unit_get_args,
        .reply = ANSINH__V1__RESPONSE__BODY_UNITS,
        .rows = "units",
        .cols = unit_get_cols,
    },
    OP_END,
};

static void
unit_check_level(const char *level, bool required, const char *field,
                 struct violations *v)
{
	static const char *const levels[] = {"city", "province", "district",
	                                     "ward", "commune"};
	size_t i;

	if (level[0] == '\0') {
		if (required)
			viol_add(v, field,
			         "is required: city, province, district, ward "
			         "or commune");
		return;
	}
	for (i = 0; i < sizeof levels / sizeof levels[0]; i++)
		if (strcmp(level, levels[i]) == 0)
			return;
	viol_add(v, field, "must be city, province, district, ward or commune");
}

static void
unit_check_create(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__Unit *u =
	    ((const Ansinh__V1__UnitCreate *)body)->unit;
	const char *why = NULL;
	(void)c;

	viol_check(v, rule_unit_code(u->code, &why), "unit.code", why);
	viol_check(v, rule_text(u->name, RULE_NAME_MAX, true, false, &why),
	           "unit.name", why);
	unit_check_level(u->level, true, "unit.level", v);
	if (u->parent_code[0] != '\0')
		viol_check(v, rule_unit_code(u->parent_code, &why),
		           "unit.parent_code", why);
	if (u->official_code[0] != '\0') {
		size_t n = strlen(u->official_code);

		if (n < 2 || n > 5 ||
		    strspn(u->official_code, "0123456789") != n)
			viol_add(v, "unit.official_code",
			         "must be 2 to 5 digits (Decision "
			         "19/2025/QĐ-TTg)");
	}
	if (u->valid_from[0] != '\0')
		viol_check(v, rule_date(u->valid_from, &why), "unit.valid_from",
		           why);
	if (u->valid_to[0] != '\0')
		viol_check(v, rule_date(u->valid_to, &why), "unit.valid_to",
		           why);
	if (u->valid_from[0] != '\0' && u->valid_to[0] != '\0' &&
	    rule_date(u->valid_from, NULL) && rule_date(u->valid_to, NULL) &&
	    strcmp(u->valid_to, u->valid_from) < 0)
		viol_add(v, "unit.valid_to", "must not be before valid_from");
	if (u->ward_code[0] != '\0')
		viol_check(v, rule_ward_code(u->ward_code, &why),
		           "unit.ward_code", why);
}

static void
unit_check_merge(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__UnitMerge *m = body;
	const char *why = NULL;
	(void)c;

	viol_check(v, rule_unit_code(m->code, &why), "code", why);
	viol_check(v, rule_unit_code(m->other_code, &why), "other_code", why);
	if (m->kind[0] != '\0' && strcmp(m->kind, "merged-into") != 0 &&
	    strcmp(m->kind, "part-of") != 0 &&
	    strcmp(m->kind, "split-from") != 0)
		viol_add(v, "kind",
		         "must be merged-into, part-of or split-from");
	if (m->on_date[0] == '\0')
		viol_add(v, "on_date", "is required");
	else
		viol_check(v, rule_date(m->on_date, &why), "on_date", why);
	viol_check(v, rule_text(m->basis, RULE_NAME_MAX, false, false, &why),
	           "basis", why);
}

static void
unit_check_list(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__UnitList *m = body;
	const char *why = NULL;
	(void)c;

	if (m->as_of[0] != '\0')
		viol_check(v, rule_date(m->as_of, &why), "as_of", why);
	if (m->as_of[0] != '\0' && m->history)
		viol_add(v, "history", "goes without as_of");
	unit_check_level(m->level, false, "level", v);
}

static void
unit_check_get(struct op_call *c, const void *body, struct violations *v)
{
	const char *why = NULL;
	(void)c;

	viol_check(
	    v, rule_unit_code(((const Ansinh__V1__UnitGet *)body)->code, &why),
	    "code", why);
}
