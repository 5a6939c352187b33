package io.lngossip.codec;

import fr.acinq.secp256k1.Secp256k1;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * Checks BOLT #7 signatures with libsecp256k1 (through ACINQ's JNI binding): compact ECDSA signatures over the
 * double-SHA-256 of the signed part of the exact received bytes, trailing TLVs included (SEMANTICS §1):
 * <ul>
 *   <li>channel_announcement: from offset 258 of the message, counting the 2-byte type (the type and the four
 *       signatures are not signed); node_signature_1/2 by node_id_1/2 and bitcoin_signature_1/2 by
 *       bitcoin_key_1/2, all four must verify;</li>
 *   <li>node_announcement: from offset 66, by its node_id;</li>
 *   <li>channel_update: from offset 66, by the node of its direction (node_id_1 for 0, node_id_2 for 1), which only
 *       the channel's announcement tells.</li>
 * </ul>
 * A high-S signature is normalised before verifying: libsecp256k1 rejects the high-S form to prevent malleability,
 * but it is still a signature by that key over those bytes, which is all we check. A malformed key or signature
 * makes a check false, never an exception. Thread-safe.
 */
public final class SignatureVerifier {
    private final Secp256k1 secp;

    private SignatureVerifier(Secp256k1 secp) {
        this.secp = secp;
    }

    /**
     * Loads the native library.
     *
     * @throws IllegalStateException if the native library cannot be loaded on this platform
     */
    public static SignatureVerifier create() {
        try {
            return new SignatureVerifier(Secp256k1.Companion.get());
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("cannot load the secp256k1 native library: " + e, e);
        }
    }

    /** Checks the signatures a message carries by itself: all four of an announcement, a node_announcement's one. */
    public boolean verify(byte[] raw, GossipMessage message) {
        Objects.requireNonNull(raw, "raw cannot be null");
        Objects.requireNonNull(message, "message cannot be null");
        if (message instanceof ChannelAnnouncement a) {
            byte[] hash = hash(raw, GossipCodec.CHANNEL_ANNOUNCEMENT_SIGNED_OFFSET);
            return hash != null
                    && check(a.nodeSignature1(), hash, a.nodeId1().toArray())
                    && check(a.nodeSignature2(), hash, a.nodeId2().toArray())
                    && check(a.bitcoinSignature1(), hash, a.bitcoinKey1().toArray())
                    && check(a.bitcoinSignature2(), hash, a.bitcoinKey2().toArray());
        } else if (message instanceof NodeAnnouncement n) {
            byte[] hash = hash(raw, GossipCodec.SIGNED_OFFSET);
            return hash != null && check(n.signature(), hash, n.nodeId().toArray());
        }
        throw new IllegalArgumentException("a channel_update needs its signer: use verifyChannelUpdate");
    }

    /** Checks a channel_update against the node that must have signed it. */
    public boolean verifyChannelUpdate(byte[] raw, ChannelUpdate update, NodeId signer) {
        Objects.requireNonNull(raw, "raw cannot be null");
        Objects.requireNonNull(update, "update cannot be null");
        Objects.requireNonNull(signer, "signer cannot be null");
        byte[] hash = hash(raw, GossipCodec.SIGNED_OFFSET);
        return hash != null && check(update.signature(), hash, signer.toArray());
    }

    /** Checks a channel_update against the endpoint its direction names in {@code announcement}. */
    public boolean verifyChannelUpdate(byte[] raw, ChannelUpdate update, ChannelAnnouncement announcement) {
        Objects.requireNonNull(announcement, "announcement cannot be null");
        return verifyChannelUpdate(raw, update, announcement.nodeId(update.direction()));
    }

    private boolean check(Bytes signature, byte[] hash, byte[] pubkey) {
        try {
            byte[] sig = signature.toArray();
            byte[] normalized = secp.signatureNormalize(sig).getFirst();
            return secp.verify(normalized, hash, pubkey);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static byte[] hash(byte[] raw, int offset) {
        if (raw.length < offset) {
            return null;
        }
        MessageDigest sha = GossipId.sha256();
        byte[] once = sha.digest(Arrays.copyOfRange(raw, offset, raw.length));
        return sha.digest(once);
    }
}
