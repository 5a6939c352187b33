package io.lngossip.bench.generator;

import fr.acinq.secp256k1.Secp256k1;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Keys and BOLT #7 signatures from the seed: private keys are SHA-256 of (seed, role, index), public keys their
 * compressed points, and signatures libsecp256k1's deterministic (RFC 6979) compact ECDSA over the double-SHA-256 of
 * the signed part (SEMANTICS §1), so signed output is as reproducible as unsigned output. Not thread-safe (it keeps
 * its digests).
 */
final class Signer {
    static final int NODE_KEY = 1;
    static final int BITCOIN_KEY_1 = 2;
    static final int BITCOIN_KEY_2 = 3;

    private final Secp256k1 secp;
    private final MessageDigest sha;
    private final long seed;

    Signer(long seed) {
        this.seed = seed;
        try {
            this.secp = Secp256k1.Companion.get();
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("cannot load the secp256k1 native library for --sign: " + e, e);
        }
        try {
            this.sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The private key of {@code (role, index)}: valid, and the same for the same seed. */
    byte[] privateKey(int role, int index) {
        for (int attempt = 0; ; attempt++) {
            sha.update("lngossip-generator".getBytes(StandardCharsets.US_ASCII));
            for (long v : new long[] {seed, role, index, attempt}) {
                for (int i = 7; i >= 0; i--) {
                    sha.update((byte) (v >>> (8 * i)));
                }
            }
            byte[] key = sha.digest();
            if (secp.secKeyVerify(key)) {
                return key;
            }
        }
    }

    /** The 33-byte compressed public key of {@code privateKey}. */
    byte[] publicKey(byte[] privateKey) {
        return secp.pubKeyCompress(secp.pubkeyCreate(privateKey));
    }

    /** Signs {@code message} from {@code offset} to its end and writes the 64-byte signature at {@code sigOffset}. */
    void sign(byte[] message, int offset, byte[] privateKey, int sigOffset) {
        signHash(doubleSha256(message, offset), privateKey, message, sigOffset);
    }

    /** Signs a 32-byte hash and writes the 64-byte compact signature into {@code target} at {@code sigOffset}. */
    void signHash(byte[] hash, byte[] privateKey, byte[] target, int sigOffset) {
        byte[] sig = secp.sign(hash, privateKey, null);
        System.arraycopy(sig, 0, target, sigOffset, 64);
    }

    byte[] doubleSha256(byte[] message, int offset) {
        sha.update(message, offset, message.length - offset);
        return sha.digest(sha.digest());
    }
}
