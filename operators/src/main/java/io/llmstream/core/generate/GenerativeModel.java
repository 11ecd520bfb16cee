package io.llmstream.core.generate;

import ai.onnxruntime.OrtException;
import java.util.List;

/** A generative ONNX model that starts decoding batches of prompts; thread-safe. */
interface GenerativeModel extends AutoCloseable {
    /**
     * Reads the prompts and computes the logits of their first new token.
     *
     * @param cached keep keys and values between steps; otherwise every step re-reads the whole sequence
     */
    Decoding start(List<long[]> prompts, boolean cached) throws OrtException;

    @Override
    void close();
}
