/**
 * Thin Flink adapters around the inference core: they decode, call the core, time, and route
 * failures to the dead-letter side output. No model logic lives here.
 */
package io.llmstream.flink;
