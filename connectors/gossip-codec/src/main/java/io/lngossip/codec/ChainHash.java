package io.lngossip.codec;

import java.util.Objects;

/** The 32-byte chain_hash carried by announcements and updates, in wire order. */
public record ChainHash(Bytes bytes) implements java.io.Serializable {
    /** Bitcoin mainnet: the genesis block hash in wire (little-endian) order. */
    public static final ChainHash BITCOIN_MAINNET =
            fromHex("6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000");

    public ChainHash {
        Objects.requireNonNull(bytes, "bytes cannot be null");
        if (bytes.length() != 32) {
            throw new IllegalArgumentException("chain_hash needs 32 bytes, got " + bytes.length());
        }
    }

    public static ChainHash fromHex(String hex) {
        return new ChainHash(Bytes.fromHex(hex));
    }

    public String hex() {
        return bytes.hex();
    }

    @Override
    public String toString() {
        return hex();
    }
}
