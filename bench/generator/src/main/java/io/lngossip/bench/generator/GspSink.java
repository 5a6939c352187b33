package io.lngossip.bench.generator;

import io.lngossip.codec.io.GspWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes a generated history as a GSP file ({@code .gsp}, or compressed by the name: {@code .gsp.gz}, {@code
 * .gsp.bz2}) with the codec's writer. GSP has no receipt times and no collectors, so a message both collectors saw is
 * written twice unless a single collector is asked for ({@code gen-a} sees every message, so its sightings are each
 * distinct message once). Closes have no place in GSP: they go to {@code FILE.closes.ndjson} beside it, one JSON
 * object a line in the close topic's shape ({@code {"scid":"BLOCKxTXxOUT","closed_at":unix}}), written only when
 * there are closes.
 */
public final class GspSink implements GeneratorSink {
    private final GspWriter writer;
    private final Path closesFile;
    private final String collector;
    private BufferedWriter closes;
    private long closeCount;

    /**
     * @param collector the collector whose sightings to write, or null for every sighting
     */
    public GspSink(Path file, String collector) throws IOException {
        Objects.requireNonNull(file, "file cannot be null");
        this.collector = collector;
        this.closesFile = closesFile(file);
        Files.deleteIfExists(closesFile); // a stale one from an earlier run would not match this file
        this.writer = GspWriter.open(file);
    }

    /** Where the closes of {@code gspFile} are written. */
    public static Path closesFile(Path gspFile) {
        return gspFile.resolveSibling(gspFile.getFileName() + ".closes.ndjson");
    }

    @Override
    public void accept(GeneratedEvent event) throws IOException {
        Objects.requireNonNull(event, "event cannot be null");
        if (event instanceof GeneratedEvent.Sighting s) {
            if (collector == null || collector.equals(s.collector())) {
                writer.write(s.message());
            }
        } else if (event instanceof GeneratedEvent.Close c) {
            if (closes == null) {
                closes = Files.newBufferedWriter(closesFile, StandardCharsets.UTF_8);
            }
            closes.write(closeJson(c));
            closes.newLine();
            closeCount++;
        }
    }

    /** The close topic's JSON for a close (docs/KAFKA.md). */
    public static String closeJson(GeneratedEvent.Close c) {
        return "{\"scid\":\"" + c.scid() + "\",\"closed_at\":" + c.closedAt() + "}";
    }

    public long messagesWritten() {
        return writer.messagesWritten();
    }

    public long closesWritten() {
        return closeCount;
    }

    @Override
    public void close() throws IOException {
        try (GspWriter w = writer) {
            if (closes != null) {
                closes.close();
            }
        }
    }
}
