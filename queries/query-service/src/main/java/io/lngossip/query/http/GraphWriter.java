package io.lngossip.query.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lngossip.codec.ChannelUpdate;
import io.lngossip.codec.GossipCodec;
import io.lngossip.codec.GossipId;
import io.lngossip.codec.GossipMessage;
import io.lngossip.codec.GossipParseException;
import io.lngossip.codec.NodeAddress;
import io.lngossip.codec.NodeAnnouncement;
import io.lngossip.codec.ShortChannelId;
import io.lngossip.model.Snapshot;
import io.lngossip.model.UpdateRef;
import io.lngossip.query.service.QueryService;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A snapshot as a graph for analysis tools: every node of the snapshot with its announced fields, and one directed
 * edge per live half-channel (from the node that sent the update) with its policy and the channel's capacity where
 * known. {@code graph-json} is networkx's node-link format ({@code nx.node_link_graph(data, edges="links")});
 * {@code graphml} is GraphML, which networkx, Gephi and igraph read.
 */
final class GraphWriter {
    private final ObjectMapper mapper;
    private final QueryService service;

    GraphWriter(ObjectMapper mapper, QueryService service) {
        this.mapper = mapper;
        this.service = service;
    }

    /** A node: its id and announced fields (empty when it never announced itself by T). */
    private record Node(String id, Map<String, Object> fields) {}

    /** An edge: one live half-channel. */
    private record Edge(String source, String target, String key, Map<String, Object> fields) {}

    void write(Snapshot snapshot, Params.Format format, OutputStream out, Map<String, Object> graphFields)
            throws IOException, SQLException {
        List<Node> nodes = new ArrayList<>();
        for (List<Snapshot.Node> batch : batches(snapshot.nodes())) {
            List<GossipId> ids = new ArrayList<>();
            batch.stream().filter(n -> n.announcement() != null).forEach(n -> ids.add(n.announcement().id()));
            Map<GossipId, byte[]> bytes = service.bytes(ids);
            for (Snapshot.Node n : batch) {
                Map<String, Object> f = new LinkedHashMap<>();
                if (n.announcement() != null) {
                    NodeAnnouncement a = (NodeAnnouncement) decode(bytes.get(n.announcement().id()));
                    f.put("alias", a.aliasText());
                    f.put("color", a.colorHex());
                    f.put("features", a.features().hex());
                    f.put("addresses", String.join(",", NodeAddress.parseAll(a.addresses()).stream()
                            .map(NodeAddress::toString).toList()));
                    f.put("timestamp", a.timestamp());
                }
                nodes.add(new Node(n.nodeId().hex(), f));
            }
        }
        Map<Long, Long> capacities = service.capacities();
        List<Edge> edges = new ArrayList<>();
        for (List<Snapshot.Channel> batch : batches(snapshot.channels())) {
            List<GossipId> ids = new ArrayList<>();
            for (Snapshot.Channel c : batch) {
                for (int d = 0; d < 2; d++) {
                    if (c.half(d) != null) {
                        ids.add(c.half(d).id());
                    }
                }
            }
            Map<GossipId, byte[]> bytes = service.bytes(ids);
            for (Snapshot.Channel c : batch) {
                for (int d = 0; d < 2; d++) {
                    UpdateRef ref = c.half(d);
                    if (ref == null) {
                        continue;
                    }
                    ChannelUpdate u = (ChannelUpdate) decode(bytes.get(ref.id()));
                    String scid = new ShortChannelId(c.scid()).toString();
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("scid", scid);
                    f.put("direction", d);
                    f.put("timestamp", u.timestamp());
                    f.put("fee_base_msat", u.feeBaseMsat());
                    f.put("fee_proportional_millionths", u.feeProportionalMillionths());
                    f.put("cltv_expiry_delta", u.cltvExpiryDelta());
                    f.put("htlc_minimum_msat", unsigned(u.htlcMinimumMsat()));
                    if (u.hasHtlcMaximumMsat()) {
                        f.put("htlc_maximum_msat", unsigned(u.htlcMaximumMsat()));
                    }
                    f.put("disabled", u.disabled());
                    Long capacity = capacities.get(c.scid());
                    if (capacity != null) {
                        f.put("capacity_sat", capacity);
                    }
                    // direction 0 is sent by node_id_1, towards node_id_2
                    String from = (d == 0 ? c.announcement().nodeId1() : c.announcement().nodeId2()).hex();
                    String to = (d == 0 ? c.announcement().nodeId2() : c.announcement().nodeId1()).hex();
                    edges.add(new Edge(from, to, scid + "/" + d, f));
                }
            }
        }
        if (format == Params.Format.GRAPHML) {
            graphml(nodes, edges, out, graphFields);
        } else {
            nodeLink(nodes, edges, out, graphFields);
        }
    }

    private void nodeLink(List<Node> nodes, List<Edge> edges, OutputStream out, Map<String, Object> graphFields)
            throws IOException {
        JsonGenerator g = mapper.getFactory().createGenerator(out, JsonEncoding.UTF8);
        g.writeStartObject();
        g.writeBooleanField("directed", true);
        g.writeBooleanField("multigraph", true);
        g.writeObjectField("graph", graphFields);
        g.writeArrayFieldStart("nodes");
        for (Node n : nodes) {
            g.writeStartObject();
            g.writeStringField("id", n.id());
            for (Map.Entry<String, Object> e : n.fields().entrySet()) {
                g.writeObjectField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("links");
        for (Edge e : edges) {
            g.writeStartObject();
            g.writeStringField("source", e.source());
            g.writeStringField("target", e.target());
            g.writeStringField("key", e.key());
            for (Map.Entry<String, Object> f : e.fields().entrySet()) {
                g.writeObjectField(f.getKey(), f.getValue());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
    }

    static final String[][] NODE_KEYS = {{"alias", "string"}, {"color", "string"}, {"features", "string"},
        {"addresses", "string"}, {"timestamp", "long"}};
    static final String[][] EDGE_KEYS = {{"scid", "string"}, {"direction", "int"}, {"timestamp", "long"},
        {"fee_base_msat", "long"}, {"fee_proportional_millionths", "long"}, {"cltv_expiry_delta", "int"},
        {"htlc_minimum_msat", "string"}, {"htlc_maximum_msat", "string"}, {"disabled", "boolean"},
        {"capacity_sat", "long"}};

    private static void graphml(List<Node> nodes, List<Edge> edges, OutputStream out, Map<String, Object> graphFields)
            throws IOException {
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            x.writeStartDocument("UTF-8", "1.0");
            x.writeStartElement("graphml");
            x.writeDefaultNamespace("http://graphml.graphdrawing.org/xmlns");
            keys(x, "node", NODE_KEYS);
            keys(x, "edge", EDGE_KEYS);
            x.writeStartElement("graph");
            x.writeAttribute("id", "lightning-" + graphFields.get("at"));
            x.writeAttribute("edgedefault", "directed");
            for (Node n : nodes) {
                x.writeStartElement("node");
                x.writeAttribute("id", n.id());
                data(x, n.fields());
                x.writeEndElement();
            }
            for (Edge e : edges) {
                x.writeStartElement("edge");
                x.writeAttribute("id", e.key());
                x.writeAttribute("source", e.source());
                x.writeAttribute("target", e.target());
                data(x, e.fields());
                x.writeEndElement();
            }
            x.writeEndElement();
            x.writeEndElement();
            x.writeEndDocument();
            x.flush();
        } catch (XMLStreamException e) {
            throw new IOException("writing GraphML: " + e.getMessage(), e);
        }
    }

    private static void keys(XMLStreamWriter x, String target, String[][] keys) throws XMLStreamException {
        for (String[] k : keys) {
            x.writeEmptyElement("key");
            x.writeAttribute("id", k[0]);
            x.writeAttribute("for", target);
            x.writeAttribute("attr.name", k[0]);
            x.writeAttribute("attr.type", k[1]);
        }
    }

    private static void data(XMLStreamWriter x, Map<String, Object> fields) throws XMLStreamException {
        for (Map.Entry<String, Object> f : fields.entrySet()) {
            x.writeStartElement("data");
            x.writeAttribute("key", f.getKey());
            x.writeCharacters(String.valueOf(f.getValue()));
            x.writeEndElement();
        }
    }

    private static <T> List<List<T>> batches(List<T> all) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += AnswerWriter.BATCH) {
            out.add(all.subList(i, Math.min(all.size(), i + AnswerWriter.BATCH)));
        }
        return out;
    }

    private static GossipMessage decode(byte[] raw) throws SQLException {
        if (raw == null) {
            throw new SQLException("a referenced message is not stored yet");
        }
        try {
            return GossipCodec.decode(raw);
        } catch (GossipParseException e) {
            throw new SQLException("a stored message does not decode: " + e.getMessage(), e);
        }
    }

    private static Object unsigned(long v) {
        return v >= 0 ? (Object) v : new BigInteger(Long.toUnsignedString(v));
    }
}
