package io.lngossip.bench.generator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What a node announces about itself, drawn to look like mainnet: aliases (words, an emoji now and then, or the
 * first bytes of the node id as LND does by default), colors, feature bits of the common implementations, and
 * addresses (IPv4, IPv6, Tor v3 with a valid checksum) in the mix seen in 2025's gossip.
 */
final class NodeLooks {
    private static final String[] FIRST = {"Sat", "Lightning", "Orange", "Bitcoin", "Node", "Hodl", "Block", "Moon",
        "Stack", "Zap", "Thunder", "Satoshi", "Sovereign", "Silent", "Cosmic", "Electric", "Nakamoto", "Sunny",
        "Frozen", "Wild", "Tiny", "Mighty", "Lucky", "Rapid", "Honest", "Open", "Free", "Deep", "Iron", "Golden"};
    private static final String[] SECOND = {"Router", "Relay", "Hub", "Bridge", "Garden", "Harbor", "Forge", "Vault",
        "River", "Peak", "Station", "Lab", "Works", "Nest", "Spark", "Gate", "Path", "Signal", "Circuit", "Channel",
        "Pleb", "Stacker", "Fox", "Owl", "Bear", "Whale", "Badger", "Tiger", "Otter", "Lynx"};
    private static final String[] SUFFIX = {"", "", "", "", " \u26a1", "\u26a1", " \ud83d\udfe0", " LND", " CLN",
        "-01", "-02", " [myNode]", " \ud83d\ude80", ".io", " node"};

    /** Feature bit sets as the implementations announce them (LND with and without its 2023+ bits, CLN, Eclair). */
    private static final int[][] FEATURES = {
        {0, 5, 7, 8, 12, 14, 17, 19, 23, 25, 27, 31, 45, 47, 51, 55, 181, 261, 2023, 2025},
        {0, 5, 7, 8, 12, 14, 17, 19, 23, 25, 27, 31, 45, 55, 261, 2023},
        {0, 5, 7, 8, 12, 14, 17, 23, 25, 27, 31, 45, 261, 2023},
        {0, 5, 7, 8, 12, 14, 17, 19, 23, 25, 27, 31, 45, 55, 2023},
        {1, 5, 7, 8, 11, 13, 14, 17, 19, 25, 27, 35, 39, 45, 47, 51},
        {1, 5, 7, 9, 11, 13, 14, 17, 19, 25, 27, 39, 45, 47, 51, 55},
        {1, 5, 7, 8, 11, 13, 14, 17, 19, 27, 45, 47, 51, 55}};
    private static final double[] FEATURE_WEIGHTS = {33, 13, 10, 7, 18, 12, 7};

    private NodeLooks() {}

    static int featureTemplate(Rng r) {
        return r.pick(FEATURE_WEIGHTS);
    }

    static int featureTemplates() {
        return FEATURES.length;
    }

    /** The features field: a big-endian bit field of the template's bits, as short as the highest bit allows. */
    static byte[] features(int template) {
        int[] bits = FEATURES[template];
        int highest = bits[bits.length - 1];
        byte[] out = new byte[highest / 8 + 1];
        for (int bit : bits) {
            out[out.length - 1 - bit / 8] |= (byte) (1 << (bit % 8));
        }
        return out;
    }

    /** 32 alias bytes, UTF-8 and zero-padded. */
    static byte[] alias(Rng r, byte[] nodeId) {
        String text;
        if (r.chance(0.15)) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                sb.append(String.format("%02x", nodeId[i] & 0xff));
            }
            text = sb.toString();
        } else {
            text = FIRST[r.nextInt(FIRST.length)] + (r.chance(0.5) ? " " : "")
                    + SECOND[r.nextInt(SECOND.length)] + SUFFIX[r.nextInt(SUFFIX.length)];
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[32];
        System.arraycopy(utf8, 0, out, 0, Math.min(32, utf8.length));
        return out;
    }

    static int color(Rng r) {
        return r.chance(0.2) ? 0x3399ff : r.nextInt(0x1000000);
    }

    /**
     * Address descriptors: IPv4 alone (39%), Tor v3 alone (36%), both (21%), none (2%), or IPv6 with them (2%).
     */
    static byte[] addresses(Rng r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        double x = r.nextDouble();
        boolean ipv4 = x < 0.39 || (x >= 0.75 && x < 0.96) || x >= 0.98;
        boolean tor = (x >= 0.39 && x < 0.96) || x >= 0.98;
        boolean ipv6 = x >= 0.98;
        if (ipv4) {
            out.write(1);
            out.write(1 + r.nextInt(222)); // a public-looking first octet
            for (int i = 0; i < 3; i++) {
                out.write(r.nextInt(256));
            }
            port(out, r);
        }
        if (ipv6) {
            out.write(2);
            out.write(0x20);
            out.write(0x01 + r.nextInt(14));
            for (int i = 0; i < 14; i++) {
                out.write(r.nextInt(256));
            }
            port(out, r);
        }
        if (tor) {
            out.write(4);
            byte[] onion = torV3(r);
            out.write(onion, 0, onion.length);
            port(out, r);
        }
        return out.toByteArray();
    }

    private static void port(ByteArrayOutputStream out, Rng r) {
        int port = r.chance(0.85) ? 9735 : 9700 + r.nextInt(300);
        out.write(port >>> 8);
        out.write(port & 0xff);
    }

    /** 35 bytes: an ed25519-sized key, the checksum Tor v3 defines over it, version 3. */
    private static byte[] torV3(Rng r) {
        byte[] out = new byte[35];
        r.nextBytes(out, 0, 32);
        try {
            MessageDigest sha3 = MessageDigest.getInstance("SHA3-256");
            sha3.update(".onion checksum".getBytes(StandardCharsets.US_ASCII));
            sha3.update(out, 0, 32);
            sha3.update((byte) 3);
            byte[] sum = sha3.digest();
            out[32] = sum[0];
            out[33] = sum[1];
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java 17 runtime has SHA3-256", e);
        }
        out[34] = 3;
        return out;
    }
}
