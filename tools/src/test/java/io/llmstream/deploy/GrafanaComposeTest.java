package io.llmstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Checks Grafana in {@code docker/compose.yaml} without running it (its image cannot be pulled
 * where the tests run): the service, its provisioned Prometheus data source and dashboard provider,
 * and that what it mounts exists and is what the dashboard needs.
 */
class GrafanaComposeTest {
    private static final Path DOCKER = Overlay.ROOT.resolve("docker");
    private static final String DASHBOARDS_IN_CONTAINER = "/var/lib/grafana/dashboards";

    @Test
    void grafanaRunsAnOverridableImageOnLoopbackOnly() throws IOException {
        Map<String, Object> grafana = service("grafana");

        assertThat((String) grafana.get("image")).startsWith("${GRAFANA_IMAGE:-grafana/grafana-oss:").endsWith("}");
        assertThat(list(grafana.get("ports"))).containsExactly("127.0.0.1:3000:3000");
        assertThat(list(grafana.get("depends_on"))).containsExactly("prometheus");
    }

    @Test
    void everythingGrafanaMountsExistsAndTheDashboardIsTheOneOfTheDocs() throws IOException {
        List<String> volumes = list(service("grafana").get("volumes"));

        for (String volume : volumes) {
            assertThat(DOCKER.resolve(volume.split(":")[0])).exists();
        }
        assertThat(volumes).contains("./grafana/provisioning:/etc/grafana/provisioning:ro",
                "../docs/grafana/llm-stream-dashboard.json:" + DASHBOARDS_IN_CONTAINER + "/llm-stream-dashboard.json:ro");
        assertThat(Files.isSameFile(DOCKER.resolve("../docs/grafana/llm-stream-dashboard.json"),
                Overlay.ROOT.resolve("docs/grafana/llm-stream-dashboard.json"))).isTrue();
    }

    @Test
    void theProvisionedDataSourceIsTheDefaultPrometheusOfTheComposeFile() throws IOException {
        Map<String, Object> provisioning = yaml(DOCKER.resolve("grafana/provisioning/datasources/prometheus.yaml"));
        List<Map<String, Object>> sources = maps(provisioning.get("datasources"));

        assertThat(sources).hasSize(1);
        Map<String, Object> prometheus = sources.get(0);
        assertThat(prometheus).containsEntry("type", "prometheus").containsEntry("isDefault", true)
                .containsEntry("url", "http://prometheus:9090");
        assertThat(list(service("prometheus").get("ports"))).anyMatch(p -> p.endsWith(":9090"));
    }

    @Test
    void theDashboardProviderReadsTheFolderTheDashboardIsMountedIn() throws IOException {
        Map<String, Object> provisioning = yaml(DOCKER.resolve("grafana/provisioning/dashboards/llm-stream.yaml"));
        Map<String, Object> provider = maps(provisioning.get("providers")).get(0);

        assertThat(provider).containsEntry("type", "file");
        assertThat(map(provider.get("options"))).containsEntry("path", DASHBOARDS_IN_CONTAINER);
    }

    @Test
    void everyPanelQueriesTheDataSourceTheDashboardAsksFor() throws IOException {
        JsonNode dashboard = GrafanaDashboardTest.dashboard();
        JsonNode variable = dashboard.path("templating").path("list").get(0);

        // a data source variable left empty takes the default data source: the provisioned one
        assertThat(variable.path("type").asText()).isEqualTo("datasource");
        assertThat(variable.path("query").asText()).isEqualTo("prometheus");
        List<JsonNode> panelSources = dashboard.findParents("targets").stream().map(p -> p.path("datasource")).toList();
        assertThat(panelSources).isNotEmpty().allSatisfy(ds -> {
            assertThat(ds.path("type").asText()).isEqualTo("prometheus");
            assertThat(ds.path("uid").asText()).isEqualTo("${" + variable.path("name").asText() + "}");
        });
    }

    private static Map<String, Object> service(String name) throws IOException {
        return map(map(yaml(DOCKER.resolve("compose.yaml")).get("services")).get(name));
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        return new Yaml().load(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Object o) {
        assertThat(o).isInstanceOf(List.class);
        return (List<String>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object o) {
        assertThat(o).isInstanceOf(List.class);
        return (List<Map<String, Object>>) o;
    }
}
