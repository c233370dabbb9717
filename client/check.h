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

/* Parse a decimal integer that is all of v; false on anything else. */
bool check_parse_long(const char *v, long *out);

#endif
