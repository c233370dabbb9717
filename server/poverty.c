/*
 * poverty.c — helpers shared by the poverty handlers (see poverty.h).
 */
#include "poverty.h"

#include <stdio.h>
#include <stdlib.h>

#include "rules.h"

void
pov_check_text(struct violations *v, const char *field, const char *s,
               size_t max, bool multiline)
{
	const char *why = NULL;

	if (s != NULL && s[0] != '\0')
		viol_check(v, rule_text(s, max, false, multiline, &why), field,
		           why);
}

int
pov_word(const PGresult *res, int row, int col, int (*parse)(const char *))
{
	int v;

	if (PQgetisnull(res, row, col))
		return 0;
	v = parse(PQgetvalue(res, row, col));
	return v > 0 ? v : 0;
}
