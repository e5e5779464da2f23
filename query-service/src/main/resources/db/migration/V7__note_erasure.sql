-- A report's note can be erased for good (its key, outside the event log, is deleted): the views then show no note
-- and say that it was erased, in every version of the report.
ALTER TABLE report_view ADD COLUMN note_erased BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE report_version ADD COLUMN note_erased BOOLEAN NOT NULL DEFAULT FALSE;
