#!/usr/bin/env bash
# `ansinh import households` in chunks (HouseholdImport, migration 0105):
# a file of three chunks with bad rows among good ones (refused here, by the
# daemon in the middle of a chunk, a second row with the same code): each
# reported with its line, the others written; the same file again writes
# nothing; the rows, status history and request log the same as the
# per-row path writes for the same rows, and each path recognises what the
# other wrote (the per-row path forced by taking the set-wise function
# away: a chunk the daemon refuses whole is sent again row by row); and, as
# raw requests, what the daemon refuses: a chunk over 2,000 rows, a row
# breaking a field rule (naming the row), a row of another ward for a ward
# token (answered for that row only).
T_TRANSPORT=plain
. "$(dirname "$0")/../lib/common.sh"

plan 27

token ak ward AK
start_daemon
D=$T_DIR
field() { # field CSV-SUMMARY NAME — a value from the summary's CSV
	printf '%s\n' "$1" | awk -F, -v k="$2" 'NR==1{for(i=1;i<=NF;i++)c[$i]=i} NR==2{print $c[k]}'
}
counts() { # households, status rows, request-log rows, audit events of ward AK
	sql "SELECT (SELECT count(*) FROM ansinh.household WHERE ward_code = 'AK') || ',' ||
	            (SELECT count(*) FROM ansinh.household_status WHERE ward_code = 'AK') || ',' ||
	            (SELECT count(*) FROM ansinh.request_log WHERE ward_code = 'AK') || ',' ||
	            (SELECT count(*) FROM ansinh.audit_event WHERE ward_code = 'AK')"
}

# --- a stored household the file contradicts (added by hand: its id is not
# the one import derives, so the row's code is taken)
run ans ak household add --code AK-0007 --head "Người Cũ"
is "$RC" 0 "a household added by hand"

# --- 2,500 rows (three chunks), bad ones among them
python3 - "$D/big.csv" <<-'EOF'
	import sys
	with open(sys.argv[1], "w") as f:
	    f.write("code,head,group,phone,status\n")
	    for i in range(1, 2501):
	        code, phone = "AK-%04d" % i, ""
	        if i in (4, 1500):
	            phone = "12"              # refused by the client
	        if i == 2100:
	            code = "AK-0009"          # a second row with that code
	        f.write("%s,Chủ Hộ %d,%d,%s,%s\n" % (code, i, i % 30 + 1, phone,
	                                          "near-poor" if i % 3 == 0 else "poor"))
EOF
run ans ak --format csv import households "$D/big.csv" --dry-run --rejects "$D/dry.rejects"
is "$RC" 2 "the dry run finds the rows the client refuses"
line7=$(grep -n '^AK-0007,' "$D/big.csv" | cut -d: -f1)
{
	head -n 1 "$D/dry.rejects"
	{
		tail -n +2 "$D/dry.rejects"
		printf "%s,ALREADY_EXISTS: household code 'AK-0007' already exists in ward AK,%s\n" \
			"$line7" "$(sed -n "${line7}p" "$D/big.csv")"
	} | sort -t, -k1,1n
} >"$D/want.rejects"
is "$(wc -l <"$D/want.rejects")" 5 "three rows refused here, one by the daemon"

run ans ak --format csv import households "$D/big.csv" --rejects "$D/got.rejects"
is "$RC" 2 "the import exits 2: some rows were rejected"
is "$(field "$OUT" rows),$(field "$OUT" written),$(field "$OUT" already),$(field "$OUT" rejected)" \
	"2500,2496,0,4" "2,496 rows written, 4 rejected"
is "$(cat "$D/got.rejects")" "$(cat "$D/want.rejects")" \
	"each rejected row is reported with its line and reason, in file order (the daemon's among the client's)"
is "$(sql "SELECT head_name FROM ansinh.household WHERE code = 'AK-0007'")" "Người Cũ" \
	"the contradicted household is unchanged"
is "$(sql "SELECT count(*) FROM ansinh.household WHERE code IN ('AK-0003', 'AK-0005', 'AK-1499', 'AK-1501', 'AK-2500')")" 5 \
	"the neighbours of the rejected rows are written"
is "$(sql "SELECT count(*) FROM ansinh.household AS h
             JOIN ansinh.household_status AS s ON s.ward_code = h.ward_code AND s.household_id = h.id
             JOIN ansinh.request_log AS l ON l.ward_code = h.ward_code AND l.request_id = s.request_id
            WHERE h.code <> 'AK-0007' AND l.operation = 'household_create' AND l.record_id = h.id
              AND s.status = h.status AND s.since = h.status_since")" 2496 \
	"every written row has its status-history row and its request-log row under one request id"
is "$(sql "SELECT count(DISTINCT request_id) FROM ansinh.household_status WHERE ward_code = 'AK'")" 2497 \
	"a request id per row"
before=$(counts)

# --- the same file again: nothing new
run ans ak --format csv import households "$D/big.csv" --rejects "$D/again.rejects"
is "$(field "$OUT" written),$(field "$OUT" already),$(field "$OUT" rejected)" "0,2496,4" \
	"importing the file again writes nothing: every written row is already there"
is "$(counts)" "$before" "no household, status row, request-log row or audit event was added"
is "$(cat "$D/again.rejects")" "$(cat "$D/want.rejects")" "the same rows are rejected, with the same reasons"

# --- the per-row path for the same rows
printf 'code,head,group,address,phone,policy,special,status,since\n' >"$D/p.csv"
printf 'P-1,Đỗ Thị Mười,12,Tổ 12,0905 123 456,có,không,cận nghèo,06/05/2022\n' >>"$D/p.csv"
printf 'P-2,Hồ Văn Hai,,,,,,,\n' >>"$D/p.csv"
sed 's/^P-/S-/' "$D/p.csv" >"$D/s.csv"
fn='ansinh_api.household_import(uuid, uuid[], integer[], uuid[], text[], text[], text[], integer[], text[], text[], boolean[], boolean[], text[], text[])'
sql "ALTER FUNCTION $fn RENAME TO household_import_away"
run ans ak --format csv import households "$D/p.csv"
is "$RC,$(field "$OUT" written)" "0,2" "without the set-wise function, the refused chunk's rows go one by one"
run ans ak --format csv import households "$D/big.csv" --rejects "$D/perrow.rejects"
is "$(field "$OUT" written),$(field "$OUT" already),$(field "$OUT" rejected)" "0,2496,4" \
	"the per-row path recognises every row the chunks wrote"
is "$(cat "$D/perrow.rejects")" "$(cat "$D/want.rejects")" "and rejects the same rows with the same reasons"
sql "ALTER FUNCTION ansinh_api.household_import_away(uuid, uuid[], integer[], uuid[], text[], text[], text[], integer[], text[], text[], boolean[], boolean[], text[], text[]) RENAME TO household_import"
run ans ak --format csv import households "$D/p.csv"
is "$(field "$OUT" written),$(field "$OUT" already)" "0,2" "the chunks recognise the rows the per-row path wrote"
run ans ak --format csv import households "$D/s.csv"
is "$(field "$OUT" written)" 2 "the same rows under other codes, in a chunk"
is "$(sql "SELECT string_agg(concat_ws('|', substr(code, 3), head_name, residential_group, address, phone, policy,
                                      special_difficulty, status, status_since), ';' ORDER BY code)
             FROM ansinh.household WHERE code LIKE 'S-%'")" \
	"$(sql "SELECT string_agg(concat_ws('|', substr(code, 3), head_name, residential_group, address, phone, policy,
                                      special_difficulty, status, status_since), ';' ORDER BY code)
             FROM ansinh.household WHERE code LIKE 'P-%'")" \
	"the household rows are the per-row path's"
is "$(sql "SELECT string_agg(concat_ws('|', substr(h.code, 3), s.status, s.since, s.recorded_by), ';' ORDER BY h.code)
             FROM ansinh.household AS h JOIN ansinh.household_status AS s ON s.ward_code = h.ward_code AND s.household_id = h.id
            WHERE h.code LIKE 'S-%'")" \
	"$(sql "SELECT string_agg(concat_ws('|', substr(h.code, 3), s.status, s.since, s.recorded_by), ';' ORDER BY h.code)
             FROM ansinh.household AS h JOIN ansinh.household_status AS s ON s.ward_code = h.ward_code AND s.household_id = h.id
            WHERE h.code LIKE 'P-%'")" \
	"the status-history rows are the per-row path's"
is "$(sql "SELECT string_agg(concat_ws('|', substr(h.code, 3), l.operation, l.code, replace(l.message, h.code, 'X'), l.actor, l.token_id), ';' ORDER BY h.code)
             FROM ansinh.household AS h JOIN ansinh.request_log AS l ON l.ward_code = h.ward_code AND l.record_id = h.id
            WHERE h.code LIKE 'S-%'")" \
	"$(sql "SELECT string_agg(concat_ws('|', substr(h.code, 3), l.operation, l.code, replace(l.message, h.code, 'X'), l.actor, l.token_id), ';' ORDER BY h.code)
             FROM ansinh.household AS h JOIN ansinh.request_log AS l ON l.ward_code = h.ward_code AND l.record_id = h.id
            WHERE h.code LIKE 'P-%'")" \
	"the request-log rows are the per-row path's"

# --- raw requests: HouseholdImport is body 190
raw() { # raw FILE — Hello, then one HouseholdImport (its hex in FILE); prints the status
	# code and violations, then each row's line and code
	python3 - "$ANSINH_TOP/tests/lib" "$ADDR" "$(cat "$T_DIR/ak.token")" "$1" <<-'EOF'
		import sys
		sys.path.insert(0, sys.argv[1])
		import wire
		body = bytes.fromhex(open(sys.argv[4]).read().strip())
		resp = wire.request(sys.argv[2], sys.argv[3].encode(), 190, body, timeout=60)
		print(wire.status_line(resp))
		for num, v in resp:
		    if num == 190:
		        for n2, row in wire.fields(v):
		            d = dict(wire.fields(row))
		            print(d.get(1, 0), d.get(2, 0), d.get(3, b"").decode())
	EOF
}
chunk() { # chunk N [WARD-OF-ROW-2] [PHONE-OF-ROW-3] — a HouseholdImport of N rows, hex
	python3 - "$ANSINH_TOP/tests/lib" "$@" <<-'EOF'
		import sys
		sys.path.insert(0, sys.argv.pop(1))
		from wire import ld, varint
		n = int(sys.argv[1])
		ward2 = sys.argv[2] if len(sys.argv) > 2 else ""
		phone3 = sys.argv[3] if len(sys.argv) > 3 else ""
		def uid(k, i):
		    return bytes.fromhex("01a2000000007000" "80%02x000000" % k) + i.to_bytes(3, "big")
		rows = b""
		for i in range(1, n + 1):
		    r = ld(1, uid(1, i)) + varint(2 << 3) + varint(i + 1) + ld(3, uid(2, i))
		    if i == 2 and ward2:
		        r += ld(4, ward2.encode())
		    r += ld(5, b"R-%d" % i) + ld(6, b"Raw %d" % i)
		    if i == 3 and phone3:
		        r += ld(9, phone3.encode())
		    rows += ld(1, r)
		print(rows.hex())
	EOF
}
chunk 2001 >"$D/c1.hex"
got=$(raw "$D/c1.hex")
is "$got" "3 rows holds 2001 rows: at most 2000 in one request; send the file in chunks" \
	"a chunk over 2,000 rows is refused whole, naming rows"
is "$(sql "SELECT count(*) FROM ansinh.household WHERE code LIKE 'R-%'")" 0 "and nothing of it is written"
chunk 3 "" 12 >"$D/c2.hex"
got=$(raw "$D/c2.hex")
is "$got" "3 rows[2].phone must have 8 to 15 digits" \
	"a row breaking a field rule refuses the chunk, naming the row"
is "$(sql "SELECT count(*) FROM ansinh.household WHERE code LIKE 'R-%'")" 0 "and nothing of it is written"
chunk 3 KD >"$D/c3.hex"
got=$(raw "$D/c3.hex")
is "$got" "$(printf '0 \n2 0 household R-1 created in ward AK\n3 7 a session of ward AK may not write records of ward KD\n4 0 household R-3 created in ward AK')" \
	"a ward token's row of another ward is refused, that row only"
is "$(sql "SELECT string_agg(ward_code || ':' || code, ',' ORDER BY code) FROM ansinh.household WHERE code LIKE 'R-%'")" \
	"AK:R-1,AK:R-3" "nothing is written in the other ward"
