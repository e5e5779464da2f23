-- Each report's note key (AES-256, 32 bytes), kept outside the event log: a report's events carry its note sealed
-- with it, so deleting the row erases the note for good (crypto-shredding) while the log stays as it was appended.
-- Made by the command service when it first seals a note of the report, deleted when a coordinator erases the
-- note; read by the query service to open the notes it projects.
CREATE TABLE note_key (
    report_id UUID  PRIMARY KEY,
    key       BYTEA NOT NULL CHECK (octet_length(key) = 32)
);
