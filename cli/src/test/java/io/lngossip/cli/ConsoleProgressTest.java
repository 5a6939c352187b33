package io.lngossip.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.jobs.backfill.BackfillProgress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

    @Test
    void shouldPrintPlainLinesWithAmountsRateAndMessagesWithoutATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleProgress p = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        p.start("reading", 40_000_000, BackfillProgress.Unit.BYTES);
        p.update(10_000_000, 52_000);
        p.update(40_000_000, 208_123);
        p.start("processing", 208_123, BackfillProgress.Unit.MESSAGES);
        p.update(208_123, 208_123);
        p.start("checkpoints", 24, BackfillProgress.Unit.CHECKPOINTS);
        p.update(24, 208_123);
        p.finish();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("reading").contains("100%").contains("40/40 MB").contains("208,123 messages")
                .contains("MB/s")
                .containsPattern("\\(\\d+:\\d\\d:\\d\\d / \\d+:\\d\\d:\\d\\d\\)"); // elapsed / ETA
        assertThat(out).contains("processing").contains("208123/208123 msg").contains("msg/s");
        assertThat(out).contains("checkpoints").contains("24/24 checkpoints");
        assertThat(out).doesNotContain("\r");
    }
}
