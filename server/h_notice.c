/*
 * h_notice.c — the weekly job notices (thông báo việc làm): create, list,
 * and the week's bulletin (one Vietnamese text for a Zalo group).
 *
 * A notice belongs to a ward, or (created by a district token with
 * district_wide) to the district as a whole, as a programme does. The
 * field rules are checked here; ansinh_api.notice_create checks them again.
 */
#include <string.h>

#include "op.h"
#include "rules.h"

/* Most channels a notice lists (each of the three at most once). */
#define NOTICE_CHANNELS_MAX 3
/* Most positions a notice offers. */
#define NOTICE_POSITIONS_MAX 100000
/* Most characters of where to apply. */
#define NOTICE_APPLY_MAX 500
/* Most characters of a notice's note. */
#define NOTICE_NOTE_MAX 1000

static void nt_check_create(struct op_call *c, const void *body,
                            struct violations *v);
static void nt_check_list(struct op_call *c, const void *body,
                          struct violations *v);
static void nt_check_bulletin(struct op_call *c, const void *body,
                              struct violations *v);

/* ansinh_api.notice_list: a notice without a ward is the district's. */
static const struct op_col nt_cols[] = {
    OP_COLS_REST,
    {"ward_code", "district_wide", .flags = OP_COL_ISNULL},
    OP_END,
};

static const struct op_col nt_bulletin_cols[] = {
    OP_COLS_REST,
    OP_END,
};

static const struct op_arg nt_create_args[] = {
    OP_ARG("id", "notice.id"),
    OP_ARG("district_wide", "notice.district_wide"),
    OP_ARG("notice_on", "notice.notice_on"),
    OP_ARG("kind", "notice.kind"),
    OP_ARG("employer", "notice.employer"),
    {"positions", "notice.positions", .flags = OP_ZERO_NULL},
    OP_ARG("apply_at", "notice.apply_at"),
    OP_ARG("channels", "notice.channels"),
    OP_ARG("note", "notice.note"),
    OP_END,
};

static const struct op_arg nt_list_args[] = {
    OP_ARG("kind", "kind"),
    OP_ARG("from_date", "from_date"),
    OP_ARG("to_date", "to_date"),
    OP_END,
};

static const struct op_arg nt_bulletin_args[] = {
    OP_ARG("week", "week"),
    OP_END,
};

const struct op_entry h_notice_ops[] = {
    {
        .body = ANSINH__V1__REQUEST__BODY_NOTICE_CREATE,
        OP_WRITE_WARDS,
        .ward = OP_WARD_REQUIRED,
        .ward_field = "notice.ward_code",
        .ward_missing_field = "notice.ward_code",
        .ward_missing_why = "is required with a district token, unless "
                            "the notice is district-wide",
        .needs = "notice",
        .check = nt_check_create,
        .function = "ansinh_api.notice_create",
        .args = nt_create_args,
        .reply = ANSINH__V1__RESPONSE__BODY_WRITE,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_NOTICE_LIST,
        OP_READ_WARDS,
        .check = nt_check_list,
        .function = "ansinh_api.notice_list",
        .args = nt_list_args,
        .limit = OP_LIST_DEFAULT,
        .reply = ANSINH__V1__RESPONSE__BODY_NOTICES,
        .rows = "notices",
        .cols = nt_cols,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_NOTICE_BULLETIN,
        OP_READ_WARDS,
        .check = nt_check_bulletin,
        .function = "ansinh_api.notice_bulletin",
        .args = nt_bulletin_args,
        .reply = ANSINH__V1__RESPONSE__BODY_BULLETIN,
        .rows = "bulletin",
        .cols = nt_bulletin_cols,
        .not_found = "no bulletin",
    },
    OP_END,
};

/* ---------------------------------------------------------------- checks */

static void
nt_check_create(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__JobNotice *n =
	    ((const Ansinh__V1__NoticeCreate *)body)->notice;
	const ProtobufCEnumDescriptor *cd =
	    &ansinh__v1__notice_channel__descriptor;
	const char *why = NULL;
	size_t i, j;

	request_check_id(v, n->id, "notice.id", true);
	request_check_date(v, n->notice_on, "notice.notice_on", true);
	if (n->kind == 0)
		viol_add(v, "notice.kind", "is required");
	else if (names_word(
	             names_for_enum(&ansinh__v1__notice_kind__descriptor),
	             (int)n->kind) == NULL)
		viol_add(v, "notice.kind", "is not a known notice kind");
	viol_check(v, rule_text(n->employer, RULE_NAME_MAX, true, false, &why),
	           "notice.employer", why);
	if (n->positions > NOTICE_POSITIONS_MAX)
		viol_add(v, "notice.positions", "must be at most 100000");
	viol_check(v,
	           rule_text(n->apply_at, NOTICE_APPLY_MAX, true, false, &why),
	           "notice.apply_at", why);
	request_check_text(v, "notice.note", n->note, NOTICE_NOTE_MAX, true);
	if (n->n_channels > NOTICE_CHANNELS_MAX)
		viol_add(v, "notice.channels", "must list at most 3 channels");
	for (i = 0; i < n->n_channels && i < NOTICE_CHANNELS_MAX; i++) {
		if (names_word(names_for_enum(cd), (int)n->channels[i]) == NULL)
			viol_add(v, "notice.channels",
			         "is not a known channel");
		for (j = 0; j < i; j++)
			if (n->channels[j] == n->channels[i])
				viol_add(v, "notice.channels",
				         "lists a channel twice");
	}
	if (n->district_wide && n->ward_code[0] != '\0')
		viol_add(v, "notice.ward_code",
		         "must be empty for a district-wide notice");
	if (n->created_at[0] != '\0')
		viol_add(v, "notice.created_at", "is set by the daemon");
	/* A notice of the district as a whole is in no ward. */
	if (n->district_wide) {
		op_restrict(c, OP_ROLE_DISTRICT,
		            "only a district token may put out a district "
		            "notice");
		op_set_ward(c, OP_WARD_NONE);
	}
}

static void
nt_check_list(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__NoticeList *m = body;
	(void)c;

	if (m->kind != 0 &&
	    names_word(names_for_enum(&ansinh__v1__notice_kind__descriptor),
	               (int)m->kind) == NULL)
		viol_add(v, "kind", "is not a known notice kind");
	request_check_date(v, m->from_date, "from_date", false);
	request_check_date(v, m->to_date, "to_date", false);
	if (v->n == 0 && m->from_date[0] != '\0' && m->to_date[0] != '\0' &&
	    strcmp(m->from_date, m->to_date) > 0)
		viol_add(v, "to_date", "must not be before from_date");
}

static void
nt_check_bulletin(struct op_call *c, const void *body, struct violations *v)
{
	(void)c;
	request_check_date(v, ((const Ansinh__V1__NoticeBulletin *)body)->week,
	                   "week", false);
}
