package io.llmstream.core.classify;

import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.model.ModelSource;
import io.llmstream.core.task.Document;
import io.llmstream.core.task.EnrichmentTask;
import io.llmstream.core.task.ResultField;
import io.llmstream.core.task.TaskContext;
import io.llmstream.core.task.TaskMetrics;
import io.llmstream.core.task.TaskOptions;
import io.llmstream.core.task.TaskOutput;
import io.llmstream.core.task.TaskRunner;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;

/**
 * {@code classify}: labels from the document vector (zero-shot label descriptions, a trained head)
 * or from the text (a fine-tuned classifier): the best label, every label's score, and the
 * selected labels.
 */
public final class ClassifyTask implements EnrichmentTask<ClassifySettings> {
    private static final long serialVersionUID = 1L;

    public static final String NAME = "classify";

    public static final ResultField<String> LABEL = ResultField.string("label", "label", true);
    public static final ResultField<Map<String, Float>> LABELS = ResultField.scores("labels", "labels", true);
    public static final ResultField<List<String>> SELECTED_LABELS = ResultField.strings("selected_labels", "selectedLabels", true);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ConfigOption<?>> options() {
        return ClassifyOptions.ALL;
    }

    @Override
    public List<String> optionPrefixes() {
        return List.of(ClassifyOptions.LABELS_PREFIX);
    }

    @Override
    public String describePrefix(String prefix) {
        if (!prefix.equals(ClassifyOptions.LABELS_PREFIX)) {
            return EnrichmentTask.super.describePrefix(prefix);
        }
        return "Zero-shot labels (classify.labels.<label>): each label's description, embedded with the model; two or more.";
    }

    @Override
    public List<ResultField<?>> resultFields() {
        return List.of(LABEL, LABELS, SELECTED_LABELS);
    }

    @Override
    public ClassifySettings configure(ReadableConfig c, EngineConfig engine) {
        switch (TaskOptions.enumValue(c, ClassifyOptions.MODE, ClassifySettings.Mode.class)) {
            case HEAD:
                return ClassifySettings.head(ModelSource.parse(ClassifyOptions.HEAD.key(),
                        TaskOptions.required(c, ClassifyOptions.HEAD, "classify.mode = head")),
                        PriorCorrection.parse(ClassifyOptions.PRIORS.key(), c.get(ClassifyOptions.PRIORS)));
            case MODEL:
                return ClassifySettings.model(SequenceClassifierSpec.fromDirectory(ClassifyOptions.MODEL.key(),
                        Path.of(TaskOptions.required(c, ClassifyOptions.MODEL, "classify.mode = model")),
                        TaskOptions.atLeast(c, ClassifyOptions.MAX_TOKENS, 0), c.get(ClassifyOptions.THRESHOLD)));
            default:
                return ClassifySettings.zeroShot(zeroShotLabels(c));
        }
    }

    /** The {@code classify.labels.<label>} descriptions and the temperature, validated. */
    public static ZeroShotLabels zeroShotLabels(ReadableConfig c) {
        Map<String, String> descriptions = new LinkedHashMap<>();
        c.toMap().forEach((k, v) -> {
            if (k.startsWith(ClassifyOptions.LABELS_PREFIX)) {
                descriptions.put(k.substring(ClassifyOptions.LABELS_PREFIX.length()), v);
            }
        });
        return new ZeroShotLabels(descriptions, c.get(ClassifyOptions.TEMPERATURE));
    }

    @Override
    public TaskRunner open(ClassifySettings config, TaskContext context) {
        return new Labelling(config.open(context.engine(), context.embedder()::embedNow, context.metrics()), context.metrics());
    }

    /** Classifies each document once its vector is there. */
    private static final class Labelling implements TaskRunner {
        private final TextClassifier classifier;
        private final TaskMetrics metrics;

        Labelling(TextClassifier classifier, TaskMetrics metrics) {
            this.classifier = classifier;
            this.metrics = metrics;
        }

        @Override
        public CompletableFuture<TaskOutput> apply(Document document) {
            return document.embedding().thenCompose(embedding -> {
                long t0 = System.nanoTime();
                return classifier.classifyDocument(document.text(), embedding).thenApply(labels -> {
                    metrics.postprocessed(System.nanoTime() - t0);
                    return output(labels);
                });
            });
        }

        private static TaskOutput output(Classification labels) {
            return result -> {
                if (labels.best() != null) {
                    result.put(LABEL, labels.best());
                }
                result.put(LABELS, labels.scores());
                result.put(SELECTED_LABELS, labels.selected());
            };
        }

        @Override
        public void flush() {
            classifier.flush();
        }

        @Override
        public void close() {
            classifier.close();
        }
    }
}
