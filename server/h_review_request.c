/*
 * h_review_request.c — ad-hoc review requests: a household asks its ward
 * for its poverty status to be reviewed (Decision 24/2021/QĐ-TTg: at any
 * time); create and list, each with the first assessment of the household
 * dated on or after it (none: the request is open).
 *
 * The household must exist in the writer's wards (NOT_FOUND otherwise,
 * from ansinh_api.review_request_create).
 */
#include "op.h"
#include "rules.h"

static void rr_check_create(struct op_call *c, const void *body,
                            struct violations *v);
static void rr_check_list(struct op_call *c, const void *body,
                          struct violations *v);

/* Most characters of a request's reason. */
#define RR_REASON_MAX RULE_DESCRIPTION_MAX

/* The rows of ansinh_api.review_request_list (review_request_row). */
static const struct op_col rr_cols[] = {
    OP_COLS_REST,
    OP_END,
};

static const struct op_arg rr_create_args[] = {
    OP_ARG("id", "request.id"),
    OP_ARG("household_id", "request.household_id"),
    {"household_code", "request.household_code",
     .unless = "request.household_id"},
    OP_ARG("requested_on", "request.requested_on"),
    OP_ARG("reason", "request.reason"),
    OP_END,
};

static const struct op_arg rr_list_args[] = {
    OP_ARG("year", "year"),
    OP_ARG("open_only", "open"),
    OP_END,
};

const struct op_entry h_review_request_ops[] = {
    {
        /* A district token names the ward unless the household is
         * named by its id. */
        .body = ANSINH__V1__REQUEST__BODY_REVIEW_REQUEST_CREATE,
        OP_WRITE_WARDS,
        .ward = OP_WARD_BY_CODE,
        .ward_field = "request.ward_code",
        .ward_unless = "request.household_id",
        .needs = "request",
        .check = rr_check_create,
        .function = "ansinh_api.review_request_create",
        .args = rr_create_args,
        .reply = ANSINH__V1__RESPONSE__BODY_WRITE,
    },
    {
        .body = ANSINH__V1__REQUEST__BODY_REVIEW_REQUEST_LIST,
        OP_READ_WARDS,
        .check = rr_check_list,
        .function = "ansinh_api.review_request_list",
        .args = rr_list_args,
        .limit = OP_LIST_DEFAULT,
        .reply = ANSINH__V1__RESPONSE__BODY_REVIEW_REQUESTS,
        .rows = "requests",
        .cols = rr_cols,
    },
    OP_END,
};

/* ---------------------------------------------------------------- checks */

static void
rr_check_create(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__ReviewRequest *r =
	    ((const Ansinh__V1__ReviewRequestCreate *)body)->request;
	(void)c;

	request_check_id(v, r->id, "request.id", true);
	request_check_household(v, "request", r->household_id,
	                        r->household_code, true);
	request_check_date(v, r->requested_on, "request.requested_on", true);
	request_check_text(v, "request.reason", r->reason, RR_REASON_MAX, true);
	if (r->followed_on[0] != '\0' || r->assessment_id.len != 0)
		viol_add(v, "request.followed_on",
		         "is set by the daemon from the assessments");
}

static void
rr_check_list(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__ReviewRequestList *m = body;
	const char *why = NULL;
	(void)c;

	if (m->year != 0)
		viol_check(v, rule_year(m->year, &why), "year", why);
}
