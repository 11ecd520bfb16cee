package io.llmstream.core.model;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Serializable recipe of an embedding model: where its ONNX file and {@code tokenizer.json} are,
 * how many tokens it reads, how its output is pooled, and which file contents are expected.
 * Specs are cheap to ship to every task; the heavy session is built from them once per JVM.
 */
public final class ModelSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Longest window any spec may ask for; larger values are almost always a typo. */
    public static final int MAX_TOKENS_LIMIT = 8192;

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final String id;
    private final ModelSource model;
    private final ModelSource tokenizer;
    private final int maxTokens;
    private final Pooling pooling;
    private final boolean normalize;
    private final String expectedSha256;
    private final String output;
    private final int width;
    private final String documentPrefix;
    private final String queryPrefix;

    private ModelSpec(Builder b) {
        this.id = b.id;
        this.model = b.model;
        this.tokenizer = b.tokenizer;
        this.maxTokens = b.maxTokens;
        this.pooling = b.pooling;
        this.normalize = b.normalize;
        this.expectedSha256 = b.expectedSha256;
        this.output = b.output;
        this.width = b.width;
        this.documentPrefix = b.documentPrefix;
        this.queryPrefix = b.queryPrefix;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this spec, to change one setting (e.g. max tokens). */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.model = model;
        b.tokenizer = tokenizer;
        b.maxTokens = maxTokens;
        b.pooling = pooling;
        b.normalize = normalize;
        b.expectedSha256 = expectedSha256;
        b.output = output;
        b.width = width;
        b.documentPrefix = documentPrefix;
        b.queryPrefix = queryPrefix;
        return b;
    }

    public String id() {
        return id;
    }

    public ModelSource model() {
        return model;
    }

    public ModelSource tokenizer() {
        return tokenizer;
    }

    /** Tokens fed to the model per text, special tokens included; longer texts are truncated. */
    public int maxTokens() {
        return maxTokens;
    }

    public Pooling pooling() {
        return pooling;
    }

    public boolean normalize() {
        return normalize;
    }

    /** Expected hex sha256 of the ONNX file, or {@code null} when not pinned. */
    public String expectedSha256() {
        return expectedSha256;
    }

    /**
     * Name of the graph output holding the token vectors (or already pooled vectors); {@code null}
     * takes {@code last_hidden_state} or {@code token_embeddings} when the graph has one, else its
     * first output.
     */
    public String output() {
        return output;
    }

    /** Width of the model's vectors, checked against its output at start; 0 when not known beforehand. */
    public int width() {
        return width;
    }

    /** Put before every document text before it is tokenized (e5's {@code passage: }); empty for none. */
    public String documentPrefix() {
        return documentPrefix;
    }

    /** Put before every query text (e5's {@code query: }, BGE's retrieval instruction); empty for none. */
    public String queryPrefix() {
        return queryPrefix;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ModelSpec)) {
            return false;
        }
        ModelSpec s = (ModelSpec) o;
        return id.equals(s.id) && model.equals(s.model) && tokenizer.equals(s.tokenizer)
                && maxTokens == s.maxTokens && pooling == s.pooling && normalize == s.normalize
                && Objects.equals(expectedSha256, s.expectedSha256) && Objects.equals(output, s.output)
                && width == s.width && documentPrefix.equals(s.documentPrefix) && queryPrefix.equals(s.queryPrefix);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, model, tokenizer, maxTokens, pooling, normalize, expectedSha256, output, width,
                documentPrefix, queryPrefix);
    }

    @Override
    public String toString() {
        return "ModelSpec{id=" + id + ", model=" + model + ", tokenizer=" + tokenizer + ", maxTokens=" + maxTokens
                + ", pooling=" + pooling + ", normalize=" + normalize + ", sha256=" + expectedSha256
                + (output == null ? "" : ", output=" + output) + (width == 0 ? "" : ", width=" + width)
                + (documentPrefix.isEmpty() ? "" : ", documentPrefix='" + documentPrefix + "'")
                + (queryPrefix.isEmpty() ? "" : ", queryPrefix='" + queryPrefix + "'") + '}';
    }

    /** Builds a {@link ModelSpec}; {@link #build()} checks every field and says what to fix. */
    public static final class Builder {
        private String id;
        private ModelSource model;
        private ModelSource tokenizer;
        private int maxTokens = 256;
        private Pooling pooling = Pooling.MEAN;
        private boolean normalize = true;
        private String expectedSha256;
        private String output;
        private int width;
        private String documentPrefix = "";
        private String queryPrefix = "";

        private Builder() {}

        public Builder setId(String id) {
            this.id = id;
            return this;
        }

        /** ONNX file location, {@code classpath:} or {@code file:}. */
        public Builder setModel(String location) {
            this.model = ModelSource.parse("model.source", location);
            return this;
        }

        /** {@code tokenizer.json} location, {@code classpath:} or {@code file:}. */
        public Builder setTokenizer(String location) {
            this.tokenizer = ModelSource.parse("model.tokenizer", location);
            return this;
        }

        public Builder setMaxTokens(int maxTokens) {
            this.maxTokens = maxTokens;
            return this;
        }

        public Builder setPooling(Pooling pooling) {
            this.pooling = pooling;
            return this;
        }

        public Builder setNormalize(boolean normalize) {
            this.normalize = normalize;
            return this;
        }

        /** Pins the ONNX file's content; {@code null} accepts any file. */
        public Builder setExpectedSha256(String sha256) {
            this.expectedSha256 = sha256 == null ? null : sha256.trim().toLowerCase(Locale.ROOT);
            return this;
        }

        /** The graph output to read; {@code null} lets the embedder choose (see {@link ModelSpec#output()}). */
        public Builder setOutput(String output) {
            this.output = output == null || output.isBlank() ? null : output.trim();
            return this;
        }

        /** Expected vector width; 0 when not known. */
        public Builder setWidth(int width) {
            this.width = width;
            return this;
        }

        /** Prefix for document texts; {@code null} means none. */
        public Builder setDocumentPrefix(String prefix) {
            this.documentPrefix = prefix == null ? "" : prefix;
            return this;
        }

        /** Prefix for query texts; {@code null} means none. */
        public Builder setQueryPrefix(String prefix) {
            this.queryPrefix = prefix == null ? "" : prefix;
            return this;
        }

        public ModelSpec build() {
            if (id == null || !MODEL_ID.matcher(id).matches()) {
                throw new IllegalStateException("model.id = '" + id
                        + "' is not a model id: use 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit");
            }
            if (model == null) {
                throw new IllegalStateException("model.source is required for model '" + id + "'");
            }
            if (tokenizer == null) {
                throw new IllegalStateException("model.tokenizer is required for model '" + id + "'");
            }
            if (maxTokens < 2 || maxTokens > MAX_TOKENS_LIMIT) {
                throw new IllegalStateException("model.max-tokens = " + maxTokens + " for model '" + id
                        + "' is out of range; allowed: 2.." + MAX_TOKENS_LIMIT);
            }
            if (pooling == null) {
                throw new IllegalStateException("model.pooling is required for model '" + id + "'; allowed: " + Pooling.allowed());
            }
            if (expectedSha256 != null && !SHA256.matcher(expectedSha256).matches()) {
                throw new IllegalStateException("model.sha256 = '" + expectedSha256 + "' for model '" + id
                        + "' is not a sha256: expected 64 hex digits");
            }
            if (width < 0 || width > 65_536) {
                throw new IllegalStateException("model.width = " + width + " for model '" + id
                        + "' is out of range; allowed: 1..65536, or 0 for not known");
            }
            return new ModelSpec(this);
        }
    }
}
