/*
 * cmd-dialogue.c — `ansinh dialogue add|list`: dialogues a ward holds with
 * poor households, and who attended.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "cmd.h"
#include "render.h"
#include "uuid.h"
#include "xmalloc.h"
#include "view.h"

/* Most households one dialogue may name (the daemon's limit). */
#define CMD_DIALOGUE_HOUSEHOLDS_MAX 1000

static enum ansinh_exit cmd_dialogue_add_exec(struct cmd_ctx *ctx,
                                              const struct cmd_args *args);

static const struct cmd_flag cmd_dialogue_add_flags[] = {
    {.name = "date",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .attrs = CMD_REQUIRED,
     .check = check_past_date,
     .help = "the day it was held"},
    {.name = "title",
     .kind = CMD_VALUE,
     .metavar = "T",
     .attrs = CMD_REQUIRED,
     .check = check_title,
     .help = "title, e.g. \"Đối thoại với hộ nghèo 2024\""},
    {.name = "note",
     .kind = CMD_VALUE,
     .metavar = "TEXT",
     .check = check_note,
     .help = "notes of what was said"},
    {.name = "household",
     .kind = CMD_VALUE,
     .metavar = "ID|CODE",
     .attrs = CMD_REPEAT,
     .check = check_household_refs,
     .help = "a household that attended; repeat the flag or separate "
             "several with commas"},
    CMD_FLAG_WARD,
    {.name = NULL},
};

static const struct cmd_flag cmd_dialogue_list_flags[] = {
    {.name = "from",
     .path = "from",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .check = check_date,
     .help = "only dialogues held on or after"},
    {.name = "to",
     .path = "to",
     .kind = CMD_VALUE,
     .metavar = "YYYY-MM-DD",
     .check = check_date,
     .help = "only dialogues held on or before"},
    CMD_FLAG_WARD_AT("ward_code"),
    CMD_FLAG_LIMIT("dialogues"),
    {.name = NULL},
};

const struct cmd_entry cmd_dialogue_add_entry = {
    .noun = "dialogue",
    .verb = "add",
    .summary = "Record a dialogue with households.",
    .help = "Record a dialogue the ward held with poor households and "
            "the\nhouseholds that attended, and print its new id. Needs "
            "raised there\nname it with need add --dialogue ID.",
    .flags = cmd_dialogue_add_flags,
    .exec = cmd_dialogue_add_exec,
};

static const struct view_col cmd_dialogue_list_columns[] = {
    VIEW_F("ward", "ward_code", VIEW_VERBATIM),
    VIEW("date", "held_on"),
    VIEW_F("title", "title", VIEW_VERBATIM),
    VIEW_JOIN("households", "household_codes", " "),
    VIEW("needs", "need_count"),
    VIEW("id", "id"),
};

static const struct view_list cmd_dialogue_list_view =
    VIEW_LIST(DIALOGUE_LIST, DIALOGUES, .rows = "dialogues",
              VIEW_COLS(cmd_dialogue_list_columns));

const struct cmd_entry cmd_dialogue_list_entry = {
    .noun = "dialogue",
    .verb = "list",
    .summary = "List dialogues.",
    .help = "List dialogues by ward and date. Columns: ward, date, title, "
            "households\n(the attending households' codes, space-separated), "
            "needs (how many\nneeds name it), id.",
    .flags = cmd_dialogue_list_flags,
    .list = &cmd_dialogue_list_view,
    .exec = view_list_exec,
};

static enum ansinh_exit
cmd_dialogue_add_exec(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__DialogueCreate body = ANSINH__V1__DIALOGUE_CREATE__INIT;
	Ansinh__V1__Dialogue d = ANSINH__V1__DIALOGUE__INIT;
	const char *values[CMD_REPEAT_MAX];
	ProtobufCBinaryData *ids = NULL;
	uint8_t(*idbuf)[UUID_SIZE] = NULL;
	char **codes = NULL, *item;
	uint8_t id[UUID_SIZE];
	size_t nvalues, i, nitems = 0, len;
	const char *p;
	enum ansinh_exit rc;

	if (!uuid7_generate(id)) {
		cmd_error("cannot generate an id: the system's random source "
		          "failed");
		return ANSINH_EXIT_USAGE;
	}
	d.id.data = id;
	d.id.len = sizeof id;
	d.ward_code = cmd_string(args, "ward");
	d.held_on = cmd_string(args, "date");
	d.title = cmd_string(args, "title");
	d.note = cmd_string(args, "note");

	/* Every --household value, split at commas: ids and codes. */
	nvalues = cmd_values(args, "household", values, CMD_REPEAT_MAX);
	for (i = 0; i < nvalues; i++)
		for (p = values[i]; *p != '\0'; p++)
			nitems += *p == ',';
	nitems += nvalues;
	if (nitems > CMD_DIALOGUE_HOUSEHOLDS_MAX)
		return cmd_usage_error(args,
		                       "at most %d households per "
		                       "dialogue",
		                       CMD_DIALOGUE_HOUSEHOLDS_MAX);
	ids = xcalloc(nitems + 1, sizeof *ids);
	idbuf = xcalloc(nitems + 1, sizeof *idbuf);
	codes = xcalloc(nitems + 1, sizeof *codes);
	for (i = 0; i < nvalues; i++) {
		p = values[i];
		for (;;) {
			while (*p == ' ')
				p++;
			len = strcspn(p, ",");
			while (len > 0 && p[len - 1] == ' ')
				len--;
			item = xstrndup(p, len);
			if (uuid_parse(item, idbuf[d.n_household_ids])) {
				ids[d.n_household_ids].data =
				    idbuf[d.n_household_ids];
				ids[d.n_household_ids].len = UUID_SIZE;
				d.n_household_ids++;
				free(item);
			} else
				codes[d.n_household_codes++] = item;
			p += strcspn(p, ",");
			if (*p == '\0')
				break;
			p++;
		}
	}
	d.household_ids = ids;
	d.household_codes = codes;
	body.dialogue = &d;
	req.body_case = ANSINH__V1__REQUEST__BODY_DIALOGUE_CREATE;
	req.dialogue_create = &body;
	rc = call_write(ctx, &req);
	for (i = 0; i < d.n_household_codes; i++)
		free(codes[i]);
	free(codes);
	free(idbuf);
	free(ids);
	return rc;
}
