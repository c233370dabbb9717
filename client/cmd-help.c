/*
 * cmd-help.c — what the command line shows of the table: an entry's name,
 * every usage line and --help text, generated from the entries given (the
 * table is cmd.c's, which calls these) and from the config options table.
 * Nothing here calls back into cmd.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "config.h"
#include "render.h"
#include "xmalloc.h"

/* Lines are wrapped before this column. */
#define CMD_HELP_WIDTH 79
/* Column where the description of a flag starts. */
#define CMD_HELP_COLUMN 30

/* The language of the help (cmd_help_lang); T(text) is a text in it. */
static enum lang cmd_help_language = LANG_EN;
#define T(text) lang_text((text), cmd_help_language)
/* A format in the help's language: both are literals, so that the compiler
 * checks both against the arguments. */
#define VI(vi, en) (cmd_help_language == LANG_VI ? (vi) : (en))

/* A line being filled word by word. */
struct cmd_line {
	FILE *out;
	size_t col;    /* current column */
	size_t indent; /* column of continuation lines */
	bool fresh;    /* at a line's start: no space before the next word */
};

static void cmd_field_flag(const struct record_field *f, struct cmd_flag *flag);
static void cmd_line_start(struct cmd_line *l, FILE *out, const char *head,
                           size_t indent);
static void cmd_line_word(struct cmd_line *l, const char *word);
static void cmd_line_text(struct cmd_line *l, const char *text);
static void cmd_line_end(struct cmd_line *l);
static const char *cmd_flag_metavar(const struct cmd_flag *flag);
static void cmd_flag_usage(const struct cmd_flag *flag, char *buf, size_t size);
static void cmd_help_flag(FILE *out, const struct cmd_flag *flag);
static void cmd_help_item(FILE *out, const char *head, const char *text,
                          const char *extra);
static void cmd_help_globals(FILE *out);
static void cmd_help_text(FILE *out, const char *text);

void
cmd_help_lang(enum lang lang)
{
	cmd_help_language = lang;
}

void
cmd_help_table(FILE *out, const struct cmd_entry *const *table)
{
	const struct cmd_entry *const *e;

	fputs(VI("cách dùng: ", "usage: "), out);
	fputs("ansinh [global flags] <noun> <verb> [arguments] [flags]\n"
	      "       ansinh --help | --version | <noun> --help | "
	      "<noun> <verb> --help\n\n",
	      out);
	fputs(T("Records of poor and near-poor households and their members, "
	        "kept by the\ndistrict daemon ansinhd.\n\n"
	        "Global flags (also accepted after the verb):\n"),
	      out);
	cmd_help_globals(out);
	fputs(T("\nCommands:\n"), out);
	for (e = table; *e != NULL; e++)
		cmd_usage_entry(out, *e, true);
	fputs(
	    T("\nRun 'ansinh <noun> --help' or 'ansinh <noun> <verb> --help' "
	      "for details.\n\n"
	      "Settings: a flag wins over the environment, which wins over the "
	      "config file\n($ANSINH_CONFIG, else "
	      "$XDG_CONFIG_HOME/ansinh/config, "
	      "else\n~/.config/ansinh/config; lines \"key = value\", '#' "
	      "comments), which wins over\nthe default.\n\n"
	      "Exit status: 0 done; 1 usage or local configuration error; 2 "
	      "rejected by the\ndaemon; 3 queued offline; 4 daemon "
	      "unavailable, "
	      "connection dropped or timed\nout; 5 protocol error. See "
	      "ansinh(1).\n"),
	    out);
}

void
cmd_usage_nouns(FILE *out, const struct cmd_noun *nouns)
{
	const struct cmd_noun *n;

	fputs("usage: ansinh [global flags] <noun> <verb> [arguments] "
	      "[flags]\nnouns:",
	      out);
	for (n = nouns; n->name != NULL; n++)
		fprintf(out, " %s", n->name);
	fputs(T("\nRun 'ansinh --help' for every command.\n"), out);
}

void
cmd_help_noun(FILE *out, const struct cmd_noun *noun,
              const struct cmd_entry *const *table)
{
	const struct cmd_entry *const *e;
	int n;

	fprintf(out,
	        VI("cách dùng: ansinh %s <verb> [arguments] [flags]\n\n"
	           "%s: %s.\n\nThao tác:\n",
	           "usage: ansinh %s <verb> [arguments] [flags]\n\n"
	           "%s: %s.\n\nVerbs:\n"),
	        noun->name, noun->name, T(noun->summary));
	for (e = table; *e != NULL; e++) {
		if (strcmp((*e)->noun, noun->name) != 0 || (*e)->verb == NULL)
			continue;
		n = fprintf(out, "  %s", (*e)->verb);
		fprintf(out, "%*s%s\n", n < 12 ? 12 - n : 1, "",
		        T((*e)->summary));
	}
	fputs(T("\nUsage:\n"), out);
	for (e = table; *e != NULL; e++) {
		if (strcmp((*e)->noun, noun->name) == 0)
			cmd_usage_entry(out, *e, true);
	}
	fprintf(out,
	        VI("\nChạy 'ansinh %s <verb> --help' để xem các tùy chọn của "
	           "một thao tác.\n",
	           "\nRun 'ansinh %s <verb> --help' for the flags of a "
	           "verb.\n"),
	        noun->name);
}

void
cmd_usage_noun(FILE *out, const struct cmd_noun *noun,
               const struct cmd_entry *const *table)
{
	const struct cmd_entry *const *e;

	fprintf(out, "usage: ansinh %s <verb> [arguments] [flags]\nverbs:",
	        noun->name);
	for (e = table; *e != NULL; e++) {
		if (strcmp((*e)->noun, noun->name) == 0 && (*e)->verb != NULL)
			fprintf(out, " %s", (*e)->verb);
	}
	fprintf(out, "\nRun 'ansinh %s --help' for more.\n", noun->name);
}

void
cmd_help_entry(FILE *out, const struct cmd_entry *entry)
{
	struct cmd_flag flags[CMD_FLAGS_MAX];
	size_t i, n;

	n = cmd_entry_flags(entry, flags);
	cmd_usage_entry(out, entry, false);
	fputc('\n', out);
	cmd_help_text(out, T(entry->help));
	if (n > 0) {
		fputs(T("\nFlags:\n"), out);
		for (i = 0; i < n; i++)
			cmd_help_flag(out, &flags[i]);
	}
	if (entry->more_help != NULL)
		entry->more_help(out, entry);
	fputs(T("\nGlobal flags (--server, --token-file, --format, --timeout, "
	        "--lang) may be\ngiven before the noun or here; see 'ansinh "
	        "--help'.\n"),
	      out);
}

void
cmd_usage_entry(FILE *out, const struct cmd_entry *entry, bool list)
{
	struct cmd_flag flags[CMD_FLAGS_MAX];
	const struct cmd_arg *arg;
	struct cmd_line l;
	char head[96], word[160], name[64];
	size_t i, n;

	n = cmd_entry_flags(entry, flags);
	snprintf(head, sizeof head, "%sansinh %s",
	         list ? "  " : VI("cách dùng: ", "usage: "),
	         cmd_entry_name(entry, name, sizeof name));
	cmd_line_start(&l, out, head, strlen(head) + 1);
	for (arg = cmd_entry_args(entry); arg->metavar != NULL; arg++)
		cmd_line_word(&l, arg->metavar);
	for (i = 0; i < n; i++) {
		cmd_flag_usage(&flags[i], word, sizeof word);
		cmd_line_word(&l, word);
	}
	cmd_line_end(&l);
}

size_t
cmd_entry_flags(const struct cmd_entry *entry,
                struct cmd_flag out[CMD_FLAGS_MAX])
{
	const struct record_field *f, *ward = NULL;
	size_t i, n = 0;

	for (f = entry->record != NULL ? entry->record->fields : NULL;
	     f != NULL && !record_field_end(f); f++) {
		if (f->flag == NULL)
			continue;
		if (f->type == RECORD_WARD)
			ward = f;
		else if (n < CMD_FLAGS_MAX)
			cmd_field_flag(f, &out[n++]);
	}
	for (i = 0; entry->flags != NULL && entry->flags[i].name != NULL &&
	            n < CMD_FLAGS_MAX;
	     i++)
		out[n++] = entry->flags[i];
	if (ward != NULL && n < CMD_FLAGS_MAX)
		cmd_field_flag(ward, &out[n++]);
	return n;
}

const char *
cmd_entry_name(const struct cmd_entry *entry, char *buf, size_t size)
{
	if (entry->verb == NULL)
		snprintf(buf, size, "%s", entry->noun);
	else
		snprintf(buf, size, "%s %s", entry->noun, entry->verb);
	return buf;
}

/* ---------------------------------------------------------------- helpers */

/* The flag of a record's field: a switch for yes or no, else a value
 * checked by the field's rule or one of its words. */
static void
cmd_field_flag(const struct record_field *f, struct cmd_flag *flag)
{
	memset(flag, 0, sizeof *flag);
	flag->name = f->flag;
	flag->kind = f->type == RECORD_BOOL ? CMD_SWITCH : CMD_VALUE;
	flag->metavar = record_metavar(f);
	flag->attrs = (f->attrs & RECORD_REQUIRED) ? CMD_REQUIRED : 0;
	flag->deflt = f->deflt;
	flag->help = f->help;
	if (f->words != NULL) {
		flag->words = f->words->list;
		flag->parse = f->words->parse;
	} else {
		flag->check = record_check(f);
	}
	flag->field = f;
}

static void
cmd_line_start(struct cmd_line *l, FILE *out, const char *head, size_t indent)
{
	l->out = out;
	l->indent = indent;
	fputs(head, out);
	l->col = render_width(head);
	l->fresh = false; /* the next word needs a space */
}

/* One word, on this line if it fits, else on a new, indented one. */
static void
cmd_line_word(struct cmd_line *l, const char *word)
{
	size_t len = render_width(word);

	if (!l->fresh && l->col + 1 + len > CMD_HELP_WIDTH) {
		fprintf(l->out, "\n%*s", (int)l->indent, "");
		l->col = l->indent;
		l->fresh = true;
	}
	if (!l->fresh) {
		fputc(' ', l->out);
		l->col++;
	}
	fputs(word, l->out);
	l->col += len;
	l->fresh = false;
}

/* Text split at spaces and newlines into words. */
static void
cmd_line_text(struct cmd_line *l, const char *text)
{
	char word[256];
	const char *p = text;
	size_t len;

	while (*p != '\0') {
		while (*p == ' ' || *p == '\n')
			p++;
		if (*p == '\0')
			break;
		len = strcspn(p, " \n");
		if (len >= sizeof word)
			len = sizeof word - 1;
		memcpy(word, p, len);
		word[len] = '\0';
		cmd_line_word(l, word);
		p += len;
	}
}

static void
cmd_line_end(struct cmd_line *l)
{
	fputc('\n', l->out);
}

static const char *
cmd_flag_metavar(const struct cmd_flag *flag)
{
	return flag->metavar != NULL ? flag->metavar : flag->words();
}

/* "--code C", "[--group N]", "[--policy]", "[--policy|--no-policy]". */
static void
cmd_flag_usage(const struct cmd_flag *flag, char *buf, size_t size)
{
	bool required = (flag->attrs & CMD_REQUIRED) != 0;

	switch (flag->kind) {
	case CMD_VALUE:
		snprintf(buf, size, "%s--%s %s%s%s", required ? "" : "[",
		         flag->name, cmd_flag_metavar(flag),
		         required ? "" : "]",
		         (flag->attrs & CMD_REPEAT) ? "..." : "");
		break;
	case CMD_SWITCH:
		snprintf(buf, size, "[--%s]", flag->name);
		break;
	case CMD_TOGGLE:
		snprintf(buf, size, "[--%s|--no-%s]", flag->name, flag->name);
		break;
	}
}

/* "  --code C              household code ... (required)". */
static void
cmd_help_flag(FILE *out, const struct cmd_flag *flag)
{
	char head[160], extra[512];
	const char *w;
	size_t used = 0;

	switch (flag->kind) {
	case CMD_VALUE:
		snprintf(head, sizeof head, "  --%s %s", flag->name,
		         cmd_flag_metavar(flag));
		break;
	case CMD_SWITCH:
		snprintf(head, sizeof head, "  --%s", flag->name);
		break;
	case CMD_TOGGLE:
		snprintf(head, sizeof head, "  --%s, --no-%s", flag->name,
		         flag->name);
		break;
	}
	extra[0] = '\0';
	/* A word list too long for the usage line hides behind a metavar;
	 * it is spelled out here, one word at a time so that it wraps. */
	if (flag->metavar != NULL && flag->words != NULL) {
		used = (size_t)snprintf(extra, sizeof extra, "%s",
		                        VI("(một trong:", "(one of:"));
		for (w = flag->words(); *w != '\0' && used + 4 < sizeof extra;
		     w++) {
			if (*w == '|')
				extra[used++] = ',';
			else if (w == flag->words() || w[-1] == '|')
				extra[used++] = ' ';
			if (*w != '|')
				extra[used++] = *w;
		}
		extra[used++] = ')';
		extra[used++] = ' ';
		extra[used] = '\0';
	}
	if (flag->attrs & CMD_REQUIRED)
		snprintf(extra + used, sizeof extra - used, "(%s%s)",
		         VI("bắt buộc", "required"),
		         (flag->attrs & CMD_REPEAT)
		             ? VI("; lặp lại được", "; repeatable")
		             : "");
	else if (flag->deflt != NULL)
		snprintf(extra + used, sizeof extra - used, "(%s: %s)",
		         VI("mặc định", "default"), flag->deflt);
	else if (flag->attrs & CMD_REPEAT)
		snprintf(extra + used, sizeof extra - used, "(%s)",
		         VI("lặp lại được", "repeatable"));
	cmd_help_item(out, head, T(flag->help), extra);
}

/* A help text as paragraphs (split at blank lines), each filled to the
 * width. */
static void
cmd_help_text(FILE *out, const char *text)
{
	struct cmd_line l;
	const char *p = text, *end;
	char *para;
	size_t len;

	while (*p != '\0') {
		end = strstr(p, "\n\n");
		len = end != NULL ? (size_t)(end - p) : strlen(p);
		para = xstrndup(p, len);
		cmd_line_start(&l, out, "", 0);
		l.fresh = true;
		cmd_line_text(&l, para);
		cmd_line_end(&l);
		free(para);
		p += len;
		if (*p != '\0') {
			p += 2;
			fputc('\n', out);
		}
	}
}

/* The global flags, from the config options table. */
static void
cmd_help_globals(FILE *out)
{
	char head[160], extra[256];
	int i;

	for (i = 0; i < CONFIG_NOPTIONS; i++) {
		snprintf(head, sizeof head, "  --%s %s", config_option_name(i),
		         config_option_metavar(i));
		if (config_option_default(i) != NULL)
			snprintf(extra, sizeof extra,
			         VI("(biến môi trường %s, khóa cấu hình %s; "
			            "mặc định: %s)",
			            "(env %s, config key %s; default: %s)"),
			         config_option_env(i), config_option_name(i),
			         config_option_default(i));
		else
			snprintf(extra, sizeof extra,
			         VI("(biến môi trường %s, khóa cấu hình %s)",
			            "(env %s, config key %s)"),
			         config_option_env(i), config_option_name(i));
		cmd_help_item(out, head, T(config_option_help(i)), extra);
	}
	cmd_help_item(out, "  --help, -h", T("this help"), "");
	cmd_help_item(out, "  --version", T("print the version"), "");
}

/* head, then text and extra from CMD_HELP_COLUMN on, wrapped. */
static void
cmd_help_item(FILE *out, const char *head, const char *text, const char *extra)
{
	struct cmd_line l;

	cmd_line_start(&l, out, head, CMD_HELP_COLUMN);
	if (l.col + 2 > CMD_HELP_COLUMN)
		fprintf(out, "\n%*s", CMD_HELP_COLUMN, "");
	else
		fprintf(out, "%*s", (int)(CMD_HELP_COLUMN - l.col), "");
	l.col = CMD_HELP_COLUMN;
	l.fresh = true;
	cmd_line_text(&l, text);
	cmd_line_text(&l, extra);
	cmd_line_end(&l);
}
