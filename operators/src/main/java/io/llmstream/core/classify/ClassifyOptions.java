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

    public static final ConfigOption<String> PRIORS = ConfigOptions.key("classify.priors")
            .stringType()
            .defaultValue("")
            .withDescription("The class mix a deployment expects, as label:share pairs (e.g. spam:0.5,ham:0.5; shares are"
                    + " normalised): a head's scores are corrected from the mix it was trained on (recorded by train-head)"
                    + " to this one (classify.mode = head). Empty: the training mix is kept.");

    public static final ConfigOption<String> TRAIN_CLASS_WEIGHTS = ConfigOptions.key("classify.train.class-weights")
            .stringType()
            .defaultValue("none")
            .withDescription("How train-head weights each label's examples: 'none' (the training mix is the prior) or"
                    + " 'balanced' (every label counts the same, whatever its share of the training data).");

    public static final ConfigOption<Boolean> TRAIN_LEXICAL = ConfigOptions.key("classify.train.lexical")
            .booleanType()
            .defaultValue(false)
            .withDescription("Whether train-head adds a lexical term to the head: a learnt weight per token id of the"
                    + " text, trained jointly with the vector weights and stored in the same ONNX file.");

    public static final ConfigOption<Boolean> TRAIN_LEXICAL_BIGRAMS = ConfigOptions.key("classify.train.lexical-bigrams")
            .booleanType()
            .defaultValue(false)
            .withDescription("With classify.train.lexical: whether the lexical term also learns a weight per pair of"
                    + " neighbouring token ids (hashed), next to the one per token id.");

    public static final ConfigOption<String> TRAIN_LEXICAL_WEIGHTING = ConfigOptions.key("classify.train.lexical-weighting")
            .stringType()
            .defaultValue("uniform")
            .withDescription("With classify.train.lexical: how the lexical term's rows are weighed while training:"
                    + " 'uniform' (every token id alike) or 'naive-bayes' (each token id's feature scaled by how well its"
                    + " presence separates the labels in the training data, as in NBSVM; the scale is folded into the"
                    + " exported weights, so the head runs as before).");

    public static final ConfigOption<Double> TRAIN_L2 = ConfigOptions.key("classify.train.l2")
            .doubleType()
            .defaultValue(1e-3)
            .withDescription("train-head's L2 penalty on the head's (standardised) vector weights.");

    public static final ConfigOption<Double> TRAIN_LEXICAL_L2 = ConfigOptions.key("classify.train.lexical-l2")
            .doubleType()
            .defaultValue(1e-3)
            .withDescription("train-head's L2 penalty on the lexical term's weights.");

    public static final ConfigOption<Integer> TRAIN_EPOCHS = ConfigOptions.key("classify.train.epochs")
            .intType()
            .defaultValue(300)
            .withDescription("train-head's passes over the training data.");

    /** All of them, in the order help lists them. */
    static final List<ConfigOption<?>> ALL = List.of(MODE, HEAD, PRIORS, MODEL, THRESHOLD, MAX_TOKENS, TEMPERATURE,
            TRAIN_CLASS_WEIGHTS, TRAIN_LEXICAL, TRAIN_LEXICAL_BIGRAMS, TRAIN_LEXICAL_WEIGHTING, TRAIN_L2, TRAIN_LEXICAL_L2, TRAIN_EPOCHS);

    private ClassifyOptions() {}
}
