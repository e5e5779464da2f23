-- Versions are read by day in log order (the engine, exports as known at K) and by report (histories): the index
-- by day and recorded time served nothing the log-order one does not, and cost every appended version an entry.
DROP INDEX report_version_day;
