package io.llmstream.core.classify;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of zero-shot classification: each label with the description that is embedded for
 * it, and the temperature of the softmax that turns cosine similarities into scores summing to 1.
 */
public final class ZeroShotLabels implements Serializable {
    private static final long serialVersionUID = 1L;

    private final LinkedHashMap<String, String> descriptions;
    private final double temperature;

    /**
     * @throws IllegalArgumentException naming the setting when fewer than two labels are given,
     *     a description is blank, or the temperature is not positive
     */
    public ZeroShotLabels(Map<String, String> descriptions, double temperature) {
        if (descriptions.size() < 2) {
            throw new IllegalArgumentException("classify.labels needs at least two labels, e.g. classify.labels.spam and"
                    + " classify.labels.ham, each with a description; got " + descriptions.keySet());
        }
        descriptions.forEach((label, text) -> {
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("classify.labels." + label + " needs a description to embed");
            }
        });
        if (!(temperature > 0) || temperature > 10) {
            throw new IllegalArgumentException("classify.temperature = " + temperature + " is out of range; allowed: > 0 .. 10");
        }
        this.descriptions = new LinkedHashMap<>(descriptions);
        this.temperature = temperature;
    }

    public Map<String, String> descriptions() {
        return Collections.unmodifiableMap(descriptions);
    }

    public double temperature() {
        return temperature;
    }
}
