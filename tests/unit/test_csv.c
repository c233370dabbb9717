/*
 * test_csv.c — the streaming CSV reader, the writer and header folding of
 * client/csv.c: every input is read whole, one byte at a time and in chunks
 * of three bytes, and must give the same records each way; cells guarded
 * from spreadsheets' formulas, and taken back as they were.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../client/csv.h"
#include "tap.h"

struct read_case {
	const char *what;
	const char *in;
	size_t len; /* 0: strlen(in) */
	size_t max; /* record limit, 0: default */
	const char *want;
};

static char *csv_dump(const char *in, size_t len, size_t max, size_t chunk);
static void dump_record(FILE *out, const struct csv_reader *r);
static void test_read(void);
static void test_many_fields(void);
static void test_bom(void);
static void test_write(void);
static void test_round_trip(void);
static void test_fold(void);
static void test_guard(void);

/*
 * A dump: per record "LINE[-LAST][ blank][ !error]:f1|f2;" with a field's
 * bytes as they are, except '|' ';' '\' CR LF and NUL written \| \; \\ \r
 * \n \0.
 */
static const struct read_case read_cases[] = {
    {"two records", "a,b,c\n1,2,3\n", 0, 0, "1:a|b|c;2:1|2|3;"},
    {"no final line end", "a,b\n1,2", 0, 0, "1:a|b;2:1|2;"},
    {"CRLF line ends", "a,b\r\n1,2\r\n", 0, 0, "1:a|b;2:1|2;"},
    {"lone CR line ends", "a,b\r1,2\r", 0, 0, "1:a|b;2:1|2;"},
    {"mixed line ends", "a\r\nb\nc\rd", 0, 0, "1:a;2:b;3:c;4:d;"},
    {"quoted comma, quote and newline",
     "\"a,b\",\"say \"\"hi\"\"\",\"l1\nl2\"\nx,y,z\n", 0, 0,
     "1-2:a,b|say \"hi\"|l1\\nl2;3:x|y|z;"},
    {"CRLF inside quotes is kept", "\"a\r\nb\",c\r\nd\r\n", 0, 0,
     "1-2:a\\r\\nb|c;3:d;"},
    {"an empty line", "a\n\nb\n", 0, 0, "1:a;2 blank:;3:b;"},
    {"an empty CRLF line", "a\r\n\r\nb\r\n", 0, 0, "1:a;2 blank:;3:b;"},
    {"only empty fields is not blank", ",,\n", 0, 0, "1:||;"},
    {"an empty quoted field", "\"\",x\n", 0, 0, "1:|x;"},
    {"empty input", "", 0, 0, ""},
    {"one line end", "\n", 0, 0, "1 blank:;"},
    {"quote inside an unquoted field", "ab\"c,d\nx,y\n", 0, 0,
     "1 !:ab\"c|d;2:x|y;"},
    {"text after a closing quote", "\"ab\"c,d\nx\n", 0, 0, "1 !:abc|d;2:x;"},
    {"a quoted field open at the end", "a,\"bc\nd", 0, 0, "1-2 !:a|bc\\nd;"},
    {"a NUL byte is data", "a\0b,c\n", 6, 0, "1:a\\0b|c;"},
    {"invalid UTF-8 is data", "\xff\xfe,x\n", 0, 0, "1:\xff\xfe|x;"},
    {"a record over the limit", "aaaaaaaaaaaaaaaaaaaaaaaa,b\nc\n", 0, 16,
     "1 !:aaaaaaaaaaaaaaa;2:c;"},
    {"spaces are data", " a , b \n", 0, 0, "1: a | b ;"},
    {"a quoted field then CR at the end", "\"a\"\r", 0, 0, "1:a;"},
};

int
main(void)
{
	test_read();
	test_many_fields();
	test_bom();
	test_write();
	test_round_trip();
	test_fold();
	test_guard();
	return done_testing();
}

static void
test_read(void)
{
	static const size_t chunks[] = {0, 1, 3};
	const struct read_case *c;
	size_t i, k, len;
	char *got;

	for (i = 0; i < sizeof read_cases / sizeof read_cases[0]; i++) {
		c = &read_cases[i];
		len = c->len != 0 ? c->len : strlen(c->in);
		for (k = 0; k < sizeof chunks / sizeof chunks[0]; k++) {
			got = csv_dump(c->in, len, c->max, chunks[k]);
			is_str(got, c->want, "%s (chunks of %zu)", c->what,
			       chunks[k] == 0 ? len : chunks[k]);
			free(got);
		}
	}
}

static void
test_many_fields(void)
{
	struct csv_reader *r;
	char in[2 * (CSV_MAX_FIELDS + 1) + 460];
	size_t i, n = 0;

	for (i = 0; i < CSV_MAX_FIELDS + 1; i++) {
		in[n++] = 'x';
		in[n++] = i == CSV_MAX_FIELDS ? '\n' : ',';
	}
	r = csv_reader_new(0);
	(void)csv_feed(r, in, n);
	ok(csv_ready(r), "a record of %d fields is delivered",
	   CSV_MAX_FIELDS + 1);
	ok(csv_error(r) != NULL, "with an error: %s",
	   csv_error(r) != NULL ? csv_error(r) : "none");
	csv_next(r);
	memcpy(in, "a,b\n", 4);
	(void)csv_feed(r, in, 4);
	ok(csv_ready(r) && csv_error(r) == NULL && csv_nfields(r) == 2,
	   "and the next record is read normally");
	csv_reader_free(r);

	/* A long field, then many empty ones: the fields' terminators alone
	 * outgrow the buffer (found by fuzz_csv). */
	r = csv_reader_new(0);
	n = 0;
	memset(in, 'y', 250);
	n = 250;
	for (i = 0; i < 200; i++)
		in[n++] = ',';
	in[n++] = '\n';
	(void)csv_feed(r, in, n);
	ok(csv_ready(r) && csv_error(r) == NULL && csv_nfields(r) == 201 &&
	       strlen(csv_field(r, 0, NULL)) == 250 &&
	       csv_field(r, 200, NULL)[0] == '\0',
	   "a record of one long field and 200 empty ones");
	csv_next(r);
	memcpy(in, "a,b\n", 4);
	(void)csv_feed(r, in, 4);
	ok(csv_ready(r) && csv_error(r) == NULL && csv_nfields(r) == 2,
	   "and the next record is read normally");
	csv_reader_free(r);
}

static void
test_bom(void)
{
	struct csv_reader *r;
	char *got;

	got = csv_dump("\xef\xbb\xbf"
	               "code,head\nA,B\n",
	               17, 0, 0);
	is_str(got, "1:code|head;2:A|B;", "a UTF-8 byte order mark is skipped");
	free(got);
	got = csv_dump("\xef\xbb\xbf"
	               "code\n",
	               8, 0, 1);
	is_str(got, "1:code;", "also when it comes a byte at a time");
	free(got);
	got = csv_dump("\xef\xbbx,y\n", 6, 0, 1);
	is_str(got, "1:\xef\xbbx|y;", "half a mark is data");
	free(got);
	got = csv_dump("\xef\xbb", 2, 0, 0);
	is_str(got, "1:\xef\xbb;", "half a mark at the end is data");
	free(got);
	got = csv_dump("a\xef\xbb\xbf\n", 5, 0, 0);
	is_str(got, "1:a\xef\xbb\xbf;", "a mark later on is data");
	free(got);

	r = csv_reader_new(0);
	(void)csv_feed(r, "\xef\xbb\xbfx\n", 5);
	ok(csv_had_bom(r), "csv_had_bom after a mark");
	is_int((long long)csv_offset(r), 5, "csv_offset counts the mark");
	csv_reader_free(r);
}

static void
test_write(void)
{
	static const char *const fields[] = {
	    "a",  "b,c", "say \"x\"", "l1\nl2",
	    NULL, "",    "cr\rx",     "Trương Văn Hoành",
	};
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	f = open_memstream(&buf, &len);
	ok(csv_write_record(f, fields, sizeof fields / sizeof fields[0]),
	   "csv_write_record reports success");
	fclose(f);
	is_str(buf,
	       "a,\"b,c\",\"say \"\"x\"\"\",\"l1\nl2\",,,\"cr\rx\","
	       "Trương Văn Hoành\n",
	       "quotes only where RFC 4180 needs them");
	free(buf);
}

static void
test_round_trip(void)
{
	static const char *const fields[] = {
	    "", "\"", "\"\"", ",", "a\r\nb", " lead", "trail ", "x\"y",
	};
	const size_t n = sizeof fields / sizeof fields[0];
	struct csv_reader *r;
	char *buf = NULL;
	size_t len = 0, i;
	bool same = true;
	FILE *f;

	f = open_memstream(&buf, &len);
	(void)csv_write_record(f, fields, n);
	fclose(f);
	r = csv_reader_new(0);
	(void)csv_feed(r, buf, len);
	csv_finish(r);
	ok(csv_ready(r) && csv_nfields(r) == n && csv_error(r) == NULL,
	   "what the writer wrote reads back as one record of %zu fields", n);
	for (i = 0; same && i < n && i < csv_nfields(r); i++)
		same = strcmp(csv_field(r, i, NULL), fields[i]) == 0;
	ok(same, "with the same fields");
	csv_reader_free(r);
	free(buf);
}

static void
test_fold(void)
{
	static const struct {
		const char *in;
		const char *want;
	} cases[] = {
	    {"Họ và tên", "ho va ten"},
	    {"HỌ VÀ TÊN", "ho va ten"},
	    {"ĐỊA CHỈ", "dia chi"},
	    {"citizen_id", "citizen id"},
	    {"  Số   CCCD ", "so cccd"},
	    {"Ho\xcc\xa3 te\xcc\x82n", "ho ten"},
	    {"Tổ dân phố", "to dan pho"},
	    {"Ngày sinh", "ngay sinh"},
	    {"Ưu Ơn ươ", "uu on uo"},
	    {"Quan hệ với chủ hộ", "quan he voi chu ho"},
	    {"đặc-biệt.khó_khăn", "dac biet kho khan"},
	    {"a\xff"
	     "b",
	     "a\xff"
	     "b"},
	    {"Ý Ỳ ỹ", "y y y"},
	    {"", ""},
	};
	char out[64];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		csv_fold(cases[i].in, out, sizeof out);
		is_str(out, cases[i].want, "fold '%s'", cases[i].in);
	}
	csv_fold("Họ và tên chủ hộ", out, 6);
	is_str(out, "ho va", "fold stops at the buffer's end");
}

/* ---------------------------------------------------------------- helpers */

static char *
csv_dump(const char *in, size_t len, size_t max, size_t chunk)
{
	struct csv_reader *r;
	char *buf = NULL;
	size_t size = 0, off = 0, n, step;
	FILE *out;

	out = open_memstream(&buf, &size);
	r = csv_reader_new(max);
	step = chunk == 0 ? len : chunk;
	while (off < len) {
		n = len - off < step ? len - off : step;
		while (n > 0) {
			size_t used = csv_feed(r, in + off, n);

			off += used;
			n -= used;
			if (csv_ready(r)) {
				dump_record(out, r);
				csv_next(r);
			}
		}
	}
	csv_finish(r);
	if (csv_ready(r)) {
		dump_record(out, r);
		csv_next(r);
	}
	csv_finish(r);
	if (csv_ready(r))
		fputs("<twice>", out);
	csv_reader_free(r);
	fclose(out);
	return buf;
}

static void
dump_record(FILE *out, const struct csv_reader *r)
{
	const char *f;
	size_t i, j, len;

	fprintf(out, "%zu", csv_line(r));
	if (csv_last_line(r) != csv_line(r))
		fprintf(out, "-%zu", csv_last_line(r));
	if (csv_blank(r))
		fputs(" blank", out);
	if (csv_error(r) != NULL)
		fputs(" !", out);
	fputc(':', out);
	for (i = 0; i < csv_nfields(r); i++) {
		if (csv_blank(r))
			break;
		if (i > 0)
			fputc('|', out);
		f = csv_field(r, i, &len);
		for (j = 0; j < len; j++) {
			switch (f[j]) {
			case '\n':
				fputs("\\n", out);
				break;
			case '\r':
				fputs("\\r", out);
				break;
			case '\0':
				fputs("\\0", out);
				break;
			case '|':
			case ';':
			case '\\':
				fputc('\\', out);
				fputc(f[j], out);
				break;
			default:
				fputc(f[j], out);
			}
		}
	}
	fputc(';', out);
}

/* Export's cells for spreadsheets: a leading "'" before what a spreadsheet
 * would run, none before anything else; read back, the same values. */
static void
test_guard(void)
{
	static const struct {
		const char *value;
		const char *written;
	} cases[] = {
	    {"=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""},
	    {"+84 905 123 456", "'+84 905 123 456"},
	    {"@SUM(A1:A9)", "'@SUM(A1:A9)"},
	    {"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
	    {"\tx", "'\tx"},
	    {"\rx", "\"'\rx\""},
	    {"=a,b", "\"'=a,b\""},
	    {"'=x", "''=x"},
	    {"''=x", "'''=x"},
	    {"-500000", "-500000"},
	    {"-", "'-"},
	    {"'-500000", "'-500000"},
	    {"'abc", "'abc"},
	    {"Lê Thị Hòa", "Lê Thị Hòa"},
	    {"a=b", "a=b"},
	    {"", ""},
	};
	const size_t n = sizeof cases / sizeof cases[0];
	const char *fields[sizeof cases / sizeof cases[0]];
	struct csv_reader *r;
	char *buf = NULL, line[128];
	size_t len = 0, i;
	bool back = true;
	FILE *f;

	for (i = 0; i < n; i++) {
		f = open_memstream(&buf, &len);
		(void)csv_write_guarded(f, &cases[i].value, 1);
		fclose(f);
		snprintf(line, sizeof line, "%s\n", cases[i].written);
		is_str(buf, line, "'%s' is written %s", cases[i].value,
		       cases[i].written);
		free(buf);
		buf = NULL;
		fields[i] = cases[i].value;
	}
	f = open_memstream(&buf, &len);
	(void)csv_write_guarded(f, fields, n);
	fclose(f);
	r = csv_reader_new(0);
	(void)csv_feed(r, buf, len);
	csv_finish(r);
	ok(csv_ready(r) && csv_nfields(r) == n,
	   "the guarded record reads back");
	for (i = 0; i < n && i < csv_nfields(r); i++) {
		if (strcmp(csv_unguard(csv_field(r, i, NULL)), fields[i]) !=
		    0) {
			diag("field %zu: '%s'", i, csv_field(r, i, NULL));
			back = false;
		}
	}
	ok(back, "each field, without its guard, is the value written");
	csv_reader_free(r);
	free(buf);
}
