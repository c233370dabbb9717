/*
 * check.h — the local checks of command-line values, made from the shared
 * field rules (proto/rules.h) so that the client refuses exactly what the
 * daemon would refuse, before connecting. Each returns true when the value
 * is acceptable, else false with a static reason in *why.
 */
#ifndef ANSINH_CHECK_H
#define ANSINH_CHECK_H

#include <stdbool.h>

/* Largest --limit. */
#define CHECK_LIMIT_MAX 100000

bool check_ward(const char *v, const char **why);
bool check_household_code(const char *v, const char **why);
/* A household id (UUID) or code. */
bool check_household_ref(const char *v, const char **why);
bool check_uuid(const char *v, const char **why);
bool check_name(const char *v, const char **why);
bool check_group(const char *v, const char **why);
/* Address, phone, occupation: empty is allowed (clears on update). */
bool check_address(const char *v, const char **why);
bool check_phone(const char *v, const char **why);
bool check_occupation(const char *v, const char **why);
bool check_past_date(const char *v, const char **why);
bool check_citizen_id(const char *v, const char **why);
/* Empty clears the citizen ID on update. */
bool check_citizen_id_or_empty(const char *v, const char **why);
bool check_limit(const char *v, const char **why);
bool check_search_text(const char *v, const char **why);

/* The ledger's values (funds, organizations, needs, support, dialogues). */
bool check_fund_code(const char *v, const char **why);
/* An amount in VND, 0 to 1e12: digits, optionally grouped by threes with
 * '.', ',', '_' or ' ' (60.000.000, 60,000,000). */
bool check_vnd(const char *v, const char **why);
/* check_vnd's value; false when v is not one. */
bool check_parse_vnd(const char *v, long long *out);
/* One line of up to 1000 characters (descriptions, reasons). */
bool check_description(const char *v, const char **why);
/* Up to 4000 characters, line breaks allowed. */
bool check_note(const char *v, const char **why);
/* One line of up to 200 characters (titles, fund and org names). */
bool check_title(const char *v, const char **why);
/* Any real date YYYY-MM-DD (period bounds). */
bool check_date(const char *v, const char **why);
/* An organization id (UUID) or its name. */
bool check_org_ref(const char *v, const char **why);
/* Household ids or codes, separated by commas. */
bool check_household_refs(const char *v, const char **why);
/* Programmes, sessions, pairings, employment, targets. */
bool check_year(const char *v, const char **why);
bool check_beneficiaries(const char *v, const char **why);
bool check_target_value(const char *v, const char **why);
bool check_schedule(const char *v, const char **why);
/* A free-text note (line breaks allowed), up to 4000 characters. */
/* A goods line "ITEM:QUANTITY:UNIT:VND", e.g. "trứng:300:quả:900000". */
bool check_goods(const char *v, const char **why);

/* A goods line split into its parts. The item may itself contain ':' (the
 * last three fields are split off). Owns a copy of the text. */
struct check_goods {
	char *copy;
	const char *item;
	const char *quantity;
	const char *unit;
	long long value_vnd;
};

/* Split and check v; on success out holds the parts (free with
 * check_goods_free), else false with a reason and nothing to free. */
bool check_goods_parse(const char *v, struct check_goods *out,
                       const char **why);
void check_goods_free(struct check_goods *g);

/* Poverty family (0001_baseline, part 9). */
/* Any real date YYYY-MM-DD (1900..2100), future allowed. */
/* An amount of VND: digits, optionally grouped by threes with ',' or '.'
 * (2,500,000 or 2.500.000). */
bool check_standard_code(const char *v, const char **why);
bool check_min_deprivations(const char *v, const char **why);
/* A comma-separated list of indicator codes (names_indicator), or "none". */
bool check_deprived(const char *v, const char **why);
/* Multiline free text up to RULE_NOTE_MAX; empty allowed (clears). */
/* Required multiline text up to RULE_NOTE_MAX (a case file note). */
bool check_note_text(const char *v, const char **why);
/* Plan item description, 1..RULE_PLAN_ITEM_MAX characters. */
bool check_plan_item(const char *v, const char **why);
/* A due date, or '' (clears it on update). */
bool check_date_or_empty(const char *v, const char **why);

/* The positions (1..12) of a check_deprived-accepted list as a bit mask:
 * bit p set for position p. */
unsigned check_parse_deprived(const char *v);

/* Parse a decimal integer that is all of v; false on anything else. */
bool check_parse_long(const char *v, long *out);

#endif
