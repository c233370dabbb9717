/*
 * rules_ledger.c — the field rules and name tables of the ledger: funds,
 * organizations, needs, support given, dialogues. Shared by both ends, like
 * rules.c (whose comparison of words, names_find, they use).
 */
#include <string.h>

#include "ansinh.pb-c.h"
#include "rules.h"

#define RULES_FUND_CODE_MAX 32

static const char *rules_ledger_name(const char *const *words, int count,
                                     int v);

static const char *const rules_org_kind_words[] = {
    [ANSINH__V1__ORG_KIND__ORG_KIND_ASSOCIATION] = "association",
    [ANSINH__V1__ORG_KIND__ORG_KIND_SCHOOL] = "school",
    [ANSINH__V1__ORG_KIND__ORG_KIND_ARMY_UNIT] = "army-unit",
    [ANSINH__V1__ORG_KIND__ORG_KIND_AGENCY] = "agency",
    [ANSINH__V1__ORG_KIND__ORG_KIND_PROVINCE_COMMITTEE] = "province-committee",
    [ANSINH__V1__ORG_KIND__ORG_KIND_BUSINESS] = "business",
    [ANSINH__V1__ORG_KIND__ORG_KIND_OTHER] = "other",
};

static const char *const rules_need_kind_words[] = {
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

static const char *const rules_need_status_words[] = {
    [ANSINH__V1__NEED_STATUS__NEED_STATUS_REGISTERED] = "registered",
    [ANSINH__V1__NEED_STATUS__NEED_STATUS_VERIFIED] = "verified",
    [ANSINH__V1__NEED_STATUS__NEED_STATUS_APPROVED] = "approved",
    [ANSINH__V1__NEED_STATUS__NEED_STATUS_FULFILLED] = "fulfilled",
    [ANSINH__V1__NEED_STATUS__NEED_STATUS_REJECTED] = "rejected",
    [ANSINH__V1__NEED_STATUS__NEED_STATUS_WITHDRAWN] = "withdrawn",
};

static const char *const rules_need_action_words[] = {
    [ANSINH__V1__NEED_ACTION__NEED_ACTION_VERIFY] = "verify",
    [ANSINH__V1__NEED_ACTION__NEED_ACTION_APPROVE] = "approve",
    [ANSINH__V1__NEED_ACTION__NEED_ACTION_REJECT] = "reject",
    [ANSINH__V1__NEED_ACTION__NEED_ACTION_WITHDRAW] = "withdraw",
};

static const char *const rules_support_kind_words[] = {
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

#define RULES_COUNT(words) ((int)(sizeof words / sizeof words[0]))

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

static const char *
rules_ledger_name(const char *const *words, int count, int v)
{
	if (v < 0 || v >= count)
		return NULL;
	return words[v];
}

const char *
names_org_kind(int v)
{
	return rules_ledger_name(rules_org_kind_words,
	                         RULES_COUNT(rules_org_kind_words), v);
}

int
names_org_kind_parse(const char *s)
{
	return names_find(rules_org_kind_words,
	                  RULES_COUNT(rules_org_kind_words), s);
}

const char *
names_org_kind_list(void)
{
	return "association|school|army-unit|agency|province-committee|"
	       "business|other";
}

const char *
names_need_kind(int v)
{
	return rules_ledger_name(rules_need_kind_words,
	                         RULES_COUNT(rules_need_kind_words), v);
}

int
names_need_kind_parse(const char *s)
{
	return names_find(rules_need_kind_words,
	                  RULES_COUNT(rules_need_kind_words), s);
}

const char *
names_need_kind_list(void)
{
	return "livelihood-equipment|house-new|house-repair|assistive-device|"
	       "orthopaedic-aid|job|vocational-training|other";
}

const char *
names_need_status(int v)
{
	return rules_ledger_name(rules_need_status_words,
	                         RULES_COUNT(rules_need_status_words), v);
}

int
names_need_status_parse(const char *s)
{
	return names_find(rules_need_status_words,
	                  RULES_COUNT(rules_need_status_words), s);
}

const char *
names_need_status_list(void)
{
	return "registered|verified|approved|fulfilled|rejected|withdrawn";
}

const char *
names_need_action(int v)
{
	return rules_ledger_name(rules_need_action_words,
	                         RULES_COUNT(rules_need_action_words), v);
}

int
names_need_action_parse(const char *s)
{
	return names_find(rules_need_action_words,
	                  RULES_COUNT(rules_need_action_words), s);
}

const char *
names_support_kind(int v)
{
	return rules_ledger_name(rules_support_kind_words,
	                         RULES_COUNT(rules_support_kind_words), v);
}

int
names_support_kind_parse(const char *s)
{
	return names_find(rules_support_kind_words,
	                  RULES_COUNT(rules_support_kind_words), s);
}

const char *
names_support_kind_list(void)
{
	return "livelihood-equipment|house-new|house-repair|assistive-device|"
	       "orthopaedic-aid|job|vocational-training|other|cash|goods|"
	       "health-insurance|education|tet-gift";
}
