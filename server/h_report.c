/*
 * h_report.c — reports: the yearly poverty report per ward and standard
 * (ansinh.poverty_report), and the office's reports as figures
 * (ansinh.report: summary, funds, needs, programs, employment, units,
 * targets); the same functions analysts call.
 */
#include <string.h>

#include "op.h"
#include "rules.h"

static void rp_check_poverty(struct op_call *c, const void *body,
                             struct violations *v);
static void rp_poverty_done(struct op_call *c, const PGresult *res);
static void rp_check_report(struct op_call *c, const void *body,
                            struct violations *v);

/* ansinh_api.poverty_report: movements are NULL when the standard was not
 * valid the year before. */
static const struct op_col rp_poverty_cols[] = {
    OP_COLS_REST,
    OP_COL_AS("standard_scope", "scope"),
    {"poor_entries", "has_movements", .flags = OP_COL_NOTNULL},
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

/* ansinh_api.report: the unit rule (a ward token: its own unit, or one
 * holding only the wards it holds) is the function's, since a unit need
 * not be a ward (TK, TKW). */
static const struct op_arg rp_report_args[] = {
    OP_ARG("report", "report"),
    OP_ARG("year", "year"),
    {"quarter", "quarter", .flags = OP_ZERO_NULL},
    OP_ARG("from_date", "from_date"),
    OP_ARG("to_date", "to_date"),
    OP_ARG("unit", "unit_code"),
    OP_ARG("as_of", "as_of"),
    OP_END,
};

static const struct op_col rp_report_cols[] = {
    OP_COLS_REST,
    OP_END,
};

/* The reports ansinh.report knows. */
static const char *const rp_reports[] = {
    "summary", "funds", "needs", "programs", "employment", "units", "targets",
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
    {
        .body = ANSINH__V1__REQUEST__BODY_REPORT,
        .kind = OP_READ,
        .roles = OP_ROLES_ALL,
        .ward = OP_WARD_NONE,
        .check = rp_check_report,
        .function = "ansinh_api.report",
        .args = rp_report_args,
        .reply = ANSINH__V1__RESPONSE__BODY_REPORT,
        .rows = "figures",
        .cols = rp_report_cols,
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

static void
rp_check_report(struct op_call *c, const void *body, struct violations *v)
{
	const Ansinh__V1__Report *m = body;
	const char *why = NULL;
	bool known = false;
	size_t i, n;
	(void)c;

	for (i = 0; i < sizeof rp_reports / sizeof rp_reports[0]; i++)
		known = known || strcmp(m->report, rp_reports[i]) == 0;
	if (m->report[0] == '\0')
		viol_add(v, "report", "is required");
	else if (!known)
		viol_add(v, "report",
		         "must be summary, funds, needs, programs, employment, "
		         "units or targets");
	viol_check(v, rule_year(m->year, &why), "year", why);
	if (m->quarter < 0 || m->quarter > 4)
		viol_add(v, "quarter", "must be 1, 2, 3 or 4");
	if (m->quarter != 0 &&
	    (m->from_date[0] != '\0' || m->to_date[0] != '\0'))
		viol_add(v, "quarter",
		         "cannot be given with from_date/to_date");
	if (m->from_date[0] != '\0')
		viol_check(v, rule_date(m->from_date, &why), "from_date", why);
	if (m->to_date[0] != '\0')
		viol_check(v, rule_date(m->to_date, &why), "to_date", why);
	if (m->as_of[0] != '\0')
		viol_check(v, rule_date(m->as_of, &why), "as_of", why);
	if (v->n == 0 && m->from_date[0] != '\0' && m->to_date[0] != '\0' &&
	    strcmp(m->from_date, m->to_date) > 0)
		viol_add(v, "to_date", "must not be before from_date");
	n = strlen(m->unit_code);
	if (n > 16)
		viol_add(v, "unit_code", "must be at most 16 characters");
	for (i = 0; i < n && n <= 16; i++)
		if (!((m->unit_code[i] >= 'A' && m->unit_code[i] <= 'Z') ||
		      (i > 0 && m->unit_code[i] >= '0' &&
		       m->unit_code[i] <= '9'))) {
			viol_add(v, "unit_code",
			         "must be capital letters (then digits), "
			         "e.g. TK or AK");
			break;
		}
}
