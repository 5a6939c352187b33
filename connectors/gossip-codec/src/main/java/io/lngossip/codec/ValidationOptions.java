package io.lngossip.codec;

import java.io.Serializable;
import java.util.Objects;

/**
 * How strictly input is judged.
 *
 * @param chain the chain_hash announcements and updates must carry
 * @param verifySignatures check signatures (off by default; switchable per deployment)
 * @param futureToleranceSeconds how far a message's timestamp may lie after its receipt time (or the wall clock when
 *     it has none)
 */
public record ValidationOptions(ChainHash chain, boolean verifySignatures, long futureToleranceSeconds)
        implements Serializable {

    public ValidationOptions {
        Objects.requireNonNull(chain, "chain cannot be null");
        if (futureToleranceSeconds < 0) {
            throw new IllegalArgumentException("futureToleranceSeconds must not be negative");
        }
    }

    /** Bitcoin mainnet, no signature checks, one hour of tolerance. */
    public static ValidationOptions defaults() {
        return new ValidationOptions(ChainHash.BITCOIN_MAINNET, false, 3600);
    }

    public ValidationOptions withSignatureChecks(boolean verify) {
        return new ValidationOptions(chain, verify, futureToleranceSeconds);
    }

    public ValidationOptions withChain(ChainHash newChain) {
        return new ValidationOptions(newChain, verifySignatures, futureToleranceSeconds);
    }
}
