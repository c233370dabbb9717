#!/usr/bin/env bash
# `ansinh report … --format html` in a real browser: the page opened in
# headless Chromium (Debian's chromium, tests/lib/deps.sh), a screenshot
# taken, printed on A4, and every figure read back from the DOM
# (--dump-dom: the data-* attributes of each value cell, and the text the
# officer sees) compared with the JSON report of the same request. The page
# asks for nothing over the network.
. "$(dirname "$0")/../lib/common.sh"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
	echo "1..0 # SKIP chromium is not installed (tests/lib/deps.sh installs it)"
	exit 0
fi

plan 12

token district district
start_daemon

ans district household add --ward AK --code H1 --head "Hộ Một" --status poor --since 2022-01-05 --policy >/dev/null &&
ans district household add --ward HK --code H2 --head "Hộ Hai" --status near-poor --since 2022-01-05 >/dev/null &&
ORG=$(ans district org add --name "Hội Phụ nữ R" --kind association) &&
ans district support add --ward AK --household H1 --kind assistive-device --description "Xe lăn" \
	--amount 3,500,000 --date 2023-04-10 --fund social-assurance >/dev/null &&
ans district support add --ward HK --household H2 --kind house-repair --description "Sửa mái" \
	--amount 20,000,000 --date 2023-05-10 --org "$ORG" >/dev/null &&
ans district need add --ward HK --household H2 --kind job --description "Việc làm" --date 2023-05-01 >/dev/null &&
ans district job add --ward AK --kind job-placement --name "Người Một" --date 2023-02-10 >/dev/null &&
ans district target set --year 2023 --metric job-placements --value 4 >/dev/null
ok $? "setup"

chrome() { # chrome ARGS… — headless, its own profile, no network
	"$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run --disable-dev-shm-usage \
		--user-data-dir="$T_DIR/chrome" --proxy-server=127.0.0.1:9 --disable-extensions "$@" 2>>"$T_DIR/chrome.log"
}

# Every figure of the DOM (data-* of the value cells) against the JSON
# report, and each cell's text as --lang writes it.
compare() { # compare DOM JSON LANG
	python3 - "$@" <<'PY'
import html.parser, json, sys
dom, js, lang = sys.argv[1:]
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.cells = []; self.cur = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "td" and "data-measure" in a:
            self.cur = [a, ""]
    def handle_data(self, d):
        if self.cur is not None: self.cur[1] += d
    def handle_endtag(self, tag):
        if tag == "td" and self.cur is not None:
            self.cells.append(self.cur); self.cur = None
p = P(); p.feed(open(dom, encoding="utf-8").read())
got = sorted((a["data-section"], a["data-unit"], a["data-key"], a["data-item"], a["data-measure"], int(a["data-value"]))
             for a, _ in p.cells)
want = sorted((x["section"], x["unit_code"], x["key"], x["item"], x["measure"], x["value"]) for x in json.load(open(js)))
def money(v):
    g = f"{abs(v):,}"
    if lang == "vi": g = g.replace(",", ".")
    return ("-" if v < 0 else "") + g + (" đ" if lang == "vi" else "")
bad = [t for a, t in p.cells if a["data-measure"].endswith("vnd") and t != money(int(a["data-value"]))]
print("same" if got == want and got else "differ", len(got), "money-ok" if not bad else "money-bad " + repr(bad[:3]))
PY
}

run ans district --format html report summary --year 2023 --lang vi
is "$RC" 0 "report summary --format html"
printf '%s\n' "$OUT" >"$T_DIR/summary.html"
unlike "$(grep -oE '(src|href)=|url\(|@import|https?://[^"]*' "$T_DIR/summary.html" | grep -v 'http://www.w3.org/2000/svg')" "." \
	"self-contained: no src, href, url() or address but the SVG namespace"
is "$(grep -c '<svg' "$T_DIR/summary.html")" "$(grep -c '<section' "$T_DIR/summary.html")" "a bar chart in every section"

ans district --format json report summary --year 2023 >"$T_DIR/summary.json"
chrome --dump-dom "file://$T_DIR/summary.html" >"$T_DIR/summary.dom"
ok $? "chromium opened the page"
run compare "$T_DIR/summary.dom" "$T_DIR/summary.json" vi
like "$OUT" "^same [0-9]+ money-ok$" "every figure in the DOM is the JSON report's, money written 3.500.000 đ"
like "$(cat "$T_DIR/summary.dom")" "Hỗ trợ đã trao, đã điều chỉnh và còn lại" "labels in Vietnamese"

chrome --screenshot="$T_DIR/summary.png" --window-size=1240,1754 "file://$T_DIR/summary.html" >/dev/null
run python3 -c 'import sys; b = open(sys.argv[1], "rb").read(); print(b[:8] == b"\x89PNG\r\n\x1a\n" and len(b) > 10000)' "$T_DIR/summary.png"
is "$OUT" "True" "a screenshot taken"
chrome --print-to-pdf="$T_DIR/summary.pdf" --no-pdf-header-footer "file://$T_DIR/summary.html" >/dev/null
run python3 -c '
import re, sys
b = open(sys.argv[1], "rb").read()
boxes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]", b))
print(sorted((round(float(w)), round(float(h))) for w, h in boxes))' "$T_DIR/summary.pdf"
is "$OUT" "[(595, 842)]" "printed on A4 pages (595 × 842 pt)"

run ans district --format html report targets --year 2023 --lang en
printf '%s\n' "$OUT" >"$T_DIR/targets.html"
ans district --format json report targets --year 2023 >"$T_DIR/targets.json"
chrome --dump-dom "file://$T_DIR/targets.html" >"$T_DIR/targets.dom"
run compare "$T_DIR/targets.dom" "$T_DIR/targets.json" en
like "$OUT" "^same [0-9]+ money-ok$" "report targets: the DOM's figures are the JSON's"
like "$(cat "$T_DIR/targets.dom")" ">not met<" "met / not met in English"
like "$(cat "$T_DIR/targets.dom")" "Targets and results" "labels in English"
