package io.llmstream.core.embed;

import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.config.OptionReader;
import io.llmstream.core.model.ModelLoadException;
import io.llmstream.core.model.ModelSpec;
import io.llmstream.core.task.Document;
import io.llmstream.core.task.EnrichmentTask;
import io.llmstream.core.task.ResultField;
import io.llmstream.core.task.TaskContext;
import io.llmstream.core.task.TaskFailure;
import io.llmstream.core.task.TaskOutput;
import io.llmstream.core.task.TaskRunner;
import io.llmstream.schema.DeadLetterReason;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;

/**
 * {@code embed}: the document vector, its token count, whether it was cut, its windows, (with
 * {@code chunking.emit-chunk-embeddings}) each window's vector, and (with {@code chunking.emit =
 * chunks | both}) each window as a {@link TextChunk}; {@code chunking.emit = chunks} leaves the
 * document vector empty. Every pipeline runs it: the
 * vector is computed once per document by the framework's {@link DocumentEmbedder} (under this
 * task's metrics and stage), and other tasks read it from the {@link Document}.
 *
 * <p>What it writes can be made smaller ({@link EmbedOptions}): {@code embed.dimensions} keeps the
 * first dimensions of the result's vectors, re-normalised; {@code embed.encoding} packs the
 * document vector ({@link VectorCodec}). Other tasks still read the whole vector.
 */
public final class EmbedTask implements EnrichmentTask<EmbedTask.Settings> {
    private static final long serialVersionUID = 1L;

    public static final String NAME = "embed";

    public static final ResultField<float[]> EMBEDDING = ResultField.vector("embedding", "embedding", true);
    public static final ResultField<PackedVector> EMBEDDING_PACKED = ResultField.packedVector("embedding_encoding",
            "embeddingPacked", EMBEDDING);
    public static final ResultField<Integer> TOKENS = ResultField.integer("tokens", "tokens");
    public static final ResultField<Boolean> TRUNCATED = ResultField.bool("truncated", "truncated");
    public static final ResultField<Integer> CHUNKS = ResultField.integer("chunks", "chunks");
    /**
     * Request attribute asking for this record's vectors cut to fewer dimensions than the model
     * gives, as {@code embed.dimensions} cuts them (an OpenAI Batch line's {@code body.dimensions}
     * arrives here). More than the model's width makes the record an {@code INVALID_FIELD} dead letter.
     */
    public static final String DIMENSIONS_ATTRIBUTE = "openai.dimensions";
    public static final ResultField<List<float[]>> CHUNK_EMBEDDINGS = ResultField.vectors("chunk_embeddings", "chunkEmbeddings");
    public static final ResultField<List<TextChunk>> TEXT_CHUNKS = ResultField.textChunks("text_chunks", "textChunks");

    /** How the result's vectors are cut and encoded. */
    public static final class Settings implements Serializable {
        private static final long serialVersionUID = 1L;

        private final int dimensions;
        private final boolean widthChecked;
        private final boolean normalize;
        private final VectorEncoding encoding;

        /** Every dimension, as float32: the vector as the model gives it. */
        public Settings() {
            this(0, true, true, VectorEncoding.FLOAT32);
        }

        /**
         * @param dimensions dimensions to keep; 0 keeps them all
         * @param widthChecked whether {@code dimensions} was checked against the model's width
         *     (else the runner checks it when it opens)
         * @param normalize whether a cut vector is scaled back to unit length (the model's vectors are)
         */
        public Settings(int dimensions, boolean widthChecked, boolean normalize, VectorEncoding encoding) {
            this.dimensions = dimensions;
            this.widthChecked = widthChecked;
            this.normalize = normalize;
            this.encoding = encoding;
        }

        /** Dimensions kept; 0 when all are. */
        public int dimensions() {
            return dimensions;
        }

        public VectorEncoding encoding() {
            return encoding;
        }

        /** These settings, keeping {@code dimensions} instead (0 for all of them). */
        public Settings withDimensions(int dimensions) {
            return new Settings(dimensions, true, normalize, encoding);
        }

        /**
         * The vector as it goes into the result: cut to {@link #dimensions()} if set, re-normalised
         * when the model's vectors are. Front doors that take a per-request width (the embed
         * server, OpenAI Batch lines) cut through here too, so every vector of a given width is the same.
         */
        public float[] shape(float[] vector) {
            return dimensions == 0 ? vector : Vectors.truncate(vector, dimensions, normalize);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ConfigOption<?>> options() {
        return List.of(EmbedOptions.DIMENSIONS, EmbedOptions.ENCODING);
    }

    @Override
    public List<ResultField<?>> resultFields() {
        return List.of(EMBEDDING, EMBEDDING_PACKED, TOKENS, TRUNCATED, CHUNKS, CHUNK_EMBEDDINGS, TEXT_CHUNKS);
    }

    /**
     * Reads the encoding, and checks {@code embed.dimensions} against the model's width, which
     * takes loading the model ({@link ModelWidth}). A model that cannot be loaded here (a path
     * that exists only on the TaskManagers) is checked when the task opens instead.
     */
    @Override
    public Settings configure(ReadableConfig conf, EngineConfig engine) {
        OptionReader r = OptionReader.of(conf);
        VectorEncoding encoding = r.enumValue(EmbedOptions.ENCODING, "a vector encoding");
        Optional<Integer> dimensions = r.getOptional(EmbedOptions.DIMENSIONS);
        if (dimensions.isEmpty()) {
            return new Settings(0, true, engine.model().normalize(), encoding);
        }
        int wanted = r.atLeast(EmbedOptions.DIMENSIONS, 1);
        boolean checked;
        try {
            checkWidth(wanted, engine.model(), ModelWidth.of(engine.model()));
            checked = true;
        } catch (ModelLoadException e) {
            checked = false;
        }
        return new Settings(wanted, checked, engine.model().normalize(), encoding);
    }

    /** @throws IllegalArgumentException naming the key, the model and its width when {@code wanted} exceeds it */
    static void checkWidth(int wanted, ModelSpec model, int width) {
        if (wanted > width) {
            throw new IllegalArgumentException(EmbedOptions.DIMENSIONS.key() + " = " + wanted + " is more than the " + width
                    + " dimensions of model '" + model.id() + "'; allowed: 1 to " + width + ", or unset for all of them");
        }
    }

    @Override
    public TaskRunner open(Settings config, TaskContext context) {
        if (!config.widthChecked) {
            checkWidth(config.dimensions, context.engine().model(), ModelWidth.of(context.engine().model()));
        }
        boolean emitChunks = context.chunking().emitChunkEmbeddings();
        String model = context.engine().model().id();
        ChunkEmit emit = context.chunking().emit();
        return document -> document.embedding().thenApply(e -> output(document.text(), e,
                forRecord(config, document.attributes(), e.vector().length, model), emitChunks, emit));
    }

    /**
     * The settings of one record: {@code config}, or cut to the dimensions its
     * {@link #DIMENSIONS_ATTRIBUTE} asks for.
     *
     * @param width the model's width
     * @throws TaskFailure ({@code INVALID_FIELD}) when the attribute is not a whole number from 1 to the width
     */
    static Settings forRecord(Settings config, Map<String, String> attributes, int width, String model) {
        String asked = attributes.get(DIMENSIONS_ATTRIBUTE);
        if (asked == null) {
            return config;
        }
        int dimensions;
        try {
            dimensions = Integer.parseInt(asked.trim());
        } catch (NumberFormatException e) {
            dimensions = 0;
        }
        if (dimensions < 1 || dimensions > width) {
            throw new TaskFailure(NAME, DeadLetterReason.INVALID_FIELD, "field 'body.dimensions' (attribute "
                    + DIMENSIONS_ATTRIBUTE + ") asks for " + asked + " dimensions of model '" + model + "', which gives "
                    + width + "; allowed: 1 to " + width + ", or leave it out", null);
        }
        return config.withDimensions(dimensions);
    }

    /**
     * The task's fields. The packed vector is made here, so that a value the encoding cannot hold
     * (beyond float16's range) is this record's {@code INVALID_OUTPUT} dead letter, never a job
     * failure; the decoded values go with it, so that views which show floats (JSON, SQL) show what
     * a consumer of the packed bytes gets. With {@code chunking.emit} chunks, each window of
     * {@code text} goes with its own vector, cut like the document's.
     *
     * @throws InvalidOutputException when the encoding cannot hold the vector
     */
    static TaskOutput output(String text, DocumentEmbedding e, Settings config, boolean emitChunks, ChunkEmit emit) {
        float[] vector = config.shape(e.vector());
        PackedVector packed = !emit.documentVector() || config.encoding == VectorEncoding.FLOAT32 ? null
                : pack(vector, config.encoding);
        List<float[]> chunkVectors = emitChunks ? shapeAll(e.chunkVectors(), config) : null;
        List<TextChunk> textChunks = emit.chunks() ? shapeChunks(e.textChunks(text), config) : null;
        return result -> {
            if (emit.documentVector() && packed == null) {
                result.put(EMBEDDING, vector);
            } else if (emit.documentVector()) {
                result.put(EMBEDDING, packed.decode());
                result.put(EMBEDDING_PACKED, packed);
            }
            if (textChunks != null) {
                result.put(TEXT_CHUNKS, textChunks);
            }
            result.put(TOKENS, e.tokens());
            result.put(TRUNCATED, e.truncated());
            result.put(CHUNKS, e.chunks());
            if (chunkVectors != null) {
                result.put(CHUNK_EMBEDDINGS, chunkVectors);
            }
        };
    }

    private static PackedVector pack(float[] vector, VectorEncoding encoding) {
        try {
            return VectorCodec.pack(vector, encoding);
        } catch (IllegalArgumentException e) {
            throw new InvalidOutputException(EmbedOptions.ENCODING.key() + " = " + encoding + ": " + e.getMessage());
        }
    }

    private static List<TextChunk> shapeChunks(List<TextChunk> chunks, Settings config) {
        List<TextChunk> out = new ArrayList<>(chunks.size());
        chunks.forEach(c -> out.add(new TextChunk(c.index(), c.start(), c.end(), c.text(), config.shape(c.vector()))));
        return out;
    }

    private static List<float[]> shapeAll(List<float[]> vectors, Settings config) {
        List<float[]> out = new ArrayList<>(vectors.size());
        vectors.forEach(v -> out.add(config.shape(v)));
        return out;
    }
}
