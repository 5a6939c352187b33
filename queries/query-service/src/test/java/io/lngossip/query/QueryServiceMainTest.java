package io.lngossip.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

class QueryServiceMainTest {

    @Test
    void shouldGiveThePoolsConnectionsAReadTimeoutBeyondTheStatementTimeout() {
        // nothing is connected: the pool starts even when the database is down
        try (HikariDataSource db = QueryServiceMain.dataSource("jdbc:postgresql://localhost:1/none", null, null, 2,
                45)) {
            assertThat(db.getDataSourceProperties()).containsEntry("socketTimeout", "75")
                    .containsEntry("tcpKeepAlive", "true");
            assertThat(db.getConnectionInitSql()).isEqualTo("SET statement_timeout = 45000");
        }
    }
}
