#!/usr/bin/env bash
# A fresh machine: `make check` and `make demo` install what is missing
# before they build anything, and every program the build, the tests and the
# demo call comes from a package that tests/lib/deps.sh installs.
#
#   1. In `make -n -B check`, `make -n -B demo` and `demo-district` (everything out of date,
#      nothing run), tests/lib/deps.sh comes before the first compiler or
#      protoc-c line.
#   2. Every TOOL in deps.sh's table is found on a plain system PATH (or
#      among PostgreSQL's server binaries) and its package is in the list.
#   3. Every program that a build line starts, and every command word of the
#      scripts that resolves to a program, is either in the table or comes
#      from a package every Debian has (Priority required or important).
#
# Needs no database: plain TAP.
set -uo pipefail

top=${ANSINH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$top" || exit 1

T_N=0
T_FAILED=0
ok() {
	T_N=$((T_N + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $T_N - $2"
	else
		echo "not ok $T_N - $2"
		T_FAILED=$((T_FAILED + 1))
	fi
}
diag() { printf '# %s\n' "$@"; }

SYSPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)

declare -A tool_pkg=()
while read -r t p; do tool_pkg[$t]=$p; done < <(tests/lib/deps.sh --tools)
mapfile -t packages < <(tests/lib/deps.sh --packages)
in_packages() {
	local p
	for p in "${packages[@]}"; do [ "$p" = "$1" ] && return 0; done
	return 1
}

# ---------------------------------------------------------------- 1. order
for target in check demo demo-district; do
	out=$(make -s -n -B "$target" 2>&1 | grep -v '^make\[')
	deps_line=$(grep -n -m1 -E '(^|[ /])tests/lib/deps\.sh( |$)' <<<"$out" | cut -d: -f1)
	build_line=$(grep -n -m1 -E '^(cc|gcc|clang|protoc-c)( |$)|PROTOC_C|protoc-c ' <<<"$out" | cut -d: -f1)
	if [ -n "$deps_line" ] && [ -n "$build_line" ] && [ "$deps_line" -lt "$build_line" ]; then
		ok 0 "make $target installs what is missing (line $deps_line) before it builds (line $build_line)"
	else
		ok 1 "make $target installs what is missing before it builds"
		diag "deps.sh at line ${deps_line:-none}, first build line at ${build_line:-none}"
		head -5 <<<"$out" | sed 's/^/#   /'
	fi
done

# ---------------------------------------------------------------- 2. table
where() { # where TOOL -> its path on a plain system PATH, or in PGBIN
	case $1 in */*) return 1 ;; esac # the repo's own scripts
	PATH=$SYSPATH type -P "$1" 2>/dev/null && return 0
	[ -n "$PGBIN" ] && [ -x "$PGBIN/$1" ] && echo "$PGBIN/$1"
}
owner() { # owner PATH -> the package that ships it (through symlinks)
	local p=$1 r pk
	# Debian 12 merged /bin into /usr/bin, but dpkg still knows many
	# files by their /bin or /sbin name.
	for r in "$p" "$(readlink -f "$p")" "${p#/usr}" "$(readlink -f "$p" | sed 's|^/usr||')"; do
		pk=$(dpkg -S "$r" 2>/dev/null | grep -E "^[^ ]+: $r\$" | head -1 | cut -d: -f1)
		[ -n "$pk" ] && { echo "$pk"; return 0; }
	done
	return 1
}
everywhere() { # the package is on every Debian system
	case $(dpkg-query -W -f='${Priority}' "$1" 2>/dev/null) in
	required | important) return 0 ;;
	esac
	return 1
}

bad=()
for t in "${!tool_pkg[@]}"; do
	p=${tool_pkg[$t]}
	if ! in_packages "$p"; then
		bad+=("$t: its package $p is not in the package list")
	elif [ -z "$(where "$t")" ]; then
		bad+=("$t: not found after installing $p")
	fi
done
ok $((${#bad[@]} > 0)) "every tool in deps.sh is installed from a listed package (${#tool_pkg[@]} tools)"
for b in "${bad[@]}"; do diag "$b"; done

# ---------------------------------------------------------------- 3. callers
check_words() { # check_words DESCRIPTION < "SOURCE WORD" lines
	local desc=$1 src w path pk n=0
	local -a miss=()
	local -A seen=()
	while read -r src w; do
		[ -n "${seen[$w]:-}" ] && continue
		seen[$w]=1
		[ -n "${tool_pkg[$w]:-}" ] && { n=$((n + 1)); continue; }
		case $(type -t "$w" 2>/dev/null) in builtin | keyword) continue ;; esac
		path=$(where "$w") || continue
		[ -n "$path" ] || continue
		n=$((n + 1))
		pk=$(owner "$path") || { miss+=("$w ($path, in $src): no package ships it"); continue; }
		in_packages "$pk" && continue
		everywhere "$pk" && continue
		miss+=("$w (package $pk, called in $src) is not in tests/lib/deps.sh")
	done
	ok $((${#miss[@]} > 0)) "$desc ($n programs)"
	local m
	for m in "${miss[@]}"; do diag "$m"; done
}

check_words "every program the build calls comes from a listed package" \
	< <(make -s -n -B check-build all 2>/dev/null | grep -v '^make\[' | awk '{print "Makefile", $1}')

scripts=(tests/run-all tests/lib/*.sh sql/*.sh sql/demo/*.sh sql/docker/* \
	tests/integration/*.t tests/static/*.t tests/fuzz/*.sh tests/bench/*.sh)
check_words "every program the scripts call comes from a listed package" \
	< <(perl tests/static/shell-words.pl "${scripts[@]}")

echo "1..$T_N"
[ "$T_FAILED" -eq 0 ]
