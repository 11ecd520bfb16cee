package io.llmstream.core.classify;

import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The {@code classify.*} settings of the classify task. */
public final class ClassifyOptions {

    /** Prefix of the zero-shot labels: {@code classify.labels.<label> = <description to embed>}. */
    public static final String LABELS_PREFIX = "classify.labels.";

    public static final ConfigOption<ClassifySettings.Mode> MODE = ConfigOptions.key("classify.mode")
            .enumType(ClassifySettings.Mode.class)
            .defaultValue(ClassifySettings.Mode.ZERO_SHOT)
            .withDescription("How the classify task labels texts: 'zero-shot' (classify.labels.<label> descriptions),"
                    + " 'head' (a head trained with train-head, classify.head) or 'model' (a fine-tuned classification"
                    + " model in the Hugging Face export layout, classify.model).");

    public static final ConfigOption<String> HEAD = ConfigOptions.key("classify.head")
            .stringType()
            .noDefaultValue()
            .withDescription("Head written by train-head, as file:<path> (classify.mode = head).");

    public static final ConfigOption<String> MODEL = ConfigOptions.key("classify.model")
            .stringType()
            .noDefaultValue()
            .withDescription("Directory with model.onnx, tokenizer.json and config.json (id2label, problem_type) of a"
                    + " fine-tuned sequence-classification model (classify.mode = model).");

    public static final ConfigOption<Double> THRESHOLD = ConfigOptions.key("classify.threshold")
            .doubleType()
            .defaultValue(0.5)
            .withDescription("Score at which a multi-label model (problem_type multi_label_classification) selects a label.");

    public static final ConfigOption<Integer> MAX_TOKENS = ConfigOptions.key("classify.max-tokens")
            .intType()
            .defaultValue(0)
            .withDescription("Window of the classification model (0: max_position_embeddings of its config.json, at most 512).");

    public static final ConfigOption<Double> TEMPERATURE = ConfigOptions.key("classify.temperature")
            .doubleType()
            .defaultValue(0.05)
            .withDescription("Softmax temperature turning cosine similarities to the labels' descriptions into scores;"
                    + " labels themselves are set as classify.labels.<label> = <description>.");

    /** All of them, in the order help lists them. */
    static final List<ConfigOption<?>> ALL = List.of(MODE, HEAD, MODEL, THRESHOLD, MAX_TOKENS, TEMPERATURE);

    private ClassifyOptions() {}
}
