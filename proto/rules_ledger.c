/*
 * rules_ledger.c — the field rules of the ledger: funds, organizations,
 * needs, support given, dialogues. Shared by both ends, like rules.c (the
 * name tables: names.c).
 */
#include <string.h>

#include "ansinh.pb-c.h"
#include "rules.h"

#define RULES_FUND_CODE_MAX 32

bool
rule_fund_code(const char *s, const char **why)
{
	size_t n = strlen(s), i;

	if (n < 2 || n > RULES_FUND_CODE_MAX) {
		*why = "must be 2 to 32 characters";
		return false;
	}
	if (s[0] < 'a' || s[0] > 'z') {
		*why = "must start with a lower-case letter";
		return false;
	}
	for (i = 1; i < n; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '-')) {
			*why = "must be lower-case letters, digits and '-'";
			return false;
		}
	}
	return true;
}

bool
rule_unit_code(const char *s, const char **why)
{
	size_t n = strlen(s), i;

	if (n < 2 || n > 16) {
		*why = "must be 2 to 16 characters";
		return false;
	}
	if (s[0] < 'A' || s[0] > 'Z') {
		*why = "must start with a capital letter";
		return false;
	}
	for (i = 1; i < n; i++) {
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9'))) {
			*why = "must be capital letters and digits, e.g. TKW";
			return false;
		}
	}
	return true;
}
