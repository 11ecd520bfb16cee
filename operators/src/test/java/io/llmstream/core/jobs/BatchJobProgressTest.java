package io.llmstream.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmstream.schema.BatchJobAction;
import io.llmstream.schema.BatchJobCommand;
import io.llmstream.schema.BatchJobState;
import io.llmstream.schema.BatchJobStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchJobProgressTest {
    private static final List<String> TASKS = List.of("embed", "summarize");

    @Test
    void aJobIsAcceptedRunsAndCompletesExactlyWhenEveryRecordIsAnswered() {
        BatchJobStatus s = BatchJobProgress.unknown("j", 0);

        assertThat(BatchJobProgress.apply(s, submit(3, List.of("embed")), TASKS, 1)).isTrue();
        assertThat(s.getState()).isEqualTo(BatchJobState.ACCEPTED);
        assertThat(BatchJobProgress.answered(s, true, 2)).isTrue();
        assertThat(s.getState()).isEqualTo(BatchJobState.RUNNING);
        assertThat(BatchJobProgress.answered(s, false, 3)).isFalse();
        assertThat(BatchJobProgress.answered(s, true, 4)).isTrue();

        assertThat(s.getState()).isEqualTo(BatchJobState.COMPLETED);
        assertThat(s.getReceivedRecords()).isEqualTo(3);
        assertThat(s.getSucceededRecords()).isEqualTo(2);
        assertThat(s.getDeadLetteredRecords()).isEqualTo(1);
        assertThat(s.getOptions()).containsEntry("owner", "team-a");
    }

    @Test
    void recordsAnsweredBeforeTheSubmissionArrivesStillCount() {
        BatchJobStatus s = BatchJobProgress.unknown("j", 0);
        BatchJobProgress.answered(s, true, 1);
        BatchJobProgress.answered(s, true, 2);

        assertThat(s.getState()).isEqualTo(BatchJobState.UNKNOWN);
        BatchJobProgress.apply(s, submit(2, List.of()), TASKS, 3);
        assertThat(s.getState()).isEqualTo(BatchJobState.COMPLETED);
    }

    @Test
    void cancelIsFinalAndAJobAskingForATaskThePipelineLacksFails() {
        BatchJobStatus cancelled = BatchJobProgress.unknown("c", 0);
        BatchJobProgress.apply(cancelled, submit(10, List.of()), TASKS, 1);
        assertThat(BatchJobProgress.apply(cancelled, command(BatchJobAction.CANCEL, 0, List.of()), TASKS, 2)).isTrue();
        BatchJobProgress.answered(cancelled, true, 3);
        assertThat(cancelled.getState()).isEqualTo(BatchJobState.CANCELLED);
        assertThat(BatchJobProgress.apply(cancelled, submit(10, List.of()), TASKS, 4)).isFalse();

        BatchJobStatus failed = BatchJobProgress.unknown("f", 0);
        BatchJobProgress.apply(failed, submit(10, List.of("classify")), TASKS, 1);
        assertThat(failed.getState()).isEqualTo(BatchJobState.FAILED);
        assertThat(failed.getMessage()).contains("'classify'").contains("[embed, summarize]");
    }

    private static BatchJobCommand submit(long expected, List<String> tasks) {
        return command(BatchJobAction.SUBMIT, expected, tasks);
    }

    private static BatchJobCommand command(BatchJobAction action, long expected, List<String> tasks) {
        return BatchJobCommand.newBuilder().setJobId("j").setAction(action).setExpectedRecords(expected)
                .setTasks(List.copyOf(tasks)).setOptions(Map.of("owner", "team-a")).setTimeMillis(0).build();
    }
}
