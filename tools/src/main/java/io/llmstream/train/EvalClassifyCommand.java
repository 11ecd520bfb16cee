package io.llmstream.train;

import io.llmstream.core.text.TextOptions;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmstream.cli.Args;
import io.llmstream.cli.CommandOption;
import io.llmstream.core.classify.ClassifyOptions;
import io.llmstream.core.classify.PriorCorrection;
import io.llmstream.core.classify.ZeroShotClassifier;
import io.llmstream.core.classify.ZeroShotLabels;
import io.llmstream.job.JobOptions;
import io.llmstream.job.JobSettings;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code llm-stream eval-classify}: accuracy of zero-shot labels and of a trained head (k-fold
 * cross-validation) on a labelled JSONL corpus, for each text preprocessing asked for, next to
 * the majority-label floor; prints a table and writes JSON and a PNG bar chart. With a held-out
 * split ({@code --train-groups}/{@code --test-groups}/{@code --tail} over {@code --group-field},
 * or a separate {@code --test} file) it trains once and tests on texts from other sources
 * instead, next to a word Naive Bayes baseline, with Brier scores and a reliability plot.
 */
public final class EvalClassifyCommand {
    /** Eval-classify's own options; it also takes every pipeline setting (--model, --chunking, ...). */
    public static final List<CommandOption> OPTIONS = List.of(
            CommandOption.required("input", "FILE.jsonl", "labelled texts, {\"text\": ..., \"label\": ...} per line"),
            CommandOption.required("config", "PIPELINE.yaml", "a pipeline spec whose classify.labels describe every label"),
            CommandOption.optional("preprocess", "none,mail", "the text.preprocess variants to compare [default: none,mail]"),
            CommandOption.optional("text-field", "NAME", "the text's field [default: text]"),
            CommandOption.optional("label-field", "NAME", "the label's field [default: label]"),
            CommandOption.optional("folds", "K", "folds of the head's cross-validation [default: 5]"),
            CommandOption.optional("epochs", "N", "training epochs [default: 300]"),
            CommandOption.optional("l2", "X", "L2 regularisation [default: 0.001]"),
            CommandOption.optional("limit", "N", "use the first N texts (0: all) [default: 0]"),
            CommandOption.optional("json", "OUT", "write the table as JSON"),
            CommandOption.optional("plot", "OUT.png", "a bar chart of the accuracies"),
            CommandOption.optional("group-field", "NAME", "the field naming each text's source, for a split by group"),
            CommandOption.optional("train-groups", "A,B", "train on these groups (default: all but --test-groups)"),
            CommandOption.optional("test-groups", "C", "test on these groups, trained on the others"),
            CommandOption.optional("tail", "F", "also test on the last share F of each training group, in id order [default: 0]"),
            CommandOption.optional("test", "FILE.jsonl", "test on this labelled file, trained on all of --input"),
            CommandOption.optional("test-mix", "LABEL:SHARE,...", "also report accuracy at this class mix of the test set"),
            CommandOption.optional("priors", "LABEL:SHARE,...", "correct the head's scores to this class mix (classify.priors)"),
            CommandOption.optional("pooling", "tokens|mean|max|first|attention", "how the head pools a text's windows"
                    + " (attention: weights learnt with the head; held-out splits only) [default: tokens]"),
            CommandOption.optional("attention-l2", "X", "L2 of the attention weights of --pooling attention [default: 0.001]"),
            CommandOption.optional("class-weights", "none|balanced", "the head's class weights [default: classify.train.class-weights]"),
            CommandOption.optional("lexical", "true|false", "the head's lexical term [default: classify.train.lexical]"),
            CommandOption.optional("lexical-l2", "X", "L2 of the lexical term [default: classify.train.lexical-l2]"),
            CommandOption.optional("lexical-bigrams", "true|false", "the lexical term also over pairs of neighbouring"
                    + " token ids [default: classify.train.lexical-bigrams]"),
            CommandOption.optional("lexical-weighting", "uniform|naive-bayes", "weigh the lexical term's token ids"
                    + " alike or by their Naive Bayes log-count ratio [default: classify.train.lexical-weighting]"),
            CommandOption.optional("subject", "true|false", "also embed each mail's subject on its own and append its"
                    + " vector to the mail's (text.preprocess mail) [default: false]"),
            CommandOption.optional("reliability", "OUT.png", "a reliability plot of the held-out scores"),
            CommandOption.optional("errors", "OUT.jsonl", "write the held-out texts each preprocessing's head got wrong (preprocess, id, label, prediction, score)"),
            CommandOption.optional("cache-dir", "DIR", "keep embedded corpora here and reuse them [default: none]"));

    private final PrintStream out;

    public EvalClassifyCommand(PrintStream out) {
        this.out = out;
    }

    public int run(Args args) throws Exception {
        Path input = Path.of(args.get("input").orElseThrow(() -> new Args.UsageException("eval-classify: --input FILE.jsonl is required")));
        if (args.get("config").isEmpty()) {
            throw new Args.UsageException("eval-classify: --config PIPELINE.yaml is required: its classify.labels give the"
                    + " zero-shot descriptions, one per label of the corpus");
        }
        if (heldOut(args)) {
            return runHeldOut(args, input);
        }
        int folds = args.intValue("folds", 5, 2);
        int epochs = args.intValue("epochs", 300, 1);
        double l2 = TrainingSetup.doubleValue(args, "l2", 1e-3);
        List<String> variants = Arrays.asList(args.get("preprocess").orElse("none,mail").split(","));
        LabelledTexts data = LabelledTexts.read(input, args.get("text-field").orElse("text"),
                args.get("label-field").orElse("label"), args.intValue("limit", 0, 0));
        int[] foldOf = data.folds(folds, 42);
        ObjectNode report = new ObjectMapper().createObjectNode();
        report.put("input", input.getFileName().toString());
        report.put("texts", data.size());
        report.put("folds", folds);
        ArrayNode rows = report.putArray("results");
        AccuracyPlot plot = new AccuracyPlot("Accuracy on " + input.getFileName() + " (" + data.size() + " texts, "
                + folds + "-fold CV for the head)");
        out.printf("eval-classify: %d texts, labels %s with counts %s, %d folds%n", data.size(), data.labelNames(),
                Arrays.toString(data.counts()), folds);
        for (String variant : variants) {
            Map<String, String> settingsMap = TrainingSetup.settings(args);
            settingsMap.put(TextOptions.PREPROCESS.key(), variant.trim());
            JobSettings settings = TrainingSetup.job(settingsMap);
            ZeroShotLabels labels = zeroShotLabels(settingsMap, data.labelNames());
            report.put("model", settings.model().id());
            report.put("chunking", settings.chunking().mode().toString());
            List<String> texts = data.texts().stream().map(settings.preprocess()::apply).toList();
            CorpusEmbedder embedder = new CorpusEmbedder(settings.engine(), settings.chunking(), out);
            float[][] vectors = embedder.embed(texts, "preprocess " + variant.trim());
            List<String> descriptions = new ArrayList<>();
            data.labelNames().forEach(name -> descriptions.add(labels.descriptions().get(name)));
            float[][] labelVectors = embedder.embed(descriptions, "label descriptions");
            CrossValidation cv = new CrossValidation(vectors, data.labels(), data.labelNames().size());
            ClassifierScore majority = cv.majority();
            ClassifierScore zeroShot = cv.zeroShot(new ZeroShotClassifier(data.labelNames(), Arrays.asList(labelVectors),
                    labels.temperature()), data.labelNames());
            ClassifierScore head = cv.head(foldOf, folds, l2, epochs);
            String group = "preprocess " + variant.trim();
            row(rows, variant, "majority label", majority, data.labelNames());
            row(rows, variant, "zero-shot", zeroShot, data.labelNames());
            row(rows, variant, "trained head", head, data.labelNames());
            plot.bar(group, "majority label", majority.accuracy())
                    .bar(group, "zero-shot (" + settings.model().id() + ")", zeroShot.accuracy())
                    .bar(group, "trained head, " + folds + "-fold CV", head.accuracy());
            out.printf("%-16s %-15s accuracy %.4f  macro-F1 %.4f%n", group, "majority label", majority.accuracy(), majority.macroF1());
            out.printf("%-16s %-15s accuracy %.4f  macro-F1 %.4f%n", group, "zero-shot", zeroShot.accuracy(), zeroShot.macroF1());
            out.printf("%-16s %-15s accuracy %.4f  macro-F1 %.4f%n", group, "trained head", head.accuracy(), head.macroF1());
        }
        if (args.get("json").isPresent()) {
            Path json = Path.of(args.get("json").get());
            if (json.toAbsolutePath().getParent() != null) {
                Files.createDirectories(json.toAbsolutePath().getParent());
            }
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), report);
            out.println("wrote " + json);
        }
        if (args.get("plot").isPresent()) {
            plot.write(Path.of(args.get("plot").get()));
            out.println("wrote " + args.get("plot").get());
        }
        return 0;
    }

    private static boolean heldOut(Args args) {
        return args.get("test").isPresent() || args.get("train-groups").isPresent() || args.get("test-groups").isPresent()
                || args.get("tail").isPresent();
    }

    /** Train once on the training side of the split, test on the other, for each preprocessing asked for. */
    private int runHeldOut(Args args, Path input) throws Exception {
        String textField = args.get("text-field").orElse("text");
        String labelField = args.get("label-field").orElse("label");
        String groupField = args.get("group-field").orElse(null);
        int limit = args.intValue("limit", 0, 0);
        LabelledTexts all = LabelledTexts.read(input, textField, labelField, groupField, limit, null);
        LabelledTexts train;
        LabelledTexts test;
        String split;
        int[] trainIndices = null;
        int[] testIndices = null;
        if (args.get("test").isPresent()) {
            if (args.get("train-groups").isPresent() || args.get("test-groups").isPresent() || args.get("tail").isPresent()) {
                throw new Args.UsageException("eval-classify: --test FILE trains on all of --input; it does not go with"
                        + " --train-groups, --test-groups or --tail");
            }
            Path testFile = Path.of(args.get("test").get());
            train = all;
            test = LabelledTexts.read(testFile, textField, labelField, groupField, 0, all.labelNames());
            split = "train " + input.getFileName() + "; test " + testFile.getFileName();
        } else {
            if (groupField == null) {
                throw new Args.UsageException("eval-classify: --train-groups, --test-groups and --tail need --group-field NAME");
            }
            GroupSplit g = GroupSplit.of(all.groups(), all.ids(), names(args.get("train-groups")), names(args.get("test-groups")),
                    TrainingSetup.doubleValue(args, "tail", 0));
            trainIndices = g.train();
            testIndices = g.test();
            train = all.subset(trainIndices);
            test = all.subset(testIndices);
            split = g.description();
        }
        Map<String, Double> testShares = PriorCorrection.parse("--test-mix", args.get("test-mix").orElse(""));
        Map<String, Double> priors = PriorCorrection.parse("--priors", args.get("priors").orElse(""));
        Pooling pooling = Pooling.parse(args.get("pooling").orElse("tokens"));
        String subjectOption = args.get("subject").orElse("false").trim().toLowerCase(java.util.Locale.ROOT);
        if (!subjectOption.equals("true") && !subjectOption.equals("false")) {
            throw new Args.UsageException("--subject = '" + subjectOption + "' is not allowed; allowed: true, false");
        }
        boolean subject = subjectOption.equals("true");
        if (subject && pooling != Pooling.TOKENS) {
            throw new Args.UsageException("--subject appends the subject's vector to the pipeline's pooled vector;"
                    + " it does not go with --pooling " + pooling);
        }
        double attentionL2 = TrainingSetup.doubleValue(args, "attention-l2", 1e-3);
        if (args.get("attention-l2").isPresent() && pooling != Pooling.ATTENTION) {
            throw new Args.UsageException("--attention-l2 goes with --pooling attention only");
        }
        double[] testMix = HeldOutEvaluation.mix(testShares, test);
        ObjectNode report = new ObjectMapper().createObjectNode();
        report.put("input", input.getFileName().toString());
        report.put("split", split);
        report.put("trainTexts", train.size());
        report.put("testTexts", test.size());
        ArrayNode rows = report.putArray("results");
        out.printf("eval-classify: %s; %d training texts %s, %d test texts %s (labels %s)%n", split, train.size(),
                Arrays.toString(train.counts()), test.size(), Arrays.toString(test.counts()), train.labelNames());
        HeldOutEvaluation evaluation = new HeldOutEvaluation(train, test, out);
        for (String variant : args.get("preprocess").orElse("none,mail").split(",")) {
            Map<String, String> settingsMap = TrainingSetup.settings(args);
            settingsMap.put(TextOptions.PREPROCESS.key(), variant.trim());
            HeadRecipe recipe = HeadRecipe.from(args, settingsMap);
            if (pooling == Pooling.ATTENTION && recipe.lexicalExtras()) {
                throw new Args.UsageException("--pooling attention trains a lexical term over single token ids only;"
                        + " it does not go with --lexical-bigrams true or --lexical-weighting naive-bayes");
            }
            JobSettings settings = TrainingSetup.job(settingsMap);
            report.put("model", settings.model().id());
            List<String> trainTexts = train.texts().stream().map(settings.preprocess()::apply).toList();
            List<String> testTexts = test.texts().stream().map(settings.preprocess()::apply).toList();
            CorpusEmbedder embedder = new CorpusEmbedder(settings.engine(), settings.chunking(), out,
                    args.get("cache-dir").map(Path::of));
            List<String> allTexts = trainIndices == null ? null : all.texts().stream().map(settings.preprocess()::apply).toList();
            List<List<DocumentFeatures>> sides = sides(embedder, trainTexts, testTexts, allTexts, trainIndices, testIndices,
                    "preprocess " + variant.trim());
            List<DocumentFeatures> trainFeatures = sides.get(0);
            List<DocumentFeatures> testFeatures = sides.get(1);
            if (subject) {
                List<List<DocumentFeatures>> subjects = sides(embedder, subjects(trainTexts), subjects(testTexts),
                        allTexts == null ? null : subjects(allTexts), trainIndices, testIndices, "subjects");
                trainFeatures = SubjectFeatures.append(trainFeatures, subjects.get(0));
                testFeatures = SubjectFeatures.append(testFeatures, subjects.get(1));
            }
            String v = variant.trim();
            evaluation.report("preprocess " + v + ", majority label", evaluation.majority(), testMix, rows, v);
            evaluation.report("preprocess " + v + ", word Naive Bayes", evaluation.naiveBayes(trainTexts, testTexts), testMix,
                    rows, v);
            String head = "preprocess " + v + ", head (" + recipe + ", pooling " + pooling + (subject ? " + subject" : "")
                    + (priors.isEmpty() ? "" : ", priors " + args.get("priors").get()) + ")";
            ClassifierScore headScore = pooling == Pooling.ATTENTION
                    ? evaluation.attentionHead(v, trainFeatures, testFeatures, recipe, attentionL2, priors)
                    : evaluation.head(v, trainFeatures, testFeatures, pooling, recipe.training(train.labelNames().size()), priors);
            evaluation.report(head, headScore, testMix, rows, v);
        }
        if (args.get("json").isPresent()) {
            Path json = Path.of(args.get("json").get());
            if (json.toAbsolutePath().getParent() != null) {
                Files.createDirectories(json.toAbsolutePath().getParent());
            }
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), report);
            out.println("wrote " + json);
        }
        if (args.get("errors").isPresent()) {
            evaluation.writeHeadErrors(Path.of(args.get("errors").get()));
            out.println("wrote " + args.get("errors").get());
        }
        if (args.get("reliability").isPresent()) {
            ReliabilityPlot plot = new ReliabilityPlot("Reliability on " + split, train.labelNames(), minority(train));
            evaluation.scores().forEach(plot::series);
            plot.write(Path.of(args.get("reliability").get()));
            out.println("wrote " + args.get("reliability").get());
        }
        return 0;
    }

    /**
     * The features of the training and the test texts; in a split of one input ({@code allTexts} and
     * the indices given), the whole input is embedded (and cached) once, whatever the split.
     */
    private static List<List<DocumentFeatures>> sides(CorpusEmbedder embedder, List<String> trainTexts, List<String> testTexts,
            List<String> allTexts, int[] trainIndices, int[] testIndices, String what) throws Exception {
        if (allTexts == null) {
            return List.of(embedder.features(trainTexts, "training texts, " + what), embedder.features(testTexts, "test texts, " + what));
        }
        List<DocumentFeatures> all = embedder.features(allTexts, "texts, " + what);
        return List.of(Arrays.stream(trainIndices).mapToObj(all::get).toList(), Arrays.stream(testIndices).mapToObj(all::get).toList());
    }

    private static List<String> subjects(List<String> cleanedMails) {
        return cleanedMails.stream().map(SubjectFeatures::subject).toList();
    }

    private static int minority(LabelledTexts data) {
        int[] counts = data.counts();
        int least = 0;
        for (int c = 1; c < counts.length; c++) {
            least = counts[c] < counts[least] ? c : least;
        }
        return least;
    }

    private static Set<String> names(java.util.Optional<String> list) {
        Set<String> names = new LinkedHashSet<>();
        list.ifPresent(l -> Arrays.stream(l.split(",")).map(String::trim).filter(n -> !n.isEmpty()).forEach(names::add));
        return names;
    }

    private static ZeroShotLabels zeroShotLabels(Map<String, String> settings, List<String> names) {
        Map<String, String> descriptions = new java.util.LinkedHashMap<>();
        for (String name : names) {
            String d = settings.get(ClassifyOptions.LABELS_PREFIX + name);
            if (d == null) {
                throw new Args.UsageException("eval-classify: the corpus has label '" + name + "' but --config has no "
                        + ClassifyOptions.LABELS_PREFIX + name + " description; labels of the corpus: " + names);
            }
            descriptions.put(name, d);
        }
        String temperature = settings.get(ClassifyOptions.TEMPERATURE.key());
        return new ZeroShotLabels(descriptions, temperature == null ? ClassifyOptions.TEMPERATURE.defaultValue()
                : Double.parseDouble(temperature));
    }

    private static void row(ArrayNode rows, String variant, String classifier, ClassifierScore score, List<String> labels) {
        ObjectNode r = rows.addObject();
        r.put("preprocess", variant.trim());
        r.put("classifier", classifier);
        r.put("accuracy", score.accuracy());
        r.put("macroF1", score.macroF1());
        ObjectNode recall = r.putObject("recall");
        for (int c = 0; c < labels.size(); c++) {
            recall.put(labels.get(c), score.recall(c));
        }
    }
}
