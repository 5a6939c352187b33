package io.lngossip.codec;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real mainnet samples in ../shared/data (see SOURCES.txt there for what each file holds). */
public final class SharedData {
    public static final String HOUR_17 = "gossip_20250819_17.gsp";
    public static final String HOUR_10 = "gossip_20250819_10.gsp";
    public static final String DAILY = "lnresearch_gossip-20251117-1726.gsp";
    public static final String CORRUPT = "lnresearch_gossip-20251118-0854_CORRUPT-after-msg1518.gsp";
    public static final String GOSSIP_STORE = "cln_pyln-testdata_mainnet-2021-08_gossip_store.bin";

    private SharedData() {}

    /** The shared data folder: the {@code lngossip.shared.data} property set by the build, else found upwards. */
    public static Path dir() {
        String configured = System.getProperty("lngossip.shared.data");
        if (configured != null && Files.isDirectory(Path.of(configured))) {
            return Path.of(configured);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("../shared/data not found; set -Dlngossip.shared.data=DIR");
    }

    public static Path file(String name) {
        return dir().resolve(name);
    }
}
