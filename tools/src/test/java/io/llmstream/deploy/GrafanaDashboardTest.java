package io.llmstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Checks the Grafana dashboard in {@code docs/grafana} against the metric names the job really
 * exports: {@code metrics/prometheus-metric-names.txt} holds the names scraped from Flink's
 * Prometheus reporter while {@code bin/llm-stream demo --metrics-port 9249} ran.
 */
class GrafanaDashboardTest {
    private static final Pattern METRIC = Pattern.compile("\\bflink_[A-Za-z0-9_]+");

    @Test
    void everyMetricTheDashboardQueriesIsOneTheJobExports() throws IOException {
        Set<String> exported = exportedNames();
        Set<String> queried = queriedNames(expressions(dashboard()));

        assertThat(queried).isNotEmpty();
        assertThat(exported).containsAll(queried);
    }

    @Test
    void theDashboardShowsWhatOperatorsWatch() throws IOException {
        Set<String> queried = queriedNames(expressions(dashboard()));
        String p = "flink_taskmanager_job_task_operator_llmstream_";

        assertThat(queried).contains(p + "model_task_recordsOut", p + "deadLetters_reason_count", p + "model_task_batchSize",
                p + "model_task_paddingPercent", p + "model_task_queueWaitMicros", p + "model_task_inferenceMicros",
                p + "model_task_preprocessMicros", p + "model_task_postprocessMicros",
                "flink_taskmanager_job_task_backPressuredTimeMsPerSecond", "flink_jobmanager_job_lastCheckpointDuration",
                p + "model_task_recordsIn", "flink_taskmanager_job_task_operator_KafkaSourceReader_KafkaConsumer_records_lag_max");
    }

    static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(Overlay.ROOT.resolve("docs/grafana/llm-stream-dashboard.json").toFile());
    }

    /** PromQL of every panel target and every query variable, nested rows included. */
    static List<String> expressions(JsonNode dashboard) {
        List<String> out = new ArrayList<>();
        dashboard.findValues("expr").forEach(e -> out.add(e.asText()));
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            JsonNode q = variable.path("query");
            out.add(q.isObject() ? q.path("query").asText() : q.asText());
        }
        return out;
    }

    static Set<String> queriedNames(List<String> expressions) {
        Set<String> names = new LinkedHashSet<>();
        for (String e : expressions) {
            Matcher m = METRIC.matcher(e);
            while (m.find()) {
                names.add(m.group());
            }
        }
        return names;
    }

    static Set<String> exportedNames() throws IOException {
        try (InputStream in = GrafanaDashboardTest.class.getResourceAsStream("/metrics/prometheus-metric-names.txt")) {
            Set<String> names = new LinkedHashSet<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.trim());
                }
            }
            return names;
        }
    }
}
