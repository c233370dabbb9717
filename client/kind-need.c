/*
 * kind-need.c — needs in CSV: `ansinh import needs` and `ansinh export
 * needs`.
 *
 * A row names its household by code, and, for a personal need, the member
 * by id (as `member list` prints it and `export members` writes it).
 * Natural key: the ward, the household code, the kind, the survey date,
 * the member and the description (blanks collapsed):
 * "ansinh:need:AK:AK-001:livelihood-equipment:2023-03-01::Tủ trưng bày"
 * (the member empty for the household's own need, the date empty when the
 * row gives none). An imported need is registered; its later steps
 * (verify, approve, …) are the district's, with `ansinh need`.
 *
 * Export pages through need_list (ward, household code, survey date, id)
 * and asks for each need of a page, in one pipeline, the note of its
 * registration (the list does not carry it). --year keeps the needs
 * surveyed that year.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "cmd.h"
#include "kind.h"
#include "rules.h"
#include "uuid.h"
#include "xmalloc.h"

/* Needs per need_list page, and so need_get requests in one pipeline. */
#define KIND_NEED_PAGE 500

enum {
	ND_WARD,
	ND_HOUSEHOLD,
	ND_MEMBER,
	ND_KIND,
	ND_DESCRIPTION,
	ND_ESTIMATE,
	ND_SURVEYED_ON,
	ND_DIALOGUE,
	ND_NOTE,
	ND_ID,
};

static bool kind_need_build(const struct kind_row *row, struct kind_build *b);
static enum ansinh_exit kind_need_export(struct kind_export *x);
static void kind_need_make(void *arg, size_t i, Ansinh__V1__Request *req);
static bool kind_need_take(void *arg, size_t i,
                           const Ansinh__V1__Response *resp);

/* One page of needs, for the fan-out of need_get requests. */
struct kind_need_fanout {
	struct kind_export *x;
	const Ansinh__V1__NeedListReply *page;
	size_t *pick; /* owned: the needs of the page in --year */
	Ansinh__V1__NeedGet body;
};

static const struct kind_column kind_need_columns[] = {
    [ND_WARD] = {"ward", "phường|mã phường|ward_code", false,
                 "ward code (default: --ward, or the token's ward)"},
    [ND_HOUSEHOLD] = {"household", "mã hộ|household_code|hộ", true,
                      "the household's code"},
    [ND_MEMBER] = {"member", "member_id|thành viên|mã thành viên", false,
                   "for a personal need: the member's id (from member list or "
                   "export members)"},
    [ND_KIND] =
        {"kind", "loại|loại nhu cầu|nhu cầu|need_kind", true,
         "livelihood-equipment, house-new, house-repair, "
         "assistive-device, orthopaedic-aid, job, vocational-training or "
         "other (sinh kế, xây nhà mới, sửa nhà, dụng cụ trợ giúp, "
         "chỉnh hình, việc làm, học nghề, khác)"},
    [ND_DESCRIPTION] = {"description",
                        "mô tả|nội dung|nội dung nhu cầu|nhu cầu cụ thể", true,
                        "what is needed, one line"},
    [ND_ESTIMATE] = {"estimate_vnd",
                     "estimate|estimated_vnd|dự toán|kinh phí dự kiến|ước tính",
                     false, "estimated cost, VND (empty: not estimated)"},
    [ND_SURVEYED_ON] = {"surveyed_on",
                        "surveyed|date|ngày|ngày khảo sát|ngày điều tra", false,
                        "date of the survey (default: the day of the import)"},
    [ND_DIALOGUE] = {"dialogue", "dialogue_id|đối thoại", false,
                     "the id of the dialogue it was raised at (dialogue list)"},
    [ND_NOTE] = {"note", "ghi chú", false,
                 "note of the registration; line breaks allowed"},
    [ND_ID] = {"id", "", false,
               "the record's id (written by export; else derived from the "
               "natural key)"},
    {NULL, NULL, false, NULL},
};

const struct kind_word kind_need_kind_words[] = {
    {"sinh kế", ANSINH__V1__NEED_KIND__NEED_KIND_LIVELIHOOD_EQUIPMENT},
    {"phương tiện sinh kế",
     ANSINH__V1__NEED_KIND__NEED_KIND_LIVELIHOOD_EQUIPMENT},
    {"thiết bị sinh kế", ANSINH__V1__NEED_KIND__NEED_KIND_LIVELIHOOD_EQUIPMENT},
    {"xây nhà mới", ANSINH__V1__NEED_KIND__NEED_KIND_HOUSE_NEW},
    {"nhà mới", ANSINH__V1__NEED_KIND__NEED_KIND_HOUSE_NEW},
    {"xây nhà", ANSINH__V1__NEED_KIND__NEED_KIND_HOUSE_NEW},
    {"sửa nhà", ANSINH__V1__NEED_KIND__NEED_KIND_HOUSE_REPAIR},
    {"sửa chữa nhà", ANSINH__V1__NEED_KIND__NEED_KIND_HOUSE_REPAIR},
    {"dụng cụ trợ giúp", ANSINH__V1__NEED_KIND__NEED_KIND_ASSISTIVE_DEVICE},
    {"thiết bị trợ giúp", ANSINH__V1__NEED_KIND__NEED_KIND_ASSISTIVE_DEVICE},
    {"phương tiện trợ giúp", ANSINH__V1__NEED_KIND__NEED_KIND_ASSISTIVE_DEVICE},
    {"chỉnh hình", ANSINH__V1__NEED_KIND__NEED_KIND_ORTHOPAEDIC_AID},
    {"dụng cụ chỉnh hình", ANSINH__V1__NEED_KIND__NEED_KIND_ORTHOPAEDIC_AID},
    {"việc làm", ANSINH__V1__NEED_KIND__NEED_KIND_JOB},
    {"học nghề", ANSINH__V1__NEED_KIND__NEED_KIND_VOCATIONAL_TRAINING},
    {"đào tạo nghề", ANSINH__V1__NEED_KIND__NEED_KIND_VOCATIONAL_TRAINING},
    {"khác", ANSINH__V1__NEED_KIND__NEED_KIND_OTHER},
    {NULL, 0},
};

const struct kind kind_needs = {
    .name = "needs",
    .record = "need",
    .summary = "needs surveyed per household (registered)",
    .columns = kind_need_columns,
    .build = kind_need_build,
    .export = kind_need_export,
    .year_column = "surveyed_on",
};

static bool
kind_need_build(const struct kind_row *row, struct kind_build *b)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__NeedCreate body = ANSINH__V1__NEED_CREATE__INIT;
	Ansinh__V1__Need n = ANSINH__V1__NEED__INIT;
	const char *description, *note;
	char surveyed[11], member[UUID_STR_SIZE], key[6144], text[4096];
	uint8_t id[UUID_SIZE], member_id[UUID_SIZE], dialogue_id[UUID_SIZE];
	int64_t estimate;
	bool has_member, has_estimate, has_dialogue;
	int kind;

	if (!kind_rule(b, row, ND_HOUSEHOLD, rule_household_code) ||
	    !kind_uuid(b, row, ND_MEMBER, &has_member, member_id) ||
	    !kind_word(b, row, ND_KIND, names_need_kind_parse,
	               kind_need_kind_words, names_need_kind_list(), &kind))
		return false;
	if (kind == 0)
		return kind_reject(b, row, ND_KIND, "must not be empty");
	if (!kind_text(b, row, ND_DESCRIPTION, true, RULE_DESCRIPTION_MAX,
	               &description) ||
	    !kind_vnd(b, row, ND_ESTIMATE, false, false, &has_estimate,
	              &estimate) ||
	    !kind_date(b, row, ND_SURVEYED_ON, surveyed) ||
	    !kind_uuid(b, row, ND_DIALOGUE, &has_dialogue, dialogue_id) ||
	    !kind_note(b, row, ND_NOTE, RULE_NOTE_MAX, &note))
		return false;
	member[0] = '\0';
	if (has_member)
		uuid_format(member_id, member);
	kind_key_text(description, text, sizeof text);
	snprintf(key, sizeof key, "%s:%s:%s:%s:%s", row->value[ND_HOUSEHOLD],
	         names_need_kind(kind), surveyed, member, text);
	if (!kind_id(b, row, "need", key, id))
		return false;
	n.id.data = id;
	n.id.len = sizeof id;
	n.ward_code = (char *)row->ward;
	n.household_code = (char *)row->value[ND_HOUSEHOLD];
	if (has_member) {
		n.member_id.data = member_id;
		n.member_id.len = sizeof member_id;
	}
	n.kind = (Ansinh__V1__NeedKind)kind;
	n.description = (char *)description;
	if (has_estimate) {
		n.opt_estimated_vnd_case =
		    ANSINH__V1__NEED__OPT_ESTIMATED_VND_ESTIMATED_VND;
		n.estimated_vnd = estimate;
	}
	n.surveyed_on = surveyed;
	if (has_dialogue) {
		n.dialogue_id.data = dialogue_id;
		n.dialogue_id.len = sizeof dialogue_id;
	}
	n.note = (char *)note;
	body.need = &n;
	req.body_case = ANSINH__V1__REQUEST__BODY_NEED_CREATE;
	req.need_create = &body;
	memcpy(b->record_id, id, sizeof id);
	kind_emit(b, &req);
	return true;
}

static enum ansinh_exit
kind_need_export(struct kind_export *x)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__NeedList body = ANSINH__V1__NEED_LIST__INIT;
	Ansinh__V1__Response *resp;
	struct kind_need_fanout f;
	enum ansinh_exit rc;
	uint32_t offset = 0;
	size_t i, n;
	bool more;

	do {
		body.ward_code = (char *)x->ward;
		body.limit = KIND_NEED_PAGE;
		body.offset = offset;
		req.body_case = ANSINH__V1__REQUEST__BODY_NEED_LIST;
		req.need_list = &body;
		kind_export_page(x);
		rc = call_request(x->ctx, &req,
		                  ANSINH__V1__RESPONSE__BODY_NEEDS, &resp);
		if (rc != ANSINH_EXIT_OK)
			return rc;
		f.x = x;
		f.page = resp->needs;
		f.pick =
		    xreallocarray(NULL, f.page->n_needs + 1, sizeof *f.pick);
		for (i = n = 0; i < f.page->n_needs; i++) {
			if (kind_export_in_year(x,
			                        f.page->needs[i]->surveyed_on))
				f.pick[n++] = i;
		}
		rc = kind_export_fanout(x, n, kind_need_make,
		                        ANSINH__V1__RESPONSE__BODY_NEED,
		                        kind_need_take, &f);
		free(f.pick);
		offset += (uint32_t)resp->needs->n_needs;
		more = resp->needs->more && resp->needs->n_needs > 0;
		ansinh__v1__response__free_unpacked(resp, NULL);
		if (rc != ANSINH_EXIT_OK)
			return rc;
	} while (more);
	return ANSINH_EXIT_OK;
}

/* need_get of the i-th need picked from the page: its history holds the
 * note of its registration. */
static void
kind_need_make(void *arg, size_t i, Ansinh__V1__Request *req)
{
	struct kind_need_fanout *f = arg;
	const Ansinh__V1__Need *n = f->page->needs[f->pick[i]];

	ansinh__v1__need_get__init(&f->body);
	f->body.id = n->id;
	f->body.ward_code = n->ward_code;
	req->body_case = ANSINH__V1__REQUEST__BODY_NEED_GET;
	req->need_get = &f->body;
}

static bool
kind_need_take(void *arg, size_t i, const Ansinh__V1__Response *resp)
{
	struct kind_need_fanout *f = arg;
	const Ansinh__V1__Need *n = f->page->needs[f->pick[i]];
	const Ansinh__V1__NeedReply *r = resp->need;
	const char *v[ND_ID + 1], *note = "";
	char estimate[24], member[UUID_STR_SIZE], dialogue[UUID_STR_SIZE];
	char id[UUID_STR_SIZE];
	size_t j;

	for (j = 0; j < r->n_history; j++) {
		if (r->history[j]->status ==
		    ANSINH__V1__NEED_STATUS__NEED_STATUS_REGISTERED) {
			note = r->history[j]->note;
			break;
		}
	}
	v[ND_WARD] = n->ward_code;
	v[ND_HOUSEHOLD] = n->household_code;
	v[ND_MEMBER] = kind_id_text(&n->member_id, member);
	v[ND_KIND] = names_need_kind(n->kind);
	v[ND_DESCRIPTION] = n->description;
	v[ND_ESTIMATE] =
	    n->opt_estimated_vnd_case ==
	            ANSINH__V1__NEED__OPT_ESTIMATED_VND_ESTIMATED_VND
	        ? kind_vnd_text(n->estimated_vnd, estimate)
	        : "";
	v[ND_SURVEYED_ON] = n->surveyed_on;
	v[ND_DIALOGUE] = kind_id_text(&n->dialogue_id, dialogue);
	v[ND_NOTE] = note;
	v[ND_ID] = kind_id_text(&n->id, id);
	return kind_export_row(f->x, v);
}
