package io.llmstream.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmstream.cli.Args;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * Texts with their labels, ids and groups (the source each text came from), read from JSONL, and
 * their stratified cross-validation folds.
 */
final class LabelledTexts {
    private final List<String> texts;
    private final List<String> labelNames;
    private final int[] labels;
    private final List<String> ids;
    private final List<String> groups;

    private LabelledTexts(List<String> texts, List<String> labelNames, int[] labels, List<String> ids, List<String> groups) {
        this.texts = texts;
        this.labelNames = labelNames;
        this.labels = labels;
        this.ids = ids;
        this.groups = groups;
    }

    static LabelledTexts read(Path file, String textField, String labelField, int limit) throws IOException {
        return read(file, textField, labelField, null, limit, null);
    }

    /**
     * Reads lines that have a non-blank {@code textField} and {@code labelField}; others are skipped.
     * Each text's id is its {@code id} field, or its line number; its group is {@code groupField}'s value.
     *
     * @param groupField the field naming each text's source ({@code null}: every text in group "")
     * @param limit at most this many examples (0: all)
     * @param labelNames the labels to index into, e.g. the training set's ({@code null}: this file's, sorted)
     */
    static LabelledTexts read(Path file, String textField, String labelField, String groupField, int limit,
            List<String> labelNames) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new Args.UsageException("--input " + file + " not found");
        }
        ObjectMapper json = new ObjectMapper();
        List<String> texts = new ArrayList<>();
        List<String> raw = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        int lineNumber = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null && (limit == 0 || texts.size() < limit)) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = json.readTree(line);
                String text = node.path(textField).asText("");
                String label = node.path(labelField).asText("");
                if (!text.isBlank() && !label.isBlank()) {
                    texts.add(text);
                    raw.add(label);
                    ids.add(node.path("id").asText(Integer.toString(lineNumber)));
                    groups.add(groupField == null ? "" : node.path(groupField).asText(""));
                }
            }
        }
        List<String> names = labelNames != null ? labelNames : new ArrayList<>(new TreeSet<>(raw));
        for (String label : new TreeSet<>(raw)) {
            if (!names.contains(label)) {
                throw new Args.UsageException(file + ": label '" + label + "' is not one of the training labels " + names);
            }
        }
        if (labelNames == null && names.size() < 2) {
            throw new Args.UsageException("--input " + file + ": need lines with \"" + textField + "\" and at least two"
                    + " distinct \"" + labelField + "\" values, found " + names);
        }
        int[] labels = new int[raw.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = names.indexOf(raw.get(i));
        }
        return new LabelledTexts(texts, List.copyOf(names), labels, ids, groups);
    }

    /** The examples at {@code indices}, in that order. */
    LabelledTexts subset(int[] indices) {
        List<String> t = new ArrayList<>();
        List<String> i = new ArrayList<>();
        List<String> g = new ArrayList<>();
        int[] l = new int[indices.length];
        for (int j = 0; j < indices.length; j++) {
            t.add(texts.get(indices[j]));
            i.add(ids.get(indices[j]));
            g.add(groups.get(indices[j]));
            l[j] = labels[indices[j]];
        }
        return new LabelledTexts(t, labelNames, l, i, g);
    }

    List<String> ids() {
        return ids;
    }

    /** Each text's group; "" without a group field. */
    List<String> groups() {
        return groups;
    }

    List<String> texts() {
        return texts;
    }

    /** Label names, sorted; {@link #labels()} holds indices into it. */
    List<String> labelNames() {
        return labelNames;
    }

    int[] labels() {
        return labels;
    }

    int size() {
        return texts.size();
    }

    /** Examples per label, in label order. */
    int[] counts() {
        int[] counts = new int[labelNames.size()];
        for (int l : labels) {
            counts[l]++;
        }
        return counts;
    }

    /** The fold (0..k-1) of each example: each label's examples shuffled and dealt round-robin, so folds keep the label mix. */
    int[] folds(int k, long seed) {
        int[] fold = new int[labels.length];
        Random random = new Random(seed);
        for (int label = 0; label < labelNames.size(); label++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == label) {
                    members.add(i);
                }
            }
            Collections.shuffle(members, random);
            for (int j = 0; j < members.size(); j++) {
                fold[members.get(j)] = j % k;
            }
        }
        return fold;
    }
}
