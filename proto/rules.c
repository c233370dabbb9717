/*
 * rules.c — field rules, shared by both ends (the name tables: names.c).
 *
 * Reasons are static strings that read after a field name:
 * "citizen_id must be 12 digits".
 */
#include <string.h>
#include <time.h>

#include "ansinh.pb-c.h"
#include "rules.h"
#include "uuid.h"

/* Seconds east of UTC of Asia/Ho_Chi_Minh (as ansinh.today() in SQL). */
#define RULES_VIETNAM_UTC_OFFSET (7 * 3600)

#define RULES_DATE_MIN  "1900-01-01"
#define RULES_DATE_MAX  "2100-12-31"
#define RULES_PHONE_MIN 8
#define RULES_PHONE_MAX 15

static size_t rules_utf8_next(const unsigned char *s, size_t len, uint32_t *cp);
static bool rules_is_space(uint32_t cp);
static bool rules_is_control(uint32_t cp, bool multiline);
static const char *rules_invisible(uint32_t cp);
static const char *rules_too_long(size_t max);
static bool rules_fail(const char **why, const char *reason);
static bool rules_digits(const char *s, size_t n);
static bool rules_leap(int y);
static int rules_month_days(int y, int m);

/* ---- UTF-8 ------------------------------------------------------------ */

bool
rule_utf8(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;

	while (len > 0) {
		size_t n = rules_utf8_next(p, len, &cp);

		if (n == 0)
			return false;
		p += n;
		len -= n;
	}
	return true;
}

size_t
rule_utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* ---- codes and numbers ------------------------------------------------ */

bool
rule_ward_code(const char *s, const char **why)
{
	if (s == NULL || s[0] == '\0')
		return rules_fail(why, "must not be empty");
	if (s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z' ||
	    s[2] != '\0')
		return rules_fail(why, "must be two capital letters");
	return true;
}

bool
rule_citizen_id(const char *s, const char **why)
{
	if (s == NULL || s[0] == '\0')
		return rules_fail(why, "must not be empty");
	if (strlen(s) != 12 || !rules_digits(s, 12))
		return rules_fail(why, "must be 12 digits");
	return true;
}

bool
rule_vnd(int64_t v, const char **why)
{
	if (v < 0)
		return rules_fail(why, "must not be negative");
	if (v > RULE_VND_MAX)
		return rules_fail(why, "must not be more than 1000000000000");
	return true;
}

bool
rule_residential_group(int64_t v, const char **why)
{
	if (v < 1 || v > RULE_GROUP_MAX)
		return rules_fail(why, "must be between 1 and 999");
	return true;
}

bool
rule_year(int64_t v, const char **why)
{
	if (v < RULE_YEAR_MIN || v > RULE_YEAR_MAX)
		return rules_fail(why, "must be a year from 2000 to 2100");
	return true;
}

bool
rule_beneficiaries(int64_t v, const char **why)
{
	if (v < 1 || v > RULE_BENEFICIARIES_MAX)
		return rules_fail(why, "must be between 1 and 1000000");
	return true;
}

bool
rule_target_value(int64_t v, const char **why)
{
	if (v < 0)
		return rules_fail(why, "must not be negative");
	if (v > RULE_TARGET_MAX)
		return rules_fail(why, "must not be more than 1000000000000");
	return true;
}

bool
rule_quantity(const char *s, const char **why)
{
	size_t i, whole = 0, frac = 0;
	bool point = false, nonzero = false;
	uint64_t units = 0; /* the whole part */

	if (s == NULL || s[0] == '\0')
		return rules_fail(why, "must not be empty");
	for (i = 0; s[i] != '\0'; i++) {
		char c = s[i];

		if (c == '.' && !point) {
			point = true;
			continue;
		}
		if (c < '0' || c > '9')
			return rules_fail(why, "must be a number such as 12 or "
			                       "2.5");
		if (c != '0')
			nonzero = true;
		if (point) {
			frac++;
		} else {
			whole++;
			if (whole <= 11)
				units = units * 10 + (uint64_t)(c - '0');
		}
	}
	if (whole == 0 || (point && frac == 0))
		return rules_fail(why, "must be a number such as 12 or 2.5");
	if (frac > 3)
		return rules_fail(why, "must have at most 3 decimals");
	if (!nonzero)
		return rules_fail(why, "must be more than 0");
	if (whole > 10 || units > RULE_QUANTITY_MAX ||
	    (units == RULE_QUANTITY_MAX && frac > 0 &&
	     strspn(strchr(s, '.') + 1, "0") != frac))
		return rules_fail(why, "must not be more than 1000000000");
	return true;
}

bool
rule_id(const uint8_t *data, size_t len, const char **why)
{
	if (len == 0)
		return rules_fail(why, "must not be empty");
	if (len != UUID_SIZE || data == NULL)
		return rules_fail(why, "must be a 16-byte UUID");
	if (uuid_is_nil(data))
		return rules_fail(why, "must not be the nil UUID");
	return true;
}

bool
rule_household_code(const char *s, const char **why)
{
	uint8_t id[UUID_SIZE];
	size_t i, n;

	if (s == NULL || s[0] == '\0')
		return rules_fail(why, "must not be empty");
	n = strlen(s);
	if (uuid_parse(s, id))
		return rules_fail(why, "must not look like a UUID");
	if (n == 32) {
		for (i = 0; i < n; i++)
			if (!((s[i] >= '0' && s[i] <= '9') ||
			      (s[i] >= 'a' && s[i] <= 'f') ||
			      (s[i] >= 'A' && s[i] <= 'F')))
				break;
		if (i == n)
			return rules_fail(why, "must not look like a UUID");
	}
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		      c == '/' || c == '.'))
			return rules_fail(why, "may only contain letters, "
			                       "digits, '-', '_', '/' and '.'");
	}
	if (n > RULE_CODE_MAX)
		return rules_fail(why, rules_too_long(RULE_CODE_MAX));
	return true;
}

bool
rule_phone(const char *s, const char **why)
{
	size_t i, digits = 0;

	if (s == NULL || s[0] == '\0')
		return rules_fail(why, "must not be empty");
	for (i = 0; s[i] != '\0'; i++) {
		char c = s[i];

		if (c >= '0' && c <= '9')
			digits++;
		else if (!(c == ' ' || c == '.' || c == '-' ||
		           (c == '+' && i == 0)))
			return rules_fail(why, "may only contain digits, "
			                       "spaces, '.', '-' and a "
			                       "leading '+'");
	}
	if (digits < RULES_PHONE_MIN || digits > RULES_PHONE_MAX)
		return rules_fail(why, "must have 8 to 15 digits");
	return true;
}

bool
rule_min_deprivations(int64_t v, const char **why)
{
	if (v < 1 || v > RULE_DEPRIVATIONS_MAX)
		return rules_fail(why, "must be between 1 and 12");
	return true;
}

bool
rule_standard_code(const char *s, const char **why)
{
	size_t i, n;

	if (s == NULL || s[0] == '\0')
		return rules_fail(why, "must not be empty");
	n = strlen(s);
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      (c == '-' && i > 0)))
			return rules_fail(why, "may only contain lower-case "
			                       "letters, digits and '-' (not "
			                       "first)");
	}
	if (n > RULE_STANDARD_CODE_MAX)
		return rules_fail(why, rules_too_long(RULE_CODE_MAX));
	return true;
}

int *
rule_deprivation_flag(struct Ansinh__V1__Deprivations *d, int position)
{
	switch (position) {
	case 1:
		return &d->employment;
	case 2:
		return &d->dependants;
	case 3:
		return &d->nutrition;
	case 4:
		return &d->health_insurance;
	case 5:
		return &d->adult_education;
	case 6:
		return &d->child_schooling;
	case 7:
		return &d->housing_quality;
	case 8:
		return &d->housing_area;
	case 9:
		return &d->water;
	case 10:
		return &d->latrine;
	case 11:
		return &d->telecom;
	case 12:
		return &d->information_access;
	case 13:
		return &d->digital_services;
	case 14:
		return &d->internet_access;
	case 15:
		return &d->waste_handling;
	default:
		return NULL;
	}
}

/* ---- dates -------------------------------------------------------------- */

bool
rule_date(const char *s, const char **why)
{
	int y, m, d;

	if (s == NULL || s[0] == '\0')
		return rules_fail(why, "must not be empty");
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    !rules_digits(s, 4) || !rules_digits(s + 5, 2) ||
	    !rules_digits(s + 8, 2))
		return rules_fail(why, "must be a date YYYY-MM-DD");
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (m < 1 || m > 12 || d < 1 || d > rules_month_days(y, m))
		return rules_fail(why, "is not a real date");
	/* Same width, same format: the strings compare as the dates do. */
	if (strcmp(s, RULES_DATE_MIN) < 0 || strcmp(s, RULES_DATE_MAX) > 0)
		return rules_fail(why, "must be between " RULES_DATE_MIN
		                       " and " RULES_DATE_MAX);
	return true;
}

bool
rule_past_date_on(const char *s, const char *today, const char **why)
{
	if (!rule_date(s, why))
		return false;
	if (today != NULL && strcmp(s, today) > 0)
		return rules_fail(why, "must not be in the future");
	return true;
}

bool
rule_past_date(const char *s, const char **why)
{
	char today[11];

	if (!rule_today(today))
		return rule_past_date_on(s, NULL, why);
	return rule_past_date_on(s, today, why);
}

bool
rule_today(char out[11])
{
	/* Vietnam keeps UTC+7 all year (no daylight saving since 1975). */
	time_t now = time(NULL) + RULES_VIETNAM_UTC_OFFSET;
	struct tm tm;

	out[0] = '\0';
	return gmtime_r(&now, &tm) != NULL &&
	       strftime(out, 11, "%Y-%m-%d", &tm) == 10;
}

/* ---- text --------------------------------------------------------------- */

bool
rule_text(const char *s, size_t max, bool required, bool multiline,
          const char **why)
{
	const unsigned char *p;
	const char *reason;
	size_t len, chars = 0;
	bool blank = true;
	uint32_t cp;

	if (s == NULL)
		s = "";
	p = (const unsigned char *)s;
	len = strlen(s);
	while (len > 0) {
		size_t n = rules_utf8_next(p, len, &cp);

		if (n == 0)
			return rules_fail(why, "is not valid UTF-8");
		if (rules_is_control(cp, multiline))
			return rules_fail(why, "contains a control character");
		if ((reason = rules_invisible(cp)) != NULL)
			return rules_fail(why, reason);
		if (!rules_is_space(cp))
			blank = false;
		chars++;
		p += n;
		len -= n;
	}
	if (required && blank)
		return rules_fail(why, "must not be empty");
	if (chars > max)
		return rules_fail(why, rules_too_long(max));
	return true;
}

/* ---- helpers ------------------------------------------------------------ */

/*
 * Decode one code point from s (len > 0 bytes). Returns its length in bytes,
 * or 0 when the bytes are not UTF-8: a stray continuation byte, a truncated
 * sequence, an overlong form, a surrogate or a value past U+10FFFF.
 */
static size_t
rules_utf8_next(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t c = s[0], min;
	size_t n, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		return 0; /* continuation byte, C0/C1 (overlong), F5..FF */
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

static bool
rules_is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == 0xa0 ||
	       cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200b) || cp == 0x2028 ||
	       cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000 ||
	       cp == 0xfeff;
}

/* C0 and C1 controls and DEL; tab always allowed, newline when multiline. */
static bool
rules_is_control(uint32_t cp, bool multiline)
{
	if (cp == '\t' || (cp == '\n' && multiline))
		return false;
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

/*
 * The reason for refusing an invisible formatting character, or NULL when cp
 * is not one. Bidirectional controls reorder what a reader sees ("Nguyễn
 * U+202E nạhT" shows reversed) and zero-width characters make two names
 * that look the same differ, so neither belongs in a name, a code or a note.
 */
static const char *
rules_invisible(uint32_t cp)
{
	static const struct {
		uint32_t cp;
		const char *reason;
	} table[] = {
	    {0x061c, "contains a bidirectional control character (U+061C)"},
	    {0x200b, "contains a zero-width character (U+200B)"},
	    {0x200c, "contains a zero-width character (U+200C)"},
	    {0x200d, "contains a zero-width character (U+200D)"},
	    {0x200e, "contains a bidirectional control character (U+200E)"},
	    {0x200f, "contains a bidirectional control character (U+200F)"},
	    {0x202a, "contains a bidirectional control character (U+202A)"},
	    {0x202b, "contains a bidirectional control character (U+202B)"},
	    {0x202c, "contains a bidirectional control character (U+202C)"},
	    {0x202d, "contains a bidirectional control character (U+202D)"},
	    {0x202e, "contains a bidirectional control character (U+202E)"},
	    {0x2060, "contains a zero-width character (U+2060)"},
	    {0x2066, "contains a bidirectional control character (U+2066)"},
	    {0x2067, "contains a bidirectional control character (U+2067)"},
	    {0x2068, "contains a bidirectional control character (U+2068)"},
	    {0x2069, "contains a bidirectional control character (U+2069)"},
	    {0xfeff, "contains a zero-width character (U+FEFF)"},
	};
	size_t i;

	if (cp < 0x061c)
		return NULL;
	for (i = 0; i < sizeof table / sizeof table[0]; i++)
		if (table[i].cp == cp)
			return table[i].reason;
	return NULL;
}

static const char *
rules_too_long(size_t max)
{
	switch (max) {
	case 0:
		return "must be empty";
	case RULE_CODE_MAX: /* also RULE_UNIT_MAX */
		return "is longer than 32 characters";
	case RULE_TOKEN_NAME_MAX:
		return "is longer than 100 characters";
	case RULE_NAME_MAX: /* also RULE_OCCUPATION_MAX */
		return "is longer than 200 characters";
	case RULE_ADDRESS_MAX: /* also RULE_SCHEDULE_MAX */
		return "is longer than 500 characters";
	case RULE_NOTE_MAX:
		return "is longer than 4000 characters";
	default:
		return "is too long";
	}
}

static bool
rules_fail(const char **why, const char *reason)
{
	if (why != NULL)
		*why = reason;
	return false;
}

/* True when the first n characters of s are all ASCII digits. */
static bool
rules_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static bool
rules_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
rules_month_days(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30,
	                             31, 31, 30, 31, 30, 31};

	if (m == 2 && rules_leap(y))
		return 29;
	return days[m - 1];
}
