/**
 * Query-time embeddings over HTTP: {@code llm-stream embed-server} (and {@code serve --embed-port})
 * answers OpenAI's {@code POST /v1/embeddings} through the same {@code Enricher}, JVM-wide batching
 * service and model files as the job, with {@code /health} and Prometheus {@code /metrics}; and
 * {@code llm-stream embed-load}, a load generator for it.
 */
package io.llmstream.server;
