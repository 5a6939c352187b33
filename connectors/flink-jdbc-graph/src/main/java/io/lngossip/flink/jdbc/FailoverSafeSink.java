package io.lngossip.flink.jdbc;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.jdbc.core.datastream.sink.committer.JdbcCommitable;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriter;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriterState;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link JdbcSink} whose writer cannot fail while it is being closed. When PostgreSQL goes away, flink-connector-jdbc
 * 4.0.0-2.0 fails the write (good: the job restarts from its last Flink checkpoint), but its writer's {@code close()}
 * then flushes again with the statement it could not prepare and throws; Flink treats an exception while cleaning up
 * a failed task as fatal and stops the whole TaskManager, so a short database outage took the cluster's workers down
 * (a PostgreSQL outage test found it). Here that second failure is logged and dropped: the rows it held were not covered by
 * a completed Flink checkpoint (a checkpoint flushes every writer first), so the restarted job writes them again, and
 * every statement is an idempotent upsert. Everything else, writer state and committer included, is the JdbcSink's, so
 * the job's topology and its Flink state are unchanged.
 *
 * <p>pgjdbc 42.7 also answers a batch on a connection that broke under it with an {@link AssertionError}
 * ("pgStatement.getConnection().getAutoCommit() should not throw") when the JVM runs with assertions on, as tests do:
 * an Error, so it passed the connector's retries and this close's catch, and the TaskManager died of it (the outage
 * test found it, one run in five). Here it is what it means, an I/O failure: the write fails, the job restarts.
 */
final class FailoverSafeSink<T> implements Sink<T>, SupportsWriterState<T, JdbcWriterState>,
        SupportsCommitter<JdbcCommitable> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(FailoverSafeSink.class);

    private final JdbcSink<T> sink;

    FailoverSafeSink(JdbcSink<T> sink) {
        this.sink = Objects.requireNonNull(sink, "sink cannot be null");
    }

    @Override
    public Writer<T> createWriter(WriterInitContext context) throws IOException {
        return new Writer<>(sink.createWriter(context));
    }

    @Override
    public Writer<T> restoreWriter(WriterInitContext context, Collection<JdbcWriterState> state) throws IOException {
        return new Writer<>(sink.restoreWriter(context, state));
    }

    @Override
    public SimpleVersionedSerializer<JdbcWriterState> getWriterStateSerializer() {
        return sink.getWriterStateSerializer();
    }

    @Override
    public Committer<JdbcCommitable> createCommitter(CommitterInitContext context) throws IOException {
        return sink.createCommitter(context);
    }

    @Override
    public SimpleVersionedSerializer<JdbcCommitable> getCommittableSerializer() {
        return sink.getCommittableSerializer();
    }

    /** The JdbcWriter, with a close that logs instead of throwing. */
    static final class Writer<T> implements StatefulSinkWriter<T, JdbcWriterState>,
            CommittingSinkWriter<T, JdbcCommitable> {
        private final JdbcWriter<T> writer;

        Writer(JdbcWriter<T> writer) {
            this.writer = writer;
        }

        @Override
        public void write(T element, Context context) throws IOException, InterruptedException {
            try {
                writer.write(element, context);
            } catch (AssertionError e) {
                throw brokenConnection(e);
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            try {
                writer.flush(endOfInput);
            } catch (AssertionError e) {
                throw brokenConnection(e);
            }
        }

        /** pgjdbc's assertion on a broken connection (see the class comment), as the I/O failure it stands for. */
        static IOException brokenConnection(AssertionError e) {
            return new IOException("the JDBC driver failed a batch on a broken connection: " + e.getMessage(), e);
        }

        @Override
        public void writeWatermark(Watermark watermark) throws IOException, InterruptedException {
            writer.writeWatermark(watermark);
        }

        @Override
        public List<JdbcWriterState> snapshotState(long checkpointId) throws IOException {
            try {
                return writer.snapshotState(checkpointId);
            } catch (AssertionError e) {
                throw brokenConnection(e);
            }
        }

        @Override
        public Collection<JdbcCommitable> prepareCommit() throws IOException, InterruptedException {
            try {
                return writer.prepareCommit();
            } catch (AssertionError e) {
                throw brokenConnection(e);
            }
        }

        @Override
        public void close() {
            try {
                writer.close();
            } catch (Exception | AssertionError e) {
                // see the class comment: the restarted job writes these rows again
                LOG.warn("JDBC writer failed while closing, its unflushed rows are left to the restart: {}",
                        e.toString());
            }
        }
    }
}
