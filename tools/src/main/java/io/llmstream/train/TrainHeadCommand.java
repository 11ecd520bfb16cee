package io.llmstream.train;

import io.llmstream.cli.Args;
import io.llmstream.cli.CommandOption;
import io.llmstream.cli.LlmStream;
import io.llmstream.core.classify.ClassifierHead;
import io.llmstream.core.classify.LogisticRegression;
import io.llmstream.job.JobSettings;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code llm-stream train-head}: embeds labelled texts as the pipeline would, trains a
 * logistic-regression head on the document vectors (and, with {@code classify.train.lexical}, on
 * the texts' token ids), optionally reports its k-fold cross-validated accuracy, and writes it as
 * an ONNX file for {@code classify.mode = head}, with the class mix it was trained on.
 */
public final class TrainHeadCommand {
    /** Train-head's own options; it also takes every pipeline setting (--model, --preprocess, --chunking, ...). */
    public static final List<CommandOption> OPTIONS = List.of(
            CommandOption.required("input", "FILE.jsonl", "labelled texts, {\"text\": ..., \"label\": ...} per line"),
            CommandOption.required("output", "HEAD.onnx", "where to write the head"),
            CommandOption.optional("config", "PIPELINE.yaml", "embed as this pipeline spec does"),
            CommandOption.optional("text-field", "NAME", "the text's field [default: text]"),
            CommandOption.optional("label-field", "NAME", "the label's field [default: label]"),
            CommandOption.optional("folds", "K", "also report K-fold cross-validated accuracy (0: none) [default: 0]"),
            CommandOption.optional("epochs", "N", "training epochs [default: classify.train.epochs, 300]"),
            CommandOption.optional("l2", "X", "L2 regularisation [default: classify.train.l2, 0.001]"),
            CommandOption.optional("class-weights", "none|balanced", "weight labels equally whatever their share"
                    + " [default: classify.train.class-weights, none]"),
            CommandOption.optional("lexical", "true|false", "add a lexical term over the token ids"
                    + " [default: classify.train.lexical, false]"),
            CommandOption.optional("lexical-l2", "X", "L2 regularisation of the lexical term"
                    + " [default: classify.train.lexical-l2, 0.001]"),
            CommandOption.optional("lexical-bigrams", "true|false", "the lexical term also over pairs of neighbouring"
                    + " token ids [default: classify.train.lexical-bigrams, false]"),
            CommandOption.optional("lexical-weighting", "uniform|naive-bayes", "weigh the lexical term's token ids"
                    + " alike or by their Naive Bayes log-count ratio [default: classify.train.lexical-weighting, uniform]"),
            CommandOption.optional("cache-dir", "DIR", "keep embedded corpora here and reuse them [default: none]"),
            CommandOption.optional("limit", "N", "use the first N texts (0: all) [default: 0]"));

    private final PrintStream out;

    public TrainHeadCommand(PrintStream out) {
        this.out = out;
    }

    /** Trains on command-line arguments as {@code llm-stream train-head} takes them; returns the exit code. */
    public int run(String[] argv) throws Exception {
        return run(LlmStream.args("train-head", argv));
    }

    public int run(Args args) throws Exception {
        Path input = Path.of(args.get("input").orElseThrow(() -> new Args.UsageException("train-head: --input FILE.jsonl is required")));
        Path output = Path.of(args.get("output").orElseThrow(() -> new Args.UsageException("train-head: --output HEAD.onnx is required")));
        int folds = args.intValue("folds", 0, 0);
        if (folds == 1) {
            throw new Args.UsageException("train-head: --folds = 1 is out of range; allowed: 0 (no cross-validation) or >= 2");
        }
        long start = System.nanoTime();
        Map<String, String> settingsMap = TrainingSetup.settings(args);
        HeadRecipe recipe = HeadRecipe.from(args, settingsMap);
        JobSettings settings = TrainingSetup.job(settingsMap);
        LabelledTexts data = LabelledTexts.read(input, args.get("text-field").orElse("text"),
                args.get("label-field").orElse("label"), args.intValue("limit", 0, 0));
        out.printf("train-head: %d texts, labels %s with counts %s; model %s, chunking %s, preprocess %s; head: %s%n",
                data.size(), data.labelNames(), java.util.Arrays.toString(data.counts()), settings.model().id(),
                settings.chunking().mode().toString(), settings.preprocess().setting(), recipe);
        List<String> texts = data.texts().stream().map(settings.preprocess()::apply).toList();
        List<DocumentFeatures> features = new CorpusEmbedder(settings.engine(), settings.chunking(), out,
                args.get("cache-dir").map(Path::of)).features(texts, "embedding");
        float[][] vectors = features.stream().map(DocumentFeatures::vector).toArray(float[][]::new);
        long[][] ids = features.stream().map(DocumentFeatures::tokenIds).toArray(long[][]::new);
        LogisticRegression.Training training = recipe.training(data.labelNames().size());
        if (folds >= 2) {
            ClassifierScore cv = new CrossValidation(vectors, data.labels(), data.labelNames().size())
                    .head(data.folds(folds, 42), folds, ids, training);
            out.printf("%d-fold cross-validation: accuracy %.4f, macro-F1 %.4f%n", folds, cv.accuracy(), cv.macroF1());
        }
        LogisticRegression head = LogisticRegression.train(vectors, ids, data.labels(), training);
        ClassifierScore train = new ClassifierScore(data.labelNames().size());
        for (int i = 0; i < vectors.length; i++) {
            double[] logits = head.logits(vectors[i], ids[i]);
            int best = 0;
            for (int c = 1; c < logits.length; c++) {
                best = logits[c] > logits[best] ? c : best;
            }
            train.add(data.labels()[i], best);
        }
        if (output.toAbsolutePath().getParent() != null) {
            Files.createDirectories(output.toAbsolutePath().getParent());
        }
        Files.write(output, ClassifierHead.write(head, data.labelNames(), settings.model().id()));
        out.printf("training accuracy %.4f; head written to %s in %.0f s%n", train.accuracy(), output,
                (System.nanoTime() - start) / 1e9);
        out.printf("use it with: tasks = embed,classify, classify.mode = head, classify.head = file:%s, model = %s,"
                + " text.preprocess = %s, model.on-overflow = %s%n", output, settings.model().id(), settings.preprocess().setting(),
                settings.chunking().mode().toString());
        return 0;
    }
}
