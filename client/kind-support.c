/*
 * kind-support.c — support given, in CSV: `ansinh import supports` and
 * `ansinh export supports`.
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
#include "cmd.h"
#include "kind.h"
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

static bool kind_support_build(const struct kind_row *row,
                               struct kind_build *b);
static bool kind_support_reversal(const struct kind_row *row,
                                  struct kind_build *b);
static bool kind_support_kind(struct kind_build *b, const struct kind_row *row,
                              int *out);
static enum ansinh_exit kind_support_export(struct kind_export *x);
static void kind_support_add(struct kind_support_day *d,
                             const Ansinh__V1__Support *s);
static bool kind_support_flush(struct kind_export *x,
                               struct kind_support_day *d, bool write);

static const struct kind_column kind_support_columns[] = {
    [SP_WARD] = {"ward", "phường|mã phường|ward_code", false,
                 "ward code (default: --ward, or the token's ward)"},
    [SP_HOUSEHOLD] = {"household", "mã hộ|household_code|hộ|hộ nhận", true,
                      "the household's code"},
    [SP_MEMBER] = {"member", "member_id|thành viên|người nhận", false,
                   "for personal support: the member's id (member list, export "
                   "members)"},
    [SP_KIND] = {"kind", "loại|loại hỗ trợ|hình thức hỗ trợ|support_kind", true,
                 "a need kind (as for needs), or cash, goods, "
                 "health-insurance, education, tet-gift (tiền mặt, hiện vật, "
                 "bảo hiểm y tế, giáo dục, quà tết)"},
    [SP_DESCRIPTION] = {"description", "mô tả|nội dung|nội dung hỗ trợ", true,
                        "what was given, one line"},
    [SP_AMOUNT] =
        {"amount_vnd", "amount|số tiền|thành tiền|giá trị|kinh phí", true,
         "VND, goods at their value (a reversing entry: minus the amount "
         "it reverses)"},
    [SP_GIVEN_ON] = {"given_on", "given|date|ngày|ngày hỗ trợ|ngày trao", false,
                     "the day given, or of the correction (default: the day of "
                     "the import)"},
    [SP_FUND] = {"fund", "fund_code|quỹ|nguồn|nguồn kinh phí", false,
                 "fund code (fund list); a fund, an organization or both"},
    [SP_ORG] =
        {"org",
         "organization|organization_name|tổ chức|nhà tài trợ|đơn vị tài trợ",
         false, "sponsoring organization, by name or id (org list)"},
    [SP_NEED] = {"need", "need_id|mã nhu cầu", false,
                 "the id of the approved need it fulfils"},
    [SP_REVERSES] = {"reverses", "reverses_id|bút toán gốc", false,
                     "a reversing entry: the id of the entry it reverses"},
    [SP_REASON] = {"reversal_reason", "lý do điều chỉnh|lý do đảo", false,
                   "a reversing entry: why"},
    [SP_ID] = {"id", "", false,
               "the record's id (written by export; else derived from the "
               "natural key)"},
    {NULL, NULL, false, NULL},
};

/* Support kinds that are not need kinds. */
static const struct kind_word kind_support_kind_words[] = {
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

const struct kind kind_supports = {
    .name = "supports",
    .record = "support",
    .summary = "support given: entries of the ledger",
    .columns = kind_support_columns,
    .build = kind_support_build,
    .export = kind_support_export,
    .year_column = "given_on",
};

static bool
kind_support_build(const struct kind_row *row, struct kind_build *b)
{
	Ansinh__V1__Request req = ANSINH__V1__REQUEST__INIT;
	Ansinh__V1__SupportCreate body = ANSINH__V1__SUPPORT_CREATE__INIT;
	Ansinh__V1__Support s = ANSINH__V1__SUPPORT__INIT;
	const char *description, *fund, *org, *reason;
	char given[11], member[UUID_STR_SIZE], need[UUID_STR_SIZE];
	char org_key[1024], text[4096], key[6144];
	uint8_t id[UUID_SIZE], member_id[UUID_SIZE], need_id[UUID_SIZE];
	uint8_t org_id[UUID_SIZE];
	int64_t amount;
	bool has_member, has_amount, has_need, has_org_id = false;
	int kind;

	if (row->value[SP_REVERSES] != NULL &&
	    row->value[SP_REVERSES][0] != '\0')
		return kind_support_reversal(row, b);
	if (!kind_rule(b, row, SP_HOUSEHOLD, rule_household_code) ||
	    !kind_uuid(b, row, SP_MEMBER, &has_member, member_id) ||
	    !kind_support_kind(b, row, &kind) ||
	    !kind_text(b, row, SP_DESCRIPTION, true, RULE_DESCRIPTION_MAX,
	               &description) ||
	    !kind_vnd(b, row, SP_AMOUNT, true, false, &has_amount, &amount) ||
	    !kind_date(b, row, SP_GIVEN_ON, given) ||
	    !kind_text(b, row, SP_FUND, false, RULE_CODE_MAX, &fund) ||
	    (fund[0] != '\0' && !kind_rule(b, row, SP_FUND, rule_fund_code)) ||
	    !kind_text(b, row, SP_ORG, false, RULE_TITLE_MAX, &org) ||
	    !kind_uuid(b, row, SP_NEED, &has_need, need_id) ||
	    !kind_text(b, row, SP_REASON, false, RULE_DESCRIPTION_MAX, &reason))
		return false;
	if (fund[0] == '\0' && org[0] == '\0')
		return kind_reject(b, row, SP_FUND,
		                   "give a fund, a sponsoring "
		                   "organization (%s), or both",
		                   row->header[SP_ORG]);
	if (reason[0] != '\0')
		return kind_reject(b, row, SP_REASON,
		                   "only a reversing entry "
		                   "(with %s) has a reason",
		                   row->header[SP_REVERSES]);
	if (org[0] != '\0' && uuid_parse(org, org_id) && !uuid_is_nil(org_id)) {
		has_org_id = true;
		uuid_format(org_id, org_key);
	} else {
		kind_key_text(org, org_key, sizeof org_key);
	}
	member[0] = need[0] = '\0';
	if (has_member)
		uuid_format(member_id, member);
	if (has_need)
		uuid_format(need_id, need);
	kind_key_text(description, text, sizeof text);
	snprintf(key, sizeof key, "%s:%s:%s:%lld:%s:%s:%s:%s:%s",
	         row->value[SP_HOUSEHOLD], names_support_kind(kind), given,
	         (long long)amount, fund, org_key, member, need, text);
	if (!kind_id(b, row, "support", key, id))
		return false;
	s.id.data = id;
	s.id.len = sizeof id;
	s.ward_code = (char *)row->ward;
	s.household_code = (char *)row->value[SP_HOUSEHOLD];
	if (has_member) {
		s.member_id.data = member_id;
		s.member_id.len = sizeof member_id;
	}
	s.kind = (Ansinh__V1__SupportKind)kind;
	s.description = (char *)description;
	s.amount_vnd = amount;
	s.given_on = given;
	s.fund_code = (char *)fund;
	if (has_org_id) {
		s.organization_id.data = org_id;
		s.organization_id.len = sizeof org_id;
	} else {
		s.organization_name = (char *)org;
	}
	if (has_need) {
		s.need_id.data = need_id;
		s.need_id.len = sizeof need_id;
		/* The need may have been made approved again by an earlier
		 * row (a reversal of the entry that fulfilled it). */
		b->barrier = true;
	}
	body.support = &s;
	req.body_case = ANSINH__V1__REQUEST__BODY_SUPPORT_CREATE;
	req.support_create = &body;
	memcpy(b->record_id, id, sizeof id);
	kind_emit(b, &req);
	return true;
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

/* The kind of support: the English word, a need kind's Vietnamese word,
 * or one of support's own. Required. */
static bool
kind_support_kind(struct kind_build *b, const struct kind_row *row, int *out)
{
	const char *v = row->value[SP_KIND] != NULL ? row->value[SP_KIND] : "";
	int n;

	*out = 0;
	if (v[0] == '\0')
		return kind_reject(b, row, SP_KIND, "must not be empty");
	n = names_support_kind_parse(v);
	if (n <= 0)
		n = kind_word_find(kind_need_kind_words, v);
	if (n <= 0)
		n = kind_word_find(kind_support_kind_words, v);
	if (n <= 0)
		return kind_reject(b, row, SP_KIND, "'%.40s' is not one of %s",
		                   v, names_support_kind_list());
	*out = n;
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
			kind_support_add(&day, page->supports[i]);
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
kind_support_add(struct kind_support_day *d, const Ansinh__V1__Support *s)
{
	struct kind_support_entry *e;
	char buf[UUID_STR_SIZE];
	size_t i;

	if (d->n == d->cap) {
		d->cap = d->cap == 0 ? 64 : d->cap * 2;
		d->e = xreallocarray(d->e, d->cap, sizeof *d->e);
	}
	if (d->n == 0)
		snprintf(d->date, sizeof d->date, "%s", s->given_on);
	e = &d->e[d->n++];
	memset(e, 0, sizeof *e);
	e->values[SP_WARD] = xstrdup(s->ward_code);
	e->values[SP_HOUSEHOLD] = xstrdup(s->household_code);
	e->values[SP_MEMBER] = xstrdup(kind_id_text(&s->member_id, buf));
	e->values[SP_KIND] = xstrdup(names_support_kind(s->kind) != NULL
	                                 ? names_support_kind(s->kind)
	                                 : "");
	e->values[SP_DESCRIPTION] = xstrdup(s->description);
	e->values[SP_AMOUNT] = xstrdup(kind_vnd_text(s->amount_vnd, buf));
	e->values[SP_GIVEN_ON] = xstrdup(s->given_on);
	e->values[SP_FUND] = xstrdup(s->fund_code);
	e->values[SP_ORG] = xstrdup(s->organization_name);
	e->values[SP_NEED] = xstrdup(kind_id_text(&s->need_id, buf));
	e->values[SP_REVERSES] = xstrdup(kind_id_text(&s->reverses_id, buf));
	e->values[SP_REASON] = xstrdup(s->reason);
	e->values[SP_ID] = xstrdup(kind_id_text(&s->id, buf));
	e->key.ward = e->values[SP_WARD];
	if (s->id.len == UUID_SIZE)
		memcpy(e->key.id, s->id.data, UUID_SIZE);
	e->key.related = s->reverses_id.len != 0 || s->need_id.len != 0;
	e->key.pos = d->pos++;
	for (i = 0; i < SP_NCOLUMNS; i++) {
		if (e->values[i] == NULL)
			e->values[i] = xstrdup("");
	}
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
