/*
 * cmd-notice.c — `ansinh notice add|list|bulletin`: the weekly job notices
 * (thông báo việc làm) a ward or the district puts out every Thursday —
 * recruitment needs, labour-export offers, free vocational training — and
 * the channels each went out on; the week's notices as one Vietnamese text
 * ready to paste into a Zalo group.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "cmd.h"
#include "render.h"
#include "rules.h"
#include "uuid.h"
#include "view.h"
#include "xmalloc.h"

static enum ansinh_exit cmd_notice_add_exec(struct cmd_ctx *ctx,
                                            const struct cmd_args *args);
static enum ansinh_exit cmd_notice_bulletin_exec(struct cmd_ctx *ctx,
                                                 const struct cmd_args *args);
static const char *cmd_notice_kinds(void);
static int cmd_notice_kind(const char *s);
static const char *cmd_notice_channels(void);
static int cmd_notice_channel(const char *s);
static bool cmd_notice_check_employer(const char *v, const char **why);
static bool cmd_notice_check_apply(const char *v, const char **why);
static bool cmd_notice_check_note(const char *v, const char **why);
static bool cmd_notice_check_positions(const char *v, const char **why);

/* Most positions a notice offers, and most characters of where to apply
 * and of the note (as the daemon's rules). */
#define CMD_NOTICE_POSITIONS_MAX 100000
#define CMD_NOTICE_APPLY_MAX     500
#define CMD_NOTICE_NOTE_MAX      1000
#define CMD_NOTICE_CHANNELS_MAX  3

/* Columns of `notice list`. */
static const struct view_col cmd_notice_columns[] = {
    VIEW("ward", "ward_code"),
    VIEW("date", "notice_on"),
    VIEW("kind", "kind"),
    VIEW_F("employer", "employer", VIEW_VERBATIM),
    VIEW_F("positions", "positions", VIEW_NONZERO),
    VIEW_F("apply_at", "apply_at", VIEW_VERBATIM),
    VIEW("channels", "channels"),
    VIEW("note", "note"),
    VIEW("id", "id"),
};

/* Fields of `notice bulletin` in CSV and JSON. */
static const char *const cmd_notice_bulletin_fields[] = {
    "week_start",
    "week_end",
    "notices",
    "text",
};
#define CMD_NOTICE_NBULLETIN                                                   \
	(sizeof cmd_notice_bulletin_fields /                                   \
	 sizeof cmd_notice_bulletin_fields[0])

static const struct cmd_flag cmd_notice_add_flags[] = {
    {.name = "kind",
     .kind = CMD_VALUE,
     .attrs = CMD_REQUIRED,
     .words = cmd_notice_kinds,
     .parse = cmd_notice_kind,
     .help = "recruitment (tuyển dụng), labour-export (xuất khẩu lao động) "
             "or training (đào tạo nghề miễn phí)"},
    {.name = "employer",
     .kind = CMD_VALUE,
     .metavar = "NAME",
     .attrs = CMD_REQUIRED,
     .check = cmd_notice_check_employer,
     .help = "the employer, or for training the trade taught"},
    {.name = "apply",
     .kind = CMD_VALUE,
     .metavar = "TEXT",
     .attrs = CMD_REQUIRED,
     .check = cmd_notice_check_apply,
     .help = "where and how to apply, up to 500 characters"},
    {.name = "positions",
     .kind = CMD_VALUE,
     .metavar = "N",
     .check = cmd_notice_check_positions,
     .help = "positions (or training places) offered, 1..100000"},
    {.name = "channel",
     .kind = CMD_VALUE,
     .attrs = CMD_REPEAT,
     .words = cmd_notice_channels,
     .parse = cmd_notice_channel,
     .help = "a channel it went out on: ward-website, zalo (the "
             "residential groups' Zalo groups) or district-news"},
    {.name = "date",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .check = check_past_date,
     .help = "the day it was put out (default: today)"},
    {.name = "note",
     .kind = CMD_VALUE,
     .metavar = "TEXT",
     .check = cmd_notice_check_note,
     .help = "anything else: wages, conditions, deadline"},
    {.name = "district-wide",
     .kind = CMD_SWITCH,
     .help = "a notice of the district (district tokens only; no --ward)"},
    CMD_FLAG_WARD,
    {.name = NULL},
};

static const struct cmd_flag cmd_notice_list_flags[] = {
    {.name = "kind",
     .path = "kind",
     .kind = CMD_VALUE,
     .words = cmd_notice_kinds,
     .parse = cmd_notice_kind,
     .help = "only notices of this kind"},
    {.name = "from",
     .path = "from_date",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .check = check_date,
     .help = "only those put out on or after this day"},
    {.name = "to",
     .path = "to_date",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .check = check_date,
     .help = "only those put out on or before this day"},
    CMD_FLAG_WARD_AT("ward_code"),
    CMD_FLAG_LIMIT("notices"),
    {.name = NULL},
};

static const struct cmd_flag cmd_notice_bulletin_flags[] = {
    {.name = "week",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .check = check_date,
     .help = "a day of the week (Monday to Sunday) (default: today)"},
    CMD_FLAG_WARD,
    {.name = NULL},
};

const struct cmd_entry cmd_notice_add_entry = {
    .noun = "notice",
    .verb = "add",
    .summary = "Record a job notice put out.",
    .help = "Record a job notice — a recruitment need, a labour-export "
            "offer or free\nvocational training — with where to apply and "
            "the channels it went out on,\nand print its new id. A ward "
            "token records its ward's; a district token\nnames the ward, or "
            "gives --district-wide for the district's own.",
    .flags = cmd_notice_add_flags,
    .exec = cmd_notice_add_exec,
};

static const struct view_list cmd_notice_list_view = VIEW_LIST(
    NOTICE_LIST, NOTICES, .rows = "notices", VIEW_COLS(cmd_notice_columns));

const struct cmd_entry cmd_notice_list_entry = {
    .noun = "notice",
    .verb = "list",
    .summary = "List job notices.",
    .help = "List job notices, oldest first: a ward's own and the "
            "district's (ward\nempty). Columns: ward, date, kind, employer, "
            "positions, apply_at, channels,\nnote, id.",
    .flags = cmd_notice_list_flags,
    .list = &cmd_notice_list_view,
    .exec = view_list_exec,
};

const struct cmd_entry cmd_notice_bulletin_entry = {
    .noun = "notice",
    .verb = "bulletin",
    .summary = "Print the week's job notices as one Vietnamese text.",
    .help = "Print the job notices of the week (Monday to Sunday) that "
            "holds --week as\none Vietnamese text, ready to paste into a "
            "Zalo group: recruitment, labour\nexport, then training, each "
            "with where to apply. A ward's bulletin holds its\nown notices "
            "and the district's. --format csv or json prints the week and\n"
            "the count beside the text.",
    .flags = cmd_notice_bulletin_flags,
    .exec = cmd_notice_bulletin_exec,
};

/* ---------------------------------------------------------------- words */

static const char *
cmd_notice_kinds(void)
{
	return names_list(names_for_enum(&ansinh__v1__notice_kind__descriptor));
}

static int
cmd_notice_kind(const char *s)
{
	return names_value(names_for_enum(&ansinh__v1__notice_kind__descriptor),
	                   s);
}

static const char *
cmd_notice_channels(void)
{
	return names_list(
	    names_for_enum(&ansinh__v1__notice_channel__descriptor));
}

static int
cmd_notice_channel(const char *s)
{
	return names_value(
	    names_for_enum(&ansinh__v1__notice_channel__descriptor), s);
}

/* ---------------------------------------------------------------- checks */

static bool
cmd_notice_check_employer(const char *v, const char **why)
{
	return rule_text(v, RULE_NAME_MAX, true, false, why);
}

static bool
cmd_notice_check_apply(const char *v, const char **why)
{
	return rule_text(v, CMD_NOTICE_APPLY_MAX, true, false, why);
}

static bool
cmd_notice_check_note(const char *v, const char **why)
{
	return rule_text(v, CMD_NOTICE_NOTE_MAX, false, true, why);
}

static bool
cmd_notice_check_positions(const char *v, const char **why)
{
	long n;

	if (!check_parse_long(v, &n) || n < 1 || n > CMD_NOTICE_POSITIONS_MAX) {
		*why = "must be a whole number from 1 to 100000";
		return false;
	}
	return true;
}

/* The channels of n as "ward-website,zalo", or NULL when none. Owned by
 * the caller. */
/* ---------------------------------------------------------------- commands */

static enum ansinh_exit
cmd_notice_add_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__NoticeCreate body = ANSINH__V1__NOTICE_CREATE__INIT;
	Ansinh__V1__JobNotice n = ANSINH__V1__JOB_NOTICE__INIT;
	Ansinh__V1__NoticeChannel channels[CMD_NOTICE_CHANNELS_MAX];
	const char *values[CMD_NOTICE_CHANNELS_MAX + 1];
	uint8_t id[UUID_SIZE];
	size_t nvalues, i, j;

	if (cmd_given(args, "district-wide") && cmd_given(args, "ward"))
		return cmd_usage_error(args, "--district-wide and --ward "
		                             "exclude each other");
	nvalues = cmd_values(args, "channel", values, CMD_NOTICE_CHANNELS_MAX);
	if (nvalues > CMD_NOTICE_CHANNELS_MAX)
		return cmd_usage_error(args, "--channel: at most 3 channels");
	for (i = 0; i < nvalues; i++) {
		channels[i] =
		    (Ansinh__V1__NoticeChannel)cmd_notice_channel(values[i]);
		for (j = 0; j < i; j++)
			if (channels[j] == channels[i])
				return cmd_usage_error(
				    args, "--channel: %s is given twice",
				    values[i]);
	}
	if (!uuid7_generate(id)) {
		cmd_error("cannot generate an id: the system's random source "
		          "failed");
		return ANSINH_EXIT_USAGE;
	}
	n.id.data = id;
	n.id.len = sizeof id;
	n.ward_code = cmd_string(args, "ward");
	n.district_wide = cmd_given(args, "district-wide");
	n.notice_on = cmd_string(args, "date");
	n.kind = (Ansinh__V1__NoticeKind)cmd_word(args, "kind");
	n.employer = cmd_string(args, "employer");
	n.positions = (uint32_t)cmd_number(args, "positions");
	n.apply_at = cmd_string(args, "apply");
	n.n_channels = nvalues;
	n.channels = channels;
	n.note = cmd_string(args, "note");
	body.notice = &n;
	req.body_case = ANSINH__V1__REQUEST__BODY_NOTICE_CREATE;
	req.notice_create = &body;
	return call_write(ctx, &req);
}

static enum ansinh_exit
cmd_notice_bulletin_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__NoticeBulletin body = ANSINH__V1__NOTICE_BULLETIN__INIT;
	Ansinh__V1__Response *resp;
	const Ansinh__V1__Bulletin *b;
	struct render_table *rec;
	enum ansinh_exit rc;

	body.ward_code = cmd_string(args, "ward");
	body.week = cmd_string(args, "week");
	req.body_case = ANSINH__V1__REQUEST__BODY_NOTICE_BULLETIN;
	req.notice_bulletin = &body;
	rc =
	    call_request(ctx, &req, ANSINH__V1__RESPONSE__BODY_BULLETIN, &resp);
	if (rc != ANSINH_EXIT_OK)
		return rc;
	b = resp->bulletin->bulletin;
	if (b == NULL) {
		cmd_error("protocol error from %s: the reply holds no bulletin",
		          ctx->cfg->server);
		ansinh__v1__response__free_unpacked(resp, NULL);
		return ANSINH_EXIT_PROTOCOL;
	}
	if (ctx->cfg->format == RENDER_TABLE) {
		/* The text as it is pasted: nothing around it. */
		printf("%s\n", b->text);
	} else {
		rec = render_table_new(cmd_notice_bulletin_fields,
		                       CMD_NOTICE_NBULLETIN);
		render_str(rec, b->week_start);
		render_str(rec, b->week_end);
		render_int(rec, b->notice_count);
		render_str(rec, b->text);
		render_record(stdout, ctx->cfg->format, rec, NULL, NULL);
		render_table_free(rec);
	}
	ansinh__v1__response__free_unpacked(resp, NULL);
	return ANSINH_EXIT_OK;
}
