package io.llmstream.core.keywords;

import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The keywords task's settings as Flink {@link ConfigOption}s, with their defaults and
 * descriptions; {@link #settings} reads and validates them. Only this class of the package
 * touches Flink, so the rest runs without it.
 */
public final class KeywordOptions {

    public static final ConfigOption<Integer> TOP_K = ConfigOptions.key("keywords.top-k")
            .intType()
            .defaultValue(5)
            .withDescription("Keywords per text at most (1.." + KeywordSettings.MAX_TOP_K + ").");

    public static final ConfigOption<Double> DIVERSITY = ConfigOptions.key("keywords.diversity")
            .doubleType()
            .defaultValue(0.5)
            .withDescription("Weight of novelty against closeness to the whole text when picking keywords (0..1):"
                    + " 0 takes the k candidates closest to the text, higher values skip candidates that resemble"
                    + " keywords already picked.");

    public static final ConfigOption<Integer> MAX_NGRAM = ConfigOptions.key("keywords.max-ngram")
            .intType()
            .defaultValue(3)
            .withDescription("Words in a keyword at most, for space-separated scripts (1.." + KeywordSettings.MAX_NGRAM
                    + "). Chinese keywords are 2 to 4 characters whatever this says.");

    public static final ConfigOption<Integer> MAX_CANDIDATES = ConfigOptions.key("keywords.max-candidates")
            .intType()
            .defaultValue(100)
            .withDescription("Candidate words and phrases embedded per text at most, the most frequent first, then the"
                    + " earliest (keywords.top-k.." + KeywordSettings.MAX_CANDIDATES + "). Each candidate is one more"
                    + " short text for the model.");

    public static final ConfigOption<Integer> MAX_INPUT_CHARS = ConfigOptions.key("keywords.max-input-chars")
            .intType()
            .defaultValue(50_000)
            .withDescription("Characters of a text, from its start, that keyword candidates are taken from ("
                    + KeywordSettings.MIN_INPUT_CHARS + ".." + KeywordSettings.MAX_INPUT_CHARS + "); bounds the memory"
                    + " and time spent on a very long text. The document vector still covers the whole text.");

    private KeywordOptions() {}

    /** Every option of the keywords task. */
    public static List<ConfigOption<?>> all() {
        return List.of(TOP_K, DIVERSITY, MAX_NGRAM, MAX_CANDIDATES, MAX_INPUT_CHARS);
    }

    /**
     * The keywords settings in {@code conf}, defaults for those it lacks.
     *
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public static KeywordSettings settings(ReadableConfig conf) {
        return KeywordSettings.builder()
                .setTopK(conf.get(TOP_K))
                .setDiversity(conf.get(DIVERSITY))
                .setMaxNgram(conf.get(MAX_NGRAM))
                .setMaxCandidates(conf.get(MAX_CANDIDATES))
                .setMaxInputChars(conf.get(MAX_INPUT_CHARS))
                .build();
    }
}
