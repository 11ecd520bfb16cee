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

/** Texts with their labels, read from JSONL, and their stratified cross-validation folds. */
final class LabelledTexts {
    private final List<String> texts;
    private final List<String> labelNames;
    private final int[] labels;

    private LabelledTexts(List<String> texts, List<String> labelNames, int[] labels) {
        this.texts = texts;
        this.labelNames = labelNames;
        this.labels = labels;
    }

    /**
     * Reads lines that have a non-blank {@code textField} and {@code labelField}; others are counted and skipped.
     *
     * @param limit at most this many examples (0: all)
     */
    static LabelledTexts read(Path file, String textField, String labelField, int limit) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new Args.UsageException("--input " + file + " not found");
        }
        ObjectMapper json = new ObjectMapper();
        List<String> texts = new ArrayList<>();
        List<String> raw = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null && (limit == 0 || texts.size() < limit)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = json.readTree(line);
                String text = node.path(textField).asText("");
                String label = node.path(labelField).asText("");
                if (!text.isBlank() && !label.isBlank()) {
                    texts.add(text);
                    raw.add(label);
                }
            }
        }
        List<String> names = new ArrayList<>(new TreeSet<>(raw));
        if (names.size() < 2) {
            throw new Args.UsageException("--input " + file + ": need lines with \"" + textField + "\" and at least two"
                    + " distinct \"" + labelField + "\" values, found " + names);
        }
        int[] labels = new int[raw.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = names.indexOf(raw.get(i));
        }
        return new LabelledTexts(texts, List.copyOf(names), labels);
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
