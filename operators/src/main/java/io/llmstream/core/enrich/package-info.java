/**
 * The Flink-free enricher: {@link io.llmstream.core.enrich.Enricher} turns a
 * {@link io.llmstream.core.task.Document} into an {@link io.llmstream.core.enrich.Outcome} (a result, or
 * a rejection with stage, reason and message) by preprocessing, embedding and running the
 * configured tasks. The Flink functions and the SQL model provider only map records to documents
 * and outcomes to records.
 */
package io.llmstream.core.enrich;
