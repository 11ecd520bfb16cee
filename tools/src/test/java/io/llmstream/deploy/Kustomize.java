package io.llmstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the few features the
 * project's manifests use: {@code resources} (files and directories), {@code configMapGenerator}
 * from files, {@code configurations} (image field specs), {@code patches} (merged as kustomize
 * merges a patch into a custom resource: maps merged, lists replaced, null deletes) and
 * {@code images}. Generated ConfigMaps keep their plain name (kustomize appends a content hash
 * and rewrites the references). Any other kustomization field fails, so that a manifest never
 * silently uses a feature these checks do not render.
 */
final class Kustomize {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "configMapGenerator",
            "configurations", "patches", "images");

    private Kustomize() {}

    /** The resources a kustomization directory renders to, in order. */
    static List<ObjectNode> build(Path dir) {
        return build(dir, new ArrayList<>());
    }

    private static List<ObjectNode> build(Path dir, List<ObjectNode> imageFieldSpecs) {
        Path file = dir.resolve("kustomization.yaml");
        JsonNode k = readAll(file).get(0);
        for (Iterator<String> it = k.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!SUPPORTED.contains(field)) {
                throw new IllegalArgumentException(file + " uses '" + field + "', which this renderer does not implement");
            }
        }
        for (JsonNode c : k.path("configurations")) {
            readAll(dir.resolve(c.asText())).get(0).path("images").forEach(spec -> imageFieldSpecs.add((ObjectNode) spec));
        }
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode r : k.path("resources")) {
            Path p = dir.resolve(r.asText()).normalize();
            out.addAll(Files.isDirectory(p) ? build(p, imageFieldSpecs) : readAll(p));
        }
        for (JsonNode g : k.path("configMapGenerator")) {
            out.add(configMap(dir, g));
        }
        for (JsonNode patch : k.path("patches")) {
            if (!patch.has("path") || patch.size() != 1) {
                throw new IllegalArgumentException(file + ": only patches given as a file are rendered: " + patch);
            }
            for (ObjectNode p : readAll(dir.resolve(patch.get("path").asText()))) {
                ObjectNode target = find(out, p.path("kind").asText(), p.path("metadata").path("name").asText(), file);
                merge(target, p);
            }
        }
        for (JsonNode image : k.path("images")) {
            for (ObjectNode resource : out) {
                retag(resource, image, imageFieldSpecs);
            }
        }
        return out;
    }

    /** Merges {@code patch} into {@code target} with JSON merge patch rules (RFC 7386). */
    static void merge(ObjectNode target, JsonNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode current = target.get(e.getKey());
            if (e.getValue().isNull()) {
                target.remove(e.getKey());
            } else if (e.getValue().isObject() && current != null && current.isObject()) {
                merge((ObjectNode) current, e.getValue());
            } else {
                target.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }

    private static ObjectNode find(List<ObjectNode> resources, String kind, String name, Path source) {
        return resources.stream()
                .filter(r -> r.path("kind").asText().equals(kind) && r.path("metadata").path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(source + ": a patch targets " + kind + " " + name
                        + ", which no resource is"));
    }

    private static ObjectNode configMap(Path dir, JsonNode generator) {
        ObjectNode cm = JsonNodeFactory.instance.objectNode();
        cm.put("apiVersion", "v1");
        cm.put("kind", "ConfigMap");
        cm.putObject("metadata").put("name", generator.path("name").asText());
        ObjectNode data = cm.putObject("data");
        for (JsonNode f : generator.path("files")) {
            String spec = f.asText();
            int eq = spec.indexOf('=');
            String key = eq < 0 ? Path.of(spec).getFileName().toString() : spec.substring(0, eq);
            data.put(key, read(dir.resolve(eq < 0 ? spec : spec.substring(eq + 1))));
        }
        return cm;
    }

    /** Applies one {@code images} entry to container images anywhere and to the configured field specs. */
    private static void retag(ObjectNode resource, JsonNode image, List<ObjectNode> fieldSpecs) {
        for (ObjectNode spec : fieldSpecs) {
            if (spec.path("kind").asText().equals(resource.path("kind").asText())) {
                String[] path = spec.path("path").asText().split("/");
                JsonNode parent = resource;
                for (int i = 0; i < path.length - 1 && parent != null; i++) {
                    parent = parent.get(path[i]);
                }
                if (parent instanceof ObjectNode && parent.has(path[path.length - 1])) {
                    ObjectNode p = (ObjectNode) parent;
                    String field = path[path.length - 1];
                    p.set(field, new TextNode(retagged(p.get(field).asText(), image)));
                }
            }
        }
        retagContainers(resource, image);
    }

    private static void retagContainers(JsonNode node, JsonNode image) {
        if (node.isObject()) {
            for (String list : List.of("containers", "initContainers")) {
                if (node.get(list) instanceof ArrayNode) {
                    for (JsonNode c : node.get(list)) {
                        if (c.has("image")) {
                            ((ObjectNode) c).put("image", retagged(c.get("image").asText(), image));
                        }
                    }
                }
            }
        }
        node.forEach(child -> retagContainers(child, image));
    }

    static String retagged(String ref, JsonNode image) {
        int colon = ref.lastIndexOf(':');
        boolean hasTag = colon > ref.lastIndexOf('/');
        String name = hasTag ? ref.substring(0, colon) : ref;
        if (!name.equals(image.path("name").asText())) {
            return ref;
        }
        String newName = image.path("newName").asText(name);
        String tag = image.has("newTag") ? image.get("newTag").asText() : hasTag ? ref.substring(colon + 1) : null;
        return tag == null ? newName : newName + ":" + tag;
    }

    /** Every YAML document of a file, as objects. */
    static List<ObjectNode> readAll(Path file) {
        List<ObjectNode> docs = new ArrayList<>();
        try (YAMLParser parser = ((YAMLFactory) YAML.getFactory()).createParser(file.toFile())) {
            for (Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isMissingNode() && !doc.isNull()) {
                    if (!doc.isObject()) {
                        throw new IllegalArgumentException(file + " holds a YAML document that is not a mapping");
                    }
                    docs.add((ObjectNode) doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return docs;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
