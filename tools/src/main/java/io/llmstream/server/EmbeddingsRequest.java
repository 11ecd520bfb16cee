package io.llmstream.server;

import java.util.List;

/**
 * One checked {@code POST /v1/embeddings} request: its texts in order, the model it names (the
 * pipeline's default model when it names none), the dimensions to keep (0 for all of them) and how
 * to write the vectors.
 */
record EmbeddingsRequest(List<String> inputs, String model, int dimensions, EncodingFormat encodingFormat) {
    EmbeddingsRequest {
        inputs = List.copyOf(inputs);
    }
}
