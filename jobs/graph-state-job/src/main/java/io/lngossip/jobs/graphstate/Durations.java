package io.lngossip.jobs.graphstate;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine;

/** Durations on the command line: {@code 90s}, {@code 10m}, {@code 1h}, {@code 7d}, or ISO-8601 ({@code PT1H}). */
final class Durations implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    static Duration parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            if (v.length() > 1 && v.substring(0, v.length() - 1).chars().allMatch(Character::isDigit)) {
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                switch (v.charAt(v.length() - 1)) {
                    case 's':
                        return Duration.ofSeconds(n);
                    case 'm':
                        return Duration.ofMinutes(n);
                    case 'h':
                        return Duration.ofHours(n);
                    case 'd':
                        return Duration.ofDays(n);
                    default:
                        break;
                }
            }
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            // reported below
        }
        throw new CommandLine.TypeConversionException(
                "'" + value + "' is not a duration: use e.g. 90s, 10m, 1h, 7d or PT1H");
    }
}
