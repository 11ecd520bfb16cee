/**
 * Abstractive generation with ONNX models exported in the Hugging Face layouts (a decoder-only
 * {@code model.onnx}, or {@code encoder_model.onnx} with a merged decoder): prompt templates,
 * greedy and beam search over batches with a key/value cache, and the JVM-shared
 * {@link io.llmstream.core.generate.GenerationService} that batches documents for them.
 */
package io.llmstream.core.generate;
