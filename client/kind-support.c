/*
 * kind-support.c — the support entry's fields (the flags of `ansinh
 * support add` and the columns of `ansinh import|export supports`), and
 * support given, in CSV.
 *
 * A row is an entry of the ledger. It names its household by code; the
 * member (personal support) and the need it fulfils by id; the fund by
 * code and the organization by name or id. Natural key: the ward, the
 * household code, the kind, the date given, the amount, the fund, the
 * organization, the member, the need and the description (blanks
 * collapsed): "ansinh:support:AK:AK-001:house-new:2023-06-01:60000000::
 * UBND tỉnh Thanh Hóa:::Xây nhà mới" (a field empty when the row gives
 * none).
 *
 * A row with a `reverses` id is a reversing entry (`support reverse`): it
 * is sent as SupportReverse with its reason and date; the daemon takes the
 * household, member, kind, fund, organization and minus the amount from
 * the entry it reverses, so those columns — written by export for the
 * reader — are not read, except that an amount must be negative (or 0).
 * Its key is the entry it reverses ("reverses:<id>"): an entry is reversed
 * at most once. A reversing entry, and an entry that fulfils a need, is
 * sent only after every earlier row was answered: it may depend on them
 * (the entry it reverses; a reversal that made the need approved again).
 *
 * Export pages through support_list (date given, then the order they were
 * recorded in) and writes each day's entries in an order that depends only
 * on the entries: first those that neither reverse an entry nor fulfil a
 * need, by ward and id, then the others in the order they were recorded
 * (which import keeps, sending each after the rows before it). A database
 * the file is imported into therefore exports it again byte for byte.
 * --year keeps the entries given that year.
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

/* Entries per support_list page. */
#define KIND_SUPPORT_PAGE 1000

enum {
	SP_WARD,
	SP_HOUSEHOLD,
	SP_MEMBER,
	SP_KIND,
	SP_DESCRIPTION,
	SP_AMOUNT,
	SP_GIVEN_ON,
	SP_FUND,
	SP_ORG,
	SP_NEED,
	SP_REVERSES,
	SP_REASON,
	SP_ID,
	SP_NCOLUMNS,
};

/* One entry of the day being gathered by export. key first: the order
 * compares entries as keys. */
struct kind_support_entry {
	struct kind_support_key key;
	char *values[SP_NCOLUMNS]; /* owned */
};

/* The entries of one day, gathered before they are written. */
struct kind_support_day {
	char date[11];
	struct kind_support_entry *e;
	size_t n;
	size_t cap;
	size_t pos; /* entries seen in list order */
};

static bool kind_support_own(const struct kind_row *row, struct kind_build *b,
                             bool *ok);
static bool kind_support_finish(const struct kind_row *row,
                                struct kind_build *b, Ansinh__V1__Request *req);
static bool kind_support_reversal(const struct kind_row *row,
                                  struct kind_build *b);
static enum ansinh_exit kind_support_export(struct kind_export *x);
static void kind_support_add(const struct kind_export *x,
                             struct kind_support_day *d,
                             const Ansinh__V1__Support *s);
static bool kind_support_flush(struct kind_export *x,
                               struct kind_support_day *d, bool write);

/* Support kinds that are not need kinds. */
static const struct record_word kind_support_kind_words[] = {
    {"tiền mặt", ANSINH__V1__SUPPORT_KIND__SUPPORT_KIND_CASH},
    {"hiện vật", ANSINH__V1__SUPPORT_KIND__SUPPORT_KIND_GOODS},
    {"bảo hiểm y tế", ANSINH__V1__SUPPORT_KIND__SUPPORT_KIND_HEALTH_INSURANCE},
    {"bhyt", ANSINH__V1__SUPPORT_KIND__SUPPORT_KIND_HEALTH_INSURANCE},
    {"thẻ bhyt", ANSINH__V1__SUPPORT_KIND__SUPPORT_KIND_HEALTH_INSURANCE},
    {"giáo dục", ANSINH__V1__SUPPORT_KIND__SUPPORT_KIND_EDUCATION},
    {"học bổng", ANSINH__V1__SUPPORT_KIND__SUPPORT_KIND_EDUCATION},
    {"quà tết", ANSINH__V1__SUPPORT_KIND__SUPPORT_KIND_TET_GIFT},
    {NULL, 0},
};

static const struct record_words kind_support_kind =
    RECORD_WORDS(support_kind, kind_need_kind_words, kind_support_kind_words);

/* The fields of a support entry: the flags of `support add` and the
 * columns of import and export (the last two only a reversing entry's, in a
 * file). */
static const struct record_field kind_support_fields[] = {
    [SP_WARD] = RECORD_FIELD_WARD("support.ward_code"),
    [SP_HOUSEHOLD] = RECORD_FIELD_HOUSEHOLD(
        "support", "|hộ nhận", "the recipient household, by id or code"),
    [SP_MEMBER] = {.path = "support.member_id",
                   .flag = "member",
                   .column = "member",
                   .aliases = "member_id|thành viên|người nhận",
                   .type = RECORD_ID,
                   .help = "personal support: the member (an id from member "
                           "list or export members)"},
    [SP_KIND] = {.path = "support.kind",
                 .flag = "kind",
                 .column = "kind",
                 .aliases = "loại|loại hỗ trợ|hình thức hỗ trợ|support_kind",
                 .type = RECORD_WORD,
                 .attrs = RECORD_REQUIRED,
                 .metavar = "KIND",
                 .words = &kind_support_kind,
                 .help = "kind of support: a kind of need, or one of "
                         "support's own"},
    [SP_DESCRIPTION] = {.path = "support.description",
                        .flag = "description",
                        .column = "description",
                        .aliases = "mô tả|nội dung|nội dung hỗ trợ",
                        .type = RECORD_TEXT,
                        .attrs = RECORD_REQUIRED,
                        .metavar = "TEXT",
                        .check = check_description,
                        .help = "what was given, one line"},
    [SP_AMOUNT] = {.path = "support.amount_vnd",
                   .flag = "amount",
                   .column = "amount_vnd",
                   .aliases = "amount|số tiền|thành tiền|giá trị|kinh phí",
                   .type = RECORD_VND,
                   .attrs = RECORD_REQUIRED,
                   .help = "amount in VND, goods at their value (0 to "
                           "1000000000000; 60.000.000 and 60,000,000 are "
                           "accepted; in a file, a reversing entry: minus the "
                           "amount it reverses)"},
    [SP_GIVEN_ON] = {.path = "support.given_on",
                     .flag = "date",
                     .column = "given_on",
                     .aliases = "given|date|ngày|ngày hỗ trợ|ngày trao",
                     .type = RECORD_DATE,
                     .help = "date given, or in a file of a reversing entry "
                             "the date of the correction (default: today)"},
    [SP_FUND] = {.path = "support.fund_code",
                 .flag = "fund",
                 .column = "fund",
                 .aliases = "fund_code|quỹ|nguồn|nguồn kinh phí",
                 .type = RECORD_CODE,
                 .metavar = "CODE",
                 .check = check_fund_code,
                 .help = "the fund it came from (see fund list)"},
    [SP_ORG] = {.path = "support.organization_name",
                .id_path = "support.organization_id",
                .flag = "org",
                .column = "org",
                .aliases = "organization|organization_name|tổ chức|nhà tài "
                           "trợ|đơn vị tài trợ",
                .type = RECORD_REF,
                .metavar = "ID|NAME",
                .check = check_org_ref,
                .help = "the sponsoring organization, by id or exact name (see "
                        "org list); a fund, an organization or both"},
    [SP_NEED] = {.path = "support.need_id",
                 .flag = "need",
                 .column = "need",
                 .aliases = "need_id|mã nhu cầu",
                 .type = RECORD_ID,
                 .help = "the approved need of this household it fulfils"},
    [SP_REVERSES] = {.path = "support.reverses_id",
                     .column = "reverses",
                     .aliases = "reverses_id|bút toán gốc",
                     .type = RECORD_ID,
                     .help = "a reversing entry: the id of the entry it "
                             "reverses"},
    [SP_REASON] = {.path = "support.reason",
                   .column = "reversal_reason",
                   .aliases = "lý do điều chỉnh|lý do đảo",
                   .type = RECORD_TEXT,
                   .check = check_description,
                   .help = "a reversing entry: why"},
    [SP_ID] = RECORD_FIELD_SELF("support.id",
                                "the record's id (written by export; else "
                                "derived from the natural key)"),
    RECORD_FIELDS_END,
};

const struct record record_support = {
    .name = "support",
    .body = ANSINH__V1__REQUEST__BODY_SUPPORT_CREATE,
    .fields = kind_support_fields,
};

const struct kind kind_supports = {
    .name = "supports",
    .summary = "support given: entries of the ledger",
    .record = &record_support,
    .finish = kind_support_finish,
    .own = kind_support_own,
    .export = kind_support_export,
    .year_column = "given_on",
};

/* A row with a reverses id is a reversing entry, built by
 * kind_support_reversal. */
static bool
kind_support_own(const struct kind_row *row, struct kind_build *b, bool *ok)
{
	if (row->value[SP_REVERSES] == NULL ||
	    row->value[SP_REVERSES][0] == '\0')
		return false;
	*ok = kind_support_reversal(row, b);
	return true;
}

/* A fund, an organization or both; no reason; the natural key. */
static bool
kind_support_finish(const struct kind_row *row, struct kind_build *b,
                    Ansinh__V1__Request *req)
{
	const Ansinh__V1__Support *s = req->support_create->support;
	char member[UUID_STR_SIZE], need[UUID_STR_SIZE];
	char org_key[1024], text[4096], key[6144];

	if (s->fund_code[0] == '\0' && s->organization_name[0] == '\0' &&
	    s->organization_id.len == 0)
		return kind_reject(b, row, SP_FUND,
		                   "give a fund, a sponsoring "
		                   "organization (%s), or both",
		                   row->header[SP_ORG]);
	if (s->reason[0] != '\0')
		return kind_reject(b, row, SP_REASON,
		                   "only a reversing entry "
		                   "(with %s) has a reason",
		                   row->header[SP_REVERSES]);
	if (s->organization_id.len == UUID_SIZE)
		uuid_format(s->organization_id.data, org_key);
	else
		kind_key_text(s->organization_name, org_key, sizeof org_key);
	member[0] = need[0] = '\0';
	if (s->member_id.len == UUID_SIZE)
		uuid_format(s->member_id.data, member);
	if (s->need_id.len == UUID_SIZE)
		uuid_format(s->need_id.data, need);
	kind_key_text(s->description, text, sizeof text);
	snprintf(key, sizeof key, "%s:%s:%s:%lld:%s:%s:%s:%s:%s",
	         row->value[SP_HOUSEHOLD], names_support_kind(s->kind),
	         s->given_on, (long long)s->amount_vnd, s->fund_code, org_key,
	         member, need, text);
	/* The need may have been made approved again by an earlier row (a
	 * reversal of the entry that fulfilled it). */
	if (s->need_id.len != 0)
		b->barrier = true;
	return kind_key(&kind_supports, b, row, req, key);
}

/* A row with a reverses id: a reversing entry. */
static bool
kind_support_reversal(const struct kind_row *row, struct kind_build *b)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__SupportReverse body = ANSINH__V1__SUPPORT_REVERSE__INIT;
	const char *reason;
	char date[11], original[UUID_STR_SIZE], key[64];
	uint8_t id[UUID_SIZE], original_id[UUID_SIZE], need_id[UUID_SIZE];
	int64_t amount;
	bool has_original, has_amount, has_need;

	if (!kind_uuid(b, row, SP_REVERSES, &has_original, original_id) ||
	    !kind_text(b, row, SP_REASON, true, RULE_DESCRIPTION_MAX,
	               &reason) ||
	    !kind_date(b, row, SP_GIVEN_ON, date) ||
	    !kind_vnd(b, row, SP_AMOUNT, false, true, &has_amount, &amount) ||
	    !kind_uuid(b, row, SP_NEED, &has_need, need_id))
		return false;
	if (has_need)
		return kind_reject(b, row, SP_NEED,
		                   "a reversing entry fulfils "
		                   "no need (the entry it reverses did)");
	uuid_format(original_id, original);
	snprintf(key, sizeof key, "reverses:%s", original);
	if (!kind_id(b, row, "support", key, id))
		return false;
	body.id.data = id;
	body.id.len = sizeof id;
	body.original_id.data = original_id;
	body.original_id.len = sizeof original_id;
	body.ward_code = (char *)row->ward;
	body.reason = (char *)reason;
	body.date = date;
	req.body_case = ANSINH__V1__REQUEST__BODY_SUPPORT_REVERSE;
	req.support_reverse = &body;
	memcpy(b->record_id, id, sizeof id);
	b->barrier = true;
	kind_emit(b, &req);
	return true;
}

int
kind_support_cmp(const void *a, const void *b)
{
	const struct kind_support_key *x = a, *y = b;
	int c;

	if (x->related != y->related)
		return x->related ? 1 : -1;
	if (!x->related) {
		c = strcmp(x->ward, y->ward);
		if (c != 0)
			return c;
		c = memcmp(x->id, y->id, UUID_SIZE);
		if (c != 0)
			return c;
	}
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static enum ansinh_exit
kind_support_export(struct kind_export *x)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__SupportList body = ANSINH__V1__SUPPORT_LIST__INIT;
	Ansinh__V1__Response *resp;
	const Ansinh__V1__SupportListReply *page;
	struct kind_support_day day;
	enum ansinh_exit rc = ANSINH_EXIT_OK;
	char from[11], to[11];
	uint32_t offset = 0;
	size_t i;
	bool more;

	memset(&day, 0, sizeof day);
	if (x->year != 0) {
		snprintf(from, sizeof from, "%04d-01-01", x->year);
		snprintf(to, sizeof to, "%04d-12-31", x->year);
		body.from = from;
		body.to = to;
	}
	do {
		body.ward_code = (char *)x->ward;
		body.limit = KIND_SUPPORT_PAGE;
		body.offset = offset;
		req.body_case = ANSINH__V1__REQUEST__BODY_SUPPORT_LIST;
		req.support_list = &body;
		kind_export_page(x);
		rc = call_request(x->ctx, &req,
		                  ANSINH__V1__RESPONSE__BODY_SUPPORTS, &resp);
		if (rc != ANSINH_EXIT_OK)
			break;
		page = resp->supports;
		for (i = 0; i < page->n_supports && rc == ANSINH_EXIT_OK; i++) {
			if (day.n > 0 &&
			    strcmp(day.date, page->supports[i]->given_on) !=
			        0 &&
			    !kind_support_flush(x, &day, true))
				rc = ANSINH_EXIT_USAGE;
			kind_support_add(x, &day, page->supports[i]);
		}
		offset += (uint32_t)page->n_supports;
		more = page->more && page->n_supports > 0;
		ansinh__v1__response__free_unpacked(resp, NULL);
	} while (more && rc == ANSINH_EXIT_OK);
	if (!kind_support_flush(x, &day, rc == ANSINH_EXIT_OK) &&
	    rc == ANSINH_EXIT_OK)
		rc = ANSINH_EXIT_USAGE;
	free(day.e);
	return rc;
}

/* Keep an entry of the day being gathered (a copy of its values). */
static void
kind_support_add(const struct kind_export *x, struct kind_support_day *d,
                 const Ansinh__V1__Support *s)
{
	struct kind_support_entry *e;
	struct kind_values v;
	size_t i;

	if (d->n == d->cap) {
		d->cap = d->cap == 0 ? 64 : d->cap * 2;
		d->e = xreallocarray(d->e, d->cap, sizeof *d->e);
	}
	if (d->n == 0)
		snprintf(d->date, sizeof d->date, "%s", s->given_on);
	e = &d->e[d->n++];
	memset(e, 0, sizeof *e);
	kind_export_values(x, &s->base, &v);
	for (i = 0; i < SP_NCOLUMNS; i++)
		e->values[i] = xstrdup(v.v[i] != NULL ? v.v[i] : "");
	e->key.ward = e->values[SP_WARD];
	if (s->id.len == UUID_SIZE)
		memcpy(e->key.id, s->id.data, UUID_SIZE);
	e->key.related = s->reverses_id.len != 0 || s->need_id.len != 0;
	e->key.pos = d->pos++;
}

/* Write the day's entries in their order (unless write is false: after a
 * failure), and forget them. */
static bool
kind_support_flush(struct kind_export *x, struct kind_support_day *d,
                   bool write)
{
	struct kind_support_entry *e;
	bool ok = true;
	size_t i, j;

	qsort(d->e, d->n, sizeof *d->e, kind_support_cmp);
	for (i = 0; i < d->n; i++) {
		e = &d->e[i];
		if (ok && write)
			ok = kind_export_row(x, (const char *const *)e->values);
		for (j = 0; j < SP_NCOLUMNS; j++)
			free(e->values[j]);
	}
	d->n = 0;
	return ok;
}
