/*
 * cmd-programme.c — the programme family: `ansinh program add|list`
 * (community programmes run by organizations) and `ansinh distribution
 * add|list` (each time a programme gives: the goods, the beneficiaries, the
 * households served and the donors).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "cmd.h"
#include "render.h"
#include "rules.h"
#include "uuid.h"
#include "xmalloc.h"
#include "view.h"

static enum ansinh_exit cmd_programme_add_exec(struct cmd_ctx *ctx,
                                               const struct cmd_args *args);

static enum ansinh_exit cmd_distribution_add_exec(struct cmd_ctx *ctx,
                                                  const struct cmd_args *args);
static enum ansinh_exit cmd_distribution_list_exec(struct cmd_ctx *ctx,
                                                   const struct cmd_args *args);
static size_t cmd_distribution_distinct(const struct cmd_args *args,
                                        const char *name);
static char *cmd_distribution_goods_text(const Ansinh__V1__Distribution *s);
static char *cmd_distribution_join(char **items, size_t n, const char *sep);

static const struct view_col cmd_programme_columns[] = {
    VIEW("ward", "ward_code"),
    VIEW_F("name", "name", VIEW_VERBATIM),
    VIEW("kind", "kind"),
    VIEW("organization", "organization_name"),
    VIEW("schedule", "schedule"),
    VIEW("distributions", "distribution_count"),
    VIEW("id", "id"),
};

static const struct cmd_flag cmd_programme_add_flags[] = {
    {.name = "name",
     .kind = CMD_VALUE,
     .metavar = "NAME",
     .attrs = CMD_REQUIRED,
     .check = check_name,
     .help = "name of the programme, e.g. \"Chợ 0 đồng\", unique in its "
             "ward"},
    {.name = "org",
     .kind = CMD_VALUE,
     .metavar = "ID",
     .attrs = CMD_REQUIRED,
     .check = check_uuid,
     .help = "the organizing organization's id (see 'ansinh org list')"},
    {.name = "kind",
     .kind = CMD_VALUE,
     .metavar = "KIND",
     .attrs = CMD_REQUIRED,
     .words = names_programme_kind_list,
     .parse = names_programme_kind_parse,
     .help = "what the programme gives"},
    {.name = "schedule",
     .kind = CMD_VALUE,
     .metavar = "TEXT",
     .check = check_schedule,
     .help = "when it runs, e.g. \"monthly, in each residential area\""},
    {.name = "agreement",
     .kind = CMD_VALUE,
     .metavar = "ID",
     .check = check_uuid,
     .help = "the coordination agreement it serves (see 'ansinh "
             "agreement list')"},
    {.name = "district-wide",
     .kind = CMD_SWITCH,
     .help = "a programme of the whole district (district tokens only; "
             "no --ward)"},
    CMD_FLAG_WARD,
    {.name = NULL},
};

static const struct cmd_flag cmd_programme_list_flags[] = {
    {.name = "kind",
     .path = "kind",
     .kind = CMD_VALUE,
     .metavar = "KIND",
     .words = names_programme_kind_list,
     .parse = names_programme_kind_parse,
     .help = "only programmes of this kind"},
    CMD_FLAG_WARD_AT("ward_code"),
    CMD_FLAG_LIMIT("programmes"),
    {.name = NULL},
};

const struct cmd_entry cmd_program_add_entry = {
    .noun = "program",
    .verb = "add",
    .summary = "Record a community programme.",
    .help =
        "Record a programme run by an organization (e.g. the Women's "
        "Union's \"0-đồng\nproduce market\") and print its id. A ward token "
        "records its ward's programmes;\na district token names the ward, or "
        "gives --district-wide for a programme\nof the whole district (its "
        "distributions are then recorded in the wards where\nthey are held).",
    .flags = cmd_programme_add_flags,
    .exec = cmd_programme_add_exec,
};

static const struct view_list cmd_program_list_view =
    VIEW_LIST(PROGRAMME_LIST, PROGRAMMES, .rows = "programmes",
              VIEW_COLS(cmd_programme_columns));

const struct cmd_entry cmd_program_list_entry = {
    .noun = "program",
    .verb = "list",
    .summary = "List programmes.",
    .help = "List programmes: a ward's own and the district-wide ones (ward "
            "empty).\nColumns: ward, name, kind, organization, schedule, "
            "distributions, id.",
    .flags = cmd_programme_list_flags,
    .list = &cmd_program_list_view,
    .exec = view_list_exec,
};

static const char *const cmd_distribution_columns[] = {
    "ward",       "date",   "program", "group",     "beneficiaries",
    "households", "donors", "goods",   "value_vnd", "id",
};
#define CMD_DISTRIBUTION_NCOLUMNS                                              \
	(sizeof cmd_distribution_columns / sizeof cmd_distribution_columns[0])

static const struct cmd_flag cmd_distribution_add_flags[] = {
    {.name = "program",
     .kind = CMD_VALUE,
     .metavar = "ID",
     .attrs = CMD_REQUIRED,
     .check = check_uuid,
     .help = "the programme's id (see 'ansinh program list')"},
    {.name = "date",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .attrs = CMD_REQUIRED,
     .check = check_past_date,
     .help = "the day the distribution was held"},
    {.name = "group",
     .kind = CMD_VALUE,
     .metavar = "N",
     .check = check_group,
     .help = "residential group (tổ dân phố) where it was held"},
    {.name = "beneficiaries",
     .kind = CMD_VALUE,
     .metavar = "N",
     .check = check_beneficiaries,
     .help = "people or households served, at least the households "
             "listed (default: the number of --household)"},
    {.name = "goods",
     .kind = CMD_VALUE,
     .metavar = "ITEM:QTY:UNIT:VND",
     .attrs = CMD_REPEAT,
     .check = check_goods,
     .help = "one line of goods given: item, quantity, unit and value "
             "in VND, e.g. \"trứng:300:quả:900000\""},
    {.name = "household",
     .kind = CMD_VALUE,
     .metavar = "ID|CODE",
     .attrs = CMD_REPEAT,
     .check = check_household_ref,
     .help = "a household served, in the distribution's ward"},
    {.name = "donor",
     .kind = CMD_VALUE,
     .metavar = "ORG_ID",
     .attrs = CMD_REPEAT,
     .check = check_uuid,
     .help = "an organization that donated goods"},
    {.name = "note",
     .kind = CMD_VALUE,
     .metavar = "TEXT",
     .check = check_note,
     .help = "a note, e.g. how goods were delivered"},
    {.name = "ward",
     .kind = CMD_VALUE,
     .metavar = "CODE",
     .check = check_ward,
     .help = "the ward where it was held: needed for a district-wide "
             "programme (a ward programme's distributions are in its ward)"},
    {.name = NULL},
};

static const struct cmd_flag cmd_distribution_list_flags[] = {
    {.name = "program",
     .kind = CMD_VALUE,
     .metavar = "ID",
     .check = check_uuid,
     .help = "only this programme's distributions"},
    {.name = "from",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .check = check_date,
     .help = "only distributions on or after this day"},
    {.name = "to",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .check = check_date,
     .help = "only distributions on or before this day"},
    CMD_FLAG_WARD,
    CMD_FLAG_LIMIT("distributions"),
    {.name = NULL},
};

const struct cmd_entry cmd_distribution_add_entry = {
    .noun = "distribution",
    .verb = "add",
    .summary = "Record a distribution of a programme.",
    .help = "Record one distribution of a programme: the day, the goods given "
            "(one --goods\nper line), the number of beneficiaries, the "
            "households served where known\n(one --household each) and the "
            "donors (one --donor each). Prints its id.",
    .flags = cmd_distribution_add_flags,
    .exec = cmd_distribution_add_exec,
};

const struct cmd_entry cmd_distribution_list_entry = {
    .noun = "distribution",
    .verb = "list",
    .summary = "List programme distributions with the value of their goods.",
    .help = "List distributions, oldest first. Columns: ward, date, program, "
            "group,\nbeneficiaries, households (number listed), donors, goods "
            "(\"item quantity unit\"\nlines separated by \"; \"), value_vnd "
            "(total value of the goods), id. In the\ntable format a total "
            "line follows on standard error.",
    .flags = cmd_distribution_list_flags,
    .exec = cmd_distribution_list_exec,
};

static enum ansinh_exit
cmd_programme_add_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__ProgrammeCreate body = ANSINH__V1__PROGRAMME_CREATE__INIT;
	Ansinh__V1__Programme p = ANSINH__V1__PROGRAMME__INIT;
	uint8_t id[UUID_SIZE], org[UUID_SIZE], agreement[UUID_SIZE];

	if (cmd_given(args, "district-wide") && cmd_given(args, "ward"))
		return cmd_usage_error(args, "--district-wide and --ward "
		                             "exclude each other");
	if (!uuid7_generate(id)) {
		cmd_error("cannot generate an id: the system's random source "
		          "failed");
		return ANSINH_EXIT_USAGE;
	}
	uuid_parse(cmd_value(args, "org"), org);
	p.id.data = id;
	p.id.len = sizeof id;
	p.ward_code = cmd_string(args, "ward");
	p.name = cmd_string(args, "name");
	p.organization_id.data = org;
	p.organization_id.len = sizeof org;
	p.kind = (Ansinh__V1__ProgrammeKind)cmd_word(args, "kind");
	p.schedule = cmd_string(args, "schedule");
	p.district_wide = cmd_given(args, "district-wide");
	if (cmd_given(args, "agreement") &&
	    uuid_parse(cmd_value(args, "agreement"), agreement)) {
		p.agreement_id.data = agreement;
		p.agreement_id.len = sizeof agreement;
	}
	body.programme = &p;
	req.body_case = ANSINH__V1__REQUEST__BODY_PROGRAMME_CREATE;
	req.programme_create = &body;
	return call_write(ctx, &req);
}

static enum ansinh_exit
cmd_distribution_add_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__DistributionCreate body =
	    ANSINH__V1__DISTRIBUTION_CREATE__INIT;
	Ansinh__V1__Distribution s = ANSINH__V1__DISTRIBUTION__INIT;
	uint8_t id[UUID_SIZE], programme[UUID_SIZE];
	size_t n_goods, n_households, n_donors, i;
	struct check_goods *parts = NULL;
	Ansinh__V1__GoodsLine *goods = NULL, **goods_ptrs = NULL;
	ProtobufCBinaryData *household_ids = NULL, *donor_ids = NULL;
	uint8_t(*household_bytes)[UUID_SIZE] = NULL,
	(*donor_bytes)[UUID_SIZE] = NULL;
	char **household_codes = NULL;
	const char *why = NULL;
	enum ansinh_exit rc;

	n_goods = cmd_count(args, "goods");
	n_households = cmd_count(args, "household");
	n_donors = cmd_count(args, "donor");
	if (cmd_given(args, "beneficiaries") &&
	    (size_t)cmd_number(args, "beneficiaries") <
	        cmd_distribution_distinct(args, "household"))
		return cmd_usage_error(
		    args,
		    "--beneficiaries (%ld) must be at "
		    "least the number of households given with --household "
		    "(%zu)",
		    cmd_number(args, "beneficiaries"),
		    cmd_distribution_distinct(args, "household"));
	if (!uuid7_generate(id)) {
		cmd_error("cannot generate an id: the system's random source "
		          "failed");
		return ANSINH_EXIT_USAGE;
	}
	uuid_parse(cmd_value(args, "program"), programme);
	s.id.data = id;
	s.id.len = sizeof id;
	s.programme_id.data = programme;
	s.programme_id.len = sizeof programme;
	s.ward_code = cmd_string(args, "ward");
	s.held_on = cmd_string(args, "date");
	s.residential_group = (int32_t)cmd_number(args, "group");
	s.beneficiaries = (int32_t)cmd_number(args, "beneficiaries");
	s.note = cmd_string(args, "note");

	parts = xcalloc(n_goods + 1, sizeof *parts);
	goods = xcalloc(n_goods + 1, sizeof *goods);
	goods_ptrs = xcalloc(n_goods + 1, sizeof *goods_ptrs);
	for (i = 0; i < n_goods; i++) {
		/* Checked while parsing the flags; only memory can fail. */
		if (!check_goods_parse(cmd_value_at(args, "goods", i),
		                       &parts[i], &why)) {
			rc = cmd_usage_error(args, "--goods: %s", why);
			goto out;
		}
		ansinh__v1__goods_line__init(&goods[i]);
		goods[i].item = (char *)parts[i].item;
		goods[i].quantity = (char *)parts[i].quantity;
		goods[i].unit = (char *)parts[i].unit;
		goods[i].value_vnd = parts[i].value_vnd;
		goods_ptrs[i] = &goods[i];
	}
	s.n_goods = n_goods;
	s.goods = goods_ptrs;

	household_ids = xcalloc(n_households + 1, sizeof *household_ids);
	household_bytes = xcalloc(n_households + 1, sizeof *household_bytes);
	household_codes = xcalloc(n_households + 1, sizeof *household_codes);
	for (i = 0; i < n_households; i++) {
		const char *ref = cmd_value_at(args, "household", i);

		if (uuid_parse(ref, household_bytes[s.n_household_ids])) {
			household_ids[s.n_household_ids].data =
			    household_bytes[s.n_household_ids];
			household_ids[s.n_household_ids].len = UUID_SIZE;
			s.n_household_ids++;
		} else {
			household_codes[s.n_household_codes++] = (char *)ref;
		}
	}
	s.household_ids = household_ids;
	s.household_codes = household_codes;

	donor_ids = xcalloc(n_donors + 1, sizeof *donor_ids);
	donor_bytes = xcalloc(n_donors + 1, sizeof *donor_bytes);
	for (i = 0; i < n_donors; i++) {
		uuid_parse(cmd_value_at(args, "donor", i), donor_bytes[i]);
		donor_ids[i].data = donor_bytes[i];
		donor_ids[i].len = UUID_SIZE;
	}
	s.n_donor_ids = n_donors;
	s.donor_ids = donor_ids;

	body.distribution = &s;
	req.body_case = ANSINH__V1__REQUEST__BODY_DISTRIBUTION_CREATE;
	req.distribution_create = &body;
	rc = call_write(ctx, &req);
out:
	for (i = 0; i < n_goods; i++)
		check_goods_free(&parts[i]);
	free(parts);
	free(goods);
	free(goods_ptrs);
	free(household_ids);
	free(household_bytes);
	free(household_codes);
	free(donor_ids);
	free(donor_bytes);
	return rc;
}

static enum ansinh_exit
cmd_distribution_list_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__DistributionList body = ANSINH__V1__DISTRIBUTION_LIST__INIT;
	Ansinh__V1__Response *resp;
	const Ansinh__V1__DistributionListReply *reply;
	struct render_table *t;
	enum ansinh_exit rc;
	uint8_t programme[UUID_SIZE];
	long long beneficiaries = 0, value = 0;
	char total[32];
	size_t i;

	if (cmd_given(args, "program")) {
		uuid_parse(cmd_value(args, "program"), programme);
		body.programme_id.data = programme;
		body.programme_id.len = sizeof programme;
	}
	body.ward_code = cmd_string(args, "ward");
	body.from_date = cmd_string(args, "from");
	body.to_date = cmd_string(args, "to");
	body.limit = (uint32_t)cmd_number(args, "limit");
	req.body_case = ANSINH__V1__REQUEST__BODY_DISTRIBUTION_LIST;
	req.distribution_list = &body;
	rc = call_request(ctx, &req, ANSINH__V1__RESPONSE__BODY_DISTRIBUTIONS,
	                  &resp);
	if (rc != ANSINH_EXIT_OK)
		return rc;
	reply = resp->distributions;
	t = render_table_new(cmd_distribution_columns,
	                     CMD_DISTRIBUTION_NCOLUMNS);
	for (i = 0; i < reply->n_distributions; i++) {
		const Ansinh__V1__Distribution *s = reply->distributions[i];
		char *goods = cmd_distribution_goods_text(s);
		char *donors = cmd_distribution_join(s->donor_names,
		                                     s->n_donor_names, "; ");

		render_str(t, s->ward_code);
		render_str(t, s->held_on);
		render_str(t, s->programme_name);
		if (s->residential_group != 0)
			render_int(t, s->residential_group);
		else
			render_null(t);
		if (s->beneficiaries != 0 || s->household_count != 0)
			render_int(t, s->beneficiaries);
		else
			render_null(t);
		render_int(t, s->household_count);
		cmd_render_text(t, donors);
		cmd_render_text(t, goods);
		render_int(t, s->goods_value_vnd);
		cmd_render_id(t, &s->id);
		beneficiaries += s->beneficiaries;
		value += s->goods_value_vnd;
		free(goods);
		free(donors);
	}
	render_list(stdout, ctx->cfg->format, t);
	render_table_free(t);
	if (ctx->cfg->format == RENDER_TABLE && reply->n_distributions > 0) {
		render_thousands(total, sizeof total, value);
		fprintf(stderr,
		        "total: %zu distributions, %lld beneficiaries, %s "
		        "VND of goods\n",
		        reply->n_distributions, beneficiaries, total);
	}
	if (reply->more)
		cmd_error("more distributions match than the %zu shown; raise "
		          "--limit to see them",
		          reply->n_distributions);
	ansinh__v1__response__free_unpacked(resp, NULL);
	return ANSINH_EXIT_OK;
}

/* ---------------------------------------------------------------- helpers */

/* How many different values a repeatable flag was given. */
static size_t
cmd_distribution_distinct(const struct cmd_args *args, const char *name)
{
	size_t n = cmd_count(args, name), i, j, distinct = 0;

	for (i = 0; i < n; i++) {
		const char *v = cmd_value_at(args, name, i);

		for (j = 0; j < i; j++)
			if (strcmp(v, cmd_value_at(args, name, j)) == 0)
				break;
		if (j == i)
			distinct++;
	}
	return distinct;
}

/* "trứng 300 quả; rau 50 kg", or NULL without goods. Caller frees. */
static char *
cmd_distribution_goods_text(const Ansinh__V1__Distribution *s)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f;

	if (s->n_goods == 0)
		return NULL;
	f = open_memstream(&buf, &len);
	if (f == NULL)
		return NULL;
	for (i = 0; i < s->n_goods; i++)
		fprintf(f, "%s%s %s %s", i > 0 ? "; " : "", s->goods[i]->item,
		        s->goods[i]->quantity, s->goods[i]->unit);
	fclose(f);
	return buf;
}

/* The strings joined by sep, or NULL for none. Caller frees. */
static char *
cmd_distribution_join(char **items, size_t n, const char *sep)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f;

	if (n == 0)
		return NULL;
	f = open_memstream(&buf, &len);
	if (f == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		fprintf(f, "%s%s", i > 0 ? sep : "", items[i]);
	fclose(f);
	return buf;
}
