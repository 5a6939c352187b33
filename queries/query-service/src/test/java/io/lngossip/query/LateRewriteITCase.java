package io.lngossip.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.codec.GossipCodec;
import io.lngossip.codec.GossipId;
import io.lngossip.embedded.junit.PostgresExtension;
import io.lngossip.flink.jdbc.BulkStatements;
import io.lngossip.flink.jdbc.HalfChannelUpdateRow;
import io.lngossip.flink.jdbc.MessageRow;
import io.lngossip.model.Checkpoint;
import io.lngossip.model.CheckpointCodec;
import io.lngossip.model.Delta;
import io.lngossip.model.GraphHistory;
import io.lngossip.model.MaxAge;
import io.lngossip.model.Snapshot;
import io.lngossip.model.StoredMessage;
import io.lngossip.model.UpdateRef;
import io.lngossip.query.dao.CheckpointRebuilder;
import io.lngossip.query.dao.HistoryDao;
import io.lngossip.query.service.QueryService;
import io.lngossip.schema.CheckpointSql;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The live job corrects its last checkpoint in place when late data reaches it (a rewrite with a greater seq, no
 * invalidation, since the corrected row is usable at once). A materialized body at that instant was built from the
 * row before: it must stop counting as usable, or an answer built from it would miss the late message, and the next
 * materialization must build it again.
 */
class LateRewriteITCase {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void shouldNotAnswerFromABodyOlderThanItsCheckpoint() throws Exception {
        GraphHistory expected = LoadedSamples.load(POSTGRES, false);
        HistoryDao dao = new HistoryDao(POSTGRES.dataSource());
        QueryService service = new QueryService(dao);
        CheckpointRebuilder rebuilder = new CheckpointRebuilder(POSTGRES.dataSource());
        assertThat(rebuilder.materialize(3600)).isPositive();
        long b = new TreeSet<>(dao.usableBodyInstants()).last();
        check(service, expected, b);

        // a half-channel live at B whose update is older than two minutes gets a late update at B - 60
        Snapshot.Channel victim = expected.snapshot(b, MaxAge.UNBOUNDED).channels().stream()
                .filter(c -> c.direction0() != null && c.direction0().timestamp() < b - 120).findFirst().orElseThrow();
        byte[] late = expected.message(victim.direction0().id()).orElseThrow().raw().clone();
        ByteBuffer.wrap(late).putInt(2 + 64 + 32 + 8, (int) (b - 60)).putInt(2 + 64 + 32 + 8 + 4 + 2 + 2 + 8, 4242);
        GossipId id = GossipId.of(late);
        expected.add(StoredMessage.of(late, LoadedSamples.NOW_MS / 1000));
        long scid = victim.direction0().scid();

        // what the live job's sinks write for it: the message, its delta, and the last checkpoint corrected in place
        Checkpoint corrected = dao.checkpoint(b);
        assertThat(corrected.apply(new Delta.HalfChannelUpdated(new UpdateRef(scid, 0, b - 60, id)))).isTrue();
        try (Connection c = POSTGRES.dataSource().getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(BulkStatements.MESSAGES_SQL)) {
                BulkStatements.messages().bind(ps, List.of(MessageRow.of(id, GossipCodec.decode(late), late,
                        LoadedSamples.NOW_MS / 1000)));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(BulkStatements.HALF_CHANNEL_UPDATES_SQL)) {
                BulkStatements.halfChannelUpdates().bind(ps, List.of(new HalfChannelUpdateRow(scid, 0, b - 60,
                        id.toArray())));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(CheckpointSql.UPSERT)) {
                ps.setLong(1, b);
                ps.setShort(2, (short) CheckpointCodec.VERSION);
                ps.setLong(3, System.currentTimeMillis() * 1000); // later than the body's seq, as a rewrite is
                ps.setBytes(4, CheckpointCodec.encode(corrected));
                ps.setInt(5, corrected.state().announcedChannelCount());
                ps.setInt(6, corrected.state().halfChannelCount());
                ps.setInt(7, corrected.state().nodeCount());
                ps.setLong(8, System.currentTimeMillis());
                assertThat(ps.executeUpdate()).as("the rewrite replaced the row").isEqualTo(1);
            }
        }
        assertThat(expected.snapshot(b, MaxAge.DEFAULT).messages()).as("the late update is in the answer")
                .anyMatch(r -> r.id().equals(id));
        assertThat(dao.usableBodyInstants()).as("the body at B is older than its checkpoint").doesNotContain(b);
        QueryService.Sources sources = check(service, expected, b);
        assertThat(sources.body()).isNotEqualTo(Long.valueOf(b));
        check(service, expected, b + 1);

        assertThat(rebuilder.materialize(3600)).as("the stale body is built again").isPositive();
        assertThat(dao.usableBodyInstants()).contains(b);
        assertThat(check(service, expected, b).body()).isEqualTo(b);
        check(service, expected, b + 1800);
    }

    /** Streams Snapshot(t) and checks its bytes against the replay; returns where they came from. */
    private static QueryService.Sources check(QueryService service, GraphHistory expected, long t) throws Exception {
        List<byte[]> got = new ArrayList<>();
        QueryService.Sources sources = service.writeSnapshot(service.snapshot(t, MaxAge.DEFAULT).snapshot(), got::add);
        assertThat(got).as("T=%d", t).containsExactlyElementsOf(expected.snapshot(t, MaxAge.DEFAULT).messages()
                .stream().map(r -> expected.message(r.id()).orElseThrow().raw()).toList());
        return sources;
    }
}
