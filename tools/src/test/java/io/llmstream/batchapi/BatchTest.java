package io.llmstream.batchapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmstream.schema.BatchJobState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchTest {
    private static final StoredFile INPUT = new StoredFile("file-in", "in.jsonl", StoredFile.BATCH, 100, Path.of("in.jsonl"));

    private static Batch batch() {
        return new Batches().create(new CreateBatchRequest(INPUT, "/v1/embeddings", "embed", "24h", Duration.ofHours(24),
                Map.of("team", "search")), 1000);
    }

    @Test
    void eachCustomIdIsTakenOnceAndTheFilesShowOnlyWhenTheBatchEnds() {
        Batch b = batch();
        b.intakeDone(3, true);
        b.jobState(BatchJobState.RUNNING);
        assertThat(b.update(1001, false)).isEqualTo(BatchStatus.IN_PROGRESS);
        assertThat(b.answer("a", true)).isTrue();
        assertThat(b.answer("a", true)).as("the same custom_id again").isFalse();
        assertThat(b.answer("b", false)).isTrue();
        StoredFile out = new StoredFile("file-out", "o.jsonl", StoredFile.BATCH_OUTPUT, 1001, Path.of("o"));
        b.files(out, null);
        assertThat(b.json().path("output_file_id").isNull()).isTrue();
        assertThat(b.answer("c", true)).isTrue();
        assertThat(b.update(1003, false)).isEqualTo(BatchStatus.COMPLETED);

        JsonNode json = b.json();
        assertThat(json.path("id").asText()).startsWith("batch_");
        assertThat(json.path("object").asText()).isEqualTo("batch");
        assertThat(json.path("status").asText()).isEqualTo("completed");
        assertThat(json.path("output_file_id").asText()).isEqualTo("file-out");
        assertThat(json.path("error_file_id").isNull()).isTrue();
        assertThat(json.path("request_counts").toString()).isEqualTo("{\"total\":3,\"completed\":2,\"failed\":1}");
        assertThat(json.path("in_progress_at").asLong()).isEqualTo(1001);
        assertThat(json.path("finalizing_at").asLong()).isEqualTo(1003);
        assertThat(json.path("completed_at").asLong()).isEqualTo(1003);
        assertThat(json.path("expires_at").asLong()).isEqualTo(1000 + 24 * 3600);
        assertThat(json.path("metadata").path("team").asText()).isEqualTo("search");
        assertThat(b.answer("d", true)).as("nothing is added to a final batch").isFalse();
    }

    @Test
    void aCancelIsPassedOnOnlyOnceTheJobIsAnnouncedAndKeepsWhatCameBefore() {
        Batch validating = batch();
        assertThat(validating.requestCancel(1001)).as("the intake passes it on when it has announced the job").isFalse();
        assertThat(validating.status()).isEqualTo(BatchStatus.CANCELLING);

        Batch running = batch();
        running.intakeDone(5, true);
        running.answer("a", true);
        assertThat(running.requestCancel(1002)).isTrue();
        assertThat(running.requestCancel(1002)).as("asked twice").isFalse();
        running.answer("b", true);
        running.jobState(BatchJobState.CANCELLED);
        assertThat(running.update(1004, false)).isEqualTo(BatchStatus.CANCELLED);
        JsonNode json = running.json();
        assertThat(json.path("cancelling_at").asLong()).isEqualTo(1002);
        assertThat(json.path("cancelled_at").asLong()).isEqualTo(1004);
        assertThat(json.path("request_counts").path("completed").asInt()).isEqualTo(2);
    }

    @Test
    void aRefusedFileFailsWithItsErrorsListed() {
        Batch b = batch();
        b.refuse(List.of(new Batch.Error("duplicate_custom_id", "custom_id 'x' is used on line 1 and again on line 2", 2)), 2);
        assertThat(b.update(1001, false)).isEqualTo(BatchStatus.FAILED);
        JsonNode errors = b.json().path("errors");
        assertThat(errors.path("object").asText()).isEqualTo("list");
        assertThat(errors.path("data").get(0).path("code").asText()).isEqualTo("duplicate_custom_id");
        assertThat(errors.path("data").get(0).path("line").asInt()).isEqualTo(2);
        assertThat(b.json().path("in_progress_at").isNull()).isTrue();
    }

    @Test
    void thePassedWindowExpiresTheBatch() {
        Batch b = batch();
        b.intakeDone(5, true);
        assertThat(b.pastWindow(1000 + 24 * 3600 - 1)).isFalse();
        assertThat(b.pastWindow(1000 + 24 * 3600)).isTrue();
        assertThat(b.update(1000 + 24 * 3600, true)).isEqualTo(BatchStatus.EXPIRED);
        assertThat(b.json().path("expired_at").asLong()).isEqualTo(1000 + 24 * 3600);
    }
}
