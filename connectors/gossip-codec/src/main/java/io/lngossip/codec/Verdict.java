package io.lngossip.codec;

import java.util.Objects;

/** What classification decided about some bytes: accepted (decoded), or quarantined with a reason. */
public sealed interface Verdict permits Verdict.Accepted, Verdict.Quarantined {

    record Accepted(GossipId id, GossipMessage message) implements Verdict {
        public Accepted {
            Objects.requireNonNull(id, "id cannot be null");
            Objects.requireNonNull(message, "message cannot be null");
        }
    }

    record Quarantined(QuarantineReason reason, String detail) implements Verdict {
        public Quarantined {
            Objects.requireNonNull(reason, "reason cannot be null");
            Objects.requireNonNull(detail, "detail cannot be null");
        }
    }
}
