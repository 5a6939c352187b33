package io.lngossip.bench.generator;

/**
 * What a run has generated so far. Messages are distinct byte strings; sightings count each collector's copy.
 */
public final class GenerationStats {
    long sightings;
    long sightingsB;
    long channelAnnouncements;
    long channelUpdates;
    long nodeAnnouncements;
    long tlvUpdates;
    long orphanUpdates;
    long competingUpdates;
    long lateMessages;
    long closes;

    GenerationStats() {}

    /** Every sighting of both collectors. */
    public long sightings() {
        return sightings;
    }

    /** Sightings by the second collector: each is a duplicate of a message the first one saw too. */
    public long duplicates() {
        return sightingsB;
    }

    public long channelAnnouncements() {
        return channelAnnouncements;
    }

    public long channelUpdates() {
        return channelUpdates;
    }

    public long nodeAnnouncements() {
        return nodeAnnouncements;
    }

    /** Distinct messages: announcements, updates and node_announcements. */
    public long messages() {
        return channelAnnouncements + channelUpdates + nodeAnnouncements;
    }

    /** channel_updates carrying the 12-byte inbound-fee TLV. */
    public long tlvUpdates() {
        return tlvUpdates;
    }

    /** channel_updates of channels whose announcement never appears. */
    public long orphanUpdates() {
        return orphanUpdates;
    }

    /** Second channel_updates with other bytes for an (scid, direction, timestamp) already sent. */
    public long competingUpdates() {
        return competingUpdates;
    }

    /** Messages received long after their timestamp (by both collectors when both see them). */
    public long lateMessages() {
        return lateMessages;
    }

    public long closes() {
        return closes;
    }

    @Override
    public String toString() {
        return String.format("%,d sightings of %,d messages: %,d channel_announcements, %,d channel_updates (%,d with"
                        + " the inbound-fee TLV, %,d of orphan channels, %,d competing), %,d node_announcements;"
                        + " %,d duplicates by %s, %,d late; %,d closes",
                sightings, messages(), channelAnnouncements, channelUpdates, tlvUpdates, orphanUpdates,
                competingUpdates, nodeAnnouncements, sightingsB, GeneratorOptions.COLLECTOR_B, lateMessages, closes);
    }
}
