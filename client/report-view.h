/*
 * report-view.h — the office's reports as people read them: the figures of
 * ansinh.report (long form: section, unit, key, item, measure, value)
 * turned into one table per section, labelled in Vietnamese or English,
 * money written as the office writes it, or into one self-contained HTML
 * page with bar charts; CSV and JSON keep the raw figures.
 *
 * Pure: figures in, text out (no socket), so it is unit-testable.
 */
#ifndef ANSINH_REPORT_VIEW_H
#define ANSINH_REPORT_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "lang.h"
#include "render.h"

/* One figure; the strings are not owned (they point into the reply). */
struct report_figure {
	const char *section;
	const char *unit_code;
	const char *unit_name;
	const char *key;
	const char *key_name;
	const char *item;
	const char *measure;
	long long value;
};

/* What the report is of, for its title. Strings not owned; "" when not
 * given. */
struct report_scope {
	const char *report; /* summary, funds, … */
	int year;
	int quarter; /* 0: none */
	const char *from_date;
	const char *to_date;
	const char *unit_code;
	const char *as_of;
};

/* The label of a word (section, measure, group, kind, stage, metric…) in
 * lang; the word itself when it has none. */
const char *report_label(const char *word, enum lang lang);
/* Money the office's way: vi "352.400.000 đ", en "352,400,000". */
void report_money(char *out, size_t size, long long v, enum lang lang);
/* A count with the language's thousands separator. */
void report_count(char *out, size_t size, long long v, enum lang lang);

/*
 * Print n figures in fmt: table (a title, then one aligned table per
 * section), csv and json (the figures as they are: section, unit_code,
 * unit_name, key, key_name, item, measure, value, raw integers), html (one
 * page, no network, bar charts in inline SVG, A4 print; every value cell
 * carries data-section, data-unit, data-key, data-item, data-measure and
 * data-value, the raw figure).
 */
void report_print(FILE *out, enum render_format fmt, enum lang lang,
                  const struct report_scope *scope,
                  const struct report_figure *figs, size_t n);

#endif
