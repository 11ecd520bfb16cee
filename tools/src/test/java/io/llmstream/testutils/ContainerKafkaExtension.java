package io.llmstream.testutils;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Kafka broker in a Docker container ({@link ContainerKafka}) for the tests of one class:
 * register it as a static field with {@code @RegisterExtension} on a class marked
 * {@link RequiresDockerEngine}; it starts before the first test and is removed after the last.
 */
public final class ContainerKafkaExtension implements BeforeAllCallback, AfterAllCallback {
    private ContainerKafka kafka;

    @Override
    public void beforeAll(ExtensionContext context) {
        kafka = ContainerKafka.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (kafka != null) {
            kafka.close();
        }
    }

    public ContainerKafka kafka() {
        return kafka;
    }
}
