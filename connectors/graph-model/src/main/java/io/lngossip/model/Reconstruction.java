package io.lngossip.model;

import java.util.Objects;

/**
 * Answers from a checkpoint plus deltas, the way the query service does: the state at T is the checkpoint's state at
 * C joined with every delta of instant in (C, T] and every timeless delta (announcements are known whenever they
 * arrived, so the current announcement table applies to every instant). Deltas at or before C may be passed too:
 * joining them again changes nothing. Deltas after T are skipped.
 */
public final class Reconstruction {

    private Reconstruction() {}

    /**
     * The state at {@code at}.
     *
     * @param checkpoint the newest checkpoint at or before {@code at}, or null to replay from nothing
     * @param deltas at least every delta in (C, at] and every timeless delta
     */
    public static GraphState stateAt(Checkpoint checkpoint, Iterable<Delta> deltas, long at) {
        Objects.requireNonNull(deltas, "deltas cannot be null");
        if (checkpoint != null && checkpoint.instant() > at) {
            throw new IllegalArgumentException("checkpoint " + checkpoint.instant() + " is after " + at);
        }
        GraphState state = checkpoint == null ? new GraphState() : checkpoint.state();
        for (Delta d : deltas) {
            if (d.instant() <= at) {
                state.apply(d);
            }
        }
        return state;
    }

    public static Snapshot snapshot(Checkpoint checkpoint, Iterable<Delta> deltas, long at, MaxAge maxAge) {
        return stateAt(checkpoint, deltas, at).snapshot(at, maxAge);
    }

    /**
     * Snapshot(at) from the half-channels and node announcements of the state at some B <= at (a materialized body's
     * records, or a checkpoint's) instead of a whole checkpoint: the same answer as {@link #snapshot} from the
     * checkpoint at B, since a checkpoint's announcements and closes are among {@code deltas} (every announcement, the
     * closes at or before {@code at}). Computed by one merge of sorted lists rather than by building a
     * {@link GraphState}: the cost of the reference pass at mainnet scale.
     *
     * @param halves the state's half-channel updates, by ascending (scid unsigned, direction), one per half
     * @param nodes the state's node announcements, by ascending node_id, one per node
     * @param deltas at least every timeless delta, every close at or before {@code at} and every delta in (B, at]
     */
    public static Snapshot snapshot(java.util.List<UpdateRef> halves, java.util.List<NodeRef> nodes,
            Iterable<Delta> deltas, long at, MaxAge maxAge) {
        Objects.requireNonNull(deltas, "deltas cannot be null");
        java.util.List<ChannelRef> announcements = new java.util.ArrayList<>();
        for (Delta d : deltas) {
            if (d instanceof Delta.ChannelAnnounced a) {
                announcements.add(a.ref());
            }
        }
        return merge(Announcements.of(announcements), halves, nodes, deltas, false, at, maxAge);
    }

    /**
     * As {@link #snapshot(java.util.List, java.util.List, Iterable, long, MaxAge)}, with the announcements given
     * apart, made ready once for many snapshots (their sort and their endpoints' dictionary are not redone).
     *
     * @param announcements every announcement (the timeless deltas)
     * @param deltas at least every close at or before {@code at} and every update and node announcement in (B, at];
     *     announcements among them are refused, since they would be left out
     * @throws IllegalArgumentException if {@code deltas} holds an announcement
     */
    public static Snapshot snapshot(Announcements announcements, java.util.List<UpdateRef> halves,
            java.util.List<NodeRef> nodes, Iterable<Delta> deltas, long at, MaxAge maxAge) {
        Objects.requireNonNull(announcements, "announcements cannot be null");
        return merge(announcements, halves, nodes, deltas, true, at, maxAge);
    }

    /** The sorted merge of both forms; announcements among {@code deltas} are refused or skipped (already given). */
    private static Snapshot merge(Announcements announcements, java.util.List<UpdateRef> halves,
            java.util.List<NodeRef> nodes, Iterable<Delta> deltas, boolean refuseAnnouncements, long at,
            MaxAge maxAge) {
        Objects.requireNonNull(deltas, "deltas cannot be null");
        Objects.requireNonNull(halves, "halves cannot be null");
        Objects.requireNonNull(nodes, "nodes cannot be null");
        Objects.requireNonNull(maxAge, "maxAge cannot be null");
        java.util.List<UpdateRef> updates = new java.util.ArrayList<>();
        java.util.List<NodeRef> announced = new java.util.ArrayList<>();
        java.util.Map<Long, Long> closes = new java.util.HashMap<>();
        for (Delta d : deltas) {
            if (d instanceof Delta.ChannelAnnounced a) {
                if (refuseAnnouncements) {
                    throw new IllegalArgumentException("announcement " + a.ref() + " among the deltas: pass it in"
                            + " the announcements");
                }
                continue;
            }
            if (d.instant() > at) {
                continue;
            }
            if (d instanceof Delta.HalfChannelUpdated u) {
                updates.add(u.ref());
            } else if (d instanceof Delta.NodeAnnounced n) {
                announced.add(n.ref());
            } else {
                Delta.ChannelClosed c = (Delta.ChannelClosed) d;
                closes.merge(c.scid(), c.closedAt(), Math::min);
            }
        }
        // per key the winner first, so a merge takes the first of each key
        updates.sort((a, b) -> {
            int c = Long.compareUnsigned(a.scid(), b.scid());
            if (c == 0) {
                c = Integer.compare(a.direction(), b.direction());
            }
            return c != 0 ? c : a.beats(b) ? -1 : b.beats(a) ? 1 : 0;
        });
        announced.sort((a, b) -> {
            int c = a.nodeId().compareTo(b.nodeId());
            return c != 0 ? c : a.beats(b) ? -1 : b.beats(a) ? 1 : 0;
        });

        java.util.List<Snapshot.Channel> channels = new java.util.ArrayList<>(announcements.size());
        // the endpoints of the snapshot's channels, by their number in the announcements' dictionary
        boolean[] endpoint = new boolean[announcements.nodeCount()];
        int h = 0;
        int u = 0;
        for (int i = 0; i < announcements.size(); i++) {
            ChannelRef a = announcements.get(i);
            long scid = a.scid();
            UpdateRef[] latest = new UpdateRef[2];
            while (h < halves.size() && Long.compareUnsigned(halves.get(h).scid(), scid) < 0) {
                h++;
            }
            while (h < halves.size() && halves.get(h).scid() == scid) {
                UpdateRef r = halves.get(h++);
                if (r.beats(latest[r.direction()])) {
                    latest[r.direction()] = r;
                }
            }
            while (u < updates.size() && Long.compareUnsigned(updates.get(u).scid(), scid) < 0) {
                u++;
            }
            while (u < updates.size() && updates.get(u).scid() == scid) {
                UpdateRef r = updates.get(u++);
                if (r.beats(latest[r.direction()])) {
                    latest[r.direction()] = r;
                }
            }
            Long closedAt = closes.isEmpty() ? null : closes.get(scid);
            if (closedAt != null && closedAt <= at) {
                continue;
            }
            UpdateRef h0 = live(latest[0], at, maxAge);
            UpdateRef h1 = live(latest[1], at, maxAge);
            if (h0 == null && h1 == null) {
                continue;
            }
            channels.add(new Snapshot.Channel(a, h0, h1));
            endpoint[announcements.end1(i)] = true;
            endpoint[announcements.end2(i)] = true;
        }

        java.util.List<Snapshot.Node> out = new java.util.ArrayList<>();
        int n = 0;
        int m = 0;
        for (int k = 0; k < endpoint.length; k++) {
            if (!endpoint[k]) {
                continue;
            }
            io.lngossip.codec.NodeId id = announcements.node(k);
            NodeRef latest = null;
            while (n < nodes.size() && nodes.get(n).nodeId().compareTo(id) < 0) {
                n++;
            }
            while (n < nodes.size() && nodes.get(n).nodeId().equals(id)) {
                NodeRef r = nodes.get(n++);
                if (r.beats(latest)) {
                    latest = r;
                }
            }
            while (m < announced.size() && announced.get(m).nodeId().compareTo(id) < 0) {
                m++;
            }
            while (m < announced.size() && announced.get(m).nodeId().equals(id)) {
                NodeRef r = announced.get(m++);
                if (r.beats(latest)) {
                    latest = r;
                }
            }
            out.add(new Snapshot.Node(id, latest != null && latest.timestamp() <= at ? latest : null));
        }
        return new Snapshot(at, maxAge, channels, out);
    }

    private static UpdateRef live(UpdateRef u, long at, MaxAge maxAge) {
        return u != null && u.timestamp() <= at && maxAge.live(u.timestamp(), at) ? u : null;
    }
}
