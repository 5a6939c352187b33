-- lngossip history schema, version 1.
-- Every key is a bigint or a hash: nothing here can run out. Every write the job does is an idempotent upsert on one
-- of these keys, so replays and restarts of an at-least-once sink neither duplicate nor lose rows.
-- Times are unix seconds (bigint) unless the column name ends in _ms.

-- Every distinct message ever ingested, stored once: the exact bytes and the fields queries filter on.
CREATE TABLE messages (
    gossip_id   bytea    PRIMARY KEY,                -- SHA-256(raw)
    type        smallint NOT NULL CHECK (type IN (256, 257, 258)),
    scid        bigint,                              -- channel_announcement, channel_update (u64 as signed bigint)
    direction   smallint CHECK (direction IN (0, 1)),-- channel_update
    node_id     bytea,                               -- node_announcement
    node_id_1   bytea,                               -- channel_announcement
    node_id_2   bytea,                               -- channel_announcement
    timestamp   bigint,                              -- channel_update, node_announcement
    first_seen  bigint,                              -- earliest receipt time of any observation; null when none known
    raw         bytea    NOT NULL
);
CREATE INDEX messages_by_scid ON messages (scid, timestamp) WHERE scid IS NOT NULL;
CREATE INDEX messages_by_node ON messages (node_id, timestamp) WHERE node_id IS NOT NULL;
CREATE INDEX messages_by_time ON messages (timestamp) WHERE timestamp IS NOT NULL;
CREATE INDEX messages_by_endpoint_1 ON messages (node_id_1) WHERE node_id_1 IS NOT NULL;
CREATE INDEX messages_by_endpoint_2 ON messages (node_id_2) WHERE node_id_2 IS NOT NULL;

-- Every sighting of a message: which collector saw it when (null: the input had no receipt time).
CREATE TABLE observations (
    gossip_id   bytea  NOT NULL,
    collector   text   NOT NULL,
    seen_at_ms  bigint,
    source      text   NOT NULL,
    CONSTRAINT observations_key UNIQUE NULLS NOT DISTINCT (gossip_id, collector, seen_at_ms)
);
CREATE INDEX observations_by_time ON observations (collector, seen_at_ms);

-- The channel_announcement of each scid: the smallest gossip_id among those seen (SEMANTICS §3). Timeless.
CREATE TABLE channels (
    scid          bigint PRIMARY KEY,
    gossip_id     bytea  NOT NULL,
    node_id_1     bytea  NOT NULL,
    node_id_2     bytea  NOT NULL
);
CREATE INDEX channels_by_node_1 ON channels (node_id_1);
CREATE INDEX channels_by_node_2 ON channels (node_id_2);

-- Funding amounts where a source knew them (Core Lightning's gossip_store 4101 records).
CREATE TABLE channel_capacities (
    scid          bigint PRIMARY KEY,
    capacity_sat  bigint NOT NULL
);

-- Deltas: the canonical channel_update of each (scid, direction, timestamp) slot: the smallest gossip_id.
CREATE TABLE half_channel_updates (
    scid        bigint   NOT NULL,
    direction   smallint NOT NULL CHECK (direction IN (0, 1)),
    timestamp   bigint   NOT NULL,
    gossip_id   bytea    NOT NULL,
    PRIMARY KEY (scid, direction, timestamp)
);
CREATE INDEX half_channel_updates_by_time ON half_channel_updates (timestamp);

-- Deltas: the canonical node_announcement of each (node_id, timestamp) slot.
CREATE TABLE node_updates (
    node_id     bytea  NOT NULL,
    timestamp   bigint NOT NULL,
    gossip_id   bytea  NOT NULL,
    PRIMARY KEY (node_id, timestamp)
);
CREATE INDEX node_updates_by_time ON node_updates (timestamp);

-- Closes: the earliest closed_at known for a scid.
CREATE TABLE channel_closes (
    scid        bigint PRIMARY KEY,
    closed_at   bigint NOT NULL
);
CREATE INDEX channel_closes_by_time ON channel_closes (closed_at);

-- Close hints from Core Lightning stores (4103 deleted, 4106 dying): no close time, so they change no answer.
CREATE TABLE close_hints (
    scid        bigint NOT NULL,
    kind        text   NOT NULL,
    source      text   NOT NULL,
    PRIMARY KEY (scid, kind, source)
);

-- Snapshot checkpoints: the reconciled state at an instant, encoded as docs/FORMAT.md says.
-- A checkpoint is usable unless an invalidation written after it (greater seq) covers its instant: late data (a
-- message older than it that changes it) made it stale, and the planner skips it until it is rebuilt. seq orders the
-- job's writes whatever order the sinks flush them in.
CREATE TABLE checkpoints (
    instant        bigint   PRIMARY KEY,
    format_version smallint NOT NULL,
    complete       boolean  NOT NULL DEFAULT true,
    seq            bigint   NOT NULL,
    body           bytea    NOT NULL,
    channels       integer  NOT NULL,
    half_channels  integer  NOT NULL,
    nodes          integer  NOT NULL,
    written_at_ms  bigint   NOT NULL
);

CREATE TABLE checkpoint_invalidations (
    seq            bigint PRIMARY KEY,
    from_instant   bigint NOT NULL,                 -- inclusive
    to_instant     bigint NOT NULL                  -- exclusive
);

-- Bad input, kept with its bytes, source and reason (SEMANTICS §3). Keyed by the observation, so a replay of the same
-- input does not add rows.
CREATE TABLE quarantine (
    observation_key bytea  PRIMARY KEY,               -- SHA-256 of bytes, source and receipt time
    raw             bytea  NOT NULL,
    source          text   NOT NULL,
    collector       text   NOT NULL,
    seen_at_ms      bigint,
    reason          text   NOT NULL,
    detail          text   NOT NULL,
    quarantined_at_ms bigint NOT NULL
);
CREATE INDEX quarantine_by_reason ON quarantine (reason);

-- Hourly network figures for /v1/stats, written by the job: messages by type whose time falls in the hour (absolute
-- counts kept by the job), and the network at the end of the hour (Snapshot with the default maxAge). Written by two
-- statements, so either half may be null for a while.
CREATE TABLE network_stats_hourly (
    hour                   bigint PRIMARY KEY,        -- unix seconds at the start of the hour
    channel_announcements  bigint,
    node_announcements     bigint,
    channel_updates        bigint,
    channels               bigint,
    half_channels          bigint,
    nodes                  bigint,
    capacity_sat           bigint,
    median_fee_base_msat   bigint,
    median_fee_ppm         bigint
);

-- Which hours of message time each collector's input covered, for /v1/coverage. Counts are absolute values kept by
-- the job (upserted, never incremented), so a replayed write cannot double them.
CREATE TABLE coverage_hours (
    collector   text   NOT NULL,
    hour        bigint NOT NULL,
    messages    bigint NOT NULL,
    PRIMARY KEY (collector, hour)
);

-- How far the job's output is complete: every message with timestamp <= event_time_watermark that the job has seen
-- is in the tables above. Written when a Flink checkpoint completes (all sinks flushed).
CREATE TABLE ingest_progress (
    job                   text   PRIMARY KEY,
    event_time_watermark  bigint NOT NULL,
    checkpoint_id         bigint NOT NULL,
    updated_at_ms         bigint NOT NULL
);
