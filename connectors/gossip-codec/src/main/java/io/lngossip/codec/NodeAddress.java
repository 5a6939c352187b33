package io.lngossip.codec;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One address descriptor of a node_announcement (BOLT #7): IPv4 (1), IPv6 (2), Tor v2 (3, deprecated), Tor v3 (4),
 * DNS hostname (5).
 *
 * @param type the descriptor type
 * @param host the address as text: dotted IPv4, IPv6 in brackets, {@code .onion} name or hostname
 * @param port the TCP port
 */
public record NodeAddress(int type, String host, int port) {

    /**
     * Parses the descriptors in order. As BOLT #7 says, parsing stops at the first unknown type (its length is not
     * known); a descriptor cut short is dropped likewise. The raw bytes stay in the message either way.
     */
    public static List<NodeAddress> parseAll(Bytes addresses) {
        byte[] b = addresses.toArray();
        List<NodeAddress> out = new ArrayList<>();
        int pos = 0;
        while (pos < b.length) {
            int type = b[pos] & 0xff;
            int len = switch (type) {
                case 1 -> 4;
                case 2 -> 16;
                case 3 -> 10;
                case 4 -> 35;
                case 5 -> pos + 1 < b.length ? 1 + (b[pos + 1] & 0xff) : Integer.MAX_VALUE;
                default -> -1;
            };
            if (len < 0 || len == Integer.MAX_VALUE || b.length - pos - 1 < len + 2) {
                break;
            }
            int start = pos + 1;
            int port = ((b[start + len] & 0xff) << 8) | (b[start + len + 1] & 0xff);
            out.add(new NodeAddress(type, host(type, b, start, len), port));
            pos = start + len + 2;
        }
        return List.copyOf(out);
    }

    private static String host(int type, byte[] b, int start, int len) {
        byte[] part = java.util.Arrays.copyOfRange(b, start, start + len);
        return switch (type) {
            case 1, 2 -> ip(part, type == 2);
            case 3, 4 -> base32(part) + ".onion";
            case 5 -> new String(part, 1, part.length - 1, StandardCharsets.US_ASCII);
            default -> throw new IllegalArgumentException("type " + type);
        };
    }

    private static String ip(byte[] addr, boolean v6) {
        try {
            String text = InetAddress.getByAddress(addr).getHostAddress();
            return v6 ? "[" + text + "]" : text;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    private static String base32(byte[] data) {
        final String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        StringBuilder sb = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte value : data) {
            buffer = (buffer << 8) | (value & 0xff);
            bits += 8;
            while (bits >= 5) {
                sb.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(alphabet.charAt((buffer << (5 - bits)) & 31));
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    /** {@code host:port}. */
    @Override
    public String toString() {
        return host + ":" + port;
    }
}
