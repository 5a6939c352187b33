package io.lngossip.bench.query;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows for {@code COPY ... FROM STDIN (FORMAT binary)}, buffered: each row is {@link #row(int)} then one call per
 * column in the COPY's column order. Null columns are written as length -1.
 */
final class BinaryCopyWriter implements AutoCloseable {
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0,
        0, 0, 0, 0, 0, 0, 0, 0};

    private final CopyIn copy;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private long rows;
    private boolean finished;

    BinaryCopyWriter(Connection connection, String copySql) throws SQLException {
        Objects.requireNonNull(connection, "connection cannot be null");
        Objects.requireNonNull(copySql, "copySql cannot be null");
        copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        put(HEADER, 0, HEADER.length);
    }

    BinaryCopyWriter row(int columns) throws SQLException {
        int16(columns);
        rows++;
        return this;
    }

    BinaryCopyWriter bytes(byte[] value) throws SQLException {
        if (value == null) {
            return nul();
        }
        int32(value.length);
        put(value, 0, value.length);
        return this;
    }

    BinaryCopyWriter smallint(Integer value) throws SQLException {
        if (value == null) {
            return nul();
        }
        int32(2);
        int16(value);
        return this;
    }

    BinaryCopyWriter bigint(Long value) throws SQLException {
        if (value == null) {
            return nul();
        }
        int32(8);
        long v = value;
        for (int shift = 56; shift >= 0; shift -= 8) {
            put1((byte) (v >>> shift));
        }
        return this;
    }

    BinaryCopyWriter text(String value) throws SQLException {
        return bytes(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** Ends the COPY; returns the rows PostgreSQL took. */
    long finish() throws SQLException {
        int16(-1);
        flush();
        finished = true;
        long copied = copy.endCopy();
        if (copied != rows) {
            throw new SQLException("COPY took " + copied + " rows of " + rows);
        }
        return copied;
    }

    @Override
    public void close() throws SQLException {
        if (!finished && copy.isActive()) {
            copy.cancelCopy();
        }
    }

    private BinaryCopyWriter nul() throws SQLException {
        int32(-1);
        return this;
    }

    private void int16(int v) throws SQLException {
        put1((byte) (v >>> 8));
        put1((byte) v);
    }

    private void int32(int v) throws SQLException {
        put1((byte) (v >>> 24));
        put1((byte) (v >>> 16));
        put1((byte) (v >>> 8));
        put1((byte) v);
    }

    private void put1(byte b) throws SQLException {
        if (position == buffer.length) {
            flush();
        }
        buffer[position++] = b;
    }

    private void put(byte[] b, int offset, int length) throws SQLException {
        if (length > buffer.length - position) {
            flush();
            if (length > buffer.length) {
                copy.writeToCopy(b, offset, length);
                return;
            }
        }
        System.arraycopy(b, offset, buffer, position, length);
        position += length;
    }

    private void flush() throws SQLException {
        if (position > 0) {
            copy.writeToCopy(buffer, 0, position);
            position = 0;
        }
    }
}
