package io.llmstream.core.embed;

import io.llmstream.core.model.ModelSpec;
import io.llmstream.core.runtime.ModelSession;
import io.llmstream.core.runtime.RefCountedCache;
import io.llmstream.core.runtime.SessionSettings;
import io.llmstream.core.runtime.SharedSessions;
import io.llmstream.core.text.TextTokenizer;
import io.llmstream.core.text.TokenizedText;
import ai.onnxruntime.OrtException;
import java.util.List;

/**
 * An embedding model ready to use: its tokenizer plus a lease on the JVM-wide shared session.
 * Each user (an operator instance, a benchmark) opens its own and closes it when done; the
 * weights are loaded once per JVM.
 */
public final class EmbeddingModel implements AutoCloseable {
    private final ModelSpec spec;
    private final TextTokenizer tokenizer;
    private final RefCountedCache.Lease<ModelSession> lease;
    private final Embedder embedder;

    private EmbeddingModel(ModelSpec spec, TextTokenizer tokenizer, RefCountedCache.Lease<ModelSession> lease) {
        this.spec = spec;
        this.tokenizer = tokenizer;
        this.lease = lease;
        this.embedder = new Embedder(lease.get(), spec);
    }

    /** Opens {@code spec} on the JVM-wide session cache. */
    public static EmbeddingModel open(ModelSpec spec, SessionSettings settings) {
        TextTokenizer tokenizer = TextTokenizer.load(spec.tokenizer(), spec.maxTokens(), spec.documentPrefix());
        RefCountedCache.Lease<ModelSession> lease;
        try {
            lease = SharedSessions.jvm().acquire(spec, settings);
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
        try {
            return new EmbeddingModel(spec, tokenizer, lease);
        } catch (RuntimeException e) {
            lease.close();
            tokenizer.close();
            throw e;
        }
    }

    public ModelSpec spec() {
        return spec;
    }

    /** Hex sha256 of the ONNX file in use. */
    public String sha256() {
        return lease.get().sha256();
    }

    public TokenizedText tokenize(String text) {
        return tokenizer.encode(text);
    }

    /** See {@link Embedder#embed(List)}. */
    public float[][] embed(List<TokenizedText> batch) throws OrtException {
        return embedder.embed(batch);
    }

    @Override
    public void close() {
        lease.close();
        tokenizer.close();
    }
}
