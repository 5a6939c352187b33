package io.lngossip.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.lngossip.jobs.graphstate.GraphStateJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** deploy/ and k8s/ cannot run here: every file is parsed and checked against the build and the documented settings. */
class ManifestsTest {
    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
            for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    static List<Path> yamlUnder(String dir) throws IOException {
        try (Stream<Path> s = Files.walk(ROOT.resolve(dir))) {
            return s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
    }

    static List<JsonNode> k8sResources() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (Path f : yamlUnder("k8s/base")) {
            if (!f.getFileName().toString().equals("kustomization.yaml")) {
                out.addAll(documents(f));
            }
        }
        return out;
    }

    /** Image names built by deploy/ (from the docker build -t lines of the Dockerfiles). */
    static Set<String> builtImages() throws IOException {
        Set<String> images = new HashSet<>();
        Pattern tag = Pattern.compile("-t (lngossip/[a-z-]+):");
        try (Stream<Path> s = Files.walk(ROOT.resolve("deploy"))) {
            for (Path d : s.filter(p -> p.getFileName().toString().equals("Dockerfile")).toList()) {
                Matcher m = tag.matcher(Files.readString(d));
                assertThat(m.find()).as("%s says how it is built", d).isTrue();
                images.add(m.group(1));
            }
        }
        return images;
    }

    @Test
    void shouldParseEveryManifestAndComposeFileWithNamesAndKinds() throws IOException {
        List<Path> files = new ArrayList<>(yamlUnder("k8s"));
        files.addAll(yamlUnder("deploy"));
        assertThat(files).hasSizeGreaterThanOrEqualTo(10);
        for (Path f : files) {
            for (JsonNode doc : documents(f)) {
                if (f.getFileName().toString().equals("docker-compose.yaml")) {
                    assertThat(doc.has("services")).isTrue();
                    continue;
                }
                assertThat(doc.path("apiVersion").asText()).as("%s apiVersion", f).isNotEmpty();
                assertThat(doc.path("kind").asText()).as("%s kind", f).isNotEmpty();
                if (!doc.path("kind").asText().equals("Kustomization")) {
                    assertThat(doc.path("metadata").path("name").asText()).as("%s name", f).isNotEmpty();
                }
            }
        }
    }

    @Test
    void shouldListEveryBaseFileInTheKustomizationAndNothingMissing() throws IOException {
        JsonNode k = documents(ROOT.resolve("k8s/base/kustomization.yaml")).get(0);
        Set<String> listed = new HashSet<>();
        k.get("resources").forEach(r -> listed.add(r.asText()));
        Set<String> present = new HashSet<>();
        for (Path f : yamlUnder("k8s/base")) {
            if (!f.getFileName().toString().equals("kustomization.yaml")) {
                present.add(f.getFileName().toString());
            }
        }
        assertThat(listed).isEqualTo(present);
        for (String overlay : List.of("dev", "prod")) {
            JsonNode o = documents(ROOT.resolve("k8s/overlays/" + overlay + "/kustomization.yaml")).get(0);
            assertThat(o.get("resources").get(0).asText()).isEqualTo("../../base");
            // every patch targets a resource of the base
            for (JsonNode p : o.path("patches")) {
                String kind = p.path("target").path("kind").asText();
                String name = p.path("target").path("name").asText();
                assertThat(k8sResources()).as("%s patch target %s/%s", overlay, kind, name)
                        .anyMatch(r -> r.path("kind").asText().equals(kind)
                                && r.path("metadata").path("name").asText().equals(name));
            }
        }
    }

    @Test
    void shouldUseOnlyImagesThatDeployBuilds() throws IOException {
        Set<String> built = builtImages();
        assertThat(built).containsExactlyInAnyOrder("lngossip/graph-state-job", "lngossip/query-service",
                "lngossip/collector");
        List<String> used = new ArrayList<>();
        for (JsonNode r : k8sResources()) {
            r.findValues("image").forEach(i -> used.add(i.asText()));
        }
        documents(ROOT.resolve("deploy/docker-compose.yaml")).get(0).get("services")
                .forEach(s -> used.add(s.path("image").asText()));
        for (String image : used) {
            String name = image.contains(":") ? image.substring(0, image.lastIndexOf(':')) : image;
            if (name.startsWith("lngossip/")) {
                assertThat(built).contains(name);
            }
        }
        assertThat(used).contains("lngossip/graph-state-job:0.1.0", "lngossip/query-service:0.1.0");
    }

    @Test
    void shouldCopyTheJarsTheBuildMakes() throws IOException {
        String job = Files.readString(ROOT.resolve("deploy/job/Dockerfile"));
        assertThat(job).contains("FROM flink:2.2")
                .contains("jobs/graph-state-job/target/graph-state-job-0.1.0-SNAPSHOT-flink.jar")
                .contains("/opt/flink/usrlib/graph-state-job.jar");
        // the shaded classifier and the version are the build's
        String jobPom = Files.readString(ROOT.resolve("jobs/graph-state-job/pom.xml"));
        assertThat(jobPom).contains("<shadedClassifierName>flink</shadedClassifierName>");
        assertThat(Files.readString(ROOT.resolve("pom.xml"))).contains("<version>0.1.0-SNAPSHOT</version>");
        assertThat(Files.readString(ROOT.resolve("deploy/query-service/Dockerfile")))
                .contains("queries/query-service/target/query-service-0.1.0-SNAPSHOT-all.jar");
        assertThat(Files.readString(ROOT.resolve("queries/query-service/pom.xml")))
                .contains("<shadedClassifierName>all</shadedClassifierName>");
        JsonNode flink = k8sResources().stream().filter(r -> r.path("kind").asText().equals("FlinkDeployment"))
                .findFirst().orElseThrow();
        assertThat(flink.path("spec").path("job").path("jarURI").asText())
                .isEqualTo("local:///opt/flink/usrlib/graph-state-job.jar");
        assertThat(flink.path("spec").path("job").path("upgradeMode").asText()).isEqualTo("last-state");
        assertThat(flink.path("spec").path("flinkConfiguration").path("state.backend.type").asText())
                .isEqualTo("rocksdb");
        assertThat(flink.path("spec").path("flinkConfiguration").path("execution.checkpointing.incremental")
                .asText()).isEqualTo("true");
        assertThat(flink.path("spec").path("flinkConfiguration").path("state.backend.rocksdb.use-bloom-filter")
                .asText()).as("as the job sets it").isEqualTo("true");
        assertThat(flink.path("spec").path("flinkConfiguration").path("high-availability.type").asText())
                .isEqualTo("kubernetes");
    }

    @Test
    void shouldPassTheJobOnlyOptionsItHas() throws IOException {
        Set<String> options = new HashSet<>();
        new CommandLine(new GraphStateJob()).getCommandSpec().options().forEach(o -> options.addAll(List.of(o.names())));
        List<String> args = new ArrayList<>();
        k8sResources().stream().filter(r -> r.path("kind").asText().equals("FlinkDeployment"))
                .forEach(r -> r.path("spec").path("job").path("args").forEach(a -> args.add(a.asText())));
        documents(ROOT.resolve("deploy/docker-compose.yaml")).get(0).path("services").path("jobmanager")
                .path("command").forEach(a -> args.add(a.asText()));
        List<String> flags = args.stream().filter(a -> a.startsWith("--") && !a.equals("--job-classname")).toList();
        assertThat(flags).isNotEmpty();
        assertThat(options).containsAll(flags);
        // and they parse
        List<String> k8sArgs = new ArrayList<>();
        k8sResources().stream().filter(r -> r.path("kind").asText().equals("FlinkDeployment"))
                .forEach(r -> r.path("spec").path("job").path("args").forEach(a -> k8sArgs.add(a.asText())));
        new CommandLine(new GraphStateJob()).parseArgs(k8sArgs.toArray(String[]::new));
    }

    @Test
    void shouldRunOnlyCommandsTheCliHas() throws IOException {
        Set<String> commands = new CommandLine(io.lngossip.cli.Lngossip.class).getSubcommands().keySet();
        int checked = 0;
        for (JsonNode r : k8sResources()) {
            for (JsonNode container : r.findValues("containers")) {
                for (JsonNode c : container) {
                    if (c.path("image").asText().startsWith("lngossip/collector")) {
                        assertThat(commands).contains(c.path("args").get(0).asText());
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(2);
        // and the compose collector's command parses as a publish with its options
        List<String> command = new ArrayList<>();
        documents(ROOT.resolve("deploy/docker-compose.yaml")).get(0).path("services").path("collector")
                .path("command").forEach(a -> command.add(a.asText()));
        assertThat(command.get(0)).isIn(commands);
        io.lngossip.cli.Lngossip.commandLine().parseArgs(command.toArray(String[]::new));
    }

    @Test
    void shouldServeOnThePortItProbesWithTheDocumentedSettings() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        JsonNode deployment = k8sResources().stream().filter(r -> r.path("kind").asText().equals("Deployment")
                && r.path("metadata").path("name").asText().equals("query-service")).findFirst().orElseThrow();
        JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(8080);
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/health");
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/health");
        assertThat(container.path("resources").path("requests").isObject()).isTrue();
        for (JsonNode env : container.path("env")) {
            String name = env.path("name").asText();
            assertThat(readme).as("%s is documented", name).contains("`" + name + "`");
            if (name.equals("LNGOSSIP_PORT")) {
                assertThat(env.path("value").asText()).isEqualTo("8080");
            }
        }
        JsonNode compose = documents(ROOT.resolve("deploy/docker-compose.yaml")).get(0).path("services");
        compose.path("query-service").path("environment").fieldNames().forEachRemaining(name ->
                assertThat(readme).as("%s is documented", name).contains("`" + name + "`"));
        assertThat(compose.path("query-service").path("ports").get(0).asText()).endsWith(":8080");
        Set<String> jobEnv = new HashSet<>();
        compose.path("jobmanager").path("environment").fieldNames().forEachRemaining(jobEnv::add);
        assertThat(jobEnv).contains("LNGOSSIP_JDBC_USER", "LNGOSSIP_JDBC_PASSWORD");
        assertThat(Files.readString(ROOT.resolve("docs/JOB.md"))).contains("$LNGOSSIP_JDBC_PASSWORD");
    }

    @Test
    void shouldReferenceSecretsAndNeverInlineThem() throws IOException {
        for (JsonNode r : k8sResources()) {
            assertThat(r.path("kind").asText()).as("no Secret objects in the manifests").isNotEqualTo("Secret");
            for (JsonNode env : r.findValues("env")) {
                for (JsonNode e : env) {
                    if (e.path("name").asText().contains("PASSWORD") || e.path("name").asText().contains("TOKEN")) {
                        assertThat(e.has("value")).as("%s inlined", e.path("name").asText()).isFalse();
                        assertThat(e.path("valueFrom").has("secretKeyRef")).isTrue();
                    }
                }
            }
        }
        JsonNode compose = documents(ROOT.resolve("deploy/docker-compose.yaml")).get(0).path("services");
        compose.forEach(s -> s.path("environment").fields().forEachRemaining(e -> {
            if (e.getKey().contains("PASSWORD")) {
                assertThat(e.getValue().asText()).as(e.getKey()).startsWith("${");
            }
        }));
        assertThat(Files.readString(ROOT.resolve(".gitignore"))).contains(".env");
        assertThat(compose).isInstanceOf(ObjectNode.class);
    }
}
