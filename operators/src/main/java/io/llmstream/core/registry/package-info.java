/**
 * Avro payloads in the Confluent wire format (magic byte 0, 4-byte big-endian schema id, Avro
 * binary) and a small client of the Confluent-compatible schema registry REST API: writer schemas
 * fetched by id and resolved against our reader schemas, our schemas registered under
 * {@code <topic>-value}. Free of Flink.
 */
package io.llmstream.core.registry;
