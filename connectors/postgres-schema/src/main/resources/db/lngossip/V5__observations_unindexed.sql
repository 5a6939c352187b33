-- lngossip history schema, version 5: observations keep only their natural key.
--
-- observations_by_time (collector, seen_at_ms) served no statement: the service never reads observations (coverage
-- comes from coverage_hours), and the sinks' insert needs only observations_key. It cost an index entry per sighting
-- in the ingest (every sighting is a row) and 81 MB on the 30-day mainnet-scale benchmark history, 0.03x its raw
-- message bytes (docs/QUERIES.md "Indexes, clustering and costs"). A deployment that queries sightings by collector
-- and time in SQL can create it again: CREATE INDEX ON observations (collector, seen_at_ms).
DROP INDEX IF EXISTS observations_by_time;
