-- When a code was used is the moment its reporter enrolled, and the enrolment's event carries that moment: kept
-- together they would link a code (and whoever received it) to a pseudonym. Only whether a code was used is kept.
ALTER TABLE invite ADD COLUMN used BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE invite SET used = TRUE WHERE used_at IS NOT NULL;
ALTER TABLE invite DROP COLUMN used_at;
