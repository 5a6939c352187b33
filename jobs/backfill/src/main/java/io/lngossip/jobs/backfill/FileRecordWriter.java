package io.lngossip.jobs.backfill;

import io.lngossip.codec.io.FileItem;
import io.lngossip.flink.jdbc.ChannelCapacityRow;
import io.lngossip.flink.jdbc.CloseHintRow;
import io.lngossip.flink.jdbc.HistoryStatements;
import io.lngossip.flink.jdbc.QuarantineRow;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.apache.flink.connector.jdbc.datasource.statements.JdbcQueryStatement;

/**
 * What a file holds besides its messages, written straight to the database with the job's own idempotent upserts:
 * Core Lightning's channel amounts (4101) and close hints (4103/4106), and the records the reader itself quarantined
 * (a gossip_store message whose crc does not match). None of these travels through the gossip topic (docs/KAFKA.md).
 */
final class FileRecordWriter implements AutoCloseable {
    private static final int BATCH = 5000;

    private final DataSource db;
    private final String collector;
    private final List<ChannelCapacityRow> capacities = new ArrayList<>();
    private final List<CloseHintRow> hints = new ArrayList<>();
    private final List<QuarantineRow> quarantined = new ArrayList<>();

    FileRecordWriter(DataSource db, String collector) {
        this.db = db;
        this.collector = collector;
    }

    /** Keeps {@code item} when it is one of the kinds this writer stores; true when it was. */
    boolean accept(Path file, FileItem item) throws SQLException {
        if (item instanceof FileItem.ChannelAmount a) {
            capacities.add(new ChannelCapacityRow(a.scid().value(), a.satoshis()));
        } else if (item instanceof FileItem.CloseHint h) {
            hints.add(new CloseHintRow(h.scid().value(), h.kind().name().toLowerCase(Locale.ROOT), "file:"
                    + file.getFileName()));
        } else if (item instanceof FileItem.Quarantined q) {
            quarantined.add(QuarantineRow.of(q.bytes(), "file:" + file.getFileName() + "@" + q.position(), collector, q.receiptTime(), q.reason(), q.detail(),
                    System.currentTimeMillis()));
        } else {
            return false;
        }
        if (capacities.size() + hints.size() + quarantined.size() >= BATCH) {
            flush();
        }
        return true;
    }

    /** Writes what is kept. */
    void flush() throws SQLException {
        try (Connection c = db.getConnection()) {
            write(c, HistoryStatements.capacities(), capacities);
            write(c, HistoryStatements.closeHints(), hints);
            write(c, HistoryStatements.quarantine(), quarantined);
        }
    }

    @Override
    public void close() throws SQLException {
        flush();
    }

    private static <T> void write(Connection c, JdbcQueryStatement<T> statement, List<T> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(statement.query())) {
            for (T row : rows) {
                statement.statement(ps, row);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        rows.clear();
    }
}
