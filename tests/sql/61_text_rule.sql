-- 61_text_rule.sql — the one text rule (0090): every text_problem overload,
-- line_problem and the CHECK helpers give the same verdict on a table of
-- hostile inputs, and refuse all that the C rules (proto/rules.c, rule_text
-- with required set) refuse; the trimmers give one stored form; the two date
-- checkers agree.
-- Run with pg_prove as a superuser against a migrated database (README.md).
BEGIN;
SELECT plan(25);

-- Each row: an input, single-line or multi-line, whether the SQL rule
-- refuses it (as a required field), whether rule_text refuses it, and the
-- sentence (field 'x', at most 10 characters).
CREATE TEMP TABLE hostile (n serial, what text, t text, multiline boolean, refused boolean,
                           c_refused boolean, says text) ON COMMIT DROP;
INSERT INTO hostile (what, t, multiline, refused, c_refused, says) VALUES
  ('plain line',           'Hòa Khê',            false, false, false, NULL),
  ('plain note',           'Hòa Khê',            true,  false, false, NULL),
  ('U+0001 in a line',     E'a\x01b',            false, true,  true,  'x must not contain control characters'),
  ('U+0001 in a note',     E'a\x01b',            true,  true,  true,  'x must not contain control characters'),
  ('DEL in a note',        E'a\x7fb',            true,  true,  true,  'x must not contain control characters'),
  ('U+0085 (C1) in a note', E'a\u0085b',         true,  true,  true,  'x must not contain control characters'),
  ('CR in a line',         E'a\rb',              false, true,  true,  'x must not contain control characters'),
  ('CR LF in a note',      E'a\r\nb',            true,  true,  true,  'x must not contain control characters'),
  ('LF in a line',         E'a\nb',              false, true,  true,  'x must not contain control characters'),
  ('LF in a note',         E'a\nb',              true,  false, false, NULL),
  ('tab in a note',        E'a\tb',              true,  false, false, NULL),
  -- The one difference: rule_text lets a tab through everywhere (a name's
  -- stored form makes it a space); SQL's single line does not.
  ('tab in a line',        E'a\tb',              false, true,  false, 'x must not contain control characters'),
  ('U+202E in a line',     E'Nguy\u202Eahn',     false, true,  true,  'x contains a bidirectional control character (U+202E)'),
  ('U+202E in a note',     E'Nguy\u202Eahn',     true,  true,  true,  'x contains a bidirectional control character (U+202E)'),
  ('U+2066 in a line',     E'L\u2066e',          false, true,  true,  'x contains a bidirectional control character (U+2066)'),
  ('U+061C in a note',     E'L\u061Ce',          true,  true,  true,  'x contains a bidirectional control character (U+061C)'),
  ('U+200B in a line',     E'Tr\u200Bng',        false, true,  true,  'x contains a zero-width character (U+200B)'),
  ('U+FEFF in a note',     E'\uFEFFTrung',       true,  true,  true,  'x contains a zero-width character (U+FEFF)'),
  ('not NFC (Hòa as NFD)', normalize('Hòa', NFD), false, false, false, NULL),
  ('10 characters',        repeat('a', 10),      false, false, false, NULL),
  ('11 characters',        repeat('a', 11),      false, true,  true,  'x is longer than 10 characters'),
  ('11 characters, note',  repeat('a', 11),      true,  true,  true,  'x is longer than 10 characters'),
  ('empty line',           '',                   false, true,  true,  'x is required'),
  ('empty note',           '',                   true,  true,  true,  'x is required'),
  ('blank line',           '   ',                false, true,  true,  'x is required'),
  ('blank note (tab, LF)', E' \t\n ',            true,  true,  true,  'x is required'),
  ('no-break spaces',      E'\u00A0\u3000',      false, true,  true,  'x is required');

-- The verdicts of every form, per row.
CREATE TEMP VIEW verdict AS
SELECT h.*,
       ansinh.text_problem('x', h.t, 10, true, h.multiline) AS five,
       ansinh.text_problem('x', h.t, 10, h.multiline) AS four,
       CASE WHEN h.multiline THEN ansinh.text_problem('x', h.t, 10)
            ELSE ansinh.line_problem('x', h.t, 10, true) END AS other,
       CASE WHEN h.multiline THEN ansinh.is_clean_text(h.t, 10) AND ansinh.is_clean_note(h.t, 10)
            ELSE ansinh.is_clean_line(h.t, 10) END AS clean
  FROM hostile AS h;

SELECT is((SELECT count(*) FILTER (WHERE refused) || ' of ' || count(*) FROM verdict), '21 of 27',
          'the table: 27 inputs, 21 of them refused');
SELECT is((SELECT string_agg(what, ', ' ORDER BY n) FROM verdict WHERE (five IS NOT NULL) <> refused), NULL,
          'text_problem(label, t, max, required, multiline) refuses what the rule refuses');
SELECT is((SELECT string_agg(what, ', ' ORDER BY n) FROM verdict WHERE (four IS NOT NULL) <> refused), NULL,
          'text_problem(what, t, max, multiline) gives the same verdicts');
SELECT is((SELECT string_agg(what, ', ' ORDER BY n) FROM verdict WHERE (other IS NOT NULL) <> refused), NULL,
          'text_problem(what, t, max) on notes and line_problem on lines give the same verdicts');
SELECT is((SELECT string_agg(what, ', ' ORDER BY n) FROM verdict WHERE c_refused AND NOT refused), NULL,
          'everything rule_text refuses, SQL refuses');
SELECT is((SELECT string_agg(what, ', ' ORDER BY n) FROM verdict WHERE refused <> c_refused), 'tab in a line',
          'and more only a tab in a single line');
SELECT is((SELECT string_agg(what, ', ' ORDER BY n) FROM verdict WHERE five IS DISTINCT FROM says), NULL,
          'the sentences name the field and the reason, as rule_text words it for invisible characters');
SELECT is((SELECT string_agg(what, ', ' ORDER BY n) FROM verdict
            WHERE four IS DISTINCT FROM replace(says, 'x is required', 'x must not be empty')
               OR other IS DISTINCT FROM CASE WHEN multiline THEN four ELSE five END), NULL,
          'every form gives the same sentence, but for how an empty text is named');
SELECT is((SELECT string_agg(what, ', ' ORDER BY n) FROM verdict
            WHERE t <> '' AND t = ansinh.tidy_text(t) AND t IS NFC NORMALIZED AND clean = refused), NULL,
          'the CHECK helpers accept a stored value exactly when the rule does');
SELECT is(ansinh.is_clean_label(E'Nguy\u202Eahn', 10), false, 'is_clean_label refuses U+202E');
SELECT is(ansinh.is_clean_label('Hòa Khê', 10), true, 'and takes a clean label');
SELECT is(ansinh.is_clean_line(normalize('Hòa', NFD), 10), false, 'a stored line must be NFC');

-- Absent and optional.
SELECT is(ansinh.text_problem('x', NULL, 10, true, false), 'x is required', 'a required NULL is refused');
SELECT is(ansinh.text_problem('x', NULL, 10, false, true), NULL, 'an optional NULL is not');
SELECT is(ansinh.text_problem('x', '  ', 10, false, false), NULL, 'nor an optional blank');
SELECT is(ansinh.text_problem('x', E'a\nb', 10, false, false), 'x must not contain control characters',
          'an optional line is still checked');
SELECT is(ansinh.text_problem('x', NULL, 10, true), NULL, 'the four-argument form takes NULL as absent');
SELECT is(ansinh.text_problem('x', NULL, 10), NULL, 'so does the three-argument form');
SELECT is(ansinh.line_problem('x', NULL, 10, false), NULL, 'and an optional line');

-- One stored form.
SELECT is((SELECT count(*) FROM hostile AS h
            WHERE ansinh.clean_note(h.t) IS DISTINCT FROM ansinh.clean_text(h.t)
               OR ansinh.clean_text(h.t) IS DISTINCT FROM nullif(ansinh.tidy_text(h.t), '')), 0::bigint,
          'clean_text and clean_note are tidy_text with empty as NULL');
SELECT is(ansinh.tidy_text(E' \r\n' || normalize('Hòa', NFD) || E'\n\tKhê \r\n'), E'Hòa\n\tKhê',
          'tidy_text: NFC, surrounding space, tab, CR and LF removed, inner ones kept');

-- One date checker.
SELECT is((SELECT count(*) FROM (VALUES (date '1899-12-31'), ('1900-01-01'), ('2024-05-01'), (ansinh.today()),
                                        (ansinh.today() + 1), ('2100-12-31'), ('2101-01-01')) AS v (d)
            WHERE ansinh.past_date_problem('d', v.d) IS DISTINCT FROM ansinh.date_problem('d', v.d, false)), 0::bigint,
          'past_date_problem is date_problem without a future');
SELECT is(ansinh.past_date_problem('d', NULL), 'd is required', 'past_date_problem requires the date');
SELECT is(ansinh.date_problem('d', '2999-01-01', false), 'd 2999-01-01 is in the future',
          'a date past 2100 that may not be in the future is in the future');
SELECT is(ansinh.date_problem('d', '2101-01-01', true), 'd 2101-01-01 is after 2100-12-31',
          'one that may is after 2100');

SELECT * FROM finish();
ROLLBACK;
