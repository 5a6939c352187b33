package io.lngossip.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lngossip.codec.ChainHash;
import io.lngossip.codec.ChannelAnnouncement;
import io.lngossip.codec.ChannelUpdate;
import io.lngossip.codec.GossipMessage;
import io.lngossip.codec.GossipValidator;
import io.lngossip.codec.ShortChannelId;
import io.lngossip.codec.ValidationOptions;
import io.lngossip.codec.Verdict;
import io.lngossip.codec.io.FileItem;
import io.lngossip.codec.io.GossipFileReader;
import io.lngossip.codec.io.GossipFiles;
import io.lngossip.codec.json.GossipJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lngossip inspect FILE...}: what gossip files hold, and where a damaged one breaks. */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = {
            "Reads GSP files (plain, .gz, .bz2) and Core Lightning gossip_store files and prints counts by message",
            "type, quarantined messages with their reasons, and where a damaged file breaks."
        },
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {
            "0:every file was read (a damaged file is reported, not an error)",
            "1:a file is missing, unreadable or not a gossip file",
            "2:bad usage"
        })
final class InspectCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "gossip files to read, in order")
    List<Path> files;

    @Option(names = "--json", description = "print one decoded message per line (NDJSON) on stdout; the summary goes"
            + " to stderr")
    boolean json;

    @Option(names = "--verify", description = "check signatures: announcements always, channel_update once its"
            + " channel_announcement was seen earlier in this run")
    boolean verify;

    @Option(names = "--chain", paramLabel = "HEX", description = "the chain_hash messages must carry (default: Bitcoin"
            + " mainnet)")
    String chain;

    @Spec
    CommandSpec spec;

    private GossipValidator validator;
    private final Map<ShortChannelId, ChannelAnnouncement> announcements = new HashMap<>();

    private final ObjectMapper mapper = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    @Override
    public Integer call() throws IOException {
        ValidationOptions options = ValidationOptions.defaults().withSignatureChecks(verify);
        if (chain != null) {
            try {
                options = options.withChain(ChainHash.fromHex(chain));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--chain must be 64 hex characters: " + chain);
            }
        }
        validator = new GossipValidator(options);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter summaryOut = json ? err : out;
        int status = 0;
        long total = 0;
        int read = 0;
        for (Path file : files) {
            try {
                FileSummary summary = inspect(file, out);
                summaryOut.println(summary.render());
                total += summary.messages();
                read++;
            } catch (NoSuchFileException e) {
                err.println("lngossip inspect: " + file + ": no such file");
                status = 1;
            } catch (AccessDeniedException e) {
                err.println("lngossip inspect: " + file + ": permission denied");
                status = 1;
            } catch (IOException e) {
                err.println("lngossip inspect: " + (Files.isDirectory(file) ? file + ": is a directory" : e.getMessage()));
                status = 1;
            }
            summaryOut.flush();
            out.flush();
        }
        if (files.size() > 1) {
            summaryOut.println("total: " + FileSummary.n(total) + " messages in " + read + " of " + files.size()
                    + " files");
        }
        summaryOut.flush();
        return status;
    }

    private FileSummary inspect(Path file, PrintWriter out) throws IOException {
        try (GossipFileReader reader = GossipFiles.open(file)) {
            FileSummary summary = new FileSummary(file.toString(), reader.format());
            for (FileItem item = reader.next(); item != null; item = reader.next()) {
                if (item instanceof FileItem.Message m) {
                    message(m.bytes(), m.receiptTime(), summary, out);
                } else if (item instanceof FileItem.Quarantined q) {
                    summary.quarantined(q.reason());
                } else if (item instanceof FileItem.ChannelAmount) {
                    summary.channelAmount();
                } else if (item instanceof FileItem.CloseHint h) {
                    summary.closeHint(h.kind().name().toLowerCase(java.util.Locale.ROOT));
                } else if (item instanceof FileItem.Skipped s) {
                    summary.skipped(s.kind());
                }
            }
            summary.ended(reader.end());
            return summary;
        }
    }

    private void message(byte[] raw, Long receiptMillis, FileSummary summary, PrintWriter out) throws IOException {
        Verdict verdict = validator.classify(raw, receiptMillis == null ? null : receiptMillis / 1000,
                System.currentTimeMillis() / 1000);
        if (verdict instanceof Verdict.Accepted a && a.message() instanceof ChannelUpdate u) {
            ChannelAnnouncement known = announcements.get(u.shortChannelId());
            if (known != null) {
                verdict = validator.checkUpdateSignature(raw, u, known);
            } else if (verify) {
                summary.unchecked();
            }
        }
        if (verdict instanceof Verdict.Quarantined q) {
            summary.quarantined(q.reason());
            return;
        }
        GossipMessage decoded = ((Verdict.Accepted) verdict).message();
        if (decoded instanceof ChannelAnnouncement a) {
            announcements.merge(a.shortChannelId(), a, (x, y) -> x);
        }
        summary.accepted(decoded.type());
        if (json) {
            mapper.writeValue(out, GossipJson.toMap(raw, decoded));
            out.println();
        }
    }
}
