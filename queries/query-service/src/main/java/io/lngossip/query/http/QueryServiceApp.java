package io.lngossip.query.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.lngossip.codec.NodeId;
import io.lngossip.codec.ShortChannelId;
import io.lngossip.model.Diff;
import io.lngossip.model.MaxAge;
import io.lngossip.model.ReconstructionPlanner;
import io.lngossip.model.StoredMessage;
import io.lngossip.query.service.QueryService;
import java.io.OutputStream;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of SEMANTICS §7, built from its dependencies and returned unstarted ({@code app.start(port)}; tests use
 * port 0). Handlers only parse, call the {@link QueryService} and stream the answer.
 */
public final class QueryServiceApp {
    private static final Logger LOG = LoggerFactory.getLogger(QueryServiceApp.class);
    private static final Params.Format[] MESSAGE_FORMATS = {Params.Format.GSP, Params.Format.JSON,
        Params.Format.NDJSON};

    private final QueryService service;
    private final ObjectMapper mapper = new ObjectMapper();
    private final AnswerWriter writer;

    private QueryServiceApp(QueryService service) {
        this.service = service;
        this.writer = new AnswerWriter(mapper, service);
    }

    public static Javalin create(QueryService service) {
        Objects.requireNonNull(service, "service cannot be null");
        return new QueryServiceApp(service).build();
    }

    private Javalin build() {
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            // answers stream; gzip is applied by output() on the stream itself
            config.http.disableCompression();
        });
        app.get("/health", this::health);
        app.get("/v1/snapshot", this::snapshot);
        app.get("/v1/diff", this::diff);
        app.get("/v1/channels/{scid}/gossip", this::channel);
        app.get("/v1/nodes/{node_id}/gossip", this::node);
        app.get("/v1/gossip", this::range);
        app.exception(BadParameterException.class, (e, ctx) -> {
            Map<String, Object> body = Problem.of("bad-parameter", "Bad parameter", 400, e.getMessage());
            body.put("parameter", e.parameter());
            problem(ctx, 400, body);
        });
        app.exception(SQLException.class, (e, ctx) -> {
            LOG.warn("database error on {}: {}", ctx.path(), e.toString());
            problem(ctx, 503, Problem.of("database-unavailable", "Database unavailable", 503,
                    "the history database cannot answer right now; try again shortly"));
        });
        app.exception(ReconstructionPlanner.PlanException.class, (e, ctx) -> problem(ctx, 503, Problem.of(
                "not-reconstructable", "Not reconstructable", 503, e.getMessage())));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected error on {}", ctx.path(), e);
            problem(ctx, 500, Problem.of("internal", "Internal error", 500, "the request could not be answered"));
        });
        app.error(404, ctx -> {
            if (!Problem.CONTENT_TYPE.equals(ctx.contentType())) {
                problem(ctx, 404, Problem.of("not-found", "Not found", 404, "no such resource: " + ctx.path()));
            }
        });
        return app;
    }

    private void problem(Context ctx, int status, Map<String, Object> body) {
        ctx.status(status).contentType(Problem.CONTENT_TYPE);
        try {
            ctx.result(mapper.writeValueAsBytes(body));
        } catch (Exception e) {
            ctx.result("{\"status\":" + status + "}");
        }
    }

    private void health(Context ctx) {
        boolean up = service.databaseUp();
        ctx.status(up ? 200 : 503).json(Map.of("status", up ? "up" : "down", "database", up ? "up" : "down"));
    }

    private void snapshot(Context ctx) throws Exception {
        long at = Params.time("at", ctx.queryParam("at"));
        MaxAge maxAge = MaxAge.ofSeconds(Params.maxAge(ctx.queryParam("maxAge")));
        Params.Format format = Params.format(ctx.queryParam("format"), MESSAGE_FORMATS);
        QueryService.Answer answer = service.snapshot(at, maxAge);
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("at", at);
        head.put("maxAge", maxAge.unbounded() ? "unbounded" : maxAge.seconds());
        ctx.header("X-Message-Count", String.valueOf(answer.snapshot().messageCount()));
        contentType(ctx, format);
        try (OutputStream out = output(ctx)) {
            writer.writeRefs(answer.snapshot().messages(), format, out, head, null);
        }
    }

    private void diff(Context ctx) throws Exception {
        long from = Params.time("from", ctx.queryParam("from"));
        long to = Params.time("to", ctx.queryParam("to"));
        Params.ordered("from", from, "to", to);
        MaxAge maxAge = MaxAge.ofSeconds(Params.maxAge(ctx.queryParam("maxAge")));
        Params.Format format = Params.format(ctx.queryParam("format"), MESSAGE_FORMATS);
        Diff diff = service.diff(from, to, maxAge);
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("from", from);
        head.put("to", to);
        head.put("maxAge", maxAge.unbounded() ? "unbounded" : maxAge.seconds());
        ctx.header("X-Message-Count", String.valueOf(diff.added().size()));
        contentType(ctx, format);
        try (OutputStream out = output(ctx)) {
            writer.writeRefs(diff.added(), format, out, head, diff);
        }
    }

    private void channel(Context ctx) throws Exception {
        ShortChannelId scid = Params.scid(ctx.pathParam("scid"));
        history(ctx, service.byScid(scid, bound(ctx, "from"), bound(ctx, "to")), "scid", scid.toString());
    }

    private void node(Context ctx) throws Exception {
        NodeId node = Params.nodeId(ctx.pathParam("node_id"));
        history(ctx, service.byNode(node, bound(ctx, "from"), bound(ctx, "to")), "node_id", node.hex());
    }

    private Long bound(Context ctx, String name) {
        return Params.optionalTime(name, ctx.queryParam(name));
    }

    private void history(Context ctx, Optional<List<StoredMessage>> messages, String key, String value)
            throws Exception {
        Params.ordered("from", bound(ctx, "from"), "to", bound(ctx, "to"));
        Params.Format format = Params.format(ctx.queryParam("format"), MESSAGE_FORMATS);
        if (messages.isEmpty()) {
            problem(ctx, 404, Problem.of("not-found", "Not found", 404, "no stored message names " + key + " "
                    + value));
            return;
        }
        Map<String, Object> head = new LinkedHashMap<>();
        head.put(key, value);
        ctx.header("X-Message-Count", String.valueOf(messages.get().size()));
        contentType(ctx, format);
        try (OutputStream out = output(ctx)) {
            writer.writeMessages(messages.get(), format, out, head);
        }
    }

    private void range(Context ctx) throws Exception {
        long from = Params.time("from", ctx.queryParam("from"));
        long to = Params.time("to", ctx.queryParam("to"));
        Params.ordered("from", from, "to", to);
        Params.Format format = Params.format(ctx.queryParam("format"), MESSAGE_FORMATS);
        List<StoredMessage> messages = service.range(from, to);
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("from", from);
        head.put("to", to);
        ctx.header("X-Message-Count", String.valueOf(messages.size()));
        contentType(ctx, format);
        try (OutputStream out = output(ctx)) {
            writer.writeMessages(messages, format, out, head);
        }
    }

    private static void contentType(Context ctx, Params.Format format) {
        ctx.contentType(switch (format) {
            case GSP -> "application/octet-stream";
            case NDJSON -> "application/x-ndjson";
            default -> "application/json";
        });
    }

    /** The response stream, gzipped when the client accepts it (answers are large and compress well). */
    private static OutputStream output(Context ctx) throws java.io.IOException {
        String accept = ctx.header("Accept-Encoding");
        if (accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("gzip")) {
            ctx.header("Content-Encoding", "gzip");
            ctx.header("Vary", "Accept-Encoding");
            return new java.util.zip.GZIPOutputStream(ctx.outputStream(), 1 << 16);
        }
        return ctx.outputStream();
    }
}
