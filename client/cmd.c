/*
 * cmd.c — the command table, the flag parser driven by each entry's flag
 * table, the flags' values as the commands read them, and the help walked
 * from the table (cmd-help.c writes each part). Talking to the daemon is
 * call.c's.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "check.h"
#include "render.h"
#include "rules.h"
#include "uuid.h"
#include "xmalloc.h"

static const struct cmd_noun *cmd_find_noun(const char *name);
static const struct cmd_entry *cmd_find_entry(const struct cmd_noun *noun,
                                              const char *verb);
static int cmd_find_flag(const struct cmd_args *args, const char *name);
static int cmd_flag_index(const struct cmd_args *args, const char *name);
static void cmd_put_flag(Ansinh__V1__Request *req, const struct cmd_flag *flag,
                         const char *value);
static enum ansinh_exit cmd_parse_flag(struct cmd_args *args,
                                       struct config *cfg, int argc,
                                       char **argv, int *i);
static enum ansinh_exit cmd_check_value(const struct cmd_flag *flag,
                                        const char *value);
static enum ansinh_exit cmd_finish(struct cmd_args *args);
static bool cmd_period_backwards(const struct cmd_args *args);
static enum ansinh_exit cmd_flags_together(struct cmd_args *args);
static void cmd_put_ref(Ansinh__V1__Request *req, const char *path,
                        const char *code_path, const char *v);
static void cmd_describe_word(FILE *f, const char *word);

/* The commands, by family (cmd-<family>.c) and then the commands of the
 * outbox and of import and export. */
extern const struct cmd_entry cmd_ward_list_entry;
extern const struct cmd_entry cmd_unit_add_entry;
extern const struct cmd_entry cmd_unit_merge_entry;
extern const struct cmd_entry cmd_unit_list_entry;
extern const struct cmd_entry cmd_unit_show_entry;
extern const struct cmd_entry cmd_unit_import_entry;
extern const struct cmd_entry cmd_household_expect_exit_entry;
extern const struct cmd_entry cmd_standard_add_entry;
extern const struct cmd_entry cmd_standard_list_entry;
extern const struct cmd_entry cmd_standard_indicators_entry;
extern const struct cmd_entry cmd_review_status_entry, cmd_review_request_entry,
    cmd_review_requests_entry;
extern const struct cmd_entry cmd_assess_add_entry;
extern const struct cmd_entry cmd_assess_show_entry;
extern const struct cmd_entry cmd_assess_list_entry;
extern const struct cmd_entry cmd_assess_recognize_entry;
extern const struct cmd_entry cmd_assess_import_entry;
extern const struct cmd_entry cmd_casefile_show_entry;
extern const struct cmd_entry cmd_casefile_set_entry;
extern const struct cmd_entry cmd_casefile_plan_add_entry;
extern const struct cmd_entry cmd_casefile_plan_update_entry;
extern const struct cmd_entry cmd_casefile_note_entry;
extern const struct cmd_entry cmd_report_poverty_entry;
extern const struct cmd_entry cmd_report_summary_entry;
extern const struct cmd_entry cmd_report_funds_entry;
extern const struct cmd_entry cmd_report_needs_entry;
extern const struct cmd_entry cmd_report_programs_entry;
extern const struct cmd_entry cmd_report_employment_entry;
extern const struct cmd_entry cmd_report_units_entry;
extern const struct cmd_entry cmd_report_targets_entry;
extern const struct cmd_entry cmd_household_add_entry;
extern const struct cmd_entry cmd_household_show_entry;
extern const struct cmd_entry cmd_household_list_entry;
extern const struct cmd_entry cmd_household_find_entry;
extern const struct cmd_entry cmd_household_update_entry;
extern const struct cmd_entry cmd_member_add_entry;
extern const struct cmd_entry cmd_member_list_entry;
extern const struct cmd_entry cmd_member_update_entry;
extern const struct cmd_entry cmd_fund_list_entry;
extern const struct cmd_entry cmd_fund_add_entry;
extern const struct cmd_entry cmd_org_add_entry;
extern const struct cmd_entry cmd_org_list_entry;
extern const struct cmd_entry cmd_need_add_entry;
extern const struct cmd_entry cmd_need_verify_entry;
extern const struct cmd_entry cmd_need_approve_entry;
extern const struct cmd_entry cmd_need_reject_entry;
extern const struct cmd_entry cmd_need_withdraw_entry;
extern const struct cmd_entry cmd_need_show_entry;
extern const struct cmd_entry cmd_need_list_entry;
extern const struct cmd_entry cmd_support_add_entry;
extern const struct cmd_entry cmd_support_reverse_entry;
extern const struct cmd_entry cmd_support_show_entry;
extern const struct cmd_entry cmd_support_list_entry;
extern const struct cmd_entry cmd_dialogue_add_entry;
extern const struct cmd_entry cmd_dialogue_list_entry;
extern const struct cmd_entry cmd_program_add_entry;
extern const struct cmd_entry cmd_program_list_entry;
extern const struct cmd_entry cmd_distribution_add_entry;
extern const struct cmd_entry cmd_distribution_list_entry;
extern const struct cmd_entry cmd_pairing_add_entry;
extern const struct cmd_entry cmd_pairing_end_entry;
extern const struct cmd_entry cmd_pairing_list_entry;
extern const struct cmd_entry cmd_job_add_entry;
extern const struct cmd_entry cmd_job_list_entry;
extern const struct cmd_entry cmd_jobweek_add_entry;
extern const struct cmd_entry cmd_jobweek_list_entry;
extern const struct cmd_entry cmd_target_set_entry;
extern const struct cmd_entry cmd_target_list_entry;
extern const struct cmd_entry cmd_grievance_add_entry,
    cmd_grievance_update_entry, cmd_grievance_list_entry,
    cmd_grievance_show_entry;
extern const struct cmd_entry cmd_notice_add_entry, cmd_notice_list_entry,
    cmd_notice_bulletin_entry;
extern const struct cmd_entry cmd_agreement_add_entry, cmd_agreement_list_entry;
extern const struct cmd_entry cmd_audit_history_entry;
extern const struct cmd_entry cmd_member_duplicates_entry;
extern const struct cmd_entry cmd_sync_entry;
extern const struct cmd_entry cmd_outbox_list_entry;
extern const struct cmd_entry cmd_outbox_show_entry;
extern const struct cmd_entry cmd_outbox_drop_entry;
extern const struct cmd_entry cmd_outbox_claim_entry;
extern const struct cmd_entry cmd_import_entry;
extern const struct cmd_entry cmd_export_entry;
extern const struct cmd_entry cmd_audit_access_entry;

const struct cmd_entry *const cmd_table[] = {
    &cmd_ward_list_entry,
    &cmd_unit_add_entry,
    &cmd_unit_merge_entry,
    &cmd_unit_list_entry,
    &cmd_unit_show_entry,
    &cmd_unit_import_entry,
    &cmd_household_add_entry,
    &cmd_household_show_entry,
    &cmd_household_list_entry,
    &cmd_household_find_entry,
    &cmd_household_update_entry,
    &cmd_household_expect_exit_entry,
    &cmd_member_add_entry,
    &cmd_member_list_entry,
    &cmd_member_update_entry,
    &cmd_need_add_entry,
    &cmd_need_verify_entry,
    &cmd_need_approve_entry,
    &cmd_need_reject_entry,
    &cmd_need_withdraw_entry,
    &cmd_need_show_entry,
    &cmd_need_list_entry,
    &cmd_support_add_entry,
    &cmd_support_reverse_entry,
    &cmd_support_show_entry,
    &cmd_support_list_entry,
    &cmd_fund_list_entry,
    &cmd_fund_add_entry,
    &cmd_org_add_entry,
    &cmd_org_list_entry,
    &cmd_dialogue_add_entry,
    &cmd_dialogue_list_entry,
    &cmd_program_add_entry,
    &cmd_program_list_entry,
    &cmd_distribution_add_entry,
    &cmd_distribution_list_entry,
    &cmd_pairing_add_entry,
    &cmd_pairing_end_entry,
    &cmd_pairing_list_entry,
    &cmd_job_add_entry,
    &cmd_job_list_entry,
    &cmd_jobweek_add_entry,
    &cmd_jobweek_list_entry,
    &cmd_target_set_entry,
    &cmd_target_list_entry,
    &cmd_standard_add_entry,
    &cmd_standard_list_entry,
    &cmd_standard_indicators_entry,
    &cmd_review_status_entry,
    &cmd_review_request_entry,
    &cmd_review_requests_entry,
    &cmd_assess_add_entry,
    &cmd_assess_show_entry,
    &cmd_assess_list_entry,
    &cmd_assess_recognize_entry,
    &cmd_assess_import_entry,
    &cmd_casefile_show_entry,
    &cmd_casefile_set_entry,
    &cmd_casefile_plan_add_entry,
    &cmd_casefile_plan_update_entry,
    &cmd_casefile_note_entry,
    &cmd_report_poverty_entry,
    &cmd_report_summary_entry,
    &cmd_report_funds_entry,
    &cmd_report_needs_entry,
    &cmd_report_programs_entry,
    &cmd_report_employment_entry,
    &cmd_report_units_entry,
    &cmd_report_targets_entry,
    &cmd_grievance_add_entry,
    &cmd_grievance_update_entry,
    &cmd_grievance_list_entry,
    &cmd_grievance_show_entry,
    &cmd_notice_add_entry,
    &cmd_notice_list_entry,
    &cmd_notice_bulletin_entry,
    &cmd_agreement_add_entry,
    &cmd_agreement_list_entry,
    &cmd_member_duplicates_entry,
    &cmd_sync_entry,
    &cmd_outbox_list_entry,
    &cmd_outbox_show_entry,
    &cmd_outbox_drop_entry,
    &cmd_outbox_claim_entry,
    &cmd_import_entry,
    &cmd_export_entry,
    &cmd_audit_access_entry,
    &cmd_audit_history_entry,
    NULL,
};

const struct cmd_noun cmd_nouns[] = {
    {"ward", "the wards of the district"},
    {"unit", "administrative units: cities, districts, wards, merges"},
    {"household", "poor and near-poor households"},
    {"member", "the people of a household"},
    {"need", "needs surveyed per household, and their approval"},
    {"support", "support given: the money ledger"},
    {"fund", "the funds support is paid from"},
    {"org", "sponsoring and donating organizations"},
    {"dialogue", "dialogues with poor households"},
    {"program", "community programmes run by organizations"},
    {"distribution",
     "what a programme gave each time: goods, beneficiaries, donors"},
    {"pairing", "sponsorship pairings of organizations and households"},
    {"job", "employment events: placements, training, referrals"},
    {"jobweek", "job weeks hosted by the wards"},
    {"target", "the district's yearly targets"},
    {"standard", "poverty standards and the indicators each counts"},
    {"assess", "yearly poverty assessments and their recognition"},
    {"review", "how far the yearly poverty review has come; ad-hoc review "
               "requests"},
    {"casefile", "a household's case file and plan of solutions"},
    {"report", "district reports: summary, funds, needs, programmes, "
               "employment, units, targets, poverty"},
    {"grievance", "complaints and feedback received, handled and answered"},
    {"notice", "the weekly job notices and their Zalo bulletin"},
    {"agreement", "coordination agreements signed with the associations"},
    {"sync", "send the writes queued in the offline outbox"},
    {"outbox", "the writes queued while the daemon was unreachable"},
    {"import", "load a CSV file of records"},
    {"export", "write records as CSV that import takes back"},
    {"audit", "who read whose personal data; who recorded and changed a "
              "record"},
    {NULL, NULL},
};

enum ansinh_exit
cmd_parse(int argc, char **argv, struct config *cfg, struct cmd_args *args,
          bool *help_done)
{
	const struct cmd_noun *noun;
	const struct cmd_entry *entry;
	enum ansinh_exit rc;
	bool dashdash = false;
	size_t nargs;
	int i, first = 2;

	*help_done = false;
	memset(args, 0, sizeof *args);
	noun = cmd_find_noun(argv[0]);
	if (noun == NULL) {
		cmd_error("unknown command '%s'", argv[0]);
		cmd_usage_main(stderr);
		return ANSINH_EXIT_USAGE;
	}
	entry = cmd_find_entry(noun, NULL);
	if (entry != NULL) {
		/* The noun is the command: what follows is its arguments. */
		first = 1;
		goto parse;
	}
	if (argc < 2) {
		cmd_error("%s: missing verb", noun->name);
		cmd_usage_noun(stderr, noun, cmd_table);
		return ANSINH_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		cmd_help_noun(stdout, noun, cmd_table);
		*help_done = true;
		return ANSINH_EXIT_OK;
	}
	entry = cmd_find_entry(noun, argv[1]);
	if (entry == NULL) {
		cmd_error("%s: unknown verb '%s'", noun->name, argv[1]);
		cmd_usage_noun(stderr, noun, cmd_table);
		return ANSINH_EXIT_USAGE;
	}
parse:
	args->entry = entry;
	args->nflags = cmd_entry_flags(entry, args->flags);
	for (nargs = 0; cmd_entry_args(entry)[nargs].metavar != NULL; nargs++)
		;
	for (i = first; i < argc; i++) {
		if (!dashdash && (strcmp(argv[i], "--help") == 0 ||
		                  strcmp(argv[i], "-h") == 0)) {
			cmd_help_entry(stdout, entry);
			*help_done = true;
			return ANSINH_EXIT_OK;
		}
	}
	for (i = first; i < argc; i++) {
		if (!dashdash && strcmp(argv[i], "--") == 0) {
			dashdash = true;
			continue;
		}
		if (!dashdash && argv[i][0] == '-' && argv[i][1] != '\0') {
			rc = cmd_parse_flag(args, cfg, argc, argv, &i);
			if (rc != ANSINH_EXIT_OK)
				return rc;
			continue;
		}
		if (args->argc == nargs)
			return cmd_usage_error(args, "unexpected argument '%s'",
			                       argv[i]);
		args->argv[args->argc++] = argv[i];
	}
	return cmd_finish(args);
}

void
cmd_error(const char *fmt, ...)
{
	va_list ap;

	fputs("ansinh: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

enum ansinh_exit
cmd_usage_error(const struct cmd_args *args, const char *fmt, ...)
{
	char name[64];
	va_list ap;

	fputs("ansinh: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cmd_usage_entry(stderr, args->entry, false);
	fprintf(stderr, "Run 'ansinh %s --help' for the flags.\n",
	        cmd_entry_name(args->entry, name, sizeof name));
	return ANSINH_EXIT_USAGE;
}

void
cmd_help_main(FILE *out)
{
	cmd_help_table(out, cmd_table);
}

void
cmd_usage_main(FILE *out)
{
	cmd_usage_nouns(out, cmd_nouns);
}

const char *
cmd_value(const struct cmd_args *args, const char *name)
{
	int i;

	i = cmd_flag_index(args, name);
	if (args->given[i] != 0)
		return args->values[i];
	return args->flags[i].deflt;
}

bool
cmd_given(const struct cmd_args *args, const char *name)
{
	return args->given[cmd_flag_index(args, name)] != 0;
}

char *
cmd_string(const struct cmd_args *args, const char *name)
{
	const char *v;

	v = cmd_value(args, name);
	return (char *)(v != NULL ? v : "");
}

int
cmd_toggle(const struct cmd_args *args, const char *name)
{
	int given;

	given = args->given[cmd_flag_index(args, name)];
	return given == 0 ? -1 : given > 0;
}

int
cmd_word(const struct cmd_args *args, const char *name)
{
	const struct cmd_flag *flag;
	const char *value;
	int v;

	flag = &args->flags[cmd_flag_index(args, name)];
	value = cmd_value(args, name);
	if (value == NULL || flag->parse == NULL)
		return 0;
	v = flag->parse(value);
	return v < 0 ? 0 : v;
}

size_t
cmd_count(const struct cmd_args *args, const char *name)
{
	size_t i, n = 0;
	int f;

	f = cmd_flag_index(args, name);
	for (i = 0; i < args->nrepeats; i++) {
		if (args->repeat_flag[i] == f)
			n++;
	}
	return n;
}

const char *
cmd_value_at(const struct cmd_args *args, const char *name, size_t at)
{
	size_t i, n = 0;
	int f;

	f = cmd_flag_index(args, name);
	for (i = 0; i < args->nrepeats; i++) {
		if (args->repeat_flag[i] == f && n++ == at)
			return args->repeats[i];
	}
	return NULL;
}

long
cmd_number(const struct cmd_args *args, const char *name)
{
	const char *value;
	long n;

	value = cmd_value(args, name);
	if (value == NULL || !check_parse_long(value, &n))
		return 0;
	return n;
}

size_t
cmd_values(const struct cmd_args *args, const char *name, const char **out,
           size_t max)
{
	size_t i, n = 0;
	int f;

	f = cmd_flag_index(args, name);
	for (i = 0; i < args->nrepeats; i++) {
		if (args->repeat_flag[i] != f)
			continue;
		if (n < max)
			out[n] = args->repeats[i];
		n++;
	}
	return n;
}

Ansinh__V1__Request *
cmd_record_request(const struct cmd_args *args)
{
	const struct record_field *f;
	Ansinh__V1__Request *req;
	uint8_t id[UUID_SIZE];
	const char *v;
	size_t i;

	if (!uuid7_generate(id)) {
		cmd_error("cannot generate an id: the system's random source "
		          "failed");
		return NULL;
	}
	req = record_request_new(args->entry->record->body);
	for (f = args->entry->record->fields; !record_field_end(f); f++) {
		if (f->type == RECORD_SELF &&
		    !record_put_bytes(req, f->path, id, sizeof id))
			record_missing(f->path);
	}
	for (i = 0; i < args->nflags; i++) {
		f = args->flags[i].field;
		if (f == NULL || f->type == RECORD_FAMILY)
			continue;
		v = args->given[i] != 0 ? args->values[i]
		                        : args->flags[i].deflt;
		if (args->given[i] != 0 || v != NULL)
			cmd_put_flag(req, &args->flags[i], v);
	}
	return req;
}

const struct cmd_flag cmd_flags_ward[] = {
    CMD_FLAG_WARD,
    {.name = NULL},
};

const struct cmd_arg *
cmd_entry_args(const struct cmd_entry *entry)
{
	static const struct cmd_arg none[] = {{.metavar = NULL}};

	return entry->args != NULL ? entry->args : none;
}

Ansinh__V1__Request *
cmd_flags_request(const struct cmd_args *args,
                  Ansinh__V1__Request__BodyCase body_case)
{
	const struct cmd_flag *flag;
	const struct cmd_arg *arg;
	Ansinh__V1__Request *req;
	const char *v;
	size_t i;
	int n;

	req = record_request_new(body_case);
	for (arg = cmd_entry_args(args->entry), i = 0;
	     i < args->argc && arg->metavar != NULL; arg++, i++) {
		if (arg->path != NULL)
			cmd_put_ref(req, arg->path, arg->code_path,
			            args->argv[i]);
	}
	for (i = 0; i < args->nflags; i++) {
		flag = &args->flags[i];
		v = args->given[i] != 0 ? args->values[i] : flag->deflt;
		if (flag->path == NULL ||
		    (flag->kind == CMD_VALUE ? v == NULL : args->given[i] == 0))
			continue;
		if (flag->kind != CMD_VALUE) {
			if (!record_put_int(req, flag->path,
			                    args->given[i] > 0))
				record_missing(flag->path);
		} else if (flag->parse != NULL) {
			n = flag->parse(v);
			if (n > 0 && !record_put_int(req, flag->path, n))
				record_missing(flag->path);
		} else {
			cmd_put_ref(req, flag->path, flag->code_path, v);
		}
	}
	return req;
}

/* v at path, or at code_path when there is one and v is not a UUID. */
static void
cmd_put_ref(Ansinh__V1__Request *req, const char *path, const char *code_path,
            const char *v)
{
	uint8_t id[UUID_SIZE];

	if (code_path != NULL && !uuid_parse(v, id))
		path = code_path;
	if (!record_put_text(req, path, v))
		record_missing(path);
}

char *
cmd_describe(const struct cmd_ctx *ctx)
{
	const struct cmd_args *args = ctx->args;
	const struct cmd_flag *flag;
	char *buf = NULL, name[64];
	size_t len = 0, i;
	FILE *f;

	if (args == NULL || args->entry == NULL)
		return xstrdup("");
	f = open_memstream(&buf, &len);
	if (f == NULL)
		return xstrdup("");
	fputs(cmd_entry_name(args->entry, name, sizeof name), f);
	for (i = 0; i < args->argc; i++) {
		fputc(' ', f);
		cmd_describe_word(f, args->argv[i]);
	}
	for (i = 0; i < args->nflags; i++) {
		flag = &args->flags[i];
		if (args->given[i] == 0)
			continue;
		fprintf(f, " --%s%s", args->given[i] < 0 ? "no-" : "",
		        flag->name);
		if (flag->kind == CMD_VALUE) {
			fputc(' ', f);
			cmd_describe_word(f, args->values[i]);
		}
	}
	fclose(f);
	return buf != NULL ? buf : xstrdup("");
}

void
cmd_render_text(struct render_table *t, const char *s)
{
	render_str(t, s != NULL && s[0] != '\0' ? s : NULL);
}

void
cmd_render_id(struct render_table *t, const ProtobufCBinaryData *id)
{
	char s[UUID_STR_SIZE];

	if (id->len != UUID_SIZE) {
		render_null(t);
		return;
	}
	uuid_format(id->data, s);
	render_str(t, s);
}

/* ---------------------------------------------------------------- helpers */

static const struct cmd_noun *
cmd_find_noun(const char *name)
{
	const struct cmd_noun *n;

	for (n = cmd_nouns; n->name != NULL; n++) {
		if (strcmp(n->name, name) == 0)
			return n;
	}
	return NULL;
}

static const struct cmd_entry *
cmd_find_entry(const struct cmd_noun *noun, const char *verb)
{
	const struct cmd_entry *const *e;

	for (e = cmd_table; *e != NULL; e++) {
		if (strcmp((*e)->noun, noun->name) != 0)
			continue;
		if (verb == NULL
		        ? (*e)->verb == NULL
		        : (*e)->verb != NULL && strcmp((*e)->verb, verb) == 0)
			return *e;
	}
	return NULL;
}

/* The index of a flag of the command, or -1. */
static int
cmd_find_flag(const struct cmd_args *args, const char *name)
{
	size_t i;

	for (i = 0; i < args->nflags; i++) {
		if (strcmp(args->flags[i].name, name) == 0)
			return (int)i;
	}
	return -1;
}

/* The same for a name the code uses: a missing one is a bug. */
static int
cmd_flag_index(const struct cmd_args *args, const char *name)
{
	char what[64];
	int i;

	i = cmd_find_flag(args, name);
	if (i < 0) {
		cmd_error("internal error: %s has no flag --%s",
		          cmd_entry_name(args->entry, what, sizeof what), name);
		abort();
	}
	return i;
}

/*
 * One flag at argv[*i]: a flag of the command, its --no- form, or a global
 * flag; its value from "=value" or the next word (then *i moves past it).
 */
static enum ansinh_exit
cmd_parse_flag(struct cmd_args *args, struct config *cfg, int argc, char **argv,
               int *i)
{
	const struct cmd_flag *flag;
	const char *arg = argv[*i], *value = NULL, *eq;
	char name[64];
	size_t len;
	int f, option, state = 1;

	if (arg[1] != '-')
		return cmd_usage_error(args, "unknown flag %s", arg);
	eq = strchr(arg + 2, '=');
	len = eq != NULL ? (size_t)(eq - arg - 2) : strlen(arg + 2);
	if (len == 0 || len >= sizeof name)
		return cmd_usage_error(args, "unknown flag %s", arg);
	memcpy(name, arg + 2, len);
	name[len] = '\0';

	f = cmd_find_flag(args, name);
	if (f < 0 && strncmp(name, "no-", 3) == 0) {
		f = cmd_find_flag(args, name + 3);
		if (f >= 0 && args->flags[f].kind != CMD_TOGGLE)
			f = -1;
		state = -1;
	}
	if (f < 0) {
		option = config_take_flag(cfg, name, eq, argc, argv, i);
		if (option == 0)
			return cmd_usage_error(args, "unknown flag --%s", name);
		if (option < 0)
			return cmd_usage_error(args, "--%s needs a value",
			                       name);
		return ANSINH_EXIT_OK;
	}
	flag = &args->flags[f];
	if (args->given[f] != 0 && !(flag->attrs & CMD_REPEAT)) {
		if (flag->kind == CMD_TOGGLE)
			return cmd_usage_error(args,
			                       "--%s or --no-%s given "
			                       "more than once",
			                       flag->name, flag->name);
		return cmd_usage_error(args, "--%s given more than once",
		                       flag->name);
	}
	if (flag->kind != CMD_VALUE) {
		if (eq != NULL)
			return cmd_usage_error(args, "--%s takes no value",
			                       name);
		args->given[f] = state;
		return ANSINH_EXIT_OK;
	}
	if (eq != NULL)
		value = eq + 1;
	else if (*i + 1 < argc && strncmp(argv[*i + 1], "--", 2) != 0)
		value = argv[++*i];
	else
		return cmd_usage_error(
		    args, "--%s needs a value (%s)", flag->name,
		    flag->metavar != NULL ? flag->metavar : flag->words());
	if (flag->attrs & CMD_REPEAT) {
		if (args->nrepeats == CMD_REPEAT_MAX)
			return cmd_usage_error(args,
			                       "too many repeated flags "
			                       "(at most %d)",
			                       CMD_REPEAT_MAX);
		args->repeats[args->nrepeats] = value;
		args->repeat_flag[args->nrepeats++] = f;
	}
	args->given[f] = 1;
	args->values[f] = value;
	return cmd_check_value(flag, value);
}

/* The local check of one value: "ansinh: --citizen-id: must be 12 digits". */
static enum ansinh_exit
cmd_check_value(const struct cmd_flag *flag, const char *value)
{
	const char *why = "is not valid";

	if (flag->parse != NULL && flag->parse(value) < 0) {
		cmd_error("--%s: must be one of %s", flag->name, flag->words());
		return ANSINH_EXIT_USAGE;
	}
	if (flag->check != NULL && !flag->check(value, &why)) {
		cmd_error("--%s: %s", flag->name, why);
		return ANSINH_EXIT_USAGE;
	}
	return ANSINH_EXIT_OK;
}

/* Whether --to is before --from: the one check of every command that
 * takes a period as the two dates (YYYY-MM-DD, checked when parsed, so
 * that their order is the strings'). */
static bool
cmd_period_backwards(const struct cmd_args *args)
{
	int from = cmd_find_flag(args, "from");
	int to = cmd_find_flag(args, "to");

	return from >= 0 && to >= 0 && args->flags[from].check == check_date &&
	       args->flags[to].check == check_date && args->given[from] > 0 &&
	       args->given[to] > 0 &&
	       strcmp(args->values[from], args->values[to]) > 0;
}

/* Flags given together that must not be (.excludes), or none given of
 * those of which one must be (CMD_ONE_OF): the usage error. */
static enum ansinh_exit
cmd_flags_together(struct cmd_args *args)
{
	char names[256];
	size_t len = 0, f;
	bool one_of = false;
	int o;

	names[0] = '\0';
	for (f = 0; f < args->nflags; f++) {
		if (args->flags[f].attrs & CMD_ONE_OF) {
			if (args->given[f] != 0)
				one_of = true;
			if (len < sizeof names)
				len += (size_t)snprintf(
				    names + len, sizeof names - len, "%s--%s",
				    len > 0 ? " or " : "", args->flags[f].name);
		}
		if (args->flags[f].excludes == NULL || args->given[f] == 0)
			continue;
		o = cmd_find_flag(args, args->flags[f].excludes);
		if (o >= 0 && args->given[o] != 0)
			return cmd_usage_error(
			    args, "--%s and --%s go separately",
			    args->flags[f].name, args->flags[o].name);
	}
	if (len > 0 && !one_of)
		return cmd_usage_error(args, "give %s", names);
	return ANSINH_EXIT_OK;
}

/* After the last word: required flags and arguments present, arguments
 * valid, a period not backwards, flags that go together. */
static enum ansinh_exit
cmd_finish(struct cmd_args *args)
{
	const struct cmd_arg *eargs = cmd_entry_args(args->entry);
	const char *why = "is not valid";
	size_t n;
	int f;

	for (n = 0; eargs[n].metavar != NULL; n++) {
		if (n >= args->argc)
			return cmd_usage_error(args, "missing argument %s",
			                       eargs[n].metavar);
	}
	for (f = 0; f < (int)args->nflags; f++) {
		if ((args->flags[f].attrs & CMD_REQUIRED) &&
		    args->given[f] == 0)
			return cmd_usage_error(args,
			                       "missing required flag "
			                       "--%s",
			                       args->flags[f].name);
	}
	if (cmd_period_backwards(args))
		return cmd_usage_error(args, "--to must not be before --from");
	if (cmd_flags_together(args) != ANSINH_EXIT_OK)
		return ANSINH_EXIT_USAGE;
	for (n = 0; n < args->argc; n++) {
		if (eargs[n].check != NULL &&
		    !eargs[n].check(args->argv[n], &why)) {
			cmd_error("%s: %s", eargs[n].metavar, why);
			return ANSINH_EXIT_USAGE;
		}
	}
	return ANSINH_EXIT_OK;
}

/* A word as a shell would need it: as is when plain, else in single quotes
 * (a quote inside written '\''). */
static void
cmd_describe_word(FILE *f, const char *word)
{
	const char *p;

	if (word[0] != '\0' &&
	    strspn(word, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                 "abcdefghijklmnopqrstuvwxyz0123456789-_./:+@,=") ==
	        strlen(word)) {
		fputs(word, f);
		return;
	}
	/* Multibyte letters are plain too, but quoting them is harmless. */
	fputc('\'', f);
	for (p = word; *p != '\0'; p++) {
		if (*p == '\'')
			fputs("'\\''", f);
		else
			fputc(*p, f);
	}
	fputc('\'', f);
}

/* A flag's value at its field's path, by the field's type (the value was
 * checked when it was parsed). */
static void
cmd_put_flag(Ansinh__V1__Request *req, const struct cmd_flag *flag,
             const char *value)
{
	const struct record_field *f = flag->field;
	uint8_t id[UUID_SIZE];
	long long amount = 0;
	long n = 0;
	bool put;

	switch (f->type) {
	case RECORD_BOOL:
		put = record_put_int(req, f->path, 1);
		break;
	case RECORD_NUMBER:
		(void)check_parse_long(value, &n);
		put = record_put_int(req, f->path, n);
		break;
	case RECORD_VND:
		(void)check_parse_vnd(value, &amount);
		put = record_put_int(req, f->path, amount);
		break;
	case RECORD_WORD:
		n = f->words->parse(value);
		put = n <= 0 || record_put_int(req, f->path, n);
		break;
	case RECORD_ID:
	case RECORD_SELF:
		put = uuid_parse(value, id) &&
		      record_put_bytes(req, f->path, id, sizeof id);
		break;
	case RECORD_REF:
		if (uuid_parse(value, id))
			put = record_put_bytes(req, f->id_path, id, sizeof id);
		else
			put = record_put_string(req, f->path, value);
		break;
	case RECORD_FAMILY:
		return;
	default:
		put = record_put_string(req, f->path, value);
		break;
	}
	if (!put)
		record_missing(f->path);
}
