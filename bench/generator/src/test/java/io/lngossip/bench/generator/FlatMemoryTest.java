package io.lngossip.bench.generator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The history is a stream: generating more days does not make the heap grow. */
class FlatMemoryTest {

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            best = Math.min(best, rt.totalMemory() - rt.freeMemory());
        }
        return best;
    }

    @Test
    void shouldGenerateDaysInFlatMemory() {
        GeneratorOptions mid = GeneratorOptions.small().withDays(4).withNodes(3_000).withChannels(10_000)
                .withUpdatesPerDay(60_000).withNodeAnnouncementsPerDay(26_000);
        GeneratorRun run = GossipGenerator.create(mid).iterator();
        long dayMs = 86_400_000L;
        long firstDayEnd = mid.start().toEpochMilli() + dayMs;
        long afterFirstDay = -1;
        long peakGrowth = 0;
        long nextCheck = firstDayEnd;
        long bytes = 0;
        while (run.hasNext()) {
            GeneratedEvent e = run.next();
            if (e instanceof GeneratedEvent.Sighting s) {
                bytes += s.message().length;
            }
            if (e.publishedAtMs() >= nextCheck) {
                long used = usedAfterGc();
                if (afterFirstDay < 0) {
                    afterFirstDay = used;
                } else {
                    peakGrowth = Math.max(peakGrowth, used - afterFirstDay);
                }
                nextCheck += dayMs / 2;
            }
        }
        assertThat(afterFirstDay).as("measured after the first day").isPositive();
        // the last three days alone generate far more bytes than the bound
        assertThat(bytes * 3 / 4).isGreaterThan(40L * 1024 * 1024);
        assertThat(peakGrowth).as("heap growth over the last three days").isLessThan(8L * 1024 * 1024);
    }
}
