-- How far the integrity checkpoints have covered the event log.
CREATE TABLE checkpoint_state (
    up_to BIGINT NOT NULL
);
INSERT INTO checkpoint_state (up_to) VALUES (0);
