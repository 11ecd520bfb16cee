package io.llmstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmstream.cli.Args;
import io.llmstream.job.EnrichmentJob;
import io.llmstream.job.JobSettings;
import io.llmstream.job.OptionDocs;
import io.llmstream.job.kafka.KafkaOptions;
import io.llmstream.core.secrets.SecretPlaceholders;
import io.llmstream.job.PipelineSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One rendered overlay of {@code k8s/}: its resources, and the job settings its pods would start
 * with (the pipeline spec from the ConfigMap at the {@code --config} path, overridden by the
 * other arguments, as {@link EnrichmentJob} reads them).
 */
final class Overlay {
    static final Path ROOT = Path.of("..");

    final String name;
    final List<ObjectNode> resources;

    private Overlay(String name, List<ObjectNode> resources) {
        this.name = name;
        this.resources = resources;
    }

    static Overlay render(String name) {
        return new Overlay(name, Kustomize.build(ROOT.resolve("k8s/overlays").resolve(name)));
    }

    List<ObjectNode> all(String kind) {
        List<ObjectNode> out = new ArrayList<>();
        resources.stream().filter(r -> r.path("kind").asText().equals(kind)).forEach(out::add);
        return out;
    }

    ObjectNode one(String kind) {
        List<ObjectNode> found = all(kind);
        if (found.size() != 1) {
            throw new AssertionError(name + " overlay: expected one " + kind + ", found " + found.size());
        }
        return found.get(0);
    }

    ObjectNode named(String kind, String resourceName) {
        return all(kind).stream()
                .filter(r -> r.path("metadata").path("name").asText().equals(resourceName))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " overlay: no " + kind + " named " + resourceName));
    }

    JsonNode flinkDeployment() {
        return one("FlinkDeployment");
    }

    /** The Flink configuration of the deployment, as strings. */
    Map<String, String> flinkConfiguration() {
        Map<String, String> conf = new LinkedHashMap<>();
        flinkDeployment().path("spec").path("flinkConfiguration").fields()
                .forEachRemaining(e -> conf.put(e.getKey(), e.getValue().asText()));
        return conf;
    }

    /** The main container of the pod template shared by JobManager and TaskManagers. */
    JsonNode mainContainer() {
        for (JsonNode c : flinkDeployment().path("spec").path("podTemplate").path("spec").path("containers")) {
            if (c.path("name").asText().equals("flink-main-container")) {
                return c;
            }
        }
        throw new AssertionError(name + " overlay: the pod template has no flink-main-container");
    }

    List<String> jobArgs() {
        List<String> args = new ArrayList<>();
        flinkDeployment().path("spec").path("job").path("args").forEach(a -> args.add(a.asText()));
        return args;
    }

    /** The path given to {@code --config}. */
    String configPath() {
        return parsedArgs().get(EnrichmentJob.CONFIG)
                .orElseThrow(() -> new AssertionError(name + " overlay: the job has no --config argument"));
    }

    /**
     * The ConfigMap key the pods see at the {@code --config} path: the volume mounted there (with
     * {@code subPath}, or a directory holding the file) and the ConfigMap behind it.
     */
    Map.Entry<ObjectNode, String> pipelineConfigMapEntry() {
        String path = configPath();
        for (JsonNode m : mainContainer().path("volumeMounts")) {
            String mountPath = m.path("mountPath").asText();
            String key = m.has("subPath") && mountPath.equals(path) ? m.get("subPath").asText()
                    : !m.has("subPath") && path.startsWith(mountPath + "/") ? path.substring(mountPath.length() + 1) : null;
            if (key != null) {
                for (JsonNode v : flinkDeployment().path("spec").path("podTemplate").path("spec").path("volumes")) {
                    if (v.path("name").asText().equals(m.path("name").asText()) && v.has("configMap")) {
                        return Map.entry(named("ConfigMap", v.path("configMap").path("name").asText()), key);
                    }
                }
            }
        }
        throw new AssertionError(name + " overlay: no ConfigMap volume is mounted at " + path);
    }

    /** The job's settings as written: the spec's values, then the arguments' values over them. */
    Map<String, String> settingValues() {
        Map.Entry<ObjectNode, String> entry = pipelineConfigMapEntry();
        JsonNode text = entry.getKey().path("data").get(entry.getValue());
        if (text == null) {
            throw new AssertionError(name + " overlay: ConfigMap " + entry.getKey().path("metadata").path("name").asText()
                    + " has no key " + entry.getValue());
        }
        Map<String, String> arguments = new LinkedHashMap<>(parsedArgs().asMap());
        arguments.remove(EnrichmentJob.CONFIG);
        return OptionDocs.overlay(PipelineSpec.load(writeTemp(text.asText())).settings(), arguments);
    }

    /**
     * The settings as the job validates them at start; the {@code properties.*} pass-through is
     * checked with every {@code ${env:..}} placeholder standing for a value, since the pods' variables
     * are not set here.
     */
    JobSettings jobSettings() {
        Map<String, String> values = settingValues();
        KafkaOptions.clientProperties(values, new SecretPlaceholders(name -> "value-of-" + name));
        Map<String, String> own = new LinkedHashMap<>(values);
        own.keySet().removeIf(KafkaOptions::isClientProperty);
        return JobSettings.from(own).requireKafka();
    }

    private Args parsedArgs() {
        Set<String> allowed = new LinkedHashSet<>(JobSettings.knownKeys());
        allowed.add(EnrichmentJob.CONFIG);
        return Args.parse("run", jobArgs().toArray(String[]::new), allowed);
    }

    private static Path writeTemp(String text) {
        try {
            Path file = Files.createTempFile("pipeline", ".yaml");
            file.toFile().deleteOnExit();
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
