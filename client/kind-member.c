/*
 * kind-member.c — the member's fields (the flags of `ansinh member add` and
 * the columns of `ansinh import|export members`), and members in CSV.
 *
 * A row names its household by code (or id). Natural key: the ward, the
 * household code and the citizen ID
 * ("ansinh:member:AK:AK-001:cccd:048068001234"), or, for someone without one,
 * the name and birth date
 * ("ansinh:member:AK:AK-001:name:Lê Thị Hòa:1970-11-20"; the birth date
 * empty when unknown).
 *
 * Export pages through the households and asks for the members of each
 * household of a page in one pipeline (kind_export_fanout: every request
 * sent, then every reply read in order).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "check.h"
#include "kind.h"
#include "record.h"
#include "rules.h"

/* Households per page, and so member_list requests in one pipeline. */
#define KIND_MEMBER_PAGE 500

enum {
	MB_WARD,
	MB_HOUSEHOLD,
	MB_NAME,
	MB_BORN,
	MB_SEX,
	MB_CITIZEN_ID,
	MB_RELATION,
	MB_DISABILITY,
	MB_ILLNESS,
	MB_OCCUPATION,
	MB_ID,
};

static bool kind_member_finish(const struct kind_row *row, struct kind_build *b,
                               Ansinh__V1__Request *req);
static enum ansinh_exit kind_member_export(struct kind_export *x);
static void kind_member_make(void *arg, size_t i, Ansinh__V1__Request *req);
static bool kind_member_take(void *arg, size_t i,
                             const Ansinh__V1__Response *resp);

/* One page of households, for the fan-out of member_list requests. */
struct kind_member_fanout {
	struct kind_export *x;
	const Ansinh__V1__HouseholdListReply *page;
	Ansinh__V1__MemberList body;
};

static const struct record_word kind_member_sex_words[] = {
    {"nam", ANSINH__V1__SEX__SEX_MALE},
    {"nữ", ANSINH__V1__SEX__SEX_FEMALE},
    {NULL, 0},
};

static const struct record_word kind_member_relation_words[] = {
    {"chủ hộ", ANSINH__V1__RELATION__RELATION_HEAD},
    {"vợ", ANSINH__V1__RELATION__RELATION_SPOUSE},
    {"chồng", ANSINH__V1__RELATION__RELATION_SPOUSE},
    {"con", ANSINH__V1__RELATION__RELATION_CHILD},
    {"cha", ANSINH__V1__RELATION__RELATION_PARENT},
    {"bố", ANSINH__V1__RELATION__RELATION_PARENT},
    {"mẹ", ANSINH__V1__RELATION__RELATION_PARENT},
    {"cháu", ANSINH__V1__RELATION__RELATION_GRANDCHILD},
    {"khác", ANSINH__V1__RELATION__RELATION_OTHER},
    {NULL, 0},
};

static const struct record_word kind_member_disability_words[] = {
    {"không", ANSINH__V1__DISABILITY__DISABILITY_NONE},
    {"nhẹ", ANSINH__V1__DISABILITY__DISABILITY_MILD},
    {"nặng", ANSINH__V1__DISABILITY__DISABILITY_SEVERE},
    {"đặc biệt nặng", ANSINH__V1__DISABILITY__DISABILITY_ESPECIALLY_SEVERE},
    {NULL, 0},
};

static const struct record_words kind_member_sex =
    RECORD_WORDS(sex, kind_member_sex_words);

static const struct record_words kind_member_relation =
    RECORD_WORDS(relation, kind_member_relation_words);

static const struct record_words kind_member_disability =
    RECORD_WORDS(disability, kind_member_disability_words);

/* The fields of a member: the flags of `member add` and the columns of
 * import and export. */
static const struct record_field kind_member_fields[] = {
    [MB_WARD] = RECORD_FIELD_WARD("member.ward_code"),
    [MB_HOUSEHOLD] =
        RECORD_FIELD_HOUSEHOLD("member", "", "the household, by id or code"),
    [MB_NAME] = {.path = "member.full_name",
                 .flag = "name",
                 .column = "name",
                 .aliases =
                     "họ tên|họ và tên|tên|full_name|họ và tên thành viên|"
                     "họ tên thành viên",
                 .type = RECORD_TEXT,
                 .attrs = RECORD_REQUIRED,
                 .metavar = "NAME",
                 .check = check_name,
                 .help = "full name"},
    [MB_BORN] =
        {.path = "member.birth_date",
         .flag = "born",
         .column = "born",
         .aliases =
             "ngày sinh|birth_date|ngày tháng năm sinh|ngày, tháng, năm sinh",
         .type = RECORD_DATE,
         .help = "date of birth"},
    [MB_SEX] = {.path = "member.sex",
                .flag = "sex",
                .column = "sex",
                .aliases = "giới tính|giới",
                .type = RECORD_WORD,
                .words = &kind_member_sex,
                .help = "sex"},
    [MB_CITIZEN_ID] = {.path = "member.citizen_id",
                       .flag = "citizen-id",
                       .column = "citizen_id",
                       .aliases = "cccd|số cccd|căn cước|căn cước công "
                                  "dân|số định danh|cmnd|số định danh cá "
                                  "nhân|số cccd/cmnd|cccd/cmnd",
                       .type = RECORD_CODE,
                       .attrs = RECORD_PERSONAL,
                       .metavar = "12DIGITS",
                       .check = check_citizen_id,
                       .help = "citizen ID number (CCCD), 12 digits"},
    [MB_RELATION] = {.path = "member.relation",
                     .flag = "relation",
                     .column = "relation",
                     .aliases = "quan hệ|quan hệ với chủ hộ|mối quan hệ|quan "
                                "hệ với chủ hộ gia đình",
                     .type = RECORD_WORD,
                     .words = &kind_member_relation,
                     .help = "relation to the head of the household"},
    [MB_DISABILITY] = {.path = "member.disability",
                       .flag = "disability",
                       .column = "disability",
                       .aliases = "khuyết tật|mức độ khuyết tật",
                       .type = RECORD_WORD,
                       .words = &kind_member_disability,
                       .help = "degree of disability"},
    [MB_ILLNESS] = {.path = "member.serious_illness",
                    .flag = "serious-illness",
                    .column = "illness",
                    .aliases = "bệnh hiểm nghèo|bệnh nặng|serious_illness",
                    .type = RECORD_BOOL,
                    .help = "has a serious illness"},
    [MB_OCCUPATION] = {.path = "member.occupation",
                       .flag = "occupation",
                       .column = "occupation",
                       .aliases = "nghề nghiệp|việc làm|nghề",
                       .type = RECORD_TEXT,
                       .metavar = "TEXT",
                       .check = check_occupation,
                       .help = "occupation, e.g. street vendor"},
    [MB_ID] = RECORD_FIELD_SELF("member.id",
                                "the record's id (written by export; else "
                                "derived from the natural key)"),
    RECORD_FIELDS_END,
};

const struct record record_member = {
    .name = "member",
    .body = ANSINH__V1__REQUEST__BODY_MEMBER_CREATE,
    .fields = kind_member_fields,
};

const struct kind kind_members = {
    .name = "members",
    .summary = "the people of each household",
    .record = &record_member,
    .finish = kind_member_finish,
    .export = kind_member_export,
};

/* The natural key: the household and the citizen ID, or the name and the
 * birth date. */
static bool
kind_member_finish(const struct kind_row *row, struct kind_build *b,
                   Ansinh__V1__Request *req)
{
	const Ansinh__V1__Member *m = req->member_create->member;
	char key[768], folded[512];

	if (m->citizen_id[0] != '\0') {
		snprintf(key, sizeof key, "%s:cccd:%s",
		         row->value[MB_HOUSEHOLD], m->citizen_id);
	} else {
		kind_key_text(m->full_name, folded, sizeof folded);
		snprintf(key, sizeof key, "%s:name:%s:%s",
		         row->value[MB_HOUSEHOLD], folded, m->birth_date);
	}
	return kind_key(&kind_members, b, row, req, key);
}

static enum ansinh_exit
kind_member_export(struct kind_export *x)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__HouseholdList body = ANSINH__V1__HOUSEHOLD_LIST__INIT;
	Ansinh__V1__Response *resp;
	struct kind_member_fanout f;
	enum ansinh_exit rc;
	uint32_t offset = 0;
	bool more;

	do {
		body.ward_code = (char *)x->ward;
		body.limit = KIND_MEMBER_PAGE;
		body.offset = offset;
		req.body_case = ANSINH__V1__REQUEST__BODY_HOUSEHOLD_LIST;
		req.household_list = &body;
		kind_export_page(x);
		rc = call_request(x->ctx, &req,
		                  ANSINH__V1__RESPONSE__BODY_HOUSEHOLDS, &resp);
		if (rc != ANSINH_EXIT_OK)
			return rc;
		f.x = x;
		f.page = resp->households;
		rc = kind_export_fanout(
		    x, f.page->n_households, kind_member_make,
		    ANSINH__V1__RESPONSE__BODY_MEMBERS, kind_member_take, &f);
		offset += (uint32_t)resp->households->n_households;
		more = resp->households->more &&
		       resp->households->n_households > 0;
		ansinh__v1__response__free_unpacked(resp, NULL);
		if (rc != ANSINH_EXIT_OK)
			return rc;
	} while (more);
	return ANSINH_EXIT_OK;
}

/* The member_list request of household i of the page. */
static void
kind_member_make(void *arg, size_t i, Ansinh__V1__Request *req)
{
	struct kind_member_fanout *f = arg;

	ansinh__v1__member_list__init(&f->body);
	f->body.household_id = f->page->households[i]->id;
	f->body.ward_code = f->page->households[i]->ward_code;
	req->body_case = ANSINH__V1__REQUEST__BODY_MEMBER_LIST;
	req->member_list = &f->body;
}

static bool
kind_member_take(void *arg, size_t i, const Ansinh__V1__Response *resp)
{
	struct kind_member_fanout *f = arg;
	struct kind_values v;
	size_t j;

	(void)i;
	for (j = 0; j < resp->members->n_members; j++) {
		kind_export_values(f->x, &resp->members->members[j]->base, &v);
		if (!kind_export_row(f->x, v.v))
			return false;
	}
	return true;
}
