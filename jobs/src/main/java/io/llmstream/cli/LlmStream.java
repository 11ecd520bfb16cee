package io.llmstream.cli;

import io.llmstream.core.model.ModelLoadException;
import io.llmstream.job.EnrichmentJob;
import io.llmstream.bench.BenchCommand;
import io.llmstream.bench.SoakCommand;
import io.llmstream.client.ServeCommand;
import io.llmstream.cluster.ClusterCommand;
import io.llmstream.client.SubmitCommand;
import io.llmstream.job.OptionDocs;
import io.llmstream.local.DemoCommand;
import io.llmstream.local.LocalFlink;
import io.llmstream.sql.SqlCommand;
import io.llmstream.train.EvalClassifyCommand;
import io.llmstream.train.TrainHeadCommand;
import java.io.PrintStream;
import java.util.Arrays;
import org.apache.flink.configuration.ConfigOption;

/** Main class of {@code bin/llm-stream}: dispatches to the subcommands. */
public final class LlmStream {
    private LlmStream() {}

    public static void main(String[] args) {
        int code;
        try {
            code = run(args, System.out);
        } catch (IllegalArgumentException | IllegalStateException | ModelLoadException e) {
            System.err.println("error: " + e.getMessage());
            code = 2;
        } catch (Exception e) {
            System.err.println("error: " + e);
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    static int run(String[] args, PrintStream out) throws Exception {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            usage(out);
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "demo":
                return new DemoCommand(out).run(rest);
            case "bench":
                return new BenchCommand(out).run(rest);
            case "sql":
                return new SqlCommand(out).run(rest);
            case "cluster":
                return new ClusterCommand(out).run(rest);
            case "serve":
                return new ServeCommand(out).run(rest);
            case "submit":
                return new SubmitCommand(out).run(rest);
            case "soak":
                return new SoakCommand(out).run(rest);
            case "train-head":
                return new TrainHeadCommand(out).run(rest);
            case "eval-classify":
                return new EvalClassifyCommand(out).run(rest);
            case "run":
                EnrichmentJob.run(rest, LocalFlink.withParallelism(Runtime.getRuntime().availableProcessors()).build());
                return 0;
            default:
                throw new Args.UsageException("unknown command '" + args[0] + "'; commands: demo, sql, serve, cluster, submit, bench, soak, train-head, eval-classify, run, help");
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: llm-stream <command> [--name value ...]");
        out.println();
        out.println("  demo   run the enrichment job on an in-process Kafka broker and Flink MiniCluster");
        out.println("         [--input FILE.jsonl] [--output FILE.jsonl] [--dead-letters FILE.jsonl]");
        out.println("         [--config PIPELINE.yaml] [--parallelism N] [--format avro|json] [--model ID] [--max-tokens N]");
        out.println("         [--device auto|cpu|cuda:N] [--tasks embed[,summarize][,classify]] [--max-batch-size N]");
        out.println("         [--allow-batch-dependent-results true|false] [--metrics-port N] [--idle-timeout S]");
        out.println("  sql    run a Flink SQL script with ONNX models (CREATE MODEL ... 'provider' = 'onnx', ML_PREDICT)");
        out.println("         on an in-process Kafka broker and Flink MiniCluster: [--file SCRIPT.sql] [--input FILE.jsonl]");
        out.println("         [--parallelism N] [--timeout S]; default script docs/examples/enrich.sql");
        out.println("  serve  a local broker plus the job with batch-job tracking, until stopped: [--config PIPELINE.yaml]");
        out.println("  cluster start|stop|status   Kafka, a Flink JobManager and TaskManagers as separate processes,");
        out.println("         running the job jar: [--dir D] [--task-managers 2] [--slots 1] [--config PIPELINE.yaml]");
        out.println("         [--fresh true] (a start resumes the data and job of the last stop from D unless fresh)");
        out.println("  submit send a JSONL file as a batch job and follow it with a progress bar");
        out.println("         --input FILE.jsonl --job NAME --kafka.bootstrap-servers HOST:PORT [--config PIPELINE.yaml]");
        out.println("         [--format avro|json] [--tasks embed,...] [--follow true|false] [--timeout-minutes 60] [--cancel true]");
        out.println("         [--topics.requests T] [--topics.control T] [--topics.status T] [--kafka.properties.<property> V]");
        out.println("  bench  throughput of the inference core, the full pipeline, langchain4j and Flink SQL on the same texts");
        out.println("         [--input FILE.jsonl] [--max-tokens N] [--model ID] [--json OUT] [--limit N] [--repeat R]");
        out.println("         [--sweep T1,T2,...] [--plot OUT.png] [--parallelism N] [--workers N]");
        out.println("         [--max-batch-tokens N] [--max-batch-size N] [--allow-batch-dependent-results true|false]");
        out.println("         [--memory-slots N] [--sql-max-concurrent-operations 64]");
        out.println("  soak   the job at full load for a while, heap and resident memory sampled as it runs");
        out.println("         [--minutes 30] [--input FILE.jsonl] [--config PIPELINE.yaml] [--sample-seconds 30]");
        out.println("         [--backlog 2000] [--json OUT] [--plot OUT.png]");
        out.println("  train-head     train a classifier head on embeddings of labelled texts and write it as ONNX");
        out.println("         --input FILE.jsonl --output HEAD.onnx [--model ID] [--config PIPELINE.yaml]");
        out.println("         [--text-field text] [--label-field label] [--preprocess none|mail] [--chunking chunk|truncate]");
        out.println("         [--folds K] [--epochs N] [--l2 X] [--limit N]");
        out.println("  eval-classify  accuracy of zero-shot labels and a trained head (k-fold CV) on labelled texts");
        out.println("         --input FILE.jsonl --config PIPELINE.yaml (with classify.labels) [--preprocess none,mail]");
        out.println("         [--folds 5] [--model ID] [--chunking chunk|truncate] [--json OUT] [--plot OUT.png] [--limit N]");
        out.println("  run    run the enrichment job against your Kafka: [--config PIPELINE.yaml] [--<setting> value ...]");
        out.println("         [--kafka.properties.<Kafka client property> value ...] (values may hold ${env:NAME}, ${file:/path})");
        out.println("  help   this text");
        out.println();
        out.println("settings of 'run':");
        for (ConfigOption<?> o : OptionDocs.all()) {
            out.printf("  --%-28s %s%s%n", o.key(), OptionDocs.describe(o),
                    o.hasDefaultValue() ? " [default: " + o.defaultValue() + "]" : "");
        }
    }
}
