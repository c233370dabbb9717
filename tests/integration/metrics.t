#!/usr/bin/env bash
# /metrics: the audit seals (the store's last seal and its age, the events
# waiting for the next), writes answered as replays, a latency histogram per
# operation of the op table (Prometheus buckets, cumulative, ending in
# +Inf), and each database pool (size, busy, up, waiting). Then
# docs/grafana-dashboard.json: valid JSON, and every metric one of its
# panels queries is in this running daemon's /metrics.
. "$(dirname "$0")/../lib/common.sh"

plan 21

token ak ward AK
token district district
start_daemon --db-pool 3 --audit-seal-interval 0
D=$T_DIR
scrape() { http_get "$ADMIN" /metrics >"$D/metrics.txt"; }
metric() { sed -n "s/^$1 //p" "$D/metrics.txt"; }

scrape
is "$(metric ansinh_audit_status_up)" 1 "the seal figures were read from the database"
BASE=$(metric ansinh_audit_unsealed_events)
like "$BASE" '^[0-9]+$' "the events waiting for a seal are counted (the migrations' own: $BASE)"
is "$(grep -c '^ansinh_audit_seal_age_seconds' "$D/metrics.txt")" 0 "and no seal age before the first seal"
is "$(metric 'ansinh_db_pool_size{pool="primary"}')" 3 "the pool's size is --db-pool"
like "$(metric 'ansinh_db_pool_waiting{pool="primary"}')" '^[0-9]+$' "jobs waiting for a connection are shown"
like "$(metric 'ansinh_db_pool_busy{pool="primary"}')" '^[0-9]+$' "and busy connections"
is "$(grep -c '^ansinh_db_pool_size{pool="read"}' "$D/metrics.txt")" 0 "no read pool without --db-read"

printf 'code,head,group,status,since\nAK-M1,Lê Văn Một,1,poor,2023-01-01\nAK-M2,Lê Thị Hai,2,near-poor,2023-02-01\n' >"$D/hh.csv"
run ans ak --format csv import households "$D/hh.csv"
is "$RC" 0 "two households imported"
run ans ak household list
is "$RC" 0 "and listed"
scrape
is "$(metric ansinh_audit_unsealed_events)" $((BASE + 4)) "their four audit events (household, status) wait for a seal"
is "$(metric ansinh_requests_replayed_total)" 0 "no replay yet"

run ans ak --format csv import households "$D/hh.csv"
is "$RC" 0 "the same file imported again"
scrape
is "$(metric ansinh_requests_replayed_total)" 2 "its two rows are counted as replays (one chunk of two)"

"$ANSINHD" audit seal --db "$OWNER_DB" >"$D/seal.out" 2>&1
ok $? "ansinhd audit seal"
scrape
is "$(metric ansinh_audit_unsealed_events)" 0 "after the seal nothing waits"
is "$(metric ansinh_audit_last_seal_id)" 1 "the last seal is seal 1"
like "$(metric ansinh_audit_seal_age_seconds)" '^[0-9]+\.[0-9]+$' "its age is shown, in seconds"

# The histogram of household_list: cumulative buckets, +Inf = count.
python3 - "$D/metrics.txt" >"$D/hist.out" 2>&1 <<'PY'
import re, sys
lines = open(sys.argv[1]).read().splitlines()
b = [(m.group(1), int(m.group(2))) for m in
     (re.match(r'ansinh_operation_seconds_bucket\{op="household_list",le="([^"]+)"\} (\d+)$', l) for l in lines) if m]
count = [int(l.split()[-1]) for l in lines if l.startswith('ansinh_operation_seconds_count{op="household_list"}')]
assert b and b[-1][0] == "+Inf", b
assert all(x[1] <= y[1] for x, y in zip(b, b[1:])), "not cumulative"
assert count == [b[-1][1]] and count[0] >= 1, (count, b)
ops = set(re.findall(r'ansinh_operation_seconds_count\{op="([a-z_]+)"\}', "\n".join(lines)))
assert "household_import" in ops and "hello" not in ops, ops
print("ok", sorted(ops))
PY
ok $? "household_list has a cumulative histogram ending in +Inf = its count; only op table operations are labelled ($(cat "$D/hist.out"))"

# The dashboard reads exactly what the daemon shows.
python3 - "$ANSINH_TOP/docs/grafana-dashboard.json" "$D/metrics.txt" >"$D/dash.out" 2>&1 <<'PY'
import json, re, sys
dash = json.load(open(sys.argv[1]))
shown = set(re.match(r'([a-zA-Z_:][a-zA-Z0-9_:]*)', l).group(1)
            for l in open(sys.argv[2]) if l.strip() and not l.startswith('#'))
asked, missing = set(), []
for p in dash["panels"]:
    for t in p["targets"]:
        for name in re.findall(r'\b(ansinh_[a-z0-9_]+)', t["expr"]):
            asked.add(name)
for v in dash["templating"]["list"]:
    asked.update(re.findall(r'\b(ansinh_[a-z0-9_]+)', v.get("query", "")))
missing = sorted(asked - shown)
print("%d metrics queried; missing: %s" % (len(asked), missing))
sys.exit(1 if missing or len(asked) < 10 else 0)
PY
ok $? "every metric the Grafana dashboard queries is in /metrics ($(cat "$D/dash.out"))"

# Sealed by the daemon itself: counted as its own.
stop_daemon
start_daemon --audit-seal-interval 1
ans ak household add --code AK-M3 --head "Lê Văn Ba" --group 3 >/dev/null
for ((i = 0; i < T_TIMEOUT * 10; i++)); do
	scrape
	[ "$(metric ansinh_audit_seals_total)" = 1 ] && break
	sleep 0.1
done
is "$(metric ansinh_audit_seals_total),$(metric ansinh_audit_sealed_events_total)" "1,2" "the daemon's own seal is counted, with its two events"
is "$(metric ansinh_audit_last_seal_id)" 2 "and it is the store's last seal"
