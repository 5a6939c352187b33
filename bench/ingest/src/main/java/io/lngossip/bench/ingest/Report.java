package io.lngossip.bench.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/** Writes a benchmark's figures as JSON and as a markdown table under bench/results/. */
final class Report {

    private Report() {}

    static void write(Path dir, String name, Map<String, Object> figures) throws IOException {
        Files.createDirectories(dir);
        String stem = name + "-" + LocalDate.now(ZoneOffset.UTC);
        Path json = dir.resolve(stem + ".json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), figures);
        StringBuilder md = new StringBuilder("# " + name + " benchmark, " + figures.get("date") + "\n\n");
        md.append("| figure | value |\n|---|---|\n");
        figures.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(IngestBenchmark.fmt(v))
                .append(" |\n"));
        Path table = dir.resolve(stem + ".md");
        Files.writeString(table, md);
        System.out.println(md);
        System.err.println("written " + json + " and " + table);
    }
}
