package io.llmstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The renderer behind {@link KubernetesManifestsTest} does what kustomize does with these features. */
class KustomizeTest {
    @TempDir
    Path dir;

    @Test
    void patchesMergeMapsReplaceListsAndImagesRetagConfiguredFields() throws IOException {
        write("base/kustomization.yaml", "resources: [app.yaml]\nconfigurations: [conf.yaml]\n"
                + "configMapGenerator:\n  - name: spec\n    files: [pipeline.yaml]\n");
        write("base/conf.yaml", "images:\n  - kind: App\n    path: spec/image\n");
        write("base/pipeline.yaml", "a: 1\n");
        write("base/app.yaml", "kind: App\nmetadata: {name: x}\nspec:\n  image: llm-stream:1.0\n  args: [a, b]\n"
                + "  conf: {keep: 1, drop: 2}\n  pod: {containers: [{name: c, image: llm-stream:1.0}]}\n");
        write("over/kustomization.yaml", "resources: [../base]\npatches:\n  - path: patch.yaml\n"
                + "images:\n  - name: llm-stream\n    newName: registry.example.com/llm-stream\n    newTag: 1.0-gpu\n");
        write("over/patch.yaml", "kind: App\nmetadata: {name: x}\nspec:\n  args: [c]\n  conf: {drop: null, add: 3}\n");

        List<ObjectNode> out = Kustomize.build(dir.resolve("over"));

        JsonNode spec = out.get(0).path("spec");
        assertThat(spec.path("image").asText()).isEqualTo("registry.example.com/llm-stream:1.0-gpu");
        assertThat(spec.path("pod").path("containers").get(0).path("image").asText()).isEqualTo("registry.example.com/llm-stream:1.0-gpu");
        assertThat(spec.path("args").toString()).isEqualTo("[\"c\"]");
        assertThat(spec.path("conf").toString()).isEqualTo("{\"keep\":1,\"add\":3}");
        assertThat(out.get(1).path("data").path("pipeline.yaml").asText()).isEqualTo("a: 1\n");
    }

    @Test
    void aFeatureTheRendererDoesNotImplementFails() throws IOException {
        write("k/kustomization.yaml", "resources: []\nnamePrefix: prod-\n");

        assertThatThrownBy(() -> Kustomize.build(dir.resolve("k")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("uses 'namePrefix', which this renderer does not implement");
    }

    @Test
    void aPatchForAMissingResourceFails() throws IOException {
        write("k/kustomization.yaml", "resources: []\npatches:\n  - path: p.yaml\n");
        write("k/p.yaml", "kind: FlinkDeployment\nmetadata: {name: other}\n");

        assertThatThrownBy(() -> Kustomize.build(dir.resolve("k")))
                .hasMessageContaining("a patch targets FlinkDeployment other, which no resource is");
    }

    private void write(String path, String text) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
