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
	*why = "must be an id (a UUID such as "
	       "0190c3a0-7b1e-7c00-8000-000000000000)";
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
check_date(const char *v, const char **why)
{
	return rule_date(v, why);
}

bool
check_year(const char *v, const char **why)
{
	long n;

	if (!check_parse_long(v, &n)) {
		*why = "must be a year such as 2023";
		return false;
	}
	return rule_year(n, why);
}

bool
check_beneficiaries(const char *v, const char **why)
{
	long n;

	if (!check_parse_long(v, &n)) {
		*why = "must be a number";
		return false;
	}
	return rule_beneficiaries(n, why);
}

bool
check_target_value(const char *v, const char **why)
{
	long n;

	if (!check_parse_long(v, &n)) {
		*why = "must be a whole number";
		return false;
	}
	return rule_target_value(n, why);
}

bool
check_schedule(const char *v, const char **why)
{
	return rule_text(v, RULE_SCHEDULE_MAX, true, false, why);
}

bool
check_goods(const char *v, const char **why)
{
	struct check_goods g;

	if (!check_goods_parse(v, &g, why))
		return false;
	check_goods_free(&g);
	return true;
}

bool
check_goods_parse(const char *v, struct check_goods *out, const char **why)
{
	char *copy, *sep[3];
	long n;
	int i;

	memset(out, 0, sizeof *out);
	copy = strdup(v);
	if (copy == NULL) {
		*why = "cannot be read: out of memory";
		return false;
	}
	/* The last three ':' separate quantity, unit and value. */
	for (i = 2; i >= 0; i--) {
		sep[i] = strrchr(copy, ':');
		if (sep[i] == NULL) {
			free(copy);
			*why = "must be ITEM:QUANTITY:UNIT:VND, e.g. "
			       "trứng:300:quả:900000";
			return false;
		}
		*sep[i] = '\0';
	}
	out->copy = copy;
	out->item = copy;
	out->quantity = sep[0] + 1;
	out->unit = sep[1] + 1;
	if (!rule_text(out->item, RULE_NAME_MAX, true, false, why)) {
		*why = out->item[0] == '\0' ? "ITEM must not be empty"
		                            : "ITEM is not valid text or is "
		                              "longer than 200 characters";
		goto fail;
	}
	if (!rule_quantity(out->quantity, why)) {
		*why = "QUANTITY must be a number more than 0 (at most 3 "
		       "decimals, e.g. 2.5)";
		goto fail;
	}
	if (!rule_text(out->unit, RULE_UNIT_MAX, true, false, why)) {
		*why = "UNIT must not be empty, nor longer than 32 characters";
		goto fail;
	}
	if (!check_parse_long(sep[2] + 1, &n) || !rule_vnd(n, why)) {
		*why = "VND must be a whole amount from 0 to 1000000000000";
		goto fail;
	}
	out->value_vnd = n;
	return true;
fail:
	check_goods_free(out);
	return false;
}

void
check_goods_free(struct check_goods *g)
{
	free(g->copy);
	memset(g, 0, sizeof *g);
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

bool
check_fund_code(const char *v, const char **why)
{
	return rule_fund_code(v, why);
}

bool
check_parse_vnd(const char *v, long long *out)
{
	char digits[32];
	size_t n = 0, group = 0, i;
	char sep = 0;
	bool grouped = false;

	for (i = 0; v[i] != '\0'; i++) {
		if (isdigit((unsigned char)v[i])) {
			if (n + 1 >= sizeof digits)
				return false;
			digits[n++] = v[i];
			group++;
			continue;
		}
		if (strchr(".,_ ", v[i]) == NULL || (sep != 0 && v[i] != sep))
			return false;
		/* A separator: after 1 to 3 digits first, exactly 3 later. */
		if (group == 0 || group > 3 || (grouped && group != 3))
			return false;
		sep = v[i];
		grouped = true;
		group = 0;
	}
	if (n == 0 || (grouped && group != 3))
		return false;
	digits[n] = '\0';
	/* At most 30 digits were kept: beyond 19, strtoll says ERANGE. */
	errno = 0;
	*out = strtoll(digits, NULL, 10);
	return errno == 0;
}

bool
check_vnd(const char *v, const char **why)
{
	long long n;

	if (!check_parse_vnd(v, &n)) {
		*why = "must be a whole amount in VND: digits, optionally "
		       "grouped by threes (60000000, 60.000.000, 60,000,000)";
		return false;
	}
	return rule_vnd(n, why);
}

bool
check_description(const char *v, const char **why)
{
	return rule_text(v, RULE_DESCRIPTION_MAX, true, false, why);
}

bool
check_note(const char *v, const char **why)
{
	return rule_text(v, RULE_NOTE_MAX, false, true, why);
}

bool
check_title(const char *v, const char **why)
{
	return rule_text(v, RULE_TITLE_MAX, true, false, why);
}

bool
check_org_ref(const char *v, const char **why)
{
	uint8_t id[UUID_SIZE];

	if (uuid_parse(v, id))
		return true;
	return rule_text(v, RULE_TITLE_MAX, true, false, why);
}

bool
check_household_refs(const char *v, const char **why)
{
	char item[64];
	const char *p = v;
	size_t len;

	for (;;) {
		while (*p == ' ')
			p++;
		len = strcspn(p, ",");
		while (len > 0 && p[len - 1] == ' ')
			len--;
		if (len == 0 || len >= sizeof item) {
			*why = "must be household ids or codes separated by "
			       "commas";
			return false;
		}
		memcpy(item, p, len);
		item[len] = '\0';
		if (!check_household_ref(item, why))
			return false;
		p += strcspn(p, ",");
		if (*p == '\0')
			return true;
		p++;
	}
}

/* ---------------------------------------------------------------- poverty */

bool
check_date_or_empty(const char *v, const char **why)
{
	return *v == '\0' || rule_date(v, why);
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
			*why = "names an unknown indicator; they are "
			       "employment, dependants, nutrition, "
			       "health-insurance, adult-education, "
			       "child-schooling, housing-quality, "
			       "housing-area, water, latrine, telecom, "
			       "information-access (2022–2026), "
			       "digital-services, internet-access, "
			       "waste-handling (2027–2030)";
			return false;
		}
		v += len;
		if (*v == '\0')
			return true;
		v++; /* the comma */
	}
}

bool
check_note_text(const char *v, const char **why)
{
	return rule_text(v, RULE_NOTE_MAX, true, true, why);
}

bool
check_plan_item(const char *v, const char **why)
{
	return rule_text(v, RULE_PLAN_ITEM_MAX, true, false, why);
}
