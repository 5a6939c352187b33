package io.lngossip.query.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryServiceAppTest {

    @Test
    void shouldGiveDeploymentsARegistryWithTheJvmFigures() {
        // QueryServiceMain and the demo pass this registry: the README promises JVM figures on /metrics
        String scrape = QueryServiceApp.metricsRegistry().scrape();
        assertThat(scrape).contains("jvm_memory_used_bytes").contains("jvm_threads_live_threads");
    }
}
