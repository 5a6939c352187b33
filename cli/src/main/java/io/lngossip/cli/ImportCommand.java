package io.lngossip.cli;

import io.lngossip.jobs.backfill.BackfillProgress;
import io.lngossip.jobs.backfill.GossipImport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lngossip import FILE...}: GSP and gossip_store files into the database through the job's own pipeline in
 * backfill mode, then a checkpoint rebuild ({@link GossipImport}), with a progress bar and a summary.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Imports GSP and gossip_store files into the database with the job's pipeline.")
final class ImportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "GSP (.gsp, .gz, .bz2) or gossip_store files")
    List<Path> files;

    @Option(names = "--collector", defaultValue = "archive", description = "(default: ${DEFAULT-VALUE})")
    String collector;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--force", description = "import even though a live job is writing to this database")
    boolean force;

    @Option(names = "--no-progress", description = "no progress bar or progress lines on stderr")
    boolean noProgress;

    @Spec
    CommandSpec spec;

    /** The progress display; tests put their own. */
    BackfillProgress progress;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                err.println("lngossip import: " + f + ": no such file");
                return 1;
            }
        }
        GossipImport imp = new GossipImport(database.jdbcOptions());
        if (!force) {
            try {
                imp.checkNoLiveJob();
            } catch (GossipImport.LiveJobRunningException e) {
                // the live job's state would not learn of what is imported behind its back, and its later checkpoints
                // would miss it: give the files to the live job instead
                err.printf("lngossip import: %s; publish the files to its topic instead (lngossip publish), or stop"
                        + " it, or use --force%n", e.getMessage());
                return 1;
            }
        }
        BackfillProgress shown = progress != null ? progress
                : noProgress ? BackfillProgress.NONE : ConsoleProgress.stderr();
        GossipImport.Summary s = imp.run(files, collector, shown);
        for (GossipImport.FileResult f : s.files()) {
            out.printf("%s: %s, %,d messages read (%s)%n", f.file(), f.format(), f.messages(), f.end());
        }
        out.printf("imported %,d messages in %d s: %,d new, %,d already stored, quarantined: %s; %d checkpoints"
                        + " written%n", s.read(), s.took().toSeconds(), s.added(), s.alreadyStored(),
                reasons(s.quarantined()), s.checkpointsWritten());
        return 0;
    }

    static String reasons(Map<String, Long> byReason) {
        StringBuilder sb = new StringBuilder();
        byReason.forEach((reason, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(String.format("%,d %s", n,
                reason)));
        return sb.length() == 0 ? "none" : sb.toString();
    }
}
