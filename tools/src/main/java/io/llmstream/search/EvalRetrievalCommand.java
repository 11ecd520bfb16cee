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
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code llm-stream eval-retrieval}: recall@1/5/10 of dense, lexical (BM25) and hybrid retrieval on
 * a labelled set built from real prose: the texts are cut into passages of a few consecutive
 * sentences; a passage's middle sentence is the query and the rest of the passage, indexed as a
 * document, its answer. The passages are embedded with the pipeline's model and indexed into a
 * local Solr node (started here) through the same rows the vector-store sink writes.
 */
public final class EvalRetrievalCommand {
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?。！？])\\s*(?=\\S)");
    private static final int[] CUTOFFS = {1, 5, 10};

    public static final List<CommandOption> OPTIONS = List.of(
            CommandOption.required("input", "FILE.jsonl", "texts of prose, {\"text\": ...} per line"),
            CommandOption.optional("text-field", "NAME", "the text's field [default: text]"),
            CommandOption.optional("passages", "N", "passages in the set, spread evenly over the texts [default: 1000]"),
            CommandOption.optional("sentences", "S", "sentences per passage, at least 3 [default: 5]"),
            CommandOption.optional("min-chars", "N", "shortest query sentence kept [default: 40]"),
            CommandOption.optional("candidates", "N", "chunks per ranking before hybrid fusion [default: 50]"),
            CommandOption.optional("dir", "DIR", "the local Solr node's home [default: a temporary directory]"),
            CommandOption.optional("json", "OUT", "write the recalls as JSON"),
            CommandOption.optional("plot", "OUT.png", "a bar chart of the recalls"));

    private final PrintStream out;

    public EvalRetrievalCommand(PrintStream out) {
        this.out = out;
    }

    /** A query and the document that answers it. */
    record Pair(String id, String query, String document) {}

    public int run(Args args) throws Exception {
        Path input = Path.of(args.get("input").orElseThrow(() -> new Args.UsageException("eval-retrieval: --input FILE.jsonl is required")));
        int sentences = args.intValue("sentences", 5, 3);
        List<Pair> pairs = pairs(input, args.get("text-field").orElse("text"), sentences, args.intValue("min-chars", 40, 1),
                args.intValue("passages", 1000, 10));
        Map<String, String> settingsMap = args.settingsOver(Map.of());
        settingsMap.put(JobOptions.TASKS.key(), EmbedTask.NAME);
        JobSettings settings = JobSettings.from(settingsMap);
        String model = settings.model().id();
        out.printf("eval-retrieval: %d query/passage pairs from %s (%d sentences a passage, the middle one the query), model %s%n",
                pairs.size(), input.getFileName(), sentences, model);
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
                out.printf("indexed %d chunks of %d passages into Solr core %s%n", index.count(), documents.size(), core);
                Retriever retriever = new Retriever(index, embedder::embedNow, args.intValue("candidates", 50, 1));
                report.put("input", input.getFileName().toString());
                report.put("model", model);
                report.put("pairs", pairs.size());
                report.put("sentencesPerPassage", sentences);
                ArrayNode rows = report.putArray("results");
                RecallPlot plot = new RecallPlot("Sentence -> passage retrieval, " + input.getFileName() + ", " + pairs.size()
                        + " queries, " + model);
                for (SearchMode mode : List.of(SearchMode.LEXICAL, SearchMode.DENSE, SearchMode.HYBRID)) {
                    double[] recall = recall(retriever, mode, pairs);
                    ObjectNode row = rows.addObject().put("mode", mode.toString());
                    String label = mode == SearchMode.LEXICAL ? "lexical (Solr BM25)" : mode == SearchMode.DENSE ? "dense (" + model + ")"
                            : "hybrid (RRF, k=60)";
                    for (int c = 0; c < CUTOFFS.length; c++) {
                        row.put("recall@" + CUTOFFS[c], recall[c]);
                        plot.bar("recall@" + CUTOFFS[c], label, recall[c]);
                    }
                    out.printf("%-8s recall@1 %.3f  recall@5 %.3f  recall@10 %.3f%n", mode, recall[0], recall[1], recall[2]);
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

    /** The share of queries whose passage is among the first 1, 5 and 10 distinct documents of the ranking. */
    private static double[] recall(Retriever retriever, SearchMode mode, List<Pair> pairs) {
        int[] found = new int[CUTOFFS.length];
        int depth = CUTOFFS[CUTOFFS.length - 1];
        for (Pair p : pairs) {
            // chunks of one passage count once: rank documents, not chunks
            List<String> docs = new ArrayList<>(new LinkedHashSet<>(retriever.search(mode, p.query(), depth * 3).stream()
                    .map(SearchHit::docId).toList()));
            int rank = docs.indexOf(p.id());
            for (int c = 0; c < CUTOFFS.length; c++) {
                if (rank >= 0 && rank < CUTOFFS[c]) {
                    found[c]++;
                }
            }
        }
        double[] recall = new double[CUTOFFS.length];
        for (int c = 0; c < CUTOFFS.length; c++) {
            recall[c] = (double) found[c] / pairs.size();
        }
        return recall;
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
                }
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
            pairs.add(new Pair("p-" + (int) at, query, String.join(" ", rest)));
        }
        return pairs;
    }
}
