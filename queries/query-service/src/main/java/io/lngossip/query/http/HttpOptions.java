package io.lngossip.query.http;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits the HTTP layer enforces (README settings table, docs/RELIABILITY.md).
 *
 * @param maxHeaderBytes the request line and headers together; beyond it Jetty answers 414 (a long request line) or
 *     431, as problem+json
 * @param maxParameters query parameters per request; beyond it 400
 * @param maxParameterLength characters of one parameter's name or value; beyond it 400
 * @param maxConcurrentQueries expensive requests (snapshot, diff, range, channel and node history, graph formats)
 *     answered at once
 * @param queueLength expensive requests that may wait for a slot; beyond it 429 at once
 * @param queueTimeout how long one waits for a slot before 429
 */
public record HttpOptions(int maxHeaderBytes, int maxParameters, int maxParameterLength, int maxConcurrentQueries,
        int queueLength, Duration queueTimeout) {

    public HttpOptions {
        Objects.requireNonNull(queueTimeout, "queueTimeout cannot be null");
        positive("maxHeaderBytes", maxHeaderBytes);
        positive("maxParameters", maxParameters);
        positive("maxParameterLength", maxParameterLength);
        positive("maxConcurrentQueries", maxConcurrentQueries);
        if (queueLength < 0) {
            throw new IllegalArgumentException("queueLength must not be negative: " + queueLength);
        }
        if (queueTimeout.isNegative()) {
            throw new IllegalArgumentException("queueTimeout must not be negative: " + queueTimeout);
        }
    }

    /** 8 KiB of request head, 16 parameters of 256 characters, 16 expensive queries at once, 32 waiting up to 10 s. */
    public static HttpOptions defaults() {
        return new HttpOptions(8192, 16, 256, 16, 32, Duration.ofSeconds(10));
    }

    public HttpOptions withQueryLimits(int concurrent, int queue, Duration timeout) {
        return new HttpOptions(maxHeaderBytes, maxParameters, maxParameterLength, concurrent, queue, timeout);
    }

    public HttpOptions withRequestLimits(int headerBytes, int parameters, int parameterLength) {
        return new HttpOptions(headerBytes, parameters, parameterLength, maxConcurrentQueries, queueLength,
                queueTimeout);
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
