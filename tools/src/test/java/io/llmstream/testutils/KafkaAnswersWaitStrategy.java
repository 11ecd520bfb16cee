package io.llmstream.testutils;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * Waits until a broker answers an admin client (it lists itself as a cluster node), rather than
 * until some line appears in its log: the container is ready when clients can use it.
 */
final class KafkaAnswersWaitStrategy extends AbstractWaitStrategy {
    private final Supplier<String> bootstrapServers;

    /** @param bootstrapServers asked once the container runs, since a mapped port is known only then */
    KafkaAnswersWaitStrategy(Supplier<String> bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    @Override
    protected void waitUntilReady() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers.get());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        try (Admin admin = Admin.create(props)) {
            while (System.nanoTime() < deadline) {
                if (!waitStrategyTarget.isRunning()) {
                    throw new ContainerLaunchException("the Kafka container exited before its broker answered");
                }
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    // not up yet
                }
                sleep(Duration.ofMillis(300));
            }
        }
        throw new ContainerLaunchException("the Kafka broker at " + bootstrapServers.get() + " did not answer within " + startupTimeout);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerLaunchException("interrupted while waiting for the Kafka broker", e);
        }
    }
}
