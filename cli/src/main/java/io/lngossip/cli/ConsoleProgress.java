package io.lngossip.cli;

import io.lngossip.jobs.backfill.BackfillProgress;
import java.io.PrintStream;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar per phase of a backfill on the terminal: done and total (MB or messages), rate and ETA, and the
 * messages so far. Without a terminal (a pipe, a log file, CI) it prints a plain line every few seconds instead.
 */
final class ConsoleProgress implements BackfillProgress {
    private static final int MB = 1_000_000;

    private final PrintStream out;
    private final boolean terminal;
    private ProgressBar bar;
    private Unit unit;

    ConsoleProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** On stderr, drawn as a bar when stderr is a terminal. */
    static ConsoleProgress stderr() {
        return new ConsoleProgress(System.err, System.console() != null);
    }

    @Override
    public void start(String phase, long total, Unit unit) {
        finish();
        this.unit = unit;
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(phase).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).showSpeed().setSpeedUnit(ChronoUnit.SECONDS);
        b = switch (unit) {
            case BYTES -> b.setUnit(" MB", MB);
            case MESSAGES -> b.setUnit(" msg", 1);
            case CHECKPOINTS -> b.setUnit(" checkpoints", 1);
        };
        if (terminal) {
            b.setConsumer(new ConsoleProgressBarConsumer(out)).setUpdateIntervalMillis(250);
        } else {
            b.setConsumer(new DelegatingProgressBarConsumer(out::println)).setUpdateIntervalMillis(5_000);
        }
        bar = b.build();
    }

    @Override
    public void update(long done, long messages) {
        if (bar == null) {
            return;
        }
        bar.stepTo(done);
        if (unit == Unit.BYTES) {
            bar.setExtraMessage(String.format(" %,d messages", messages));
        }
    }

    @Override
    public void finish() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
