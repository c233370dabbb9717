/*
 * report-view.c — the office's reports as tables, CSV, JSON and one HTML
 * page (report-view.h).
 *
 * A section's figures become rows keyed by (unit, key, item), in the order
 * the database gave them, and columns by measure, in order too; which of
 * unit, key, key_name and item are columns is said per section
 * (report_sections). Labels come from one table of words (report_labels).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report-view.h"
#include "xmalloc.h"

struct report_label_row {
	const char *word;
	const char *en;
	const char *vi;
};

/* How a section is laid out. key_name: 0 not shown, 1 shown instead of
 * the key when set, 2 a column of its own (headed key_name_col). */
struct report_section_desc {
	const char *name;
	bool unit;           /* a unit column */
	const char *key_col; /* NULL: no key column */
	int key_name;
	const char *key_name_col;
	const char *item_col; /* NULL: no item column */
};

/* The pivot of one section. */
struct report_row {
	const char *unit_code, *unit_name, *key, *key_name, *item;
	long long *values;
	bool *set;
};

struct report_section {
	const char *name;
	const struct report_section_desc *desc;
	const char *measures[32];
	size_t nmeasures;
	struct report_row *rows;
	size_t nrows, cap;
};

static const struct report_section_desc *report_desc(const char *name);
static size_t report_pivot(const struct report_figure *figs, size_t n,
                           struct report_section **out);
static void report_sections_free(struct report_section *s, size_t n);
static void report_title(char *out, size_t size, enum lang lang,
                         const struct report_scope *scope);
static void report_cell(char *out, size_t size, const char *measure,
                        long long v, enum lang lang);
static size_t report_ncols(const struct report_section *s);
static void report_row_cells(const struct report_section *s,
                             const struct report_row *r, enum lang lang,
                             const char **cells, char (*buf)[64]);
static void report_headers(const struct report_section *s, enum lang lang,
                           const char **cells);
static void report_print_table(FILE *out, enum lang lang,
                               const struct report_scope *scope,
                               struct report_section *secs, size_t nsecs);
static void report_print_raw(FILE *out, enum render_format fmt,
                             const struct report_figure *figs, size_t n);
static void report_print_html(FILE *out, enum lang lang,
                              const struct report_scope *scope,
                              struct report_section *secs, size_t nsecs);
static void report_html_text(FILE *out, const char *s);
static int report_totalness(const struct report_row *r);
static void report_html_chart(FILE *out, enum lang lang,
                              const struct report_section *s);
static const char *report_titled(char kind, const char *word, enum lang lang);
static void report_grouped(char *out, size_t size, long long v, char sep);
static size_t report_display_width(const char *s);

static const struct report_section_desc report_sections[] = {
    {"livelihood", false, "fund", 1, NULL, NULL},
    {"aid", false, "group", 0, NULL, "fund"},
    {"houses", true, "house_kind", 0, NULL, "sponsor"},
    {"pairings", false, NULL, 0, NULL, NULL},
    {"programmes", false, "programme", 2, "organizer", "programme_kind"},
    {"employment", false, "quarter", 0, NULL, "employment_kind"},
    {"notices", false, "quarter", 0, NULL, "notice_kind"},
    {"agreements", false, NULL, 0, NULL, NULL},
    {"needs", false, "need_kind", 0, NULL, "stage"},
    {"support", false, NULL, 0, NULL, "support_kind"},
    {"funds", false, "fund", 1, NULL, "support_kind"},
    {"units", true, NULL, 2, "wards", NULL},
    {"targets", true, "metric", 2, "standard", NULL},
    {"expected", true, NULL, 2, "standard", NULL},
};

static const struct report_label_row report_labels[] = {
    /* reports */
    {"r:summary", "District summary", "Báo cáo tổng hợp"},
    {"r:funds", "Support by fund", "Hỗ trợ theo nguồn quỹ"},
    {"r:needs", "Needs by kind and stage", "Nhu cầu theo loại và bước"},
    {"r:programs", "Community programmes", "Các chương trình cộng đồng"},
    {"r:employment", "Employment", "Việc làm"},
    {"r:units", "Figures by unit", "Số liệu theo đơn vị"},
    {"r:targets", "Targets and results", "Chỉ tiêu và kết quả"},
    /* sections */
    {"s:livelihood", "Livelihood-equipment cases",
     "Hỗ trợ phương tiện sinh kế"},
    {"s:aid",
     "Livelihood, assistive and orthopaedic support by recipient group",
     "Hỗ trợ sinh kế, phương tiện trợ giúp, dụng cụ chỉnh hình theo đối "
     "tượng"},
    {"s:houses", "Houses built and repaired", "Nhà xây mới và sửa chữa"},
    {"s:pairings", "Sponsorship pairings", "Kết nghĩa, nhận đỡ đầu"},
    {"s:programmes", "Community programmes", "Các chương trình cộng đồng"},
    {"s:support", "Support given, reversed and net",
     "Hỗ trợ đã trao, đã điều chỉnh và còn lại"},
    {"s:expected", "Households expected to escape poverty",
     "Hộ dự kiến thoát nghèo"},
    {"s:funds", "Support by fund", "Hỗ trợ theo nguồn quỹ"},
    {"s:needs", "Needs by kind and stage", "Nhu cầu theo loại và bước"},
    {"s:employment", "Job placements, trainings and referrals by quarter",
     "Giới thiệu việc làm, đào tạo nghề, giới thiệu đến Trung tâm theo "
     "quý"},
    {"s:notices", "Weekly job notices by quarter",
     "Thông báo việc làm hằng tuần theo quý"},
    {"s:agreements", "Coordination agreements with the associations",
     "Chương trình phối hợp với các hội, đoàn thể"},
    {"s:units", "Figures by unit", "Số liệu theo đơn vị"},
    {"s:targets", "Targets and results", "Chỉ tiêu và kết quả"},
    /* columns */
    {"unit", "Unit", "Đơn vị"},
    {"fund", "Fund", "Nguồn quỹ"},
    {"group", "Recipients", "Đối tượng"},
    {"house_kind", "Kind", "Loại"},
    {"sponsor", "Sponsor", "Nhà tài trợ"},
    {"programme", "Programme", "Chương trình"},
    {"organizer", "Organizer", "Đơn vị tổ chức"},
    {"programme_kind", "Kind", "Loại"},
    {"quarter", "Quarter", "Quý"},
    {"employment_kind", "Kind", "Loại"},
    {"notice_kind", "Kind", "Loại"},
    {"need_kind", "Need", "Nhu cầu"},
    {"stage", "Stage", "Bước"},
    {"support_kind", "Kind", "Loại"},
    {"wards", "Records of", "Hồ sơ của phường"},
    {"metric", "Target", "Chỉ tiêu"},
    {"standard", "Standard", "Chuẩn"},
    /* measures */
    {"registered", "Registered", "Đăng ký"},
    {"funded", "Funded", "Đã hỗ trợ"},
    {"funded_vnd", "Funded (VND)", "Kinh phí hỗ trợ"},
    {"recipients", "Recipients", "Số đối tượng"},
    {"entries", "Entries", "Lượt"},
    {"vnd", "Amount (VND)", "Số tiền"},
    {"houses", "Houses", "Số nhà"},
    {"min_vnd", "Smallest (VND)", "Thấp nhất"},
    {"max_vnd", "Largest (VND)", "Cao nhất"},
    {"signed", "Signed", "Đã ký"},
    {"open", "Open", "Đang thực hiện"},
    {"ended", "Ended", "Đã kết thúc"},
    {"special_households_open", "Especially difficult households paired",
     "Hộ đặc biệt khó khăn được kết nghĩa"},
    {"sessions", "Sessions", "Số buổi"},
    {"beneficiaries", "Beneficiaries", "Lượt người hưởng"},
    {"households", "Households served", "Số hộ được hỗ trợ"},
    {"goods_vnd", "Goods (VND)", "Giá trị hàng hóa"},
    {"events", "People", "Số người"},
    {"at_job_weeks", "At job weeks", "Tại tuần lễ việc làm"},
    {"notices", "Notices", "Số thông báo"},
    {"positions", "Positions", "Số vị trí, chỉ tiêu"},
    {"agreements", "Agreements", "Số chương trình phối hợp"},
    {"organizations", "Organizations", "Số tổ chức"},
    {"district_agreements", "Signed by the district", "Cấp quận/thành phố ký"},
    {"pairings", "Pairings under them", "Kết nghĩa thực hiện"},
    {"programmes", "Programmes under them", "Chương trình thực hiện"},
    {"needs", "Needs", "Số nhu cầu"},
    {"estimated_vnd", "Estimated (VND)", "Dự toán"},
    {"given_vnd", "Given (VND)", "Đã trao"},
    {"reversals", "Reversals", "Lượt điều chỉnh"},
    {"reversed_vnd", "Reversed (VND)", "Đã điều chỉnh"},
    {"net_vnd", "Net (VND)", "Còn lại"},
    {"needs_registered", "Needs registered", "Nhu cầu đăng ký"},
    {"needs_fulfilled", "Needs fulfilled", "Nhu cầu đã đáp ứng"},
    {"support_net_vnd", "Support, net (VND)", "Kinh phí hỗ trợ"},
    {"pairings_signed", "Pairings signed", "Kết nghĩa đã ký"},
    {"employment_events", "Employment events", "Lượt việc làm"},
    {"target", "Target", "Chỉ tiêu"},
    {"reached", "Reached", "Đạt được"},
    {"percent", "Percent", "Tỷ lệ"},
    {"met", "Met", "Kết quả"},
    {"listed", "Listed", "Trong danh sách"},
    {"exited", "Exited", "Đã thoát"},
    {"remained", "Remained", "Chưa thoát"},
    {"not_assessed", "Not assessed", "Chưa rà soát"},
    /* words in keys and items */
    {"all", "All", "Tổng cộng"},
    {"none", "No fund (sponsor)", "Không qua quỹ (nhà tài trợ)"},
    {"yes", "met", "đạt"},
    {"no", "not met", "chưa đạt"},
    {"policy", "Policy households", "Hộ chính sách"},
    {"disabled", "Disabled people", "Người khuyết tật"},
    {"poor", "Poor households", "Hộ nghèo"},
    {"near-poor", "Near-poor households", "Hộ cận nghèo"},
    {"special-difficulty", "Especially difficult households",
     "Hộ có hoàn cảnh đặc biệt khó khăn"},
    {"gratitude", "Gratitude fund", "Quỹ Đền ơn đáp nghĩa"},
    {"social-assurance", "Social-assurance budget", "Nguồn đảm bảo xã hội"},
    {"poor-fund", "Fund for the Poor", "Quỹ Vì người nghèo"},
    {"house-new", "New house", "Xây mới"},
    {"house-repair", "Repair", "Sửa chữa"},
    {"livelihood-equipment", "Livelihood equipment", "Phương tiện sinh kế"},
    {"assistive-device", "Assistive device", "Phương tiện trợ giúp"},
    {"orthopaedic-aid", "Orthopaedic aid", "Dụng cụ chỉnh hình"},
    {"job", "Job", "Việc làm"},
    {"vocational-training", "Vocational training", "Đào tạo nghề"},
    {"other", "Other", "Khác"},
    {"cash", "Cash", "Tiền mặt"},
    {"goods", "Goods", "Hiện vật"},
    {"health-insurance", "Health insurance", "Bảo hiểm y tế"},
    {"education", "Education", "Giáo dục"},
    {"tet-gift", "Tết gift", "Quà Tết"},
    {"registered-stage", "Registered", "Đăng ký"},
    {"verified", "Verified", "Đã xác minh"},
    {"approved", "Approved", "Đã duyệt"},
    {"fulfilled", "Fulfilled", "Đã đáp ứng"},
    {"rejected", "Rejected", "Không duyệt"},
    {"withdrawn", "Withdrawn", "Đã rút"},
    {"job-placement", "Job placements", "Giới thiệu việc làm"},
    {"employment-centre-referral", "Referrals to the employment centre",
     "Giới thiệu đến Trung tâm Dịch vụ việc làm"},
    {"labour-export", "Labour export", "Xuất khẩu lao động"},
    {"recruitment", "Recruitment", "Tuyển dụng"},
    {"training", "Free vocational training", "Đào tạo nghề miễn phí"},
    {"produce-market", "Produce market", "Phiên chợ"},
    {"bread-cabinet", "Bread cabinet", "Tủ bánh mì"},
    {"free-meals", "Free meals", "Bữa ăn miễn phí"},
    {"gift-distribution", "Gifts", "Trao quà"},
    {"scholarship", "Scholarship", "Học bổng"},
    {"health-check", "Health check", "Khám sức khỏe"},
    {"poor-exit", "Poor households escaping poverty", "Giảm hộ nghèo"},
    {"poor-exit-special", "of them especially difficult",
     "trong đó hộ đặc biệt khó khăn"},
    {"poor-exit-central", "of them poor by the central standard",
     "trong đó hộ nghèo theo chuẩn Trung ương"},
    {"near-poor-exit", "Near-poor households escaping near-poverty",
     "Giảm hộ cận nghèo"},
    {"livelihood-cases", "Livelihood-equipment cases",
     "Hỗ trợ phương tiện sinh kế"},
    {"houses-built", "Houses built", "Xây nhà"},
    {"job-placements", "Job placements", "Giới thiệu việc làm"},
    {"referrals", "Referrals to the employment centre",
     "Giới thiệu đến Trung tâm Dịch vụ việc làm"},
    /* title parts */
    {"year", "year", "năm"},
    {"quarter-of", "quarter", "quý"},
    {"from", "from", "từ"},
    {"to", "to", "đến"},
    {"as-of", "units as of", "đơn vị tính đến"},
    {"every-unit", "all units", "toàn bộ đơn vị"},
    {"no-figures", "No figures.", "Không có số liệu."},
};

const char *
report_label(const char *word, enum lang lang)
{
	size_t i;

	for (i = 0; i < sizeof report_labels / sizeof report_labels[0]; i++)
		if (strcmp(report_labels[i].word, word) == 0)
			return lang == LANG_VI ? report_labels[i].vi
			                       : report_labels[i].en;
	return word;
}

/* The title of a report (kind 'r') or a section ('s'); the word itself
 * when it has none. */
static const char *
report_titled(char kind, const char *word, enum lang lang)
{
	char key[64];
	const char *l;

	snprintf(key, sizeof key, "%c:%s", kind, word);
	l = report_label(key, lang);
	return l == key ? word : l;
}

static void
report_grouped(char *out, size_t size, long long v, char sep)
{
	char digits[32];
	size_t n, i, o = 0;
	unsigned long long u =
	    v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	snprintf(digits, sizeof digits, "%llu", u);
	n = strlen(digits);
	if (size == 0)
		return;
	if (v < 0 && o + 1 < size)
		out[o++] = '-';
	for (i = 0; i < n && o + 1 < size; i++) {
		if (i > 0 && (n - i) % 3 == 0 && o + 2 < size)
			out[o++] = sep;
		out[o++] = digits[i];
	}
	out[o] = '\0';
}

void
report_money(char *out, size_t size, long long v, enum lang lang)
{
	char g[40];

	if (lang == LANG_VI) {
		report_grouped(g, sizeof g, v, '.');
		snprintf(out, size, "%s đ", g);
	} else {
		report_grouped(out, size, v, ',');
	}
}

void
report_count(char *out, size_t size, long long v, enum lang lang)
{
	report_grouped(out, size, v, lang == LANG_VI ? '.' : ',');
}

static const struct report_section_desc *
report_desc(const char *name)
{
	static const struct report_section_desc other = {
	    NULL, true, "key", 2, "key_name", "item"};
	size_t i;

	for (i = 0; i < sizeof report_sections / sizeof report_sections[0]; i++)
		if (strcmp(report_sections[i].name, name) == 0)
			return &report_sections[i];
	return &other;
}

static bool
report_ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);
	return n >= m && strcmp(s + n - m, tail) == 0;
}

/* The sections of the figures, in order; *out is freed with
 * report_sections_free. */
static size_t
report_pivot(const struct report_figure *figs, size_t n,
             struct report_section **out)
{
	struct report_section *secs = NULL, *s = NULL;
	size_t nsecs = 0, i, j, m;

	for (i = 0; i < n; i++) {
		const struct report_figure *f = &figs[i];
		struct report_row *r = NULL;

		s = NULL;
		for (j = 0; j < nsecs; j++)
			if (strcmp(secs[j].name, f->section) == 0)
				s = &secs[j];
		if (s == NULL) {
			secs = xreallocarray(secs, nsecs + 1, sizeof *secs);
			s = &secs[nsecs++];
			memset(s, 0, sizeof *s);
			s->name = f->section;
			s->desc = report_desc(f->section);
		}
		for (m = 0; m < s->nmeasures; m++)
			if (strcmp(s->measures[m], f->measure) == 0)
				break;
		if (m == s->nmeasures) {
			if (m == sizeof s->measures / sizeof s->measures[0])
				continue; /* more measures than we show */
			s->measures[s->nmeasures++] = f->measure;
			for (j = 0; j < s->nrows; j++) {
				s->rows[j].values = xreallocarray(
				    s->rows[j].values, s->nmeasures,
				    sizeof(long long));
				s->rows[j].set = xreallocarray(
				    s->rows[j].set, s->nmeasures, sizeof(bool));
				s->rows[j].set[m] = false;
			}
		}
		for (j = 0; j < s->nrows; j++)
			if (strcmp(s->rows[j].unit_code, f->unit_code) == 0 &&
			    strcmp(s->rows[j].key, f->key) == 0 &&
			    strcmp(s->rows[j].item, f->item) == 0)
				r = &s->rows[j];
		if (r == NULL) {
			if (s->nrows == s->cap) {
				s->cap = s->cap == 0 ? 16 : 2 * s->cap;
				s->rows = xreallocarray(s->rows, s->cap,
				                        sizeof *s->rows);
			}
			r = &s->rows[s->nrows++];
			r->unit_code = f->unit_code;
			r->unit_name = f->unit_name;
			r->key = f->key;
			r->key_name = f->key_name;
			r->item = f->item;
			r->values = xcalloc(s->nmeasures, sizeof(long long));
			r->set = xcalloc(s->nmeasures, sizeof(bool));
		}
		r->values[m] = f->value;
		r->set[m] = true;
	}
	*out = secs;
	return nsecs;
}

static void
report_sections_free(struct report_section *s, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < s[i].nrows; j++) {
			free(s[i].rows[j].values);
			free(s[i].rows[j].set);
		}
		free(s[i].rows);
	}
	free(s);
}

static void
report_title(char *out, size_t size, enum lang lang,
             const struct report_scope *sc)
{
	char period[96], unit[96];

	if (sc->quarter != 0)
		snprintf(period, sizeof period, "%s %d/%d",
		         report_label("quarter-of", lang), sc->quarter,
		         sc->year);
	else if (sc->from_date[0] != '\0' || sc->to_date[0] != '\0')
		snprintf(period, sizeof period, "%s %d, %s %s %s %s",
		         report_label("year", lang), sc->year,
		         report_label("from", lang),
		         sc->from_date[0] != '\0' ? sc->from_date : "…",
		         report_label("to", lang),
		         sc->to_date[0] != '\0' ? sc->to_date : "…");
	else
		snprintf(period, sizeof period, "%s %d",
		         report_label("year", lang), sc->year);
	if (sc->unit_code[0] != '\0')
		snprintf(unit, sizeof unit, "%s", sc->unit_code);
	else
		snprintf(unit, sizeof unit, "%s",
		         report_label("every-unit", lang));
	if (sc->as_of[0] != '\0')
		snprintf(out, size, "%s — %s — %s (%s %s)",
		         report_titled('r', sc->report, lang), period, unit,
		         report_label("as-of", lang), sc->as_of);
	else
		snprintf(out, size, "%s — %s — %s",
		         report_titled('r', sc->report, lang), period, unit);
}

/* A value as shown: money, a percent, met / not met, or a count. */
static void
report_cell(char *out, size_t size, const char *measure, long long v,
            enum lang lang)
{
	if (report_ends_with(measure, "vnd"))
		report_money(out, size, v, lang);
	else if (strcmp(measure, "percent") == 0)
		snprintf(out, size, "%lld%%", v);
	else if (strcmp(measure, "met") == 0)
		snprintf(out, size, "%s", report_label(v ? "yes" : "no", lang));
	else
		report_count(out, size, v, lang);
}

static size_t
report_ncols(const struct report_section *s)
{
	const struct report_section_desc *d = s->desc;

	return (d->unit ? 1 : 0) + (d->key_col != NULL ? 1 : 0) +
	       (d->key_name == 2 ? 1 : 0) + (d->item_col != NULL ? 1 : 0) +
	       s->nmeasures;
}

static void
report_headers(const struct report_section *s, enum lang lang,
               const char **cells)
{
	const struct report_section_desc *d = s->desc;
	size_t c = 0, m;

	if (d->unit)
		cells[c++] = report_label("unit", lang);
	if (d->key_col != NULL)
		cells[c++] = report_label(d->key_col, lang);
	if (d->key_name == 2)
		cells[c++] = report_label(d->key_name_col, lang);
	if (d->item_col != NULL)
		cells[c++] = report_label(d->item_col, lang);
	for (m = 0; m < s->nmeasures; m++)
		cells[c++] = report_label(s->measures[m], lang);
}

/* A stage word: "registered" is also a measure, so it has its own label. */
static const char *
report_item_label(const char *section, const char *item, enum lang lang)
{
	if (strcmp(section, "needs") == 0 && strcmp(item, "registered") == 0)
		return report_label("registered-stage", lang);
	return report_label(item, lang);
}

/* A quarter key 2023-Q1 as "Q1 2023" or "Quý 1/2023"; other keys by
 * their label. */
static const char *
report_key_label(const char *key, enum lang lang, char *buf, size_t size)
{
	if (strlen(key) == 7 && key[4] == '-' && key[5] == 'Q') {
		if (lang == LANG_VI)
			snprintf(buf, size, "Quý %c/%.4s", key[6], key);
		else
			snprintf(buf, size, "Q%c %.4s", key[6], key);
		return buf;
	}
	return report_label(key, lang);
}

static void
report_row_cells(const struct report_section *s, const struct report_row *r,
                 enum lang lang, const char **cells, char (*buf)[64])
{
	const struct report_section_desc *d = s->desc;
	size_t c = 0, m;

	if (d->unit)
		cells[c++] = r->unit_code[0] == '\0' ? report_label("all", lang)
		             : r->unit_name[0] != '\0' ? r->unit_name
		                                       : r->unit_code;
	if (d->key_col != NULL) {
		/* A fund: its label, else the name the database gives. */
		if (d->key_name == 1 && r->key_name[0] != '\0' &&
		    report_label(r->key, lang) == r->key)
			cells[c] = r->key_name;
		else
			cells[c] = report_key_label(r->key, lang, buf[c],
			                            sizeof buf[c]);
		c++;
	}
	if (d->key_name == 2)
		cells[c++] = r->key_name;
	if (d->item_col != NULL)
		cells[c++] = report_item_label(s->name, r->item, lang);
	for (m = 0; m < s->nmeasures; m++, c++) {
		if (r->set[m]) {
			report_cell(buf[c], sizeof buf[c], s->measures[m],
			            r->values[m], lang);
			cells[c] = buf[c];
		} else {
			cells[c] = "";
		}
	}
}

/* Columns of display width (UTF-8 characters; combining marks count 0). */
static size_t
report_display_width(const char *s)
{
	return render_width(s);
}

static void
report_print_table(FILE *out, enum lang lang, const struct report_scope *scope,
                   struct report_section *secs, size_t nsecs)
{
	char title[256];
	size_t i, j, c;

	report_title(title, sizeof title, lang, scope);
	fprintf(out, "%s\n", title);
	if (nsecs == 0)
		fprintf(out, "\n%s\n", report_label("no-figures", lang));
	for (i = 0; i < nsecs; i++) {
		const struct report_section *s = &secs[i];
		size_t nc = report_ncols(s), nfirst = nc - s->nmeasures;
		size_t *w = xcalloc(nc, sizeof *w);
		const char **cells =
		    xcalloc(nc * (s->nrows + 1), sizeof *cells);
		char(*buf)[64] = xcalloc(nc * (s->nrows + 1), sizeof *buf);

		report_headers(s, lang, cells);
		for (j = 0; j < s->nrows; j++)
			report_row_cells(s, &s->rows[j], lang,
			                 cells + (j + 1) * nc,
			                 buf + (j + 1) * nc);
		for (j = 0; j <= s->nrows; j++)
			for (c = 0; c < nc; c++) {
				size_t cw =
				    report_display_width(cells[j * nc + c]);
				if (cw > w[c])
					w[c] = cw;
			}
		fprintf(out, "\n%s\n", report_titled('s', s->name, lang));
		for (j = 0; j <= s->nrows; j++) {
			size_t last = nc;
			while (last > 0 && cells[j * nc + last - 1][0] == '\0')
				last--;
			for (c = 0; c < last; c++) {
				const char *t = cells[j * nc + c];
				size_t pad = w[c] - report_display_width(t);
				if (c > 0)
					fputs("  ", out);
				if (c >= nfirst)
					while (pad-- > 0)
						fputc(' ', out);
				fputs(t, out);
				if (c < nfirst && c + 1 < last)
					while (pad-- > 0)
						fputc(' ', out);
			}
			fputc('\n', out);
		}
		free(w);
		free(cells);
		free(buf);
	}
}

static void
report_print_raw(FILE *out, enum render_format fmt,
                 const struct report_figure *figs, size_t n)
{
	static const char *const cols[] = {
	    "section",  "unit_code", "unit_name", "key",
	    "key_name", "item",      "measure",   "value",
	};
	struct render_table *t = render_table_new(cols, 8);
	size_t i;

	for (i = 0; i < n; i++) {
		render_str(t, figs[i].section);
		render_str(t, figs[i].unit_code);
		render_str(t, figs[i].unit_name);
		render_str(t, figs[i].key);
		render_str(t, figs[i].key_name);
		render_str(t, figs[i].item);
		render_str(t, figs[i].measure);
		render_int(t, figs[i].value);
	}
	render_list(out, fmt, t);
	render_table_free(t);
}

static void
report_html_text(FILE *out, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		default:
			fputc(*s, out);
		}
	}
}

/* Whether a row is a breakdown's total: 0 none, 1 one of key and item is
 * "all", 2 both. */
static int
report_totalness(const struct report_row *r)
{
	return (strcmp(r->key, "all") == 0) + (strcmp(r->item, "all") == 0);
}

/* A horizontal bar chart of one measure of the section (percent when it
 * has one, else its first money measure, else its first) over its most
 * detailed rows. */
static void
report_html_chart(FILE *out, enum lang lang, const struct report_section *s)
{
	const char **cells;
	char(*buf)[64];
	size_t nc = report_ncols(s), nfirst = nc - s->nmeasures, j, k,
	       nbars = 0;
	size_t *bars, m = 0;
	long long max = 0;
	int least = 3;
	const int bar_h = 18, gap = 6, label_w = 300, chart_w = 300;

	if (s->nmeasures == 0 || s->nrows == 0)
		return;
	for (k = s->nmeasures; k-- > 0;)
		if (report_ends_with(s->measures[k], "vnd"))
			m = k;
	for (k = 0; k < s->nmeasures; k++)
		if (strcmp(s->measures[k], "percent") == 0)
			m = k;
	for (j = 0; j < s->nrows; j++)
		if (s->rows[j].set[m] && report_totalness(&s->rows[j]) < least)
			least = report_totalness(&s->rows[j]);
	bars = xcalloc(s->nrows, sizeof *bars);
	for (j = 0; j < s->nrows; j++) {
		const struct report_row *r = &s->rows[j];
		if (!r->set[m] || report_totalness(r) != least)
			continue;
		bars[nbars++] = j;
		if (r->values[m] > max)
			max = r->values[m];
	}
	if (nbars == 0) {
		free(bars);
		return;
	}
	cells = xcalloc(nc, sizeof *cells);
	buf = xcalloc(nc, sizeof *buf);
	fprintf(out, "<figure class=\"chart\"><figcaption>");
	report_html_text(out, report_label(s->measures[m], lang));
	fprintf(out,
	        "</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
	        "role=\"img\" width=\"%d\" height=\"%zu\" viewBox=\"0 0 %d "
	        "%zu\">\n",
	        label_w + chart_w + 140, nbars * (size_t)(bar_h + gap) + gap,
	        label_w + chart_w + 140, nbars * (size_t)(bar_h + gap) + gap);
	for (k = 0; k < nbars; k++) {
		const struct report_row *r = &s->rows[bars[k]];
		char label[256] = "";
		size_t y = gap + k * (size_t)(bar_h + gap), c, o = 0;
		long long v = r->values[m];
		int w = max > 0 && v > 0
		            ? (int)((double)v / (double)max * chart_w)
		            : 0;

		report_row_cells(s, r, lang, cells, buf);
		for (c = 0; c < nfirst; c++) {
			if (cells[c][0] == '\0')
				continue;
			o += (size_t)snprintf(label + o, sizeof label - o,
			                      "%s%s", o > 0 ? " · " : "",
			                      cells[c]);
			if (o >= sizeof label)
				break;
		}
		fprintf(out,
		        "<text x=\"%d\" y=\"%zu\" text-anchor=\"end\" "
		        "font-size=\"11\">",
		        label_w - 6, y + (size_t)bar_h - 5);
		report_html_text(out, label);
		fprintf(out,
		        "</text><rect x=\"%d\" y=\"%zu\" width=\"%d\" "
		        "height=\"%d\" fill=\"#2f6f9f\"/>"
		        "<text x=\"%d\" y=\"%zu\" font-size=\"11\">",
		        label_w, y, w > 0 ? w : 1, bar_h, label_w + w + 4,
		        y + (size_t)bar_h - 5);
		report_html_text(out, cells[nfirst + m]);
		fputs("</text>\n", out);
	}
	fputs("</svg></figure>\n", out);
	free(bars);
	free(cells);
	free(buf);
}

static void
report_print_html(FILE *out, enum lang lang, const struct report_scope *scope,
                  struct report_section *secs, size_t nsecs)
{
	char title[256];
	size_t i, j, c;

	report_title(title, sizeof title, lang, scope);
	fprintf(out,
	        "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
	        "<meta charset=\"utf-8\">\n<title>",
	        lang == LANG_VI ? "vi" : "en");
	report_html_text(out, title);
	fputs(
	    "</title>\n<style>\n"
	    "@page { size: A4; margin: 15mm; }\n"
	    "body { font-family: \"DejaVu Sans\", Arial, sans-serif; "
	    "font-size: 10pt; color: #111; max-width: 180mm; margin: auto; }\n"
	    "h1 { font-size: 14pt; } h2 { font-size: 11pt; margin-top: 1.2em; "
	    "}\n"
	    "table { border-collapse: collapse; margin: 0.3em 0; }\n"
	    "th, td { border: 1px solid #999; padding: 2px 6px; "
	    "vertical-align: top; }\n"
	    "th { background: #eee; text-align: left; }\n"
	    "td.num { text-align: right; white-space: nowrap; }\n"
	    "section { break-inside: avoid; page-break-inside: avoid; }\n"
	    "figure.chart { margin: 0.3em 0; } figcaption { font-size: 9pt; "
	    "color: #444; }\n"
	    "svg { max-width: 100%; height: auto; }\n"
	    "</style>\n</head>\n<body>\n<h1>",
	    out);
	report_html_text(out, title);
	fputs("</h1>\n", out);
	if (nsecs == 0) {
		fputs("<p>", out);
		report_html_text(out, report_label("no-figures", lang));
		fputs("</p>\n", out);
	}
	for (i = 0; i < nsecs; i++) {
		const struct report_section *s = &secs[i];
		size_t nc = report_ncols(s), nfirst = nc - s->nmeasures;
		const char **cells = xcalloc(nc, sizeof *cells);
		char(*buf)[64] = xcalloc(nc, sizeof *buf);

		fprintf(out, "<section data-section=\"");
		report_html_text(out, s->name);
		fputs("\">\n<h2>", out);
		report_html_text(out, report_titled('s', s->name, lang));
		fputs("</h2>\n<table>\n<thead><tr>", out);
		report_headers(s, lang, cells);
		for (c = 0; c < nc; c++) {
			fputs("<th>", out);
			report_html_text(out, cells[c]);
			fputs("</th>", out);
		}
		fputs("</tr></thead>\n<tbody>\n", out);
		for (j = 0; j < s->nrows; j++) {
			const struct report_row *r = &s->rows[j];
			report_row_cells(s, r, lang, cells, buf);
			fputs("<tr>", out);
			for (c = 0; c < nc; c++) {
				size_t m = c - nfirst;
				if (c < nfirst) {
					fputs("<td>", out);
				} else if (!r->set[m]) {
					fputs("<td class=\"num\">", out);
				} else {
					fputs(
					    "<td class=\"num\" data-section=\"",
					    out);
					report_html_text(out, s->name);
					fputs("\" data-unit=\"", out);
					report_html_text(out, r->unit_code);
					fputs("\" data-key=\"", out);
					report_html_text(out, r->key);
					fputs("\" data-item=\"", out);
					report_html_text(out, r->item);
					fputs("\" data-measure=\"", out);
					report_html_text(out, s->measures[m]);
					fprintf(out, "\" data-value=\"%lld\">",
					        r->values[m]);
				}
				report_html_text(out, cells[c]);
				fputs("</td>", out);
			}
			fputs("</tr>\n", out);
		}
		fputs("</tbody>\n</table>\n", out);
		report_html_chart(out, lang, s);
		fputs("</section>\n", out);
		free(cells);
		free(buf);
	}
	fputs("</body>\n</html>\n", out);
}

void
report_print(FILE *out, enum render_format fmt, enum lang lang,
             const struct report_scope *scope, const struct report_figure *figs,
             size_t n)
{
	struct report_section *secs;
	size_t nsecs;

	if (fmt == RENDER_CSV || fmt == RENDER_JSON) {
		report_print_raw(out, fmt, figs, n);
		return;
	}
	nsecs = report_pivot(figs, n, &secs);
	if (fmt == RENDER_HTML)
		report_print_html(out, lang, scope, secs, nsecs);
	else
		report_print_table(out, lang, scope, secs, nsecs);
	report_sections_free(secs, nsecs);
}
