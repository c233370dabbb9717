/*
 * kind-need.c — the need's fields (the flags of `ansinh need add` and the
 * columns of `ansinh import|export needs`), and needs in CSV.
 *
 * A row names its household by code (or id), and, for a personal need, the
 * member by id (as `member list` prints it and `export members` writes it).
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
#include "check.h"
#include "kind.h"
#include "record.h"
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

static bool kind_need_finish(const struct kind_row *row, struct kind_build *b,
                             Ansinh__V1__Request *req);
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

const struct record_word kind_need_kind_words[] = {
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

static const struct record_words kind_need_kind =
    RECORD_WORDS(need_kind, kind_need_kind_words);

/* The fields of a need: the flags of `need add` and the columns of import
 * and export. */
static const struct record_field kind_need_fields[] = {
    [ND_WARD] = RECORD_FIELD_WARD("need.ward_code"),
    [ND_HOUSEHOLD] =
        RECORD_FIELD_HOUSEHOLD("need", "", "the household, by id or code"),
    [ND_MEMBER] = {.path = "need.member_id",
                   .flag = "member",
                   .column = "member",
                   .aliases = "member_id|thành viên|mã thành viên",
                   .type = RECORD_ID,
                   .help = "a personal need: the member (an id from member "
                           "list or export members)"},
    [ND_KIND] = {.path = "need.kind",
                 .flag = "kind",
                 .column = "kind",
                 .aliases = "loại|loại nhu cầu|nhu cầu|need_kind",
                 .type = RECORD_WORD,
                 .attrs = RECORD_REQUIRED,
                 .metavar = "KIND",
                 .words = &kind_need_kind,
                 .help = "kind of need"},
    [ND_DESCRIPTION] = {.path = "need.description",
                        .flag = "description",
                        .column = "description",
                        .aliases = "mô tả|nội dung|nội dung nhu cầu|nhu cầu "
                                   "cụ thể",
                        .type = RECORD_TEXT,
                        .attrs = RECORD_REQUIRED,
                        .metavar = "TEXT",
                        .check = check_description,
                        .help = "what is needed, one line, e.g. \"food "
                                "display cabinet\""},
    [ND_ESTIMATE] = {.path = "need.estimated_vnd",
                     .flag = "estimate",
                     .column = "estimate_vnd",
                     .aliases = "estimate|estimated_vnd|dự toán|kinh phí dự "
                                "kiến|ước tính",
                     .type = RECORD_VND,
                     .help = "estimated cost in VND (not given: not "
                             "estimated)"},
    [ND_SURVEYED_ON] = {.path = "need.surveyed_on",
                        .flag = "date",
                        .column = "surveyed_on",
                        .aliases = "surveyed|date|ngày|ngày khảo sát|ngày "
                                   "điều tra",
                        .type = RECORD_DATE,
                        .help = "date of the survey (default: today)"},
    [ND_DIALOGUE] = {.path = "need.dialogue_id",
                     .flag = "dialogue",
                     .column = "dialogue",
                     .aliases = "dialogue_id|đối thoại",
                     .type = RECORD_ID,
                     .help = "the dialogue where it was raised (an id from "
                             "dialogue list)"},
    [ND_NOTE] = {.path = "need.note",
                 .flag = "note",
                 .column = "note",
                 .aliases = "ghi chú",
                 .type = RECORD_NOTE,
                 .metavar = "TEXT",
                 .check = check_note,
                 .help = "a note on the registration; line breaks allowed"},
    [ND_ID] =
        RECORD_FIELD_SELF("need.id", "the record's id (written by export; else "
                                     "derived from the natural key)"),
    RECORD_FIELDS_END,
};

const struct record record_need = {
    .name = "need",
    .body = ANSINH__V1__REQUEST__BODY_NEED_CREATE,
    .fields = kind_need_fields,
};

const struct kind kind_needs = {
    .name = "needs",
    .summary = "needs surveyed per household (registered)",
    .record = &record_need,
    .finish = kind_need_finish,
    .export = kind_need_export,
    .year_column = "surveyed_on",
};

/* The natural key: household, kind, survey date, member and description
 * (blanks collapsed). */
static bool
kind_need_finish(const struct kind_row *row, struct kind_build *b,
                 Ansinh__V1__Request *req)
{
	const Ansinh__V1__Need *n = req->need_create->need;
	char member[UUID_STR_SIZE], key[6144], text[4096];

	member[0] = '\0';
	if (n->member_id.len == UUID_SIZE)
		uuid_format(n->member_id.data, member);
	kind_key_text(n->description, text, sizeof text);
	snprintf(key, sizeof key, "%s:%s:%s:%s:%s", row->value[ND_HOUSEHOLD],
	         names_need_kind(n->kind), n->surveyed_on, member, text);
	return kind_key(&kind_needs, b, row, req, key);
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
	struct kind_values v;
	size_t j;

	kind_export_values(f->x, &n->base, &v);
	v.v[ND_NOTE] = "";
	for (j = 0; j < r->n_history; j++) {
		if (r->history[j]->status ==
		    ANSINH__V1__NEED_STATUS__NEED_STATUS_REGISTERED) {
			v.v[ND_NOTE] = r->history[j]->note;
			break;
		}
	}
	return kind_export_row(f->x, v.v);
}
