/** Metric reporting: periodic Avro snapshots of llm-stream's Flink metrics to a Kafka topic. */
package io.llmstream.job.metrics;
