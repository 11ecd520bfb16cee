package io.llmstream.search;

import io.llmstream.cli.Args;
import io.llmstream.cli.CommandOption;
import io.llmstream.core.store.HybridSettings;
import java.util.List;

/** The command-line options of lexical and hybrid ranking, shared by {@code search} and {@code eval-retrieval}. */
public final class HybridOptions {
    public static final List<CommandOption> OPTIONS = List.of(
            CommandOption.optional("candidates", "N", "chunks per ranking before hybrid fusion [default: "
                    + HybridSettings.DEFAULT_CANDIDATES + "]"),
            CommandOption.optional("rrf-k", "K", "hybrid: the constant k of weight / (k + rank) [default: "
                    + HybridSettings.DEFAULT_RRF_K + "]"),
            CommandOption.optional("dense-weight", "W", "hybrid: weight of the dense ranking [default: "
                    + HybridSettings.DEFAULT_DENSE_WEIGHT + "]"),
            CommandOption.optional("lexical-weight", "W", "hybrid: weight of the BM25 ranking [default: "
                    + HybridSettings.DEFAULT_LEXICAL_WEIGHT + "]"),
            CommandOption.optional("lexical-fields", "'FIELD[^BOOST] ...'", "the text fields BM25 searches: text (English,"
                    + " stemmed), text_cjk (CJK bigrams, unstemmed) [default: '" + HybridSettings.DEFAULT_LEXICAL_FIELDS + "']"));

    private HybridOptions() {}

    /**
     * The lexical and fusion settings {@code args} give over the defaults.
     *
     * @throws Args.UsageException naming the option that is wrong
     */
    public static HybridSettings from(Args args) {
        HybridSettings.Builder b = HybridSettings.builder()
                .setCandidates(args.intValue("candidates", HybridSettings.DEFAULT_CANDIDATES, 1))
                .setRrfK(args.intValue("rrf-k", HybridSettings.DEFAULT_RRF_K, 0))
                .setDenseWeight(weight(args, "dense-weight", HybridSettings.DEFAULT_DENSE_WEIGHT))
                .setLexicalWeight(weight(args, "lexical-weight", HybridSettings.DEFAULT_LEXICAL_WEIGHT));
        args.get("lexical-fields").ifPresent(b::setLexicalFields);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(args.command() + ": " + e.getMessage());
        }
    }

    private static double weight(Args args, String name, double defaultValue) {
        String v = args.get(name).orElse(null);
        if (v == null) {
            return defaultValue;
        }
        try {
            double w = Double.parseDouble(v.strip());
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new Args.UsageException(args.command() + ": --" + name + " = " + v + " is out of range; allowed: >= 0");
            }
            return w;
        } catch (NumberFormatException e) {
            throw new Args.UsageException(args.command() + ": --" + name + " = '" + v + "' is not a number");
        }
    }
}
