/*
 * cmd-assessment.c — `ansinh assess add|show|list|recognize`: a household's
 * yearly poverty assessment, its classification under every standard valid
 * that year (computed by PostgreSQL, with the reason in words), and the
 * district's recognition of the result.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "cmd.h"
#include "kind.h"
#include "render.h"
#include "rules.h"
#include "uuid.h"

static enum ansinh_exit cmd_assessment_add_exec(struct cmd_ctx *ctx,
                                                const struct cmd_args *args);
static enum ansinh_exit cmd_assessment_show_exec(struct cmd_ctx *ctx,
                                                 const struct cmd_args *args);
static enum ansinh_exit cmd_assessment_list_exec(struct cmd_ctx *ctx,
                                                 const struct cmd_args *args);
static enum ansinh_exit
cmd_assessment_recognize_exec(struct cmd_ctx *ctx, const struct cmd_args *args);
static void cmd_assessment_deprived(const Ansinh__V1__Deprivations *d,
                                    char *buf, size_t size);
static void cmd_assessment_ref(const char *arg, uint8_t id[UUID_SIZE],
                               ProtobufCBinaryData *bin, char **code);
static int cmd_assessment_count(const Ansinh__V1__Deprivations *d);

/* Fields of `assess show`; "classifications" only in CSV. */
static const char *const cmd_assessment_fields[] = {
    "ward",        "household",
    "head",        "year",
    "assessed_on", "area",
    "income",      "deprivations",
    "count",       "reviewer",
    "note",        "recognized",
    "id",          "classifications",
};
#define CMD_ASSESSMENT_NFIELDS                                                 \
	(sizeof cmd_assessment_fields / sizeof cmd_assessment_fields[0])

static const char *const cmd_assessment_class_columns[] = {
    "standard", "scope", "line", "class", "status", "reason",
};

static const char *const cmd_assessment_list_columns[] = {
    "ward",         "household", "head",  "year",   "area", "income",
    "deprivations", "standard",  "class", "reason", "id",
};
#define CMD_ASSESSMENT_LIST_NCOLUMNS                                           \
	(sizeof cmd_assessment_list_columns /                                  \
	 sizeof cmd_assessment_list_columns[0])

static const struct cmd_arg cmd_assessment_household_arg[] = {
    {.metavar = "ID|CODE", .check = check_household_ref},
    {.metavar = NULL},
};

static const struct cmd_flag cmd_assessment_show_flags[] = {
    {.name = "year",
     .kind = CMD_VALUE,
     .metavar = "Y",
     .check = check_year,
     .help = "review year (default: the latest assessment)"},
    CMD_FLAG_WARD,
    {.name = NULL},
};

static const struct cmd_flag cmd_assessment_list_flags[] = {
    {.name = "year",
     .kind = CMD_VALUE,
     .metavar = "Y",
     .check = check_year,
     .help = "only review year Y"},
    {.name = "standard",
     .kind = CMD_VALUE,
     .metavar = "CODE",
     .check = check_standard_code,
     .help = "only this standard"},
    {.name = "class",
     .kind = CMD_VALUE,
     .words = names_class_list,
     .parse = names_class_parse,
     .help = "only this classification"},
    CMD_FLAG_WARD,
    CMD_FLAG_LIMIT("rows"),
    {.name = NULL},
};

static const struct cmd_flag cmd_assessment_recognize_flags[] = {
    {.name = "year",
     .kind = CMD_VALUE,
     .metavar = "Y",
     .attrs = CMD_REQUIRED,
     .check = check_year,
     .help = "review year whose result is recognized"},
    {.name = "standard",
     .kind = CMD_VALUE,
     .metavar = "CODE",
     .check = check_standard_code,
     .help = "the standard recognized by (default: the central standard "
             "of that year)"},
    {.name = "on",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .check = check_past_date,
     .help = "date of the recognition; the status holds from it "
             "(default: today)"},
    {.name = "decision",
     .kind = CMD_VALUE,
     .metavar = "TEXT",
     .check = check_name,
     .help = "reference of the decision, e.g. 1234/QĐ-UBND"},
    CMD_FLAG_WARD,
    {.name = NULL},
};

const struct cmd_entry cmd_assess_add_entry = {
    .noun = "assess",
    .verb = "add",
    .summary = "Record a household's yearly assessment.",
    .help = "Record a household's poverty assessment for a review year: "
            "its average monthly income per person and the indicators it is "
            "deprived in. One assessment per household and year. PostgreSQL "
            "classifies it under every standard valid that year ('assess "
            "show'); the household's status changes only when the district "
            "recognizes the result ('assess recognize'). Prints the id.",
    .record = &record_assessment,
    .exec = cmd_assessment_add_exec,
};

const struct cmd_entry cmd_assess_show_entry = {
    .noun = "assess",
    .verb = "show",
    .summary = "Show an assessment and its classifications.",
    .help = "Show a household's assessment (the latest, or that of --year) "
            "and its classification under every standard valid that year, "
            "with the reason: \"income 1,850,000 ≤ 2,000,000 and 4 "
            "deprivations: health insurance, ...\". In CSV the "
            "classifications are one field, \"standard class\" entries "
            "separated by \"; \"; in JSON an array.",
    .args = cmd_assessment_household_arg,
    .flags = cmd_assessment_show_flags,
    .exec = cmd_assessment_show_exec,
};

const struct cmd_entry cmd_assess_list_entry = {
    .noun = "assess",
    .verb = "list",
    .summary = "List assessments and their classifications.",
    .help =
        "List assessments, one row per assessment and standard.\n"
        "Columns: ward, household, head, year, area, income, deprivations,\n"
        "standard, class, reason, id.",
    .flags = cmd_assessment_list_flags,
    .exec = cmd_assessment_list_exec,
};

const struct cmd_entry cmd_assess_recognize_entry = {
    .noun = "assess",
    .verb = "recognize",
    .summary = "Recognize a household's review result (district).",
    .help = "The district confirms a household's review result for a "
            "year: its classification by the standard (poor, near-poor, or "
            "none for average and above) becomes the household's status from "
            "the recognition date, recorded in its history as 'household "
            "update --status' would. A change of status cannot be dated "
            "before the household's current status date. District tokens "
            "only. Prints the recognition's id.",
    .args = cmd_assessment_household_arg,
    .flags = cmd_assessment_recognize_flags,
    .exec = cmd_assessment_recognize_exec,
};

/* An ID|CODE argument into a request's id or code. */
static void
cmd_assessment_ref(const char *arg, uint8_t id[UUID_SIZE],
                   ProtobufCBinaryData *bin, char **code)
{
	if (uuid_parse(arg, id)) {
		bin->data = id;
		bin->len = UUID_SIZE;
	} else {
		*code = (char *)arg;
	}
}

/* The assessment's fields (kind-assessment.c): the date (default today) in
 * the review year, the year before or the year after; the indicators of
 * --deprived. */
static enum ansinh_exit
cmd_assessment_add_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request *req;
	Ansinh__V1__Deprivations *d;
	unsigned mask;
	char today[11];
	int year, on, p;

	year = (int)cmd_number(args, "year");
	(void)rule_today(today);
	on = atoi(cmd_given(args, "on") ? cmd_value(args, "on") : today);
	if (on < year - 1 || on > year + 1) {
		if (cmd_given(args, "on"))
			return cmd_usage_error(
			    args,
			    "--on must be in the "
			    "review year, the year before or the year after");
		return cmd_usage_error(args,
		                       "--on is required: today is more "
		                       "than a year from review year %d",
		                       year);
	}
	req = cmd_record_request(args);
	if (req == NULL)
		return ANSINH_EXIT_USAGE;
	if (!cmd_given(args, "on"))
		record_put_string(req, "assessment.assessed_on", today);
	/* The indicators are always sent, deprived in none or in some. */
	record_put_int(req, "assessment.deprived.employment", 0);
	d = req->assessment_create->assessment->deprived;
	mask = check_parse_deprived(cmd_value(args, "deprived"));
	for (p = 1; p <= RULE_INDICATORS; p++)
		*rule_deprivation_flag(d, p) = (mask >> p) & 1u;
	return call_create(ctx, req);
}

/* "health-insurance,water", or "" for none. */
static void
cmd_assessment_deprived(const Ansinh__V1__Deprivations *d, char *buf,
                        size_t size)
{
	Ansinh__V1__Deprivations copy = ANSINH__V1__DEPRIVATIONS__INIT;
	size_t len = 0;

	buf[0] = '\0';
	if (d != NULL)
		copy = *d;
	for (int p = 1; p <= RULE_INDICATORS && len < size; p++) {
		if (*rule_deprivation_flag(&copy, p))
			len += (size_t)snprintf(buf + len, size - len, "%s%s",
			                        len > 0 ? "," : "",
			                        names_indicator(p));
	}
}

static int
cmd_assessment_count(const Ansinh__V1__Deprivations *d)
{
	Ansinh__V1__Deprivations copy = ANSINH__V1__DEPRIVATIONS__INIT;
	int n = 0;

	if (d != NULL)
		copy = *d;
	for (int p = 1; p <= RULE_INDICATORS; p++)
		n += *rule_deprivation_flag(&copy, p) != 0;
	return n;
}

static enum ansinh_exit
cmd_assessment_show_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__AssessmentGet body = ANSINH__V1__ASSESSMENT_GET__INIT;
	Ansinh__V1__Response *resp;
	const Ansinh__V1__AssessmentReply *reply;
	const Ansinh__V1__Assessment *a;
	struct render_table *rec, *cls;
	size_t i, nfields = CMD_ASSESSMENT_NFIELDS;
	enum ansinh_exit rc;
	uint8_t hid[UUID_SIZE];
	char deprived[512], recognized[512];
	char *flat = NULL;
	size_t flat_len = 0;
	FILE *f;

	cmd_assessment_ref(args->argv[0], hid, &body.household_id,
	                   &body.household_code);
	body.ward_code = cmd_string(args, "ward");
	body.year = (int32_t)cmd_number(args, "year");
	req.body_case = ANSINH__V1__REQUEST__BODY_ASSESSMENT_GET;
	req.assessment_get = &body;
	rc = call_request(ctx, &req, ANSINH__V1__RESPONSE__BODY_ASSESSMENT,
	                  &resp);
	if (rc != ANSINH_EXIT_OK)
		return rc;
	reply = resp->assessment;
	a = reply->assessment;
	if (a == NULL) {
		cmd_error("protocol error from %s: the reply holds no "
		          "assessment",
		          ctx->cfg->server);
		ansinh__v1__response__free_unpacked(resp, NULL);
		return ANSINH_EXIT_PROTOCOL;
	}

	cls = render_table_new(cmd_assessment_class_columns, 6);
	f = open_memstream(&flat, &flat_len);
	for (i = 0; i < reply->n_classifications; i++) {
		const Ansinh__V1__Classification *c = reply->classifications[i];

		render_str(cls, c->standard_code);
		render_str(cls, names_scope((int)c->scope));
		render_int(cls, c->income_line_vnd);
		render_str(cls, names_class((int)c->classification));
		render_str(cls, names_poverty((int)c->status));
		render_str(cls, c->reason);
		if (f != NULL)
			fprintf(f, "%s%s %s", i > 0 ? "; " : "",
			        c->standard_code,
			        names_class((int)c->classification) != NULL
			            ? names_class((int)c->classification)
			            : "unknown");
	}
	if (f != NULL)
		fclose(f);

	cmd_assessment_deprived(a->deprived, deprived, sizeof deprived);
	recognized[0] = '\0';
	if (reply->recognition != NULL) {
		const Ansinh__V1__Recognition *r = reply->recognition;

		snprintf(recognized, sizeof recognized, "%s by %s on %s%s%s",
		         names_poverty((int)r->status) != NULL
		             ? names_poverty((int)r->status)
		             : "unknown",
		         r->standard_code, r->recognized_on,
		         r->decision[0] != '\0' ? ", " : "", r->decision);
	}
	if (ctx->cfg->format != RENDER_CSV)
		nfields--;
	rec = render_table_new(cmd_assessment_fields, nfields);
	render_str(rec, a->ward_code);
	render_str(rec, a->household_code);
	cmd_render_text(rec, a->head_name);
	render_int(rec, a->year);
	cmd_render_text(rec, a->assessed_on);
	render_str(rec, names_area((int)a->area));
	render_int(rec, a->income_vnd);
	cmd_render_text(rec, deprived);
	render_int(rec, cmd_assessment_count(a->deprived));
	cmd_render_text(rec, a->reviewer);
	cmd_render_text(rec, a->note);
	cmd_render_text(rec, recognized);
	cmd_render_id(rec, &a->id);
	if (nfields == CMD_ASSESSMENT_NFIELDS)
		render_str(rec, flat != NULL ? flat : "");
	render_record(stdout, ctx->cfg->format, rec, "classifications", cls);
	render_table_free(rec);
	render_table_free(cls);
	free(flat);
	ansinh__v1__response__free_unpacked(resp, NULL);
	return ANSINH_EXIT_OK;
}

static enum ansinh_exit
cmd_assessment_list_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__AssessmentList body = ANSINH__V1__ASSESSMENT_LIST__INIT;
	Ansinh__V1__Response *resp;
	const Ansinh__V1__AssessmentListReply *reply;
	struct render_table *t;
	enum ansinh_exit rc;
	char deprived[512];
	size_t i;

	body.ward_code = cmd_string(args, "ward");
	body.year = (int32_t)cmd_number(args, "year");
	body.standard_code = cmd_string(args, "standard");
	body.classification = (Ansinh__V1__PovertyClass)cmd_word(args, "class");
	body.limit = (uint32_t)cmd_number(args, "limit");
	req.body_case = ANSINH__V1__REQUEST__BODY_ASSESSMENT_LIST;
	req.assessment_list = &body;
	rc = call_request(ctx, &req, ANSINH__V1__RESPONSE__BODY_ASSESSMENTS,
	                  &resp);
	if (rc != ANSINH_EXIT_OK)
		return rc;
	reply = resp->assessments;
	t = render_table_new(cmd_assessment_list_columns,
	                     CMD_ASSESSMENT_LIST_NCOLUMNS);
	for (i = 0; i < reply->n_rows; i++) {
		const Ansinh__V1__Assessment *a = reply->rows[i]->assessment;
		const Ansinh__V1__Classification *c =
		    reply->rows[i]->classification;

		if (a == NULL)
			continue;
		cmd_assessment_deprived(a->deprived, deprived, sizeof deprived);
		render_str(t, a->ward_code);
		render_str(t, a->household_code);
		cmd_render_text(t, a->head_name);
		render_int(t, a->year);
		render_str(t, names_area((int)a->area));
		render_int(t, a->income_vnd);
		cmd_render_text(t, deprived);
		if (c != NULL) {
			render_str(t, c->standard_code);
			render_str(t, names_class((int)c->classification));
			render_str(t, c->reason);
		} else {
			render_null(t);
			render_null(t);
			render_null(t);
		}
		cmd_render_id(t, &a->id);
	}
	render_list(stdout, ctx->cfg->format, t);
	render_table_free(t);
	if (reply->more)
		cmd_error("more rows match than the %zu shown; raise --limit "
		          "to see them",
		          reply->n_rows);
	ansinh__v1__response__free_unpacked(resp, NULL);
	return ANSINH_EXIT_OK;
}

static enum ansinh_exit
cmd_assessment_recognize_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__RecognitionCreate body =
	    ANSINH__V1__RECOGNITION_CREATE__INIT;
	Ansinh__V1__Recognition r = ANSINH__V1__RECOGNITION__INIT;
	uint8_t id[UUID_SIZE], hid[UUID_SIZE];
	char today[11];

	if (!uuid7_generate(id)) {
		cmd_error("cannot generate an id: the system's random source "
		          "failed");
		return ANSINH_EXIT_USAGE;
	}
	(void)rule_today(today);
	r.id.data = id;
	r.id.len = sizeof id;
	r.ward_code = cmd_string(args, "ward");
	cmd_assessment_ref(args->argv[0], hid, &r.household_id,
	                   &r.household_code);
	r.year = (int32_t)cmd_number(args, "year");
	r.standard_code = cmd_string(args, "standard");
	r.recognized_on =
	    cmd_given(args, "on") ? cmd_string(args, "on") : today;
	r.decision = cmd_string(args, "decision");
	body.recognition = &r;
	req.body_case = ANSINH__V1__REQUEST__BODY_RECOGNITION_CREATE;
	req.recognition_create = &body;
	return call_write(ctx, &req);
}
