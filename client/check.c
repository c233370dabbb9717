/*
 * check.c — command-line value checks on top of the shared rules.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "rules.h"
#include "uuid.h"

bool
check_ward(const char *v, const char **why)
{
	return rule_ward_code(v, why);
}

bool
check_household_code(const char *v, const char **why)
{
	return rule_household_code(v, why);
}

bool
check_household_ref(const char *v, const char **why)
{
	uint8_t id[UUID_SIZE];

	if (uuid_parse(v, id))
		return true;
	return rule_household_code(v, why);
}

bool
check_uuid(const char *v, const char **why)
{
	uint8_t id[UUID_SIZE];

	if (uuid_parse(v, id))
		return true;
	*why = "must be an id (a UUID such as 0190c3a0-7b1e-7c00-8000-000000000000)";
	return false;
}

bool
check_name(const char *v, const char **why)
{
	return rule_text(v, RULE_NAME_MAX, true, false, why);
}

bool
check_group(const char *v, const char **why)
{
	long n;

	if (!check_parse_long(v, &n)) {
		*why = "must be a number";
		return false;
	}
	return rule_residential_group(n, why);
}

bool
check_address(const char *v, const char **why)
{
	return rule_text(v, RULE_ADDRESS_MAX, false, false, why);
}

bool
check_phone(const char *v, const char **why)
{
	return *v == '\0' || rule_phone(v, why);
}

bool
check_occupation(const char *v, const char **why)
{
	return rule_text(v, RULE_OCCUPATION_MAX, false, false, why);
}

bool
check_past_date(const char *v, const char **why)
{
	return rule_past_date(v, why);
}

bool
check_citizen_id(const char *v, const char **why)
{
	return rule_citizen_id(v, why);
}

bool
check_citizen_id_or_empty(const char *v, const char **why)
{
	return *v == '\0' || rule_citizen_id(v, why);
}

bool
check_limit(const char *v, const char **why)
{
	long n;

	if (!check_parse_long(v, &n) || n < 1 || n > CHECK_LIMIT_MAX) {
		*why = "must be a number from 1 to 100000";
		return false;
	}
	return true;
}

bool
check_search_text(const char *v, const char **why)
{
	return rule_text(v, RULE_NAME_MAX, true, false, why);
}

bool
check_parse_long(const char *v, long *out)
{
	char *end;
	long n;

	/* strtol would also take leading blanks and a '+'. */
	if (!isdigit((unsigned char)v[0]) &&
	    !(v[0] == '-' && isdigit((unsigned char)v[1])))
		return false;
	errno = 0;
	n = strtol(v, &end, 10);
	if (*end != '\0' || errno != 0)
		return false;
	*out = n;
	return true;
}

/* ---------------------------------------------------------------- poverty */

bool
check_year(const char *v, const char **why)
{
	long n;

	if (!check_parse_long(v, &n)) {
		*why = "must be a year, e.g. 2024";
		return false;
	}
	return rule_year(n, why);
}

bool
check_date(const char *v, const char **why)
{
	return rule_date(v, why);
}

bool
check_date_or_empty(const char *v, const char **why)
{
	return *v == '\0' || rule_date(v, why);
}

bool
check_parse_vnd(const char *v, long long *out)
{
	long long n = 0;
	size_t i, group = 0;
	char sep = 0;
	bool grouped = false;

	if (!isdigit((unsigned char)v[0]))
		return false;
	for (i = 0; v[i] != '\0'; i++) {
		if (isdigit((unsigned char)v[i])) {
			/* Past the largest amount, stay past it (the rule
			 * says why) without overflowing. */
			if (n <= RULE_VND_MAX)
				n = n * 10 + (v[i] - '0');
			group++;
			continue;
		}
		if (v[i] != ',' && v[i] != '.')
			return false;
		/* A separator: the same one throughout, after 1-3 digits
		 * first and exactly 3 after that. */
		if ((sep != 0 && v[i] != sep) || group == 0 ||
		    (grouped && group != 3) || group > 3)
			return false;
		sep = v[i];
		grouped = true;
		group = 0;
	}
	if (grouped && group != 3)
		return false;
	*out = n;
	return true;
}

bool
check_vnd(const char *v, const char **why)
{
	long long n;

	if (!check_parse_vnd(v, &n)) {
		*why = "must be an amount of VND: digits, optionally grouped "
		       "by threes with ',' or '.' (2,500,000)";
		return false;
	}
	return rule_vnd(n, why);
}

bool
check_standard_code(const char *v, const char **why)
{
	return rule_standard_code(v, why);
}

bool
check_min_deprivations(const char *v, const char **why)
{
	long n;

	if (!check_parse_long(v, &n)) {
		*why = "must be a number from 1 to 12";
		return false;
	}
	return rule_min_deprivations(n, why);
}

unsigned
check_parse_deprived(const char *v)
{
	char word[64];
	unsigned mask = 0;
	size_t len;
	int p;

	if (strcmp(v, "none") == 0)
		return 0;
	while (*v != '\0') {
		len = strcspn(v, ",");
		if (len > 0 && len < sizeof word) {
			memcpy(word, v, len);
			word[len] = '\0';
			p = names_indicator_parse(word);
			if (p >= 1 && p <= RULE_INDICATORS)
				mask |= 1u << p;
		}
		v += len;
		if (*v == ',')
			v++;
	}
	return mask;
}

bool
check_deprived(const char *v, const char **why)
{
	char word[64];
	size_t len;

	if (strcmp(v, "none") == 0)
		return true;
	if (*v == '\0') {
		*why = "must list indicators (e.g. health-insurance,water) or "
		       "be none";
		return false;
	}
	for (;;) {
		len = strcspn(v, ",");
		if (len == 0 || len >= sizeof word) {
			*why = "must be indicators separated by single commas "
			       "(see 'ansinh standard indicators')";
			return false;
		}
		memcpy(word, v, len);
		word[len] = '\0';
		if (names_indicator_parse(word) < 1) {
			*why = "names an unknown indicator; the 12 are "
			       "employment, dependants, nutrition, "
			       "health-insurance, adult-education, "
			       "child-schooling, housing-quality, housing-area, "
			       "water, latrine, telecom, information-access";
			return false;
		}
		v += len;
		if (*v == '\0')
			return true;
		v++; /* the comma */
	}
}

bool
check_note(const char *v, const char **why)
{
	return rule_text(v, RULE_NOTE_MAX, false, true, why);
}

bool
check_description(const char *v, const char **why)
{
	return rule_text(v, RULE_DESCRIPTION_MAX, true, false, why);
}

bool
check_note_text(const char *v, const char **why)
{
	return rule_text(v, RULE_NOTE_MAX, true, true, why);
}
