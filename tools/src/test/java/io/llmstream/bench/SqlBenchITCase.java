package io.llmstream.bench;

import io.llmstream.core.batch.BatchingOptions;
import io.llmstream.core.embed.ChunkingOptions;
import io.llmstream.core.model.ModelOptions;
import io.llmstream.core.runtime.InferenceOptions;
import io.llmstream.job.kafka.DeliveryOptions;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmstream.local.EmbeddedKafka;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bench's SQL variant on the local broker and a MiniCluster: a model created with the bench's
 * job settings answers every text with a vector (the run fails otherwise), and the run is timed.
 */
class SqlBenchITCase {

    @Test
    void sqlRunAnswersEveryTextAndIsTimed() throws Exception {
        Map<String, String> jobSettings = Map.of(
                ModelOptions.MAX_TOKENS.key(), "64",
                InferenceOptions.DEVICE.key(), "cpu",
                ChunkingOptions.ON_OVERFLOW.key(), "truncate-tail",
                DeliveryOptions.GUARANTEE.key(), "at-least-once",
                BatchingOptions.MAX_BATCH_SIZE.key(), "4");
        SqlBench bench = new SqlBench(jobSettings, 1, SqlBench.DEFAULT_MAX_CONCURRENT_OPERATIONS);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            texts.add("Passage " + i + " of the bench: the state of the union is strong, said the president.");
        }

        assertThat(bench.modelOptions())
                .contains("'model' = 'all-minilm-l6-v2-q'", "'model.max-tokens' = '64'", "'model.on-overflow' = 'truncate-tail'",
                        "'batching.max-batch-size' = '4'")
                .doesNotContain("delivery");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            double seconds = bench.run(kafka, "it", texts);
            assertThat(seconds).isPositive().isLessThan(120);
        }
    }
}
