package io.lngossip.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.embedded.junit.PostgresExtension;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ImpliedDeltasITCase {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private static void execute(DataSource db, String... sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    @Test
    void shouldCountOneDeltaRowPerSlotTheMessagesFillAndTellWhenTheTablesHoldThem() throws Exception {
        POSTGRES.server().createDatabase("implied_deltas");
        DataSource db = POSTGRES.server().dataSource("implied_deltas");
        HistorySchema.migrate(db);
        execute(db,
                // one announcement; two updates competing for one slot and one of another slot; one node slot
                "INSERT INTO messages (gossip_id, type, scid, node_id_1, node_id_2, raw) VALUES"
                        + " ('\\x01', 256, 7, '\\x02', '\\x03', '\\x00')",
                "INSERT INTO messages (gossip_id, type, scid, direction, timestamp, raw) VALUES"
                        + " ('\\x11', 258, 7, 0, 100, '\\x00'), ('\\x12', 258, 7, 0, 100, '\\x00'),"
                        + " ('\\x13', 258, 7, 1, 100, '\\x00')",
                "INSERT INTO messages (gossip_id, type, node_id, timestamp, raw) VALUES"
                        + " ('\\x21', 257, '\\x02', 50, '\\x00')");
        assertThat(ImpliedDeltas.expected(db)).isEqualTo(
                Map.of("channels", 1L, "half_channel_updates", 2L, "node_updates", 1L));
        assertThat(ImpliedDeltas.stored(db)).isEqualTo(
                Map.of("channels", 0L, "half_channel_updates", 0L, "node_updates", 0L));
        assertThat(ImpliedDeltas.complete(db)).isFalse();

        execute(db,
                "INSERT INTO channels (scid, gossip_id, node_id_1, node_id_2) VALUES (7, '\\x01', '\\x02', '\\x03')",
                "INSERT INTO half_channel_updates (scid, direction, timestamp, gossip_id) VALUES (7, 0, 100, '\\x11')",
                "INSERT INTO node_updates (node_id, timestamp, gossip_id) VALUES ('\\x02', 50, '\\x21')");
        assertThat(ImpliedDeltas.complete(db)).as("one slot of the updates still missing").isFalse();
        execute(db, "INSERT INTO half_channel_updates (scid, direction, timestamp, gossip_id) VALUES"
                + " (7, 1, 100, '\\x13')");
        assertThat(ImpliedDeltas.stored(db)).isEqualTo(ImpliedDeltas.expected(db));
        assertThat(ImpliedDeltas.complete(db)).isTrue();
    }
}
