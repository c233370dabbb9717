#!/usr/bin/env bash
# tests/tools/schema-fingerprint.sh — what a chain of migrations leaves in a
# database, as text that two chains can be compared by. Written for the
# squash of 0001–0010 into 0001_baseline (0.1.0); useful for any later one.
#
#   schema-fingerprint.sh build OUT FILE…
#       a private cluster (sql/cluster.sh: initdb --nosync, unix socket in
#       its own directory, a free port; as root the server runs as
#       `postgres`), the FILEs applied in order as ansinh_owner, each in one
#       transaction; the fingerprint written to OUT/ (below); the cluster
#       destroyed.
#   schema-fingerprint.sh compare REV [REV2]
#       builds the chain of sql/migrations as it is at REV (git show) and as
#       it is in the working tree (or at REV2), fingerprints both and diffs
#       them; exit 0 when they are identical. The fingerprints stay in
#       ${TMPDIR:-/tmp}/schema-fingerprint.*/{a,b}.
#
# The fingerprint (OUT/):
#   schema.sql    pg_dump --schema-only (owners and grants included), split
#                 at its "-- Name:" headers and the blocks sorted, so that an
#                 order of creation that differs does not count
#   catalog.txt   one line per object from the catalogues: relations
#                 (kind, owner, persistence, row-level security, options,
#                 grants), columns (number, type, NOT NULL, default,
#                 identity, generated, dropped, grants), constraints,
#                 indexes, triggers, policies (roles, USING, WITH CHECK),
#                 functions and procedures (pg_get_functiondef, owner,
#                 SECURITY DEFINER, volatility, parallel safety, strictness,
#                 cost, rows, proconfig, grants), views, types, comments
#                 (pg_description, pg_shdescription), roles and their
#                 memberships, schemas, default privileges, extensions,
#                 sequences (with their last value); grants are sorted
#   acl-order.txt the grants as PostgreSQL stores them, in order (an
#                 aclitem[] keeps the order of the GRANTs; it has no
#                 meaning, but it shows in pg_dump's GRANT order)
#   data.txt      every row of every table of schemas ansinh and ansinh_api,
#                 as jsonb, sorted, without the values that differ from one
#                 run to the next: columns of type timestamp, timestamptz
#                 and xid8, timestamps inside jsonb values, and the random
#                 secret of ansinh.context_key
#
# The files are applied with psql, each with its ledger row in
# ansinh.schema_migrations as `ansinhd migrate` writes it (the ledger is made
# first and granted last, as migrate does). The ledger's rows are not in
# data.txt: they name the files, which is what a squash changes.
#
# Environment: PG_BINDIR as for sql/cluster.sh.
set -euo pipefail

PROG=${0##*/}
TOP=$(cd "$(dirname "$0")/../.." && pwd -P)
die() { printf '%s: %s\n' "$PROG" "$*" >&2; exit 1; }

usage() {
	sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0" >&2
	exit 2
}

# The runner's ledger and its grants, as server/migrate.c makes them before
# and after the files (keep them in step).
LEDGER_SQL=$(cat <<'EOF'
CREATE SCHEMA IF NOT EXISTS ansinh;
CREATE TABLE IF NOT EXISTS ansinh.schema_migrations (
 version integer PRIMARY KEY,
 name text NOT NULL,
 checksum text NOT NULL,
 applied_at timestamptz NOT NULL DEFAULT now(),
 applied_by text NOT NULL DEFAULT current_user);
EOF
)
LEDGER_GRANTS_SQL=$(cat <<'EOF'
DO $$ BEGIN
IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ansinh_api_owner') THEN
GRANT SELECT ON ansinh.schema_migrations TO ansinh_api_owner;
REVOKE ALL ON ansinh.schema_migrations FROM ansinh_daemon; END IF;
IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ansinh_analyst') THEN
GRANT SELECT ON ansinh.schema_migrations TO ansinh_analyst; END IF;
END $$;
EOF
)

# The catalogue, one line per object; schemas of our own and public.
CATALOG_SQL=$(cat <<'EOF'
\pset footer off
\pset tuples_only on
\pset format unaligned
\pset fieldsep ' | '
CREATE TEMP VIEW ns AS
  SELECT oid, nspname FROM pg_namespace
   WHERE nspname NOT LIKE 'pg\_%' AND nspname <> 'information_schema';
CREATE TEMP VIEW ext_member AS
  SELECT objid, classid FROM pg_depend WHERE deptype = 'e';
CREATE FUNCTION pg_temp.acl(a aclitem[]) RETURNS text LANGUAGE sql IMMUTABLE
  RETURN (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM unnest(a) AS x);

SELECT 'rel', n.nspname || '.' || c.relname, c.relkind, pg_get_userbyid(c.relowner),
       c.relpersistence, c.relrowsecurity, c.relforcerowsecurity, c.reloptions,
       c.relreplident, pg_temp.acl(c.relacl)
  FROM pg_class AS c JOIN ns AS n ON n.oid = c.relnamespace
 WHERE c.oid NOT IN (SELECT objid FROM ext_member)
   AND c.relkind NOT IN ('t')
 ORDER BY 2;

SELECT 'col', n.nspname || '.' || c.relname, a.attnum, a.attname,
       format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity,
       a.attgenerated, a.attisdropped, pg_get_expr(d.adbin, d.adrelid),
       a.attcollation::regcollation, pg_temp.acl(a.attacl)
  FROM pg_attribute AS a
  JOIN pg_class AS c ON c.oid = a.attrelid
  JOIN ns AS n ON n.oid = c.relnamespace
  LEFT JOIN pg_attrdef AS d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
 WHERE a.attnum > 0 AND c.oid NOT IN (SELECT objid FROM ext_member)
   AND c.relkind NOT IN ('t')
 ORDER BY 2, 3;

SELECT 'con', n.nspname || '.' || coalesce(c.relname, t.typname), k.conname, k.contype,
       pg_get_constraintdef(k.oid, true), k.condeferrable, k.condeferred,
       k.convalidated, k.conislocal, k.connoinherit
  FROM pg_constraint AS k
  JOIN ns AS n ON n.oid = k.connamespace
  LEFT JOIN pg_class AS c ON c.oid = k.conrelid
  LEFT JOIN pg_type AS t ON t.oid = k.contypid
 ORDER BY 2, 3;

SELECT 'idx', n.nspname || '.' || c.relname, pg_get_indexdef(i.indexrelid, 0, true),
       i.indisunique, i.indisprimary, i.indisexclusion, i.indimmediate, i.indisvalid
  FROM pg_index AS i
  JOIN pg_class AS c ON c.oid = i.indexrelid
  JOIN ns AS n ON n.oid = c.relnamespace
 WHERE c.oid NOT IN (SELECT objid FROM ext_member)
 ORDER BY 2;

SELECT 'trg', n.nspname || '.' || c.relname, t.tgname, pg_get_triggerdef(t.oid, true), t.tgenabled
  FROM pg_trigger AS t
  JOIN pg_class AS c ON c.oid = t.tgrelid
  JOIN ns AS n ON n.oid = c.relnamespace
 WHERE NOT t.tgisinternal
 ORDER BY 2, 3;

SELECT 'pol', n.nspname || '.' || c.relname, p.polname, p.polcmd, p.polpermissive,
       (SELECT string_agg(CASE r WHEN 0 THEN 'public' ELSE pg_get_userbyid(r) END, ',' ORDER BY 1)
          FROM unnest(p.polroles) AS r),
       pg_get_expr(p.polqual, p.polrelid, true), pg_get_expr(p.polwithcheck, p.polrelid, true)
  FROM pg_policy AS p
  JOIN pg_class AS c ON c.oid = p.polrelid
  JOIN ns AS n ON n.oid = c.relnamespace
 ORDER BY 2, 3;

SELECT 'fn', n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
       p.prokind, pg_get_userbyid(p.proowner), p.prosecdef, p.provolatile, p.proparallel,
       p.proisstrict, p.proleakproof, p.procost, p.prorows, p.proretset,
       pg_get_function_result(p.oid), p.proconfig, pg_temp.acl(p.proacl),
       E'\n' || CASE WHEN p.prokind IN ('f', 'p') THEN pg_get_functiondef(p.oid) END
  FROM pg_proc AS p JOIN ns AS n ON n.oid = p.pronamespace
 WHERE p.oid NOT IN (SELECT objid FROM ext_member)
 ORDER BY 2;

SELECT 'view', n.nspname || '.' || c.relname, E'\n' || pg_get_viewdef(c.oid, true)
  FROM pg_class AS c JOIN ns AS n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('v', 'm')
 ORDER BY 2;

SELECT 'type', n.nspname || '.' || t.typname, t.typtype, pg_get_userbyid(t.typowner),
       format_type(t.typbasetype, t.typtypmod), t.typnotnull,
       (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum AS e WHERE e.enumtypid = t.oid),
       pg_temp.acl(t.typacl)
  FROM pg_type AS t JOIN ns AS n ON n.oid = t.typnamespace
 WHERE t.typtype IN ('d', 'e', 'r', 'm')
    OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
 ORDER BY 2;

SELECT 'comment', pg_describe_object(d.classoid, d.objoid, d.objsubid), d.description
  FROM pg_description AS d
 WHERE d.objoid >= 16384
   AND d.objoid NOT IN (SELECT objid FROM ext_member)
 ORDER BY 2;

SELECT 'shcomment', pg_describe_object(d.classoid, d.objoid, 0), d.description
  FROM pg_shdescription AS d
 WHERE d.objoid >= 16384
 ORDER BY 2;

SELECT 'role', r.rolname, r.rolsuper, r.rolinherit, r.rolcreaterole, r.rolcreatedb,
       r.rolcanlogin, r.rolreplication, r.rolbypassrls, r.rolconnlimit, r.rolconfig
  FROM pg_roles AS r
 WHERE r.rolname !~ '^pg_'
 ORDER BY 2;

SELECT 'member', pg_get_userbyid(m.roleid), pg_get_userbyid(m.member),
       pg_get_userbyid(m.grantor), m.admin_option
  FROM pg_auth_members AS m
 WHERE pg_get_userbyid(m.roleid) !~ '^pg_'
 ORDER BY 2, 3, 4;

SELECT 'schema', n.nspname, pg_get_userbyid(s.nspowner), pg_temp.acl(s.nspacl)
  FROM ns AS n JOIN pg_namespace AS s ON s.oid = n.oid
 ORDER BY 2;

SELECT 'defacl', pg_get_userbyid(d.defaclrole), coalesce(n.nspname, '-'), d.defaclobjtype,
       pg_temp.acl(d.defaclacl)
  FROM pg_default_acl AS d LEFT JOIN pg_namespace AS n ON n.oid = d.defaclnamespace
 ORDER BY 2, 3, 4;

SELECT 'ext', e.extname, e.extversion, n.nspname, pg_get_userbyid(e.extowner)
  FROM pg_extension AS e JOIN pg_namespace AS n ON n.oid = e.extnamespace
 ORDER BY 2;

SELECT 'seq', s.schemaname || '.' || s.sequencename, s.data_type, s.start_value, s.min_value,
       s.max_value, s.increment_by, s.cycle, s.cache_size, s.last_value
  FROM pg_sequences AS s
 WHERE s.schemaname NOT LIKE 'pg\_%'
 ORDER BY 2;

SELECT 'db', d.datname, pg_get_userbyid(d.datdba), pg_temp.acl(d.datacl),
       (SELECT string_agg(c, ',' ORDER BY c) FROM pg_db_role_setting AS s, unnest(s.setconfig) AS c
         WHERE s.setdatabase = d.oid)
  FROM pg_database AS d WHERE d.datname = current_database();
EOF
)

ACL_ORDER_SQL=$(cat <<'EOF'
\pset footer off
\pset tuples_only on
\pset format unaligned
\pset fieldsep ' | '
SELECT 'rel', n.nspname || '.' || c.relname, c.relacl
  FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
 WHERE n.nspname IN ('ansinh', 'ansinh_api') AND c.relacl IS NOT NULL
 ORDER BY 2;
SELECT 'col', n.nspname || '.' || c.relname || '.' || a.attname, a.attacl
  FROM pg_attribute AS a JOIN pg_class AS c ON c.oid = a.attrelid
  JOIN pg_namespace AS n ON n.oid = c.relnamespace
 WHERE n.nspname IN ('ansinh', 'ansinh_api') AND a.attacl IS NOT NULL
 ORDER BY 2;
SELECT 'fn', p.oid::regprocedure::text, p.proacl
  FROM pg_proc AS p JOIN pg_namespace AS n ON n.oid = p.pronamespace
 WHERE n.nspname IN ('ansinh', 'ansinh_api') AND p.proacl IS NOT NULL
 ORDER BY 2;
SELECT 'schema', nspname, nspacl FROM pg_namespace
 WHERE nspname IN ('ansinh', 'ansinh_api', 'public') ORDER BY 2;
EOF
)

# Every table's rows, as jsonb without what differs from run to run.
DATA_SQL=$(cat <<'EOF'
\pset footer off
\pset tuples_only on
\pset format unaligned
DO $$
DECLARE
    r record;
    drop_cols text[];
BEGIN
    CREATE TEMP TABLE fp_rows (tbl text, line text);
    FOR r IN SELECT c.oid, n.nspname, c.relname
               FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
              WHERE n.nspname IN ('ansinh', 'ansinh_api') AND c.relkind IN ('r', 'p')
                AND (n.nspname, c.relname) <> ('ansinh', 'schema_migrations')
              ORDER BY 2, 3
    LOOP
        drop_cols := ARRAY(SELECT a.attname::text FROM pg_attribute AS a
                            WHERE a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
                              AND (a.atttypid IN ('timestamptz'::regtype, 'timestamp'::regtype, 'xid8'::regtype)
                                   -- random by design (0011: the context key)
                                   OR (r.nspname, r.relname, a.attname) = ('ansinh', 'context_key', 'secret')));
        EXECUTE format(
            'INSERT INTO fp_rows SELECT %L, regexp_replace((to_jsonb(t) - %L::text[])::text, '
            '''[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([+-][0-9]{2}(:[0-9]{2})?|Z)?'', '
            '''<time>'', ''g'') FROM %I.%I AS t',
            r.nspname || '.' || r.relname, drop_cols, r.nspname, r.relname);
        INSERT INTO fp_rows
        SELECT r.nspname || '.' || r.relname, '(rows: ' || count(*) || ')'
          FROM fp_rows AS f WHERE f.tbl = r.nspname || '.' || r.relname;
    END LOOP;
END
$$;
SELECT tbl || ' | ' || line FROM fp_rows ORDER BY tbl, line COLLATE "C";
EOF
)

# pg_dump's plain output, blocks sorted by their "-- Name:" header.
sort_dump() {
	awk '
		/^-- Dumped (from|by)/ || /^\\(un)?restrict / { next }
		/^-- Name: / { if (key != "") print key "\t" blk; key = $0; blk = ""; }
		{ gsub(/\\/, "\\\\"); blk = blk $0 "\\n" }
		END { if (key != "") print key "\t" blk }
	' | LC_ALL=C sort | awk -F '\t' '{ s = $2; gsub(/\\n/, "\n", s); gsub(/\\\\/, "\\", s); printf "%s", s }'
}

cmd_build() {
	[ $# -ge 2 ] || usage
	local out=$1 dir f
	shift
	mkdir -p "$out"
	out=$(cd "$out" && pwd -P)
	dir=$(mktemp -d "${TMPDIR:-/tmp}/ansinh-fp.XXXXXX")
	# shellcheck disable=SC2064
	trap "'$TOP/sql/cluster.sh' destroy '$dir' >/dev/null 2>&1; rm -rf '$dir'" EXIT
	"$TOP/sql/cluster.sh" start "$dir" >"$out/cluster.log" 2>&1 ||
		{ cat "$out/cluster.log" >&2; die "cluster did not start"; }
	# shellcheck disable=SC1091
	. "$dir/env"
	local psql=(psql -X -q -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT")
	printf '%s\n' "$LEDGER_SQL" | "${psql[@]}" -U ansinh_owner -d ansinh >>"$out/apply.log" 2>&1 ||
		{ tail -n 20 "$out/apply.log" >&2; die "creating the ledger failed"; }
	local name
	for f in "$@"; do
		name=$(basename "$f" .sql)
		{
			cat "$f"
			printf "\n;INSERT INTO ansinh.schema_migrations (version, name, checksum) VALUES (%d, '%s', '%s');\n" \
				"$((10#${name%%_*}))" "$name" "$(sha256sum <"$f" | cut -d' ' -f1)"
		} | "${psql[@]}" -U ansinh_owner -d ansinh --single-transaction -f - \
			>>"$out/apply.log" 2>&1 ||
			{ tail -n 20 "$out/apply.log" >&2; die "applying $f failed"; }
		printf '%s\n' "$name" >>"$out/files"
	done
	printf '%s\n' "$LEDGER_GRANTS_SQL" | "${psql[@]}" -U ansinh_owner -d ansinh >>"$out/apply.log" 2>&1 ||
		{ tail -n 20 "$out/apply.log" >&2; die "granting on the ledger failed"; }
	pg_dump -h "$PGHOST" -p "$PGPORT" -U postgres --schema-only \
		ansinh | sort_dump >"$out/schema.sql"
	printf '%s\n' "$CATALOG_SQL" | "${psql[@]}" -U postgres -d ansinh >"$out/catalog.txt"
	printf '%s\n' "$ACL_ORDER_SQL" | "${psql[@]}" -U postgres -d ansinh >"$out/acl-order.txt"
	printf '%s\n' "$DATA_SQL" | "${psql[@]}" -U postgres -d ansinh >"$out/data.txt"
	"$TOP/sql/cluster.sh" destroy "$dir" >/dev/null 2>&1 || true
	rm -rf "$dir"
	trap - EXIT
	printf '%s: %s: %s lines of schema, %s of catalogue, %s rows\n' "$PROG" "$out" \
		"$(wc -l <"$out/schema.sql")" "$(wc -l <"$out/catalog.txt")" \
		"$(grep -vc '(rows: ' "$out/data.txt" || true)"
}

# The migration files of REV (a git revision) into DIR, or of the working
# tree when REV is empty.
checkout_migrations() {
	local rev=$1 dir=$2 f
	mkdir -p "$dir"
	if [ -z "$rev" ]; then
		cp "$TOP"/sql/migrations/*.sql "$dir/"
		return
	fi
	for f in $(git -C "$TOP" ls-tree --name-only "$rev" sql/migrations/ | grep '\.sql$'); do
		git -C "$TOP" show "$rev:$f" >"$dir/$(basename "$f")"
	done
}

cmd_compare() {
	[ $# -ge 1 ] && [ $# -le 2 ] || usage
	local work rc=0 x
	work=$(mktemp -d "${TMPDIR:-/tmp}/schema-fingerprint.XXXXXX")
	chmod 0755 "$work"
	checkout_migrations "$1" "$work/a.sql"
	checkout_migrations "${2:-}" "$work/b.sql"
	cmd_build "$work/a" $(printf '%s\n' "$work"/a.sql/*.sql | LC_ALL=C sort)
	cmd_build "$work/b" $(printf '%s\n' "$work"/b.sql/*.sql | LC_ALL=C sort)
	for x in schema.sql catalog.txt acl-order.txt data.txt; do
		if cmp -s "$work/a/$x" "$work/b/$x"; then
			printf '%s: %s identical (%s)\n' "$PROG" "$x" "$(sha256sum <"$work/a/$x" | cut -c1-16)"
		else
			printf '%s: %s DIFFERS:\n' "$PROG" "$x"
			diff -u "$work/a/$x" "$work/b/$x" | head -n 200 || true
			rc=1
		fi
	done
	printf '%s: fingerprints in %s/{a,b}\n' "$PROG" "$work"
	return "$rc"
}

case ${1:-} in
build) shift; cmd_build "$@" ;;
compare) shift; cmd_compare "$@" ;;
*) usage ;;
esac
