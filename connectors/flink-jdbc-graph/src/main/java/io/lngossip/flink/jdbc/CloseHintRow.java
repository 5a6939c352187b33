package io.lngossip.flink.jdbc;

import java.util.Objects;

/** A Core Lightning close hint (deleted / dying) for a scid, from one source. */
public record CloseHintRow(long scid, String kind, String source) {
    public CloseHintRow {
        Objects.requireNonNull(kind, "kind cannot be null");
        Objects.requireNonNull(source, "source cannot be null");
    }
}
