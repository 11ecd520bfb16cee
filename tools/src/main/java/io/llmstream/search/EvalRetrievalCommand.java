package io.llmstream.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmstream.cli.Args;
import io.llmstream.cli.CommandOption;
import io.llmstream.core.embed.DocumentEmbedder;
import io.llmstream.core.embed.DocumentEmbedding;
import io.llmstream.core.embed.EmbedTask;
import io.llmstream.core.embed.TextChunk;
import io.llmstream.core.store.ChunkRow;
import io.llmstream.core.store.HybridSettings;
import io.llmstream.core.store.RankFusion;
import io.llmstream.core.store.Retriever;
import io.llmstream.core.store.SearchHit;
import io.llmstream.core.store.SearchMode;
import io.llmstream.core.store.SolrIndex;
import io.llmstream.core.store.VectorStoreSettings;
import io.llmstream.core.task.TaskMetrics;
import io.llmstream.job.JobOptions;
import io.llmstream.job.JobSettings;
import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code llm-stream eval-retrieval}: recall@1/5/10 of dense, lexical (BM25) and hybrid retrieval on
 * a labelled set built from real prose: the texts are cut into passages of a few consecutive
 * sentences; a passage's middle sentence is the query and the rest of the passage, indexed as a
 * document, its answer. The passages are embedded with the pipeline's model and indexed into a
 * local Solr node (started here) through the same rows the vector-store sink writes.
 *
 * <p>The queries are split by source: those of the 1st, 3rd, 5th... text of the input are the
 * development half, the others the test half (every passage stays in the index for both). The
 * lexical fields and the fusion's settings are tuned on the development half only
 * ({@link HybridTuning}); every ranking is reported on both halves, beside the untuned settings
 * of the fusion's paper and the settings given on the command line (the defaults when none are).
 */
public final class EvalRetrievalCommand {
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=\\S)|(?<=[。！？])\\s*(?=\\S)");
    private static final int[] CUTOFFS = {1, 5, 10};
    /** Chunks asked for per query: enough for ten distinct documents when passages are cut into chunks. */
    private static final int DEPTH = 30;
    /** The fusion's paper: k = 60, equal weights; 50 candidates and both text fields as the first measurement had them. */
    static final HybridSettings UNTUNED = HybridSettings.builder().setLexicalFields("text text_cjk").setCandidates(50).setRrfK(RankFusion.PAPER_K)
            .setDenseWeight(1).setLexicalWeight(1).build();

    public static final List<CommandOption> OPTIONS;

    static {
        List<CommandOption> options = new ArrayList<>(List.of(
                CommandOption.required("input", "FILE.jsonl", "texts of prose, {\"text\": ...} per line"),
                CommandOption.optional("text-field", "NAME", "the text's field [default: text]"),
                CommandOption.optional("passages", "N", "passages in the set, spread evenly over the texts [default: 1000]"),
                CommandOption.optional("sentences", "S", "sentences per passage, at least 3 [default: 5]"),
                CommandOption.optional("min-chars", "N", "shortest query sentence kept [default: 40]"),
                CommandOption.optional("dir", "DIR", "the local Solr node's home [default: a temporary directory]"),
                CommandOption.optional("json", "OUT", "write the recalls as JSON"),
                CommandOption.optional("plot", "OUT.png", "a bar chart of the recalls on the test half")));
        options.addAll(HybridOptions.OPTIONS);
        OPTIONS = List.copyOf(options);
    }

    private final PrintStream out;

    public EvalRetrievalCommand(PrintStream out) {
        this.out = out;
    }

    /** A query, the document that answers it, and the input line (text) it was cut from. */
    record Pair(String id, String query, String document, int source) {
        boolean dev() {
            return source % 2 == 0;
        }
    }

    /** One ranking measured on both halves. */
    private record Row(String ranking, String label, SearchMode mode, HybridSettings settings, double[] dev, double[] test) {}

    public int run(Args args) throws Exception {
        Path input = Path.of(args.get("input").orElseThrow(() -> new Args.UsageException("eval-retrieval: --input FILE.jsonl is required")));
        int sentences = args.intValue("sentences", 5, 3);
        HybridSettings configured = HybridOptions.from(args);
        List<Pair> pairs = pairs(input, args.get("text-field").orElse("text"), sentences, args.intValue("min-chars", 40, 1),
                args.intValue("passages", 1000, 10));
        List<Pair> dev = pairs.stream().filter(Pair::dev).toList();
        List<Pair> test = pairs.stream().filter(p -> !p.dev()).toList();
        Map<String, String> settingsMap = args.settingsOver(Map.of());
        settingsMap.put(JobOptions.TASKS.key(), EmbedTask.NAME);
        JobSettings settings = JobSettings.from(settingsMap);
        String model = settings.model().id();
        out.printf("eval-retrieval: %d query/passage pairs from %s (%d sentences a passage, the middle one the query), model %s;"
                + " %d dev queries (texts 1, 3, 5, ...), %d test queries (texts 2, 4, 6, ...)%n",
                pairs.size(), input.getFileName(), sentences, model, dev.size(), test.size());
        Path dir = args.get("dir").map(Path::of).orElse(Files.createTempDirectory("llm-stream-eval-retrieval"));
        ObjectNode report = new ObjectMapper().createObjectNode();
        try (DocumentEmbedder embedder = DocumentEmbedder.open(settings.engine(), settings.chunking(), TaskMetrics.NONE)) {
            List<List<ChunkRow>> documents = embed(embedder, pairs, model);
            int dimension = documents.get(0).get(0).vector().length;
            String core = "eval_" + model.replaceAll("[^A-Za-z0-9]", "_");
            try (LocalSolrServer solr = LocalSolrServer.start(dir, 0, Map.of(core, dimension))) {
                SolrIndex index = SolrIndex.open(VectorStoreSettings.solr(solr.url(), core, true));
                index.prepareFor(model, embedder.sha256(), dimension);
                for (int from = 0; from < documents.size(); from += 200) {
                    index.write(documents.subList(from, Math.min(documents.size(), from + 200)));
                }
                index.commit();
                long chunks = index.count();
                out.printf("indexed %d chunks of %d passages into Solr core %s%n", chunks, documents.size(), core);
                Map<String, float[]> queryVectors = new ConcurrentHashMap<>();
                Function<String, float[]> embedQuery = q -> queryVectors.computeIfAbsent(q, embedder::embedNow);

                HybridTuning tuning = new HybridTuning(index, embedQuery,
                        dev.stream().map(p -> new HybridTuning.Query(p.query(), p.id())).toList(), DEPTH);
                HybridTuning.Score lexicalBest = tuning.bestLexical();
                List<HybridTuning.Score> grid = tuning.hybridGrid();
                HybridSettings tuned = grid.get(0).settings();
                out.printf("tuned on %d dev queries: lexical alone best over %s; hybrid best of %d settings: %s%n", dev.size(),
                        lexicalBest.settings().lexicalFields(), grid.size(), tuned);

                List<Row> rows = new ArrayList<>();
                rows.add(measure(index, embedQuery, "lexical", "lexical, BM25 over '" + configured.lexicalFields() + "'",
                        SearchMode.LEXICAL, configured, dev, test));
                rows.add(measure(index, embedQuery, "lexical-tuned", "lexical, BM25 over '" + lexicalBest.settings().lexicalFields()
                        + "' (best on dev)", SearchMode.LEXICAL, lexicalBest.settings(), dev, test));
                rows.add(measure(index, embedQuery, "dense", "dense, " + model, SearchMode.DENSE, configured, dev, test));
                rows.add(measure(index, embedQuery, "hybrid-untuned", "hybrid, untuned: " + UNTUNED, SearchMode.HYBRID, UNTUNED, dev,
                        test));
                rows.add(measure(index, embedQuery, "hybrid", "hybrid, as configured: " + configured, SearchMode.HYBRID, configured, dev,
                        test));
                rows.add(measure(index, embedQuery, "hybrid-tuned", "hybrid, best on dev: " + tuned, SearchMode.HYBRID, tuned, dev,
                        test));

                report.put("input", input.getFileName().toString());
                report.put("model", model);
                report.put("pairs", pairs.size());
                report.put("sentencesPerPassage", sentences);
                report.put("chunksIndexed", chunks);
                report.put("split", "by text: queries of the input's 1st, 3rd, 5th... text are dev, of the 2nd, 4th, 6th... test;"
                        + " every passage is indexed");
                report.put("devQueries", dev.size());
                report.put("testQueries", test.size());
                ObjectNode gridNode = report.putObject("grid");
                gridNode.put("settings", grid.size());
                gridNode.put("chosenBy", "dev recall@5, then @10, then @1");
                gridNode.putPOJO("lexicalFields", HybridTuning.LEXICAL_FIELDS);
                gridNode.putPOJO("candidates", HybridTuning.CANDIDATES);
                gridNode.putPOJO("rrfK", HybridTuning.RRF_K);
                gridNode.putPOJO("lexicalWeights", HybridTuning.LEXICAL_WEIGHTS);
                ArrayNode top = gridNode.putArray("bestOnDev");
                grid.stream().limit(10).forEach(sc -> recallNode(top.addObject().put("settings", sc.settings().toString()), sc.recall()));
                ArrayNode results = report.putArray("results");
                RecallPlot plot = new RecallPlot("Sentence -> passage, " + input.getFileName() + ", " + test.size() + " test queries, "
                        + model);
                for (Row row : rows) {
                    ObjectNode r = results.addObject().put("ranking", row.ranking()).put("mode", row.mode().toString());
                    if (row.mode() != SearchMode.DENSE) {
                        r.put("settings", row.settings().toString());
                    }
                    recallNode(r.putObject("dev"), row.dev());
                    recallNode(r.putObject("test"), row.test());
                    out.printf("%-15s dev  @1 %.3f @5 %.3f @10 %.3f   test @1 %.3f @5 %.3f @10 %.3f   %s%n", row.ranking(),
                            row.dev()[0], row.dev()[1], row.dev()[2], row.test()[0], row.test()[1], row.test()[2], row.label());
                    if (!row.ranking().equals("hybrid")) {
                        for (int c = 0; c < CUTOFFS.length; c++) {
                            plot.bar("recall@" + CUTOFFS[c], plotLabel(row.ranking()), row.test()[c]);
                        }
                    }
                }
                if (args.get("plot").isPresent()) {
                    plot.write(Path.of(args.get("plot").get()));
                    out.println("wrote " + args.get("plot").get());
                }
            }
        }
        if (args.get("json").isPresent()) {
            Path json = Path.of(args.get("json").get());
            if (json.toAbsolutePath().getParent() != null) {
                Files.createDirectories(json.toAbsolutePath().getParent());
            }
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), report);
            out.println("wrote " + json);
        }
        return 0;
    }

    private static String plotLabel(String ranking) {
        switch (ranking) {
            case "lexical":
                return "lexical (Solr BM25)";
            case "lexical-tuned":
                return "lexical, fields tuned on dev";
            case "dense":
                return "dense";
            case "hybrid-untuned":
                return "hybrid, RRF k=60 untuned";
            default:
                return "hybrid, tuned on dev";
        }
    }

    private static void recallNode(ObjectNode node, double[] recall) {
        for (int c = 0; c < CUTOFFS.length; c++) {
            node.put("recall@" + CUTOFFS[c], recall[c]);
        }
    }

    /** A ranking's recall on the dev and the test queries, through the retriever that {@code search} uses. */
    private static Row measure(SolrIndex index, Function<String, float[]> embedQuery, String ranking, String label, SearchMode mode,
            HybridSettings settings, List<Pair> dev, List<Pair> test) {
        Retriever retriever = new Retriever(index, embedQuery, settings);
        return new Row(ranking, label, mode, settings, recall(retriever, mode, dev), recall(retriever, mode, test));
    }

    /** The share of queries whose passage is among the first 1, 5 and 10 distinct documents of the ranking. */
    private static double[] recall(Retriever retriever, SearchMode mode, List<Pair> pairs) {
        List<List<SearchHit>> rankings = new ArrayList<>();
        for (Pair p : pairs) {
            rankings.add(retriever.search(mode, p.query(), DEPTH));
        }
        return HybridTuning.recallAt(rankings, pairs.stream().map(Pair::id).toList());
    }

    private List<List<ChunkRow>> embed(DocumentEmbedder embedder, List<Pair> pairs, String model) throws Exception {
        List<CompletableFuture<DocumentEmbedding>> futures = new ArrayList<>();
        pairs.forEach(p -> futures.add(embedder.embed(p.document())));
        embedder.flush();
        List<List<ChunkRow>> documents = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            Pair p = pairs.get(i);
            List<ChunkRow> rows = new ArrayList<>();
            for (TextChunk c : futures.get(i).get(30, TimeUnit.MINUTES).textChunks(p.document())) {
                rows.add(new ChunkRow(p.id(), c.index(), c.start(), c.end(), c.text(), c.vector(), model, embedder.sha256(), null, Map.of()));
            }
            documents.add(rows);
        }
        out.printf("embedded %d passages%n", documents.size());
        return documents;
    }

    /** Passages of {@code sentences} consecutive sentences, {@code limit} of them spread evenly over all texts. */
    static List<Pair> pairs(Path input, String field, int sentences, int minChars, int limit) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<List<String>> passages = new ArrayList<>();
        List<Integer> sourceOf = new ArrayList<>();
        int source = 0;
        try (BufferedReader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode text = json.readTree(line).path(field);
                List<String> all = new ArrayList<>();
                for (String s : SENTENCE_END.split(text.asText())) {
                    if (!s.isBlank()) {
                        all.add(s.strip());
                    }
                }
                for (int from = 0; from + sentences <= all.size(); from += sentences) {
                    passages.add(all.subList(from, from + sentences));
                    sourceOf.add(source);
                }
                source++;
            }
        }
        List<Pair> pairs = new ArrayList<>();
        Set<String> queries = new LinkedHashSet<>();
        double stride = Math.max(1.0, (double) passages.size() / limit);
        for (double at = 0; at < passages.size() && pairs.size() < limit; at += stride) {
            List<String> passage = passages.get((int) at);
            int middle = passage.size() / 2;
            String query = passage.get(middle);
            if (query.length() < minChars || !queries.add(query)) {
                continue;
            }
            List<String> rest = new ArrayList<>(passage);
            rest.remove(middle);
            pairs.add(new Pair("p-" + (int) at, query, String.join(" ", rest), sourceOf.get((int) at)));
        }
        return pairs;
    }
}
