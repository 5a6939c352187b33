package io.lngossip.flink.jdbc;

import java.io.Serializable;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * An idempotent upsert that writes many rows in one statement: every column is bound as one array and the statement
 * reads the rows back with {@code unnest}, so a batch of thousands of rows is one statement the server plans once and
 * executes once, instead of one execution per row.
 *
 * <p>A statement that updates on conflict fails when two of its rows share a key ("ON CONFLICT DO UPDATE command
 * cannot affect row a second time"), so a batch holds one row per {@link #key}: of two candidates for one key the
 * writer keeps {@link #canonical}, the one the statement itself would keep whichever came first. That makes a batch
 * leave the table as applying its rows one by one would.
 *
 * @param <T> the row type
 */
public interface BulkStatement<T> extends Serializable {

    /** The statement, with one array parameter per column, in the order {@link #bind} sets them. */
    String sql();

    /** The row's conflict key, with value equality: rows with equal keys meet in one table row. */
    Object key(T row);

    /**
     * The row's place in the statement, ascending as a signed long: the conflict index's order by its leading
     * 8 bytes, so that a statement walks the index in order (neighbouring rows share its pages) and two writers
     * whose batches share keys take the keys' locks in one order (the job's sinks never share keys: each is fed by
     * an operator keyed on them). Rows with equal places keep their order of arrival.
     */
    long place(T row);

    /** Of two candidates for one key, the one the statement keeps whatever order they are applied in. */
    T canonical(T a, T b);

    /** Binds the rows as the statement's arrays; {@code rows} has one row per key. */
    void bind(PreparedStatement ps, List<T> rows) throws SQLException;
}
