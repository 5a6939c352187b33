package io.lngossip.codec;

/**
 * Why a message was set aside instead of ingested (SEMANTICS §3). Quarantine is per observation: the same bytes may be
 * accepted from another source. The {@link #code()} is what storage, metrics and the API show.
 */
public enum QuarantineReason {
    /** A fixed field of the message is missing: the bytes end too early. */
    TRUNCATED("truncated"),
    /** The 2-byte type is not one of 256, 257, 258. */
    UNKNOWN_TYPE("unknown type"),
    /** The chain_hash is not the configured chain. */
    WRONG_CHAIN("wrong chain"),
    /** A length prefix inside the message (features, addresses) runs past its end, or a field has an impossible value. */
    BAD_LENGTH("bad length"),
    /** The message's timestamp is more than one hour after its receipt time (or the import's wall clock). */
    FUTURE_TIMESTAMP("future timestamp"),
    /** Signature checking is on and a signature does not verify. */
    BAD_SIGNATURE("bad signature"),
    /** A gossip_store record whose crc does not match its message. */
    BAD_CRC("bad crc"),
    /** A key that is not a compressed secp256k1 point encoding (first byte neither 02 nor 03). */
    BAD_NODE_ID("bad node id");

    private final String code;

    QuarantineReason(String code) {
        this.code = code;
    }

    /** The stable, human-readable name stored with the quarantined bytes. */
    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return code;
    }
}
