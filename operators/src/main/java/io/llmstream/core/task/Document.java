package io.llmstream.core.task;

import io.llmstream.core.embed.DocumentEmbedding;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One text to enrich, under its own id. Tasks see it after preprocessing, with the future of its
 * document vector: a task that needs the vector (classify, keywords) composes on
 * {@link #embedding()}, one that does not (a generated summary) starts at once.
 */
public final class Document {
    private final String id;
    private final String text;
    private final Map<String, String> attributes;
    private final CompletableFuture<DocumentEmbedding> embedding;

    private Document(String id, String text, Map<String, String> attributes, CompletableFuture<DocumentEmbedding> embedding) {
        this.id = Objects.requireNonNull(id, "id");
        this.text = Objects.requireNonNull(text, "text");
        this.attributes = Map.copyOf(attributes);
        this.embedding = embedding;
    }

    /** A document as received, before preprocessing and embedding. */
    public static Document of(String id, String text, Map<String, String> attributes) {
        return new Document(id, text, attributes, null);
    }

    /** This document with the text the models see and the future of its vector. */
    public Document prepared(String preprocessedText, CompletableFuture<DocumentEmbedding> vector) {
        return new Document(id, preprocessedText, attributes, Objects.requireNonNull(vector, "vector"));
    }

    public String id() {
        return id;
    }

    /** The text; after preprocessing when a task sees it. */
    public String text() {
        return text;
    }

    public Map<String, String> attributes() {
        return attributes;
    }

    /**
     * The document vector, completing when the embed step has pooled its windows.
     *
     * @throws IllegalStateException on a document not yet prepared
     */
    public CompletableFuture<DocumentEmbedding> embedding() {
        if (embedding == null) {
            throw new IllegalStateException("document '" + id + "' has not been prepared for tasks");
        }
        return embedding;
    }
}
