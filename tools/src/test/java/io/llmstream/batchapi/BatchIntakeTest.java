package io.llmstream.batchapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmstream.job.JobSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks that refuse an input file as a whole, before anything is sent (so no broker is needed). */
class BatchIntakeTest {
    @TempDir
    Path dir;

    private Batch run(List<String> lines) throws Exception {
        Path file = Files.write(dir.resolve("in.jsonl"), lines);
        CreateBatchRequest request = new CreateBatchRequest(new StoredFile("file-in", "in.jsonl", StoredFile.BATCH, 1, file),
                "/v1/embeddings", "embed", "24h", Duration.ofHours(24), Map.of());
        Batch batch = new Batches().create(request, 1);
        new BatchIntake(JobSettings.from(Map.of())).run(batch, request);
        batch.update(2, false);
        return batch;
    }

    private static String line(String customId) {
        return "{\"custom_id\": \"" + customId + "\", \"method\": \"POST\", \"url\": \"/v1/embeddings\", \"body\": {\"input\": \"t\"}}";
    }

    @Test
    void aCustomIdUsedTwiceFailsTheBatchNamingTheLines() throws Exception {
        Batch batch = run(List.of(line("a"), line("b"), "", line("a"), "{\"custom_id\": \"b\", \"url\": 7}"));
        assertThat(batch.status()).isEqualTo(BatchStatus.FAILED);
        JsonNode json = batch.json();
        assertThat(json.path("request_counts").path("total").asInt()).isEqualTo(4);
        JsonNode errors = json.path("errors").path("data");
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).path("code").asText()).isEqualTo("duplicate_custom_id");
        assertThat(errors.get(0).path("message").asText()).isEqualTo("custom_id 'a' is used on line 1 and again on line 4;"
                + " each request needs its own");
        assertThat(errors.get(0).path("line").asInt()).isEqualTo(4);
        assertThat(errors.get(1).path("line").asInt()).as("a line with a bad field still has its custom_id").isEqualTo(5);
    }

    @Test
    void aFileWithoutARequestLineFails() throws Exception {
        Batch batch = run(List.of("", "   "));
        assertThat(batch.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(batch.json().path("errors").path("data").get(0).path("code").asText()).isEqualTo("empty_file");
    }
}
