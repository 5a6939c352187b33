package io.lngossip.query;

import io.lngossip.codec.GossipObservation;
import io.lngossip.codec.SharedData;
import io.lngossip.codec.io.FileItem;
import io.lngossip.codec.io.GossipFileReader;
import io.lngossip.codec.io.GossipFiles;
import io.lngossip.codec.sample.SyntheticGossip;
import io.lngossip.embedded.junit.PostgresExtension;
import io.lngossip.flink.jdbc.JdbcOptions;
import io.lngossip.jobs.graphstate.GraphStateOptions;
import io.lngossip.jobs.graphstate.GraphStatePipeline;
import io.lngossip.jobs.graphstate.GraphStateSinks;
import io.lngossip.model.GraphHistory;
import io.lngossip.model.StoredMessage;
import io.lngossip.schema.HistorySchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Loads the real samples (and optionally the demo's generated history) into a database through the real job path:
 * the graph-state pipeline on the test's Flink MiniCluster, writing with its JDBC sinks. Returns graph-model's full
 * replay of the same input, the definition of every correct answer.
 */
final class LoadedSamples {
    /** The wall clock the job sees: 2025-11-24, after every sample. */
    static final long NOW_MS = 1_764_000_000_000L;

    private LoadedSamples() {}

    /**
     * @param withGenerated also the demo's generated history ({@code SyntheticGossip.generate(1, 200)}, collectors
     *     gen-a and gen-b), as {@code lngossip demo} publishes it
     */
    static GraphHistory load(PostgresExtension postgres, boolean withGenerated) throws Exception {
        GraphHistory expected = new GraphHistory();
        List<GossipObservation> input = new ArrayList<>();
        for (String file : List.of(SharedData.HOUR_10, SharedData.DAILY, SharedData.HOUR_17, SharedData.GOSSIP_STORE)) {
            try (GossipFileReader reader = GossipFiles.open(SharedData.file(file))) {
                for (FileItem item = reader.next(); item != null; item = reader.next()) {
                    if (item instanceof FileItem.Message m) {
                        input.add(new GossipObservation(m.bytes(), m.receiptTime(), "test", "file:" + file));
                        expected.add(StoredMessage.of(m.bytes(), m.receiptTime() == null ? null : m.receiptTime() / 1000));
                    }
                }
            }
        }
        if (withGenerated) {
            for (SyntheticGossip.Sighting s : SyntheticGossip.generate(1, 200)) {
                input.add(new GossipObservation(s.message(), s.receivedAtMs(), s.collector(), "generated"));
                expected.add(StoredMessage.of(s.message(), s.receivedAtMs() / 1000));
            }
        }
        HistorySchema.migrate(postgres.dataSource());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        GraphStatePipeline.build(env.fromData(input, TypeInformation.of(GossipObservation.class)), null,
                GraphStateSinks.jdbc(JdbcOptions.defaults().withUrl(postgres.jdbcUrl())),
                // hourly checkpoints (the default is 6 hours): the samples span a few hours, and the tests answer
                // at, around and between several checkpoints and the bodies written from them
                GraphStateOptions.defaults().withCheckpointInterval(java.time.Duration.ofHours(1))
                        .withWatermarkEveryMessage(true), () -> NOW_MS);
        env.execute("load");
        return expected;
    }

    /** A login role in lngossip_reader, as deployments connect. */
    static void createReader(PostgresExtension postgres, String role) throws Exception {
        try (var c = postgres.dataSource().getConnection(); var s = c.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role + "') THEN"
                    + " CREATE ROLE " + role + " LOGIN IN ROLE lngossip_reader; END IF; END $$");
        }
    }
}
