/*
 * kind-household.c — households in CSV: `ansinh import households` and
 * `ansinh export households`.
 *
 * Natural key: the ward and the household code ("ansinh:household:AK:
 * AK-001"). Export writes the current status and its date; the status
 * history stays in the database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "cmd.h"
#include "kind.h"
#include "rules.h"
#include "uuid.h"

/* Rows per household_list page (the daemon's most is 10000). */
#define KIND_HOUSEHOLD_PAGE 1000

enum {
	HH_WARD,
	HH_CODE,
	HH_HEAD,
	HH_GROUP,
	HH_ADDRESS,
	HH_PHONE,
	HH_POLICY,
	HH_SPECIAL,
	HH_STATUS,
	HH_SINCE,
	HH_ID,
};

static bool kind_household_build(const struct kind_row *row,
                                 struct kind_build *b);
static enum ansinh_exit kind_household_export(struct kind_export *x);

static const struct kind_column kind_household_columns[] = {
    [HH_WARD] = {"ward", "phường|mã phường|ward_code", false,
                 "ward code, e.g. AK (default: --ward, or the token's ward)"},
    [HH_CODE] = {"code", "mã hộ|mã|household_code|mã số hộ", true,
                 "household code, unique within the ward"},
    [HH_HEAD] = {"head", "chủ hộ|họ tên chủ hộ|tên chủ hộ|head_name", true,
                 "full name of the head of the household"},
    [HH_GROUP] = {"group", "tổ|tổ dân phố|tdp|residential_group", false,
                  "residential group (tổ dân phố), 1 to 999"},
    [HH_ADDRESS] = {"address", "địa chỉ", false, "street address"},
    [HH_PHONE] = {"phone", "điện thoại|số điện thoại|sđt", false,
                  "phone number"},
    [HH_POLICY] = {"policy", "hộ chính sách|chính sách", false,
                   "a policy household: yes or no (có/không)"},
    [HH_SPECIAL] =
        {"special",
         "đặc biệt khó khăn|hoàn cảnh đặc biệt khó khăn|special_difficulty",
         false, "in especially difficult circumstances: yes or no"},
    [HH_STATUS] = {"status", "diện|phân loại|diện hộ|poverty_status", false,
                   "poor, near-poor or none (nghèo, cận nghèo, không); "
                   "default poor"},
    [HH_SINCE] =
        {"since", "từ ngày|ngày công nhận|status_since", false,
         "date the status holds from (default: the day of the import)"},
    [HH_ID] = {"id", "", false,
               "the record's id (written by export; else derived from ward and "
               "code)"},
    {NULL, NULL, false, NULL},
};

static const struct kind_word kind_household_status_words[] = {
    {"nghèo", ANSINH__V1__POVERTY_STATUS__POVERTY_POOR},
    {"hộ nghèo", ANSINH__V1__POVERTY_STATUS__POVERTY_POOR},
    {"cận nghèo", ANSINH__V1__POVERTY_STATUS__POVERTY_NEAR_POOR},
    {"hộ cận nghèo", ANSINH__V1__POVERTY_STATUS__POVERTY_NEAR_POOR},
    {"không", ANSINH__V1__POVERTY_STATUS__POVERTY_NONE},
    {"thoát nghèo", ANSINH__V1__POVERTY_STATUS__POVERTY_NONE},
    {NULL, 0},
};

const struct kind kind_households = {
    .name = "households",
    .record = "household",
    .summary = "poor and near-poor households",
    .columns = kind_household_columns,
    .build = kind_household_build,
    .export = kind_household_export,
};

static bool
kind_household_build(const struct kind_row *row, struct kind_build *b)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__HouseholdCreate body = ANSINH__V1__HOUSEHOLD_CREATE__INIT;
	Ansinh__V1__Household h = ANSINH__V1__HOUSEHOLD__INIT;
	const char *head, *address, *phone;
	uint8_t id[UUID_SIZE];
	char since[11];
	long group;
	bool policy, special;
	int status;

	if (!kind_rule(b, row, HH_CODE, rule_household_code) ||
	    !kind_text(b, row, HH_HEAD, true, RULE_NAME_MAX, &head) ||
	    !kind_int(b, row, HH_GROUP, 1, RULE_GROUP_MAX, &group) ||
	    !kind_text(b, row, HH_ADDRESS, false, RULE_ADDRESS_MAX, &address) ||
	    !kind_text(b, row, HH_PHONE, false, 40, &phone) ||
	    (phone[0] != '\0' && !kind_rule(b, row, HH_PHONE, rule_phone)) ||
	    !kind_bool(b, row, HH_POLICY, &policy) ||
	    !kind_bool(b, row, HH_SPECIAL, &special) ||
	    !kind_word(b, row, HH_STATUS, names_poverty_parse,
	               kind_household_status_words, names_poverty_list(),
	               &status) ||
	    !kind_date(b, row, HH_SINCE, since) ||
	    !kind_id(b, row, "household", row->value[HH_CODE], id))
		return false;
	h.id.data = id;
	h.id.len = sizeof id;
	h.ward_code = (char *)row->ward;
	h.code = (char *)row->value[HH_CODE];
	h.head_name = (char *)head;
	h.residential_group = (int32_t)group;
	h.address = (char *)address;
	h.phone = (char *)phone;
	h.policy = policy;
	h.special_difficulty = special;
	h.status = (Ansinh__V1__PovertyStatus)status;
	h.status_since = since;
	body.household = &h;
	req.body_case = ANSINH__V1__REQUEST__BODY_HOUSEHOLD_CREATE;
	req.household_create = &body;
	memcpy(b->record_id, id, sizeof id);
	kind_emit(b, &req);
	return true;
}

static enum ansinh_exit
kind_household_export(struct kind_export *x)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__HouseholdList body = ANSINH__V1__HOUSEHOLD_LIST__INIT;
	Ansinh__V1__Response *resp;
	const Ansinh__V1__Household *h;
	const char *v[HH_ID + 1];
	char group[24], id[UUID_STR_SIZE];
	enum ansinh_exit rc;
	uint32_t offset = 0;
	size_t i;
	bool more;

	do {
		body.ward_code = (char *)x->ward;
		body.limit = KIND_HOUSEHOLD_PAGE;
		body.offset = offset;
		req.body_case = ANSINH__V1__REQUEST__BODY_HOUSEHOLD_LIST;
		req.household_list = &body;
		kind_export_page(x);
		rc = call_request(x->ctx, &req,
		                  ANSINH__V1__RESPONSE__BODY_HOUSEHOLDS, &resp);
		if (rc != ANSINH_EXIT_OK)
			return rc;
		for (i = 0; i < resp->households->n_households; i++) {
			h = resp->households->households[i];
			if (h->id.len == UUID_SIZE)
				uuid_format(h->id.data, id);
			else
				id[0] = '\0';
			v[HH_WARD] = h->ward_code;
			v[HH_CODE] = h->code;
			v[HH_HEAD] = h->head_name;
			v[HH_GROUP] = kind_number(h->residential_group, group);
			v[HH_ADDRESS] = h->address;
			v[HH_PHONE] = h->phone;
			v[HH_POLICY] = kind_yes_no(h->policy);
			v[HH_SPECIAL] = kind_yes_no(h->special_difficulty);
			v[HH_STATUS] = names_poverty(h->status);
			v[HH_SINCE] = h->status_since;
			v[HH_ID] = id;
			if (!kind_export_row(x, v)) {
				ansinh__v1__response__free_unpacked(resp, NULL);
				return ANSINH_EXIT_USAGE;
			}
		}
		offset += (uint32_t)resp->households->n_households;
		more = resp->households->more &&
		       resp->households->n_households > 0;
		ansinh__v1__response__free_unpacked(resp, NULL);
	} while (more);
	return ANSINH_EXIT_OK;
}
