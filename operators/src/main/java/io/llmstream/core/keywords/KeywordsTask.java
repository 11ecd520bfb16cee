package io.llmstream.core.keywords;

import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.task.EnrichmentTask;
import io.llmstream.core.task.ResultField;
import io.llmstream.core.task.ScoredText;
import io.llmstream.core.task.TaskContext;
import io.llmstream.core.task.TaskRunner;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;

/**
 * {@code keywords}: the k words or phrases of the text closest to its vector, picked with a
 * diversity penalty, in the result's {@code keywords} as a list of {@code {text, score}}. The
 * candidates are embedded with the pipeline's own model, through its batching service.
 */
public final class KeywordsTask implements EnrichmentTask<KeywordSettings> {
    private static final long serialVersionUID = 1L;

    public static final String NAME = "keywords";

    public static final ResultField<List<ScoredText>> KEYWORDS = ResultField.scoredTexts("keywords", "keywords", true);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ConfigOption<?>> options() {
        return KeywordOptions.all();
    }

    @Override
    public List<ResultField<?>> resultFields() {
        return List.of(KEYWORDS);
    }

    @Override
    public KeywordSettings configure(ReadableConfig conf, EngineConfig engine) {
        return KeywordOptions.settings(conf);
    }

    @Override
    public TaskRunner open(KeywordSettings config, TaskContext context) {
        return new DocumentKeywords(new KeywordExtractor(config), context.embedder(), context.metrics());
    }
}
