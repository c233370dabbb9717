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

/* Programmes, sessions, pairings, employment, targets. */
bool check_date(const char *v, const char **why);
bool check_year(const char *v, const char **why);
bool check_beneficiaries(const char *v, const char **why);
bool check_target_value(const char *v, const char **why);
bool check_schedule(const char *v, const char **why);
/* A free-text note (line breaks allowed), up to 4000 characters. */
bool check_note(const char *v, const char **why);
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

/* Parse a decimal integer that is all of v; false on anything else. */
bool check_parse_long(const char *v, long *out);

#endif
