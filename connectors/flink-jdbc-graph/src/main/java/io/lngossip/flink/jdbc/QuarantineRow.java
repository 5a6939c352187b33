package io.lngossip.flink.jdbc;

import io.lngossip.codec.QuarantineReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * Bad input kept with its bytes, source and reason. {@code observationKey} makes a replay of the same observation an
 * update of the same row.
 */
public record QuarantineRow(byte[] observationKey, byte[] raw, String source, String collector, Long seenAtMs,
        String reason, String detail, long quarantinedAtMs) {

    public QuarantineRow {
        Objects.requireNonNull(observationKey, "observationKey cannot be null");
        Objects.requireNonNull(raw, "raw cannot be null");
        Objects.requireNonNull(source, "source cannot be null");
        Objects.requireNonNull(collector, "collector cannot be null");
        Objects.requireNonNull(reason, "reason cannot be null");
        Objects.requireNonNull(detail, "detail cannot be null");
    }

    public static QuarantineRow of(byte[] raw, String source, String collector, Long seenAtMs,
            QuarantineReason reason, String detail, long nowMs) {
        return of(raw, source, collector, seenAtMs, reason.code(), detail, nowMs);
    }

    public static QuarantineRow of(byte[] raw, String source, String collector, Long seenAtMs, String reason,
            String detail, long nowMs) {
        return new QuarantineRow(key(raw, source, seenAtMs), raw, source, collector, seenAtMs, reason, detail, nowMs);
    }

    /** SHA-256 over the bytes, the source and the receipt time: one row per observation. */
    static byte[] key(byte[] raw, String source, Long seenAtMs) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(raw);
            byte[] src = source.getBytes(StandardCharsets.UTF_8);
            sha.update(ByteBuffer.allocate(4).putInt(src.length).array());
            sha.update(src);
            sha.update(ByteBuffer.allocate(9).put((byte) (seenAtMs == null ? 0 : 1))
                    .putLong(seenAtMs == null ? 0 : seenAtMs).array());
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
