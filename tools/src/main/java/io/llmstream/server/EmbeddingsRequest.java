package io.llmstream.server;

import java.util.List;

/**
 * One checked {@code POST /v1/embeddings} request: its texts in order, the model it names (the
 * served model when it names none), and how to write the vectors.
 */
record EmbeddingsRequest(List<String> inputs, String model, EncodingFormat encodingFormat) {
    EmbeddingsRequest {
        inputs = List.copyOf(inputs);
    }
}
