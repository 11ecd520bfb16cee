package io.llmstream.search;

import io.llmstream.cli.Args;
import io.llmstream.cli.CommandOption;
import io.llmstream.core.embed.DocumentEmbedder;
import io.llmstream.core.embed.EmbedTask;
import io.llmstream.core.store.HybridSettings;
import io.llmstream.core.store.Retriever;
import io.llmstream.core.store.SearchHit;
import io.llmstream.core.store.SearchMode;
import io.llmstream.core.store.SolrIndex;
import io.llmstream.core.store.VectorStoreSettings;
import io.llmstream.core.task.TaskMetrics;
import io.llmstream.job.JobOptions;
import io.llmstream.job.JobSettings;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code llm-stream search --collection NAME --query "..." --k 5}: the top-k chunks of the index a
 * job built, dense, lexical (BM25) or hybrid (both fused by reciprocal rank; the default). The
 * query is embedded with the pipeline's model (the same settings as the job: {@code --model},
 * {@code --max-tokens}, ...), which must be the model the index was built with.
 */
public final class SearchCommand {
    /** Search's own options; it also takes every pipeline setting, for the model. */
    public static final List<CommandOption> OPTIONS;

    static {
        List<CommandOption> options = new ArrayList<>(List.of(
                CommandOption.required("query", "TEXT", "what to look for"),
                CommandOption.required("collection", "NAME", "the Solr collection the job indexed into (vector-store.collection)"),
                CommandOption.optional("url", "URL", "the Solr base URL [default: http://localhost:8983/solr]"),
                CommandOption.optional("k", "N", "how many chunks to show [default: 5]"),
                CommandOption.optional("mode", "hybrid|dense|lexical", "how chunks are ranked [default: hybrid]")));
        options.addAll(HybridOptions.OPTIONS);
        OPTIONS = List.copyOf(options);
    }

    private final PrintStream out;

    public SearchCommand(PrintStream out) {
        this.out = out;
    }

    public int run(Args args) {
        String query = args.get("query").orElseThrow(() -> new Args.UsageException("search: --query TEXT is required"));
        String collection = args.get("collection")
                .orElseThrow(() -> new Args.UsageException("search: --collection NAME is required (the job's vector-store.collection)"));
        int k = args.intValue("k", 5, 1);
        SearchMode mode = SearchMode.parse("--mode", args.get("mode").orElse("hybrid"));
        HybridSettings hybrid = HybridOptions.from(args);
        SolrIndex index = SolrIndex.open(VectorStoreSettings.solr(args.get("url").orElse("http://localhost:8983/solr"), collection,
                false));
        String[] indexModel = index.model();
        if (indexModel == null) {
            out.println("search: collection '" + collection + "' is empty");
            return 1;
        }
        List<SearchHit> hits;
        if (mode == SearchMode.LEXICAL) {
            hits = new Retriever(index, q -> null, hybrid).search(mode, query, k);
        } else {
            Map<String, String> settings = args.settingsOver(Map.of());
            settings.put(JobOptions.TASKS.key(), EmbedTask.NAME);
            JobSettings job = JobSettings.from(settings);
            try (DocumentEmbedder embedder = DocumentEmbedder.open(job.engine(), job.chunking(), TaskMetrics.NONE)) {
                if (!embedder.sha256().equals(indexModel[1])) {
                    throw new Args.UsageException("search: collection '" + collection + "' was built with model " + indexModel[0]
                            + " (sha256 " + indexModel[1] + "), but the query would be embedded with " + job.model().id()
                            + " (sha256 " + embedder.sha256() + "); pass the index's model, e.g. --model " + indexModel[0]);
                }
                hits = new Retriever(index, embedder::embedNow, hybrid).search(mode, query, k);
            }
        }
        out.printf("%s search of '%s' in %s (%s): %d of top %d%n", mode, query, collection, indexModel[0], hits.size(), k);
        for (int i = 0; i < hits.size(); i++) {
            SearchHit h = hits.get(i);
            out.printf("%2d. %.4f  %s  chunk %d  chars %d-%d%n    %s%n", i + 1, h.score(), h.docId(), h.chunkIndex(), h.start(), h.end(),
                    shorten(h.text().replaceAll("\\s+", " ").strip(), 400));
        }
        return 0;
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }
}
