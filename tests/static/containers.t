#!/usr/bin/env bash
# The container files stay in step with the binaries: Dockerfile and
# docker-compose.yml, checked statically (no Docker engine runs here).
#
#   compose   parses as YAML; the services postgres, migrate and ansinhd;
#             postgres:15 with its data in a named volume and a pg_isready
#             health check; migrate one-shot (`ansinhd migrate`, after
#             postgres is healthy); ansinhd after postgres healthy and
#             migrate completed, with a health check, its client port
#             published and its admin port on the host's loopback only, the
#             container ports those of --listen/--admin-listen; TLS on
#             (--tls-cert, --tls-key) with the files in a read-only volume
#             or a secret; every secret a service names is defined from a
#             file and every *_FILE variable points at one of its secrets;
#             every named volume declared.
#   flags     the Dockerfile's CMD and each service's command are accepted
#             by the binary itself: `ansinhd SUBCOMMAND FLAGS --help` is run
#             (an unknown flag or bad value exits 1), with the service's
#             ANSINHD_* environment at its defaults (so a bad value there
#             fails too).
#   env       every ANSINHD_* variable `ansinhd serve --help` lists is set
#             in the ansinhd service or its flag is on the command line,
#             at ansinhd's own default; no ANSINHD_* variable in compose is
#             unknown to ansinhd or the image's entrypoint; every ANSINHD_*
#             and ANSINH_* name in the C sources (server/, client/) and the
#             entrypoint, and every variable compose reads, is in README.md.
#   image     multi-stage: build FROM debian:12, runtime FROM debian:12-slim;
#             the last USER is not root; a HEALTHCHECK that runs the script
#             the compose health check runs; EXPOSE matches the CMD's ports;
#             every file COPY'd from the context is admitted by
#             .dockerignore; the runtime stage's packages provide every
#             library the binaries need (NEEDED entries, resolved with ldd
#             and mapped to packages with dpkg -S; libc6 and other
#             packages that an Essential package depends on are in every image) and no lib*
#             package the binaries do not need.
#   self      the checks run again on copies with one flag renamed and one
#             library package dropped, and must fail.
#
# Needs python3-yaml (tests/lib/deps.sh), no database: plain TAP.
set -uo pipefail

top=${ANSINH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$top" || exit 1
for v in $(compgen -e); do
	case $v in
	ANSINHD_* | ANSINH_*) unset "$v" ;;
	esac
done
exec python3 - "$top" <<'PY'
import os, re, subprocess, sys, copy

top = sys.argv[1]
os.chdir(top)
ANSINHD = os.path.join(top, "server/ansinhd")
ENTRYPOINT = "sql/docker/ansinhd-entrypoint"
HEALTHCHECK = "sql/docker/ansinhd-healthcheck"

n = 0
failed = 0
def ok(good, desc, problems=()):
    global n, failed
    n += 1
    print(("ok %d - %s" if good else "not ok %d - %s") % (n, desc))
    if not good:
        failed += 1
        for p in problems:
            print("# " + p)

try:
    import yaml
except ImportError:
    print("1..1\nnot ok 1 - python3-yaml is installed (tests/lib/deps.sh)")
    sys.exit(1)

def sh(*args, env=None):
    e = {k: v for k, v in os.environ.items() if not k.startswith("ANSINH")}
    if env:
        e.update(env)
    p = subprocess.run(args, capture_output=True, text=True, env=e)
    return p.returncode, p.stdout, p.stderr

# ------------------------------------------------------------ the binary
def help_of(sub):
    """flag -> (env, default) from `ansinhd SUB --help`."""
    rc, out, _ = sh(ANSINHD, *sub.split(), "--help")
    flags = {}
    for l in out.splitlines():
        m = re.match(r"\s+--([a-z0-9-]+)(?: (?:N|VALUE))?\s+(.*)$", l)
        if not m:
            continue
        rest = m.group(2)
        env = re.search(r"\[(ANSINHD_\w+)\]$", rest)
        dflt = re.search(r"\(default (.*?)\)(?: \[|$)", rest)
        flags[m.group(1)] = (env.group(1) if env else None,
                             dflt.group(1) if dflt else "")
    return rc, flags

rc, serve = help_of("serve")
ok(rc == 0 and "listen" in serve and "tls-cert" in serve,
   "ansinhd serve --help lists its flags (%d)" % len(serve))
_, migrate = help_of("migrate")
serve_env = {e: (f, d) for f, (e, d) in serve.items() if e}
entry_text = open(ENTRYPOINT).read()
entry_env = set(re.findall(r"\b(ANSINHD_\w+)\b", entry_text))
known_env = set(serve_env) | {e for e, _ in migrate.values() if e} | entry_env

def accepted(sub, argv, env):
    """Problems running `ansinhd SUB ARGV --help` with env."""
    rc, out, err = sh(ANSINHD, *sub.split(), *argv, "--help", env=env)
    if rc != 0 or not out.startswith("usage: ansinhd " + sub):
        return ["ansinhd %s %s --help: exit %d: %s" %
                (sub, " ".join(argv), rc, err.strip().splitlines()[0] if err.strip() else out[:80])]
    return []

def flag_names(argv):
    return [a[2:].split("=", 1)[0] for a in argv if a.startswith("--")]

def flag_value(argv, name):
    for i, a in enumerate(argv):
        if a == "--" + name and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith("--" + name + "="):
            return a.split("=", 1)[1]
    return None

def port_of(addr):
    return addr.rsplit(":", 1)[1] if addr and ":" in addr else None

# ------------------------------------------------------------ Dockerfile
def dockerfile(text):
    """[(INSTRUCTION, args)] with continuations joined, comments dropped."""
    out, cur = [], ""
    for line in text.splitlines():
        if not cur and (line.strip().startswith("#") or not line.strip()):
            continue
        if line.strip().startswith("#"):
            continue
        if line.endswith("\\"):
            cur += line[:-1] + " "
            continue
        cur += line
        ins, _, args = cur.strip().partition(" ")
        out.append((ins.upper(), args.strip()))
        cur = ""
    return out

def exec_form(args):
    import json
    try:
        v = json.loads(args)
        return v if isinstance(v, list) else None
    except ValueError:
        return None

def apt_packages(run_args):
    m = re.search(r"apt-get install (.*?)(?:&&|$)", run_args)
    if not m:
        return []
    return [w for w in m.group(1).split() if not w.startswith("-")]

def check_dockerfile(text, ignore_text):
    probs = {}
    ins = dockerfile(text)
    froms = [a for i, a in ins if i == "FROM"]
    stages, cur = [], None
    for i, a in ins:
        if i == "FROM":
            cur = {"from": a, "ins": []}
            stages.append(cur)
        elif cur is not None:
            cur["ins"].append((i, a))
    p = []
    if len(stages) < 2 or not re.match(r"debian:12(\s|$)", froms[0]) \
            or " AS " not in froms[0].upper():
        p.append("the first stage must be FROM debian:12 AS NAME: %r" % froms[:1])
    if not stages or stages[-1]["from"].split()[0] != "debian:12-slim":
        p.append("the runtime stage must be FROM debian:12-slim: %r" % froms[-1:])
    probs["multi-stage: build on debian:12, run on debian:12-slim"] = p
    rt = stages[-1]["ins"] if stages else []

    users = [a for i, a in rt if i == "USER"]
    u = users[-1].split(":")[0] if users else "root"
    probs["the runtime USER is not root (%s)" % u] = \
        [] if u not in ("root", "0", "") else ["USER is %r" % u]

    hc = [a for i, a in rt if i == "HEALTHCHECK"]
    p = []
    hc_cmd = None
    if not hc:
        p.append("no HEALTHCHECK")
    else:
        m = re.search(r"\bCMD\s+(.*)$", hc[-1])
        hc_cmd = exec_form(m.group(1)) if m else None
        if not hc_cmd or not any(os.path.basename(w) == os.path.basename(HEALTHCHECK) for w in hc_cmd):
            p.append("HEALTHCHECK does not run %s: %r" % (HEALTHCHECK, hc[-1]))
    probs["a HEALTHCHECK runs ansinhd-healthcheck"] = p

    # COPY from the context: admitted by .dockerignore.
    admitted = [l[1:].strip() for l in ignore_text.splitlines() if l.startswith("!")]
    p = []
    for i, a in rt + (stages[0]["ins"] if stages else []):
        if i != "COPY" or "--from=" in a:
            continue
        srcs = a.split()[:-1]
        for s in srcs:
            if s == ".":
                continue
            if not os.path.exists(s):
                p.append("COPY %s: no such file" % s)
            elif not any(s == d.rstrip("/") or s.startswith(d) for d in admitted):
                p.append("COPY %s: .dockerignore leaves it out" % s)
    probs["every file COPY'd from the context exists and is admitted by .dockerignore"] = p

    ep = [a for i, a in rt if i == "ENTRYPOINT"]
    cmd = [a for i, a in rt if i == "CMD"]
    epv = exec_form(ep[-1]) if ep else None
    cmdv = exec_form(cmd[-1]) if cmd else None
    p = []
    if not epv or not any(os.path.basename(w) == os.path.basename(ENTRYPOINT) for w in epv):
        p.append("ENTRYPOINT is not %s: %r" % (ENTRYPOINT, ep))
    if not re.search(r'^exec ansinhd "\$@"$', entry_text, re.M):
        p.append("%s does not end in exec ansinhd \"$@\"" % ENTRYPOINT)
    if not cmdv or cmdv[0] != "serve":
        p.append("CMD is not serve …: %r" % cmd)
    probs["ENTRYPOINT runs ansinhd (through %s), CMD is serve" % ENTRYPOINT] = p
    argv = cmdv[1:] if cmdv else []
    probs["the CMD's flags are accepted by ansinhd serve (%s)" % " ".join(flag_names(argv))] = \
        accepted("serve", argv, {}) if cmdv else ["no CMD"]
    p = []
    vols = []
    for i, a in rt:
        if i == "VOLUME":
            v = exec_form(a)
            vols += v if v else a.split()
    for f in ("tls-cert", "tls-key"):
        v = flag_value(argv, f)
        if not v:
            p.append("CMD has no --%s" % f)
        elif not any(v.startswith(d.rstrip("/") + "/") for d in vols):
            p.append("--%s %s is not in a VOLUME %r" % (f, v, vols))
    probs["TLS on by default: --tls-cert and --tls-key in the CMD, from a VOLUME"] = p
    exposed = set()
    for i, a in rt:
        if i == "EXPOSE":
            exposed |= {x.split("/")[0] for x in a.split()}
    want = {port_of(flag_value(argv, "listen")), port_of(flag_value(argv, "admin-listen"))}
    probs["EXPOSE %s is the CMD's --listen and --admin-listen ports" % " ".join(sorted(exposed))] = \
        [] if want == exposed else ["EXPOSE %r, CMD ports %r" % (sorted(exposed), sorted(want))]

    # Runtime libraries.
    pkgs = []
    for i, a in rt:
        if i == "RUN":
            pkgs += apt_packages(a)
    p = []
    need = needed_packages()
    for lib, pk in sorted(need.items()):
        if pk is None:
            p.append("%s: no package ships it" % lib)
        elif pk not in pkgs and not required(pk):
            p.append("%s comes from %s, which the runtime stage does not install" % (lib, pk))
    for pk in pkgs:
        if pk.startswith("lib") and pk not in need.values():
            p.append("%s is installed but no binary needs it" % pk)
    probs["the runtime packages (%s) are the binaries' libraries (%s)" %
          (" ".join(pkgs), " ".join(sorted(set(v for v in need.values() if v))))] = p
    return probs, hc_cmd, cmdv

_needed = None
def needed_packages():
    """NEEDED library -> Debian package, for server/ansinhd and client/ansinh."""
    global _needed
    if _needed is not None:
        return _needed
    _needed = {}
    for b in ("server/ansinhd", "client/ansinh"):
        _, dyn, _ = sh("readelf", "-d", b)
        libs = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dyn)
        _, ldd, _ = sh("ldd", b)
        where = dict(re.findall(r"^\s*(\S+) => (\S+)", ldd, re.M))
        for l in libs:
            # `make asan` links the sanitizers' runtimes; the image's build
            # (plain `make`) never does.
            if re.match(r"lib(a|ub|l|t)san\.so", l):
                continue
            path = where.get(l)
            _needed[l] = owner(path) if path else None
    return _needed

def owner(path):
    cands = [path, os.path.realpath(path)]
    cands += [c[4:] if c.startswith("/usr/") else "/usr" + c for c in list(cands)]
    for c in cands:
        rc, out, _ = sh("dpkg", "-S", c)
        for line in out.splitlines():
            pk, _, f = line.partition(": ")
            if f == c:
                return pk.split(":")[0]
    return None

_base = None
def required(pk):
    """In every Debian image: an Essential package or what one depends on
    (libc6 is Priority optional, but coreutils pre-depends on it)."""
    global _base
    if _base is None:
        _, out, _ = sh("dpkg-query", "-W", "-f=${Package} ${Essential} ${Pre-Depends}, ${Depends}\n")
        _base = set()
        for line in out.splitlines():
            name, ess, deps = (line.split(" ", 2) + ["", ""])[:3]
            if ess == "yes":
                _base.add(name)
                _base |= {re.split(r"[ :(]", d.strip())[0] for d in re.split(r"[,|]", deps) if d.strip()}
    return pk in _base

# ------------------------------------------------------------ compose
def env_of(svc):
    e = svc.get("environment") or {}
    if isinstance(e, list):
        e = dict(x.split("=", 1) if "=" in x else (x, "") for x in e)
    return {k: "" if v is None else str(v) for k, v in e.items()}

def interp_default(v):
    """${VAR:-default} -> (VAR, default); a plain value -> (None, value)."""
    m = re.fullmatch(r"\$\{(\w+):?-([^}]*)\}", v)
    return (m.group(1), m.group(2)) if m else (None, v)

def secret_names(svc):
    return [s if isinstance(s, str) else s.get("source") for s in svc.get("secrets") or []]

def check_compose(c, hc_cmd, docker_cmd):
    probs = {}
    sv = c.get("services") or {}
    probs["the services are postgres, migrate and ansinhd"] = \
        [] if set(sv) == {"postgres", "migrate", "ansinhd"} else ["services: %r" % sorted(sv)]
    pg, mg, ad = sv.get("postgres", {}), sv.get("migrate", {}), sv.get("ansinhd", {})
    topvols = c.get("volumes") or {}
    topsecrets = c.get("secrets") or {}

    p = []
    if str(pg.get("image", "")).split(":")[:2] != ["postgres", "15"]:
        p.append("postgres image is %r" % pg.get("image"))
    if not any(str(v).split(":")[1:2] == ["/var/lib/postgresql/data"] and str(v).split(":")[0] in topvols
               for v in pg.get("volumes") or []):
        p.append("no named volume at /var/lib/postgresql/data")
    t = (pg.get("healthcheck") or {}).get("test") or []
    if "pg_isready" not in (t if isinstance(t, list) else str(t).split()):
        p.append("postgres health check is not pg_isready: %r" % t)
    probs["postgres: postgres:15, data in a named volume, pg_isready health check"] = p

    p = []
    mc = mg.get("command") or []
    if not mc or mc[0] != "migrate":
        p.append("migrate's command is %r" % mc)
    if (mg.get("depends_on") or {}).get("postgres", {}).get("condition") != "service_healthy":
        p.append("migrate does not wait for postgres service_healthy")
    if str(mg.get("restart", "no")) != "no":
        p.append("migrate restarts (%r): it is one-shot" % mg.get("restart"))
    probs["migrate: one-shot ansinhd migrate after postgres is healthy"] = p
    probs["migrate's command is accepted by ansinhd migrate"] = \
        accepted("migrate", mc[1:], {k: v for k, v in env_of(mg).items() if k.startswith("ANSINHD_") and k not in entry_env}) if mc else ["no command"]

    dep = ad.get("depends_on") or {}
    p = []
    if (dep.get("postgres") or {}).get("condition") != "service_healthy":
        p.append("ansinhd does not wait for postgres service_healthy")
    if (dep.get("migrate") or {}).get("condition") != "service_completed_successfully":
        p.append("ansinhd does not wait for migrate service_completed_successfully")
    probs["ansinhd: after postgres healthy and migrate completed"] = p

    ac = ad.get("command") or docker_cmd or []
    argv = ac[1:] if ac and ac[0] == "serve" else None
    env = env_of(ad)
    run_env = {}
    for k, v in env.items():
        if k.startswith("ANSINHD_") and k not in entry_env:
            _, d = interp_default(v)
            run_env[k] = d
    probs["ansinhd's command (serve %s) and environment are accepted by ansinhd serve" %
          " ".join(flag_names(argv or []))] = \
        accepted("serve", argv, run_env) if argv is not None else ["command is not serve …: %r" % ac]
    argv = argv or []

    t = (ad.get("healthcheck") or {}).get("test") or []
    p = []
    if not t or t[0] not in ("CMD", "CMD-SHELL") or t[1:] != (hc_cmd or []):
        p.append("ansinhd's health check %r is not the image's %r" % (t, hc_cmd))
    probs["ansinhd's health check is the image's"] = p

    p = []
    lport, aport = port_of(flag_value(argv, "listen")), port_of(flag_value(argv, "admin-listen"))
    seen = {}
    for spec in ad.get("ports") or []:
        parts = str(spec).split(":")
        seen[parts[-1]] = parts[:-1]
    if lport not in seen:
        p.append("the client port %s (--listen) is not published: %r" % (lport, ad.get("ports")))
    if aport not in seen:
        p.append("the admin port %s (--admin-listen) is not published" % aport)
    elif seen[aport][:1] != ["127.0.0.1"]:
        p.append("the admin port is published on %r, not on 127.0.0.1 only" % seen[aport])
    extra = set(seen) - {lport, aport}
    if extra:
        p.append("published ports no listener uses: %r" % sorted(extra))
    probs["ports: clients %s published, admin %s on the host's loopback only" % (lport, aport)] = p

    p = []
    mounts = []
    for v in ad.get("volumes") or []:
        parts = re.sub(r"\$\{[^}]*\}", "VAR", str(v)).split(":")
        if len(parts) >= 2:
            mounts.append((parts[1], parts[2:] == ["ro"]))
    secrets = secret_names(ad)
    for f in ("tls-cert", "tls-key"):
        v = flag_value(argv, f) or interp_default(env.get(serve.get(f, ("",))[0] or "", ""))[1]
        if not v:
            p.append("TLS is off: no --%s" % f)
            continue
        in_vol = any(v.startswith(m.rstrip("/") + "/") and ro for m, ro in mounts)
        in_sec = v.startswith("/run/secrets/") and v[len("/run/secrets/"):] in secrets
        if not (in_vol or in_sec):
            p.append("--%s %s is in no read-only volume %r nor a secret %r" % (f, v, mounts, secrets))
    probs["TLS on: --tls-cert and --tls-key from a read-only volume or a secret"] = p

    p = []
    for name, s in sv.items():
        for sec in secret_names(s):
            if sec not in topsecrets:
                p.append("%s uses secret %s, which is not defined" % (name, sec))
            elif "file" not in (topsecrets[sec] or {}):
                p.append("secret %s is not from a file" % sec)
        for k, v in env_of(s).items():
            if k.endswith("_FILE") and v.startswith("/run/secrets/") and \
                    v[len("/run/secrets/"):] not in secret_names(s):
                p.append("%s: %s=%s, not one of its secrets" % (name, k, v))
        for v in s.get("volumes") or []:
            src = re.sub(r"\$\{[^}]*\}", "./VAR", str(v)).split(":")[0]
            if not src.startswith((".", "/", "$")) and src not in topvols:
                p.append("%s: volume %s is not declared" % (name, src))
    used = {x for s in sv.values() for x in secret_names(s)}
    for sec in topsecrets:
        if sec not in used:
            p.append("secret %s is used by no service" % sec)
    pwf = env_of(pg).get("POSTGRES_PASSWORD_FILE", "")
    if not pwf.startswith("/run/secrets/"):
        p.append("postgres's password is not from a secret (POSTGRES_PASSWORD_FILE)")
    for name in ("migrate", "ansinhd"):
        if not env_of(sv.get(name, {})).get("ANSINHD_DB_PASSWORD_FILE", "").startswith("/run/secrets/"):
            p.append("%s's database password is not from a secret (ANSINHD_DB_PASSWORD_FILE)" % name)
        if any(k in ("PGPASSWORD", "POSTGRES_PASSWORD") for k in env_of(sv.get(name, {}))):
            p.append("%s has a password in its environment" % name)
    probs["secrets: every one defined from a file and used, passwords only from secrets (%s)" %
          " ".join(sorted(topsecrets))] = p

    p = []
    flags_given = set(flag_names(argv))
    for e, (f, d) in sorted(serve_env.items()):
        if f in flags_given:
            continue
        if e not in env:
            p.append("%s (--%s) is neither in ansinhd's environment nor on its command line" % (e, f))
            continue
        var, dv = interp_default(env[e])
        if var is not None and dv != d and not (e == "ANSINHD_DB"):
            p.append("%s defaults to %r in compose, ansinhd's default is %r" % (e, dv, d))
    for name, s in sv.items():
        for k in env_of(s):
            if k.startswith("ANSINHD_") and k not in known_env:
                p.append("%s: %s is read by neither ansinhd nor the entrypoint" % (name, k))
    probs["every setting of ansinhd serve (%d) is in compose at its default, or on the command line; no unknown ANSINHD_*" % len(serve_env)] = p
    return probs

def compose_vars(text):
    return set(re.findall(r"\$\{(\w+)", text))

# ------------------------------------------------------------ run
df_text = open("Dockerfile").read()
ig_text = open(".dockerignore").read()
cp_text = open("docker-compose.yml").read()
try:
    compose = yaml.safe_load(cp_text)
    ok(isinstance(compose, dict) and "services" in compose, "docker-compose.yml parses as YAML")
except yaml.YAMLError as e:
    ok(False, "docker-compose.yml parses as YAML", [str(e)])
    compose = {}

dprobs, hc_cmd, docker_cmd = check_dockerfile(df_text, ig_text)
for d, p in dprobs.items():
    ok(not p, "Dockerfile: " + d, p)
for d, p in check_compose(compose, hc_cmd, docker_cmd).items():
    ok(not p, "compose: " + d, p)

# Documentation.
names = set()
for d in ("server", "client"):
    for f in sorted(os.listdir(d)):
        if f.endswith((".c", ".h")):
            names |= set(re.findall(r'"(ANSINHD?_[A-Z][A-Z0-9_]*)"', open(os.path.join(d, f)).read()))
names = {x for x in names if "_TEST_" not in x and "__" not in x}
names |= entry_env | compose_vars(cp_text)
names |= {k for s in (compose.get("services") or {}).values() for k in env_of(s) if k.startswith("ANSINH")}
readme = open("README.md").read().replace("\\_", "_")
missing = sorted(x for x in names if not re.search(r"(?<![\w])" + re.escape(x) + r"(?![\w])", readme))
ok(not missing and len(names) > 40,
   "README.md documents every variable the binaries, the entrypoint and compose read (%d)" % len(names),
   ["%s is not in README.md" % x for x in missing])

# The checks can fail: a renamed flag, a dropped library package.
renamed = df_text.replace('"--tls-cert"', '"--tls-certificate"')
bad = check_dockerfile(renamed, ig_text)[0]
c2 = copy.deepcopy(compose)
c2["services"]["ansinhd"]["command"] = [a.replace("--admin-listen", "--admin-addr") for a in c2["services"]["ansinhd"]["command"]]
bad2 = check_compose(c2, hc_cmd, docker_cmd)
dropped = df_text.replace(" libpq5 ", " ")
bad3 = check_dockerfile(dropped, ig_text)[0]
c3 = copy.deepcopy(compose)
c3["services"]["ansinhd"]["environment"]["ANSINHD_DB_POOL"] = "${ANSINHD_DB_POOL:-zero}"
bad4 = check_compose(c3, hc_cmd, docker_cmd)
ok(any(p for p in bad.values()) and any(p for p in bad2.values()) and any(p for p in bad3.values())
   and any(p for p in bad4.values()),
   "the checks fail on a renamed flag (Dockerfile, compose), a dropped libpq5 and a bad default")

print("1..%d" % n)
sys.exit(1 if failed else 0)
PY
