/*
 * rules.h — the field rules, shared by both ends: the client checks before it
 * sends, the daemon checks again before anything reaches SQL.
 *
 * Each rule_* returns true when the value is acceptable; otherwise false with
 * a static, human-readable reason in *why ("must be 12 digits"). Text rules
 * count characters (Unicode code points), not bytes.
 *
 * The name tables (the wire enums and their words) are in names.h, which
 * this header includes.
 */
#ifndef ANSINH_RULES_H
#define ANSINH_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "names.h"

/* Text limits, in characters. */
#define RULE_NAME_MAX          200
#define RULE_CODE_MAX          32
#define RULE_ADDRESS_MAX       500
#define RULE_NOTE_MAX          4000
#define RULE_OCCUPATION_MAX    200
#define RULE_TOKEN_NAME_MAX    100
#define RULE_GROUP_MAX         999
#define RULE_VND_MAX           INT64_C(1000000000000) /* 1,000 billion VND */
#define RULE_PLAN_ITEM_MAX     500                    /* case-file plan items */
#define RULE_YEAR_MIN          2000                   /* review years */
#define RULE_YEAR_MAX          2100
#define RULE_STANDARD_CODE_MAX 32
#define RULE_INDICATORS        15  /* indicators, every standard's */
#define RULE_DEPRIVATIONS_MAX  12  /* --deprivations: 1..12 */
#define RULE_SCHEDULE_MAX      500 /* a programme's schedule note */
#define RULE_UNIT_MAX          32  /* unit of a goods line: "kg", "quả" */
#define RULE_BENEFICIARIES_MAX 1000000
#define RULE_QUANTITY_MAX      1000000000 /* of a goods line */
#define RULE_TARGET_MAX        INT64_C(1000000000000)

/* Ward code: two ASCII capital letters ("AK", "TKD" is not valid). */
bool rule_ward_code(const char *s, const char **why);

/* Citizen ID (CCCD): exactly 12 ASCII digits. */
bool rule_citizen_id(const char *s, const char **why);

/* ISO-8601 calendar date YYYY-MM-DD that exists, between 1900-01-01 and
 * 2100-12-31. */
bool rule_date(const char *s, const char **why);

/* Date that must also not be after today, Vietnam's date (birth dates,
 * "since" dates). */
bool rule_past_date(const char *s, const char **why);

/* Today's date in Vietnam (UTC+7), YYYY-MM-DD, whatever the machine's time
 * zone: the date the database's ansinh.today() gives, so that what a
 * command or import sends as "today" is never the database's tomorrow or
 * yesterday. False (out "") only when the clock cannot be read. */
bool rule_today(char out[11]);

/* rule_past_date with "today" given as YYYY-MM-DD (NULL: no upper bound). */
bool rule_past_date_on(const char *s, const char *today, const char **why);

/* Amount in VND: 0 .. RULE_VND_MAX. */
bool rule_vnd(int64_t v, const char **why);

/* Valid UTF-8, no NUL, no control characters other than tab and newline
 * (newlines only when multiline), no bidirectional controls (U+061C,
 * U+200E, U+200F, U+202A..U+202E, U+2066..U+2069) and no zero-width
 * characters (U+200B..U+200D, U+2060, U+FEFF), at most max characters, and
 * (when required) not empty or all white space. */
bool rule_text(const char *s, size_t max, bool required, bool multiline,
               const char **why);

/* Household code: 1..RULE_CODE_MAX characters of letters, digits, '-', '_',
 * '/', '.'; must not look like a UUID. */
bool rule_household_code(const char *s, const char **why);

/* Phone: 8..15 digits, optionally a leading '+', spaces, '.' and '-' allowed.
 */
bool rule_phone(const char *s, const char **why);

/* Residential group: 1..RULE_GROUP_MAX. */
bool rule_residential_group(int64_t v, const char **why);

/* Year of a pairing or a target: RULE_YEAR_MIN .. RULE_YEAR_MAX. */
bool rule_year(int64_t v, const char **why);

/* Number of beneficiaries of a programme session: 1 .. RULE_BENEFICIARIES_MAX
 * (0 on the wire means "not given"). */
bool rule_beneficiaries(int64_t v, const char **why);

/* Quantity of a goods line: a decimal number written with ASCII digits and
 * an optional '.' followed by 1 to 3 digits ("12", "0.5", "2.125"), more
 * than 0 and at most RULE_QUANTITY_MAX. */
bool rule_quantity(const char *s, const char **why);

/* Value of a target (a count): 0 .. RULE_TARGET_MAX. */
bool rule_target_value(int64_t v, const char **why);

/* Record id or request_id as it comes on the wire: exactly 16 bytes, not the
 * nil UUID. */
bool rule_id(const uint8_t *data, size_t len, const char **why);

/* Poverty standard code: 1..32 lower-case ASCII letters, digits and '-',
 * not starting with '-' ("central-2022"). */
bool rule_standard_code(const char *s, const char **why);

/* Number of deprivations that makes a household poor: 1..12. */
bool rule_min_deprivations(int64_t v, const char **why);

/* Valid UTF-8 check alone (bytes, length). */
bool rule_utf8(const char *s, size_t len);

/* Number of code points in a valid UTF-8 string. */
size_t rule_utf8_chars(const char *s);

/* The flag of the indicator at position 1..12 in d, or NULL for another
 * position. (Deprivations' fields are numbered by position.) */
struct Ansinh__V1__Deprivations; /* protobuf_c_boolean is int */
int *rule_deprivation_flag(struct Ansinh__V1__Deprivations *d, int position);
/* ---- the ledger: funds, organizations, needs, support, dialogues --------
 * (rules_ledger.c) */
#define RULE_DESCRIPTION_MAX 1000 /* need and support descriptions, reasons */
#define RULE_TITLE_MAX       200  /* dialogue titles, fund and org names */

/* Fund code: 2..32 ASCII lower-case letters, digits and '-', starting with
 * a letter ("poor-fund"). */
bool rule_fund_code(const char *s, const char **why);

/* Administrative unit code: 2..16 ASCII capital letters and digits,
 * starting with a letter ("TKW"); the SQL CHECK of ansinh.admin_unit. */
bool rule_unit_code(const char *s, const char **why);

#endif
