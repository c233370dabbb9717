/*
 * kind-household.c — the household's fields (the flags of `ansinh
 * household add` and the columns of `ansinh import|export households`), and
 * households in CSV.
 *
 * Natural key: the ward and the household code ("ansinh:household:AK:
 * AK-001"). Export writes the current status and its date; the status
 * history stays in the database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "check.h"
#include "kind.h"
#include "record.h"
#include "rules.h"

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

static bool kind_household_finish(const struct kind_row *row,
                                  struct kind_build *b,
                                  Ansinh__V1__Request *req);
static enum ansinh_exit kind_household_export(struct kind_export *x);

static const struct record_word kind_household_status_words[] = {
    {"nghèo", ANSINH__V1__POVERTY_STATUS__POVERTY_POOR},
    {"hộ nghèo", ANSINH__V1__POVERTY_STATUS__POVERTY_POOR},
    {"cận nghèo", ANSINH__V1__POVERTY_STATUS__POVERTY_NEAR_POOR},
    {"hộ cận nghèo", ANSINH__V1__POVERTY_STATUS__POVERTY_NEAR_POOR},
    {"không", ANSINH__V1__POVERTY_STATUS__POVERTY_NONE},
    {"thoát nghèo", ANSINH__V1__POVERTY_STATUS__POVERTY_NONE},
    {NULL, 0},
};

static const struct record_words kind_household_status =
    RECORD_WORDS(poverty, kind_household_status_words);

/* The fields of a household: the flags of `household add` and the columns
 * of import and export. */
static const struct record_field kind_household_fields[] = {
    [HH_WARD] = RECORD_FIELD_WARD("household.ward_code"),
    [HH_CODE] = {.path = "household.code",
                 .flag = "code",
                 .column = "code",
                 .aliases = "mã hộ|mã|household_code|mã số hộ|mã hộ gia "
                            "đình|số hộ|mã hộ nghèo",
                 .type = RECORD_CODE,
                 .attrs = RECORD_REQUIRED,
                 .metavar = "C",
                 .check = check_household_code,
                 .help = "household code, unique within the ward (letters, "
                         "digits, - _ / .)"},
    [HH_HEAD] =
        {.path = "household.head_name",
         .flag = "head",
         .column = "head",
         .aliases =
             "chủ hộ|họ tên chủ hộ|tên chủ hộ|head_name|họ và tên chủ hộ|"
             "chủ hộ gia đình|họ và tên chủ hộ gia đình",
         .type = RECORD_TEXT,
         .attrs = RECORD_REQUIRED,
         .metavar = "NAME",
         .check = check_name,
         .help = "full name of the head of the household"},
    [HH_GROUP] = {.path = "household.residential_group",
                  .flag = "group",
                  .column = "group",
                  .aliases =
                      "tổ|tổ dân phố|tdp|residential_group|tổ số|tổ dân phố số|"
                      "số tổ",
                  .type = RECORD_NUMBER,
                  .metavar = "N",
                  .check = check_group,
                  .help = "residential group (tổ dân phố), 1 to 999"},
    [HH_ADDRESS] =
        {.path = "household.address",
         .flag = "address",
         .column = "address",
         .aliases =
             "địa chỉ|địa chỉ thường trú|nơi ở|nơi cư trú|địa chỉ cư trú",
         .type = RECORD_TEXT,
         .metavar = "TEXT",
         .check = check_address,
         .help = "street address"},
    [HH_PHONE] = {.path = "household.phone",
                  .flag = "phone",
                  .column = "phone",
                  .aliases =
                      "điện thoại|số điện thoại|sđt|điện thoại liên hệ|số đt",
                  .type = RECORD_CODE,
                  .metavar = "P",
                  .check = check_phone,
                  .help = "phone number, 8 to 15 digits"},
    [HH_POLICY] = {.path = "household.policy",
                   .flag = "policy",
                   .column = "policy",
                   .aliases = "hộ chính sách|chính sách",
                   .type = RECORD_BOOL,
                   .help = "a policy household (hộ chính sách)"},
    [HH_SPECIAL] = {.path = "household.special_difficulty",
                    .flag = "special-difficulty",
                    .column = "special",
                    .aliases = "đặc biệt khó khăn|hoàn cảnh đặc biệt khó "
                               "khăn|special_difficulty",
                    .type = RECORD_BOOL,
                    .help = "in especially difficult circumstances (hoàn "
                            "cảnh đặc biệt khó khăn)"},
    [HH_STATUS] = {.path = "household.status",
                   .flag = "status",
                   .column = "status",
                   .aliases =
                       "diện|phân loại|diện hộ|poverty_status|loại hộ|xếp loại|"
                       "hộ nghèo/cận nghèo",
                   .type = RECORD_WORD,
                   .deflt = "poor",
                   .words = &kind_household_status,
                   .help = "poverty status"},
    [HH_SINCE] =
        {.path = "household.status_since",
         .flag = "since",
         .column = "since",
         .aliases =
             "từ ngày|ngày công nhận|status_since|ngày công nhận hộ nghèo",
         .type = RECORD_DATE,
         .help = "date the status holds from (default: today)"},
    [HH_ID] = RECORD_FIELD_SELF("household.id",
                                "the record's id (written by export; else "
                                "derived from ward and code)"),
    RECORD_FIELDS_END,
};

const struct record record_household = {
    .name = "household",
    .body = ANSINH__V1__REQUEST__BODY_HOUSEHOLD_CREATE,
    .fields = kind_household_fields,
};

const struct kind kind_households = {
    .name = "households",
    .summary = "poor and near-poor households",
    .record = &record_household,
    .finish = kind_household_finish,
    .export = kind_household_export,
};

/* The natural key: the code. */
static bool
kind_household_finish(const struct kind_row *row, struct kind_build *b,
                      Ansinh__V1__Request *req)
{
	return kind_key(&kind_households, b, row, req, row->value[HH_CODE]);
}

static enum ansinh_exit
kind_household_export(struct kind_export *x)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__HouseholdList body = ANSINH__V1__HOUSEHOLD_LIST__INIT;
	Ansinh__V1__Response *resp;
	struct kind_values v;
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
			kind_export_values(
			    x, &resp->households->households[i]->base, &v);
			if (!kind_export_row(x, v.v)) {
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
