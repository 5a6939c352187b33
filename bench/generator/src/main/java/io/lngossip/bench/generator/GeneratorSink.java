package io.lngossip.bench.generator;

import java.io.IOException;

/** Where a generated history goes: a GSP file ({@link GspSink}), a Kafka topic (the {@code .kafka} package), a test. */
public interface GeneratorSink extends AutoCloseable {

    void accept(GeneratedEvent event) throws IOException;

    /** Makes everything accepted so far durable (written, acknowledged); then closes. */
    @Override
    void close() throws IOException;
}
