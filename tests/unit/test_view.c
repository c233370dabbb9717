/*
 * test_view.c — client/view.c: a row message rendered through a table of
 * columns (header, field path, flags), by the field's type: text, with ''
 * as nothing or as '' (VIEW_VERBATIM), an enum as its word, an id as a
 * UUID, a number (0 as nothing with VIEW_NONZERO), a boolean, a repeated
 * enum joined, a column that renders itself; and the rows of a reply's
 * repeated field.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../client/render.h"
#include "../../client/view.h"
#include "tap.h"

static void test_row(void);
static void test_rows(void);
static void show_scope(struct render_table *t, const ProtobufCMessage *row);
static char *print(enum render_format fmt, const struct render_table *t);

static const struct view_col notice_cols[] = {
    VIEW("ward", "ward_code"),
    VIEW("date", "notice_on"),
    VIEW("kind", "kind"),
    VIEW_F("employer", "employer", VIEW_VERBATIM),
    VIEW_F("positions", "positions", VIEW_NONZERO),
    VIEW("district_wide", "district_wide"),
    VIEW("channels", "channels"),
    VIEW_JOIN("by_space", "channels", " "),
    VIEW("id", "id"),
    VIEW_SHOW("scope", show_scope),
};

static uint8_t notice_id[16] = {0x01, 0x8f, 0x12, 0x34, 0x56, 0x78, 0x7a, 0xbc,
                                0x8d, 0xef, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab};

int
main(void)
{
	test_row();
	test_rows();
	return done_testing();
}

static void
show_scope(struct render_table *t, const ProtobufCMessage *row)
{
	const Ansinh__V1__JobNotice *n = (const Ansinh__V1__JobNotice *)row;

	render_str(t, n->district_wide ? "district" : n->ward_code);
}

static char *
print(enum render_format fmt, const struct render_table *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	render_list(f, fmt, t);
	fclose(f);
	return buf;
}

static void
test_row(void)
{
	Ansinh__V1__JobNotice n = ANSINH__V1__JOB_NOTICE__INIT;
	Ansinh__V1__NoticeChannel ch[2] = {
	    ANSINH__V1__NOTICE_CHANNEL__NOTICE_CHANNEL_ZALO,
	    ANSINH__V1__NOTICE_CHANNEL__NOTICE_CHANNEL_WARD_WEBSITE};
	struct render_table *t;
	char *out;

	n.ward_code = "AK";
	n.notice_on = "2023-03-02";
	n.kind = ANSINH__V1__NOTICE_KIND__NOTICE_KIND_LABOUR_EXPORT;
	n.employer = "";
	n.positions = 0;
	n.n_channels = 2;
	n.channels = ch;
	n.id.data = notice_id;
	n.id.len = sizeof notice_id;
	t = view_table(notice_cols, VIEW_NCOLS(notice_cols));
	view_row(t, notice_cols, VIEW_NCOLS(notice_cols), &n.base);
	out = print(RENDER_CSV, t);
	is_str(
	    out,
	    "ward,date,kind,employer,positions,district_wide,channels,"
	    "by_space,id,scope\n"
	    "AK,2023-03-02,labour-export,,,no,\"zalo,ward-website\","
	    "zalo ward-website,018f1234-5678-7abc-8def-0123456789ab,AK\n",
	    "CSV: the headers; the enum's word, the channels joined, the id");
	free(out);
	out = print(RENDER_JSON, t);
	ok(strstr(out, "\"employer\":\"\"") != NULL,
	   "VIEW_VERBATIM: '' stays '' (JSON \"\")");
	ok(strstr(out, "\"positions\":null") != NULL,
	   "VIEW_NONZERO: 0 is not given (JSON null)");
	ok(strstr(out, "\"district_wide\":false") != NULL,
	   "a boolean is a boolean");
	free(out);
	render_table_free(t);

	n.ward_code = "";
	n.district_wide = 1;
	n.positions = 12;
	n.n_channels = 0;
	n.id.len = 0;
	n.note = "";
	t = view_table(notice_cols, VIEW_NCOLS(notice_cols));
	view_row(t, notice_cols, VIEW_NCOLS(notice_cols), &n.base);
	out = print(RENDER_JSON, t);
	ok(strstr(out, "\"ward\":null") != NULL, "text '' is nothing (null)");
	ok(strstr(out, "\"positions\":12") != NULL, "a number");
	ok(strstr(out, "\"channels\":null") != NULL,
	   "no channels: nothing, not ''");
	ok(strstr(out, "\"id\":null") != NULL, "an id that is not 16 bytes");
	ok(strstr(out, "\"scope\":\"district\"") != NULL,
	   "a column that renders itself");
	free(out);
	render_table_free(t);
}

static void
test_rows(void)
{
	Ansinh__V1__JobNotice a = ANSINH__V1__JOB_NOTICE__INIT;
	Ansinh__V1__JobNotice b = ANSINH__V1__JOB_NOTICE__INIT;
	Ansinh__V1__JobNotice *rows[2] = {&a, &b};
	Ansinh__V1__NoticeListReply reply = ANSINH__V1__NOTICE_LIST_REPLY__INIT;
	Ansinh__V1__Response resp = ANSINH__V1__RESPONSE__INIT;
	static const struct view_col cols[] = {VIEW("ward", "ward_code"),
	                                       VIEW("kind", "kind")};
	struct render_table *t;
	char *out;

	a.ward_code = "AK";
	a.kind = ANSINH__V1__NOTICE_KIND__NOTICE_KIND_TRAINING;
	b.ward_code = "TH";
	reply.n_notices = 2;
	reply.notices = rows;
	resp.body_case = ANSINH__V1__RESPONSE__BODY_NOTICES;
	resp.notices = &reply;
	ok(view_body(&resp) == &reply.base,
	   "view_body: the body case's message");
	t = view_table(cols, VIEW_NCOLS(cols));
	view_rows(t, cols, VIEW_NCOLS(cols), view_body(&resp), "notices");
	is_int((long long)render_rows(t), 2, "a row per message");
	out = print(RENDER_CSV, t);
	is_str(out, "ward,kind\nAK,training\nTH,\n",
	       "an unspecified enum is nothing");
	free(out);
	render_table_free(t);
}
