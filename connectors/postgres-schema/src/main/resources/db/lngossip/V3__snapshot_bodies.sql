-- lngossip history schema, version 3: the fast snapshot (docs/QUERY.md "How an answer is made").

-- Announcements are timeless and most of a snapshot's bytes: this index holds their bytes in scid order, so a snapshot
-- streams them with one index-only range scan instead of one lookup each. Keyed (scid, gossip_id): the first entry of
-- a scid is its canonical announcement.
CREATE INDEX messages_announcements_by_scid ON messages (scid, gossip_id) INCLUDE (raw) WHERE type = 256;

-- Materialized bodies: every few hours, the bytes of every half-channel's latest canonical update and every node's
-- latest node_announcement at an instant (the state of the checkpoint at that instant, orphans included), in snapshot
-- order, split into chunks (docs/FORMAT.md "Snapshot body"). Written by the rebuilder from stored data, usable under
-- the same rule as checkpoints: unless an invalidation with a greater seq covers the instant.
CREATE TABLE snapshot_bodies (
    instant        bigint   PRIMARY KEY,
    format_version smallint NOT NULL,
    seq            bigint   NOT NULL,
    chunks         integer  NOT NULL,
    half_channels  integer  NOT NULL,
    nodes          integer  NOT NULL,
    bytes          bigint   NOT NULL,
    written_at_ms  bigint   NOT NULL
);

CREATE TABLE snapshot_body_chunks (
    instant   bigint  NOT NULL,
    chunk     integer NOT NULL,
    seq       bigint  NOT NULL,                     -- the body's seq: a chunk of an older write is never read with a newer head
    data      bytea   NOT NULL,
    PRIMARY KEY (instant, chunk)
);
-- Chunks are random bytes mostly (signatures): stored uncompressed, so reading one is a plain copy.
ALTER TABLE snapshot_body_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
