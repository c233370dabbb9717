#!/usr/bin/env bash
# Invisible formatting characters in names: a right-to-left override makes a
# name display reversed ("Nguyễn ‮ahT" shows as "Nguyễn Tha"), a zero-width
# space makes two names that look the same differ. The client refuses them
# before it sends (commands and imports), and the daemon refuses them again
# when a raw request carries them, naming the field and the reason.
# And --format csv guards cells a spreadsheet would run as formulas.
. "$(dirname "$0")/../lib/common.sh"

plan 12

token ak ward AK
start_daemon
RAW="$ANSINH_TOP/tests/tools/rawframe"
RLO=$(printf '\xe2\x80\xae')
ZWSP=$(printf '\xe2\x80\x8b')

run ans ak household add --code AK-1 --head "Nguyễn ${RLO}ahT"
is "$RC" 1 "household add: a head's name with U+202E is refused"
like "$ERR" "head.*contains a bidirectional control character \(U\+202E\)" \
	"naming the field and the character"
run ans ak household add --code AK-1 --head "Trương Văn Hoành"
is "$RC" 0 "the same household with a plain name is written"
run ans ak member add --household AK-1 --name "Trương${ZWSP} Văn Hoành" --born 1968-03-02
is "$RC" 1 "member add: a name with a zero-width space is refused"
like "$ERR" "name.*contains a zero-width character \(U\+200B\)" "naming the field and the character"

printf 'household,name,born\nAK-1,Lê Thị%s Hòa,1970-01-01\nAK-1,Lê Thị Hòa,1970-01-01\n' \
	"$(printf '\xe2\x81\xa6')" >"$T_DIR/mb.csv"
run ans ak --format csv import members "$T_DIR/mb.csv"
is "$RC" 2 "import: a row holding U+2066 is rejected"
like "$ERR" "mb.csv:2: .*contains a bidirectional control character \(U\+2066\)" "on its line"

OUT=$("$RAW" "$ADDR" invisible "$(cat "$T_DIR/ak.token")")
like "$OUT" 'code=INVALID_ARGUMENT seq=10.*violation=household.head_name:"contains a bidirectional control character \(U\+202E\)"' \
	"the daemon refuses a raw household create with U+202E, naming household.head_name"
like "$OUT" 'code=INVALID_ARGUMENT seq=11.*violation=household.head_name:"contains a zero-width character \(U\+200B\)"' \
	"and one with U+200B"
is "$(sql "SELECT count(*) FROM ansinh.household WHERE code = 'INV-1'")" 0 "neither is stored"

# --- --format csv guards formula cells as export does
run ans ak household add --code AK-2 --head "=HYPERLINK(\"http://x\",\"Nguyễn\")"
is "$RC" 0 "a head's name beginning with = is a name like any other"
run ans ak --format csv household list
like "$OUT" "AK,AK-2,\"'=HYPERLINK\(\"\"http://x\"\",\"\"Nguyễn\"\"\)\"," \
	"household list --format csv writes it after a guarding '"

t_finish
