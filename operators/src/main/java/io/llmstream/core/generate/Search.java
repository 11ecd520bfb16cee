package io.llmstream.core.generate;

import ai.onnxruntime.OrtException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Greedy and beam search over a {@link Decoding}. Rows that finish leave the batch at once, so
 * they cost nothing further and what remains is computed exactly as it would be alone.
 *
 * <p>Beam search keeps {@code beams} hypotheses per prompt and stops a prompt as soon as
 * {@code beams} hypotheses have ended (Hugging Face's {@code early_stopping=True}); the winner
 * has the highest summed log-probability divided by its length to the power of the length
 * penalty. As in Hugging Face, an ending token counts only among the best {@code beams}
 * candidates of a step; with one beam this makes beam search pick exactly what greedy picks.
 */
final class Search {
    private final Set<Long> eos;
    private final Set<Long> stopIds;
    private final List<String> stopStrings;
    private final int maxNewTokens;
    private final PromptTokenizer tokenizer;

    Search(Set<Long> eos, Set<Long> stopIds, List<String> stopStrings, int maxNewTokens, PromptTokenizer tokenizer) {
        this.eos = eos;
        this.stopIds = stopIds;
        this.stopStrings = stopStrings;
        this.maxNewTokens = maxNewTokens;
        this.tokenizer = tokenizer;
    }

    List<Generation> greedy(Decoding d, List<Prompt> prompts) throws OrtException {
        Generation[] out = new Generation[prompts.size()];
        Hypothesis[] running = new Hypothesis[prompts.size()];
        Arrays.fill(running, Hypothesis.EMPTY);
        int[] itemOfRow = range(prompts.size());
        while (true) {
            List<Integer> keep = new ArrayList<>();
            long[] next = new long[d.rows()];
            for (int r = 0; r < d.rows(); r++) {
                int item = itemOfRow[r];
                long token = argmax(d.logits(r));
                Hypothesis h = extend(running[item], token, 0);
                if (h.reason == null && h.tokens.length == maxNewTokens) {
                    h = h.end(StopReason.MAX_TOKENS);
                }
                if (h.reason != null) {
                    out[item] = result(h, prompts.get(item));
                } else {
                    running[item] = h;
                    next[keep.size()] = token;
                    keep.add(r);
                }
            }
            if (keep.isEmpty()) {
                return List.of(out);
            }
            if (keep.size() < d.rows()) {
                int[] rows = keep.stream().mapToInt(Integer::intValue).toArray();
                int[] previous = itemOfRow;
                itemOfRow = Arrays.stream(rows).map(r -> previous[r]).toArray();
                d.keep(rows);
            }
            d.append(Arrays.copyOf(next, keep.size()));
        }
    }

    List<Generation> beam(Decoding d, List<Prompt> prompts, int beams, double lengthPenalty) throws OrtException {
        int items = prompts.size();
        Generation[] out = new Generation[items];
        List<List<Hypothesis>> running = new ArrayList<>();
        List<List<Hypothesis>> ended = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            running.add(List.of(Hypothesis.EMPTY));
            ended.add(new ArrayList<>());
        }
        List<Integer> live = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            live.add(i);
        }
        // enough candidates that ending tokens cannot crowd out the beams that go on
        int candidates = beams + eos.size() + stopIds.size();
        while (true) {
            List<Integer> sourceRows = new ArrayList<>();
            List<Long> tokens = new ArrayList<>();
            List<Integer> stillLive = new ArrayList<>();
            int firstRow = 0;
            for (int item : live) {
                List<Hypothesis> beamsOfItem = running.get(item);
                Candidate[] best = top(d, firstRow, beamsOfItem, candidates);
                List<Hypothesis> next = new ArrayList<>();
                for (int rank = 0; rank < best.length && best[rank] != null && next.size() < beams; rank++) {
                    Candidate c = best[rank];
                    Hypothesis h = extend(beamsOfItem.get(c.beam), c.token, c.score);
                    if (h.reason != null) {
                        if (rank < beams) {
                            ended.get(item).add(h);
                        }
                    } else {
                        next.add(h);
                        sourceRows.add(firstRow + c.beam);
                        tokens.add(c.token);
                    }
                }
                firstRow += beamsOfItem.size();
                boolean full = !next.isEmpty() && next.get(0).tokens.length == maxNewTokens;
                if (ended.get(item).size() >= beams || next.isEmpty() || full) {
                    if (ended.get(item).size() < beams) {
                        next.forEach(h -> ended.get(item).add(h.end(StopReason.MAX_TOKENS)));
                    }
                    out[item] = result(best(ended.get(item), lengthPenalty), prompts.get(item));
                    int drop = next.size();
                    sourceRows.subList(sourceRows.size() - drop, sourceRows.size()).clear();
                    tokens.subList(tokens.size() - drop, tokens.size()).clear();
                } else {
                    running.set(item, next);
                    stillLive.add(item);
                }
            }
            if (stillLive.isEmpty()) {
                return List.of(out);
            }
            live = stillLive;
            d.keep(sourceRows.stream().mapToInt(Integer::intValue).toArray());
            d.append(tokens.stream().mapToLong(Long::longValue).toArray());
        }
    }

    /**
     * The best {@code count} (beam, token) pairs by summed log-probability over the rows of one
     * prompt; ties go to the lower beam, then the lower token id, as greedy's argmax does.
     */
    private static Candidate[] top(Decoding d, int firstRow, List<Hypothesis> beams, int count) {
        Candidate[] best = new Candidate[count];
        for (int b = 0; b < beams.size(); b++) {
            float[] logits = d.logits(firstRow + b);
            double max = Double.NEGATIVE_INFINITY;
            for (float l : logits) {
                max = Math.max(max, l);
            }
            double sum = 0;
            for (float l : logits) {
                sum += Math.exp(l - max);
            }
            double base = beams.get(b).score - max - Math.log(sum);
            for (int v = 0; v < logits.length; v++) {
                double score = base + logits[v];
                if (best[count - 1] != null && score <= best[count - 1].score) {
                    continue;
                }
                int at = count - 1;
                while (at > 0 && (best[at - 1] == null || score > best[at - 1].score)) {
                    best[at] = best[at - 1];
                    at--;
                }
                best[at] = new Candidate(b, v, score);
            }
        }
        return best;
    }

    private static Hypothesis best(List<Hypothesis> ended, double lengthPenalty) {
        Hypothesis best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Hypothesis h : ended) {
            double normalised = h.score / Math.pow(Math.max(1, h.steps()), lengthPenalty);
            if (best == null || normalised > bestScore) {
                best = h;
                bestScore = normalised;
            }
        }
        return best;
    }

    /** {@code h} followed by {@code token}: ended when the token or the text now says so. */
    private Hypothesis extend(Hypothesis h, long token, double score) {
        if (eos.contains(token)) {
            return new Hypothesis(h.tokens, score, StopReason.EOS, null, true);
        }
        if (stopIds.contains(token)) {
            return new Hypothesis(h.tokens, score, StopReason.STOP, null, true);
        }
        long[] tokens = Tensors.append(h.tokens, token);
        if (!stopStrings.isEmpty()) {
            String text = tokenizer.decode(tokens);
            int cut = -1;
            for (String s : stopStrings) {
                int at = text.indexOf(s);
                if (at >= 0 && (cut < 0 || at < cut)) {
                    cut = at;
                }
            }
            if (cut >= 0) {
                return new Hypothesis(tokens, score, StopReason.STOP, text.substring(0, cut), false);
            }
        }
        return new Hypothesis(tokens, score, null, null, false);
    }

    private Generation result(Hypothesis h, Prompt prompt) {
        String text = h.text != null ? h.text : tokenizer.decode(h.tokens);
        return new Generation(text, h.tokens, h.reason, prompt);
    }

    private static long argmax(float[] logits) {
        int best = 0;
        for (int v = 1; v < logits.length; v++) {
            if (logits[v] > logits[best]) {
                best = v;
            }
        }
        return best;
    }

    private static int[] range(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    private static final class Candidate {
        final int beam;
        final long token;
        final double score;

        Candidate(int beam, long token, double score) {
            this.beam = beam;
            this.token = token;
            this.score = score;
        }
    }

    /** Generated tokens with their summed log-probability; ended once it has a reason. */
    private static final class Hypothesis {
        static final Hypothesis EMPTY = new Hypothesis(new long[0], 0, null, null, false);

        final long[] tokens;
        final double score;
        final StopReason reason;
        final String text;
        final boolean endedByToken;

        Hypothesis(long[] tokens, double score, StopReason reason, String text, boolean endedByToken) {
            this.tokens = tokens;
            this.score = score;
            this.reason = reason;
            this.text = text;
            this.endedByToken = endedByToken;
        }

        Hypothesis end(StopReason why) {
            return new Hypothesis(tokens, score, why, text, endedByToken);
        }

        /** Tokens the model chose, the ending token included. */
        int steps() {
            return tokens.length + (endedByToken ? 1 : 0);
        }
    }
}
