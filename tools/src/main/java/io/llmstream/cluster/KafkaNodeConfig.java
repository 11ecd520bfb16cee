package io.llmstream.cluster;

import io.llmstream.local.RequestProducer;
import java.util.Properties;

/**
 * The configuration of a single-node Kafka cluster in KRaft combined mode (broker and controller
 * in one process) on loopback: internal topics with one replica, no delay before the first
 * consumer group rebalance, no topics created by accident, and records as large as our producers
 * send ({@link RequestProducer#MAX_MESSAGE_BYTES}). Shared by the local cluster and the
 * broker the container tests start, so both run the same broker.
 */
public final class KafkaNodeConfig {
    private KafkaNodeConfig() {}

    /**
     * @param port the client listener's port on {@code localhost}
     * @param controllerPort the KRaft controller listener's port on {@code localhost}
     * @param logDirs where the broker keeps its data
     */
    public static Properties combinedNode(int port, int controllerPort, String logDirs) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDirs);
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("message.max.bytes", String.valueOf(RequestProducer.MAX_MESSAGE_BYTES));
        return p;
    }
}
