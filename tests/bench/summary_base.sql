-- tests/bench/summary_base.sql — the baseline of goal 5: the figures of
-- `ansinh report summary --year :year`, every ward, computed by plain GROUP
-- BY over the base tables: 0066's section queries (kept by 0110 as
-- ansinh.report_*_base for the sections the aggregates now serve, and the
-- unchanged ones for the others), in the order ansinh.report gives them,
-- as CSV with a header. psql -v year=Y -f, as an analyst.
\set ON_ERROR_STOP on
\set f 'make_date(' :year ', 1, 1)'
\set t 'make_date(' :year ', 12, 31)'
COPY (
    SELECT r.section, r.unit_code, r.unit_name, r.key, r.key_name, r.item, r.measure, r.value
      FROM (SELECT 1 AS part, x.* FROM ansinh.report_livelihood_base(:f, :t, NULL) WITH ORDINALITY AS x
            UNION ALL
            SELECT 2, x.* FROM ansinh.report_aid_base(:f, :t, NULL) WITH ORDINALITY AS x
            UNION ALL
            SELECT 3, x.* FROM ansinh.report_houses_base(:f, :t, NULL) WITH ORDINALITY AS x
            UNION ALL
            SELECT 4, x.* FROM ansinh.report_pairings(:f, :t, true, NULL) WITH ORDINALITY AS x
            UNION ALL
            SELECT 5, x.* FROM ansinh.report_programmes(:f, :t, NULL) WITH ORDINALITY AS x
            UNION ALL
            SELECT 6, x.* FROM ansinh.report_employment(:f, :t, NULL) WITH ORDINALITY AS x
            UNION ALL
            SELECT 7, x.* FROM ansinh.report_notices(:f, :t, NULL) WITH ORDINALITY AS x
            UNION ALL
            SELECT 8, x.* FROM ansinh.report_agreements(:f, :t, NULL) WITH ORDINALITY AS x
            UNION ALL
            SELECT 9, x.* FROM ansinh.report_needs_base(:f, :t, NULL) WITH ORDINALITY AS x
            UNION ALL
            SELECT 10, x.* FROM ansinh.report_support_base(:f, :t, NULL, false) WITH ORDINALITY AS x) AS r
     ORDER BY r.part, r.ordinality
) TO STDOUT WITH (FORMAT csv, HEADER);
