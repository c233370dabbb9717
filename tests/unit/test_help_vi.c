/*
 * test_help_vi.c — every --help text has its Vietnamese (client/help-vi.c):
 * each noun's and command's summary and help, each flag's help (the
 * record fields' included) and each global option's; the translation keeps
 * the text's paragraphs; help-vi.c holds no text that nothing prints any
 * more, and it is sorted for its binary search.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../client/cmd.h"
#include "../../client/config.h"
#include "../../client/lang.h"
#include "tap.h"

/* Every text the help prints from the tables, once each. */
static const char *texts[2048];
static size_t ntexts;

static void add(const char *text);
static void collect(void);
static size_t paragraphs(const char *s);
static char *english_help(void);

int
main(void)
{
	size_t i, missing = 0, broken = 0, stale = 0;
	const char *key, *vi;
	char *all;

	collect();
	ok(ntexts > 400, "the tables hold %zu help texts", ntexts);
	for (i = 0; i < ntexts; i++) {
		vi = lang_help_vi(texts[i]);
		if (vi == NULL) {
			if (missing++ < 20)
				diag("no Vietnamese for: %s", texts[i]);
		} else if (paragraphs(vi) != paragraphs(texts[i])) {
			if (broken++ < 20)
				diag("paragraphs differ (%zu, %zu): %s",
				     paragraphs(texts[i]), paragraphs(vi),
				     texts[i]);
		}
	}
	is_int((int)missing, 0, "every help text has its Vietnamese");
	is_int((int)broken, 0, "each keeps its paragraphs");

	all = english_help();
	for (i = 0; (key = lang_help_key(i)) != NULL; i++) {
		size_t j;
		bool used = strstr(all, key) != NULL;

		for (j = 0; !used && j < ntexts; j++)
			used = strcmp(texts[j], key) == 0;
		if (!used && stale++ < 20)
			diag("translated but never printed: %s", key);
		if (i > 0 && strcmp(lang_help_key(i - 1), key) >= 0)
			ok(false, "help-vi.c is sorted: %s", key);
	}
	is_int((int)stale, 0, "help-vi.c holds only texts that are printed");
	free(all);

	is_str(lang_text("this help", LANG_VI), "trợ giúp này",
	       "lang_text: the Vietnamese in vi");
	is_str(lang_text("this help", LANG_EN), "this help",
	       "lang_text: the English in en");
	is_str(lang_text("no such text", LANG_VI), "no such text",
	       "lang_text: the English when there is no translation");
	return done_testing();
}

static void
add(const char *text)
{
	size_t i;

	if (text == NULL || text[0] == '\0')
		return;
	for (i = 0; i < ntexts; i++)
		if (strcmp(texts[i], text) == 0)
			return;
	if (ntexts < sizeof texts / sizeof texts[0])
		texts[ntexts++] = text;
}

static void
collect(void)
{
	const struct cmd_entry *const *e;
	const struct cmd_noun *n;
	struct cmd_flag flags[CMD_FLAGS_MAX];
	size_t i, k;
	int o;

	for (n = cmd_nouns; n->name != NULL; n++)
		add(n->summary);
	for (e = cmd_table; *e != NULL; e++) {
		add((*e)->summary);
		add((*e)->help);
		k = cmd_entry_flags(*e, flags);
		for (i = 0; i < k; i++)
			add(flags[i].help);
	}
	for (o = 0; o < CONFIG_NOPTIONS; o++)
		add(config_option_help(o));
}

/* How many paragraphs ("\n\n"-separated) s has. */
static size_t
paragraphs(const char *s)
{
	size_t n = 1;

	while ((s = strstr(s, "\n\n")) != NULL) {
		n++;
		s += 2;
	}
	return n;
}

/* All the help, in English: the main help, every noun's and every
 * command's. */
static char *
english_help(void)
{
	const struct cmd_entry *const *e;
	const struct cmd_noun *n;
	char *buf = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&buf, &size);

	cmd_help_lang(LANG_EN);
	cmd_help_table(out, cmd_table);
	cmd_usage_nouns(out, cmd_nouns);
	for (n = cmd_nouns; n->name != NULL; n++)
		cmd_help_noun(out, n, cmd_table);
	for (e = cmd_table; *e != NULL; e++)
		cmd_help_entry(out, *e);
	fclose(out);
	return buf;
}
