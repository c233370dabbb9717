#!/usr/bin/env bash
# server/ansinhd.service, checked without a running systemd:
#   - the hardening the deployment relies on: a dedicated user (not root),
#     NoNewPrivileges, an empty CapabilityBoundingSet, ProtectSystem=strict,
#     ProtectHome, PrivateTmp, RestrictAddressFamilies to IP and unix
#     sockets, SystemCallFilter=@system-service, the log directory the only
#     ReadWritePaths (and it is where --log-file writes), Restart=on-failure,
#     reload = SIGHUP, a stop timeout longer than --drain-timeout;
#   - ExecStart is `ansinhd serve` with flags the binary accepts (run with
#     --help);
#   - `systemd-analyze verify` accepts the unit (its ExecStart pointed at the
#     built binary) without a warning, and `systemd-analyze security` rates
#     its exposure 2.0 or less (of 10);
#   - and the checks fail on a copy without ProtectSystem and with a
#     renamed flag.
# Plain TAP, no database.
set -uo pipefail

top=${ANSINH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$top" || exit 1
for v in $(compgen -e); do
	case $v in
	ANSINHD_* | ANSINH_*) unset "$v" ;;
	esac
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ansinh-systemd.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# systemd-analyze verify on a copy whose binary exists here.
sed -e "s|^ExecStart=/usr/local/bin/ansinhd |ExecStart=$top/server/ansinhd |" \
	server/ansinhd.service >"$tmp/ansinhd.service"
if command -v systemd-analyze >/dev/null; then
	systemd-analyze verify --man=no "$tmp/ansinhd.service" >"$tmp/verify.out" 2>&1
	echo $? >"$tmp/verify.rc"
	# Exposure 0 (all locked) to 10 (nothing); --threshold is in tenths.
	systemd-analyze security --offline=yes --threshold=20 "$tmp/ansinhd.service" >"$tmp/security.out" 2>&1
	echo $? >"$tmp/security.rc"
fi

python3 - "$top" "$tmp" <<'PY'
import os, re, subprocess, sys, shlex

top, tmp = sys.argv[1], sys.argv[2]
n = failed = 0
def ok(good, desc, problems=()):
    global n, failed
    n += 1
    print(("ok %d - %s" if good else "not ok %d - %s") % (n, desc))
    if not good:
        failed += 1
        for p in problems:
            print("# " + p)

def parse(text):
    """section -> key -> [values] (a key may repeat; an empty value resets)."""
    units, sec = {}, None
    for line in text.splitlines():
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("["):
            sec = units.setdefault(line.strip("[]"), {})
            continue
        k, _, v = line.partition("=")
        sec.setdefault(k.strip(), []).append(v.strip())
    return units

def serve_help():
    out = subprocess.run([top + "/server/ansinhd", "serve", "--help"], capture_output=True, text=True).stdout
    return {m.group(1): m.group(2) for m in re.finditer(r"^\s+--([a-z0-9-]+).*?(?:\(default (\d+)\))?(?: \[\w+\])?$", out, re.M)}

def check(text):
    probs = {}
    u = parse(text)
    s = u.get("Service", {})
    last = lambda k: s[k][-1] if k in s else None
    def want(k, v, desc=None):
        got = last(k)
        probs[desc or "%s=%s" % (k, v)] = [] if got == v else ["%s is %r" % (k, got)]
    user = last("User")
    probs["a dedicated user (User=%s)" % user] = [] if user and user not in ("root", "0") else ["User is %r" % user]
    want("NoNewPrivileges", "yes")
    want("CapabilityBoundingSet", "", "CapabilityBoundingSet= (empty: no capabilities)")
    want("ProtectSystem", "strict")
    want("ProtectHome", "yes")
    want("PrivateTmp", "yes")
    want("Restart", "on-failure")
    fam = set(" ".join(s.get("RestrictAddressFamilies", [])).split())
    probs["RestrictAddressFamilies=%s" % " ".join(sorted(fam))] = \
        [] if {"AF_INET", "AF_INET6"} <= fam <= {"AF_INET", "AF_INET6", "AF_UNIX"} else ["families %r" % sorted(fam)]
    scf = s.get("SystemCallFilter", [])
    probs["SystemCallFilter=@system-service"] = [] if "@system-service" in scf else ["SystemCallFilter %r" % scf]

    exe = shlex.split(last("ExecStart") or "")
    p = []
    if len(exe) < 2 or os.path.basename(exe[0]) != "ansinhd" or exe[1] != "serve":
        p.append("ExecStart is %r" % exe)
    else:
        r = subprocess.run([top + "/server/ansinhd"] + exe[1:] + ["--help"], capture_output=True, text=True,
                           env={k: v for k, v in os.environ.items() if not k.startswith("ANSINH")})
        if r.returncode != 0:
            p.append("ansinhd %s --help: exit %d: %s" % (" ".join(exe[1:]), r.returncode, r.stderr.strip()))
    probs["ExecStart is ansinhd serve with flags it accepts (%s)" % " ".join(exe[2:])] = p

    p = []
    logf = None
    for i, a in enumerate(exe):
        if a == "--log-file" and i + 1 < len(exe):
            logf = exe[i + 1]
        elif a.startswith("--log-file="):
            logf = a.split("=", 1)[1]
    rw = " ".join(s.get("ReadWritePaths", [])).split()
    logs = ["/var/log/" + d for d in " ".join(s.get("LogsDirectory", [])).split()]
    if not logf:
        p.append("no --log-file on ExecStart")
    elif os.path.dirname(logf) not in rw:
        p.append("--log-file %s is not under ReadWritePaths %r" % (logf, rw))
    if logf and os.path.dirname(logf) not in logs:
        p.append("--log-file %s is not in LogsDirectory %r" % (logf, logs))
    if set(rw) - set(logs):
        p.append("ReadWritePaths beyond the log directory: %r" % sorted(set(rw) - set(logs)))
    probs["ReadWritePaths is the log directory only, where --log-file writes (%s)" % logf] = p

    rl = last("ExecReload") or ""
    probs["reload sends SIGHUP (reopens the log)"] = [] if re.search(r"kill -(s )?HUP \$MAINPID", rl) else ["ExecReload is %r" % rl]
    drain = int(serve_help().get("drain-timeout") or 30)
    ts = last("TimeoutStopSec") or "90"
    probs["TimeoutStopSec (%s) is longer than --drain-timeout (%d)" % (ts, drain)] = \
        [] if ts.isdigit() and int(ts) > drain else ["TimeoutStopSec %r" % ts]
    return probs

text = open(os.path.join(top, "server/ansinhd.service")).read()
for d, p in check(text).items():
    ok(not p, "ansinhd.service: " + d, p)

rcf = os.path.join(tmp, "verify.rc")
if os.path.exists(rcf):
    rc = open(rcf).read().strip()
    out = open(os.path.join(tmp, "verify.out")).read().strip()
    ok(rc == "0" and out == "", "systemd-analyze verify accepts the unit", out.splitlines())
    rc = open(os.path.join(tmp, "security.rc")).read().strip()
    out = open(os.path.join(tmp, "security.out")).read()
    m = re.search(r"Overall exposure level for \S+: (\S+)", out)
    ok(rc == "0", "systemd-analyze security: exposure %s (at most 2.0)" % (m.group(1) if m else "?"),
       [l for l in out.splitlines() if "\u2717" in l])
else:
    for what in ("verify", "security"):
        n += 1
        print("ok %d # SKIP systemd-analyze is not installed (%s)" % (n, what))

bad1 = check(re.sub(r"(?m)^ProtectSystem=.*\n", "", text))
bad2 = check(text.replace("--log-file", "--logfile"))
ok(any(bad1.values()) and any(bad2.values()), "the checks fail without ProtectSystem, and on a renamed flag")
print("1..%d" % n)
sys.exit(1 if failed else 0)
PY
