package io.lngossip.query.service;

import io.lngossip.codec.GossipId;
import io.lngossip.codec.NodeId;
import io.lngossip.codec.ShortChannelId;
import io.lngossip.model.Checkpoint;
import io.lngossip.model.Diff;
import io.lngossip.model.GraphHistory;
import io.lngossip.model.HistoryOrder;
import io.lngossip.model.MaxAge;
import io.lngossip.model.Reconstruction;
import io.lngossip.model.ReconstructionPlanner;
import io.lngossip.model.Snapshot;
import io.lngossip.model.SnapshotBody;
import io.lngossip.model.StoredMessage;
import io.lngossip.query.dao.HistoryDao;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The four questions, answered from what the job stored: snapshots from the newest usable checkpoint plus the deltas
 * after it (graph-model's planner and reconstruction), histories ordered by graph-model's history order. The answers
 * equal a full replay because both sides use the same library.
 */
public final class QueryService {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(QueryService.class);
    private final HistoryDao dao;
    private final int windowScanFrom;
    /** Reads the windows after bodies ahead of the byte pass ({@link #snapshotToStream}); null: never. */
    private final java.util.concurrent.ExecutorService windowReaders;
    /** A loaded body and the seq its chunks were read with. */
    private record CachedBody(long instant, long seq, SnapshotBody.Loaded records) {}

    /**
     * The body loaded last (the one most answers start from, and both ends of most diffs); shared read-only between
     * requests. Its chunks are only ever replaced together with a greater seq, so an equal seq means the same bytes.
     */
    private volatile CachedBody lastBody;
    /** The newest checkpoint decoded (the one most answers start from); shared read-only between requests. */
    private volatile HistoryDao.StoredCheckpoint lastCheckpoint;
    /**
     * The channels table with its announcements' bytes, as read at its change count; shared read-only between
     * requests and read again when a reader sees another count (docs/QUERY.md "The announcement table").
     */
    private volatile HistoryDao.ChannelTable channelTable;

    public QueryService(HistoryDao dao) {
        this(dao, WINDOW_SCAN_FROM);
    }

    /**
     * @param windowScanFrom from how many messages newer than a body an answer reads them by one range scan of their
     *     window rather than by id ({@value #WINDOW_SCAN_FROM} by default; the answer is the same either way)
     */
    public QueryService(HistoryDao dao, int windowScanFrom) {
        this(dao, windowScanFrom, WINDOW_READERS);
    }

    /**
     * @param windowReaders how many windows after a body {@link #snapshotToStream} may read at once on connections of
     *     their own while their answers are built ({@value #WINDOW_READERS} by default; 0: none, each answer reads its
     *     window after its references, as {@link #writeSnapshot(Answer, MessageSink)} would anyway when all are busy)
     */
    public QueryService(HistoryDao dao, int windowScanFrom, int windowReaders) {
        this.dao = Objects.requireNonNull(dao, "dao cannot be null");
        if (windowScanFrom < 1) {
            throw new IllegalArgumentException("windowScanFrom must be positive: " + windowScanFrom);
        }
        if (windowReaders < 0) {
            throw new IllegalArgumentException("windowReaders cannot be negative: " + windowReaders);
        }
        this.windowScanFrom = windowScanFrom;
        this.windowReaders = windowReaders == 0 ? null : new java.util.concurrent.ThreadPoolExecutor(0, windowReaders,
                30, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(), task -> {
                    Thread t = new Thread(task, "lngossip-window-reader");
                    t.setDaemon(true);
                    return t;
                });
    }

    /** How many windows after a body are read ahead at once, by default. */
    public static final int WINDOW_READERS = 2;

    /**
     * The messages of a body's window (B, T], read on a connection of their own (another transaction: stored messages
     * never change, so any id found there has its bytes) while the answer that needs them is built.
     */
    public static final class WindowRead {
        private final java.util.concurrent.Future<Map<GossipId, byte[]>> messages;

        private WindowRead(java.util.concurrent.Future<Map<GossipId, byte[]>> messages) {
            this.messages = messages;
        }

        /**
         * The bytes of those of {@code ids} that the window holds, once read; null when the read failed (the caller
         * then reads the window itself). Call it holding no connection: the read may be waiting for one.
         */
        Map<GossipId, byte[]> of(List<GossipId> ids) throws InterruptedException {
            Map<GossipId, byte[]> all;
            try {
                all = messages.get();
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.debug("reading a body's window ahead failed; the answer reads it itself", e.getCause());
                return null;
            }
            Map<GossipId, byte[]> wanted = new java.util.HashMap<>(ids.size() * 2);
            for (GossipId id : ids) {
                byte[] raw = all.get(id);
                if (raw != null) {
                    wanted.put(id, raw);
                }
            }
            return wanted;
        }
    }

    /**
     * The longest window read ahead (12 hours, two body intervals): the read ahead keeps every message of its window,
     * not only the answer's, so a body far behind the instant (bodies not materialized for a while) is left to the
     * byte pass's own scan, which keeps only the answer's.
     */
    public static final long READ_AHEAD_WITHIN_SECONDS = 12 * 3600;

    /**
     * Starts reading (from, to]'s messages on another connection, or null when the window is empty or longer than
     * {@link #READ_AHEAD_WITHIN_SECONDS}, or every window reader is busy.
     */
    private WindowRead readAhead(long from, long to) {
        if (windowReaders == null || to <= from || to - from > READ_AHEAD_WITHIN_SECONDS) {
            return null;
        }
        try {
            return new WindowRead(windowReaders.submit(() -> {
                try (HistoryDao.Reader reader = dao.reader()) {
                    return reader.bytesInWindow(from, to);
                }
            }));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return null;
        }
    }

    /**
     * A snapshot and what it was built from: the materialized body at {@code body} (its records kept in
     * {@code bodyRecords} and the channel table in {@code channels}, for the byte pass), else the checkpoint at
     * {@code checkpoint} (both null: replayed from the beginning).
     */
    public record Answer(Snapshot snapshot, Long checkpoint, Long body, SnapshotBody.Loaded bodyRecords,
            HistoryDao.ChannelTable channels, WindowRead window) {
        public Answer {
            Objects.requireNonNull(snapshot, "snapshot cannot be null");
        }

        /** An answer whose window after the body (if any) the byte pass reads itself. */
        public Answer(Snapshot snapshot, Long checkpoint, Long body, SnapshotBody.Loaded bodyRecords,
                HistoryDao.ChannelTable channels) {
            this(snapshot, checkpoint, body, bodyRecords, channels, null);
        }
    }

    /**
     * Snapshot(at): from the newest usable materialized body B <= at when there is one (its records are the state's
     * half-channels and node announcements at B, so with every announcement, the closes and the deltas in (B, at] they
     * give the answer without decoding a checkpoint; body, channel table and deltas are read in one transaction, the
     * body and the channel table taken from memory while their seq and change count are unchanged), else from the
     * newest usable checkpoint and the deltas after it. A body that does not load (damaged, rewritten meanwhile) is
     * passed over for the checkpoint.
     */
    public Answer snapshot(long at, MaxAge maxAge) throws SQLException {
        return snapshot(at, maxAge, false);
    }

    /**
     * As {@link #snapshot}, for an answer that {@link #writeSnapshot(Answer, MessageSink)} will stream: when it is
     * built from a body B, the messages of its window (B, at] are read on another connection meanwhile (when a window
     * reader is free), so that the byte pass finds them read instead of reading them after the references.
     */
    public Answer snapshotToStream(long at, MaxAge maxAge) throws SQLException {
        return snapshot(at, maxAge, true);
    }

    private Answer snapshot(long at, MaxAge maxAge, boolean toStream) throws SQLException {
        Objects.requireNonNull(maxAge, "maxAge cannot be null");
        try (HistoryDao.Reader reader = dao.reader()) {
            Optional<HistoryDao.BodyInfo> body = reader.usableBodyAtOrBefore(at);
            if (body.isPresent()) {
                // read ahead before the body loads: the two reads overlap, each on its own connection
                WindowRead window = toStream ? readAhead(body.get().instant(), at) : null;
                CachedBody cached = lastBody;
                SnapshotBody.Loaded records;
                if (cached != null && cached.instant() == body.get().instant() && cached.seq() == body.get().seq()) {
                    records = cached.records();
                } else {
                    records = load(reader, body.get());
                    if (records != null) {
                        lastBody = new CachedBody(body.get().instant(), body.get().seq(), records);
                    }
                }
                if (records != null) {
                    long b = body.get().instant();
                    HistoryDao.ChannelTable channels = channelTable(reader);
                    Snapshot s = Reconstruction.snapshot(channels.announcements(), records.halves(), records.nodes(),
                            reader.closesAndSlots(b, at), at, maxAge);
                    return new Answer(s, null, b, records, channels, window);
                }
            }
        }
        ReconstructionPlanner.Plan plan = ReconstructionPlanner.plan(at, dao.usableCheckpointAtOrBefore(at),
                // every delta the job stored is in the tables: one segment from the beginning of time
                List.of(new ReconstructionPlanner.DeltaSegment(ReconstructionPlanner.BEGINNING, Long.MAX_VALUE)));
        Checkpoint checkpoint = plan.checkpoint() == null ? null : checkpoint(plan.checkpoint());
        Snapshot s = Reconstruction.snapshot(checkpoint, dao.deltas(plan.deltasFromExclusive(), at), at, maxAge);
        return new Answer(s, plan.checkpoint(), null, null, null);
    }

    /**
     * The channels table as {@code reader} sees it: the one kept when its change count is the reader's, else read now
     * and kept (count and table come from the reader's one snapshot, so the count names exactly the table read).
     */
    private HistoryDao.ChannelTable channelTable(HistoryDao.Reader reader) throws SQLException {
        long changes = reader.channelChanges();
        HistoryDao.ChannelTable cached = channelTable;
        if (cached != null && cached.changes() == changes) {
            return cached;
        }
        HistoryDao.ChannelTable table = reader.channelTable(changes);
        channelTable = table;
        return table;
    }

    /** The whole body, or null when it is damaged or was rewritten since its row was read. */
    private static SnapshotBody.Loaded load(HistoryDao.Reader reader, HistoryDao.BodyInfo info) throws SQLException {
        try (HistoryDao.Cursor<byte[]> chunks = reader.bodyChunks(info.instant(), info.seq())) {
            SnapshotBody.Loaded loaded = SnapshotBody.load(chunks);
            if (loaded.chunks() != info.chunks()) {
                LOG.warn("materialized body {} has {} chunks of the {} its row names: the checkpoint is used",
                        info.instant(), loaded.chunks(), info.chunks());
                return null;
            }
            return loaded;
        } catch (io.lngossip.model.CheckpointCodec.CheckpointFormatException e) {
            LOG.warn("materialized body {} is damaged, the checkpoint is used: {}", info.instant(), e.getMessage());
            return null;
        } catch (HistoryDao.CursorException e) {
            throw e.getCause();
        }
    }

    /** Takes the messages of an answer, in order. */
    @FunctionalInterface
    public interface MessageSink {
        void message(byte[] raw) throws java.io.IOException;

        /** A message given as a slice of a larger array, which the sink must not keep (copied by default). */
        default void message(byte[] buffer, int offset, int length) throws java.io.IOException {
            message(java.util.Arrays.copyOfRange(buffer, offset, offset + length));
        }
    }

    /**
     * Streams the bytes of an answer of {@link #snapshot}: as {@link #writeSnapshot(Snapshot, MessageSink)}, but the
     * updates and node announcements at or before the body the answer was built from come from the body's records it
     * kept (no second read of the body), and only the newer ones are read: from their window's range scan when they
     * are many (the one {@link #snapshotToStream} read ahead, if it did and the read succeeded), else by id.
     */
    public Sources writeSnapshot(Answer answer, MessageSink sink) throws SQLException, java.io.IOException {
        Objects.requireNonNull(answer, "answer cannot be null");
        Objects.requireNonNull(sink, "sink cannot be null");
        if (answer.bodyRecords() == null) {
            return writeSnapshot(answer.snapshot(), sink);
        }
        Snapshot snapshot = answer.snapshot();
        SnapshotBody.Loaded body = answer.bodyRecords();
        long bodyAt = answer.body();
        List<GossipId> newer = newerThan(snapshot, bodyAt);
        // the newer messages are of the window (B, T]: one range scan when they are many (read ahead while the
        // answer was built, if it was: taken before this pass holds a connection), else by id as reached
        boolean scan = newer.size() >= windowScanFrom;
        Map<GossipId, byte[]> readAhead = null;
        if (scan && answer.window() != null) {
            try {
                readAhead = answer.window().of(newer);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted waiting for the window after body " + bodyAt);
            }
        }
        try (HistoryDao.Reader reader = dao.reader()) {
            Map<GossipId, byte[]> window = !scan ? Map.of() : readAhead != null ? readAhead
                    : reader.bytesInWindow(bodyAt, snapshot.at(), new java.util.HashSet<>(newer));
            List<GossipId> byId = newer;
            if (!window.isEmpty()) {
                byId = new ArrayList<>();
                for (GossipId id : newer) {
                    if (!window.containsKey(id)) {
                        byId.add(id);
                    }
                }
            }
            Sources sources = writeFromBody(snapshot, body, answer.channels(), bodyAt, window, byId, reader, sink);
            return readAhead == null ? sources : new Sources(sources.body(), sources.fromChannelTable(),
                    sources.fromAnnouncementScan(), sources.fromBody(), sources.fetchedById(),
                    sources.fromWindowScan(), true);
        } catch (HistoryDao.CursorException e) {
            throw e.getCause();
        }
    }

    /** From how many newer messages the window's range scan is used instead of lookups by id, by default. */
    public static final int WINDOW_SCAN_FROM = 2_000;

    private Sources writeFromBody(Snapshot snapshot, SnapshotBody.Loaded body, HistoryDao.ChannelTable channels,
            long bodyAt, Map<GossipId, byte[]> window, List<GossipId> newer, HistoryDao.Reader reader,
            MessageSink sink) throws SQLException, java.io.IOException {
        // announcements from the channel table the answer was built from (a missing one fetched by id), else one scan
        try (HistoryDao.Cursor<HistoryDao.Announcement> announcements = channels != null ? null
                : reader.announcements()) {
            SnapshotMerge merge = new SnapshotMerge(reader, announcements != null ? announcements
                    : java.util.Collections.emptyIterator(), java.util.Collections.emptyIterator(), bodyAt, newer);
            merge.window = window;
            List<io.lngossip.model.UpdateRef> halves = body.halves();
            List<io.lngossip.model.NodeRef> nodes = body.nodes();
            int h = 0;
            int a = 0;
            int fromBody = 0;
            int fromTable = 0;
            for (Snapshot.Channel c : snapshot.channels()) {
                byte[] raw = null;
                if (channels != null) {
                    // the answer's channels are a subsequence of the table's, in its order
                    a = tableIndex(channels.announcements(), a, c.announcement());
                    raw = channels.raw()[a++];
                }
                if (raw != null) {
                    fromTable++;
                } else {
                    raw = merge.announcement(c.announcement());
                }
                sink.message(raw);
                for (int d = 0; d < 2; d++) {
                    io.lngossip.model.UpdateRef ref = c.half(d);
                    if (ref == null) {
                        continue;
                    }
                    if (ref.timestamp() <= bodyAt) {
                        // the reference is one of the body's records (the reconstruction took it from there)
                        h = bodyIndex(halves, h, ref, bodyAt);
                        body.writeHalf(h++, sink::message);
                        fromBody++;
                        continue;
                    }
                    sink.message(merge.bodyMessage(ref));
                }
            }
            int n = 0;
            for (Snapshot.Node node : snapshot.nodes()) {
                io.lngossip.model.NodeRef ref = node.announcement();
                if (ref == null) {
                    continue;
                }
                if (ref.timestamp() <= bodyAt) {
                    n = bodyIndex(nodes, n, ref, bodyAt);
                    body.writeNode(n++, sink::message);
                    fromBody++;
                    continue;
                }
                sink.message(merge.bodyMessage(ref));
            }
            Sources sources = new Sources(bodyAt, fromTable, merge.scanned, fromBody, newer.size() + merge.single,
                    window.size());
            LOG.debug("snapshot {} streamed: {}", snapshot.at(), sources);
            return sources;
        }
    }

    /**
     * Where {@code ref} stands among a body's records (both in snapshot order), searching from {@code from}: an answer
     * built from the body took every reference at or before B from there, so not finding it is a bug, not a miss.
     */
    private static <R extends io.lngossip.model.MessageRef> int bodyIndex(List<R> records, int from, R ref,
            long bodyAt) {
        int i = from;
        while (i < records.size() && !records.get(i).equals(ref)) {
            i++;
        }
        if (i == records.size()) {
            throw new IllegalStateException((ref instanceof io.lngossip.model.UpdateRef ? "update "
                    : "node announcement ") + ref + " is not in body " + bodyAt);
        }
        return i;
    }

    /**
     * Where {@code ref} stands in the channel table, searching from {@code from}: an answer built from the table took
     * its channels from there, in its order, so not finding it is a bug.
     */
    private static int tableIndex(io.lngossip.model.Announcements table, int from, io.lngossip.model.ChannelRef ref) {
        int i = from;
        while (i < table.size() && table.get(i).scid() != ref.scid()) {
            i++;
        }
        if (i == table.size() || !table.get(i).equals(ref)) {
            throw new IllegalStateException("announcement " + ref + " is not in the channel table");
        }
        return i;
    }

    /** The snapshot's updates and node announcements newer than {@code bodyAt}, in snapshot order. */
    private static List<GossipId> newerThan(Snapshot snapshot, long bodyAt) {
        List<GossipId> newer = new ArrayList<>();
        for (Snapshot.Channel c : snapshot.channels()) {
            for (int d = 0; d < 2; d++) {
                if (c.half(d) != null && c.half(d).timestamp() > bodyAt) {
                    newer.add(c.half(d).id());
                }
            }
        }
        for (Snapshot.Node n : snapshot.nodes()) {
            if (n.announcement() != null && n.announcement().timestamp() > bodyAt) {
                newer.add(n.announcement().id());
            }
        }
        return newer;
    }

    /**
     * Streams the bytes of {@code snapshot} in its order: announcements from one scid-ordered scan of their index,
     * updates and node announcements from the newest usable materialized body at or before T, and only the messages
     * newer than that body (or missing from it) fetched by id, 10,000 at a time as the stream reaches them. A source's
     * bytes are taken only when its gossip_id is the referenced one, so the answer is the snapshot's, whatever the
     * bodies hold.
     *
     * @return where the bytes came from
     * @throws SQLException also when a referenced message is not stored yet (sinks flush independently)
     */
    public Sources writeSnapshot(Snapshot snapshot, MessageSink sink) throws SQLException, java.io.IOException {
        Objects.requireNonNull(snapshot, "snapshot cannot be null");
        Objects.requireNonNull(sink, "sink cannot be null");
        try (HistoryDao.Reader reader = dao.reader()) {
            return writeSnapshot(snapshot, sink, reader);
        }
    }

    private Sources writeSnapshot(Snapshot snapshot, MessageSink sink, HistoryDao.Reader reader)
            throws SQLException, java.io.IOException {
        Optional<HistoryDao.BodyInfo> body = reader.usableBodyAtOrBefore(snapshot.at());
        long bodyAt = body.map(HistoryDao.BodyInfo::instant).orElse(Long.MIN_VALUE);
        List<GossipId> newer = newerThan(snapshot, bodyAt);
        try (HistoryDao.Cursor<HistoryDao.Announcement> announcements = reader.announcements();
                HistoryDao.Cursor<byte[]> chunks = body.isPresent()
                        ? reader.bodyChunks(body.get().instant(), body.get().seq()) : null) {
            SnapshotMerge merge = new SnapshotMerge(reader, announcements, chunks == null ? java.util.Collections.emptyIterator()
                    : io.lngossip.model.SnapshotBody.read(chunks), bodyAt, newer);
            for (Snapshot.Channel c : snapshot.channels()) {
                sink.message(merge.announcement(c.announcement()));
                for (int d = 0; d < 2; d++) {
                    if (c.half(d) != null) {
                        sink.message(merge.bodyMessage(c.half(d)));
                    }
                }
            }
            for (Snapshot.Node n : snapshot.nodes()) {
                if (n.announcement() != null) {
                    sink.message(merge.bodyMessage(n.announcement()));
                }
            }
            Sources sources = new Sources(body.map(HistoryDao.BodyInfo::instant).orElse(null), 0, merge.scanned,
                    merge.fromBody, newer.size() + merge.single, 0);
            LOG.debug("snapshot {} streamed: {}", snapshot.at(), sources);
            return sources;
        } catch (HistoryDao.CursorException e) {
            throw e.getCause();
        }
    }

    /**
     * Where a streamed snapshot's bytes came from: the body used (null: none), announcements taken from the kept
     * channel table and from the announcement scan, messages taken from the body, messages fetched by id, messages
     * taken from the range scan of the body's window, and whether that scan was the one read ahead
     * ({@link #snapshotToStream}) rather than the byte pass's own.
     */
    public record Sources(Long body, int fromChannelTable, int fromAnnouncementScan, int fromBody, int fetchedById,
            int fromWindowScan, boolean windowReadAhead) {
        public Sources(Long body, int fromChannelTable, int fromAnnouncementScan, int fromBody, int fetchedById,
                int fromWindowScan) {
            this(body, fromChannelTable, fromAnnouncementScan, fromBody, fetchedById, fromWindowScan, false);
        }
    }

    private static final int BATCH = 10_000;

    /** The three byte sources of a snapshot, walked forward in snapshot order; a miss is fetched on its own. */
    private static final class SnapshotMerge {
        private final HistoryDao.Reader reader;
        private final java.util.Iterator<HistoryDao.Announcement> announcements;
        private java.util.Iterator<io.lngossip.model.SnapshotBody.Entry> body;
        private final long bodyAt;
        private final List<GossipId> newer;
        private int nextNewer;
        private Map<GossipId, byte[]> fetched = Map.of();
        /** Newer messages read by a range scan beforehand, if any. */
        Map<GossipId, byte[]> window = Map.of();
        private HistoryDao.Announcement announcement;
        private io.lngossip.model.SnapshotBody.Entry entry;
        int scanned;
        int fromBody;
        int single;

        SnapshotMerge(HistoryDao.Reader reader, java.util.Iterator<HistoryDao.Announcement> announcements,
                java.util.Iterator<io.lngossip.model.SnapshotBody.Entry> body, long bodyAt, List<GossipId> newer) {
            this.reader = reader;
            this.announcements = announcements;
            this.body = body;
            this.bodyAt = bodyAt;
            this.newer = newer;
            this.announcement = announcements.hasNext() ? announcements.next() : null;
            this.entry = nextEntry();
        }

        /** The next body record, or null at the end; a damaged body is dropped (the rest is fetched by id). */
        private io.lngossip.model.SnapshotBody.Entry nextEntry() {
            try {
                return body.hasNext() ? body.next() : null;
            } catch (io.lngossip.model.CheckpointCodec.CheckpointFormatException e) {
                LOG.warn("a materialized body is damaged, its remaining records are fetched by id: {}", e.getMessage());
                body = java.util.Collections.emptyIterator();
                return null;
            }
        }

        byte[] announcement(io.lngossip.model.ChannelRef ref) throws SQLException {
            while (announcement != null && (Long.compareUnsigned(announcement.scid(), ref.scid()) < 0
                    || (announcement.scid() == ref.scid() && announcement.id().compareTo(ref.id()) < 0))) {
                announcement = announcements.hasNext() ? announcements.next() : null;
            }
            if (announcement != null && announcement.scid() == ref.scid() && announcement.id().equals(ref.id())) {
                scanned++;
                return announcement.raw();
            }
            return single(ref.id());
        }

        byte[] bodyMessage(io.lngossip.model.MessageRef ref) throws SQLException {
            byte[] raw = window.isEmpty() ? null : window.get(ref.id());
            if (raw != null) {
                return raw;
            }
            raw = fetched.get(ref.id());
            if (raw == null && timestamp(ref) > bodyAt && nextNewer < newer.size()) {
                // the newer messages are asked in the order they were listed: this one starts the next batch
                fetched = reader.bytes(newer.subList(nextNewer, Math.min(newer.size(), nextNewer + BATCH)));
                nextNewer += BATCH;
                raw = fetched.get(ref.id());
            }
            if (raw != null) {
                return raw;
            }
            while (entry != null && before(entry, ref)) {
                entry = nextEntry();
            }
            if (entry != null && entry.holds(ref)) {
                fromBody++;
                return entry.raw();
            }
            return single(ref.id());
        }

        /** True when the body record sorts before the referenced message in snapshot order. */
        private static boolean before(io.lngossip.model.SnapshotBody.Entry e, io.lngossip.model.MessageRef ref) {
            if (ref instanceof io.lngossip.model.UpdateRef u) {
                return e.isHalf() && (Long.compareUnsigned(e.scid(), u.scid()) < 0
                        || (e.scid() == u.scid() && e.direction() < u.direction()));
            }
            return e.isHalf() || e.node().compareTo(((io.lngossip.model.NodeRef) ref).nodeId()) < 0;
        }

        private byte[] single(GossipId id) throws SQLException {
            single++;
            byte[] raw = reader.bytes(List.of(id)).get(id);
            if (raw == null) {
                throw new SQLException("message " + id + " is referenced but not stored yet");
            }
            return raw;
        }
    }

    /**
     * The decoded checkpoint at {@code instant}, from the cache when its stored seq is the cached one: a checkpoint
     * row is only ever replaced with a greater seq, so an equal seq means the same bytes, and the cache can never hide
     * a rewrite. Decoding one at mainnet scale costs more than the rest of the reference pass.
     */
    private Checkpoint checkpoint(long instant) throws SQLException {
        HistoryDao.StoredCheckpoint cached = lastCheckpoint;
        if (cached != null && cached.checkpoint().instant() == instant) {
            Long seq = dao.checkpointSeq(instant);
            if (seq != null && seq == cached.seq()) {
                return cached.checkpoint();
            }
        }
        HistoryDao.StoredCheckpoint read = dao.storedCheckpoint(instant);
        lastCheckpoint = read;
        return read.checkpoint();
    }

    public Diff diff(long from, long to, MaxAge maxAge) throws SQLException {
        return diffAnswer(from, to, maxAge).diff();
    }

    /** A diff and the answer of its later snapshot, whose byte sources {@link #writeMessages} streams it from. */
    public record DiffAnswer(Diff diff, Answer to) {}

    public DiffAnswer diffAnswer(long from, long to, MaxAge maxAge) throws SQLException {
        Answer later = snapshot(to, maxAge);
        return new DiffAnswer(Diff.between(snapshot(from, maxAge).snapshot(), later.snapshot()), later);
    }

    /**
     * Streams {@code refs}, messages of {@code answer}'s snapshot in snapshot order (a diff's added messages, a
     * snapshot's updates), from its fast sources: the records of the body it was built from; the messages with a
     * timestamp in (max(B, {@code after}), T] by one range scan of that window when they are many; the rest (and all
     * of them when the answer has no body) by id, {@value #BATCH} at a time as the stream reaches them.
     *
     * @param after a bound below which no ref's window scan is worth it (a diff's T1), or {@code Long.MIN_VALUE}
     * @return where the bytes came from
     */
    public Sources writeMessages(Answer answer, List<? extends io.lngossip.model.MessageRef> refs, long after,
            MessageSink sink) throws SQLException, java.io.IOException {
        Objects.requireNonNull(answer, "answer cannot be null");
        Objects.requireNonNull(refs, "refs cannot be null");
        Objects.requireNonNull(sink, "sink cannot be null");
        SnapshotBody.Loaded body = answer.bodyRecords();
        long bodyAt = body == null ? Long.MIN_VALUE : answer.body();
        long windowFrom = Math.max(bodyAt, after);
        long at = answer.snapshot().at();
        List<GossipId> inWindow = new ArrayList<>();
        for (io.lngossip.model.MessageRef r : refs) {
            long ts = timestamp(r);
            if (ts > windowFrom && ts <= at) {
                inWindow.add(r.id());
            }
        }
        try (HistoryDao.Reader reader = dao.reader()) {
            Map<GossipId, byte[]> window = body == null || inWindow.size() < windowScanFrom ? Map.of()
                    : reader.bytesInWindow(windowFrom, at, new java.util.HashSet<>(inWindow));
            List<GossipId> byId = new ArrayList<>();
            for (io.lngossip.model.MessageRef r : refs) {
                if (!window.containsKey(r.id()) && (body == null || timestamp(r) > bodyAt
                        || r instanceof io.lngossip.model.ChannelRef)) {
                    byId.add(r.id());
                }
            }
            int h = 0;
            int n = 0;
            int fromBody = 0;
            int next = 0;
            Map<GossipId, byte[]> fetched = Map.of();
            for (io.lngossip.model.MessageRef r : refs) {
                byte[] raw = window.get(r.id());
                if (raw != null) {
                    sink.message(raw);
                    continue;
                }
                if (body != null && !(r instanceof io.lngossip.model.ChannelRef) && timestamp(r) <= bodyAt) {
                    if (r instanceof io.lngossip.model.UpdateRef u) {
                        h = bodyIndex(body.halves(), h, u, bodyAt);
                        body.writeHalf(h++, sink::message);
                    } else {
                        n = bodyIndex(body.nodes(), n, (io.lngossip.model.NodeRef) r, bodyAt);
                        body.writeNode(n++, sink::message);
                    }
                    fromBody++;
                    continue;
                }
                raw = fetched.get(r.id());
                if (raw == null && next < byId.size()) {
                    // by id in the order listed: this one starts the next batch
                    fetched = reader.bytes(byId.subList(next, Math.min(byId.size(), next + BATCH)));
                    next += BATCH;
                    raw = fetched.get(r.id());
                }
                if (raw == null) {
                    throw new SQLException("message " + r.id() + " is referenced but not stored yet");
                }
                sink.message(raw);
            }
            return new Sources(body == null ? null : bodyAt, 0, 0, fromBody, byId.size(), window.size());
        }
    }

    private static long timestamp(io.lngossip.model.MessageRef r) {
        if (r instanceof io.lngossip.model.UpdateRef u) {
            return u.timestamp();
        }
        return r instanceof io.lngossip.model.NodeRef n ? n.timestamp() : Long.MIN_VALUE;
    }

    /** By scid, or empty when no stored message names the scid (404). */
    public Optional<List<StoredMessage>> byScid(ShortChannelId scid, Long from, Long to) throws SQLException {
        if (!dao.knowsScid(scid.value())) {
            return Optional.empty();
        }
        GraphHistory h = new GraphHistory();
        dao.messagesOfScid(scid.value()).forEach(h::add);
        return Optional.of(h.byScid(scid.value(), from, to));
    }

    /** By node, or empty when no stored announcement names the node (404). */
    public Optional<List<StoredMessage>> byNode(NodeId node, Long from, Long to) throws SQLException {
        if (!dao.knowsNode(node)) {
            return Optional.empty();
        }
        GraphHistory h = new GraphHistory();
        dao.messagesOfNode(node).forEach(h::add);
        return Optional.of(h.byNode(node, from, to));
    }

    /**
     * A channel's canonical updates over time, or empty when no stored message names the scid (404);
     * {@code from}/{@code to} bound the update timestamps as for {@link #byScid}.
     */
    public Optional<ChannelTimeline> channelTimeline(ShortChannelId scid, Long from, Long to) throws SQLException {
        Optional<List<StoredMessage>> history = byScid(scid, from, to);
        if (history.isEmpty()) {
            return Optional.empty();
        }
        List<Long> key = List.of(scid.value());
        return Optional.of(ChannelTimeline.of(scid, history.get(), dao.capacities(key).get(scid.value()),
                dao.closes(key).get(scid.value())));
    }

    /** A node's announcements, channels and live channel count over time, or empty when nothing names it (404). */
    public Optional<NodeTimeline> nodeTimeline(NodeId node, MaxAge maxAge) throws SQLException {
        Optional<List<StoredMessage>> history = byNode(node, null, null);
        if (history.isEmpty()) {
            return Optional.empty();
        }
        java.util.Set<Long> scids = new java.util.HashSet<>();
        for (StoredMessage m : history.get()) {
            if (m.message() instanceof io.lngossip.codec.ChannelAnnouncement a) {
                scids.add(a.shortChannelId().value());
            }
        }
        return Optional.of(NodeTimeline.of(node, maxAge, history.get(), dao.canonicalAnnouncements(scids),
                dao.closes(scids), dao.capacities(scids)));
    }

    /** Range(from, to) in history order. */
    public List<StoredMessage> range(long from, long to) throws SQLException {
        List<HistoryDao.Timed> timed = new ArrayList<>(dao.range(from, to));
        timed.sort(Comparator.comparing((HistoryDao.Timed t) -> HistoryOrder.key(t.message(), t.time()),
                HistoryOrder.KEY));
        List<StoredMessage> out = new ArrayList<>(timed.size());
        timed.forEach(t -> out.add(t.message()));
        return out;
    }

    /** The bytes of a batch of messages, by id. */
    public Map<GossipId, byte[]> bytes(List<GossipId> ids) throws SQLException {
        return dao.bytes(ids);
    }

    public List<HistoryDao.StatsRow> stats(long from, long to) throws SQLException {
        return dao.stats(from, to);
    }

    public Coverage coverage() throws SQLException {
        return new Coverage(dao.coverageHours());
    }

    /** The coverage of Snapshot(at, maxAge)'s window [at - maxAge, at] (unbounded: from the first data). */
    public Coverage.Level coverageOf(long at, MaxAge maxAge) throws SQLException {
        Coverage c = coverage();
        long from = maxAge.unbounded() ? (c.start() == null ? at : Math.min(c.start(), at)) : at - maxAge.seconds();
        return c.of(from, at);
    }

    /** Channel capacities where known (satoshis by scid). */
    public Map<Long, Long> capacities() throws SQLException {
        return dao.capacities();
    }

    /** The lower medians of the live half-channels' fees, or null when none is live. */
    public record MedianFees(long baseMsat, long ppm) {}

    /**
     * The median fees of a snapshot's live half-channels, from the bytes of their updates (fetched in batches): the
     * lower median of each, as the job's hourly figures take it.
     */
    public MedianFees medianFees(Snapshot snapshot) throws SQLException {
        return medianFees(new Answer(snapshot, null, null, null, null));
    }

    /** As {@link #medianFees(Snapshot)}, the bytes from the answer's sources ({@link #writeMessages}). */
    public MedianFees medianFees(Answer answer) throws SQLException {
        List<io.lngossip.model.UpdateRef> refs = new ArrayList<>();
        for (Snapshot.Channel c : answer.snapshot().channels()) {
            for (int d = 0; d < 2; d++) {
                if (c.half(d) != null) {
                    refs.add(c.half(d));
                }
            }
        }
        if (refs.isEmpty()) {
            return null;
        }
        long[] base = new long[refs.size()];
        long[] ppm = new long[refs.size()];
        int[] n = {0};
        try {
            writeMessages(answer, refs, Long.MIN_VALUE, raw -> {
                try {
                    io.lngossip.codec.ChannelUpdate u = (io.lngossip.codec.ChannelUpdate) io.lngossip.codec.GossipCodec
                            .decode(raw);
                    base[n[0]] = u.feeBaseMsat();
                    ppm[n[0]++] = u.feeProportionalMillionths();
                } catch (io.lngossip.codec.GossipParseException e) {
                    throw new java.io.IOException("a stored message does not decode: " + e.getMessage(), e);
                }
            });
        } catch (java.io.IOException e) {
            throw new SQLException(e.getMessage(), e);
        }
        java.util.Arrays.sort(base);
        java.util.Arrays.sort(ppm);
        return new MedianFees(base[(n[0] - 1) / 2], ppm[(n[0] - 1) / 2]);
    }

    /** Capacities known for the given channels (satoshis by scid). */
    public Map<Long, Long> capacities(java.util.Collection<Long> scids) throws SQLException {
        return dao.capacities(scids);
    }

    public boolean databaseUp() {
        return dao.ping();
    }
}
