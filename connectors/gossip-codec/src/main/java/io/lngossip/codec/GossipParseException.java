package io.lngossip.codec;

import java.util.Objects;

/** The one exception decoding throws: the bytes are not a message we accept, and the reason to quarantine them. */
public final class GossipParseException extends Exception {
    private final QuarantineReason reason;

    public GossipParseException(QuarantineReason reason, String detail) {
        super(reason.code() + ": " + detail);
        this.reason = Objects.requireNonNull(reason, "reason cannot be null");
    }

    public QuarantineReason reason() {
        return reason;
    }
}
