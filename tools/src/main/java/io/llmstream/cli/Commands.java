package io.llmstream.cli;

import io.llmstream.bench.BenchCommand;
import io.llmstream.bench.SoakCommand;
import io.llmstream.client.ServeCommand;
import io.llmstream.client.SubmitCommand;
import io.llmstream.cluster.ClusterCommand;
import io.llmstream.job.EnrichmentJob;
import io.llmstream.local.DemoCommand;
import io.llmstream.local.LocalFlink;
import io.llmstream.local.SqlCommand;
import io.llmstream.server.EmbedLoadCommand;
import io.llmstream.server.EmbedServerCommand;
import io.llmstream.search.EvalRetrievalCommand;
import io.llmstream.search.SearchCommand;
import io.llmstream.search.SolrCommand;
import io.llmstream.train.EvalClassifyCommand;
import io.llmstream.train.TrainHeadCommand;
import java.nio.file.Path;
import java.util.List;

/** The commands of {@code llm-stream}, in the order the help lists them. */
final class Commands {
    static final CommandOption CONFIG = CommandOption.optional(EnrichmentJob.CONFIG, "PIPELINE.yaml",
            "a YAML pipeline spec; the settings given as options override it");

    private Commands() {}

    static List<CommandDefinition> all() {
        return List.of(
                CommandDefinition.of("demo", List.of(
                        "Run the enrichment job on an in-process Kafka broker and Flink MiniCluster.",
                        "Reads your JSONL file (or a bundled sample), prints a summary, and exits 0 when every input id",
                        "was answered exactly once."),
                        DemoCommand.OPTIONS, true, (args, out) -> new DemoCommand(out).run(args)),
                CommandDefinition.of("sql", List.of(
                        "Run a Flink SQL script with ONNX models (CREATE MODEL, ML_PREDICT) locally.",
                        "The script runs on an in-process Kafka broker and Flink MiniCluster; its models' WITH options",
                        "carry the pipeline settings."),
                        SqlCommand.OPTIONS, false, (args, out) -> new SqlCommand(out).run(args)),
                CommandDefinition.of("serve", List.of(
                        "Run a local broker plus the job with batch-job tracking, until stopped (Ctrl-C).",
                        "With --http-port, also OpenAI's batch API (/v1/files, /v1/batches) over the job; with",
                        "--embed-port, also POST /v1/embeddings."),
                        ServeCommand.OPTIONS, true, (args, out) -> new ServeCommand(out).run(args)),
                CommandDefinition.of("embed-server", List.of(
                        "Answer OpenAI's POST /v1/embeddings with the pipeline's model, until stopped.",
                        "Same preprocessing, windowing of long texts, pooling and batching service as the job; also",
                        "/health, /metrics (Prometheus) and /v1/models. Binds to loopback unless --host says otherwise."),
                        EmbedServerCommand.OPTIONS, true, (args, out) -> new EmbedServerCommand(out).run(args)),
                CommandDefinition.group("cluster", List.of(
                        "Start, stop or check a local multi-process cluster running the job jar.",
                        "Kafka, a Flink JobManager and TaskManagers, each its own JVM, left running in the background."),
                        List.of(
                        CommandDefinition.of("start", List.of("Start a local cluster and submit the job to it; leave it running."),
                                ClusterCommand.START_OPTIONS, true, (args, out) -> new ClusterCommand(out).start(args)),
                        CommandDefinition.of("stop", List.of("Stop the cluster started from --dir."),
                                ClusterCommand.DIR_OPTIONS, false, (args, out) -> new ClusterCommand(out).stop(args)),
                        CommandDefinition.of("status", List.of("Say whether the cluster's processes are alive; exit 1 if not all are."),
                                ClusterCommand.DIR_OPTIONS, false, (args, out) -> new ClusterCommand(out).status(args)))),
                CommandDefinition.of("submit", List.of(
                        "Send a JSONL file as a batch job and follow it with a progress bar.",
                        "The file is checked before Kafka is contacted. Exit 0 when the job completed, 1 when it was",
                        "cancelled, failed or timed out."),
                        SubmitCommand.OPTIONS, true, (args, out) -> new SubmitCommand(out).run(args)),
                CommandDefinition.of("bench", List.of(
                        "Measure throughput: inference core, full pipeline, langchain4j and Flink SQL.",
                        "All four variants run in this process on the same texts."),
                        BenchCommand.OPTIONS, true, (args, out) -> new BenchCommand(out).run(args)),
                CommandDefinition.of("embed-load", List.of(
                        "Load-test an embed server: N concurrent clients for T seconds; requests/s and p50/p99 latency.",
                        "Starts a server in this process unless --url names one."),
                        EmbedLoadCommand.OPTIONS, true, (args, out) -> new EmbedLoadCommand(out).run(args)),
                CommandDefinition.of("soak", List.of(
                        "Run the job at full load for a while, sampling heap and resident memory."),
                        SoakCommand.OPTIONS, true, (args, out) -> new SoakCommand(out).run(args)),
                CommandDefinition.of("train-head", List.of(
                        "Train a classifier head on embeddings of labelled texts; write it as ONNX."),
                        TrainHeadCommand.OPTIONS, true, (args, out) -> new TrainHeadCommand(out).run(args)),
                CommandDefinition.of("eval-classify", List.of(
                        "Compare zero-shot labels and a trained head (k-fold CV) on labelled texts."),
                        EvalClassifyCommand.OPTIONS, true, (args, out) -> new EvalClassifyCommand(out).run(args)),
                CommandDefinition.of("search", List.of(
                        "Find the top-k chunks of a Solr index a job built: hybrid (BM25 and vectors fused), dense or lexical.",
                        "The query is embedded with the pipeline's model, which must be the index's."),
                        SearchCommand.OPTIONS, true, (args, out) -> new SearchCommand(out).run(args)),
                CommandDefinition.of("eval-retrieval", List.of(
                        "Measure recall@1/5/10 of dense, lexical (BM25) and hybrid retrieval on sentence-to-passage pairs.",
                        "Cuts real prose into passages, queries each with its middle sentence, indexes the rest in Solr."),
                        EvalRetrievalCommand.OPTIONS, true, (args, out) -> new EvalRetrievalCommand(out).run(args)),
                CommandDefinition.of("solr", List.of(
                        "Run a local Solr node with the llm-stream configset until stopped (Ctrl-C).",
                        "For the retrieval example and trying the vector-store sink; in production run Solr itself."),
                        SolrCommand.OPTIONS, false, (args, out) -> new SolrCommand(out).run(args)),
                CommandDefinition.of("run", List.of(
                        "Run the enrichment job against your Kafka in a local Flink MiniCluster.",
                        "One slot per core. Values may hold ${env:NAME} and ${file:/path}, resolved by each Kafka",
                        "client."),
                        List.of(CONFIG), true, (args, out) -> {
                            EnrichmentJob.run(args.get(EnrichmentJob.CONFIG).map(Path::of), args.settings(),
                                    LocalFlink.withParallelism(Runtime.getRuntime().availableProcessors()).build());
                            return 0;
                        }));
    }
}
