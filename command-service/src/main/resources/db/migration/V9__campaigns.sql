-- Campaigns (many cities' days of action, one national day), as the command side checks a day's choice of one.
CREATE TABLE campaign_lookup (
    campaign_id VARCHAR(64) PRIMARY KEY,
    name        TEXT        NOT NULL
);
