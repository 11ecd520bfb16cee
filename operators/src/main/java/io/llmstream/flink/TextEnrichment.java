package io.llmstream.flink;

import io.llmstream.core.batch.EmbeddedText;
import io.llmstream.core.batch.EmbeddingService;
import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.classify.Classification;
import io.llmstream.core.classify.TextClassifier;
import io.llmstream.core.embed.ChunkingPolicy;
import io.llmstream.core.generate.Generation;
import io.llmstream.core.generate.GenerationService;
import io.llmstream.core.embed.InvalidOutputException;
import io.llmstream.core.embed.Vectors;
import io.llmstream.core.records.Codecs;
import io.llmstream.core.runtime.RefCountedCache;
import io.llmstream.core.summarize.ExtractiveSummarizer;
import io.llmstream.core.summarize.SentenceSplitter;
import io.llmstream.core.tasks.TaskSettings;
import io.llmstream.core.text.ChunkedText;
import io.llmstream.core.text.TextTokenizer;
import io.llmstream.core.text.TokenizedText;
import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.DeadLetterReason;
import io.llmstream.schema.EmbeddingRequest;
import io.llmstream.schema.EmbeddingResult;
import io.llmstream.schema.ModelInfo;
import io.llmstream.schema.Timings;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.types.Either;

/**
 * What the embed stage does with one request, shared by the DataStream job's
 * {@link EmbedAsyncFunction} and the SQL model provider: tokenizes the text on the calling
 * thread, hands it to the JVM-wide batching {@link EmbeddingService} (and, for generated
 * summaries, the {@link GenerationService}), adds the requested summary and labels, and
 * completes with a result or, if a stage fails, a dead letter naming the stage and reason.
 * Records the embed stage's metrics ({@link EmbedMetrics}). Serializable as a recipe; the
 * tokenizer and services exist between {@link #open} and {@link #close}.
 */
public final class TextEnrichment implements Serializable {
    private static final long serialVersionUID = 1L;

    private final EngineConfig config;
    private final TaskSettings tasks;
    private transient TextTokenizer tokenizer;
    private transient TextClassifier classifier;
    private transient RefCountedCache.Lease<GenerationService> generator;
    private transient RefCountedCache.Lease<EmbeddingService> service;
    private transient ModelInfo modelInfo;
    private transient EmbedMetrics metrics;

    /**
     * @param config the embedding model and how it runs
     * @param tasks what else happens to each text
     */
    public TextEnrichment(EngineConfig config, TaskSettings tasks) {
        this.config = config;
        this.tasks = tasks;
    }

    /**
     * Loads the tokenizer, leases the JVM-wide services and registers the metrics.
     *
     * @param metricGroup the operator's (or function's) metric group
     */
    public void open(MetricGroup metricGroup) {
        tokenizer = TextTokenizer.load(config.model().tokenizer(), config.model().maxTokens());
        service = EmbeddingService.jvm(config);
        modelInfo = new ModelInfo(config.model().id(), service.get().sha256());
        metrics = new EmbedMetrics(metricGroup, config.model().id());
        if (tasks.classify() != null) {
            classifier = tasks.classify().open(config, this::embedNow);
        }
        if (tasks.abstractive() != null) {
            generator = GenerationService.jvm(tasks.abstractive());
        }
    }

    /** Embeds a label description with the model that embeds the texts. */
    private float[] embedNow(String text) {
        try {
            return service.get().submit(tokenizer.encode(text)).get(10, TimeUnit.MINUTES).vector();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while embedding a label description", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("embedding a label description failed: " + e.getMessage(), e);
        }
    }

    /** Enriches one request; the future never fails: a failing stage completes it with a dead letter. */
    public CompletableFuture<Either<EmbeddingResult, DeadLetter>> enrich(EmbeddingRequest request) {
        CompletableFuture<Either<EmbeddingResult, DeadLetter>> resultFuture = new CompletableFuture<>();
        metrics.received();
        long receivedAt = System.currentTimeMillis();
        long t0 = System.nanoTime();
        ChunkedText chunked;
        List<String> sentences;
        List<TokenizedText> sentenceTokens = new ArrayList<>();
        String text;
        try {
            text = tasks.preprocess().apply(request.getText());
            if (text.isBlank()) {
                metrics.failed();
                resultFuture.complete(Either.Right(DeadLetters.of(request.getId(), request.getJobId(),
                        Stages.PREPROCESS, DeadLetterReason.EMPTY_TEXT, "nothing readable is left after text.preprocess = "
                                + tasks.preprocess().setting(), encode(request))));
                return resultFuture;
            }
            ChunkingPolicy chunking = tasks.chunking();
            chunked = chunking.chunk()
                    ? tokenizer.encodeChunks(text, chunking.overlap(), chunking.maxChunks())
                    : ChunkedText.of(tokenizer.encode(text));
            sentences = tasks.extractive() == null ? List.of() : summarySentences(text);
            if (sentences.size() > 1) {
                sentences.forEach(sentence -> sentenceTokens.add(tokenizer.encode(sentence)));
            }
        } catch (RuntimeException e) {
            metrics.failed();
            resultFuture.complete(deadLetter(request, Stages.TOKENIZE, DeadLetterReason.TOKENIZATION_FAILED, e));
            return resultFuture;
        }
        long tokenizeMicros = (System.nanoTime() - t0) / 1_000;
        CompletableFuture<Generation> generated = generator == null
                ? CompletableFuture.completedFuture(null) : generator.get().submit(text);
        List<CompletableFuture<EmbeddedText>> parts = new ArrayList<>(chunked.chunks().size());
        for (TokenizedText chunk : chunked.chunks()) {
            parts.add(service.get().submit(chunk).whenComplete((embedded, failure) -> {
                if (failure == null) {
                    metrics.embedded(chunk.length(), embedded);
                }
            }));
        }
        List<CompletableFuture<EmbeddedText>> sentenceParts = new ArrayList<>(sentenceTokens.size());
        sentenceTokens.forEach(t -> sentenceParts.add(service.get().submit(t)));
        List<CompletableFuture<EmbeddedText>> all = new ArrayList<>(parts);
        all.addAll(sentenceParts);
        CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).whenComplete((ignored, failure) -> {
            if (failure == null) {
                List<EmbeddedText> embedded = new ArrayList<>(parts.size());
                parts.forEach(p -> embedded.add(p.join()));
                List<float[]> windows = new ArrayList<>(embedded.size());
                embedded.forEach(e -> windows.add(e.vector()));
                float[] vector = Vectors.pool(chunked, windows, config.model().normalize());
                EmbeddingResult result = result(request, chunked, vector, embedded, receivedAt, tokenizeMicros);
                if (tasks.extractive() != null) {
                    result.setSummary(summarize(sentences, sentenceTokens, sentenceParts));
                }
                CompletableFuture<Classification> labels = classifier == null
                        ? CompletableFuture.completedFuture(null) : classifier.classify(text, vector);
                labels.whenComplete((classification, classifyFailure) -> generated.whenComplete((generation, generateFailure) -> {
                    if (generateFailure != null) {
                        fail(request, Stages.SUMMARIZE, generateFailure, resultFuture);
                    } else if (classifyFailure != null) {
                        fail(request, Stages.CLASSIFY, classifyFailure, resultFuture);
                    } else {
                        if (classification != null) {
                            labelled(result, classification);
                        }
                        if (generation != null) {
                            result.setSummary(generation.text());
                        }
                        succeed(result, resultFuture);
                    }
                }));
            } else {
                fail(request, Stages.EMBED, failure, resultFuture);
            }
        });
        return resultFuture;
    }

    private void succeed(EmbeddingResult result, CompletableFuture<Either<EmbeddingResult, DeadLetter>> resultFuture) {
        metrics.completed();
        resultFuture.complete(Either.Left(result));
    }

    private static void labelled(EmbeddingResult result, Classification labels) {
        result.setLabels(labels.scores());
        result.setLabel(labels.best());
        result.setSelectedLabels(labels.selected());
    }

    private void fail(EmbeddingRequest request, String stage, Throwable failure,
            CompletableFuture<Either<EmbeddingResult, DeadLetter>> resultFuture) {
        metrics.failed();
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        DeadLetterReason reason = cause instanceof InvalidOutputException
                ? DeadLetterReason.INVALID_OUTPUT : DeadLetterReason.INFERENCE_FAILED;
        resultFuture.complete(deadLetter(request, stage, reason, cause));
    }

    /** The dead letter of a request that waited too long for the model. */
    public Either<EmbeddingResult, DeadLetter> timedOut(EmbeddingRequest request) {
        metrics.failed();
        return Either.Right(DeadLetters.of(request.getId(), request.getJobId(),
                Stages.EMBED, DeadLetterReason.INFERENCE_FAILED, "timed out waiting for the model", encode(request)));
    }

    /** Runs the partial batches now instead of after their delay. */
    public void flush() {
        if (service != null) {
            service.get().flush();
        }
        if (classifier != null) {
            classifier.flush();
        }
        if (generator != null) {
            generator.get().flush();
        }
    }

    private List<String> summarySentences(String text) {
        List<String> all = SentenceSplitter.split(text);
        int max = tasks.extractive().maxInputSentences();
        return all.size() > max ? all.subList(0, max) : all;
    }

    /** A text of one sentence is its own summary; otherwise MMR over the sentence vectors. */
    private String summarize(List<String> sentences, List<TokenizedText> tokens, List<CompletableFuture<EmbeddedText>> vectors) {
        if (sentences.size() <= 1) {
            return String.join(" ", sentences);
        }
        List<float[]> v = new ArrayList<>(vectors.size());
        vectors.forEach(f -> v.add(f.join().vector()));
        int[] lengths = new int[tokens.size()];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = tokens.get(i).length();
        }
        List<String> picked = new ArrayList<>();
        tasks.extractive().summarizer().select(v, lengths).forEach(i -> picked.add(sentences.get(i)));
        return ExtractiveSummarizer.join(picked);
    }

    private EmbeddingResult result(EmbeddingRequest request, ChunkedText chunked, float[] vector, List<EmbeddedText> parts,
            long receivedAt, long tokenizeMicros) {
        List<List<Float>> chunkEmbeddings = new ArrayList<>();
        if (tasks.chunking().emitChunkEmbeddings()) {
            parts.forEach(p -> chunkEmbeddings.add(boxed(p.vector())));
        }
        long queueMicros = 0;
        long inferenceMicros = 0;
        for (EmbeddedText p : parts) {
            queueMicros = Math.max(queueMicros, p.queueNanos() / 1_000);
            inferenceMicros += p.inferenceNanos() / 1_000;
        }
        return EmbeddingResult.newBuilder()
                .setId(request.getId())
                .setJobId(request.getJobId())
                .setTokens(chunked.totalTokens())
                .setTruncated(chunked.truncated())
                .setEmbedding(boxed(vector))
                .setModel(modelInfo)
                .setTimings(Timings.newBuilder()
                        .setReceivedAtMillis(receivedAt)
                        .setCompletedAtMillis(System.currentTimeMillis())
                        .setTokenizeMicros(tokenizeMicros)
                        .setInferenceMicros(inferenceMicros)
                        .setQueueMicros(queueMicros)
                        .setBatchSize(parts.get(0).batchSize())
                        .build())
                .setAttributes(request.getAttributes())
                .setChunks(parts.size())
                .setChunkEmbeddings(chunkEmbeddings)
                .build();
    }

    private static List<Float> boxed(float[] vector) {
        List<Float> out = new ArrayList<>(vector.length);
        for (float x : vector) {
            out.add(x);
        }
        return out;
    }

    private static Either<EmbeddingResult, DeadLetter> deadLetter(EmbeddingRequest request, String stage,
            DeadLetterReason reason, Throwable cause) {
        return Either.Right(DeadLetters.of(request.getId(), request.getJobId(), stage, reason,
                cause.getClass().getSimpleName() + ": " + cause.getMessage(), encode(request)));
    }

    /** Later stages keep the request re-encoded as Avro in the dead letter's payload. */
    private static byte[] encode(EmbeddingRequest request) {
        return Codecs.requests().encode(request);
    }

    /** Releases the services and the tokenizer. */
    public void close() {
        if (classifier != null) {
            classifier.close();
        }
        if (generator != null) {
            generator.close();
        }
        if (service != null) {
            service.close();
        }
        if (tokenizer != null) {
            tokenizer.close();
        }
    }
}
