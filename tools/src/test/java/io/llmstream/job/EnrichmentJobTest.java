package io.llmstream.job;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.local.LocalFlink;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnrichmentJobTest {

    @Test
    void exactlyOnceWithoutCheckpointingIsRefusedAtStartWithTheFix() {
        JobSettings settings = JobSettings.from(Map.of("properties.bootstrap.servers", "localhost:9092"));

        assertThatThrownBy(() -> EnrichmentJob.build(LocalFlink.withParallelism(1).withoutCheckpoints().build(), settings))
                .hasMessageContaining("sink.delivery-guarantee = exactly-once needs checkpointing")
                .hasMessageContaining("execution.checkpointing.interval");
    }

    @Test
    void kafkaClientPropertiesAreArgumentsAndThoseTheJobOwnsAreRefusedByName() {
        String[] args = {"--properties.bootstrap.servers", "localhost:9092", "--properties.security.protocol", "SSL",
            "--properties.transactional.id", "mine"};

        assertThatThrownBy(() -> EnrichmentJob.run(args, LocalFlink.environment(1)))
                .hasMessage("properties.transactional.id is set by the job itself and cannot be passed through:"
                        + " set sink.transactional-id-prefix");
    }
}
