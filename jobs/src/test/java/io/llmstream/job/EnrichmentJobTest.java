package io.llmstream.job;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.local.LocalFlink;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnrichmentJobTest {

    @Test
    void exactlyOnceWithoutCheckpointingIsRefusedAtStartWithTheFix() {
        JobSettings settings = JobSettings.from(Map.of("kafka.bootstrap-servers", "localhost:9092"));

        assertThatThrownBy(() -> EnrichmentJob.build(LocalFlink.withParallelism(1).withoutCheckpoints().build(), settings))
                .hasMessageContaining("delivery.guarantee = exactly-once needs checkpointing")
                .hasMessageContaining("execution.checkpointing.interval");
    }
}
