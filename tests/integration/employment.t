#!/usr/bin/env bash
# Employment end to end: job weeks hosted by the wards and the events that
# point to them (the district's 117 placements and 88 training
# registrations), referrals to the employment service centre in a quarter
# (54 in Q1), events for members and for named people, and who may do what.
. "$(dirname "$0")/../lib/common.sh"

plan 39

token ak ward AK
token kd ward KD
token cg ward CG
token district district
token auditor auditor
start_daemon

# --- job weeks
run ans ak jobweek add --title "Tuần lễ việc làm phường An Khê" --from 2023-03-13 --to 2023-03-19
is "$RC" 0 "An Khê records the job week it hosts"
WEEK_AK=$OUT
run ans district jobweek add --ward KD --title "Tuần lễ việc làm phường Thanh Khê Đông" \
	--from 2023-06-12 --to 2023-06-18 --note "with the city employment service centre"
is "$RC" 0 "the district records Thanh Khê Đông's"
WEEK_KD=$OUT
is "$(sql "SELECT ward_code||'|'||starts_on||'|'||ends_on FROM ansinh.job_week WHERE id = '$WEEK_KD'")" \
	"KD|2023-06-12|2023-06-18" "the job week is stored in its ward"
run ans ak jobweek add --title "Backwards" --from 2023-03-19 --to 2023-03-13
is "$RC" 1 "a job week cannot end before it starts"
like "$ERR" "--to must not be before --from" "the error says so"
run ans auditor jobweek add --ward AK --title "Auditor week" --from 2023-01-02 --to 2023-01-06
is "$RC" 2 "an auditor cannot record a job week"
like "$ERR" "PERMISSION_DENIED" "with PERMISSION_DENIED"

# --- the district's figures: 117 placements and 88 training registrations
# at the job weeks (60 + 45 at An Khê's, 57 + 43 at Thanh Khê Đông's)
fail=0
for i in $(seq 1 60); do
	ans ak job add --kind job-placement --name "Người lao động AK $i" --employer "Công ty Dệt may Hòa Thọ" \
		--date 2023-03-15 --job-week "$WEEK_AK" >/dev/null || fail=1
done
for i in $(seq 1 45); do
	ans ak job add --kind vocational-training --name "Học viên AK $i" --trade "may công nghiệp" \
		--date 2023-03-16 --job-week "$WEEK_AK" >/dev/null || fail=1
done
for i in $(seq 1 57); do
	ans kd job add --kind job-placement --name "Người lao động KD $i" --employer "Công ty TNHH Sơn Hà" \
		--date 2023-06-14 --job-week "$WEEK_KD" >/dev/null || fail=1
done
for i in $(seq 1 43); do
	ans kd job add --kind vocational-training --name "Học viên KD $i" --trade "điện dân dụng" \
		--date 2023-06-15 --job-week "$WEEK_KD" >/dev/null || fail=1
done
ok "$fail" "205 events recorded at the two job weeks"
run ans district --format csv jobweek list --year 2023
is "$(printf '%s\n' "$OUT" | head -n 1)" "ward,title,from,to,placements,trainings,referrals,labour_exports,id" "jobweek list columns"
is "$(printf '%s\n' "$OUT" | awk -F, 'NR > 1 { p += $5; t += $6 } END { print p "/" t }')" "117/88" \
	"the job weeks connected 117 people to jobs and 88 to vocational training"
run ans ak --format csv jobweek list
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1,5,6)" "AK,60,45" "An Khê sees its own job week and its counts"
run ans district --format csv job list --job-week "$WEEK_KD" --kind vocational-training
is "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l | tr -d ' ')" 43 "job list filters by job week and kind"

# --- 54 referrals to the employment service centre in the first quarter
fail=0
for i in $(seq 1 54); do
	d=$(printf '2023-%02d-%02d' $((1 + i % 3)) $((1 + i % 28)))
	ans cg job add --kind employment-centre-referral --name "Người được giới thiệu $i" \
		--employer "Trung tâm Dịch vụ việc làm Đà Nẵng" --date "$d" >/dev/null || fail=1
done
ans cg job add --kind employment-centre-referral --name "Giới thiệu tháng tư" --date 2023-04-03 >/dev/null || fail=1
ok "$fail" "55 referrals recorded in Chính Gián, one of them in April"
run ans district --format csv job list --kind employment-centre-referral --from 2023-01-01 --to 2023-03-31
is "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l | tr -d ' ')" 54 "54 referrals in the first quarter"
is "$(sql_as analyst "SELECT count(*) FROM ansinh.employment_event_v WHERE kind = 'employment-centre-referral' AND occurred_on BETWEEN '2023-01-01' AND '2023-03-31'")" \
	54 "analysts count the same from employment_event_v"

# --- members and named people
HH=$(ans ak household add --code AK-1 --head "Trương Văn Hoành" --group 31)
MID=$(ans ak member add --household AK-1 --name "Trương Thị Mai" --born 2001-05-04 --sex female \
	--citizen-id 048301001234 --relation child)
ok $? "a member to place"
run ans ak job add --kind labour-export --member "$MID" --employer "Công ty Xuất khẩu lao động Đà Nẵng" \
	--trade "điều dưỡng" --date 2023-08-01
is "$RC" 0 "an event for a member"
run ans ak --format csv job list --kind labour-export
like "$OUT" "AK,2023-08-01,labour-export,Trương Thị Mai,048301001234,AK-1," "the list shows the member's name, citizen ID and household"
run ans district job add --kind job-placement --member "$MID" --employer "Công ty Minh Phát" --date 2023-08-05
is "$RC" 0 "the district records an event for a member without naming the ward"
is "$(sql "SELECT ward_code FROM ansinh.employment_event WHERE id = '$OUT'")" AK "it goes to the member's ward"
run ans ak job add --kind job-placement --name "Trương Thị Mai" --citizen-id 048301001234 --date 2023-08-02
is "$RC" 2 "a named person whose citizen ID is a member's is refused"
like "$ERR" "FAILED_PRECONDITION.*belongs to member Trương Thị Mai of household AK-1" "and the error points to the member"
run ans cg job add --kind job-placement --member "$MID" --date 2023-08-02
is "$RC" 2 "ward CG cannot record an event for An Khê's member"
like "$ERR" "NOT_FOUND" "it cannot see the member"
run ans ak job add --kind job-placement --name "Lạc đường" --date 2023-06-14 --job-week "$WEEK_KD"
is "$RC" 2 "an event cannot point to another ward's job week"
like "$ERR" "NOT_FOUND" "with NOT_FOUND"

# --- bad input, named
run ans ak job add --kind job-placement --member "$MID" --name "Both" --date 2023-08-02
is "$RC" 1 "--member and --name together are a usage error"
run ans ak job add --kind job-placement --date 2023-08-02
is "$RC" 1 "one of --member or --name is needed"
run ans ak job add --kind job-placement --member "$MID" --citizen-id 048301001234 --date 2023-08-02
is "$RC" 1 "--citizen-id goes with --name only"
run ans ak job add --kind apprenticeship --name "X" --date 2023-08-02
is "$RC" 1 "an unknown kind is refused before sending"
like "$ERR" "--kind: must be one of job-placement" "naming the flag and the words"
run ans ak job add --kind job-placement --name "X" --citizen-id 123 --date 2023-08-02
is "$RC" 1 "a bad citizen ID is refused"
like "$ERR" "--citizen-id: must be 12 digits" "naming the flag"
run ans district job add --kind job-placement --name "Không phường" --date 2023-08-02
is "$RC" 2 "the district names the ward of a named person's event"
like "$ERR" "ward_code" "naming the field"
run ans auditor job add --kind job-placement --name "X" --date 2023-08-02 --ward AK
is "$RC" 2 "an auditor cannot record an event"
run ans ak job list --from 2023-05-01 --to 2023-04-01
is "$RC" 1 "a list range that ends before it starts is refused"

# --- audit
is "$(sql "SELECT count(*) FROM ansinh.audit_event WHERE table_name = 'employment_event'")" 262 \
	"every event left an audit event"
is "$(sql "SELECT role||'|'||actor FROM ansinh.audit_event WHERE table_name = 'job_week' AND record_id = '$WEEK_KD'")" \
	"district|district" "the job week's audit event names the district token"
