/*
 * names.h — the name tables, shared by both ends: each wire enum and the
 * word for each of its values on the command line, in CSV and in the
 * database ("near-poor", "especially-severe").
 *
 * One table per enum, all defined the same way in names.c. Every table has
 * the same three functions:
 *
 *   names_X(v)        the word of value v, or NULL (UNSPECIFIED, unknown)
 *   names_X_parse(s)  the value of word s, or -1 when the word is unknown;
 *                     any case, with '_' for '-'
 *   names_X_list()    the words in value order, '|' separated
 *                     ("none|mild|severe|especially-severe")
 *
 * The daemon's operation engine finds a field's table through the field's
 * enum descriptor (names_for_enum), so an enum bound to an SQL argument or
 * filled from a result column needs no code of its own. An enum without a
 * table here has the words of its value names: the prefix they share
 * dropped, lower case, '-' for '_' (GRIEVANCE_STATUS_IN_PROGRESS:
 * "in-progress"); a table here is needed only for other words.
 */
#ifndef ANSINH_NAMES_H
#define ANSINH_NAMES_H

#include "ansinh.pb-c.h"

/* One table: words indexed by enum value (NULL for "no word"). */
struct names_table;

const char *names_word(const struct names_table *t, int v);
int names_value(const struct names_table *t, const char *s);
const char *names_list(const struct names_table *t);
/* The table of a wire enum (made from its value names when names.c has
 * none); NULL only for NULL. */
const struct names_table *names_for_enum(const ProtobufCEnumDescriptor *d);

#define NAMES_DECLARE(name)                                                    \
	const char *names_##name(int v);                                       \
	int names_##name##_parse(const char *s);                               \
	const char *names_##name##_list(void)

NAMES_DECLARE(poverty);     /* poor, near-poor, none */
NAMES_DECLARE(sex);         /* male, female */
NAMES_DECLARE(relation);    /* head, spouse, child, parent, grandchild, other */
NAMES_DECLARE(disability);  /* none, mild, severe, especially-severe */
NAMES_DECLARE(role);        /* ward, district, auditor */
NAMES_DECLARE(code);        /* OK, INVALID_ARGUMENT, ... (the gRPC names) */
NAMES_DECLARE(area);        /* urban, rural */
NAMES_DECLARE(scope);       /* central, city */
NAMES_DECLARE(class);       /* poor, near-poor, average, above-average */
NAMES_DECLARE(plan_kind);   /* livelihood, housing, employment, ... */
NAMES_DECLARE(plan_status); /* planned, in-progress, done, dropped */
/* The 12 indicators of deprivation by position 1..12: employment,
 * dependants, nutrition, health-insurance, adult-education,
 * child-schooling, housing-quality, housing-area, water, latrine,
 * telecom, information-access (the codes of ansinh.poverty_indicator). */
NAMES_DECLARE(indicator);
/* produce-market, bread-cabinet, free-meals, gift-distribution, scholarship,
 * health-check, other */
NAMES_DECLARE(programme_kind);
/* job-placement, vocational-training, employment-centre-referral,
 * labour-export */
NAMES_DECLARE(employment_kind);
/* poor-exit, poor-exit-special, poor-exit-central, near-poor-exit,
 * livelihood-cases, houses-built, job-placements, vocational-training,
 * referrals, pairings */
NAMES_DECLARE(target_metric);
NAMES_DECLARE(org_kind);     /* association, school, army-unit, ... */
NAMES_DECLARE(need_kind);    /* livelihood-equipment, house-new, ... */
NAMES_DECLARE(need_status);  /* registered, verified, approved, ... */
NAMES_DECLARE(need_action);  /* verify, approve, reject, withdraw */
NAMES_DECLARE(support_kind); /* the need kinds, cash, goods, ... */

#endif
