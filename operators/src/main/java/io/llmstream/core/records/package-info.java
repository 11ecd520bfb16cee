/** Kafka payloads: decoding and validating requests (Avro or JSON), encoding results and dead letters. */
package io.llmstream.core.records;
