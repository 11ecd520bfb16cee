/**
 * Micro-batching by token budget: the pure {@link io.llmstream.core.batch.MicroBatcher} that cuts
 * batches within length buckets, and the {@link io.llmstream.core.batch.InferenceEngine} that runs
 * them on a shared session with worker threads and completes each request's future.
 */
package io.llmstream.core.batch;
