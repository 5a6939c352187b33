package io.lngossip.query.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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
    private final PrometheusMeterRegistry metrics;
    private final ObjectMapper mapper = new ObjectMapper();
    private final AnswerWriter writer;
    private final GraphWriter graphs;
    private final byte[] bearerDigest;
    private final java.util.function.BooleanSupplier loaded;
    private final HttpOptions options;
    private final QueryLimiter limiter;

    private QueryServiceApp(QueryService service, PrometheusMeterRegistry metrics, String bearerToken,
            java.util.function.BooleanSupplier loaded, HttpOptions options) {
        this.service = service;
        this.metrics = metrics;
        this.loaded = loaded;
        this.options = options;
        this.limiter = new QueryLimiter(options.maxConcurrentQueries(), options.queueLength(), options.queueTimeout());
        this.bearerDigest = bearerToken == null || bearerToken.isEmpty() ? null
                : sha256(bearerToken.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        this.writer = new AnswerWriter(mapper, service);
        this.graphs = new GraphWriter(mapper, service);
    }

    /** The app with its own metrics registry (JVM figures included). */
    public static Javalin create(QueryService service) {
        return create(service, metricsRegistry(), null);
    }

    /** A registry for {@code /metrics} with the JVM's memory and thread figures bound, as deployments should pass. */
    public static PrometheusMeterRegistry metricsRegistry() {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        return metrics;
    }

    /**
     * @param bearerToken when not null, every {@code /v1/} request must carry {@code Authorization: Bearer TOKEN};
     *     {@code /health}, {@code /metrics} and {@code /openapi.json} stay open for probes and scrapers
     */
    public static Javalin create(QueryService service, PrometheusMeterRegistry metrics, String bearerToken) {
        return create(service, metrics, bearerToken, () -> true);
    }

    /**
     * @param loaded false while the deployment is still loading data it promised (the demo's samples): {@code /health}
     *     then answers 503 {@code "status": "loading"}, so a readiness probe waits
     */
    public static Javalin create(QueryService service, PrometheusMeterRegistry metrics, String bearerToken,
            java.util.function.BooleanSupplier loaded) {
        return create(service, metrics, bearerToken, loaded, HttpOptions.defaults());
    }

    /** @param options the request limits and the expensive-query limiter (docs/RELIABILITY.md) */
    public static Javalin create(QueryService service, PrometheusMeterRegistry metrics, String bearerToken,
            java.util.function.BooleanSupplier loaded, HttpOptions options) {
        Objects.requireNonNull(service, "service cannot be null");
        Objects.requireNonNull(metrics, "metrics cannot be null");
        Objects.requireNonNull(loaded, "loaded cannot be null");
        Objects.requireNonNull(options, "options cannot be null");
        return new QueryServiceApp(service, metrics, bearerToken, loaded, options).build();
    }

    private Javalin build() {
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            // answers stream; gzip is applied by output() on the stream itself
            config.http.disableCompression();
            config.jetty.modifyHttpConfiguration(http -> {
                http.setRequestHeaderSize(options.maxHeaderBytes());
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
            });
            // Jetty answers what it refuses itself (a head over the limit, a malformed request) as problem+json too
            config.jetty.modifyServer(server -> server.setErrorHandler(
                    new ProblemErrorHandler(options.maxHeaderBytes())));
            config.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(
                    new ProblemErrorHandler(options.maxHeaderBytes())));
            // the explorer page: static files at /, no build step (src/main/resources/explorer)
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/explorer";
                files.location = io.javalin.http.staticfiles.Location.CLASSPATH;
            });
        });
        io.micrometer.core.instrument.Gauge.builder("lngossip_queries_active", limiter, QueryLimiter::active)
                .description("expensive requests being answered").register(metrics);
        io.micrometer.core.instrument.Gauge.builder("lngossip_queries_waiting", limiter, QueryLimiter::waiting)
                .description("expensive requests waiting for a slot").register(metrics);
        app.before(ctx -> ctx.attribute("started", System.nanoTime()));
        app.before("/v1/*", this::authorize);
        app.before("/v1/*", this::checkQuery);
        app.after(ctx -> {
            Long started = ctx.attribute("started");
            if (started != null) {
                Timer.builder("lngossip_http_requests").tag("path", ctx.endpointHandlerPath())
                        .tag("status", String.valueOf(ctx.statusCode())).register(metrics)
                        .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
        });
        app.get("/health", this::health);
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.scrape()));
        app.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi()));
        app.get("/v1/snapshot", limited(this::snapshot));
        app.get("/v1/diff", limited(this::diff));
        app.get("/v1/channels/{scid}/gossip", limited(this::channel));
        app.get("/v1/nodes/{node_id}/gossip", limited(this::node));
        app.get("/v1/gossip", limited(this::range));
        app.get("/v1/stats", this::stats);
        app.get("/v1/coverage", this::coverage);
        app.get("/v1/snapshot/summary", limited(this::summary));
        app.get("/v1/channels/{scid}/timeline", limited(this::channelTimeline));
        app.get("/v1/nodes/{node_id}/timeline", limited(this::nodeTimeline));
        app.exception(BadParameterException.class, (e, ctx) -> {
            Map<String, Object> body = Problem.of("bad-parameter", "Bad parameter", 400, e.getMessage());
            body.put("parameter", e.parameter());
            problem(ctx, 400, body);
        });
        app.exception(QueryLimiter.TooBusyException.class, (e, ctx) -> {
            metrics.counter("lngossip_queries_rejected").increment();
            ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
            problem(ctx, 429, Problem.of("too-many-requests", "Too many requests", 429, e.getMessage()));
        });
        app.exception(SQLException.class, (e, ctx) -> databaseError(ctx, e));
        app.exception(ReconstructionPlanner.PlanException.class, (e, ctx) -> problem(ctx, 503, Problem.of(
                "not-reconstructable", "Not reconstructable", 503, e.getMessage())));
        app.exception(Exception.class, (e, ctx) -> {
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof SQLException sql) { // e.g. wrapped by a stream while the answer was being written
                    databaseError(ctx, sql);
                    return;
                }
            }
            if (e instanceof io.javalin.http.HttpResponseException h) {
                problem(ctx, h.getStatus(), Problem.of("http-" + h.getStatus(), "HTTP " + h.getStatus(),
                        h.getStatus(), "the request could not be answered"));
                return;
            }
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

    /** The query string as a whole, before any handler reads it: size limits, and decodable at all. */
    private void checkQuery(Context ctx) {
        Map<String, List<String>> query;
        try {
            query = ctx.queryParamMap();
        } catch (IllegalArgumentException e) { // a malformed %-escape
            throw new BadParameterException("query", "the query string is not valid percent-encoded UTF-8");
        }
        Params.checkQuery(query, options.maxParameters(), options.maxParameterLength());
    }

    /** An expensive handler: it runs holding one of the limiter's slots, or answers 429. */
    private io.javalin.http.Handler limited(io.javalin.http.Handler handler) {
        return ctx -> {
            try (QueryLimiter.Permit ignored = limiter.acquire()) {
                handler.handle(ctx);
            }
        };
    }

    /**
     * A database error as a problem, never with its SQL or message: a statement cut by the per-request timeout is 503
     * {@code timeout}; a refused statement (permissions, schema: a deployment fault) 500; anything else (connection
     * lost, pool exhausted, server starting) 503 {@code database-unavailable}, which a retry may cure.
     */
    private void databaseError(Context ctx, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("57014")) {
            LOG.warn("statement timeout on {}: {}", ctx.path(), e.toString());
            problem(ctx, 503, Problem.of("timeout", "Request timed out", 503,
                    "the answer took longer than this service allows (LNGOSSIP_REQUEST_TIMEOUT); ask for less"));
        } else if (state.startsWith("42")) {
            LOG.error("database refused a statement on {}: {}", ctx.path(), e.toString());
            problem(ctx, 500, Problem.of("internal", "Internal error", 500, "the request could not be answered"));
        } else {
            LOG.warn("database error on {}: {}", ctx.path(), e.toString());
            problem(ctx, 503, Problem.of("database-unavailable", "Database unavailable", 503,
                    "the history database cannot answer right now; try again shortly"));
        }
    }

    /**
     * Checks the bearer token, in constant time, when one is configured: the digests of the given and the configured
     * token are compared, so neither the content nor the length of the secret shows in the time an answer takes.
     */
    private void authorize(Context ctx) {
        if (bearerDigest == null) {
            return;
        }
        String header = ctx.header("Authorization");
        byte[] given = header != null && header.startsWith("Bearer ")
                ? header.substring(7).getBytes(java.nio.charset.StandardCharsets.UTF_8) : new byte[0];
        if (!java.security.MessageDigest.isEqual(sha256(given), bearerDigest)) {
            ctx.header("WWW-Authenticate", "Bearer");
            problem(ctx, 401, Problem.of("unauthorized", "Unauthorized", 401,
                    "this deployment needs an Authorization: Bearer token"));
            ctx.skipRemainingHandlers();
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static byte[] openApi() throws java.io.IOException {
        try (java.io.InputStream in = QueryServiceApp.class.getResourceAsStream("/openapi.json")) {
            return in.readAllBytes();
        }
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
        boolean ready = up && loaded.getAsBoolean();
        ctx.status(ready ? 200 : 503).json(Map.of("status", ready ? "up" : up ? "loading" : "down",
                "database", up ? "up" : "down"));
    }

    private void snapshot(Context ctx) throws Exception {
        long at = Params.time("at", ctx.queryParam("at"));
        MaxAge maxAge = MaxAge.ofSeconds(Params.maxAge(ctx.queryParam("maxAge")));
        Params.Format format = Params.format(ctx.queryParam("format"), Params.Format.GSP, Params.Format.JSON,
                Params.Format.NDJSON, Params.Format.GRAPHML, Params.Format.GRAPH_JSON);
        boolean graph = format == Params.Format.GRAPHML || format == Params.Format.GRAPH_JSON;
        // message formats stream the answer's bytes: its window after the body is read ahead meanwhile
        QueryService.Answer answer = graph ? service.snapshot(at, maxAge) : service.snapshotToStream(at, maxAge);
        String coverage = service.coverageOf(at, maxAge).label();
        ctx.header("X-Coverage", coverage);
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("at", at);
        head.put("maxAge", maxAge.unbounded() ? "unbounded" : maxAge.seconds());
        head.put("coverage", coverage);
        if (graph) {
            ctx.contentType(format == Params.Format.GRAPHML ? "application/graphml+xml" : "application/json");
            try (OutputStream out = output(ctx)) {
                graphs.write(answer.snapshot(), format, out, head);
            }
            return;
        }
        ctx.header("X-Message-Count", String.valueOf(answer.snapshot().messageCount()));
        contentType(ctx, format);
        try (OutputStream out = output(ctx)) {
            writer.writeSnapshot(answer, format, out, head);
        }
    }

    private void diff(Context ctx) throws Exception {
        long from = Params.time("from", ctx.queryParam("from"));
        long to = Params.time("to", ctx.queryParam("to"));
        Params.ordered("from", from, "to", to);
        MaxAge maxAge = MaxAge.ofSeconds(Params.maxAge(ctx.queryParam("maxAge")));
        Params.Format format = Params.format(ctx.queryParam("format"), MESSAGE_FORMATS);
        QueryService.DiffAnswer answer = service.diffAnswer(from, to, maxAge);
        Diff diff = answer.diff();
        String coverage = service.coverageOf(to, maxAge).label();
        ctx.header("X-Coverage", coverage);
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("from", from);
        head.put("to", to);
        head.put("maxAge", maxAge.unbounded() ? "unbounded" : maxAge.seconds());
        head.put("coverage", coverage);
        ctx.header("X-Message-Count", String.valueOf(diff.added().size()));
        contentType(ctx, format);
        try (OutputStream out = output(ctx)) {
            writer.writeDiff(answer, format, out, head);
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

    /** Snapshot(T)'s size without its messages, for the explorer's time slider. */
    private void summary(Context ctx) throws Exception {
        long at = Params.time("at", ctx.queryParam("at"));
        MaxAge maxAge = MaxAge.ofSeconds(Params.maxAge(ctx.queryParam("maxAge")));
        String coverage = service.coverageOf(at, maxAge).label();
        ctx.header("X-Coverage", coverage);
        boolean fees = Params.flag("fees", ctx.queryParam("fees"));
        QueryService.Answer answer = service.snapshot(at, maxAge);
        io.lngossip.model.Snapshot snapshot = answer.snapshot();
        Map<String, Object> body = TimelineJson.summary(snapshot, coverage, service.capacities(
                snapshot.channels().stream().map(io.lngossip.model.Snapshot.Channel::scid).toList()));
        if (fees) {
            QueryService.MedianFees median = service.medianFees(answer);
            body.put("median_fee_base_msat", median == null ? null : median.baseMsat());
            body.put("median_fee_ppm", median == null ? null : median.ppm());
        }
        ctx.contentType("application/json").result(mapper.writeValueAsBytes(body));
    }

    private void channelTimeline(Context ctx) throws Exception {
        ShortChannelId scid = Params.scid(ctx.pathParam("scid"));
        Long from = bound(ctx, "from");
        Long to = bound(ctx, "to");
        Params.ordered("from", from, "to", to);
        var timeline = service.channelTimeline(scid, from, to);
        if (timeline.isEmpty()) {
            problem(ctx, 404, Problem.of("not-found", "Not found", 404, "no stored message names scid " + scid));
            return;
        }
        ctx.contentType("application/json").result(mapper.writeValueAsBytes(TimelineJson.channel(timeline.get())));
    }

    private void nodeTimeline(Context ctx) throws Exception {
        NodeId node = Params.nodeId(ctx.pathParam("node_id"));
        MaxAge maxAge = MaxAge.ofSeconds(Params.maxAge(ctx.queryParam("maxAge")));
        var timeline = service.nodeTimeline(node, maxAge);
        if (timeline.isEmpty()) {
            problem(ctx, 404, Problem.of("not-found", "Not found", 404, "no stored message names node_id "
                    + node.hex()));
            return;
        }
        ctx.contentType("application/json").result(mapper.writeValueAsBytes(TimelineJson.node(timeline.get())));
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

    /**
     * Network figures per step (default one hour, a multiple of an hour): messages by type summed over the step, the
     * network figures of its last hour.
     */
    private void stats(Context ctx) throws Exception {
        long from = Params.time("from", ctx.queryParam("from"));
        long to = Params.time("to", ctx.queryParam("to"));
        Params.ordered("from", from, "to", to);
        long step = Params.positiveSeconds("step", ctx.queryParam("step")).orElse(3600);
        if (step % 3600 != 0) {
            throw new BadParameterException("step", "parameter 'step' must be a multiple of 3600 seconds: " + step);
        }
        List<Map<String, Object>> series = new java.util.ArrayList<>();
        Map<String, Object> bucket = null;
        long bucketStart = Long.MIN_VALUE;
        for (io.lngossip.query.dao.HistoryDao.StatsRow r : service.stats(Math.floorDiv(from, 3600) * 3600, to)) {
            long start = Math.floorDiv(r.hour(), step) * step;
            if (bucket == null || start != bucketStart) {
                bucket = new LinkedHashMap<>();
                bucket.put("from", start);
                bucket.put("channel_announcements", 0L);
                bucket.put("node_announcements", 0L);
                bucket.put("channel_updates", 0L);
                series.add(bucket);
                bucketStart = start;
            }
            add(bucket, "channel_announcements", r.channelAnnouncements());
            add(bucket, "node_announcements", r.nodeAnnouncements());
            add(bucket, "channel_updates", r.channelUpdates());
            if (r.channels() != null) {
                bucket.put("channels", r.channels());
                bucket.put("half_channels", r.halfChannels());
                bucket.put("nodes", r.nodes());
                bucket.put("capacity_sat", r.capacitySat());
                bucket.put("median_fee_base_msat", r.medianFeeBaseMsat());
                bucket.put("median_fee_ppm", r.medianFeePpm());
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", from);
        body.put("to", to);
        body.put("step", step);
        body.put("series", series);
        ctx.contentType("application/json").result(mapper.writeValueAsBytes(body));
    }

    private static void add(Map<String, Object> bucket, String key, Long value) {
        if (value != null) {
            bucket.put(key, (Long) bucket.get(key) + value);
        }
    }

    /** The ingested time ranges per collector, and the gaps of more than an hour between them. */
    private void coverage(Context ctx) throws Exception {
        io.lngossip.query.service.Coverage c = service.coverage();
        List<Map<String, Object>> collectors = new java.util.ArrayList<>();
        c.ranges().forEach((collector, ranges) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("collector", collector);
            entry.put("ranges", ranges.stream().map(r -> Map.of("from", r.from(), "to", r.to())).toList());
            entry.put("gaps", io.lngossip.query.service.Coverage.gaps(ranges).stream()
                    .map(r -> Map.of("from", r.from(), "to", r.to())).toList());
            collectors.add(entry);
        });
        ctx.contentType("application/json").result(mapper.writeValueAsBytes(Map.of("collectors", collectors)));
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
