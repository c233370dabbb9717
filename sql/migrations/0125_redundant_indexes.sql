-- 0125 — seven indexes that another index already is.
--
-- The baseline indexed each ward-scoped record's id (household_id_idx and
-- six more) before 0012 made the id unique on its own (household_id_key
-- and the like): since then each of these tables carries two b-trees of
-- the same column, and every insert writes both. The unique one serves
-- every lookup the plain one served (an equality or a range on the id);
-- the plain ones go. tests/sql/00_schema.sql checks that no two indexes
-- of a table in ansinh are the same (columns, expressions, operator
-- classes, predicate).

DROP INDEX ansinh.household_id_idx;
DROP INDEX ansinh.person_id_idx;
DROP INDEX ansinh.dialogue_id_idx;
DROP INDEX ansinh.need_id_idx;
DROP INDEX ansinh.support_id_idx;
DROP INDEX ansinh.poverty_assessment_id_idx;
DROP INDEX ansinh.casefile_plan_item_id_idx;
