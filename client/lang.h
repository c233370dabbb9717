/*
 * lang.h — the language people read: Vietnamese or English, for --help and
 * the reports' labels. The global flag --lang (config option lang,
 * ANSINH_LANG) chooses it; without one, the locale of the environment does.
 */
#ifndef ANSINH_LANG_H
#define ANSINH_LANG_H

#include <stdbool.h>

enum lang {
	LANG_EN,
	LANG_VI,
};

/* "vi" or "en" -> *out; false for any other word. */
bool lang_parse(const char *s, enum lang *out);

/* The language of the environment: vi when LC_ALL, else LC_MESSAGES, else
 * LANG (the first of them set and not empty) starts with "vi"; en
 * otherwise. */
enum lang lang_environment(void);

/* The Vietnamese of an English --help text (help-vi.c), or NULL when it has
 * none; lang_text is the text in lang (the English when there is none). */
const char *lang_help_vi(const char *en);
const char *lang_text(const char *en, enum lang lang);

/* Every English text help-vi.c translates, in its order, for the test that
 * every help text has its Vietnamese; *n is how many. */
const char *lang_help_key(unsigned i);

#endif
