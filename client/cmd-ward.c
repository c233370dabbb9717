/*
 * cmd-ward.c — `ansinh ward list`: the wards as they are today (or on a
 * day, or all of them with their history), from the administrative units of
 * sql/migrations/0020.
 */
#include <stdio.h>
#include <stdlib.h>

#include "call.h"
#include "check.h"
#include "cmd.h"
#include "render.h"
#include "view.h"

static const struct view_col cmd_ward_list_columns[] = {
    VIEW_F("code", "code", VIEW_VERBATIM),
    VIEW_F("name", "name", VIEW_VERBATIM),
    VIEW("official_code", "official_code"),
    VIEW("from", "valid_from"),
    VIEW("to", "valid_to"),
    VIEW("merged_into", "merged_into"),
    VIEW("merged_on", "merged_on"),
    VIEW("records", "records"),
};

static const struct view_list cmd_ward_list_view = VIEW_LIST(
    WARD_LIST, WARDS, .rows = "wards", VIEW_COLS(cmd_ward_list_columns));

static const struct cmd_flag cmd_ward_list_flags[] = {
    {.name = "as-of",
     .kind = CMD_VALUE,
     .metavar = "DATE",
     .check = check_date,
     .help = "the wards of that day (default: today)",
     .path = "as_of",
     .excludes = "history"},
    {.name = "history",
     .kind = CMD_SWITCH,
     .help = "every ward, old and new, with its validity and what it "
             "merged into",
     .path = "history"},
    {.name = NULL},
};

const struct cmd_entry cmd_ward_list_entry = {
    .noun = "ward",
    .verb = "list",
    .summary = "List the wards of today (or of a day, or all).",
    .help = "List the wards and communes valid today (--as-of DATE: on that "
            "day;\n--history: all of them, old and new). Records keep the ward "
            "they were\nrecorded in: 'records' names the ward codes (used with "
            "--ward) whose\nrecords a unit holds, e.g. Thanh Khê ward (TKW, "
            "since 2025-07-01) those\nof nine old wards. Columns: code, name, "
            "official_code, from, to,\nmerged_into, merged_on, records.",
    .flags = cmd_ward_list_flags,
    .list = &cmd_ward_list_view,
    .exec = view_list_exec,
};
