/** Kafka source and sinks of the enrichment job. */
package io.llmstream.job.kafka;
