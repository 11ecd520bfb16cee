package io.llmstream.bench;

import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.embed.ChunkingPolicy;
import io.llmstream.core.embed.EmbeddingModel;
import io.llmstream.core.embed.Vectors;
import io.llmstream.core.model.ModelSpec;
import io.llmstream.core.text.TokenizedText;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code llm-stream bench --compare ID}: how close two models' vectors are and how fast each runs,
 * on the same texts in one process. Each text is embedded alone by both models (one text per call,
 * so batching plays no part in the cosine); then each model's inference core is timed as
 * {@code bench}'s variant (a) times it, with the batching the pipeline would use for that model.
 */
final class ModelComparison {
    private final PrintStream out;

    ModelComparison(PrintStream out) {
        this.out = out;
    }

    /** What was measured, for the JSON report. */
    record Result(double meanCosine, double worstCosine, Measurement first, Measurement second) {}

    /**
     * @param engine the pipeline's model and its engine settings
     * @param other the model to compare with, run with the same engine settings
     */
    Result run(EngineConfig engine, ModelSpec other, List<String> texts, int repeat, ChunkingPolicy chunking,
            CoreTimer timer) throws Exception {
        EngineConfig otherEngine = new EngineConfig(other, engine.session(), engine.policy(), engine.workers(),
                engine.allowBatchDependentResults());
        double sum = 0;
        double worst = 1;
        long tokens = 0;
        try (EmbeddingModel a = EmbeddingModel.open(engine.model(), engine.session());
                EmbeddingModel b = EmbeddingModel.open(other, engine.session())) {
            for (String text : texts) {
                TokenizedText ta = a.tokenize(text);
                float[] va = a.embed(List.of(ta))[0];
                float[] vb = b.embed(List.of(b.tokenize(text)))[0];
                if (va.length != vb.length) {
                    throw new IllegalArgumentException("bench --compare: " + engine.model().id() + " gives " + va.length
                            + " dimensions, " + other.id() + " " + vb.length + "; compare models of one width");
                }
                double cosine = Vectors.cosine(va, vb);
                sum += cosine;
                worst = Math.min(worst, cosine);
                tokens += ta.length();
            }
        }
        double mean = sum / texts.size();
        out.printf("cosine %s vs %s, one text per call, %d texts: mean %.4f, worst %.4f%n", engine.model().id(), other.id(),
                texts.size(), mean, worst);
        Measurement first = timer.time(engine.model().id(), texts, tokens, repeat, engine, chunking);
        Measurement second = timer.time(other.id(), texts, tokens, repeat, otherEngine, chunking);
        return new Result(mean, worst, first, second);
    }

    /** Times one model's inference core on the texts ({@code bench}'s variant (a)). */
    interface CoreTimer {
        Measurement time(String name, List<String> texts, long tokens, int repeat, EngineConfig engine, ChunkingPolicy chunking)
                throws Exception;
    }
}
