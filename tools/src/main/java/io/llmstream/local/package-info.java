/**
 * The embedded local runner: a real KRaft Kafka broker and a Flink MiniCluster in one JVM, for the
 * demo, the {@code sql} command and tests.
 */
package io.llmstream.local;
