/**
 * The inference core of llm-stream: model specs and loading, tokenizers, ONNX Runtime sessions,
 * and the pre/post-processing of each task. Nothing here depends on Flink, so the core can be
 * unit-tested, benchmarked and reused (for example from a Flink SQL model provider) on its own.
 */
package io.llmstream.core;
