package io.lngossip.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lngossip.flink.kafka.GossipPublisher;
import io.lngossip.flink.kafka.GossipStoreFollower;
import io.lngossip.flink.kafka.KafkaGossipOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code lngossip plugin}: the live collector as a Core Lightning plugin. lightningd starts it (one {@code plugin=}
 * line in its config) and talks JSON-RPC 2.0 on stdin/stdout: {@code getmanifest} gets the plugin's options (the Kafka
 * settings), {@code init} gets their values and the lightning directory, after which the plugin follows
 * {@code <lightning-dir>/gossip_store} into Kafka until lightningd closes stdin.
 */
@Command(name = "plugin", mixinStandardHelpOptions = true,
        description = "Runs as a Core Lightning plugin: follows the node's gossip_store into Kafka.")
final class PluginCommand implements Callable<Integer> {
    static final List<Map<String, Object>> OPTIONS = List.of(
            option("lngossip-bootstrap-servers", "localhost:9092", "Kafka bootstrap servers"),
            option("lngossip-topic", KafkaGossipOptions.DEFAULT_TOPIC, "gossip topic"),
            option("lngossip-collector", "cln", "collector header of the published messages"),
            option("lngossip-position-file", "", "where the position is kept (default: lightning-dir/lngossip-position)"));

    private final InputStream in;
    private final OutputStream out;

    PluginCommand() {
        this(System.in, System.out);
    }

    PluginCommand(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    private static Map<String, Object> option(String name, String defaultValue, String description) {
        return Map.of("name", name, "type", "string", "default", defaultValue, "description", description);
    }

    @Override
    public Integer call() throws Exception {
        ObjectMapper mapper = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        Thread collector = null;
        GossipStoreFollower follower = null;
        GossipPublisher publisher = null;
        try (MappingIterator<JsonNode> requests = mapper.readerFor(JsonNode.class).readValues(in)) {
            while (requests.hasNextValue()) {
                JsonNode request = requests.nextValue();
                String method = request.path("method").asText();
                JsonNode id = request.get("id");
                Object result;
                if (method.equals("getmanifest")) {
                    result = Map.of("options", OPTIONS, "rpcmethods", List.of(), "subscriptions", List.of(),
                            "dynamic", false);
                } else if (method.equals("init") && follower == null) {
                    JsonNode params = request.path("params");
                    JsonNode options = params.path("options");
                    Path dir = Path.of(params.path("configuration").path("lightning-dir").asText("."));
                    String position = options.path("lngossip-position-file").asText("");
                    publisher = new GossipPublisher(value(options, 0), value(options, 1));
                    follower = new GossipStoreFollower(dir.resolve("gossip_store"),
                            position.isEmpty() ? dir.resolve("lngossip-position") : Path.of(position), publisher,
                            value(options, 2));
                    GossipStoreFollower f = follower;
                    collector = new Thread(() -> {
                        try {
                            f.follow(Duration.ofSeconds(1));
                        } catch (Exception e) {
                            System.err.println("lngossip plugin: " + e);
                        }
                    }, "lngossip-collector");
                    collector.setDaemon(true);
                    collector.start();
                    result = Map.of();
                } else {
                    result = null;
                }
                if (id != null && !id.isNull()) {
                    ObjectNode response = mapper.createObjectNode().put("jsonrpc", "2.0").set("id", id);
                    if (result != null) {
                        response.set("result", mapper.valueToTree(result));
                    } else {
                        response.set("error", mapper.valueToTree(Map.of("code", -32601, "message",
                                "unknown method " + method)));
                    }
                    synchronized (out) {
                        mapper.writeValue(out, response);
                        out.write("\n\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                        out.flush();
                    }
                }
            }
        } finally {
            // lightningd closed stdin: it is shutting down
            if (follower != null) {
                follower.close();
            }
            if (collector != null) {
                collector.join(5_000);
            }
            if (publisher != null) {
                publisher.close();
            }
        }
        return 0;
    }

    private static String value(JsonNode options, int index) {
        String name = (String) OPTIONS.get(index).get("name");
        JsonNode v = options.get(name);
        return v == null || v.asText().isEmpty() ? (String) OPTIONS.get(index).get("default") : v.asText();
    }
}
