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

    @Test
    void kafkaClientPropertiesAreArgumentsAndThoseTheJobOwnsAreRefusedByName() {
        String[] args = {"--kafka.bootstrap-servers", "localhost:9092", "--kafka.properties.security.protocol", "SSL",
            "--kafka.properties.transactional.id", "mine"};

        assertThatThrownBy(() -> EnrichmentJob.run(args, LocalFlink.environment(1)))
                .hasMessage("kafka.properties.transactional.id is set by the job itself and cannot be passed through:"
                        + " set delivery.transactional-id-prefix");
    }
}
