package io.lngossip.codec;

import java.util.HexFormat;

/** Lowercase hexadecimal, the way BOLTs and every Lightning tool print keys, ids and messages. */
public final class Hex {
    private static final HexFormat FORMAT = HexFormat.of();

    private Hex() {}

    public static String encode(byte[] bytes) {
        return FORMAT.formatHex(bytes);
    }

    /**
     * Decodes hex in either case.
     *
     * @throws IllegalArgumentException if the text has an odd length or a non-hex character
     */
    public static byte[] decode(CharSequence hex) {
        return FORMAT.parseHex(hex);
    }
}
