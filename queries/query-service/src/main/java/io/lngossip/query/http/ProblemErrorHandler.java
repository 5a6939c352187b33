package io.lngossip.query.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own error answers (a request head over the limit, a malformed request line or URI: they never reach
 * Javalin) as problem+json with a fixed detail per status, instead of Jetty's HTML page with its parser's message.
 */
final class ProblemErrorHandler extends ErrorHandler {
    private final int maxHeaderBytes;

    ProblemErrorHandler(int maxHeaderBytes) {
        this.maxHeaderBytes = maxHeaderBytes;
        setShowStacks(false);
        setShowServlet(false);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
        return ByteBuffer.wrap(body(status));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
            HttpServletResponse response, int code, String message) throws IOException {
        baseRequest.setHandled(true);
        response.setContentType(Problem.CONTENT_TYPE);
        response.getOutputStream().write(body(code));
    }

    private byte[] body(int status) {
        String type;
        String title;
        String detail;
        switch (status) {
            case 414 -> {
                type = "uri-too-long";
                title = "URI too long";
                detail = "the request line is longer than the " + maxHeaderBytes + " bytes this service reads";
            }
            case 431 -> {
                type = "headers-too-large";
                title = "Request header fields too large";
                detail = "the request line and headers are longer than the " + maxHeaderBytes
                        + " bytes this service reads";
            }
            case 400 -> {
                type = "bad-request";
                title = "Bad request";
                detail = "the request is not well-formed HTTP (request line, URI encoding or headers)";
            }
            default -> {
                type = status >= 500 ? "internal" : "http-" + status;
                title = status >= 500 ? "Internal error" : "HTTP " + status;
                detail = "the request could not be answered";
            }
        }
        // fixed texts only: nothing of the request or of the parser is repeated
        return ("{\"type\":\"" + Problem.BASE + type + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
