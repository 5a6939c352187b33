package io.lngossip.flink.jdbc;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.jdbc.core.datastream.sink.committer.JdbcCommitable;
import org.apache.flink.connector.jdbc.core.datastream.sink.committer.JdbcCommitableSerializer;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriterState;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriterStateSerializer;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An at-least-once sink that writes each batch as one {@link BulkStatement}. It keeps the contract of the
 * flink-connector-jdbc sinks the job uses for its other tables ({@link HistorySinks#sink}): a batch is written when it
 * holds {@link JdbcOptions#batchSize} keys, {@link JdbcOptions#batchIntervalMs} after its first row at the latest
 * (unless that is 0), and always before a Flink checkpoint (Flink flushes every writer before it snapshots), so a
 * completed checkpoint covers every row it has seen; rows not yet written when the job fails are written again by the
 * restarted job, and every statement is an idempotent upsert. A failed statement is retried on a new connection up to
 * {@link JdbcOptions#maxRetries} times, a second apart and more, before the write fails the job; a connection that
 * cannot be made fails it at once.
 *
 * <p>Closing never throws (see {@link FailoverSafeSink}: an exception while a failed task cleans up stops the whole
 * TaskManager); rows still buffered then are left to the restart. The writer holds the rows it is given, so the rows
 * must not change after they are emitted (they are records of fresh arrays).
 *
 * <p>It has the shape of flink-connector-jdbc's {@code JdbcSink} (a writer with {@code JdbcWriterState} and a
 * committer of {@code JdbcCommitable}s) only so that savepoints of jobs that wrote these tables through a JdbcSink
 * under the same uid restore without {@code --allowNonRestoredState}: a sink without a committer has no committer
 * operator, and Flink refuses a savepoint holding state of an operator the job lacks. An at-least-once JdbcSink's
 * state holds no transactions, so the writer keeps none and the committer never gets anything to commit; a restored
 * state with XA transactions (an exactly-once JdbcSink, which this project never ran) is refused.
 */
public final class BulkSink<T> implements Sink<T>, SupportsWriterState<T, JdbcWriterState>,
        SupportsCommitter<JdbcCommitable> {
    private static final long serialVersionUID = 1L;

    private final JdbcOptions options;
    private final BulkStatement<T> statement;

    public BulkSink(JdbcOptions options, BulkStatement<T> statement) {
        this.options = Objects.requireNonNull(options, "options cannot be null");
        this.statement = Objects.requireNonNull(statement, "statement cannot be null");
    }

    @Override
    public Writer<T> createWriter(WriterInitContext context) {
        return new Writer<>(options, statement, context.getProcessingTimeService());
    }

    @Override
    public Writer<T> restoreWriter(WriterInitContext context, Collection<JdbcWriterState> states) {
        for (JdbcWriterState state : states) {
            if (!state.getPrepared().isEmpty() || !state.getHanging().isEmpty()) {
                throw new IllegalStateException("the restored sink state holds XA transactions (" + state
                        + "); this sink is at-least-once and cannot finish them");
            }
        }
        return createWriter(context);
    }

    @Override
    public SimpleVersionedSerializer<JdbcWriterState> getWriterStateSerializer() {
        return new JdbcWriterStateSerializer();
    }

    @Override
    public Committer<JdbcCommitable> createCommitter(CommitterInitContext context) {
        return new Committer<>() {
            @Override
            public void commit(Collection<CommitRequest<JdbcCommitable>> requests) {
                if (!requests.isEmpty()) {
                    throw new IllegalStateException(requests.size() + " XA transactions to commit; this sink is"
                            + " at-least-once and never opens one");
                }
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public SimpleVersionedSerializer<JdbcCommitable> getCommittableSerializer() {
        return new JdbcCommitableSerializer();
    }

    /** Buffers one row per key, writes the buffer as one statement. Runs in the task's thread only. */
    static final class Writer<T> implements StatefulSinkWriter<T, JdbcWriterState>,
            CommittingSinkWriter<T, JdbcCommitable> {
        private static final Logger LOG = LoggerFactory.getLogger(BulkSink.class);

        private final JdbcOptions options;
        private final BulkStatement<T> statement;
        private final ProcessingTimeService time;
        /** The batch: one row per key, in arrival order of the keys, and each key's index in it. */
        private final Map<Object, Integer> index = new HashMap<>();
        private final List<T> batch = new ArrayList<>();
        private Connection connection;
        private PreparedStatement prepared;
        private boolean timerSet;
        private boolean closed;
        private long statements;
        private long rowsWritten;
        private long retries;

        Writer(JdbcOptions options, BulkStatement<T> statement, ProcessingTimeService time) {
            this.options = options;
            this.statement = statement;
            this.time = time;
        }

        @Override
        public void write(T row, Context context) throws IOException, InterruptedException {
            Object key = statement.key(row);
            Integer at = index.putIfAbsent(key, batch.size());
            if (at == null) {
                batch.add(row);
            } else {
                batch.set(at, statement.canonical(batch.get(at), row));
            }
            if (batch.size() >= options.batchSize()) {
                writeBatch();
            } else if (!timerSet && options.batchIntervalMs() > 0) {
                timerSet = true;
                time.registerTimer(time.getCurrentProcessingTime() + options.batchIntervalMs(), t -> {
                    timerSet = false;
                    if (!closed) {
                        writeBatch();
                    }
                });
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            writeBatch();
        }

        /** Nothing: every row a checkpoint covers was written by the flush before it. */
        @Override
        public List<JdbcWriterState> snapshotState(long checkpointId) {
            return List.of();
        }

        @Override
        public Collection<JdbcCommitable> prepareCommit() {
            return List.of();
        }

        /** Writes the buffered rows, retrying on a fresh connection; on success the buffer is empty. */
        void writeBatch() throws IOException, InterruptedException {
            if (batch.isEmpty()) {
                return;
            }
            List<T> rows = inPlaceOrder();
            for (int attempt = 0; ; attempt++) {
                if (prepared == null) {
                    connect();
                }
                try {
                    statement.bind(prepared, rows);
                    prepared.executeUpdate();
                    statements++;
                    rowsWritten += rows.size();
                    batch.clear();
                    index.clear();
                    return;
                } catch (SQLException | AssertionError e) {
                    // pgjdbc answers a statement on a connection that broke under it with an AssertionError when
                    // assertions are on (FailoverSafeSink): the same I/O failure
                    closeConnection();
                    if (attempt >= options.maxRetries()) {
                        throw new IOException("writing " + rows.size() + " rows failed after " + (attempt + 1)
                                + " attempts: " + statement.sql(), e);
                    }
                    LOG.warn("writing {} rows failed (attempt {} of {}), retrying on a new connection: {}",
                            rows.size(), attempt + 1, options.maxRetries() + 1, e.toString());
                    retries++;
                    Thread.sleep(1000L * (attempt + 1));
                }
            }
        }

        /**
         * A new connection, or the write fails at once: a database that cannot be reached is the job's to wait for
         * (it restarts from its last Flink checkpoint with back-off), as flink-connector-jdbc's sinks do; retrying
         * here would only hold the task in login timeouts while a partition lasts.
         */
        private void connect() throws IOException {
            try {
                connection = options.withUrl(HistorySinks.sinkUrl(options.url())).dataSource().getConnection();
                connection.setAutoCommit(true);
                prepared = connection.prepareStatement(statement.sql());
            } catch (SQLException | AssertionError e) {
                closeConnection();
                throw new IOException("cannot connect to write " + batch.size() + " rows: " + e.getMessage(), e);
            }
        }

        /**
         * The batch in the order of its rows' places ({@link BulkStatement#place}). The sort is of primitives: each
         * place keeps its high bits and carries the row's index in the bits the batch needs for it, so rows whose
         * places differ only in those low bits keep their arrival order. (Sorting by the keys themselves chased
         * pointers for every comparison: 7% of the JVM's samples in a catch-up.)
         */
        private List<T> inPlaceOrder() {
            int n = batch.size();
            int bits = 32 - Integer.numberOfLeadingZeros(Math.max(1, n - 1));
            long low = (1L << bits) - 1;
            long[] order = new long[n];
            for (int i = 0; i < n; i++) {
                order[i] = statement.place(batch.get(i)) & ~low | i;
            }
            Arrays.sort(order);
            List<T> rows = new ArrayList<>(n);
            for (long o : order) {
                rows.add(batch.get((int) (o & low)));
            }
            return rows;
        }

        /** Statements written and the rows they held, since the writer started. */
        long statements() {
            return statements;
        }

        long rowsWritten() {
            return rowsWritten;
        }

        /** Failed statements that were tried again. */
        long retries() {
            return retries;
        }

        int buffered() {
            return batch.size();
        }

        private void closeConnection() {
            try {
                if (connection != null) {
                    connection.close();
                }
            } catch (SQLException | RuntimeException e) {
                LOG.debug("closing a failed connection: {}", e.toString());
            }
            connection = null;
            prepared = null;
        }

        @Override
        public void close() {
            closed = true;
            if (!batch.isEmpty()) {
                LOG.warn("closing with {} rows not written; the restarted job writes them again", batch.size());
            }
            closeConnection();
        }
    }
}
