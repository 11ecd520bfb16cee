package io.llmstream.batchapi;

import static io.llmstream.batchapi.BatchStatus.Intake.DONE;
import static io.llmstream.batchapi.BatchStatus.Intake.REFUSED;
import static io.llmstream.batchapi.BatchStatus.Intake.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmstream.schema.BatchJobState;
import org.junit.jupiter.api.Test;

class BatchStatusTest {
    @Test
    void aBatchIsValidatingWhileItsLinesGoOutThenInProgressWhileTheJobAnswers() {
        assertThat(BatchStatus.of(RUNNING, null, false, false, false, 0, 0)).isEqualTo(BatchStatus.VALIDATING);
        assertThat(BatchStatus.of(DONE, null, true, false, false, 0, 10)).isEqualTo(BatchStatus.IN_PROGRESS);
        assertThat(BatchStatus.of(DONE, BatchJobState.ACCEPTED, true, false, false, 0, 10)).isEqualTo(BatchStatus.IN_PROGRESS);
        assertThat(BatchStatus.of(DONE, BatchJobState.RUNNING, true, false, false, 4, 10)).isEqualTo(BatchStatus.IN_PROGRESS);
    }

    @Test
    void theJobCompletedIsFinalizingUntilEveryLineIsReadBackThenCompleted() {
        assertThat(BatchStatus.of(DONE, BatchJobState.COMPLETED, true, false, false, 9, 10)).isEqualTo(BatchStatus.FINALIZING);
        assertThat(BatchStatus.of(DONE, BatchJobState.COMPLETED, true, false, false, 10, 10)).isEqualTo(BatchStatus.COMPLETED);
        // lines the API answered itself count: a batch none of whose lines reached the job completes too
        assertThat(BatchStatus.of(DONE, null, false, false, false, 3, 3)).isEqualTo(BatchStatus.COMPLETED);
    }

    @Test
    void aCancelIsCancellingUntilTheJobSaysCancelled() {
        assertThat(BatchStatus.of(DONE, BatchJobState.RUNNING, true, true, false, 4, 10)).isEqualTo(BatchStatus.CANCELLING);
        assertThat(BatchStatus.of(RUNNING, null, false, true, false, 0, 0)).isEqualTo(BatchStatus.CANCELLING);
        assertThat(BatchStatus.of(DONE, BatchJobState.CANCELLED, true, true, false, 4, 10)).isEqualTo(BatchStatus.CANCELLED);
        assertThat(BatchStatus.of(DONE, null, false, true, false, 0, 10)).as("nothing reached the job").isEqualTo(BatchStatus.CANCELLED);
        assertThat(BatchStatus.of(DONE, BatchJobState.CANCELLED, true, false, false, 4, 10)).as("cancelled by submit --cancel")
                .isEqualTo(BatchStatus.CANCELLED);
        assertThat(BatchStatus.of(DONE, BatchJobState.RUNNING, true, true, false, 10, 10)).as("answered before the cancel took")
                .isEqualTo(BatchStatus.COMPLETED);
    }

    @Test
    void aRefusedFileOrAFailedJobFailsAndAPassedWindowExpires() {
        assertThat(BatchStatus.of(REFUSED, null, false, false, false, 0, 4)).isEqualTo(BatchStatus.FAILED);
        assertThat(BatchStatus.of(DONE, BatchJobState.FAILED, true, false, false, 0, 4)).isEqualTo(BatchStatus.FAILED);
        assertThat(BatchStatus.of(DONE, BatchJobState.RUNNING, true, false, true, 2, 4)).isEqualTo(BatchStatus.EXPIRED);
    }

    @Test
    void namesAreOpenAisAndOnlyTheEndsAreFinal() {
        assertThat(BatchStatus.IN_PROGRESS.apiName()).isEqualTo("in_progress");
        assertThat(BatchStatus.values()).filteredOn(BatchStatus::isFinal)
                .containsExactlyInAnyOrder(BatchStatus.COMPLETED, BatchStatus.FAILED, BatchStatus.CANCELLED, BatchStatus.EXPIRED);
    }
}
