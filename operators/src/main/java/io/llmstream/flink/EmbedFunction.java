package io.llmstream.flink;

import io.llmstream.core.embed.EmbeddingModel;
import io.llmstream.core.embed.InvalidOutputException;
import io.llmstream.core.model.ModelSpec;
import io.llmstream.core.records.AvroCodec;
import io.llmstream.core.records.Codecs;
import io.llmstream.core.runtime.SessionSettings;
import io.llmstream.core.text.TokenizedText;
import io.llmstream.schema.DeadLetterReason;
import io.llmstream.schema.EmbeddingRequest;
import io.llmstream.schema.EmbeddingResult;
import io.llmstream.schema.ModelInfo;
import io.llmstream.schema.Timings;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Tokenizes and embeds each request with the model of the spec, through the JVM-wide shared
 * session. A failure on one record dead-letters that record only.
 */
public class EmbedFunction extends ProcessFunction<EmbeddingRequest, EmbeddingResult> {
    private static final long serialVersionUID = 1L;

    private final ModelSpec spec;
    private final SessionSettings settings;
    private transient EmbeddingModel model;
    private transient ModelInfo modelInfo;
    private transient AvroCodec<EmbeddingRequest> requestCodec;

    public EmbedFunction(ModelSpec spec, SessionSettings settings) {
        this.spec = spec;
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        model = EmbeddingModel.open(spec, settings);
        modelInfo = new ModelInfo(spec.id(), model.sha256());
        requestCodec = Codecs.requests();
    }

    @Override
    public void processElement(EmbeddingRequest request, Context ctx, Collector<EmbeddingResult> out) {
        long receivedAt = System.currentTimeMillis();
        long t0 = System.nanoTime();
        TokenizedText tokens;
        try {
            tokens = model.tokenize(request.getText());
        } catch (RuntimeException e) {
            reject(ctx, request, Stages.TOKENIZE, DeadLetterReason.TOKENIZATION_FAILED, e);
            return;
        }
        long t1 = System.nanoTime();
        float[] vector;
        try {
            vector = model.embed(List.of(tokens))[0];
        } catch (InvalidOutputException e) {
            reject(ctx, request, Stages.EMBED, DeadLetterReason.INVALID_OUTPUT, e);
            return;
        } catch (Exception e) {
            reject(ctx, request, Stages.EMBED, DeadLetterReason.INFERENCE_FAILED, e);
            return;
        }
        long t2 = System.nanoTime();
        List<Float> embedding = new ArrayList<>(vector.length);
        for (float x : vector) {
            embedding.add(x);
        }
        out.collect(EmbeddingResult.newBuilder()
                .setId(request.getId())
                .setJobId(request.getJobId())
                .setTokens(tokens.totalTokens())
                .setTruncated(tokens.truncated())
                .setEmbedding(embedding)
                .setModel(modelInfo)
                .setTimings(Timings.newBuilder()
                        .setReceivedAtMillis(receivedAt)
                        .setCompletedAtMillis(System.currentTimeMillis())
                        .setTokenizeMicros((t1 - t0) / 1_000)
                        .setInferenceMicros((t2 - t1) / 1_000)
                        .setBatchSize(1)
                        .build())
                .setAttributes(request.getAttributes())
                .build());
    }

    private void reject(Context ctx, EmbeddingRequest request, String stage, DeadLetterReason reason, Exception e) {
        ctx.output(DeadLetters.TAG, DeadLetters.of(request.getId(), request.getJobId(), stage, reason,
                e.getClass().getSimpleName() + ": " + e.getMessage(), requestCodec.encode(request)));
    }

    @Override
    public void close() {
        if (model != null) {
            model.close();
        }
    }
}
