/*
 * view.h — what a list or a record shows, described once.
 *
 * A command that prints the rows of a reply describes its columns in a
 * table of struct view_col: the header, and where the value is in the row
 * message (a field path through the protobuf-c descriptors, "ward_code" or
 * "head.name"), and how it is shown. The value is rendered by the field's
 * type: text ('' shows as nothing), an enum as its word (proto/names.c), a
 * 16-byte id as a UUID, a number, a boolean as yes/no. VIEW_NONZERO shows a
 * number 0 as nothing ("not given"); VIEW_VERBATIM shows '' as ''; a
 * repeated field shows its values joined by "," (or .sep), nothing when it
 * has none. A column with .show renders itself from the row.
 *
 * view_reply prints a list reply whole — its rows, and the "more match"
 * note when the daemon held some back — and frees the response, so a list
 * command is its request and its table of columns.
 */
#ifndef ANSINH_VIEW_H
#define ANSINH_VIEW_H

#include <stddef.h>

#include "ansinh.h"
#include "ansinh.pb-c.h"
#include "render.h"

struct cmd_args;
struct cmd_ctx;

/* view_col flags */
#define VIEW_NONZERO  0x1 /* a number 0 shows as nothing */
#define VIEW_VERBATIM 0x2 /* text '' shows as '' (not as nothing) */

struct view_col {
	const char *header;
	const char *path;
	unsigned flags;
	const char *sep; /* a repeated field's values joined by this (",") */
	void (*show)(struct render_table *t, const ProtobufCMessage *row);
};

/* A column: its header and the path of its value in the row. */
#define VIEW(h, p)                                                             \
	{                                                                      \
		.header = (h), .path = (p)                                     \
	}
#define VIEW_F(h, p, f)                                                        \
	{                                                                      \
		.header = (h), .path = (p), .flags = (f)                       \
	}
#define VIEW_JOIN(h, p, s)                                                     \
	{                                                                      \
		.header = (h), .path = (p), .sep = (s)                         \
	}
#define VIEW_SHOW(h, fn)                                                       \
	{                                                                      \
		.header = (h), .show = (fn)                                    \
	}

/*
 * A list command as data: its request (made from its flags' paths,
 * cmd_flags_request), the reply it expects, the reply's repeated field of
 * rows, the noun of "more NOUN match" (NULL: the rows' name) and the
 * columns (VIEW_COLS). The entry's .list names it and its exec is
 * view_list_exec.
 */
struct view_list {
	Ansinh__V1__Request__BodyCase body;
	Ansinh__V1__Response__BodyCase reply;
	const char *rows;
	const char *noun;
	const struct view_col *cols;
	size_t ncols;
};

/* A view_list of request body REQ (HOUSEHOLD_LIST) and reply body REP
 * (HOUSEHOLDS), then its other fields: VIEW_LIST(NEED_LIST, NEEDS,
 * .rows = "needs", VIEW_COLS(cmd_need_columns)). */
#define VIEW_LIST(req, rep, ...)                                               \
	{                                                                      \
		.body = ANSINH__V1__REQUEST__BODY_##req,                       \
		.reply = ANSINH__V1__RESPONSE__BODY_##rep, __VA_ARGS__         \
	}

/* The number of columns of a table of struct view_col. */
#define VIEW_NCOLS(cols) (sizeof(cols) / sizeof((cols)[0]))
/* A view_list's columns: the table and its count. */
#define VIEW_COLS(c) .cols = (c), .ncols = VIEW_NCOLS(c)

/* A table whose columns are cols' headers (render_table_free frees it). */
struct render_table *view_table(const struct view_col *cols, size_t ncols);

/* Add one row: each column's value in row. */
void view_row(struct render_table *t, const struct view_col *cols, size_t ncols,
              const ProtobufCMessage *row);

/* Add every message of m's repeated field rows_field as a row; their
 * count. */
size_t view_rows(struct render_table *t, const struct view_col *cols,
                 size_t ncols, const ProtobufCMessage *m,
                 const char *rows_field);

/*
 * Print the list reply resp (the message of its body case): the rows of its
 * repeated field rows_field with cols, in the command's format; when its
 * `more` is set, say on stderr "more NOUN match than the N shown; raise
 * --limit to see them". Frees resp. Returns ANSINH_EXIT_OK.
 */
enum ansinh_exit view_reply(struct cmd_ctx *ctx, Ansinh__V1__Response *resp,
                            const char *rows_field, const char *noun,
                            const struct view_col *cols, size_t ncols);

/* Print m as one record (render_record) with cols. */
void view_record(struct cmd_ctx *ctx, const ProtobufCMessage *m,
                 const struct view_col *cols, size_t ncols);

/* The message of resp's body case (NULL when none is set). */
const ProtobufCMessage *view_body(const Ansinh__V1__Response *resp);

/* Run the list command args->entry->list describes: send its request,
 * print the reply (view_reply). */
enum ansinh_exit view_list_exec(struct cmd_ctx *ctx,
                                const struct cmd_args *args);

#endif
