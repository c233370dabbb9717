/*
 * test_records.c — the record families' fields, described once
 * (client/record.h): every path of every table names a field of its create
 * request that its type can hold; every command's flags fit the parser;
 * a flag and its column name the same field, so `<noun> add --flag VALUE`
 * and `import <kind>` with the column at VALUE make the same request, and
 * export writes the value back as the column held it.
 *
 * Links the client's library; nothing here reaches the daemon.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../client/cmd.h"
#include "../../client/kind.h"
#include "../../client/record.h"
#include "../../client/view.h"
#include "tap.h"

/* The command table (client/cmd.c). */
extern const struct cmd_entry *const cmd_table[];

static void test_tables(void);
static void test_flags(void);
static void test_same_request(void);
static void test_export_words(void);
static void test_put_get(void);
static void test_list_paths(void);
static void test_list_requests(void);
/* The request of the list `ansinh ARGV...`, or NULL with *rc. */
static Ansinh__V1__Request *from_list(enum ansinh_exit *rc, int argc, ...);
static bool list_path_fits(Ansinh__V1__Request *req, const char *path,
                           const char *code_path,
                           bool (*check)(const char *, const char **),
                           bool number);

/* The request of `ansinh ARGV...` (add of a record), or NULL. */
static Ansinh__V1__Request *from_flags(const char *const *argv, int argc);
/* The request of a row of kind k ("column=value" pairs), or NULL. */
static Ansinh__V1__Request *from_row(const struct kind *k,
                                     const char *const *pairs);
/* Both packed with the record id and the ward cleared: equal? */
static bool same(Ansinh__V1__Request *a, Ansinh__V1__Request *b);

static const struct record *const records[] = {
    &record_household, &record_member,     &record_need,
    &record_support,   &record_assessment, NULL,
};

int
main(void)
{
	test_tables();
	test_flags();
	test_same_request();
	test_export_words();
	test_put_get();
	test_list_paths();
	test_list_requests();
	return done_testing();
}

static void
test_tables(void)
{
	const char *problem;
	size_t i;

	for (i = 0; records[i] != NULL; i++) {
		problem = record_verify(records[i]);
		ok(problem == NULL, "%s: every field's path is in its request",
		   records[i]->name);
		if (problem != NULL)
			diag("%s", problem);
	}
	for (i = 0; kind_table[i] != NULL; i++) {
		ok(kind_table[i]->record != NULL &&
		       kind_column(kind_table[i], "id") >= 0 &&
		       kind_column(kind_table[i], "ward") >= 0 &&
		       kind_match_header(kind_table[i], "Phường") ==
		           kind_column(kind_table[i], "ward"),
		   "%s: a record with ward and id columns",
		   kind_table[i]->name);
		if (kind_table[i] == &kind_households)
			continue;
		is_int(kind_match_header(kind_table[i], "Mã hộ"),
		       kind_column(kind_table[i], "household"),
		       "%s: 'Mã hộ' is its household column",
		       kind_table[i]->name);
	}
	is_int(kind_match_header(&kind_supports, "Hộ nhận"),
	       kind_column(&kind_supports, "household"),
	       "supports: so is 'Hộ nhận'");
}

/* No command has more flags than the parser holds, and none twice. */
static void
test_flags(void)
{
	struct cmd_flag flags[CMD_FLAGS_MAX];
	char name[64];
	size_t i, j, k, n;
	int bad = 0;

	for (i = 0; cmd_table[i] != NULL; i++) {
		n = cmd_entry_flags(cmd_table[i], flags);
		if (n >= CMD_FLAGS_MAX) {
			diag("%s: %zu flags",
			     cmd_entry_name(cmd_table[i], name, sizeof name),
			     n);
			bad++;
		}
		for (j = 0; j < n; j++) {
			for (k = j + 1; k < n; k++) {
				if (strcmp(flags[j].name, flags[k].name) != 0)
					continue;
				diag("%s: --%s twice",
				     cmd_entry_name(cmd_table[i], name,
				                    sizeof name),
				     flags[j].name);
				bad++;
			}
		}
	}
	is_int(bad, 0, "every command's flags fit, none given twice");
	for (i = 0; cmd_table[i] != NULL; i++) {
		if (cmd_table[i]->record == &record_household)
			break;
	}
	if (cmd_table[i] == NULL) {
		ok(0, "household add: in the table");
		return;
	}
	n = cmd_entry_flags(cmd_table[i], flags);
	ok(n > 2 && strcmp(flags[0].name, "code") == 0 &&
	       strcmp(flags[n - 1].name, "ward") == 0 &&
	       flags[0].field == &record_household.fields[1],
	   "household add: its flags are the household's fields, --ward "
	   "last");
}

/* The same values by flag and by column make the same request. */
static void
test_same_request(void)
{
	static const char *const hh_flags[] = {
	    "household", "add",      "--code",    "AK-9",    "--head",
	    "Lê Thị A",  "--group",  "31",        "--phone", "0905123456",
	    "--policy",  "--status", "near-poor", "--since", "2023-01-05",
	};
	static const char *const hh_row[] = {
	    "code=AK-9",      "head=Lê Thị A",
	    "group=31",       "phone=0905123456",
	    "policy=có",      "status=cận nghèo",
	    "since=5/1/2023", NULL,
	};
	static const char *const mb_flags[] = {
	    "member",
	    "add",
	    "--household",
	    "AK-9",
	    "--name",
	    "Trần Văn B",
	    "--born",
	    "1980-02-03",
	    "--citizen-id",
	    "048080001234",
	    "--serious-illness",
	    "--sex",
	    "male",
	};
	static const char *const mb_row[] = {
	    "household=AK-9",
	    "name=Trần Văn B",
	    "born=03/02/1980",
	    "citizen_id=048080001234",
	    "illness=x",
	    "sex=nam",
	    NULL,
	};
	static const char *const nd_flags[] = {
	    "need",       "add",          "--household",   "AK-9",
	    "--kind",     "house-repair", "--description", "Sửa mái",
	    "--estimate", "5.000.000",    "--date",        "2023-03-01",
	};
	static const char *const nd_row[] = {
	    "household=AK-9",         "kind=sửa nhà",
	    "description=Sửa mái",    "estimate_vnd=5000000",
	    "surveyed_on=2023-03-01", NULL,
	};
	static const char *const sp_flags[] = {
	    "support",       "add",       "--household", "AK-9",
	    "--kind",        "cash",      "--amount",    "1,000,000",
	    "--fund",        "poor-fund", "--org",       "Hội Chữ thập đỏ",
	    "--description", "Tiền Tết",  "--date",      "2023-01-20",
	};
	static const char *const sp_row[] = {
	    "household=AK-9",      "kind=tiền mặt",
	    "amount_vnd=1000000",  "fund=poor-fund",
	    "org=Hội Chữ thập đỏ", "description=Tiền Tết",
	    "given_on=2023-01-20", NULL,
	};
	Ansinh__V1__Request *a, *b;

	a = from_flags(hh_flags, sizeof hh_flags / sizeof hh_flags[0]);
	b = from_row(&kind_households, hh_row);
	ok(same(a, b), "household: add's flags and import's columns make the "
	               "same request");
	a = from_flags(mb_flags, sizeof mb_flags / sizeof mb_flags[0]);
	b = from_row(&kind_members, mb_row);
	ok(same(a, b), "member: the same");
	a = from_flags(nd_flags, sizeof nd_flags / sizeof nd_flags[0]);
	b = from_row(&kind_needs, nd_row);
	ok(same(a, b), "need: the same");
	a = from_flags(sp_flags, sizeof sp_flags / sizeof sp_flags[0]);
	b = from_row(&kind_supports, sp_row);
	ok(same(a, b), "support: the same");
}

/* Export writes what import read, in the English words. */
static void
test_export_words(void)
{
	static const char *const row[] = {
	    "code=AK-9",        "head=Lê Thị A",  "group=31", "policy=có",
	    "status=cận nghèo", "since=5/1/2023", NULL,
	};
	const struct record_field *f;
	const ProtobufCMessage *h;
	Ansinh__V1__Request *req;
	char buf[RECORD_TEXT_SIZE], got[512];
	size_t o = 0;

	req = from_row(&kind_households, row);
	ok(req != NULL, "a household row");
	if (req == NULL)
		return;
	h = &req->household_create->household->base;
	for (f = record_household.fields; !record_field_end(f); f++) {
		if (f->type != RECORD_SELF)
			o += (size_t)snprintf(got + o, sizeof got - o, "%s|",
			                      record_text(f, h, buf));
	}
	is_str(got, "AK|AK-9|Lê Thị A|31|||yes|no|near-poor|2023-01-05|",
	       "its values as export writes them");
	record_request_free(req);
}

/* Paths through messages and oneofs. */
static void
test_put_get(void)
{
	const ProtobufCFieldDescriptor *fd;
	const ProtobufCMessage *n;
	Ansinh__V1__Request *req;
	const void *member;

	req = record_request_new(record_need.body);
	ok(req->body_case == ANSINH__V1__REQUEST__BODY_NEED_CREATE &&
	       req->need_create != NULL && req->need_create->need == NULL,
	   "a new request: its body, empty");
	ok(record_put_int(req, "need.estimated_vnd", 0) &&
	       req->need_create->need != NULL &&
	       req->need_create->need->opt_estimated_vnd_case ==
	           ANSINH__V1__NEED__OPT_ESTIMATED_VND_ESTIMATED_VND,
	   "a value of a proto3 optional sets its case, even 0");
	n = &req->need_create->need->base;
	member = record_get(n, "need.estimated_vnd", &fd);
	ok(member != NULL && record_get_int(member, fd) == 0, "and reads back");
	ok(record_get(n, "need.nothing", &fd) == NULL &&
	       !record_put_string(req, "need.nothing", "x") &&
	       !record_put_string(req, "need.estimated_vnd", "x"),
	   "a path the message lacks, or of another type, is refused");
	ok(record_put_string(req, "need.description", "một") &&
	       record_put_string(req, "need.description", "hai") &&
	       strcmp(req->need_create->need->description, "hai") == 0,
	   "a string put twice: the last one (the first freed)");
	record_request_free(req);
}

/* Every list command's flag with a path names a field of its request of
 * the flag's kind: a word an enum, a switch a bool, an id bytes, a number
 * an integer, any other value a string. */
static void
test_list_paths(void)
{
	struct cmd_flag flags[CMD_FLAGS_MAX];
	const struct cmd_arg *a;
	Ansinh__V1__Request *req;
	char name[64];
	size_t i, j, n, lists = 0;

	for (i = 0; cmd_table[i] != NULL; i++) {
		if (cmd_table[i]->list == NULL)
			continue;
		lists++;
		ok(cmd_table[i]->exec == view_list_exec, "%s: runs as its list",
		   cmd_entry_name(cmd_table[i], name, sizeof name));
		req = record_request_new(cmd_table[i]->list->body);
		for (a = cmd_entry_args(cmd_table[i]); a->metavar != NULL;
		     a++) {
			if (a->path != NULL)
				ok(list_path_fits(req, a->path, a->code_path,
				                  a->check, false),
				   "%s %s: its path %s is a field of that kind",
				   name, a->metavar, a->path);
		}
		n = cmd_entry_flags(cmd_table[i], flags);
		for (j = 0; j < n; j++) {
			if (flags[j].path != NULL)
				ok(list_path_fits(req, flags[j].path,
				                  flags[j].code_path,
				                  flags[j].check,
				                  flags[j].kind != CMD_VALUE ||
				                      flags[j].parse != NULL),
				   "%s --%s: its path %s is a field of that "
				   "kind",
				   name, flags[j].name, flags[j].path);
		}
		record_request_free(req);
	}
	ok(lists >= 20, "the lists described as data: %zu", lists);
}

/* A value of a flag or argument with check (number: a switch or a word)
 * goes to path (a code to code_path), and only a value of that kind. */
static bool
list_path_fits(Ansinh__V1__Request *req, const char *path,
               const char *code_path,
               bool (*check)(const char *, const char **), bool number)
{
	static const char an_id[] = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

	if (code_path != NULL)
		return record_put_text(req, path, an_id) &&
		       !record_put_string(req, path, "x") &&
		       record_put_string(req, code_path, "x");
	if (number || check == check_limit || check == check_year ||
	    check == check_group)
		return record_put_int(req, path, 7) &&
		       !record_put_string(req, path, "7");
	if (check == check_uuid)
		return record_put_text(req, path, an_id) &&
		       !record_put_string(req, path, "x");
	return record_put_string(req, path, "x");
}

/* A list's request from its words: an argument or flag naming an ID|CODE
 * field fills the id or the code; flags that go separately, or one of
 * which must be given, are refused by the parser. */
static void
test_list_requests(void)
{
	static const char an_id[] = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
	Ansinh__V1__Request *r;
	enum ansinh_exit rc;

	r = from_list(&rc, 5, "household", "find", "hoanh", "--limit", "5");
	ok(r != NULL && strcmp(r->household_find->text, "hoanh") == 0 &&
	       r->household_find->limit == 5,
	   "household find TEXT: the text and the limit");
	record_request_free(r);
	r = from_list(&rc, 3, "audit", "history", "AK-001");
	ok(r != NULL &&
	       strcmp(r->audit_history->household_code, "AK-001") == 0 &&
	       r->audit_history->record_id.len == 0,
	   "audit history CODE: the code, no id");
	record_request_free(r);
	r = from_list(&rc, 3, "audit", "history", an_id);
	ok(r != NULL && r->audit_history->record_id.len == 16 &&
	       r->audit_history->household_code[0] == '\0',
	   "audit history ID: the id, no code");
	record_request_free(r);
	r = from_list(&rc, 6, "need", "list", "--household", "AK-001",
	              "--status", "approved");
	ok(r != NULL && strcmp(r->need_list->household_code, "AK-001") == 0 &&
	       r->need_list->status ==
	           ANSINH__V1__NEED_STATUS__NEED_STATUS_APPROVED,
	   "need list --household CODE --status WORD");
	record_request_free(r);
	r = from_list(&rc, 4, "member", "list", "--household", an_id);
	ok(r != NULL && r->member_list->household_id.len == 16 &&
	       r->member_list->household_code[0] == '\0',
	   "member list --household ID");
	record_request_free(r);
	r = from_list(&rc, 5, "ward", "list", "--as-of", "2026-01-01",
	              "--history");
	ok(r == NULL && rc == ANSINH_EXIT_USAGE,
	   "ward list: --as-of and --history are refused together");
	r = from_list(&rc, 2, "audit", "access");
	ok(r == NULL && rc == ANSINH_EXIT_USAGE,
	   "audit access: neither --person nor --actor is refused");
	r = from_list(&rc, 4, "audit", "access", "--person", "012345678901");
	ok(r != NULL &&
	       strcmp(r->access_list->citizen_id, "012345678901") == 0 &&
	       r->access_list->member_id.len == 0,
	   "audit access --person CITIZEN_ID");
	record_request_free(r);
}

/* ---------------------------------------------------------------- helpers */

static Ansinh__V1__Request *
from_flags(const char *const *argv, int argc)
{
	static struct cmd_args args;
	struct config cfg;
	bool help = false;
	enum ansinh_exit rc;
	Ansinh__V1__Request *req = NULL;

	config_init(&cfg);
	rc = cmd_parse(argc, (char **)argv, &cfg, &args, &help);
	if (rc == ANSINH_EXIT_OK && !help)
		req = cmd_record_request(&args);
	config_free(&cfg);
	return req;
}

static Ansinh__V1__Request *
from_list(enum ansinh_exit *rc, int argc, ...)
{
	static struct cmd_args args;
	const char *argv[16] = {NULL};
	struct config cfg;
	bool help = false;
	Ansinh__V1__Request *req = NULL;
	va_list ap;
	int i;

	va_start(ap, argc);
	for (i = 0; i < argc && i < 15; i++)
		argv[i] = va_arg(ap, const char *);
	va_end(ap);
	config_init(&cfg);
	*rc = cmd_parse(i, (char **)argv, &cfg, &args, &help);
	if (*rc == ANSINH_EXIT_OK && !help && args.entry->list != NULL)
		req = cmd_flags_request(&args, args.entry->list->body);
	config_free(&cfg);
	return req;
}

static Ansinh__V1__Request *
from_row(const struct kind *k, const char *const *pairs)
{
	static char store[RECORD_MAX_FIELDS][256];
	struct kind_row row;
	struct kind_build b;
	Ansinh__V1__Request *req;
	size_t len;
	int col;

	memset(&row, 0, sizeof row);
	memset(&b, 0, sizeof b);
	row.line = 2;
	row.ward = "AK";
	row.id_col = kind_column(k, "id");
	for (col = 0; !record_field_end(&k->record->fields[col]); col++)
		row.header[col] = k->record->fields[col].column;
	for (; *pairs != NULL; pairs++) {
		len = strcspn(*pairs, "=");
		snprintf(store[0], sizeof store[0], "%.*s", (int)len, *pairs);
		col = kind_column(k, store[0]);
		if (col < 0) {
			diag("no column %s", store[0]);
			return NULL;
		}
		snprintf(store[col], sizeof store[col], "%s", *pairs + len + 1);
		row.value[col] = store[col];
	}
	if (!kind_build(k, &row, &b)) {
		diag("refused: %s", b.reason);
		free(b.packed);
		return NULL;
	}
	req = ansinh__v1__request__unpack(NULL, b.packed_len, b.packed);
	free(b.packed);
	return req;
}

/* The record's own id and ward differ (a new id on add; the row's ward on
 * import): clear both, then compare the bytes. Frees a and b. */
static bool
same(Ansinh__V1__Request *a, Ansinh__V1__Request *b)
{
	Ansinh__V1__Request *r[2] = {a, b};
	ProtobufCMessage *rec;
	ProtobufCBinaryData *id;
	uint8_t *packed[2];
	size_t len[2];
	bool eq = false;
	int i;

	if (a == NULL || b == NULL) {
		record_request_free(a);
		record_request_free(b);
		return false;
	}
	for (i = 0; i < 2; i++) {
		const ProtobufCFieldDescriptor *fd;

		switch (r[i]->body_case) {
		case ANSINH__V1__REQUEST__BODY_HOUSEHOLD_CREATE:
			rec = &r[i]->household_create->household->base;
			break;
		case ANSINH__V1__REQUEST__BODY_MEMBER_CREATE:
			rec = &r[i]->member_create->member->base;
			break;
		case ANSINH__V1__REQUEST__BODY_NEED_CREATE:
			rec = &r[i]->need_create->need->base;
			break;
		case ANSINH__V1__REQUEST__BODY_SUPPORT_CREATE:
			rec = &r[i]->support_create->support->base;
			break;
		default:
			rec = NULL;
			break;
		}
		if (rec == NULL) {
			if (i == 1)
				free(packed[0]);
			goto out;
		}
		id =
		    (ProtobufCBinaryData *)(void *)record_get(rec, "x.id", &fd);
		if (id != NULL) {
			free(id->data);
			id->data = NULL;
			id->len = 0;
		}
		fd = protobuf_c_message_descriptor_get_field_by_name(
		    rec->descriptor, "ward_code");
		if (fd != NULL) {
			char **ward =
			    (char **)(void *)((char *)rec + fd->offset);

			if (*ward != fd->default_value)
				free(*ward);
			*ward = (char *)protobuf_c_empty_string;
		}
		len[i] = protobuf_c_message_get_packed_size(&r[i]->base);
		packed[i] = malloc(len[i] + 1);
		protobuf_c_message_pack(&r[i]->base, packed[i]);
	}
	eq = len[0] == len[1] && memcmp(packed[0], packed[1], len[0]) == 0;
	free(packed[0]);
	free(packed[1]);
out:
	record_request_free(a);
	record_request_free(b);
	return eq;
}
