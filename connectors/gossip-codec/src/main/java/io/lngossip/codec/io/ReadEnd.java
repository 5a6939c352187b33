package io.lngossip.codec.io;

import java.util.Objects;

/**
 * How a streaming read ended. A reader never throws for bad content: it stops and reports here where and why.
 *
 * @param kind clean end, or the kind of break
 * @param position byte offset (in the uncompressed stream) where the unreadable part starts; the file length when
 *     clean
 * @param detail what was wrong, for people; empty when clean
 */
public record ReadEnd(Kind kind, long position, String detail) {

    public enum Kind {
        /** The input ended exactly after a complete record. */
        CLEAN,
        /** Core Lightning wrote an end-of-store record: the file was replaced, reopen the path to go on. */
        END_OF_STORE,
        /** The last record is cut short: a file still being written; not an error, resume at {@code position}. */
        TORN_TAIL,
        /** The framing is broken: nothing after {@code position} can be trusted. */
        BROKEN,
        /** The underlying stream failed (I/O error, corrupt compressed stream). */
        IO_ERROR
    }

    public ReadEnd {
        Objects.requireNonNull(kind, "kind cannot be null");
        Objects.requireNonNull(detail, "detail cannot be null");
    }

    public static ReadEnd clean(long position) {
        return new ReadEnd(Kind.CLEAN, position, "");
    }

    /** True when everything in the input was read: a clean end or an end-of-store record. */
    public boolean complete() {
        return kind == Kind.CLEAN || kind == Kind.END_OF_STORE;
    }

    @Override
    public String toString() {
        return complete() && detail.isEmpty()
                ? kind.name().toLowerCase(java.util.Locale.ROOT) + " at byte " + position
                : kind.name().toLowerCase(java.util.Locale.ROOT) + " at byte " + position + ": " + detail;
    }
}
