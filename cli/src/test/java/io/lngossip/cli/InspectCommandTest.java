package io.lngossip.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class InspectCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Lngossip.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static String data(String name) {
        String dir = System.getProperty("lngossip.shared.data", "../../shared/data");
        return Path.of(dir, name).toString();
    }

    @Test
    void shouldPrintCountsByTypeOfTheSampleHour() {
        // SOURCES.txt: 3932 messages (1 chan_ann, 497 node_ann, 3434 chan_update)
        int status = run("inspect", data("gossip_20250819_17.gsp"));
        assertThat(status).isZero();
        assertThat(out.toString())
                .contains("3,932 messages (1 channel_announcement, 497 node_announcement, 3,434 channel_update)")
                .contains("read to the end (707,101 bytes)");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void shouldVerifySignaturesOfRealGossip() {
        int status = run("inspect", "--verify", data("lnresearch_gossip-20251117-1726.gsp"));
        assertThat(status).isZero();
        // every message verifies; 8 updates name a channel announced earlier in the file (Python scan), the rest
        // are left unchecked and said so
        assertThat(out.toString()).contains("5,523 messages").doesNotContain("quarantined")
                .contains("signatures not checked: 5,004 channel_update");
    }

    @Test
    void shouldQuarantineEverythingOfAnotherChain() {
        int status = run("inspect", "--chain", "43497fd7f826957108f4a30fd9cec3aeba79972084e90ead01ea330900000000",
                data("gossip_20250819_17.gsp"));
        assertThat(status).isZero();
        // the announcement and the 3,434 updates carry mainnet's chain_hash; node_announcements carry none
        assertThat(out.toString()).contains("497 messages").contains("quarantined: 3,435 (3,435 wrong chain)");
        assertThat(run("inspect", "--chain", "xyz", data("gossip_20250819_17.gsp"))).isEqualTo(2);
    }

    @Test
    void shouldSummariseACoreLightningGossipStore() {
        // SOURCES.txt: 88 channel_announcement, 4 channel_update, 87 amounts, 1 delete_chan, 6 deleted records
        int status = run("inspect", data("cln_pyln-testdata_mainnet-2021-08_gossip_store.bin"));
        assertThat(status).isZero();
        assertThat(out.toString())
                .contains("gossip_store, 92 messages (88 channel_announcement, 0 node_announcement, 4 channel_update)")
                .contains("channel amounts: 87")
                .contains("close hints: 1 deleted")
                .contains("skipped records: 6 deleted");
    }

    @Test
    void shouldReportWhereTheDamagedFileBreaks() {
        int status = run("inspect", data("lnresearch_gossip-20251118-0854_CORRUPT-after-msg1518.gsp"));
        assertThat(status).isZero();
        assertThat(out.toString())
                .contains("1,511 messages")
                .contains("quarantined: 7 (7 unknown type)")
                .contains("BROKEN at byte 228,627")
                .contains("length 0");
    }

    @Test
    void shouldPrintOneDecodedMessagePerLineWithJson() throws Exception {
        int status = run("inspect", "--json", data("gossip_20250819_10.gsp"));
        assertThat(status).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(825);
        ObjectMapper mapper = new ObjectMapper();
        Map<String, Integer> byType = new HashMap<>();
        for (String line : lines) {
            JsonNode node = mapper.readTree(line);
            byType.merge(node.get("type").asText(), 1, Integer::sum);
            assertThat(node.get("gossip_id").asText()).hasSize(64);
            assertThat(node.get("raw").asText()).startsWith("010");
        }
        assertThat(byType).containsEntry("channel_update", 723).containsEntry("node_announcement", 102);
        // the summary stays off stdout so the NDJSON stays parseable
        assertThat(err.toString()).contains("825 messages");
    }

    @Test
    void shouldExplainMissingAndForeignFilesAndGoOnWithTheRest(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
        int status = run("inspect", dir.resolve("missing.gsp").toString(), text.toString(), data("gossip_20250819_10.gsp"));
        assertThat(status).isEqualTo(1);
        assertThat(err.toString())
                .contains("missing.gsp: no such file")
                .contains("notes.txt: neither a GSP file");
        assertThat(out.toString()).contains("825 messages").contains("total: 825 messages in 1 of 3 files");
    }

    @Test
    void shouldExplainADirectory(@TempDir Path dir) {
        int status = run("inspect", dir.toString());
        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).contains("is a directory");
    }

    @Test
    void shouldRefuseToRunWithoutFiles() {
        assertThat(run("inspect")).isEqualTo(2);
        assertThat(err.toString()).contains("FILE");
    }
}
