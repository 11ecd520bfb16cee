package io.llmstream.core.classify;

import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.model.ModelSource;
import io.llmstream.core.task.TaskMetrics;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;
import org.apache.flink.configuration.description.TextElement;

/**
 * Serializable choice of how the classify task labels texts: zero-shot label descriptions, a
 * trained head on the document vector, or a fine-tuned classification model. {@link #open} builds
 * the classifier where it runs.
 */
public final class ClassifySettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The three ways of classifying; each prints as its setting value. */
    public enum Mode implements DescribedEnum {
        ZERO_SHOT("zero-shot", "label descriptions (classify.labels.<label>) embedded with the model"),
        HEAD("head", "a head trained with train-head (classify.head)"),
        MODEL("model", "a fine-tuned classification model in the Hugging Face export layout (classify.model)");

        private final String key;
        private final String description;

        Mode(String key, String description) {
            this.key = key;
            this.description = description;
        }

        public String key() {
            return key;
        }

        @Override
        public InlineElement getDescription() {
            return TextElement.text(description);
        }

        @Override
        public String toString() {
            return key;
        }
    }

    private final Mode mode;
    private final ZeroShotLabels labels;
    private final ModelSource head;
    private final SequenceClassifierSpec model;
    private final LinkedHashMap<String, Double> priors;

    private ClassifySettings(Mode mode, ZeroShotLabels labels, ModelSource head, SequenceClassifierSpec model,
            Map<String, Double> priors) {
        this.mode = mode;
        this.labels = labels;
        this.head = head;
        this.model = model;
        this.priors = new LinkedHashMap<>(priors);
    }

    public static ClassifySettings zeroShot(ZeroShotLabels labels) {
        return new ClassifySettings(Mode.ZERO_SHOT, Objects.requireNonNull(labels), null, null, Map.of());
    }

    public static ClassifySettings head(ModelSource head) {
        return head(head, Map.of());
    }

    /** A trained head whose scores are corrected to the class mix {@code priors} (label to share; empty: none). */
    public static ClassifySettings head(ModelSource head, Map<String, Double> priors) {
        return new ClassifySettings(Mode.HEAD, null, Objects.requireNonNull(head), null, priors);
    }

    public static ClassifySettings model(SequenceClassifierSpec model) {
        return new ClassifySettings(Mode.MODEL, null, null, Objects.requireNonNull(model), Map.of());
    }

    public Mode mode() {
        return mode;
    }

    /** Zero-shot labels; {@code null} in the other modes. */
    public ZeroShotLabels labels() {
        return labels;
    }

    /** The fine-tuned model; {@code null} in the other modes. */
    public SequenceClassifierSpec model() {
        return model;
    }

    /**
     * Builds the classifier.
     *
     * @param engine the pipeline's embed stage: its model id is checked against a head's, its
     *     device, batching and workers run a fine-tuned model
     * @param embed embeds a label description with the pipeline's model (zero-shot only)
     * @param metrics where a fine-tuned model reports its tokenizing and model calls
     */
    public TextClassifier open(EngineConfig engine, Function<String, float[]> embed, TaskMetrics metrics) {
        switch (mode) {
            case HEAD:
                return ClassifierHead.load("classify.head", head, engine.model().id(), priors);
            case MODEL:
                return new SequenceClassifier(model, engine, metrics);
            default:
                List<String> names = new ArrayList<>(labels.descriptions().keySet());
                List<float[]> vectors = new ArrayList<>(names.size());
                names.forEach(name -> vectors.add(embed.apply(labels.descriptions().get(name))));
                return new ZeroShotClassifier(names, vectors, labels.temperature());
        }
    }
}
