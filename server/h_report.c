/*
 * h_report.c — reports: the yearly poverty report per ward and standard
 * (ansinh.poverty_report, the same function analysts call).
 */
#include "op.h"
#include "rules.h"

static void rp_check_poverty(struct op_call *c, const void *body,
                             struct violations *v);
static void rp_poverty_done(struct op_call *c, const PGresult *res);

/* ansinh_api.poverty_report: movements are NULL when the standard was not
 * valid the year before. */
static const struct op_col rp_poverty_cols[] = {
    OP_COL("ward_code"),
    OP_COL("ward_name"),
    OP_COL("standard_code"),
    OP_COL_AS("standard_scope", "scope"),
    OP_COL("poor"),
    OP_COL("near_poor"),
    {"poor_entries", "has_movements", .flags = OP_COL_NOTNULL},
    OP_COL("poor_entries"),
    OP_COL("poor_exits"),
    OP_COL("poor_exits_special_difficulty"),
    OP_COL("poor_exits_central_poor"),
    OP_COL("near_poor_entries"),
    OP_COL("near_poor_exits"),
    OP_COL("near_poor_exits_special_difficulty"),
    OP_COL("expected_exits"),
    OP_COL("expected_exited"),
    OP_COL("expected_remained"),
    OP_COL("expected_not_assessed"),
    OP_END,
};

static const struct op_arg rp_poverty_args[] = {
    OP_ARG("year", "year"),
    OP_END,
};

/* --as-of: the same rows rolled up to the units of that day. */
static const struct op_arg rp_poverty_as_of_args[] = {
    OP_ARG("year", "year"),
    OP_ARG("as_of", "as_of"),
    OP_END,
};

const struct op_entry h_report_ops[] = {
    {
        .body = ANSINH__V1__REQUEST__BODY_POVERTY_REPORT,
        OP_READ_WARDS,
        .check = rp_check_poverty,
        .function = "ansinh_api.poverty_report",
        .args = rp_poverty_args,
        .alt_when = "as_of",
        .alt_function = "ansinh_api.poverty_report_as_of",
        .alt_args = rp_poverty_as_of_args,
        .keep = true,
        .reply = ANSINH__V1__RESPONSE__BODY_POVERTY_REPORT,
        .rows = "rows",
        .cols = rp_poverty_cols,
        .done = rp_poverty_done,
    },
    OP_END,
};

static void
rp_check_poverty(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__PovertyReport *m = body;
	const char *why = NULL;
	(void)c;

	viol_check(v, rule_year(m->year, &why), "year", why);
	if (m->as_of[0] != '\0')
		viol_check(v, rule_date(m->as_of, &why), "as_of", why);
}

/* The rows, and the year they are of (0 when there is none). */
static void
rp_poverty_done(struct op_call *c, const PGresult *res)
{
	const Ansinh__V1__PovertyReport *m = op_body(c);
	Ansinh__V1__PovertyReportReply *reply =
	    op_new(c, &ansinh__v1__poverty_report_reply__descriptor);
	int n = PQntuples(res);

	if (!op_fill_rows(c, reply, "rows", rp_poverty_cols, NULL, res, 0, n)) {
		op_fail(c, ANSINH__V1__CODE__INTERNAL,
		        "unexpected reply from the database");
		return;
	}
	reply->year = n > 0 ? m->year : 0;
	op_reply(c, reply);
}
