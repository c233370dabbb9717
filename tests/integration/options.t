#!/usr/bin/env bash
# Every option is documented.
#
# The binaries' own --help is the list of what exists:
#   ansinhd: each subcommand named by `ansinhd --help` (serve, migrate, token
#     create, token list, token revoke; not version) is asked for --help, and
#     every --flag and ANSINHD_* variable printed must appear in
#     man/ansinhd.8 and in README.md; each subcommand must appear in
#     man/ansinhd.8 as "ansinhd SUBCOMMAND".
#   ansinh: `ansinh --help`, then `ansinh NOUN --help` and
#     `ansinh NOUN VERB --help` for each command it lists; every --flag and
#     ANSINH_* variable printed must appear in man/ansinh.1 and in README.md;
#     each command must appear in man/ansinh.1 as "NOUN VERB".
# A string counts only as a whole word: --ward is not found in --ward-x, nor
# ANSINHD_DB in ANSINHD_DB_POOL. In the man pages roff's \- is read as -, and
# font and zero-width escapes (\fB, \&, \%) are ignored; in README.md a
# Markdown-escaped \- or \_ is read as - or _.
#
# Needs no database (tests/run-all starts one anyway): plain TAP, no common.sh.
set -uo pipefail

top=${ANSINH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
ANSINHD=$top/server/ansinhd
ANSINH=$top/client/ansinh
MAN8=$top/man/ansinhd.8
MAN1=$top/man/ansinh.1
README=$top/README.md

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ansinh-options.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# --help must not depend on whoever runs the test: no settings from the
# environment, no config file.
for v in $(compgen -e); do
	case $v in
	ANSINHD_* | ANSINH_*) unset "$v" ;;
	esac
done
export HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config
mkdir -p "$HOME"

T_N=0
ok() { # ok STATUS DESCRIPTION — STATUS 0 passes
	T_N=$((T_N + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $T_N - $2"
	else
		echo "not ok $T_N - $2"
	fi
}
diag() { printf '# %s\n' "$@"; }

# ---------------------------------------------------------------- sources

# normalized FILE KIND > OUT: the text a reader sees, as far as words go.
normalized() {
	if [ ! -f "$1" ]; then
		return 1
	fi
	case $2 in
	roff)
		sed -e 's/\\f\[[^]]*\]//g' -e 's/\\f([A-Za-z][A-Za-z]//g' \
			-e 's/\\f[A-Za-z1-4]//g' -e 's/\\[&%c]//g' \
			-e 's/\\(hy/-/g' -e 's/\\(mi/-/g' -e 's/\\\[hy\]/-/g' \
			-e 's/\\-/-/g' "$1"
		;;
	markdown)
		sed -e 's/\\\([-_]\)/\1/g' "$1"
		;;
	esac
}

declare -A text have
for f in "$MAN8:roff" "$MAN1:roff" "$README:markdown"; do
	path=${f%:*}
	name=${path#"$top"/}
	out=$tmp/$(basename "$path").txt
	if normalized "$path" "${f##*:}" >"$out"; then
		have[$name]=1
	else
		have[$name]=0
		: >"$out"
	fi
	text[$name]=$out
done
for name in man/ansinhd.8 man/ansinh.1 README.md; do
	ok $((1 - ${have[$name]})) "$name exists"
done

# mentions NAME KIND STRING: does document NAME hold STRING as a word?
# KIND flag: [A-Za-z0-9-] may not touch it; env: [A-Za-z0-9_] may not;
# phrase: neither.
mentions() {
	local class
	case $2 in
	flag) class='A-Za-z0-9_-' ;;
	env) class='A-Za-z0-9_' ;;
	phrase) class='A-Za-z0-9_-' ;;
	esac
	grep -Eq -e "(^|[^$class])$3(\$|[^$class])" "${text[$1]}"
}

declare -A missing
# check DOC KIND STRING WHERE: one test.
check() {
	if mentions "$1" "$2" "$3"; then
		ok 0 "$1 mentions $3"
	else
		ok 1 "$1 mentions $3 ($4)"
		missing[$1]+=" $3"
	fi
}

flags_in() { grep -oE -- '--[a-z]([a-z0-9-]*[a-z0-9])?' "$@" | sort -u; }
envs_in() { grep -oE -- "$1"'[A-Z0-9_]*[A-Z0-9]' "${@:2}" | sort -u; }

# ---------------------------------------------------------------- ansinhd

"$ANSINHD" --help >"$tmp/d-top" 2>&1
ok $? "ansinhd --help exits 0"
# "ansinhd serve [flags]", "ansinhd token create --role …": the words after
# "ansinhd" up to the first that is not a lower-case word.
mapfile -t subs < <(grep -oE 'ansinhd [a-z][a-z-]*( [a-z]+)?' "$tmp/d-top" |
	sed 's/^ansinhd //' | sort -u)
if [ ${#subs[@]} -lt 3 ]; then
	ok 1 "ansinhd --help lists its subcommands"
	diag "got: ${subs[*]-}"
fi
: >"$tmp/d-help"
for sub in "${subs[@]}"; do
	check man/ansinhd.8 phrase "ansinhd $sub" "a subcommand"
	case $sub in
	version | help) continue ;;
	esac
	# shellcheck disable=SC2086 # "token create" is two words
	"$ANSINHD" $sub --help >"$tmp/d-one" 2>&1
	ok $? "ansinhd $sub --help exits 0"
	cat "$tmp/d-one" >>"$tmp/d-help"
done
mapfile -t dflags < <(flags_in "$tmp/d-help")
mapfile -t denvs < <(envs_in ANSINHD_ "$tmp/d-help")
if [ ${#dflags[@]} -lt 10 ] || [ ${#denvs[@]} -lt 10 ]; then
	ok 1 "ansinhd's --help output names its flags and variables"
	diag "flags: ${dflags[*]-}" "variables: ${denvs[*]-}"
fi
for doc in man/ansinhd.8 README.md; do
	for s in "${dflags[@]}"; do check "$doc" flag "$s" "ansinhd flag"; done
	for s in "${denvs[@]}"; do check "$doc" env "$s" "ansinhd variable"; done
done

# ---------------------------------------------------------------- ansinh

"$ANSINH" --help >"$tmp/c-top" 2>&1
ok $? "ansinh --help exits 0"
cp "$tmp/c-top" "$tmp/c-help"
# Command lines: "  ansinh household add --code C …", "  ansinh ward list".
mapfile -t cmds < <(sed -n 's/^  ansinh \([a-z].*\)$/\1/p' "$tmp/c-top" |
	awk '{ c = $1; if ($2 ~ /^[a-z][a-z0-9-]*$/) c = c " " $2; print c }' |
	sort -u)
if [ ${#cmds[@]} -lt 3 ]; then
	ok 1 "ansinh --help lists its commands"
	diag "got: ${cmds[*]-}"
fi
mapfile -t nouns < <(printf '%s\n' "${cmds[@]}" | awk 'NF { print $1 }' | sort -u)
for noun in "${nouns[@]}"; do
	"$ANSINH" "$noun" --help >"$tmp/c-one" 2>&1
	ok $? "ansinh $noun --help exits 0"
	cat "$tmp/c-one" >>"$tmp/c-help"
done
for cmd in "${cmds[@]}"; do
	check man/ansinh.1 phrase "$cmd" "a command"
	case $cmd in
	*' '*) ;;
	*) continue ;; # a one-word command: done as a noun
	esac
	# shellcheck disable=SC2086 # "household add" is two words
	"$ANSINH" $cmd --help >"$tmp/c-one" 2>&1
	ok $? "ansinh $cmd --help exits 0"
	cat "$tmp/c-one" >>"$tmp/c-help"
done
mapfile -t cflags < <(flags_in "$tmp/c-help")
mapfile -t cenvs < <(envs_in ANSINH_ "$tmp/c-top")
if [ ${#cflags[@]} -lt 10 ]; then
	ok 1 "ansinh's --help output names its flags"
	diag "flags: ${cflags[*]-}"
fi
for doc in man/ansinh.1 README.md; do
	for s in "${cflags[@]}"; do check "$doc" flag "$s" "ansinh flag"; done
	for s in "${cenvs[@]}"; do check "$doc" env "$s" "ansinh variable"; done
done

# ---------------------------------------------------------------- summary

for doc in man/ansinhd.8 man/ansinh.1 README.md; do
	if [ -n "${missing[$doc]-}" ]; then
		diag "$doc lacks:${missing[$doc]}"
	fi
done
echo "1..$T_N"
