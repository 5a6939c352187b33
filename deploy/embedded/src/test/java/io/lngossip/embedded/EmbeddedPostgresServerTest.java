package io.lngossip.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EmbeddedPostgresServerTest {

    @Test
    void shouldWaitUntilThePortIsShutThenReturn() throws Exception {
        ServerSocket listening = new ServerSocket(0, 50, InetAddress.getByName("localhost"));
        int port = listening.getLocalPort();
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(500);
                listening.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        closer.start();
        assertThatCode(() -> EmbeddedPostgresServer.awaitPortClosed(port, Duration.ofSeconds(30)))
                .doesNotThrowAnyException();
        assertThat(listening.isClosed()).as("returned only once the port was shut").isTrue();
        closer.join();
    }

    @Test
    void shouldFailWhenThePortStaysOpen() throws Exception {
        try (ServerSocket listening = new ServerSocket(0, 50, InetAddress.getByName("localhost"))) {
            assertThatThrownBy(() -> EmbeddedPostgresServer.awaitPortClosed(listening.getLocalPort(),
                    Duration.ofMillis(300))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("still accepts connections");
        }
    }
}
