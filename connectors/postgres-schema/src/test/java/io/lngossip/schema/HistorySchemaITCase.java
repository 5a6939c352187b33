package io.lngossip.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lngossip.embedded.junit.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HistorySchemaITCase {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @Test
    void shouldCreateTheTablesOnceAndBeSafeToRerun() throws Exception {
        POSTGRES.server().createDatabase("empty_at_start");
        DataSource empty = POSTGRES.server().dataSource("empty_at_start");
        assertThat(HistorySchema.currentVersion(empty)).isNull();
        assertThat(HistorySchema.migrate(empty)).isEqualTo("5");
        assertThat(HistorySchema.migrate(empty)).isEqualTo("5");
        assertThat(HistorySchema.currentVersion(empty)).isEqualTo("5");
        HistorySchema.migrate(POSTGRES.dataSource());
        assertThat(tables()).contains("messages", "observations", "channels", "half_channel_updates", "node_updates",
                "channel_closes", "close_hints", "checkpoints", "quarantine", "network_stats_hourly",
                "coverage_hours", "channel_capacities", "ingest_progress", "checkpoint_invalidations");
    }

    @Test
    void shouldIndexObservationsByTheirNaturalKeyOnly() throws Exception {
        // every sighting is a row: an index no statement reads costs the ingest an entry per sighting (V5)
        HistorySchema.migrate(POSTGRES.dataSource());
        List<String> indexes = new ArrayList<>();
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"
                        + " AND tablename = 'observations'")) {
            while (rs.next()) {
                indexes.add(rs.getString(1));
            }
        }
        assertThat(indexes).containsExactly("observations_key");
    }

    @Test
    void shouldGiveTheReaderRoleSelectButNoWrite() throws Exception {
        HistorySchema.migrate(POSTGRES.dataSource());
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'reader_test') THEN"
                    + " CREATE ROLE reader_test LOGIN IN ROLE lngossip_reader; END IF; END $$");
        }
        DataSource reader = POSTGRES.server().dataSource(POSTGRES.database(), "reader_test");
        try (Connection c = reader.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM messages")) {
                assertThat(rs.next()).isTrue();
            }
            assertThatThrownBy(() -> s.execute("INSERT INTO channel_closes (scid, closed_at) VALUES (1, 2)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.execute("DELETE FROM messages")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied");
        }
    }

    @Test
    void shouldUseOnlyBigintOrHashKeys() throws Exception {
        HistorySchema.migrate(POSTGRES.dataSource());
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT table_name, column_name, data_type FROM information_schema.columns"
                        + " WHERE table_schema = 'public' AND data_type IN ('integer', 'smallint', 'serial')"
                        + " AND column_default LIKE 'nextval%'")) {
            assertThat(rs.next()).as("no small sequences").isFalse();
        }
    }

    @Test
    void shouldKeepTheSmallestGossipIdPerUpdateSlotWithTheUpsertTheJobUses() throws Exception {
        HistorySchema.migrate(POSTGRES.dataSource());
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement()) {
            String upsert = "INSERT INTO half_channel_updates (scid, direction, timestamp, gossip_id) VALUES (1, 0, 5, "
                    + "'\\x%s') ON CONFLICT (scid, direction, timestamp) DO UPDATE SET gossip_id = EXCLUDED.gossip_id"
                    + " WHERE EXCLUDED.gossip_id < half_channel_updates.gossip_id";
            s.execute(String.format(upsert, "80"));
            s.execute(String.format(upsert, "7f"));
            s.execute(String.format(upsert, "ff"));
            try (ResultSet rs = s.executeQuery("SELECT encode(gossip_id, 'hex') FROM half_channel_updates")) {
                assertThat(rs.next()).isTrue();
                // bytea compares as unsigned bytes, like GossipId.compareTo
                assertThat(rs.getString(1)).isEqualTo("7f");
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void shouldLogEveryWrittenChannelsRowAndNothingForAnUpsertThatKeepsTheRow() throws Exception {
        HistorySchema.migrate(POSTGRES.dataSource());
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE channels");
            long start = channelChanges(s);
            // the job's upsert (HistoryStatements.CHANNELS_SQL): the smallest gossip_id of a scid is kept
            String upsert = "INSERT INTO channels (scid, gossip_id, node_id_1, node_id_2) VALUES (%d, '\\x%s', '\\x02',"
                    + " '\\x03') ON CONFLICT (scid) DO UPDATE SET gossip_id = EXCLUDED.gossip_id,"
                    + " node_id_1 = EXCLUDED.node_id_1, node_id_2 = EXCLUDED.node_id_2"
                    + " WHERE EXCLUDED.gossip_id < channels.gossip_id";
            s.execute(String.format(upsert, 7, "80"));
            assertThat(channelChanges(s)).as("an insert").isEqualTo(start + 1);
            s.execute(String.format(upsert, 7, "ff"));
            assertThat(channelChanges(s)).as("a larger gossip_id keeps the row").isEqualTo(start + 1);
            s.execute(String.format(upsert, 7, "7f"));
            assertThat(channelChanges(s)).as("a smaller one replaces it").isEqualTo(start + 2);
            s.execute("DELETE FROM channels WHERE scid = 7");
            assertThat(channelChanges(s)).as("a delete").isEqualTo(start + 3);
            s.execute("TRUNCATE channels");
            assertThat(channelChanges(s)).as("a truncate").isEqualTo(start + 4);
        }
    }

    private static long channelChanges(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM channel_changes")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void shouldTreatObservationsWithoutReceiptTimeAsTheSameObservation() throws Exception {
        HistorySchema.migrate(POSTGRES.dataSource());
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement()) {
            String insert = "INSERT INTO observations (gossip_id, collector, seen_at_ms, source) VALUES ('\\x01', 'unknown',"
                    + " NULL, 'file:a.gsp@4') ON CONFLICT ON CONSTRAINT observations_key DO NOTHING";
            s.execute(insert);
            s.execute(insert);
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM observations")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            assertThatThrownBy(() -> s.execute("INSERT INTO messages (gossip_id, type, raw) VALUES ('\\x01', 259, '\\x01')"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("type");
        }
    }

    private static List<String> tables() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
