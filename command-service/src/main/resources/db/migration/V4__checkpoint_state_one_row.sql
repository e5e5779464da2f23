-- checkpoint_state is a single row. A checkpoint round holds its row lock until it commits
-- (SELECT ... FOR UPDATE SKIP LOCKED), which is what keeps several command-service instances
-- from recording overlapping checkpoints; this key makes sure it stays one row.
ALTER TABLE checkpoint_state ADD COLUMN id SMALLINT NOT NULL DEFAULT 1 PRIMARY KEY CHECK (id = 1);
