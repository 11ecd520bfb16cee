/**
 * The vector store a job indexes its chunks into and {@code llm-stream search} reads: options, the
 * row of one chunk, and a Flink-free client of the store (Apache Solr's HTTP API) that writes rows
 * with idempotent upserts, removes a re-embedded document's stale chunks, guards the index against
 * vectors of another model, and answers dense, lexical and hybrid (reciprocal rank fusion) queries.
 */
package io.llmstream.core.store;
