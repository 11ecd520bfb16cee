package io.llmstream.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.async.AsyncFunction;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.runtime.tasks.mailbox.Mail;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailbox;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link FlushingAsyncWaitOperator} in Flink's operator test harness, with a function that, like
 * the batching engine, holds every request until it is flushed: nothing is sent while records
 * flow, everything held is sent before a checkpoint's barrier, at end of input and on close.
 * Without the flush at end of input the operator would wait forever for the held results: the
 * timeout turns that into a failure.
 */
@Timeout(60)
class FlushingAsyncWaitOperatorTest {
    private static final long TIMEOUT_MILLIS = 60_000;
    private static final int CAPACITY = 10;

    @Test
    void heldRequestsAreSentBeforeTheBarrierAndTheirResultsEmittedWhileTheCheckpointKeepsThem() throws Exception {
        HoldingFunction function = new HoldingFunction();
        OperatorSubtaskState checkpoint;
        try (OneInputStreamOperatorTestHarness<String, String> harness = open(function, null)) {
            harness.processElement("a", 1);
            harness.processElement("b", 2);
            harness.processElement("c", 3);
            assertThat(function.flushes).as("records flowing cause no flush").isEmpty();
            assertThat(function.held).hasSize(3);

            harness.prepareSnapshotPreBarrier(1);
            assertThat(function.flushes).as("requests sent at the flush before the barrier").containsExactly(3);
            assertThat(function.held).isEmpty();

            checkpoint = harness.snapshot(1, 4);
            runMailbox(harness);
            assertThat(harness.extractOutputValues()).containsExactlyInAnyOrder("A", "B", "C");
        }

        HoldingFunction restored = new HoldingFunction();
        try (OneInputStreamOperatorTestHarness<String, String> harness = open(restored, checkpoint)) {
            assertThat(restored.held).as("records in flight at the checkpoint are sent again on recovery")
                    .containsExactlyInAnyOrder("a", "b", "c");
        }
    }

    @Test
    void atEndOfInputHeldRequestsAreSentAndEveryResultIsEmittedBeforeItReturns() throws Exception {
        HoldingFunction function = new HoldingFunction();
        try (OneInputStreamOperatorTestHarness<String, String> harness = open(function, null)) {
            harness.processElement("a", 1);
            harness.processElement("b", 2);

            harness.endInput();

            assertThat(function.flushes).containsExactly(2);
            assertThat(function.held).isEmpty();
            assertThat(harness.extractOutputValues()).containsExactlyInAnyOrder("A", "B");
        }
    }

    @Test
    void onCloseHeldRequestsAreSentSoThatNoneWaitsInTheSharedBatch() throws Exception {
        HoldingFunction function = new HoldingFunction();
        OneInputStreamOperatorTestHarness<String, String> harness = open(function, null);
        harness.processElement("a", 1);
        harness.processElement("b", 2);
        assertThat(function.flushes).isEmpty();

        harness.close();

        assertThat(function.flushes).containsExactly(2);
        assertThat(function.held).isEmpty();
        assertThat(function.completed).containsExactlyInAnyOrder("a", "b");
    }

    private static OneInputStreamOperatorTestHarness<String, String> open(HoldingFunction function,
            OperatorSubtaskState restoreFrom) throws Exception {
        OneInputStreamOperatorTestHarness<String, String> harness = new OneInputStreamOperatorTestHarness<>(
                new FlushingAsyncWaitOperatorFactory<>(function, TIMEOUT_MILLIS, CAPACITY), StringSerializer.INSTANCE);
        harness.setup(StringSerializer.INSTANCE);
        if (restoreFrom == null) {
            harness.initializeEmptyState();
        } else {
            harness.initializeState(restoreFrom);
        }
        harness.open();
        return harness;
    }

    /** Runs what the async operator left in the task's mailbox: here, emitting completed results. */
    private static void runMailbox(OneInputStreamOperatorTestHarness<String, String> harness) throws Exception {
        TaskMailbox mailbox = harness.getTaskMailbox();
        for (Optional<Mail> mail = mailbox.tryTake(TaskMailbox.MIN_PRIORITY); mail.isPresent();
                mail = mailbox.tryTake(TaskMailbox.MIN_PRIORITY)) {
            mail.get().run();
        }
    }

    /** Holds each request until {@link #flush()}, which answers them all with their upper case. */
    private static final class HoldingFunction implements AsyncFunction<String, String>, Flushable {
        private static final long serialVersionUID = 1L;

        final transient List<String> held = new ArrayList<>();
        final transient List<ResultFuture<String>> futures = new ArrayList<>();
        /** How many requests each flush sent. */
        final transient List<Integer> flushes = new ArrayList<>();
        final transient List<String> completed = new ArrayList<>();

        @Override
        public void asyncInvoke(String input, ResultFuture<String> resultFuture) {
            held.add(input);
            futures.add(resultFuture);
        }

        @Override
        public void flush() {
            flushes.add(held.size());
            for (int i = 0; i < held.size(); i++) {
                futures.get(i).complete(List.of(held.get(i).toUpperCase(Locale.ROOT)));
                completed.add(held.get(i));
            }
            held.clear();
            futures.clear();
        }
    }
}
