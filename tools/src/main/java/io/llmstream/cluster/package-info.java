/** A local multi-process cluster (Kafka broker, Flink JobManager and TaskManagers) started from Maven artifacts. */
package io.llmstream.cluster;
