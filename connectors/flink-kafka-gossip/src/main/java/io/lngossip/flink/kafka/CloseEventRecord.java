package io.lngossip.flink.kafka;

import java.util.Objects;

/**
 * A record of the close-events topic: the parsed event, or, when it cannot be parsed, the raw bytes and why (kept
 * for the quarantine, never dropped silently).
 */
public record CloseEventRecord(CloseEvent event, byte[] raw, String error, String source) {
    public CloseEventRecord {
        Objects.requireNonNull(raw, "raw cannot be null");
        Objects.requireNonNull(source, "source cannot be null");
        if ((event == null) == (error == null)) {
            throw new IllegalArgumentException("exactly one of event and error must be set");
        }
    }

    public boolean valid() {
        return event != null;
    }
}
