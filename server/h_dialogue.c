/*
 * h_dialogue.c — dialogues with poor households: create (with the
 * households attending), list.
 */
#include <stdio.h>
#include <string.h>

#include "op.h"
#include "rules.h"

static void dl_check_create(struct op_call *c, const void *body,
                            struct violations *v);
static void dl_check_list(struct op_call *c, const void *body,
                          struct violations *v);

/* ansinh_api.dialogue_list (dialogue_row): the attending households'
 * codes come space-separated. */
static const struct op_col dl_cols[] = {
    OP_COLS_REST_BUT("household_ids"),
    {"household_codes", .flags = OP_COL_WORDS},
    OP_END,
};

static const struct op_arg dl_create_args[] = {
    OP_ARG("id", "dialogue.id"),
    OP_ARG("held_on", "dialogue.held_on"),
    OP_ARG("title", "dialogue.title"),
    OP_ARG("note", "dialogue.note"),
    OP_ARG("household_ids", "dialogue.household_ids"),
    OP_ARG("household_codes", "dialogue.household_codes"),
    OP_END,
};

static const struct op_arg dl_list_args[] = {
    OP_ARG("from_date", "from"),
    OP_ARG("to_date", "to"),
    OP_END,
};

const struct op_entry h_dialogue_ops[] = {
    {
        .body = ANSINH__V1__REQUEST__BODY_DIALOGUE_CREATE,
        OP_WRITE_WARDS,
        .ward = OP_WARD_REQUIRED,
        .ward_field = "dialogue.ward_code",
        .needs = "dialogue",
        .check = dl_check_create,
        .function = "ansinh_api.dialogue_create",
        .args = dl_create_args,
        .reply = ANSINH__V1__RESPONSE__BODY_WRITE,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_DIALOGUE_LIST,
        OP_READ_WARDS,
        .check = dl_check_list,
        .function = "ansinh_api.dialogue_list",
        .args = dl_list_args,
        .limit = OP_LIST_DEFAULT,
        .reply = ANSINH__V1__RESPONSE__BODY_DIALOGUES,
        .rows = "dialogues",
        .cols = dl_cols,
    },
    OP_END,
};

static void
dl_check_create(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__Dialogue *d =
	    ((const Ansinh__V1__DialogueCreate *)body)->dialogue;
	const char *why = NULL;
	char f[96];
	size_t i;
	(void)c;

	request_check_id(v, d->id, "dialogue.id", true);
	request_check_date(v, d->held_on, "dialogue.held_on", true);
	viol_check(v, rule_text(d->title, RULE_TITLE_MAX, true, false, &why),
	           "dialogue.title", why);
	request_check_text(v, "dialogue.note", d->note, RULE_NOTE_MAX, true);
	request_check_household_count(
	    v, "dialogue", d->n_household_ids, d->n_household_codes,
	    REQUEST_HOUSEHOLDS_MAX, "at most 1000 households per dialogue");
	for (i = 0; i < d->n_household_ids && v->n == 0; i++) {
		snprintf(f, sizeof f, "dialogue.household_ids[%zu]", i);
		request_check_id(v, d->household_ids[i], f, true);
	}
	for (i = 0; i < d->n_household_codes && v->n == 0; i++) {
		snprintf(f, sizeof f, "dialogue.household_codes[%zu]", i);
		viol_check(v, rule_household_code(d->household_codes[i], &why),
		           f, why);
	}
}

static void
dl_check_list(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__DialogueList *m = body;
	(void)c;

	request_check_date(v, m->from, "from", false);
	request_check_date(v, m->to, "to", false);
	if (m->from[0] != '\0' && m->to[0] != '\0' &&
	    strcmp(m->from, m->to) > 0)
		viol_add(v, "to", "must not be before from");
}
