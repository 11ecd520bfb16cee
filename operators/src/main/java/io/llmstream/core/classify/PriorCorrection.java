package io.llmstream.core.classify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves a classifier's probabilities from the class mix it was trained on to the mix a deployment
 * expects (Bayes' rule with the likelihoods unchanged): {@code p'(c|x) ∝ p(c|x) · π'(c) / π(c)}.
 * A head trained on 85% ham under-calls spam in a mailbox that is half spam; {@code
 * classify.priors = spam:0.5,ham:0.5} corrects that without retraining.
 */
public final class PriorCorrection {
    /** Leaves probabilities as they are. */
    public static final PriorCorrection NONE = new PriorCorrection(null);

    private final double[] factors;

    private PriorCorrection(double[] factors) {
        this.factors = factors;
    }

    /**
     * Parses {@code label:share,label:share}; shares must be positive and are normalised to sum to 1.
     *
     * @param key the setting's key, for error messages
     * @return label to share, in the order given; empty for a blank value
     * @throws IllegalArgumentException naming the setting, the value and what is allowed
     */
    public static Map<String, Double> parse(String key, String value) {
        Map<String, Double> priors = new LinkedHashMap<>();
        if (value == null || value.isBlank()) {
            return priors;
        }
        double sum = 0;
        for (String pair : value.split(",")) {
            String[] parts = pair.split(":");
            double share;
            try {
                share = parts.length == 2 ? Double.parseDouble(parts[1].trim()) : Double.NaN;
            } catch (NumberFormatException e) {
                share = Double.NaN;
            }
            if (parts.length != 2 || parts[0].isBlank() || !(share > 0) || Double.isInfinite(share)
                    || priors.put(parts[0].trim(), share) != null) {
                throw new IllegalArgumentException(key + " = '" + value + "' is not valid; allowed: label:share pairs"
                        + " separated by commas, each label once, shares > 0 (e.g. spam:0.5,ham:0.5)");
            }
            sum += share;
        }
        double total = sum;
        priors.replaceAll((label, share) -> share / total);
        return priors;
    }

    /**
     * The correction for a classifier with {@code labels}, trained on class mix {@code training}, deployed on {@code deployment}.
     *
     * @throws IllegalArgumentException when either mix does not name exactly the classifier's labels
     */
    public static PriorCorrection of(List<String> labels, Map<String, Double> training, Map<String, Double> deployment) {
        if (!deployment.keySet().equals(new java.util.HashSet<>(labels))) {
            throw new IllegalArgumentException(ClassifyOptions.PRIORS.key() + " names " + deployment.keySet()
                    + " but the head's labels are " + labels + "; give a share for each of them");
        }
        double[] factors = new double[labels.size()];
        for (int c = 0; c < factors.length; c++) {
            Double trained = training.get(labels.get(c));
            if (trained == null || !(trained > 0)) {
                throw new IllegalArgumentException("the head's training class mix " + training + " has no share for label '"
                        + labels.get(c) + "'");
            }
            factors[c] = deployment.get(labels.get(c)) / trained;
        }
        return new PriorCorrection(factors);
    }

    /** The corrected classification of probabilities in label order. */
    public Classification apply(List<String> labels, float[] probabilities) {
        if (factors == null) {
            return Classification.ofProbabilities(labels, probabilities);
        }
        float[] corrected = new float[probabilities.length];
        double sum = 0;
        for (int c = 0; c < corrected.length; c++) {
            sum += probabilities[c] * factors[c];
        }
        for (int c = 0; c < corrected.length; c++) {
            corrected[c] = (float) (probabilities[c] * factors[c] / sum);
        }
        return Classification.ofProbabilities(labels, corrected);
    }
}
