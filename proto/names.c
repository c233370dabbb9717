/*
 * names.c — every name table (see names.h), each defined the same way: the
 * words by enum value, then NAMES_DEFINE, which makes the table and its
 * three functions and registers it under its enum descriptor. The words are
 * the database's and the command line's: tests/unit pins every table. An
 * enum without a table gets one from its value names (names_derive).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"

struct names_table {
	const ProtobufCEnumDescriptor *desc; /* NULL: indexed by position */
	const char *const *words;
	int count;
	char *list;               /* built on first use, kept for the process */
	struct names_table *next; /* the tables names_derive made */
};

/* Tables made from the value names of enums that have none here. */
static struct names_table *names_derived;

static bool names_word_eq(const char *s, const char *word);
static struct names_table *names_derive(const ProtobufCEnumDescriptor *d);
static char names_fold(char c);

#define NAMES_DEFINE(name, descriptor)                                         \
	static struct names_table names_##name##_table = {                     \
	    descriptor, names_##name##_words,                                  \
	    (int)(sizeof names_##name##_words /                                \
	          sizeof names_##name##_words[0]),                             \
	    NULL, NULL};                                                       \
	const char *names_##name(int v)                                        \
	{                                                                      \
		return names_word(&names_##name##_table, v);                   \
	}                                                                      \
	int names_##name##_parse(const char *s)                                \
	{                                                                      \
		return names_value(&names_##name##_table, s);                  \
	}                                                                      \
	const char *names_##name##_list(void)                                  \
	{                                                                      \
		return names_list(&names_##name##_table);                      \
	}

static const char *const names_poverty_words[] = {
    [ANSINH__V1__POVERTY_STATUS__POVERTY_POOR] = "poor",
    [ANSINH__V1__POVERTY_STATUS__POVERTY_NEAR_POOR] = "near-poor",
    [ANSINH__V1__POVERTY_STATUS__POVERTY_NONE] = "none",
};
NAMES_DEFINE(poverty, &ansinh__v1__poverty_status__descriptor)

static const char *const names_sex_words[] = {
    [ANSINH__V1__SEX__SEX_MALE] = "male",
    [ANSINH__V1__SEX__SEX_FEMALE] = "female",
};
NAMES_DEFINE(sex, &ansinh__v1__sex__descriptor)

static const char *const names_relation_words[] = {
    [ANSINH__V1__RELATION__RELATION_HEAD] = "head",
    [ANSINH__V1__RELATION__RELATION_SPOUSE] = "spouse",
    [ANSINH__V1__RELATION__RELATION_CHILD] = "child",
    [ANSINH__V1__RELATION__RELATION_PARENT] = "parent",
    [ANSINH__V1__RELATION__RELATION_GRANDCHILD] = "grandchild",
    [ANSINH__V1__RELATION__RELATION_OTHER] = "other",
};
NAMES_DEFINE(relation, &ansinh__v1__relation__descriptor)

static const char *const names_disability_words[] = {
    [ANSINH__V1__DISABILITY__DISABILITY_NONE] = "none",
    [ANSINH__V1__DISABILITY__DISABILITY_MILD] = "mild",
    [ANSINH__V1__DISABILITY__DISABILITY_SEVERE] = "severe",
    [ANSINH__V1__DISABILITY__DISABILITY_ESPECIALLY_SEVERE] =
        "especially-severe",
};
NAMES_DEFINE(disability, &ansinh__v1__disability__descriptor)

static const char *const names_role_words[] = {
    [ANSINH__V1__ROLE__ROLE_WARD] = "ward",
    [ANSINH__V1__ROLE__ROLE_DISTRICT] = "district",
    [ANSINH__V1__ROLE__ROLE_AUDITOR] = "auditor",
};
NAMES_DEFINE(role, &ansinh__v1__role__descriptor)

static const char *const names_code_words[] = {
    [ANSINH__V1__CODE__OK] = "OK",
    [ANSINH__V1__CODE__CANCELLED] = "CANCELLED",
    [ANSINH__V1__CODE__UNKNOWN] = "UNKNOWN",
    [ANSINH__V1__CODE__INVALID_ARGUMENT] = "INVALID_ARGUMENT",
    [ANSINH__V1__CODE__DEADLINE_EXCEEDED] = "DEADLINE_EXCEEDED",
    [ANSINH__V1__CODE__NOT_FOUND] = "NOT_FOUND",
    [ANSINH__V1__CODE__ALREADY_EXISTS] = "ALREADY_EXISTS",
    [ANSINH__V1__CODE__PERMISSION_DENIED] = "PERMISSION_DENIED",
    [ANSINH__V1__CODE__RESOURCE_EXHAUSTED] = "RESOURCE_EXHAUSTED",
    [ANSINH__V1__CODE__FAILED_PRECONDITION] = "FAILED_PRECONDITION",
    [ANSINH__V1__CODE__ABORTED] = "ABORTED",
    [ANSINH__V1__CODE__OUT_OF_RANGE] = "OUT_OF_RANGE",
    [ANSINH__V1__CODE__UNIMPLEMENTED] = "UNIMPLEMENTED",
    [ANSINH__V1__CODE__INTERNAL] = "INTERNAL",
    [ANSINH__V1__CODE__UNAVAILABLE] = "UNAVAILABLE",
    [ANSINH__V1__CODE__DATA_LOSS] = "DATA_LOSS",
    [ANSINH__V1__CODE__UNAUTHENTICATED] = "UNAUTHENTICATED",
};
NAMES_DEFINE(code, &ansinh__v1__code__descriptor)

static const char *const names_area_words[] = {
    [ANSINH__V1__AREA__AREA_URBAN] = "urban",
    [ANSINH__V1__AREA__AREA_RURAL] = "rural",
};
NAMES_DEFINE(area, &ansinh__v1__area__descriptor)

static const char *const names_scope_words[] = {
    [ANSINH__V1__STANDARD_SCOPE__STANDARD_SCOPE_CENTRAL] = "central",
    [ANSINH__V1__STANDARD_SCOPE__STANDARD_SCOPE_CITY] = "city",
};
NAMES_DEFINE(scope, &ansinh__v1__standard_scope__descriptor)

static const char *const names_class_words[] = {
    [ANSINH__V1__POVERTY_CLASS__POVERTY_CLASS_POOR] = "poor",
    [ANSINH__V1__POVERTY_CLASS__POVERTY_CLASS_NEAR_POOR] = "near-poor",
    [ANSINH__V1__POVERTY_CLASS__POVERTY_CLASS_AVERAGE] = "average",
    [ANSINH__V1__POVERTY_CLASS__POVERTY_CLASS_ABOVE_AVERAGE] = "above-average",
};
NAMES_DEFINE(class, &ansinh__v1__poverty_class__descriptor)

static const char *const names_plan_kind_words[] = {
    [ANSINH__V1__PLAN_KIND__PLAN_KIND_LIVELIHOOD] = "livelihood",
    [ANSINH__V1__PLAN_KIND__PLAN_KIND_HOUSING] = "housing",
    [ANSINH__V1__PLAN_KIND__PLAN_KIND_EMPLOYMENT] = "employment",
    [ANSINH__V1__PLAN_KIND__PLAN_KIND_TRAINING] = "training",
    [ANSINH__V1__PLAN_KIND__PLAN_KIND_HEALTH] = "health",
    [ANSINH__V1__PLAN_KIND__PLAN_KIND_EDUCATION] = "education",
    [ANSINH__V1__PLAN_KIND__PLAN_KIND_LOAN] = "loan",
    [ANSINH__V1__PLAN_KIND__PLAN_KIND_ASSISTANCE] = "assistance",
    [ANSINH__V1__PLAN_KIND__PLAN_KIND_OTHER] = "other",
};
NAMES_DEFINE(plan_kind, &ansinh__v1__plan_kind__descriptor)

static const char *const names_plan_status_words[] = {
    [ANSINH__V1__PLAN_STATUS__PLAN_STATUS_PLANNED] = "planned",
    [ANSINH__V1__PLAN_STATUS__PLAN_STATUS_IN_PROGRESS] = "in-progress",
    [ANSINH__V1__PLAN_STATUS__PLAN_STATUS_DONE] = "done",
    [ANSINH__V1__PLAN_STATUS__PLAN_STATUS_DROPPED] = "dropped",
};
NAMES_DEFINE(plan_status, &ansinh__v1__plan_status__descriptor)

/* By position, as the fields of Deprivations and ansinh.poverty_indicator. */
static const char *const names_indicator_words[] = {
    [1] = "employment",
    [2] = "dependants",
    [3] = "nutrition",
    [4] = "health-insurance",
    [5] = "adult-education",
    [6] = "child-schooling",
    [7] = "housing-quality",
    [8] = "housing-area",
    [9] = "water",
    [10] = "latrine",
    [11] = "telecom",
    [12] = "information-access",
    [13] = "digital-services",
    [14] = "internet-access",
    [15] = "waste-handling",
};
NAMES_DEFINE(indicator, NULL)

static const char *const names_programme_kind_words[] = {
    [ANSINH__V1__PROGRAMME_KIND__PROGRAMME_PRODUCE_MARKET] = "produce-market",
    [ANSINH__V1__PROGRAMME_KIND__PROGRAMME_BREAD_CABINET] = "bread-cabinet",
    [ANSINH__V1__PROGRAMME_KIND__PROGRAMME_FREE_MEALS] = "free-meals",
    [ANSINH__V1__PROGRAMME_KIND__PROGRAMME_GIFT_DISTRIBUTION] =
        "gift-distribution",
    [ANSINH__V1__PROGRAMME_KIND__PROGRAMME_SCHOLARSHIP] = "scholarship",
    [ANSINH__V1__PROGRAMME_KIND__PROGRAMME_HEALTH_CHECK] = "health-check",
    [ANSINH__V1__PROGRAMME_KIND__PROGRAMME_OTHER] = "other",
};
NAMES_DEFINE(programme_kind, &ansinh__v1__programme_kind__descriptor)

static const char *const names_employment_kind_words[] = {
    [ANSINH__V1__EMPLOYMENT_KIND__EMPLOYMENT_JOB_PLACEMENT] = "job-placement",
    [ANSINH__V1__EMPLOYMENT_KIND__EMPLOYMENT_VOCATIONAL_TRAINING] =
        "vocational-training",
    [ANSINH__V1__EMPLOYMENT_KIND__EMPLOYMENT_CENTRE_REFERRAL] =
        "employment-centre-referral",
    [ANSINH__V1__EMPLOYMENT_KIND__EMPLOYMENT_LABOUR_EXPORT] = "labour-export",
};
NAMES_DEFINE(employment_kind, &ansinh__v1__employment_kind__descriptor)

static const char *const names_target_metric_words[] = {
    [ANSINH__V1__TARGET_METRIC__TARGET_POOR_EXIT] = "poor-exit",
    [ANSINH__V1__TARGET_METRIC__TARGET_POOR_EXIT_SPECIAL] = "poor-exit-special",
    [ANSINH__V1__TARGET_METRIC__TARGET_POOR_EXIT_CENTRAL] = "poor-exit-central",
    [ANSINH__V1__TARGET_METRIC__TARGET_NEAR_POOR_EXIT] = "near-poor-exit",
    [ANSINH__V1__TARGET_METRIC__TARGET_LIVELIHOOD_CASES] = "livelihood-cases",
    [ANSINH__V1__TARGET_METRIC__TARGET_HOUSES_BUILT] = "houses-built",
    [ANSINH__V1__TARGET_METRIC__TARGET_JOB_PLACEMENTS] = "job-placements",
    [ANSINH__V1__TARGET_METRIC__TARGET_VOCATIONAL_TRAINING] =
        "vocational-training",
    [ANSINH__V1__TARGET_METRIC__TARGET_REFERRALS] = "referrals",
    [ANSINH__V1__TARGET_METRIC__TARGET_PAIRINGS] = "pairings",
};
NAMES_DEFINE(target_metric, &ansinh__v1__target_metric__descriptor)

static const char *const names_org_kind_words[] = {
    [ANSINH__V1__ORG_KIND__ORG_KIND_ASSOCIATION] = "association",
    [ANSINH__V1__ORG_KIND__ORG_KIND_SCHOOL] = "school",
    [ANSINH__V1__ORG_KIND__ORG_KIND_ARMY_UNIT] = "army-unit",
    [ANSINH__V1__ORG_KIND__ORG_KIND_AGENCY] = "agency",
    [ANSINH__V1__ORG_KIND__ORG_KIND_PROVINCE_COMMITTEE] = "province-committee",
    [ANSINH__V1__ORG_KIND__ORG_KIND_BUSINESS] = "business",
    [ANSINH__V1__ORG_KIND__ORG_KIND_OTHER] = "other",
};
NAMES_DEFINE(org_kind, &ansinh__v1__org_kind__descriptor)

static const char *const names_need_kind_words[] = {
    [ANSINH__V1__NEED_KIND__NEED_KIND_LIVELIHOOD_EQUIPMENT] =
        "livelihood-equipment",
    [ANSINH__V1__NEED_KIND__NEED_KIND_HOUSE_NEW] = "house-new",
    [ANSINH__V1__NEED_KIND__NEED_KIND_HOUSE_REPAIR] = "house-repair",
    [ANSINH__V1__NEED_KIND__NEED_KIND_ASSISTIVE_DEVICE] = "assistive-device",
    [ANSINH__V1__NEED_KIND__NEED_KIND_ORTHOPAEDIC_AID] = "orthopaedic-aid",
    [ANSINH__V1__NEED_KIND__NEED_KIND_JOB] = "job",
    [ANSINH__V1__NEED_KIND__NEED_KIND_VOCATIONAL_TRAINING] =
        "vocational-training",
    [ANSINH__V1__NEED_KIND__NEED_KIND_OTHER] = "other",
};
NAMES_DEFINE(need_kind, &ansinh__v1__need_kind__descriptor)

static const char *const names_need_status_words[] = {
    [ANSINH__V1__NEED_STATUS__NEED_STATUS_REGISTERED] = "registered",
    [ANSINH__V1__NEED_STATUS__NEED_STATUS_VERIFIED] = "verified",
    [ANSINH__V1__NEED_STATUS__NEED_STATUS_APPROVED] = "approved",
    [ANSINH__V1__NEED_STATUS__NEED_STATUS_FULFILLED] = "fulfilled",
    [ANSINH__V1__NEED_STATUS__NEED_STATUS_REJECTED] = "rejected",
    [ANSINH__V1__NEED_STATUS__NEED_STATUS_WITHDRAWN] = "withdrawn",
};
NAMES_DEFINE(need_status, &ansinh__v1__need_status__descriptor)

static const char *const names_need_action_words[] = {
    [ANSINH__V1__NEED_ACTION__NEED_ACTION_VERIFY] = "verify",
    [ANSINH__V1__NEED_ACTION__NEED_ACTION_APPROVE] = "approve",
    [ANSINH__V1__NEED_ACTION__NEED_ACTION_REJECT] = "reject",
    [ANSINH__V1__NEED_ACTION__NEED_ACTION_WITHDRAW] = "withdraw",
};
NAMES_DEFINE(need_action, &ansinh__v1__need_action__descriptor)

static const char *const names_support_kind_words[] = {
    [ANSINH__V1__SUPPORT_KIND__SUPPORT_KIND_LIVELIHOOD_EQUIPMENT] =
        "livelihood-equipment",
    [ANSINH__V1__SUPPORT_KIND__SUPPORT_KIND_HOUSE_NEW] = "house-new",
    [ANSINH__V1__SUPPORT_KIND__SUPPORT_KIND_HOUSE_REPAIR] = "house-repair",
    [ANSINH__V1__SUPPORT_KIND__SUPPORT_KIND_ASSISTIVE_DEVICE] =
        "assistive-device",
    [ANSINH__V1__SUPPORT_KIND__SUPPORT_KIND_ORTHOPAEDIC_AID] =
        "orthopaedic-aid",
    [ANSINH__V1__SUPPORT_KIND__SUPPORT_KIND_JOB] = "job",
    [ANSINH__V1__SUPPORT_KIND__SUPPORT_KIND_VOCATIONAL_TRAINING] =
        "vocational-training",
    [ANSINH__V1__SUPPORT_KIND__SUPPORT_KIND_OTHER] = "other",
    [ANSINH__V1__SUPPORT_KIND__SUPPORT_KIND_CASH] = "cash",
    [ANSINH__V1__SUPPORT_KIND__SUPPORT_KIND_GOODS] = "goods",
    [ANSINH__V1__SUPPORT_KIND__SUPPORT_KIND_HEALTH_INSURANCE] =
        "health-insurance",
    [ANSINH__V1__SUPPORT_KIND__SUPPORT_KIND_EDUCATION] = "education",
    [ANSINH__V1__SUPPORT_KIND__SUPPORT_KIND_TET_GIFT] = "tet-gift",
};
NAMES_DEFINE(support_kind, &ansinh__v1__support_kind__descriptor)

static struct names_table *const names_tables[] = {
    &names_poverty_table,        &names_sex_table,
    &names_relation_table,       &names_disability_table,
    &names_role_table,           &names_code_table,
    &names_area_table,           &names_scope_table,
    &names_class_table,          &names_plan_kind_table,
    &names_plan_status_table,    &names_indicator_table,
    &names_programme_kind_table, &names_employment_kind_table,
    &names_target_metric_table,  &names_org_kind_table,
    &names_need_kind_table,      &names_need_status_table,
    &names_need_action_table,    &names_support_kind_table,
};

const char *
names_word(const struct names_table *t, int v)
{
	if (v < 0 || v >= t->count)
		return NULL;
	return t->words[v];
}

int
names_value(const struct names_table *t, const char *s)
{
	int v;

	if (s == NULL)
		return -1;
	for (v = 0; v < t->count; v++)
		if (t->words[v] != NULL && names_word_eq(s, t->words[v]))
			return v;
	return -1;
}

const char *
names_list(const struct names_table *t)
{
	struct names_table *w = (struct names_table *)t;
	size_t len = 1;
	int v;

	if (t->list != NULL)
		return t->list;
	for (v = 0; v < t->count; v++)
		if (t->words[v] != NULL)
			len += strlen(t->words[v]) + 1;
	w->list = calloc(1, len);
	if (w->list == NULL)
		abort();
	for (v = 0; v < t->count; v++) {
		if (t->words[v] == NULL)
			continue;
		if (w->list[0] != '\0')
			strcat(w->list, "|");
		strcat(w->list, t->words[v]);
	}
	return t->list;
}

const struct names_table *
names_for_enum(const ProtobufCEnumDescriptor *d)
{
	struct names_table *t;
	size_t i;

	if (d == NULL)
		return NULL;
	for (i = 0; i < sizeof names_tables / sizeof names_tables[0]; i++)
		if (names_tables[i]->desc == d)
			return names_tables[i];
	for (t = names_derived; t != NULL; t = t->next)
		if (t->desc == d)
			return t;
	t = names_derive(d);
	t->next = names_derived;
	names_derived = t;
	return t;
}

/* The words of an enum without a table here, from its value names: the
 * prefix they share dropped, lower case, '-' for '_' (GRIEVANCE_STATUS_
 * IN_PROGRESS: "in-progress"); value 0 (unspecified) has none. Kept for
 * the process. */
static struct names_table *
names_derive(const ProtobufCEnumDescriptor *d)
{
	struct names_table *t = calloc(1, sizeof *t);
	const char *first = NULL;
	size_t plen = 0;
	char **words;
	int max = 0;

	if (t == NULL)
		abort();
	for (unsigned i = 0; i < d->n_values; i++) {
		const ProtobufCEnumValue *v = &d->values[i];
		if (v->value <= 0)
			continue;
		if (v->value > max)
			max = v->value;
		if (first == NULL) {
			first = v->name;
			plen = strlen(first);
		}
		while (plen > 0 && strncmp(first, v->name, plen) != 0)
			plen--;
	}
	/* Cut back to the last '_' both share ("PLAN_KIND_"), keeping at
	 * least one character of every name. */
	while (plen > 0 && first[plen - 1] != '_')
		plen--;
	for (unsigned i = 0; i < d->n_values; i++)
		if (d->values[i].value > 0 && strlen(d->values[i].name) <= plen)
			plen = 0;
	words = calloc((size_t)max + 1, sizeof *words);
	if (words == NULL)
		abort();
	for (unsigned i = 0; i < d->n_values; i++) {
		const ProtobufCEnumValue *v = &d->values[i];
		if (v->value <= 0 || words[v->value] != NULL)
			continue;
		words[v->value] = strdup(v->name + plen);
		if (words[v->value] == NULL)
			abort();
		for (char *c = words[v->value]; *c != '\0'; c++) {
			if (*c == '_')
				*c = '-';
			else if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		}
	}
	t->desc = d;
	t->words = (const char *const *)words;
	t->count = max + 1;
	return t;
}

/* s equals word ignoring ASCII case, with '_' and '-' the same. */
static bool
names_word_eq(const char *s, const char *word)
{
	for (; *s != '\0' && *word != '\0'; s++, word++)
		if (names_fold(*s) != names_fold(*word))
			return false;
	return *s == '\0' && *word == '\0';
}

static char
names_fold(char c)
{
	if (c >= 'A' && c <= 'Z')
		return (char)(c - 'A' + 'a');
	if (c == '_')
		return '-';
	return c;
}
