package io.lngossip.query.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lngossip.codec.BigSize;
import io.lngossip.codec.GossipCodec;
import io.lngossip.codec.GossipParseException;
import io.lngossip.codec.json.GossipJson;
import io.lngossip.model.Diff;
import io.lngossip.model.StoredMessage;
import io.lngossip.query.service.QueryService;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Streams answers in the formats of SEMANTICS §6: {@code gsp} ({@code GSP\x01} + BigSize-framed messages), {@code json}
 * (decoded messages in a top-level {@code messages} array) and {@code ndjson} (one decoded message per line). Message
 * bytes are fetched in batches as the answer is written, so memory stays bounded by one batch.
 */
final class AnswerWriter {
    static final int BATCH = 10_000;
    private static final byte[] GSP_HEADER = {'G', 'S', 'P', 1};

    private final ObjectMapper mapper;
    private final QueryService service;

    AnswerWriter(ObjectMapper mapper, QueryService service) {
        this.mapper = mapper;
        this.service = service;
    }

    /** A diff's added messages from the fast sources of its later snapshot (see {@link QueryService#writeMessages}). */
    void writeDiff(QueryService.DiffAnswer answer, Params.Format format, OutputStream out, Map<String, Object> head)
            throws IOException, SQLException {
        Sink sink = open(format, out, head);
        service.writeMessages(answer.to(), answer.diff().added(), answer.diff().from(), sink);
        sink.close(answer.diff());
    }

    /** A snapshot's messages, streamed from the service's byte sources (see {@link QueryService#writeSnapshot}). */
    void writeSnapshot(QueryService.Answer answer, Params.Format format, OutputStream out,
            Map<String, Object> head) throws IOException, SQLException {
        Sink sink = open(format, out, head);
        service.writeSnapshot(answer, sink);
        sink.close(null);
    }

    void writeMessages(List<StoredMessage> messages, Params.Format format, OutputStream out, Map<String, Object> head)
            throws IOException {
        Sink sink = open(format, out, head);
        for (StoredMessage m : messages) {
            sink.message(m.raw());
        }
        sink.close(null);
    }

    private Sink open(Params.Format format, OutputStream out, Map<String, Object> head) throws IOException {
        switch (format) {
            case GSP:
                // the length prefixes are written byte by byte: buffered here, not one server write call each
                OutputStream buffered = new java.io.BufferedOutputStream(out, 1 << 16);
                buffered.write(GSP_HEADER);
                return new Sink() {
                    @Override
                    public void message(byte[] raw) throws IOException {
                        BigSize.write(buffered, raw.length);
                        buffered.write(raw);
                    }

                    @Override
                    public void message(byte[] buffer, int offset, int length) throws IOException {
                        BigSize.write(buffered, length);
                        buffered.write(buffer, offset, length);
                    }

                    @Override
                    public void close(Diff diff) throws IOException {
                        buffered.flush();
                    }
                };
            case NDJSON:
                return new Sink() {
                    @Override
                    public void message(byte[] raw) throws IOException {
                        out.write(mapper.writeValueAsBytes(decoded(raw)));
                        out.write('\n');
                    }

                    @Override
                    public void close(Diff diff) throws IOException {
                        out.flush();
                    }
                };
            default:
                JsonGenerator g = mapper.getFactory().createGenerator(out, JsonEncoding.UTF8);
                g.writeStartObject();
                for (Map.Entry<String, Object> e : head.entrySet()) {
                    g.writeObjectField(e.getKey(), e.getValue());
                }
                g.writeArrayFieldStart("messages");
                return new Sink() {
                    @Override
                    public void message(byte[] raw) throws IOException {
                        g.writeObject(decoded(raw));
                    }

                    @Override
                    public void close(Diff diff) throws IOException {
                        g.writeEndArray();
                        if (diff != null) {
                            g.writeObjectFieldStart("removed");
                            g.writeArrayFieldStart("channels");
                            for (long scid : diff.removedChannels()) {
                                g.writeString(new io.lngossip.codec.ShortChannelId(scid).toString());
                            }
                            g.writeEndArray();
                            g.writeArrayFieldStart("halfChannels");
                            for (Diff.HalfChannel h : diff.removedHalfChannels()) {
                                g.writeStartObject();
                                g.writeStringField("scid", new io.lngossip.codec.ShortChannelId(h.scid()).toString());
                                g.writeNumberField("direction", h.direction());
                                g.writeEndObject();
                            }
                            g.writeEndArray();
                            g.writeArrayFieldStart("nodes");
                            for (io.lngossip.codec.NodeId n : diff.removedNodes()) {
                                g.writeString(n.hex());
                            }
                            g.writeEndArray();
                            g.writeEndObject();
                        }
                        g.writeEndObject();
                        g.flush();
                    }
                };
        }
    }

    private static Map<String, Object> decoded(byte[] raw) throws IOException {
        try {
            return GossipJson.toMap(raw, GossipCodec.decode(raw));
        } catch (GossipParseException e) {
            throw new IOException("a stored message does not decode: " + e.getMessage(), e);
        }
    }

    private interface Sink extends QueryService.MessageSink {

        void close(Diff diff) throws IOException;
    }
}
