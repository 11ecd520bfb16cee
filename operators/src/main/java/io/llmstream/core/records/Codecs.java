package io.llmstream.core.records;

import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.EmbeddingRequest;
import io.llmstream.schema.EmbeddingResult;

/** Codecs of the Kafka payloads; each call returns a new, unshared instance (codecs are not thread-safe). */
public final class Codecs {
    private Codecs() {}

    public static AvroCodec<EmbeddingRequest> requests() {
        return new AvroCodec<>(EmbeddingRequest.class, EmbeddingRequest.getClassSchema());
    }

    public static AvroCodec<EmbeddingResult> results() {
        return new AvroCodec<>(EmbeddingResult.class, EmbeddingResult.getClassSchema());
    }

    public static AvroCodec<DeadLetter> deadLetters() {
        return new AvroCodec<>(DeadLetter.class, DeadLetter.getClassSchema());
    }
}
