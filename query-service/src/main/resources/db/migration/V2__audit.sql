-- Which events of the log belong to which day: the day's audit log, and what the integrity check
-- expects to find in the event store.
CREATE TABLE event_index (
    position     BIGINT PRIMARY KEY,
    day_id       VARCHAR(64)  NOT NULL,
    aggregate_id VARCHAR(255) NOT NULL,
    sequence     BIGINT       NOT NULL,
    event_id     VARCHAR(255) NOT NULL
);
CREATE INDEX event_index_day ON event_index (day_id, position);
