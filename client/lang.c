/*
 * lang.c — choosing the language (the translations are in help-vi.c).
 */
#include <stdlib.h>
#include <string.h>

#include "lang.h"

bool
lang_parse(const char *s, enum lang *out)
{
	if (strcmp(s, "vi") == 0)
		*out = LANG_VI;
	else if (strcmp(s, "en") == 0)
		*out = LANG_EN;
	else
		return false;
	return true;
}

enum lang
lang_environment(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	size_t i;

	for (i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (v != NULL && v[0] != '\0')
			return strncmp(v, "vi", 2) == 0 ? LANG_VI : LANG_EN;
	}
	return LANG_EN;
}

const char *
lang_text(const char *en, enum lang lang)
{
	const char *vi;

	if (lang != LANG_VI || en == NULL)
		return en;
	vi = lang_help_vi(en);
	return vi != NULL ? vi : en;
}
