#!/usr/bin/env bash
# --help in Vietnamese or English: chosen by --lang (before the noun, after
# the verb, with =), else ANSINH_LANG, else the locale (LC_ALL, LC_MESSAGES,
# LANG); a word other than vi or en is refused with a clear message. Every
# level of help is translated: the main help, a noun's, a command's (its
# paragraph, its flags, the required/default notes) and the global options.
# That every text has its Vietnamese is tests/unit/help_vi.t's.
#
# Needs no database (tests/run-all starts one anyway): plain TAP.
set -uo pipefail

top=${ANSINH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
ANSINH=$top/client/ansinh
n=0
failed=0
echo "1..16"
check() { # check DESCRIPTION COMMAND... ; then the pattern in $want / $unwant
	local out rc
	out=$(env -u LC_ALL -u LC_MESSAGES -u LANG -u ANSINH_LANG "$@" 2>&1)
	rc=$?
	n=$((n+1))
	if { [ -z "${want:-}" ] || grep -Eq -- "$want" <<<"$out"; } &&
		{ [ -z "${unwant:-}" ] || ! grep -Eq -- "$unwant" <<<"$out"; } &&
		[ "$rc" = "${want_rc:-0}" ]; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		echo "# exit $rc, wanted /${want:-}/ not /${unwant:-}/ exit ${want_rc:-0}"
		head -5 <<<"$out" | sed 's/^/#   /'
		failed=$((failed+1))
	fi
	want= unwant= want_rc=
}

desc='--lang vi --help: the main help in Vietnamese'
want='Tùy chọn chung' unwant='Global flags \(also'
check "$ANSINH" --lang vi --help
desc='--lang vi --help: each command summary in Vietnamese'
want='ngôn ngữ của --help'
check "$ANSINH" --lang vi --help
desc='--lang en --help: English'
want='Global flags \(also accepted after the verb\)' unwant='Tùy chọn'
check "$ANSINH" --lang en --help
desc='no --lang, LANG=C: English'
want='^Commands:' unwant='Các lệnh'
check LANG=C "$ANSINH" --help
desc='LANG=vi_VN.UTF-8: Vietnamese'
want='^Các lệnh:'
check LANG=vi_VN.UTF-8 "$ANSINH" --help
desc='LC_ALL=C wins over LANG=vi_VN.UTF-8'
want='^Commands:'
check LC_ALL=C LANG=vi_VN.UTF-8 "$ANSINH" --help
desc='ANSINH_LANG=vi wins over LANG=C'
want='^Các lệnh:'
check ANSINH_LANG=vi LANG=C "$ANSINH" --help
desc='--lang en wins over ANSINH_LANG=vi'
want='^Commands:'
check ANSINH_LANG=vi "$ANSINH" --help --lang en
desc='the noun help in Vietnamese: verbs and their summaries'
want='^Thao tác:' unwant='^Verbs:'
check "$ANSINH" --lang vi household --help
desc='the noun help: the verb summaries are Vietnamese'
want='^  add +[^a-z]*[[:alpha:]]*.*hộ'
check "$ANSINH" --lang vi household --help
desc='the command help with --lang after --help'
want='^Tùy chọn:' unwant='^Flags:'
check "$ANSINH" household add --help --lang vi
desc='the command help with --lang=vi after the verb: required/default notes'
want='\((bắt buộc|mặc định)'
check "$ANSINH" household add --lang=vi --help
desc='the command help: cách dùng line, flag names unchanged'
want='^cách dùng: ansinh household add .*--code'
check "$ANSINH" --lang vi household add --help
desc='--lang xx is refused, naming the flag and the words'
want="--lang: 'xx' must be vi or en" want_rc=1
check "$ANSINH" --lang xx --help
desc='ANSINH_LANG=fr is refused, naming the variable'
want="ANSINH_LANG: 'fr' must be vi or en" want_rc=1
check ANSINH_LANG=fr "$ANSINH" household --help
desc='the report --lang is the global flag: a bad word refused before connecting'
want="--lang: 'fr' must be vi or en" want_rc=1
check "$ANSINH" --server 127.0.0.1:1 report summary --year 2023 --lang fr
[ "$failed" = 0 ]
