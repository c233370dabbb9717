/*
 * kind-member.c — members in CSV: `ansinh import members` and `ansinh
 * export members`.
 *
 * A row names its household by code. Natural key: the ward, the household
 * code and the citizen ID ("ansinh:member:AK:AK-001:cccd:048068001234"), or,
 * for someone without one, the name and birth date
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
#include "cmd.h"
#include "kind.h"
#include "rules.h"
#include "uuid.h"

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

static bool kind_member_build(const struct kind_row *row, struct kind_build *b);
static enum ansinh_exit kind_member_export(struct kind_export *x);
static void kind_member_make(void *arg, size_t i, Ansinh__V1__Request *req);
static bool kind_member_take(void *arg, size_t i,
                             const Ansinh__V1__Response *resp);
static bool kind_member_write(struct kind_export *x,
                              const Ansinh__V1__Member *m);

/* One page of households, for the fan-out of member_list requests. */
struct kind_member_fanout {
	struct kind_export *x;
	const Ansinh__V1__HouseholdListReply *page;
	Ansinh__V1__MemberList body;
};

static const struct kind_column kind_member_columns[] = {
    [MB_WARD] = {"ward", "phường|mã phường|ward_code", false,
                 "ward code (default: --ward, or the token's ward)"},
    [MB_HOUSEHOLD] = {"household", "mã hộ|household_code|hộ", true,
                      "the household's code"},
    [MB_NAME] = {"name", "họ tên|họ và tên|tên|full_name", true, "full name"},
    [MB_BORN] = {"born", "ngày sinh|birth_date", false,
                 "date of birth, YYYY-MM-DD or DD/MM/YYYY"},
    [MB_SEX] = {"sex", "giới tính|giới", false, "male or female (nam, nữ)"},
    [MB_CITIZEN_ID] =
        {"citizen_id",
         "cccd|số cccd|căn cước|căn cước công dân|số định danh|cmnd", false,
         "citizen ID (CCCD), 12 digits"},
    [MB_RELATION] =
        {"relation", "quan hệ|quan hệ với chủ hộ", false,
         "head, spouse, child, parent, grandchild or other (chủ hộ, vợ, "
         "chồng, con, cha, mẹ, cháu, khác)"},
    [MB_DISABILITY] =
        {"disability", "khuyết tật|mức độ khuyết tật", false,
         "none, mild, severe or especially-severe (không, nhẹ, nặng, "
         "đặc biệt nặng)"},
    [MB_ILLNESS] = {"illness", "bệnh hiểm nghèo|bệnh nặng|serious_illness",
                    false, "has a serious illness: yes or no"},
    [MB_OCCUPATION] = {"occupation", "nghề nghiệp|việc làm|nghề", false,
                       "occupation"},
    [MB_ID] = {"id", "", false,
               "the record's id (written by export; else derived from the "
               "natural key)"},
    {NULL, NULL, false, NULL},
};

static const struct kind_word kind_member_sex_words[] = {
    {"nam", ANSINH__V1__SEX__SEX_MALE},
    {"nữ", ANSINH__V1__SEX__SEX_FEMALE},
    {NULL, 0},
};

static const struct kind_word kind_member_relation_words[] = {
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

static const struct kind_word kind_member_disability_words[] = {
    {"không", ANSINH__V1__DISABILITY__DISABILITY_NONE},
    {"nhẹ", ANSINH__V1__DISABILITY__DISABILITY_MILD},
    {"nặng", ANSINH__V1__DISABILITY__DISABILITY_SEVERE},
    {"đặc biệt nặng", ANSINH__V1__DISABILITY__DISABILITY_ESPECIALLY_SEVERE},
    {NULL, 0},
};

const struct kind kind_members = {
    .name = "members",
    .record = "member",
    .summary = "the people of each household",
    .columns = kind_member_columns,
    .build = kind_member_build,
    .export = kind_member_export,
};

static bool
kind_member_build(const struct kind_row *row, struct kind_build *b)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__MemberCreate body = ANSINH__V1__MEMBER_CREATE__INIT;
	Ansinh__V1__Member m = ANSINH__V1__MEMBER__INIT;
	const char *name, *cid, *occupation;
	char born[11], key[768], folded[512];
	uint8_t id[UUID_SIZE];
	int sex, relation, disability;
	bool illness;

	if (!kind_rule(b, row, MB_HOUSEHOLD, rule_household_code) ||
	    !kind_text(b, row, MB_NAME, true, RULE_NAME_MAX, &name) ||
	    !kind_date(b, row, MB_BORN, born) ||
	    !kind_word(b, row, MB_SEX, names_sex_parse, kind_member_sex_words,
	               names_sex_list(), &sex) ||
	    !kind_text(b, row, MB_CITIZEN_ID, false, 40, &cid) ||
	    (cid[0] != '\0' &&
	     !kind_rule(b, row, MB_CITIZEN_ID, rule_citizen_id)) ||
	    !kind_word(b, row, MB_RELATION, names_relation_parse,
	               kind_member_relation_words, names_relation_list(),
	               &relation) ||
	    !kind_word(b, row, MB_DISABILITY, names_disability_parse,
	               kind_member_disability_words, names_disability_list(),
	               &disability) ||
	    !kind_bool(b, row, MB_ILLNESS, &illness) ||
	    !kind_text(b, row, MB_OCCUPATION, false, RULE_OCCUPATION_MAX,
	               &occupation))
		return false;
	if (cid[0] != '\0') {
		snprintf(key, sizeof key, "%s:cccd:%s",
		         row->value[MB_HOUSEHOLD], cid);
	} else {
		kind_key_text(name, folded, sizeof folded);
		snprintf(key, sizeof key, "%s:name:%s:%s",
		         row->value[MB_HOUSEHOLD], folded, born);
	}
	if (!kind_id(b, row, "member", key, id))
		return false;
	m.id.data = id;
	m.id.len = sizeof id;
	m.ward_code = (char *)row->ward;
	m.household_code = (char *)row->value[MB_HOUSEHOLD];
	m.full_name = (char *)name;
	m.birth_date = born;
	m.sex = (Ansinh__V1__Sex)sex;
	m.citizen_id = (char *)cid;
	m.relation = (Ansinh__V1__Relation)relation;
	m.disability = (Ansinh__V1__Disability)disability;
	m.serious_illness = illness;
	m.occupation = (char *)occupation;
	body.member = &m;
	req.body_case = ANSINH__V1__REQUEST__BODY_MEMBER_CREATE;
	req.member_create = &body;
	memcpy(b->record_id, id, sizeof id);
	kind_emit(b, &req);
	return true;
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
	size_t j;

	(void)i;
	for (j = 0; j < resp->members->n_members; j++) {
		if (!kind_member_write(f->x, resp->members->members[j]))
			return false;
	}
	return true;
}

static bool
kind_member_write(struct kind_export *x, const Ansinh__V1__Member *m)
{
	const char *v[MB_ID + 1];
	char id[UUID_STR_SIZE];

	if (m->id.len == UUID_SIZE)
		uuid_format(m->id.data, id);
	else
		id[0] = '\0';
	v[MB_WARD] = m->ward_code;
	v[MB_HOUSEHOLD] = m->household_code;
	v[MB_NAME] = m->full_name;
	v[MB_BORN] = m->birth_date;
	v[MB_SEX] = names_sex(m->sex);
	v[MB_CITIZEN_ID] = m->citizen_id;
	v[MB_RELATION] = names_relation(m->relation);
	v[MB_DISABILITY] = names_disability(m->disability);
	v[MB_ILLNESS] = kind_yes_no(m->serious_illness);
	v[MB_OCCUPATION] = m->occupation;
	v[MB_ID] = id;
	return kind_export_row(x, v);
}
