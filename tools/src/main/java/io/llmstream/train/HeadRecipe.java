package io.llmstream.train;

import io.llmstream.cli.Args;
import io.llmstream.core.classify.ClassifyOptions;
import io.llmstream.core.classify.LogisticRegression;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;

/**
 * How train-head and eval-classify train a head: the {@code classify.train.*} settings of the
 * pipeline spec, overridden by the command's own options ({@code --class-weights}, {@code
 * --lexical}, {@code --lexical-bigrams}, {@code --lexical-weighting}, {@code --l2}, {@code --lexical-l2}, {@code --epochs}).
 */
final class HeadRecipe {
    /** Hashed token-id rows of the lexical term: at least the 30,522 ids of the BERT vocabularies, so none share a row. */
    static final int LEXICAL_BUCKETS = 32_768;
    /** Hashed rows for pairs of neighbouring token ids: a prime, so the hash uses every bit of the pair. */
    static final int BIGRAM_BUCKETS = 262_139;

    private final boolean balanced;
    private final boolean lexical;
    private final boolean bigrams;
    private final boolean naiveBayes;
    private final double l2;
    private final double lexicalL2;
    private final int epochs;

    private HeadRecipe(boolean balanced, boolean lexical, boolean bigrams, boolean naiveBayes, double l2, double lexicalL2,
            int epochs) {
        this.balanced = balanced;
        this.lexical = lexical;
        this.bigrams = bigrams;
        this.naiveBayes = naiveBayes;
        this.l2 = l2;
        this.lexicalL2 = lexicalL2;
        this.epochs = epochs;
    }

    /** @throws Args.UsageException naming the option or setting whose value is not allowed */
    static HeadRecipe from(Args args, Map<String, String> settings) {
        String weights = value(args, "class-weights", settings, ClassifyOptions.TRAIN_CLASS_WEIGHTS);
        if (!weights.equals("none") && !weights.equals("balanced")) {
            throw new Args.UsageException("--class-weights = '" + weights + "' is not allowed; allowed: none, balanced");
        }
        boolean lexical = flag(args, "lexical", settings, ClassifyOptions.TRAIN_LEXICAL);
        boolean bigrams = flag(args, "lexical-bigrams", settings, ClassifyOptions.TRAIN_LEXICAL_BIGRAMS);
        if (bigrams && !lexical) {
            throw new Args.UsageException("--lexical-bigrams (" + ClassifyOptions.TRAIN_LEXICAL_BIGRAMS.key()
                    + ") = true needs --lexical (" + ClassifyOptions.TRAIN_LEXICAL.key() + ") = true");
        }
        String weighting = value(args, "lexical-weighting", settings, ClassifyOptions.TRAIN_LEXICAL_WEIGHTING);
        if (!weighting.equals("uniform") && !weighting.equals("naive-bayes")) {
            throw new Args.UsageException("--lexical-weighting (" + ClassifyOptions.TRAIN_LEXICAL_WEIGHTING.key() + ") = '"
                    + weighting + "' is not allowed; allowed: uniform, naive-bayes");
        }
        double epochs = number(args, "epochs", settings, ClassifyOptions.TRAIN_EPOCHS);
        if (epochs < 1 || epochs != Math.rint(epochs)) {
            throw new Args.UsageException("--epochs (" + ClassifyOptions.TRAIN_EPOCHS.key() + ") = " + epochs
                    + " is out of range; allowed: a whole number >= 1");
        }
        return new HeadRecipe(weights.equals("balanced"), lexical, bigrams, weighting.equals("naive-bayes"),
                number(args, "l2", settings, ClassifyOptions.TRAIN_L2),
                number(args, "lexical-l2", settings, ClassifyOptions.TRAIN_LEXICAL_L2), (int) epochs);
    }

    private static boolean flag(Args args, String option, Map<String, String> settings, ConfigOption<Boolean> setting) {
        String v = value(args, option, settings, setting);
        if (!v.equals("true") && !v.equals("false")) {
            throw new Args.UsageException("--" + option + " (" + setting.key() + ") = '" + v
                    + "' is not allowed; allowed: true, false");
        }
        return v.equals("true");
    }

    private static String value(Args args, String option, Map<String, String> settings, ConfigOption<?> setting) {
        return args.get(option).or(() -> java.util.Optional.ofNullable(settings.get(setting.key())))
                .orElse(String.valueOf(setting.defaultValue())).trim().toLowerCase(java.util.Locale.ROOT);
    }

    private static double number(Args args, String option, Map<String, String> settings, ConfigOption<?> setting) {
        String v = value(args, option, settings, setting);
        try {
            double d = Double.parseDouble(v);
            if (!(d >= 0)) {
                throw new Args.UsageException("--" + option + " = " + v + " is out of range; allowed: >= 0");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new Args.UsageException("--" + option + " (" + setting.key() + ") = '" + v + "' is not a number");
        }
    }

    LogisticRegression.Training training(int classes) {
        return new LogisticRegression.Training(classes).l2(l2).lexicalL2(lexicalL2).epochs(epochs).balanced(balanced)
                .lexicalBuckets(lexical ? LEXICAL_BUCKETS : 0).lexicalBigramBuckets(bigrams ? BIGRAM_BUCKETS : 0)
                .lexicalNaiveBayes(naiveBayes);
    }

    boolean lexical() {
        return lexical;
    }

    boolean balanced() {
        return balanced;
    }

    double l2() {
        return l2;
    }

    double lexicalL2() {
        return lexicalL2;
    }

    int epochs() {
        return epochs;
    }

    /** Whether the lexical term has more than hashed unigrams: bigrams or Naive Bayes weighting. */
    boolean lexicalExtras() {
        return bigrams || naiveBayes;
    }

    @Override
    public String toString() {
        return (balanced ? "balanced" : "unweighted") + (lexical ? String.format(", lexical%s%s (l2 %g)", bigrams ? " with bigrams" : "",
                naiveBayes ? ", Naive Bayes weighted" : "", lexicalL2) : "")
                + String.format(", l2 %g, %d epochs", l2, epochs);
    }
}
