/*
 * h_ledger.c — helpers shared by the ledger's handlers (see h_ledger.h).
 */
#include "h_ledger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"

void
ledger_check_date(struct violations *v, const char *s, const char *field,
                  bool past)
{
	const char *why = NULL;

	if (s == NULL || s[0] == '\0')
		return;
	viol_check(v, past ? rule_past_date(s, &why) : rule_date(s, &why),
	           field, why);
}

uint32_t
ledger_check_limit(struct violations *v, uint32_t limit)
{
	if (limit > LEDGER_LIST_MAX)
		viol_add(v, "limit", "must be at most 10000");
	return limit != 0 ? limit : LEDGER_LIST_DEFAULT;
}
