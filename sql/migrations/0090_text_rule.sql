-- 0090: one text rule, one stored-form trimmer, one date checker.
--
-- Until now three text_problem overloads (0006, 0007, 0009), line_problem
-- and four CHECK helpers each held their own idea of a control character
-- (tab allowed or not, C1 controls allowed or not), none refused the
-- invisible formatting characters the C rules (proto/rules.c, rule_text)
-- refuse, and clean_text, clean_note and tidy_text trimmed different sets of
-- white space. Here the five-argument ansinh.text_problem becomes the one
-- rule; the other overloads and helpers keep their signatures (callers and
-- CHECK constraints use them) and call it. ansinh.tidy_text is the one
-- trimmer, ansinh.date_problem the one date checker.
--
-- The rule (docs/CONTRACTS.md, "Text"): refused are C0 and C1 control
-- characters and DEL (a multi-line text may hold tab and line feed, a single
-- line nothing: its stored form would keep a tab the C side turns into a
-- space only in names), the bidirectional controls U+061C, U+200E, U+200F,
-- U+202A..U+202E, U+2066..U+2069 and the zero-width U+200B..U+200D, U+2060,
-- U+FEFF; a required text that is blank (only white space) and a text longer
-- than its maximum in characters. Input need not be NFC: the stored form is.

-- True when t holds nothing but white space (the C rules' rules_is_space).
CREATE FUNCTION ansinh.is_blank(t text) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN t ~ '^[ \t\n\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]*$';

-- The reason for the first invisible formatting character in t, worded as
-- the C rules word it ("contains a zero-width character (U+200B)"), or NULL.
CREATE FUNCTION ansinh.invisible_problem(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (SELECT pg_catalog.format('contains a %s character (U+%s)',
                                 CASE WHEN c ~ '[\u200b-\u200d\u2060\ufeff]' THEN 'zero-width'
                                      ELSE 'bidirectional control' END,
                                 pg_catalog.upper(pg_catalog.lpad(pg_catalog.to_hex(pg_catalog.ascii(c)), 4, '0')))
          FROM (SELECT pg_catalog.substring(t, '[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]')) AS s (c)
         WHERE c IS NOT NULL);

-- The text rule. label names the field as the user knows it; NULL and blank
-- texts are refused only when required.
CREATE OR REPLACE FUNCTION ansinh.text_problem(label text, t text, max_chars integer, required boolean, multiline boolean)
RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
    WHEN t IS NULL THEN
        CASE WHEN required THEN label || ' is required' END
    WHEN t ~ CASE WHEN multiline THEN '[\x01-\x08\x0b-\x1f\x7f-\x9f]' ELSE '[\x01-\x1f\x7f-\x9f]' END THEN
        label || ' must not contain control characters'
    WHEN ansinh.invisible_problem(t) IS NOT NULL THEN
        label || ' ' || ansinh.invisible_problem(t)
    WHEN ansinh.is_blank(t) THEN
        CASE WHEN required THEN label || ' is required' END
    WHEN pg_catalog.char_length(t) > max_chars THEN
        pg_catalog.format('%s is longer than %s characters', label, max_chars)
END;

-- 0009's form: NULL is absent, an empty or blank text is refused as empty.
CREATE OR REPLACE FUNCTION ansinh.text_problem(what text, t text, max_chars integer, multiline boolean) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN coalesce(ansinh.text_problem(what, t, max_chars, false, multiline),
                CASE WHEN ansinh.is_blank(t) THEN what || ' must not be empty' END);

-- 0006's form: a multi-line text.
CREATE OR REPLACE FUNCTION ansinh.text_problem(what text, t text, max integer) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ansinh.text_problem(what, t, max, true);

-- 0006's single line.
CREATE OR REPLACE FUNCTION ansinh.line_problem(what text, t text, max integer, required boolean) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ansinh.text_problem(what, t, max, required, false);

-- The one stored-form trimmer: NFC, surrounding white space removed; ''
-- stays ''. clean_text and clean_note (empty becomes NULL) call it.
CREATE OR REPLACE FUNCTION ansinh.tidy_text(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN pg_catalog.btrim(normalize(t, NFC), E' \t\r\n');

CREATE OR REPLACE FUNCTION ansinh.clean_text(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN nullif(ansinh.tidy_text(t), '');

CREATE OR REPLACE FUNCTION ansinh.clean_note(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN ansinh.clean_text(t);

-- The CHECK helpers: a stored value (its stored form, non-empty) that the
-- rule accepts.
CREATE OR REPLACE FUNCTION ansinh.is_clean_line(t text, max integer) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN t <> '' AND t = ansinh.tidy_text(t) AND ansinh.text_problem('', t, max, true, false) IS NULL;

CREATE OR REPLACE FUNCTION ansinh.is_clean_text(t text, max integer) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN t <> '' AND t = ansinh.tidy_text(t) AND ansinh.text_problem('', t, max, true, true) IS NULL;

CREATE OR REPLACE FUNCTION ansinh.is_clean_label(t text, max_chars integer) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN t <> '' AND t = ansinh.clean_name(t) AND ansinh.text_problem('', t, max_chars, true, false) IS NULL;

CREATE OR REPLACE FUNCTION ansinh.is_clean_note(t text, max_chars integer) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN ansinh.is_clean_text(t, max_chars);

-- The one date checker: before 1900, in the future when that is not
-- allowed, after 2100. past_date_problem (0006) also requires the date.
CREATE OR REPLACE FUNCTION ansinh.date_problem(label text, d date, future_allowed boolean)
RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE
    WHEN d < '1900-01-01' THEN pg_catalog.format('%s %s is before 1900-01-01', label, ansinh.iso_date(d))
    WHEN NOT future_allowed AND d > ansinh.today() THEN
        pg_catalog.format('%s %s is in the future', label, ansinh.iso_date(d))
    WHEN d > '2100-12-31' THEN pg_catalog.format('%s %s is after 2100-12-31', label, ansinh.iso_date(d))
END;

CREATE OR REPLACE FUNCTION ansinh.past_date_problem(what text, d date)
RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE WHEN d IS NULL THEN what || ' is required' ELSE ansinh.date_problem(what, d, false) END;

COMMENT ON FUNCTION ansinh.is_blank(text) IS
    'True when a text holds only white space (space, tab, line feed, no-break and other Unicode spaces)';
COMMENT ON FUNCTION ansinh.invisible_problem(text) IS
    'The reason for the first bidirectional control or zero-width character in a text, e.g. ''contains a zero-width character (U+200B)'', or NULL';
COMMENT ON FUNCTION ansinh.text_problem(text, text, integer, boolean, boolean) IS
    'The text rule: the sentence for a text that breaks it (required, control characters, bidirectional or zero-width characters, length), or NULL';
COMMENT ON FUNCTION ansinh.text_problem(text, text, integer, boolean) IS
    'The text rule for an optional text that must not be empty when given (NULL: absent)';
COMMENT ON FUNCTION ansinh.text_problem(text, text, integer) IS
    'The text rule for an optional multi-line text that must not be empty when given';
COMMENT ON FUNCTION ansinh.line_problem(text, text, integer, boolean) IS
    'The text rule for a single line of text';
COMMENT ON FUNCTION ansinh.tidy_text(text) IS
    'The stored form of a free text: Unicode NFC, surrounding space, tab, CR and LF removed (line breaks inside are kept)';
COMMENT ON FUNCTION ansinh.clean_text(text) IS
    'ansinh.tidy_text, empty as NULL';
COMMENT ON FUNCTION ansinh.clean_note(text) IS
    'ansinh.tidy_text, empty as NULL (the same as ansinh.clean_text)';
COMMENT ON FUNCTION ansinh.is_clean_line(text, integer) IS
    'CHECK helper: a single line in its stored form (ansinh.tidy_text), non-empty, that the text rule accepts';
COMMENT ON FUNCTION ansinh.is_clean_text(text, integer) IS
    'CHECK helper: a multi-line text in its stored form (ansinh.tidy_text), non-empty, that the text rule accepts';
COMMENT ON FUNCTION ansinh.is_clean_label(text, integer) IS
    'CHECK helper: one line in its stored form (ansinh.clean_name: single spaces), non-empty, that the text rule accepts';
COMMENT ON FUNCTION ansinh.is_clean_note(text, integer) IS
    'CHECK helper: a note in its stored form, the same as ansinh.is_clean_text';
COMMENT ON FUNCTION ansinh.date_problem(text, date, boolean) IS
    'The date checker: the sentence for a date before 1900, in the future when not allowed, or after 2100, or NULL';
COMMENT ON FUNCTION ansinh.past_date_problem(text, date) IS
    'ansinh.date_problem for a required date of something that happened';

-- CHECK constraints call these through the helpers: whoever writes the
-- tables needs them.
GRANT EXECUTE ON FUNCTION
    ansinh.is_blank(text),
    ansinh.invisible_problem(text),
    ansinh.tidy_text(text)
  TO ansinh_daemon, ansinh_analyst;

CALL ansinh.secure_api();
