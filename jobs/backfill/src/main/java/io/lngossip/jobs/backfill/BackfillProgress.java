package io.lngossip.jobs.backfill;

/**
 * What a bounded run tells while it works, phase by phase: reading files (in bytes of the stored files), then
 * processing (in messages), then writing the snapshot checkpoints the data calls for. The command line draws a progress bar from it; tests record it.
 */
public interface BackfillProgress {

    /** What a phase counts. */
    enum Unit { BYTES, MESSAGES, CHECKPOINTS }

    /** A phase starts; {@code total} is in {@code unit}s, or -1 when not known in advance. */
    void start(String phase, long total, Unit unit);

    /** The current phase reached {@code done} units, with {@code messages} messages so far. */
    void update(long done, long messages);

    /** The current phase ended. */
    void finish();

    /** Tells nothing. */
    BackfillProgress NONE = new BackfillProgress() {
        @Override
        public void start(String phase, long total, Unit unit) {}

        @Override
        public void update(long done, long messages) {}

        @Override
        public void finish() {}
    };
}
