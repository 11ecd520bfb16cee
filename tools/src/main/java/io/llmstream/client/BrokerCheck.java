package io.llmstream.client;

import io.llmstream.job.kafka.KafkaClientProperties;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Asks the Kafka cluster to describe itself, within a bounded time, before a command sends
 * anything: a wrong address or a broker that is down then fails in seconds with the address
 * named, instead of after the clients' own (much longer) timeouts.
 */
final class BrokerCheck {
    /** How long {@code submit} waits for the broker to answer. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private BrokerCheck() {}

    /**
     * Returns when a broker at {@code bootstrap} answers within {@code timeout}.
     *
     * @throws IllegalStateException naming the address when none does
     */
    static void reachable(String bootstrap, KafkaClientProperties client, Duration timeout) {
        Properties props = client.addTo(new Properties());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        int millis = (int) timeout.toMillis();
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(millis));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(millis));
        Admin admin = Admin.create(props);
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis)).nodes()
                    .get(millis + 1000L, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unreachable(bootstrap, timeout, e.getCause());
        } catch (TimeoutException e) {
            throw unreachable(bootstrap, timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(bootstrap, timeout, e);
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    private static IllegalStateException unreachable(String bootstrap, Duration timeout, Throwable cause) {
        String why = cause instanceof org.apache.kafka.common.errors.TimeoutException || cause instanceof TimeoutException
                ? "no answer within " + timeout.toSeconds() + " s" : String.valueOf(cause.getMessage());
        return new IllegalStateException("cannot reach the Kafka broker at " + bootstrap + " (" + why
                + "); is it running, and is that its address?", cause);
    }
}
