package io.lngossip.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.lngossip.embedded.junit.PostgresExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;

/**
 * The query service's pool reads results in the binary format from a statement's first execution (bytea as text is
 * hex: twice the bytes, decoded a character pair at a time), unless the operator's URL says otherwise.
 */
class QueryPoolITCase {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    static final byte[] BYTES = {0, 1, (byte) 0xfe, (byte) 0xff, 0x5c, 0x78};

    @Test
    void shouldReadByteaInBinaryFromTheFirstExecution() throws Exception {
        try (HikariDataSource pool = QueryServiceMain.dataSource(POSTGRES.server().jdbcUrl(POSTGRES.database()), null,
                null, 1); Connection c = pool.getConnection()) {
            assertThat(c.unwrap(PGConnection.class).getPrepareThreshold()).isEqualTo(-1);
            try (PreparedStatement ps = c.prepareStatement("SELECT ?::bytea")) {
                ps.setBytes(1, BYTES);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBytes(1)).isEqualTo(BYTES);
                }
                assertThat(ps.unwrap(PGStatement.class).isUseServerPrepare()).as("server-prepared at once").isTrue();
            }
        }
    }

    @Test
    void shouldKeepAThresholdTheUrlSets() throws Exception {
        String url = POSTGRES.server().jdbcUrl(POSTGRES.database()) + "&prepareThreshold=7";
        try (HikariDataSource pool = QueryServiceMain.dataSource(url, null, null, 1);
                Connection c = pool.getConnection()) {
            assertThat(c.unwrap(PGConnection.class).getPrepareThreshold()).isEqualTo(7);
        }
    }
}
