#!/usr/bin/env bash
# make install with PREFIX and DESTDIR: exactly the two binaries, the two man
# pages and the systemd unit, with their modes, under DESTDIR/PREFIX; the
# unit's ExecStart names the installed binary; installed binaries run and
# the installed unit passes systemd-analyze verify; PREFIX defaults to
# /usr/local; make uninstall removes every file it installed.
# Needs the build (make check builds first); plain TAP, no database.
set -uo pipefail

top=${ANSINH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$top" || exit 1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ansinh-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

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

# --- DESTDIR and PREFIX
make -s install DESTDIR="$tmp/dest" PREFIX=/opt/ansinh >"$tmp/install.out" 2>&1
ok $? "make install DESTDIR=… PREFIX=/opt/ansinh succeeds"
sed 's/^/#   /' "$tmp/install.out"
got=$(cd "$tmp/dest" && find . -type f -printf '%m %P\n' | sort)
want='644 opt/ansinh/lib/systemd/system/ansinhd.service
644 opt/ansinh/share/man/man1/ansinh.1
644 opt/ansinh/share/man/man8/ansinhd.8
755 opt/ansinh/bin/ansinh
755 opt/ansinh/bin/ansinhd'
[ "$got" = "$want" ]
ok $? "it installs exactly the binaries, the man pages and the unit, with their modes"
[ "$got" = "$want" ] || diag "got:" "$got"
cmp -s server/ansinhd "$tmp/dest/opt/ansinh/bin/ansinhd" && cmp -s client/ansinh "$tmp/dest/opt/ansinh/bin/ansinh"
ok $? "the binaries are the ones built"
exec_start=$(grep '^ExecStart=' "$tmp/dest/opt/ansinh/lib/systemd/system/ansinhd.service")
[ "$exec_start" = "ExecStart=/opt/ansinh/bin/ansinhd serve --log-file /var/log/ansinhd/ansinhd.log" ]
ok $? "the unit's ExecStart names the installed binary ($exec_start)"
diff <(grep -v 'ansinhd serve\|ansinhd check-config' server/ansinhd.service) \
	<(grep -v 'ansinhd serve\|ansinhd check-config' "$tmp/dest/opt/ansinh/lib/systemd/system/ansinhd.service") >/dev/null
ok $? "and the rest of the unit is as in server/ansinhd.service"

make -s uninstall DESTDIR="$tmp/dest" PREFIX=/opt/ansinh >/dev/null 2>&1
left=$(find "$tmp/dest" -type f)
[ -z "$left" ]
ok $? "make uninstall removes every file"
[ -z "$left" ] || diag "left: $left"

# --- the default PREFIX
make -s -n install DESTDIR="$tmp/d2" >"$tmp/n.out" 2>&1
grep -q "$tmp/d2/usr/local/bin/" "$tmp/n.out" && grep -q "$tmp/d2/usr/local/share/man/man8/" "$tmp/n.out" &&
	grep -q "$tmp/d2/usr/local/lib/systemd/system/" "$tmp/n.out"
ok $? "PREFIX defaults to /usr/local"

# --- installed for real under a prefix: it runs
p=$tmp/prefix
make -s install PREFIX="$p" >/dev/null 2>&1
ok $? "make install PREFIX=$p (no DESTDIR)"
"$p/bin/ansinhd" version | grep -q '^ansinhd ' && "$p/bin/ansinh" --version >/dev/null 2>&1
ok $? "the installed ansinhd and ansinh run"
cmp -s man/ansinhd.8 "$p/share/man/man8/ansinhd.8" && cmp -s man/ansinh.1 "$p/share/man/man1/ansinh.1"
ok $? "the installed man pages are the tree's"
if command -v systemd-analyze >/dev/null; then
	out=$(systemd-analyze verify --man=no "$p/lib/systemd/system/ansinhd.service" 2>&1)
	[ -z "$out" ]
	ok $? "systemd-analyze verify accepts the installed unit"
	[ -z "$out" ] || diag "$out"
else
	T_N=$((T_N + 1))
	echo "ok $T_N # SKIP systemd-analyze is not installed"
fi

echo "1..$T_N"
[ "$T_FAILED" -eq 0 ]
