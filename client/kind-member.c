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
 * household of a page in one pipeline (every request sent, then every
 * reply read in order).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "conn.h"
#include "kind.h"
#include "rules.h"
#include "session.h"
#include "uuid.h"
#include "xmalloc.h"

/* Households per page, and so member_list requests in one pipeline. */
#define KIND_MEMBER_PAGE 500

enum {
	MB_WARD, MB_HOUSEHOLD, MB_NAME, MB_BORN, MB_SEX, MB_CITIZEN_ID,
	MB_RELATION, MB_DISABILITY, MB_ILLNESS, MB_OCCUPATION, MB_ID,
};

static bool kind_member_build(const struct kind_row *row,
                              struct kind_build *b);
static enum ansinh_exit kind_member_export(struct kind_export *x);
static enum ansinh_exit kind_member_page(struct kind_export *x,
                                         const Ansinh__V1__HouseholdListReply
                                         *page);
static bool kind_member_write(struct kind_export *x,
                              const Ansinh__V1__Member *m);
static void kind_member_name_key(const char *name, char *out, size_t size);

static const struct kind_column kind_member_columns[] = {
	[MB_WARD] = {"ward", "phường|mã phường|ward_code", false,
	    "ward code (default: --ward, or the token's ward)"},
	[MB_HOUSEHOLD] = {"household", "mã hộ|household_code|hộ", true,
	    "the household's code"},
	[MB_NAME] = {"name", "họ tên|họ và tên|tên|full_name", true,
	    "full name"},
	[MB_BORN] = {"born", "ngày sinh|birth_date", false,
	    "date of birth, YYYY-MM-DD or DD/MM/YYYY"},
	[MB_SEX] = {"sex", "giới tính|giới", false, "male or female (nam, nữ)"},
	[MB_CITIZEN_ID] = {"citizen_id",
	    "cccd|số cccd|căn cước|căn cước công dân|số định danh|cmnd",
	    false, "citizen ID (CCCD), 12 digits"},
	[MB_RELATION] = {"relation", "quan hệ|quan hệ với chủ hộ", false,
	    "head, spouse, child, parent, grandchild or other (chủ hộ, vợ, "
	    "chồng, con, cha, mẹ, cháu, khác)"},
	[MB_DISABILITY] = {"disability", "khuyết tật|mức độ khuyết tật", false,
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
	    (cid[0] != '\0' && !kind_rule(b, row, MB_CITIZEN_ID,
	        rule_citizen_id)) ||
	    !kind_word(b, row, MB_RELATION, names_relation_parse,
	        kind_member_relation_words, names_relation_list(), &relation) ||
	    !kind_word(b, row, MB_DISABILITY, names_disability_parse,
	        kind_member_disability_words, names_disability_list(),
	        &disability) ||
	    !kind_bool(b, row, MB_ILLNESS, &illness) ||
	    !kind_text(b, row, MB_OCCUPATION, false, RULE_OCCUPATION_MAX,
	        &occupation))
		return false;
	if (cid[0] != '\0') {
		snprintf(key, sizeof key, "%s:cccd:%s", row->value[MB_HOUSEHOLD],
		    cid);
	} else {
		kind_member_name_key(name, folded, sizeof folded);
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
		rc = cmd_call(x->ctx, &req, ANSINH__V1__RESPONSE__BODY_HOUSEHOLDS,
		    &resp);
		if (rc != ANSINH_EXIT_OK)
			return rc;
		rc = kind_member_page(x, resp->households);
		offset += (uint32_t)resp->households->n_households;
		more = resp->households->more &&
		    resp->households->n_households > 0;
		ansinh__v1__response__free_unpacked(resp, NULL);
		if (rc != ANSINH_EXIT_OK)
			return rc;
	} while (more);
	return ANSINH_EXIT_OK;
}

/* The members of every household of one page: all the requests out, then
 * the replies in order. */
static enum ansinh_exit
kind_member_page(struct kind_export *x,
                 const Ansinh__V1__HouseholdListReply *page)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__MemberList body = ANSINH__V1__MEMBER_LIST__INIT;
	Ansinh__V1__Response *resp;
	struct session *s = x->ctx->session;
	struct conn *c = session_conn(s);
	enum ansinh_exit rc = ANSINH_EXIT_OK;
	enum conn_result r;
	uint64_t *seqs;
	char *cause = NULL, *why;
	size_t i, sent = 0, j;

	seqs = xreallocarray(NULL, page->n_households + 1, sizeof *seqs);
	conn_set_timeout(c, x->ctx->cfg->timeout_ms);
	for (i = 0; i < page->n_households; i++) {
		body.household_id = page->households[i]->id;
		body.ward_code = page->households[i]->ward_code;
		req.body_case = ANSINH__V1__REQUEST__BODY_MEMBER_LIST;
		req.member_list = &body;
		r = conn_send(c, &req, &cause);
		if (r != CONN_OK) {
			rc = session_result(s, r, cause, &why);
			fprintf(stderr, "%s\n", why);
			free(why);
			goto out;
		}
		seqs[sent++] = req.seq;
	}
	for (i = 0; i < sent; i++) {
		r = conn_receive(c, seqs[i], &resp, &cause);
		if (r != CONN_OK) {
			rc = session_result(s, r, cause, &why);
			fprintf(stderr, "%s\n", why);
			free(why);
			goto out;
		}
		rc = session_reply(s, resp, ANSINH__V1__RESPONSE__BODY_MEMBERS,
		    &why);
		if (rc != ANSINH_EXIT_OK) {
			fprintf(stderr, "%s\n", why);
			free(why);
			ansinh__v1__response__free_unpacked(resp, NULL);
			goto out;
		}
		free(why);
		for (j = 0; j < resp->members->n_members; j++) {
			if (!kind_member_write(x, resp->members->members[j])) {
				rc = ANSINH_EXIT_USAGE;
				break;
			}
		}
		ansinh__v1__response__free_unpacked(resp, NULL);
		if (rc != ANSINH_EXIT_OK)
			goto out;
		/* Progress resets the deadline. */
		conn_set_timeout(c, x->ctx->cfg->timeout_ms);
	}
out:
	free(seqs);
	return rc;
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

/* A name as a key: runs of blanks made one space. */
static void
kind_member_name_key(const char *name, char *out, size_t size)
{
	size_t o = 0;
	bool space = false;

	for (; *name != '\0' && o + 2 < size; name++) {
		if (*name == ' ' || *name == '\t') {
			space = true;
			continue;
		}
		if (space && o > 0)
			out[o++] = ' ';
		space = false;
		out[o++] = *name;
	}
	out[o] = '\0';
}
