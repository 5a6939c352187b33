package io.lngossip.query.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** An RFC 9457 problem body ({@code application/problem+json}): never a stack trace, never SQL. */
final class Problem {
    static final String CONTENT_TYPE = "application/problem+json";
    static final String BASE = "https://lngossip.io/problems/";

    private Problem() {}

    static Map<String, Object> of(String type, String title, int status, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", BASE + type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        return body;
    }
}
