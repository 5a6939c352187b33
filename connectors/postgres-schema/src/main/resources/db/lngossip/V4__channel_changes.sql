-- lngossip history schema, version 4: the query service keeps the channels table in memory (docs/QUERY.md "The
-- announcement table").

-- One row per committed change to a channels row, never deleted: the count a reader sees in its snapshot changes
-- exactly when the channels table it sees does, so a copy made at the same count is still the table's. Row triggers
-- fire only for rows really written (an upsert whose WHERE keeps the old row adds nothing); TRUNCATE adds one row.
CREATE TABLE channel_changes (
    changed_at  timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION note_channel_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO channel_changes DEFAULT VALUES;
    RETURN NULL;
END
$$;

CREATE TRIGGER channels_changed AFTER INSERT OR UPDATE OR DELETE ON channels
    FOR EACH ROW EXECUTE FUNCTION note_channel_change();
CREATE TRIGGER channels_truncated AFTER TRUNCATE ON channels
    FOR EACH STATEMENT EXECUTE FUNCTION note_channel_change();
