/*
 * cmd.h — the command table: `ansinh <noun> <verb> [arguments] [flags]`.
 *
 * Each command family (cmd-ward.c, cmd-household.c, cmd-member.c) exports
 * one const struct cmd_entry per verb. A noun may also be a command by
 * itself (`ansinh sync`, `ansinh import KIND FILE`): its one entry has no
 * verb. An entry holds everything about its
 * command: the usage of its arguments, its help text and a table of flags.
 * The flag parser, the local validation of every value and every --help text
 * are all driven by that table, so help and behaviour cannot drift apart.
 */
#ifndef ANSINH_CMD_H
#define ANSINH_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ansinh.h"
#include "ansinh.pb-c.h"
#include "check.h"
#include "config.h"
#include "lang.h"
#include "record.h"

/* Most flags and positional arguments any command has, and most values of
 * repeatable flags in one command line. */
#define CMD_FLAGS_MAX  24
#define CMD_ARGS_MAX   4
#define CMD_REPEAT_MAX 1500

enum cmd_flag_kind {
	CMD_VALUE,  /* --name VALUE or --name=VALUE */
	CMD_SWITCH, /* --name */
	CMD_TOGGLE, /* --name or --no-name */
};

/* Flag attributes. */
#define CMD_REQUIRED 0x1
#define CMD_REPEAT   0x2 /* a CMD_VALUE that may be given many times */
/* One at least of a command's flags marked so must be given. */
#define CMD_ONE_OF 0x4

struct cmd_flag {
	const char *name; /* without the dashes: "citizen-id" */
	enum cmd_flag_kind kind;
	const char *metavar; /* "NAME"; NULL to show the words instead */
	unsigned attrs;      /* CMD_REQUIRED, CMD_REPEAT, CMD_ONE_OF */
	const char *deflt;   /* shown in --help and returned by cmd_value */
	const char *help;
	/* For a value from a fixed list: its words ("male|female") and the
	 * parser of a word (-1 when unknown). */
	const char *(*words)(void);
	int (*parse)(const char *value);
	/* Other values: true when acceptable, else a static reason. */
	bool (*check)(const char *value, const char **why);
	/* The record's field the flag is made from (cmd_entry_flags), or
	 * NULL. */
	const struct record_field *field;
	/* The field of the request's body its value goes to, by the field's
	 * type (cmd_flags_request: a list's filters), or NULL. */
	const char *path;
	/* With path, for an ID|CODE value: a value that is not a UUID goes
	 * to this field instead (the id to path, a code here). */
	const char *code_path;
	/* A flag this one may not be given with (cmd_finish). */
	const char *excludes;
};

/* One positional argument, e.g. ID|CODE; path and code_path as a flag's. */
struct cmd_arg {
	const char *metavar;
	bool (*check)(const char *value, const char **why);
	const char *path;
	const char *code_path;
};

/* What the parser found; pointers into argv. */
struct cmd_args {
	const struct cmd_entry *entry;
	struct cmd_flag flags[CMD_FLAGS_MAX]; /* cmd_entry_flags(entry) */
	size_t nflags;
	const char *values[CMD_FLAGS_MAX]; /* by index in flags */
	int given[CMD_FLAGS_MAX];          /* 0, 1, or -1 for --no-name */
	const char *argv[CMD_ARGS_MAX];
	size_t argc;
	/* Every value of the CMD_REPEAT flags, in command-line order, and
	 * the index of the flag each belongs to. */
	const char *repeats[CMD_REPEAT_MAX];
	int repeat_flag[CMD_REPEAT_MAX];
	size_t nrepeats;
};

/* The --ward flag, the same on every command that takes it. */
#define CMD_FLAG_WARD CMD_FLAG_WARD_AT(NULL)
/* --ward, its value at path of the request's body (cmd_flags_request). */
#define CMD_FLAG_WARD_AT(p)                                                    \
	{                                                                      \
		.name = "ward", .kind = CMD_VALUE, .metavar = "CODE",          \
		.help = RECORD_WARD_HELP, .check = check_ward, .path = (p),    \
	}
/* A list's --limit (what: "grievances"), its value at the body's limit. */
#define CMD_FLAG_LIMIT(what)                                                   \
	{                                                                      \
		.name = "limit", .kind = CMD_VALUE, .metavar = "N",            \
		.check = check_limit,                                          \
		.help = "at most N " what " (default: the daemon's)",          \
		.path = "limit",                                               \
	}

struct link;

/* What a command runs with. */
struct cmd_ctx {
	struct config *cfg;          /* not owned */
	struct link *link;           /* opened on first use (call.h); owned */
	const struct cmd_args *args; /* the command line; not owned */
	bool drained; /* the outbox was sent (or tried) on this link */
	bool backlog; /* queued writes remain after that: new writes queue */
};

struct cmd_entry {
	const char *noun;    /* "household" */
	const char *verb;    /* "add"; NULL when the noun is the command */
	const char *summary; /* one line, for lists */
	const char *help;    /* the paragraph shown by <noun> <verb> --help */
	/* Positional arguments, {NULL} ended; NULL: none
	 * (cmd_entry_args). */
	const struct cmd_arg *args;
	/* Optional: the record this command creates (`<noun> add`): its fields
	 * with a flag are the command's first flags, and cmd_record_request
	 * makes the request from them. */
	const struct record *record;
	const struct cmd_flag *flags; /* its own flags, {NULL} ended, or NULL */
	/* Optional: the list this command prints, its request made from the
	 * flags' paths (exec: view_list_exec). */
	const struct view_list *list;
	/* Runs the command; returns the exit code, having printed any error. */
	enum ansinh_exit (*exec)(struct cmd_ctx *ctx,
	                         const struct cmd_args *args);
	/* Optional: more --help text after the flags (e.g. import's table of
	 * kinds and columns). */
	void (*more_help)(FILE *out, const struct cmd_entry *entry);
};

/* A noun: a family of verbs. */
struct cmd_noun {
	const char *name;
	const char *summary;
};

/* Every command and every noun, NULL / {NULL} ended (cmd.c). */
extern const struct cmd_entry *const cmd_table[];
extern const struct cmd_noun cmd_nouns[];

/*
 * Find the command in argv (noun first) and parse its arguments and flags
 * into *args; global flags found after the verb go to cfg. Returns
 * ANSINH_EXIT_OK when the command should run; otherwise the exit code, having
 * printed help (exit 0, *help_done set) or the error and usage (exit 1).
 */
enum ansinh_exit cmd_parse(int argc, char **argv, struct config *cfg,
                           struct cmd_args *args, bool *help_done);

/* `ansinh --help`: every command's usage; cmd_usage_main is the short form
 * for errors (the nouns). From cmd_table. */
void cmd_help_main(FILE *out);
void cmd_usage_main(FILE *out);

/*
 * Help, generated from the entries given (cmd-help.c): the same for the
 * table given, a noun's verbs and usages, one entry's --help, and its usage
 * line ("usage: ansinh household add --code C ..." wrapped at 80 columns;
 * with prefix "  " and no "usage: " when list is true).
 */
void cmd_help_table(FILE *out, const struct cmd_entry *const *table);
void cmd_usage_nouns(FILE *out, const struct cmd_noun *nouns);
void cmd_help_noun(FILE *out, const struct cmd_noun *noun,
                   const struct cmd_entry *const *table);
void cmd_usage_noun(FILE *out, const struct cmd_noun *noun,
                    const struct cmd_entry *const *table);
void cmd_help_entry(FILE *out, const struct cmd_entry *entry);
void cmd_usage_entry(FILE *out, const struct cmd_entry *entry, bool list);

/* The language every help text and usage line is printed in from now on
 * (cmd-help.c; English until set). */
void cmd_help_lang(enum lang lang);

/* "household add", or "sync" for a noun that is a command, into buf
 * (cmd-help.c). */
const char *cmd_entry_name(const struct cmd_entry *entry, char *buf,
                           size_t size);

/* An entry's positional arguments, {NULL} ended (none: an empty list). */
const struct cmd_arg *cmd_entry_args(const struct cmd_entry *entry);
/* The flags of a command taking only --ward (no path: the token's ward
 * or the record's). */
extern const struct cmd_flag cmd_flags_ward[];
/* The flags of an entry, in the order --help shows them (cmd-help.c): the
 * record's fields with a flag, the entry's own flags, then the record's
 * ward (--ward comes last on every command). Returns how many. */
size_t cmd_entry_flags(const struct cmd_entry *entry,
                       struct cmd_flag out[CMD_FLAGS_MAX]);

/* "ansinh: " + message on stderr. */
void cmd_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * A usage error of the running command: the message, then its usage line, on
 * stderr. Returns ANSINH_EXIT_USAGE.
 */
enum ansinh_exit cmd_usage_error(const struct cmd_args *args, const char *fmt,
                                 ...) __attribute__((format(printf, 2, 3)));

/* Flag values by name (a name not in the entry's table is a bug and
 * aborts). cmd_value returns the default when the flag was not given. */
const char *cmd_value(const struct cmd_args *args, const char *name);
bool cmd_given(const struct cmd_args *args, const char *name);
/* cmd_value as the char * protobuf-c wants: "" when not given. The string
 * is argv's; a message built with it owns nothing. */
char *cmd_string(const struct cmd_args *args, const char *name);
/* A CMD_TOGGLE: 1 for --name, 0 for --no-name, -1 when neither. */
int cmd_toggle(const struct cmd_args *args, const char *name);
/* A CMD_VALUE flag with a parse function: the parsed value (default
 * applied), or 0 when not given and without default. */
int cmd_word(const struct cmd_args *args, const char *name);
/* A CMD_VALUE number already checked by its check function. */
long cmd_number(const struct cmd_args *args, const char *name);
/* The values of a CMD_REPEAT flag, in the order given: up to max of them
 * into out; returns how many there are. */
size_t cmd_values(const struct cmd_args *args, const char *name,
                  const char **out, size_t max);
/* A CMD_REPEAT flag: how many times it was given, and its i-th value. */
size_t cmd_count(const struct cmd_args *args, const char *name);
const char *cmd_value_at(const struct cmd_args *args, const char *name,
                         size_t i);

/*
 * The create request of the entry's record, made from the flags of its
 * fields: a new id (UUIDv7), each value given (or the flag's default) at its
 * field's path. NULL after a message when the id cannot be made. Freed with
 * record_request_free.
 */
Ansinh__V1__Request *cmd_record_request(const struct cmd_args *args);
/* A request of that body from the flags with a path: each one given (or
 * with a default) put at its path, a word by its parser, a switch as
 * true; freed with record_request_free. */
Ansinh__V1__Request *cmd_flags_request(const struct cmd_args *args,
                                       Ansinh__V1__Request__BodyCase body_case);

/* The command line of ctx as an officer would read it: "household add
 * --code AK-1 --head 'Lê Thị Hòa'". Owned by the caller. */
char *cmd_describe(const struct cmd_ctx *ctx);

/* Append a string cell, or a null cell when s is empty ("not given"). */
struct render_table;
void cmd_render_text(struct render_table *t, const char *s);
/* Append an id cell: the canonical UUID, or null unless 16 bytes. */
void cmd_render_id(struct render_table *t, const ProtobufCBinaryData *id);

#endif
