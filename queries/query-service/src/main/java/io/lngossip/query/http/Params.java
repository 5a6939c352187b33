package io.lngossip.query.http;

import io.lngossip.codec.NodeId;
import io.lngossip.codec.ShortChannelId;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Parsing of the API's parameters (SEMANTICS §7), each failure a {@link BadParameterException} that names the
 * parameter and says what was wrong. Pure functions of strings, so they are tested without a server.
 */
public final class Params {
    /** A maxAge of {@code unbounded}: no pruning. */
    public static final long UNBOUNDED = Long.MAX_VALUE;
    public static final long DEFAULT_MAX_AGE = 1_209_600L;
    /** How much of a bad value an error message repeats: enough to recognise it, never a whole oversized input. */
    static final int SHOWN_LENGTH = 80;

    private Params() {}

    /**
     * A time: unix seconds, or ISO-8601 with a zone ({@code 2025-08-19T17:00:00Z}, {@code ...+02:00}); fractional
     * seconds are floored.
     */
    public static long time(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new BadParameterException(name, "parameter '" + name + "' is required");
        }
        String v = value.trim();
        if (isDigits(v)) {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new BadParameterException(name, "parameter '" + name + "' is too large: " + shown(value));
            }
        }
        try {
            return OffsetDateTime.parse(v, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toEpochSecond();
        } catch (DateTimeException e) {
            String hint = v.matches("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+") ? " (add a zone, e.g. Z)" : "";
            throw new BadParameterException(name, "parameter '" + name
                    + "' must be unix seconds or ISO-8601 with a zone, e.g. 2025-08-19T17:00:00Z" + hint + ": "
                    + shown(value));
        }
    }

    /** An optional time: null when absent. */
    public static Long optionalTime(String name, String value) {
        return value == null || value.isEmpty() ? null : time(name, value);
    }

    /** Checks {@code from <= to} where both are given. */
    public static void ordered(String fromName, Long from, String toName, Long to) {
        if (from != null && to != null && to < from) {
            throw new BadParameterException(toName, "parameter '" + toName + "' (" + to + ") is before '" + fromName
                    + "' (" + from + ")");
        }
    }

    /** maxAge: a non-negative integer of seconds or {@code unbounded}; the default when absent. */
    public static long maxAge(String value) {
        if (value == null || value.isEmpty()) {
            return DEFAULT_MAX_AGE;
        }
        if (value.equalsIgnoreCase("unbounded")) {
            return UNBOUNDED;
        }
        if (isDigits(value)) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                // falls through to the error
            }
        }
        throw new BadParameterException("maxAge", "parameter 'maxAge' must be a non-negative integer of seconds or"
                + " 'unbounded': " + shown(value));
    }

    public static ShortChannelId scid(String value) {
        try {
            return ShortChannelId.parse(value);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("scid", cut(e.getMessage()));
        }
    }

    public static NodeId nodeId(String value) {
        try {
            return NodeId.parse(value == null ? null : value.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("node_id", cut(e.getMessage()));
        }
    }

    /** The answer format, one of {@code allowed}; the first allowed one when absent. */
    public static Format format(String value, Format... allowed) {
        Format f = value == null || value.isEmpty() ? allowed[0] : Format.parse(value);
        for (Format a : allowed) {
            if (a == f) {
                return f;
            }
        }
        StringBuilder names = new StringBuilder();
        for (Format a : allowed) {
            names.append(names.length() == 0 ? "" : ", ").append(a.label());
        }
        throw new BadParameterException("format", "parameter 'format' must be one of " + names + ": "
                + shown(value));
    }

    /** A positive step in seconds, e.g. for stats; the default when absent. */
    public static OptionalLong positiveSeconds(String name, String value) {
        if (value == null || value.isEmpty()) {
            return OptionalLong.empty();
        }
        if (isDigits(value) && value.length() < 12 && Long.parseLong(value) > 0) {
            return OptionalLong.of(Long.parseLong(value));
        }
        throw new BadParameterException(name, "parameter '" + name + "' must be a positive integer of seconds: "
                + shown(value));
    }

    /**
     * The request's query as a whole: at most {@code maxParameters} values, names and values at most {@code maxLength}
     * characters, each parameter given once (which of two values would count is not for the service to guess).
     */
    public static void checkQuery(java.util.Map<String, java.util.List<String>> query, int maxParameters,
            int maxLength) {
        int count = 0;
        for (var e : query.entrySet()) {
            String name = e.getKey();
            if (name.length() > maxLength) {
                throw new BadParameterException(shown(name), "a parameter name is longer than " + maxLength
                        + " characters: " + shown(name));
            }
            count += e.getValue().size();
            if (count > maxParameters) {
                throw new BadParameterException(shown(name), "more than " + maxParameters
                        + " query parameters");
            }
            if (e.getValue().size() > 1) {
                throw new BadParameterException(name, "parameter '" + name + "' is given " + e.getValue().size()
                        + " times; give it once");
            }
            for (String v : e.getValue()) {
                if (v.length() > maxLength) {
                    throw new BadParameterException(name, "parameter '" + name + "' is longer than " + maxLength
                            + " characters: " + shown(v));
                }
            }
        }
    }

    /** Only ASCII digits: {@link Character#isDigit} would also let other scripts' digits through. */
    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** A bad value as an error message repeats it: cut to {@link #SHOWN_LENGTH} characters. */
    static String shown(String value) {
        return value.length() <= SHOWN_LENGTH ? value : value.substring(0, SHOWN_LENGTH) + "... ("
                + value.length() + " characters)";
    }

    private static String cut(String message) {
        return message.length() <= 2 * SHOWN_LENGTH + 80 ? message : message.substring(0, 2 * SHOWN_LENGTH + 80)
                + "...";
    }

    /** A boolean flag: {@code true} or {@code false}, false when absent. */
    public static boolean flag(String name, String value) {
        if (value == null || value.isEmpty() || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw new BadParameterException(name, "parameter '" + name + "' must be true or false: " + value);
    }

    /** Answer formats. */
    public enum Format {
        GSP("gsp"),
        JSON("json"),
        NDJSON("ndjson"),
        GRAPHML("graphml"),
        GRAPH_JSON("graph-json");

        private final String label;

        Format(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        static Format parse(String value) {
            for (Format f : values()) {
                if (f.label.equalsIgnoreCase(value)) {
                    return f;
                }
            }
            return null;
        }
    }
}
