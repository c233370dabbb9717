#!/usr/bin/env bash
# The daemon's operation table against the migrated schema. For every
# function an entry calls (tests/unit/ops.t --table): it exists, once, in
# its schema; every argument the entry names is one of its input arguments,
# and every input argument without a default is named; every column the
# entry reads is one of its result columns; a set function (.set_function)
# takes one argument per array the set statement passes. Every statement the daemon sends
# prepares. Then an argument and a column renamed in the schema make the
# check fail, naming them.
. "$(dirname "$0")/../lib/common.sh"

TABLE="$T_DIR/optable.tsv"
"$ANSINH_TOP/tests/unit/ops.t" --table >"$TABLE" || {
	echo "Bail out! tests/unit/ops.t --table failed"
	exit 1
}
lines=$(wc -l <"$TABLE")
statements=$(awk -F'\t' '$6 != "-"' "$TABLE" | wc -l)
plan $((lines + statements + 6))

# op_problem(kind, function, args, columns): what does not match, or ''.
sql "CREATE FUNCTION public.op_problem(kind text, fn text, args text[], cols text[])
RETURNS text LANGUAGE plpgsql AS \$\$
DECLARE
    n int;
    p pg_proc;
    modes \"char\"[];
    ins text[] := '{}';
    need text[] := '{}';
    outs text[];
    a text;
    probs text[] := '{}';
BEGIN
    IF kind = 'relation' THEN
        IF to_regclass(fn) IS NULL THEN
            RETURN 'no relation ' || fn;
        END IF;
        outs := ARRAY(SELECT attname::text FROM pg_attribute
                       WHERE attrelid = to_regclass(fn) AND attnum > 0 AND NOT attisdropped);
    ELSE
        SELECT count(*) INTO n FROM pg_proc AS f JOIN pg_namespace AS s ON s.oid = f.pronamespace
         WHERE s.nspname = split_part(fn, '.', 1) AND f.proname = split_part(fn, '.', 2);
        IF n <> 1 THEN
            RETURN format('%s functions named %s', n, fn);
        END IF;
        SELECT f.* INTO p FROM pg_proc AS f JOIN pg_namespace AS s ON s.oid = f.pronamespace
         WHERE s.nspname = split_part(fn, '.', 1) AND f.proname = split_part(fn, '.', 2);
        modes := coalesce(p.proargmodes,
                          array_fill('i'::\"char\", ARRAY[coalesce(cardinality(p.proargnames), 0)]));
        ins := ARRAY(SELECT u.name FROM unnest(coalesce(p.proargnames, '{}'), modes) AS u(name, mode)
                      WHERE u.mode IN ('i', 'b', 'v'));
        need := ins[1:p.pronargs - p.pronargdefaults];
        IF kind = 'set' THEN
            -- A set function (.set_function): called by position, one
            -- array per name given.
            IF p.pronargs <> cardinality(args) THEN
                probs := probs || format('takes %s arguments, the set statement passes %s',
                                         p.pronargs, cardinality(args));
            END IF;
            args := '{}';
            need := '{}';
        END IF;
        outs := ARRAY(SELECT u.name FROM unnest(coalesce(p.proargnames, '{}'), modes) AS u(name, mode)
                       WHERE u.mode IN ('o', 'b', 't'));
        IF cardinality(outs) = 0 THEN
            outs := ARRAY(SELECT attname::text FROM pg_attribute
                           WHERE attrelid = (SELECT typrelid FROM pg_type WHERE oid = p.prorettype)
                             AND attnum > 0 AND NOT attisdropped);
        END IF;
    END IF;
    FOREACH a IN ARRAY args LOOP
        IF NOT a = ANY (ins) THEN
            probs := probs || ('no argument ' || a);
        END IF;
    END LOOP;
    FOREACH a IN ARRAY need LOOP
        IF NOT a = ANY (args) THEN
            probs := probs || ('argument ' || a || ' not given');
        END IF;
    END LOOP;
    FOREACH a IN ARRAY cols LOOP
        IF NOT a = ANY (outs) THEN
            probs := probs || ('no column ' || a);
        END IF;
    END LOOP;
    RETURN array_to_string(probs, '; ');
END
\$\$" || { echo "Bail out! cannot create op_problem"; exit 1; }

# check FILE: one line "request|function|problems" per line of FILE.
check() {
	psql -X -q -At -v ON_ERROR_STOP=1 -U postgres -d "$T_DB" <<-EOF
		CREATE TEMP TABLE optable (body text, kind text, fn text, args text, cols text, stmt text);
		\copy optable FROM '$1'
		SELECT body || '|' || fn || '|' ||
		       public.op_problem(kind, fn,
		                         coalesce(string_to_array(nullif(args, ''), ','), '{}'),
		                         coalesce(string_to_array(nullif(cols, ''), ','), '{}'))
		  FROM optable;
	EOF
}

# --- every function, argument and column the table names exists
problems=$(check "$TABLE")
ok $? "the schema check ran"
while IFS='|' read -r body fn problem; do
	is "$problem" "" "$body: $fn takes the arguments named and returns the columns read"
done <<<"$problems"

# --- every statement prepares (its function, arguments and columns resolve)
n=0
while IFS= read -r line; do
	# Fields may be empty (no arguments): cut, not read, splits them.
	body=$(cut -f1 <<<"$line")
	fn=$(cut -f3 <<<"$line")
	stmt=$(cut -f6 <<<"$line")
	[ "$stmt" = "-" ] && continue
	n=$((n + 1))
	out=$(psql -X -q -At -U postgres -d "$T_DB" -c "PREPARE s$n AS $stmt" 2>&1)
	is "$out" "" "$body: the statement calling $fn prepares"
done <"$TABLE"

# --- the check fails when the schema and the table disagree: a column of
# household_row renamed, an argument of pairing_end renamed
sql "ALTER VIEW ansinh_api.household_row RENAME COLUMN member_count TO members" &&
	sql "DO \$\$
	DECLARE def text := pg_get_functiondef('ansinh_api.pairing_end'::regproc);
	BEGIN
	    DROP FUNCTION ansinh_api.pairing_end(uuid, uuid, text, date, text);
	    EXECUTE replace(def, 'ended_on date, note text)', 'ended_on date, end_note text)');
	END \$\$"
ok $? "setup: a column and an argument renamed"
problems=$(check "$TABLE")
like "$problems" "^household_list\|ansinh_api.household_list\|no column member_count$" \
	"a renamed column fails the check, naming the column"
like "$problems" "^pairing_end\|ansinh_api.pairing_end\|no argument note; argument end_note not given$" \
	"a renamed argument fails the check, naming the argument"
is "$(grep -cE '^[^|]*[|][^|]*[|].' <<<"$problems")" 5 \
	"and only the lines that use them (household get, list, list_expected, find; pairing end)"
sql "ALTER VIEW ansinh_api.household_row RENAME COLUMN members TO member_count"
ok $? "the column renamed back"
