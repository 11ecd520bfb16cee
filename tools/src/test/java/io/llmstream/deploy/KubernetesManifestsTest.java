package io.llmstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmstream.job.JobSettings;
import io.llmstream.job.kafka.KafkaOptions;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.metrics.prometheus.PrometheusReporterFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;

/**
 * Checks that the Kubernetes manifests in {@code k8s/} agree with the code: each overlay is
 * rendered as kustomize would, and its image, job jar, entry class, pipeline spec, topics,
 * metrics port and GPU settings are compared with what the job really uses.
 */
class KubernetesManifestsTest {
    /** Where the images put the job jar (docker/), and where the FlinkDeployment looks for it. */
    static final String JOB_JAR_IN_IMAGE = "/opt/flink/usrlib/llm-stream-jobs.jar";
    static final String IMAGE_NAME = "llm-stream";
    static final String GPU_TAG_SUFFIX = "-gpu";
    static final String GPU_RESOURCE = "nvidia.com/gpu";

    static Stream<Overlay> overlays() {
        return Stream.of(Overlay.render("cpu"), Overlay.render("gpu"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void theImageIsTheProjectsImageOfThisVersion(Overlay overlay) {
        String expectedTag = projectVersion() + (overlay.name.equals("gpu") ? GPU_TAG_SUFFIX : "");

        assertThat(overlay.flinkDeployment().path("spec").path("image").asText())
                .isEqualTo(IMAGE_NAME + ":" + expectedTag);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void flinkVersionIsTheOneTheProjectBuildsWith(Overlay overlay) {
        String[] v = pom("/project/properties/flink.version").split("\\.");

        assertThat(overlay.flinkDeployment().path("spec").path("flinkVersion").asText()).isEqualTo("v" + v[0] + "_" + v[1]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void theJobJarAndEntryClassExist(Overlay overlay) throws Exception {
        JsonNode job = overlay.flinkDeployment().path("spec").path("job");

        assertThat(job.path("jarURI").asText()).isEqualTo("local://" + JOB_JAR_IN_IMAGE);
        Method main = Class.forName(job.path("entryClass").asText()).getMethod("main", String[].class);
        assertThat(Modifier.isStatic(main.getModifiers())).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"docker/Dockerfile", "docker/Dockerfile.gpu"})
    void theDockerImagesPutTheJobJarWhereTheDeploymentLooks(String file) throws Exception {
        String text = Files.readString(Overlay.ROOT.resolve(file));

        assertThat(text).contains(JOB_JAR_IN_IMAGE);
        String flinkVersion = pom("/project/properties/flink.version");
        Matcher base = Pattern.compile("flink:(\\d+\\.\\d+(?:\\.\\d+)?)").matcher(text);
        assertThat(base.find()).as("a flink:X.Y base image in " + file).isTrue();
        do {
            assertThat(flinkVersion).as("Flink base image in " + file).startsWith(base.group(1));
        } while (base.find());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void nativeLibrariesAreLoadedParentFirstAsInTheImage(Overlay overlay) throws Exception {
        Matcher inImage = Pattern.compile("-Dclassloader\\.parent-first-patterns\\.additional=([^\"\\s]+)")
                .matcher(Files.readString(Overlay.ROOT.resolve("docker/Dockerfile")));
        assertThat(inImage.find()).as("docker/Dockerfile sets classloader.parent-first-patterns.additional").isTrue();

        assertThat(overlay.flinkDeployment().path("spec").path("flinkConfiguration")
                .path("classloader.parent-first-patterns.additional").asText()).isEqualTo(inImage.group(1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void thePipelineSpecTheJobReadsIsValid(Overlay overlay) {
        JobSettings settings = overlay.jobSettings();

        assertThat(overlay.settingValues().keySet())
                .allSatisfy(key -> assertThat(JobSettings.knownKeys().contains(key)
                        || KafkaOptions.isClientProperty(key)).as(key).isTrue());
        assertThat(settings.bootstrapServers()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void kafkaSecretsComeFromTheEnvironmentOrFilesThePodsHave(Overlay overlay) {
        Set<String> env = new LinkedHashSet<>();
        overlay.mainContainer().path("env").forEach(e -> env.add(e.path("name").asText()));
        List<String> mounts = new ArrayList<>();
        overlay.mainContainer().path("volumeMounts").forEach(m -> mounts.add(m.path("mountPath").asText()));
        Pattern placeholder = Pattern.compile("\\$\\{(env|file):([^}]+)}");

        overlay.settingValues().forEach((key, value) -> {
            if (KafkaOptions.isClientProperty(key) && key.matches(".*(password|jaas|secret|\\.key$).*")) {
                assertThat(value).as(key + " holds a secret: it must be a ${env:..} or ${file:..} placeholder")
                        .containsPattern(placeholder);
            }
            Matcher m = placeholder.matcher(value);
            while (m.find()) {
                String ref = m.group(2);
                if (m.group(1).equals("env")) {
                    assertThat(env).as(key + " reads the environment variable " + ref).contains(ref);
                } else {
                    assertThat(mounts).as(key + " reads the file " + ref).anyMatch(p -> ref.startsWith(p + "/") || ref.equals(p));
                }
            }
            if (key.endsWith(".location")) {
                assertThat(mounts).as(key + " = " + value).anyMatch(p -> value.startsWith(p + "/"));
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyTopicTheJobUsesIsAKafkaTopicAndNoOther(Overlay overlay) {
        JobSettings s = overlay.jobSettings();
        Set<String> used = new LinkedHashSet<>(List.of(s.requestsTopic(), s.resultsTopic(), s.deadLettersTopic()));
        if (s.tracksBatchJobs()) {
            used.add(s.controlTopic());
            used.add(s.statusTopic());
        }
        overlay.flinkConfiguration().forEach((k, v) -> {
            if (k.matches("metrics\\.reporter\\.[^.]+\\.topic")) {
                used.add(v);
            }
        });
        Set<String> declared = new LinkedHashSet<>();
        for (ObjectNode t : overlay.all("KafkaTopic")) {
            declared.add(t.path("spec").path("topicName").asText(t.path("metadata").path("name").asText()));
        }

        assertThat(declared).containsExactlyInAnyOrderElementsOf(used);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void topicsUserAndBootstrapAddressNameTheSameKafkaCluster(Overlay overlay) {
        Set<String> clusters = new LinkedHashSet<>();
        Stream.concat(overlay.all("KafkaTopic").stream(), overlay.all("KafkaUser").stream())
                .forEach(r -> clusters.add(r.path("metadata").path("labels").path("strimzi.io/cluster").asText()));

        assertThat(clusters).hasSize(1).doesNotContain("");
        assertThat(overlay.jobSettings().bootstrapServers()).startsWith(clusters.iterator().next() + "-kafka-bootstrap");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void theKafkaUserMayUseEveryTopicTheGroupsAndTheTransactions(Overlay overlay) {
        List<ObjectNode> users = overlay.all("KafkaUser");
        assumeTrue(!users.isEmpty(), "no KafkaUser in this overlay");
        JobSettings s = overlay.jobSettings();
        ObjectNode user = users.get(0);

        assertThat(overlay.settingValues().get("properties.sasl.jaas.config"))
                .contains("username=\"" + user.path("metadata").path("name").asText() + "\"");
        for (ObjectNode t : overlay.all("KafkaTopic")) {
            assertThat(allows(user, "topic", t.path("metadata").path("name").asText())).as("topic " + t).contains("Read", "Write");
        }
        assertThat(allows(user, "group", s.groupId())).contains("Read");
        assertThat(allows(user, "group", s.groupId() + "-control")).contains("Read");
        assertThat(allows(user, "transactionalId", s.transactionalIdPrefix() + "-results")).contains("Write", "Describe");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void checkpointsAreOnForExactlyOnceAndSavepointsForUpgrades(Overlay overlay) {
        Configuration flink = Configuration.fromMap(overlay.flinkConfiguration());
        JsonNode job = overlay.flinkDeployment().path("spec").path("job");
        JobSettings s = overlay.jobSettings();

        if (s.deliveryGuarantee() == DeliveryGuarantee.EXACTLY_ONCE && !s.bounded()) {
            assertThat(flink.getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL)).as("execution.checkpointing.interval")
                    .hasValueSatisfying(d -> assertThat(d.toMillis()).isPositive()
                            .isLessThan(s.transactionTimeout().toMillis()));
        }
        assertThat(job.path("upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(flink.get(CheckpointingOptions.SAVEPOINT_DIRECTORY)).isNotBlank();
        assertThat(flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isNotBlank();
        assertThat(flink.get(HighAvailabilityOptions.HA_MODE)).isEqualTo("kubernetes");
        assertThat(flink.get(HighAvailabilityOptions.HA_STORAGE_PATH)).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void thePodMonitorScrapesThePrometheusReporter(Overlay overlay) {
        Map<String, String> flink = overlay.flinkConfiguration();
        JsonNode monitor = overlay.one("PodMonitor");
        String portName = monitor.path("spec").path("podMetricsEndpoints").get(0).path("port").asText();
        JsonNode port = null;
        for (JsonNode p : overlay.mainContainer().path("ports")) {
            if (p.path("name").asText().equals(portName)) {
                port = p;
            }
        }

        assertThat(flink.get("metrics.reporter.prom.factory.class")).isEqualTo(PrometheusReporterFactory.class.getName());
        assertThat(port).as("container port named " + portName).isNotNull();
        assertThat(port.path("containerPort").asText()).isEqualTo(flink.get("metrics.reporter.prom.port"));
        JsonNode podLabels = overlay.flinkDeployment().path("spec").path("podTemplate").path("metadata").path("labels");
        monitor.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(e ->
                assertThat(podLabels.path(e.getKey()).asText()).as("pod label " + e.getKey()).isEqualTo(e.getValue().asText()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void theJobRunsUnderAServiceAccountItsRoleIsBoundTo(Overlay overlay) {
        String account = overlay.flinkDeployment().path("spec").path("serviceAccount").asText();

        overlay.named("ServiceAccount", account);
        assertThat(overlay.all("RoleBinding")).anySatisfy(b -> assertThat(b.path("subjects").findValuesAsText("name")).contains(account));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void parallelismFitsTheRequestsTopicAndTheSlots(Overlay overlay) {
        JsonNode spec = overlay.flinkDeployment().path("spec");
        int parallelism = spec.path("job").path("parallelism").asInt();
        int slots = Integer.parseInt(overlay.flinkConfiguration().get("taskmanager.numberOfTaskSlots"));
        ObjectNode requests = overlay.named("KafkaTopic", overlay.jobSettings().requestsTopic());

        assertThat(parallelism).as("more subtasks than partitions would idle")
                .isLessThanOrEqualTo(requests.path("spec").path("partitions").asInt());
        assertThat(parallelism % slots).as("parallelism fills whole TaskManagers").isZero();
    }

    @Test
    void gpuTaskManagersAskForAGpuRunOnGpuNodesAndUseCuda() {
        Overlay gpu = Overlay.render("gpu");
        JsonNode tm = gpu.flinkDeployment().path("spec").path("taskManager").path("podTemplate").path("spec");

        assertThat(tm.path("containers").get(0).path("resources").path("limits").path(GPU_RESOURCE).asInt()).isEqualTo(1);
        assertThat(tm.path("nodeSelector").size()).isPositive();
        assertThat(tm.path("tolerations").findValuesAsText("key")).contains(GPU_RESOURCE);
        assertThat(gpu.jobSettings().session().device().isCuda()).isTrue();
        assertThat(gpu.jobSettings().session().device().cudaId()).isZero();
    }

    @Test
    void cpuTaskManagersNeitherAskForAGpuNorUseOne() {
        Overlay cpu = Overlay.render("cpu");

        assertThat(cpu.flinkDeployment().findValues(GPU_RESOURCE)).isEmpty();
        assertThat(cpu.jobSettings().session().device().likelyGpu()).isFalse();
    }

    /** Operations an ACL of {@code user} grants on a resource of that type and name. */
    private static List<String> allows(JsonNode user, String type, String name) {
        List<String> ops = new ArrayList<>();
        for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
            JsonNode r = acl.path("resource");
            boolean prefix = r.path("patternType").asText("literal").equals("prefix");
            String n = r.path("name").asText();
            if (r.path("type").asText().equals(type) && (prefix ? name.startsWith(n) : name.equals(n))) {
                acl.path("operations").forEach(o -> ops.add(o.asText()));
            }
        }
        return ops;
    }

    static String projectVersion() {
        return pom("/project/version");
    }

    private static String pom(String xpath) {
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Overlay.ROOT.resolve("pom.xml").toFile());
            return XPathFactory.newInstance().newXPath().evaluate(xpath, doc).trim();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + xpath + " from the root pom.xml", e);
        }
    }
}
