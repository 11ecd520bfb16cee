package io.llmstream.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmstream.client.SubmitCommand;
import io.llmstream.core.records.Codecs;
import io.llmstream.local.Consumers;
import io.llmstream.schema.EmbeddingResult;
import io.llmstream.testutils.SubmitInput;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/**
 * {@code llm-stream cluster start}, {@code stop}, {@code start} from one folder: the second start
 * resumes the first one's Kafka cluster (same id) with its topics and committed results, the job
 * resumes from the savepoint the stop took, and a new batch completes without answering the first
 * one again; {@code --fresh true} starts an empty cluster.
 */
class ClusterRestartITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RESULTS = "llm-stream.results";

    /** Under target/, so that the processes' logs are there to read after a failure. */
    private final Path dir = Path.of("target", "cluster-restart-test");
    private final Path clusterDir = dir.resolve("cluster");

    @Test
    void aStoppedClusterStartsAgainWithItsDataAndAFreshStartIsEmpty() throws Exception {
        LocalCluster.deleteTree(dir);
        Files.createDirectories(dir);
        try {
            Output first = cluster("start");
            assertThat(first.text).contains("created");
            String kafkaClusterId = Files.readString(clusterDir.resolve(BrokerStorage.CLUSTER_ID)).strip();
            assertThat(submit("before-stop").text).contains("job 'before-stop' COMPLETED: 6 of 6 records answered, 5 results");

            assertThat(cluster("stop").text).contains("stopped with a savepoint");
            Output again = cluster("start");
            assertThat(again.text).contains("Kafka cluster " + kafkaClusterId + " resumed")
                    .contains("job resumed from the savepoint of the last stop");
            assertThat(resultsByJob()).as("results committed before the stop").containsEntry("before-stop", 5);

            assertThat(submit("after-restart").text).contains("job 'after-restart' COMPLETED: 6 of 6 records answered, 5 results");
            assertThat(resultsByJob()).as("the first batch is not answered again")
                    .containsEntry("before-stop", 5).containsEntry("after-restart", 5);

            cluster("stop");
            Output fresh = cluster("start", "--fresh", "true");
            assertThat(fresh.text).contains("--fresh true: broker data, checkpoints and savepoints")
                    .contains("created").doesNotContain(kafkaClusterId).contains("job started");
            assertThat(resultsByJob()).isEmpty();
        } finally {
            if (Files.exists(clusterDir.resolve("cluster.json"))) {
                cluster("stop");
            }
        }
    }

    private Output cluster(String action, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of(action, "--dir", clusterDir.toString()));
        if (action.equals("start")) {
            args.addAll(List.of("--task-managers", "1"));
        }
        args.addAll(List.of(more));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = new ClusterCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8), Path.of(".."))
                .run(args.toArray(new String[0]));
        Output output = new Output(code, bytes.toString(StandardCharsets.UTF_8));
        System.out.print(output.text);
        assertThat(code).as(output.text).isZero();
        return output;
    }

    /** Five texts and a blank one as a batch job of the given name, followed to its end. */
    private Output submit(String job) throws Exception {
        Path input = SubmitInput.write(dir.resolve(job + ".jsonl"), 5, SubmitInput.BLANK);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = new SubmitCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(new String[] {
                "--input", input.toString(), "--job", job, "--timeout-minutes", "10",
                "--kafka.bootstrap-servers", bootstrapServers()});
        Output output = new Output(code, bytes.toString(StandardCharsets.UTF_8));
        System.out.print(output.text);
        assertThat(code).as(output.text).isZero();
        return output;
    }

    private String bootstrapServers() throws Exception {
        JsonNode state = JSON.readTree(clusterDir.resolve("cluster.json").toFile());
        return state.path("bootstrapServers").asText();
    }

    /** How many committed results the results topic holds per batch job. */
    private Map<String, Integer> resultsByJob() throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = Consumers.create(Consumers.readCommitted(bootstrapServers(), "restart-it"))) {
            consumer.subscribe(List.of(RESULTS));
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < Duration.ofSeconds(5).toNanos()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    EmbeddingResult result = Codecs.results().decode(r.value());
                    counts.merge(String.valueOf(result.getJobId()), 1, Integer::sum);
                    quietSince = System.nanoTime();
                }
            }
        }
        return counts;
    }

    private record Output(int code, String text) {}
}
