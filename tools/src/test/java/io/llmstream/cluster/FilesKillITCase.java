package io.llmstream.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The job jar on a multi-process cluster (a JobManager and two TaskManagers, each its own JVM)
 * reading a directory of OpenAI Batch request files (one with bad lines) with the file source and
 * writing output and error lines with the file sinks, at parallelism 2. When a third of the lines
 * are written, the TaskManager running one half of the job is killed with SIGKILL and another is
 * started; Flink restarts the lost half, whose uncommitted part files are left behind, and the
 * committed part files hold every request line exactly once.
 */
class FilesKillITCase {
    private static final int FILES = 5;
    /** 1,000 in the regular build (5,000 lines); {@code -Dllmstream.files-kill-test.lines-per-file=1600} for the documented run. */
    private static final int LINES_PER_FILE = Integer.getInteger("llmstream.files-kill-test.lines-per-file", 1_000);
    private static final int RECORDS = FILES * LINES_PER_FILE;
    /** In the last file, every fortieth line asks for an endpoint the job does not serve. */
    private static final int BAD_EVERY = 40;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Under target/, so that the processes' logs are there to read after a failure. */
    private final Path dir = Path.of("target", "files-kill-test").toAbsolutePath();

    @Test
    void sigkillingATaskManagerMidRunAnswersEveryLineOnce() throws Exception {
        deleteRecursively(dir);
        Path in = Files.createDirectories(dir.resolve("in"));
        Path out = dir.resolve("out");
        int bad = writeRequests(in);
        Path jobJar;
        try (Stream<Path> jars = Files.list(Path.of("..", "jobs", "target"))) {
            jobJar = jars.filter(p -> p.getFileName().toString().endsWith("-job.jar")).findFirst().orElseThrow();
        }
        try (LocalCluster cluster = LocalCluster.start(dir.resolve("cluster"), Path.of("target/lib"),
                Path.of("../bin/java17-flink.flags"), 2, 1)) {
            long start = System.nanoTime();
            String job = cluster.submit(jobJar, "io.llmstream.job.EnrichmentJob", 2, List.of(
                    "--source.kind", "files",
                    "--source.path", in.toString(),
                    "--input.format", "openai-batch",
                    "--sink.kind", "files",
                    "--sink.path", out.toString(),
                    "--output.format", "openai-batch",
                    "--model.max-tokens", "16",
                    "--chunking.mode", "truncate",
                    "--inference.workers", "1",
                    "--inference.intra-op-threads", "1"));

            boolean killed = false;
            String state = cluster.jobState(job);
            long deadline = System.nanoTime() + 6L * 60 * 1_000_000_000L;
            while (!state.equals("FINISHED") && !state.equals("FAILED") && !state.equals("CANCELED")
                    && System.nanoTime() < deadline) {
                if (!killed && linesInProgress(out.resolve("results")) >= RECORDS / 3) {
                    cluster.killTaskManager();
                    killed = true;
                    System.out.printf("files kill test: SIGKILLed a TaskManager at %,d lines in progress (%.0f s)%n",
                            linesInProgress(out.resolve("results")), (System.nanoTime() - start) / 1e9);
                    cluster.startTaskManager();
                }
                Thread.sleep(500);
                state = cluster.jobState(job);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int failures = cluster.failures(job);

            Map<String, Integer> outputs = countByCustomId(out.resolve("results"));
            Map<String, Integer> errors = countByCustomId(out.resolve("dead-letters"));
            long duplicates = outputs.values().stream().filter(n -> n > 1).count()
                    + errors.values().stream().filter(n -> n > 1).count();
            long answered = outputs.size() + errors.size();
            System.out.printf("files kill test: %,d lines in %d files, job %s, TaskManager killed %s, failures recovered %d,"
                    + " output lines %,d, error lines %,d, duplicates %d, lost %d, %.0f s%n", RECORDS, FILES, state, killed,
                    failures, outputs.size(), errors.size(), duplicates, RECORDS - answered, seconds);
            assertThat(state).isEqualTo("FINISHED");
            assertThat(killed).isTrue();
            assertThat(failures).isGreaterThanOrEqualTo(1);
            assertThat(duplicates).isZero();
            assertThat(errors).hasSize(bad);
            assertThat(outputs).hasSize(RECORDS - bad);
            for (int f = 0; f < FILES; f++) {
                for (int i = 0; i < LINES_PER_FILE; i++) {
                    String id = id(f, i);
                    assertThat(outputs.containsKey(id) || errors.containsKey(id)).as(id).isTrue();
                }
            }
        }
    }

    private static String id(int file, int line) {
        return "f" + file + "-" + line;
    }

    /** Writes the request files; returns how many of their lines are bad. */
    private static int writeRequests(Path in) throws IOException {
        List<String> words = new ArrayList<>(List.of("invoice", "refund", "outage", "login", "password", "shipping",
                "delay", "upgrade", "billing", "contract", "support", "network"));
        int bad = 0;
        for (int f = 0; f < FILES; f++) {
            try (BufferedWriter w = Files.newBufferedWriter(in.resolve("requests-" + f + ".jsonl"))) {
                for (int i = 0; i < LINES_PER_FILE; i++) {
                    boolean badLine = f == FILES - 1 && i % BAD_EVERY == 0;
                    bad += badLine ? 1 : 0;
                    w.write("{\"custom_id\": \"" + id(f, i) + "\", \"method\": \"POST\", \"url\": \""
                            + (badLine ? "/v1/chat/completions" : "/v1/embeddings") + "\", \"body\": {\"input\": \"ticket " + i
                            + " about " + words.get(i % words.size()) + " and " + words.get((i / 7) % words.size())
                            + "\", \"model\": \"all-minilm-l6-v2\", \"encoding_format\": \"base64\"}}\n");
                }
            }
        }
        return bad;
    }

    /** Lines written so far to part files not yet committed (hidden, in progress). */
    private static long linesInProgress(Path results) throws IOException {
        if (!Files.isDirectory(results)) {
            return 0;
        }
        long lines = 0;
        try (Stream<Path> files = Files.list(results)) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith(".")).toList()) {
                try {
                    for (byte b : Files.readAllBytes(p)) {
                        lines += b == '\n' ? 1 : 0;
                    }
                } catch (java.nio.file.NoSuchFileException committedMeanwhile) {
                    // committed between listing and reading
                }
            }
        }
        return lines;
    }

    /** How often each custom_id occurs in the committed part files under {@code dir}. */
    private static Map<String, Integer> countByCustomId(Path dir) throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return counts;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    JsonNode node = JSON.readTree(line);
                    counts.merge(node.get("custom_id").asText(), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (Files.exists(path)) {
            try (Stream<Path> all = Files.walk(path)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
