package io.lngossip.cli;

import io.lngossip.codec.MessageType;
import io.lngossip.codec.QuarantineReason;
import io.lngossip.codec.io.GossipFileReader;
import io.lngossip.codec.io.ReadEnd;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** What one file held, tallied while reading it, and its one-paragraph rendering. */
final class FileSummary {
    private final String name;
    private final GossipFileReader.Format format;
    private final long[] byType = new long[3];
    private final Map<QuarantineReason, Long> quarantined = new EnumMap<>(QuarantineReason.class);
    private final Map<String, Long> skipped = new TreeMap<>();
    private final Map<String, Long> closeHints = new TreeMap<>();
    private long channelAmounts;
    private long unchecked;
    private ReadEnd end;

    FileSummary(String name, GossipFileReader.Format format) {
        this.name = name;
        this.format = format;
    }

    void accepted(int type) {
        byType[type - MessageType.CHANNEL_ANNOUNCEMENT]++;
    }

    void quarantined(QuarantineReason reason) {
        quarantined.merge(reason, 1L, Long::sum);
    }

    void skipped(String kind) {
        skipped.merge(kind, 1L, Long::sum);
    }

    void closeHint(String kind) {
        closeHints.merge(kind, 1L, Long::sum);
    }

    /** A channel_update accepted without a signature check: its announcement was not seen before it. */
    void unchecked() {
        unchecked++;
    }

    void channelAmount() {
        channelAmounts++;
    }

    void ended(ReadEnd end) {
        this.end = end;
    }

    long messages() {
        return byType[0] + byType[1] + byType[2];
    }

    long count(int type) {
        return byType[type - MessageType.CHANNEL_ANNOUNCEMENT];
    }

    long quarantinedTotal() {
        return quarantined.values().stream().mapToLong(Long::longValue).sum();
    }

    ReadEnd end() {
        return end;
    }

    String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(name).append(": ").append(format).append(", ").append(n(messages())).append(" messages (")
                .append(n(byType[0])).append(" channel_announcement, ")
                .append(n(byType[1])).append(" node_announcement, ")
                .append(n(byType[2])).append(" channel_update)");
        if (end.complete()) {
            sb.append(end.kind() == ReadEnd.Kind.END_OF_STORE ? ", read to its end-of-store record" : ", read to the end")
                    .append(" (").append(n(end.position())).append(" bytes)");
        }
        if (!quarantined.isEmpty()) {
            sb.append(System.lineSeparator()).append("  quarantined: ").append(n(quarantinedTotal())).append(" (")
                    .append(join(quarantined)).append(')');
        }
        if (unchecked > 0) {
            sb.append(System.lineSeparator()).append("  signatures not checked: ").append(n(unchecked))
                    .append(" channel_update (announcement not seen before them)");
        }
        if (channelAmounts > 0) {
            sb.append(System.lineSeparator()).append("  channel amounts: ").append(n(channelAmounts));
        }
        if (!closeHints.isEmpty()) {
            sb.append(System.lineSeparator()).append("  close hints: ").append(join(closeHints));
        }
        if (!skipped.isEmpty()) {
            sb.append(System.lineSeparator()).append("  skipped records: ").append(join(skipped));
        }
        switch (end.kind()) {
            case TORN_TAIL -> sb.append(System.lineSeparator()).append("  torn last record at byte ")
                    .append(n(end.position())).append(" (the file is still being written): ").append(end.detail());
            case BROKEN -> sb.append(System.lineSeparator()).append("  BROKEN at byte ").append(n(end.position()))
                    .append(": ").append(end.detail()).append("; nothing after it was read");
            case IO_ERROR -> sb.append(System.lineSeparator()).append("  READ ERROR at byte ")
                    .append(n(end.position())).append(": ").append(end.detail());
            default -> { }
        }
        return sb.toString();
    }

    private static String join(Map<?, Long> counts) {
        StringBuilder sb = new StringBuilder();
        counts.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(n(v)).append(' ').append(k);
        });
        return sb.toString();
    }

    static String n(long value) {
        return String.format(Locale.US, "%,d", value);
    }
}
