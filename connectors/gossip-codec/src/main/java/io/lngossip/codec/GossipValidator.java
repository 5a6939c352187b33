package io.lngossip.codec;

import java.util.Objects;

/**
 * Classifies received bytes (SEMANTICS §3): a message is accepted, or quarantined because it cannot be parsed (a
 * fixed field missing), has an unknown type, belongs to another chain, is dated more than the tolerance after its
 * receipt time (after the wall clock when it has none), or, with checking on, carries a bad signature. Never throws for
 * bad bytes.
 *
 * <p>A channel_update's signature needs its channel's announcement, which a stateless check does not have: {@link
 * #classify} accepts updates on signature grounds, and the stateful caller calls {@link #checkUpdateSignature} once
 * the announcement is known. An update whose announcement never arrives is an orphan and is never checked.
 */
public final class GossipValidator {
    private final ValidationOptions options;
    private final SignatureVerifier verifier;

    public GossipValidator(ValidationOptions options) {
        this.options = Objects.requireNonNull(options, "options cannot be null");
        this.verifier = options.verifySignatures() ? SignatureVerifier.create() : null;
    }

    public ValidationOptions options() {
        return options;
    }

    /**
     * @param receivedAtSeconds the receipt time, or null when the input has none
     * @param wallClockSeconds now, for inputs without receipt time
     */
    public Verdict classify(byte[] raw, Long receivedAtSeconds, long wallClockSeconds) {
        Objects.requireNonNull(raw, "raw cannot be null");
        GossipMessage message;
        try {
            message = GossipCodec.decode(raw);
        } catch (GossipParseException e) {
            return new Verdict.Quarantined(e.reason(), e.getMessage());
        }
        ChainHash chain = chainOf(message);
        if (chain != null && !chain.equals(options.chain())) {
            return new Verdict.Quarantined(QuarantineReason.WRONG_CHAIN, "chain_hash " + chain.hex());
        }
        Long timestamp = timestampOf(message);
        long reference = receivedAtSeconds != null ? receivedAtSeconds : wallClockSeconds;
        if (timestamp != null && timestamp - reference > options.futureToleranceSeconds()) {
            return new Verdict.Quarantined(QuarantineReason.FUTURE_TIMESTAMP, "timestamp " + timestamp + " is "
                    + (timestamp - reference) + " s after " + (receivedAtSeconds != null ? "its receipt time"
                    : "the wall clock") + " " + reference);
        }
        if (verifier != null && !(message instanceof ChannelUpdate) && !verifier.verify(raw, message)) {
            return new Verdict.Quarantined(QuarantineReason.BAD_SIGNATURE, MessageType.name(message.type())
                    + " signature does not verify");
        }
        return new Verdict.Accepted(GossipId.of(raw), message);
    }

    /**
     * The signature verdict of an accepted channel_update once its announcement is known: accepted when checking is
     * off or the signature is by the node of its direction.
     */
    public Verdict checkUpdateSignature(byte[] raw, ChannelUpdate update, ChannelAnnouncement announcement) {
        Objects.requireNonNull(raw, "raw cannot be null");
        if (verifier != null && !verifier.verifyChannelUpdate(raw, update, announcement)) {
            return new Verdict.Quarantined(QuarantineReason.BAD_SIGNATURE, "channel_update signature is not by "
                    + announcement.nodeId(update.direction()).hex());
        }
        return new Verdict.Accepted(GossipId.of(raw), update);
    }

    private static ChainHash chainOf(GossipMessage m) {
        if (m instanceof ChannelAnnouncement a) {
            return a.chainHash();
        } else if (m instanceof ChannelUpdate u) {
            return u.chainHash();
        }
        return null;
    }

    private static Long timestampOf(GossipMessage m) {
        if (m instanceof ChannelUpdate u) {
            return u.timestamp();
        } else if (m instanceof NodeAnnouncement n) {
            return n.timestamp();
        }
        return null;
    }
}
