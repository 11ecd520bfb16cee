package io.llmstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmstream.cli.Args;
import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.embed.DocumentEmbedder;
import io.llmstream.core.embed.DocumentEmbedding;
import io.llmstream.core.embed.PackedVector;
import io.llmstream.core.embed.VectorCodec;
import io.llmstream.core.embed.VectorEncoding;
import io.llmstream.core.embed.Vectors;
import io.llmstream.core.model.ModelOptions;
import io.llmstream.core.runtime.InferenceOptions;
import io.llmstream.core.summarize.SentenceSplitter;
import io.llmstream.core.task.TaskMetrics;
import io.llmstream.job.JobSettings;
import io.llmstream.local.InputFiles;
import io.llmstream.schema.EmbeddingEncoding;
import io.llmstream.schema.EmbeddingResult;
import io.llmstream.schema.ModelInfo;
import io.llmstream.schema.PackedEmbedding;
import io.llmstream.schema.Timings;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * {@code llm-stream bench --encodings ...}: what {@code embed.dimensions} and {@code embed.encoding}
 * cost. The input's texts are cut into passages of whole sentences and embedded once; each
 * combination of dimensions and encoding is then applied as the embed task applies it (cut,
 * re-normalise, pack, decode), and compared with the model's whole float32 vectors: how many of
 * each passage's k nearest neighbours it keeps (exhaustive cosine search), how close each vector
 * stays to the float32 vector of the same dimensions, and how many bytes the vector takes in an
 * Avro result.
 */
final class VectorBench {
    /** Passages are consecutive sentences of a text, at least this long, so that each reads as a paragraph. */
    static final int PASSAGE_CHARS = 400;

    private final PrintStream out;

    VectorBench(PrintStream out) {
        this.out = out;
    }

    /** One combination's figures. */
    record Row(VectorEncoding encoding, int dimensions, int packedBytes, int avroBytes, double agreement, double cosine) {}

    int run(Args args) throws Exception {
        List<VectorEncoding> encodings = encodings(args.get("encodings").orElseThrow());
        int k = args.intValue("neighbours", 10, 1);
        int wanted = args.intValue("passages", 3000, k + 1);
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(InferenceOptions.DEVICE.key(), "cpu");
        JobSettings settings = JobSettings.from(args.settingsOver(defaults));
        EngineConfig engine = settings.engine();

        List<String> passages;
        try (BufferedReader reader = InputFiles.open(args, "bench")) {
            passages = evenSample(passages(BenchTexts.read(reader, Integer.MAX_VALUE)), wanted);
        }
        if (passages.size() <= k) {
            throw new Args.UsageException("bench: the input gives " + passages.size() + " passages of at least " + PASSAGE_CHARS
                    + " characters; " + k + " neighbours need more");
        }
        out.printf("llm-stream bench --encodings: %d passages of %d+ characters, model %s, %d nearest neighbours%n",
                passages.size(), PASSAGE_CHARS, engine.model().id(), k);
        long t0 = System.nanoTime();
        float[][] full = embed(passages, engine, settings);
        int width = full[0].length;
        out.printf("embedded in %.1f s; %d dimensions%n", (System.nanoTime() - t0) / 1e9, width);
        List<Integer> dimensions = dimensions(args.get("dimensions").orElse(null), width);

        int[][] reference = NeighbourAgreement.nearest(full, k);
        List<Row> rows = new ArrayList<>();
        for (int d : dimensions) {
            float[][] cut = new float[full.length][];
            for (int i = 0; i < full.length; i++) {
                cut[i] = d == width ? full[i] : Vectors.truncate(full[i], d, engine.model().normalize());
            }
            for (VectorEncoding encoding : encodings) {
                float[][] decoded = new float[cut.length][];
                double cosine = 0;
                for (int i = 0; i < cut.length; i++) {
                    decoded[i] = encoding == VectorEncoding.FLOAT32 ? cut[i] : VectorCodec.pack(cut[i], encoding).decode();
                    cosine += Vectors.cosine(cut[i], decoded[i]);
                }
                Row row = new Row(encoding, d, encoding.packedBytes(d), avroBytes(cut[0], encoding),
                        NeighbourAgreement.agreement(reference, NeighbourAgreement.nearest(decoded, k)), cosine / cut.length);
                rows.add(row);
                out.printf("  %-8s %4d dims: %5d bytes packed, %5d in Avro, %d-NN agreement %.3f, cosine to float32 %.5f%n",
                        row.encoding(), row.dimensions(), row.packedBytes(), row.avroBytes(), k, row.agreement(), row.cosine());
            }
        }
        out.println();
        printTable(rows, k);
        if (args.get("json").isPresent()) {
            writeJson(Path.of(args.get("json").get()), rows, passages.size(), k, engine.model().id());
        }
        if (args.get("plot").isPresent()) {
            plot(Path.of(args.get("plot").get()), rows, encodings, passages.size(), k, engine.model().id());
        }
        return 0;
    }

    private static List<VectorEncoding> encodings(String value) {
        List<VectorEncoding> out = new ArrayList<>();
        for (String name : value.split(",")) {
            VectorEncoding found = null;
            for (VectorEncoding e : VectorEncoding.values()) {
                if (e.toString().equals(name.trim().toLowerCase(Locale.ROOT))) {
                    found = e;
                }
            }
            if (found == null) {
                throw new Args.UsageException("bench: --encodings: '" + name.trim() + "' is not a vector encoding; allowed: "
                        + "float32, float16, int8, binary");
            }
            out.add(found);
        }
        return out;
    }

    /** The dimensions to try: as given, or the model's width, 256 and 128 (those below the width). */
    private static List<Integer> dimensions(String value, int width) {
        List<Integer> out = new ArrayList<>();
        if (value == null) {
            out.add(width);
            for (int d : new int[] {256, 128}) {
                if (d < width) {
                    out.add(d);
                }
            }
            return out;
        }
        for (String v : value.split(",")) {
            int d;
            try {
                d = Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new Args.UsageException("bench: --dimensions: '" + v.trim() + "' is not a number");
            }
            if (d < 1 || d > width) {
                throw new Args.UsageException("bench: --dimensions: " + d + " is out of range; allowed: 1 to " + width
                        + ", the model's width");
            }
            out.add(d);
        }
        return out;
    }

    /** Each text cut into runs of whole sentences of at least {@link #PASSAGE_CHARS}; a shorter rest is left out. */
    static List<String> passages(List<String> texts) {
        List<String> out = new ArrayList<>();
        for (String text : texts) {
            StringBuilder passage = new StringBuilder();
            for (String sentence : SentenceSplitter.split(text)) {
                if (passage.length() > 0) {
                    passage.append(' ');
                }
                passage.append(sentence.strip());
                if (passage.length() >= PASSAGE_CHARS) {
                    out.add(passage.toString());
                    passage.setLength(0);
                }
            }
        }
        return out;
    }

    /** {@code n} items spread evenly over the list (all of them when it has no more), so that every text has its share. */
    static List<String> evenSample(List<String> items, int n) {
        if (items.size() <= n) {
            return items;
        }
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(items.get((int) ((long) i * items.size() / n)));
        }
        return out;
    }

    private static float[][] embed(List<String> passages, EngineConfig engine, JobSettings settings) throws Exception {
        try (DocumentEmbedder embedder = DocumentEmbedder.open(engine, settings.chunking(), TaskMetrics.NONE)) {
            List<CompletableFuture<DocumentEmbedding>> futures = new ArrayList<>(passages.size());
            for (String p : passages) {
                futures.add(embedder.embed(p));
            }
            embedder.flush();
            float[][] vectors = new float[passages.size()][];
            for (int i = 0; i < vectors.length; i++) {
                vectors[i] = futures.get(i).get(10, TimeUnit.MINUTES).vector();
            }
            return vectors;
        }
    }

    /** Bytes the vector adds to an Avro result: the record with it, less the record with no vector at all. */
    static int avroBytes(float[] vector, VectorEncoding encoding) throws IOException {
        EmbeddingResult empty = record();
        EmbeddingResult with = record();
        if (encoding == VectorEncoding.FLOAT32) {
            List<Float> values = new ArrayList<>(vector.length);
            for (float x : vector) {
                values.add(x);
            }
            with.setEmbedding(values);
        } else {
            PackedVector packed = VectorCodec.pack(vector, encoding);
            with.setEmbeddingPacked(PackedEmbedding.newBuilder().setEncoding(EmbeddingEncoding.valueOf(encoding.name()))
                    .setDimensions(packed.dimensions()).setScale(packed.scale()).setData(ByteBuffer.wrap(packed.data())).build());
        }
        return size(with) - size(empty);
    }

    private static EmbeddingResult record() {
        return EmbeddingResult.newBuilder().setId("p").setTokens(1).setTruncated(false).setEmbedding(List.of())
                .setModel(new ModelInfo("m", "0", null))
                .setTimings(Timings.newBuilder().setReceivedAtMillis(1).setCompletedAtMillis(2).setTokenizeMicros(3)
                        .setInferenceMicros(4).build())
                .build();
    }

    private static int size(EmbeddingResult record) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<>(EmbeddingResult.class).write(record, encoder);
        encoder.flush();
        return bytes.size();
    }

    private void printTable(List<Row> rows, int k) {
        out.printf("| encoding | dimensions | bytes per vector (packed) | bytes in the Avro result | %d-NN agreement with float32 | mean cosine to float32 at these dimensions |%n", k);
        out.println("|---|---:|---:|---:|---:|---:|");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "| %s | %d | %d | %d | %.3f | %.5f |%n", r.encoding(), r.dimensions(), r.packedBytes(),
                    r.avroBytes(), r.agreement(), r.cosine());
        }
    }

    private void writeJson(Path path, List<Row> rows, int passages, int k, String model) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("model", model);
        root.put("passages", passages);
        root.put("neighbours", k);
        ArrayNode items = root.putArray("rows");
        for (Row r : rows) {
            items.addObject().put("encoding", r.encoding().toString()).put("dimensions", r.dimensions())
                    .put("packed_bytes", r.packedBytes()).put("avro_bytes", r.avroBytes())
                    .put("agreement", r.agreement()).put("cosine", r.cosine());
        }
        Files.writeString(path, json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        out.println("figures written to " + path);
    }

    private void plot(Path path, List<Row> rows, List<VectorEncoding> encodings, int passages, int k, String model)
            throws IOException {
        LineChart chart = new LineChart(String.format("%s, %d passages: what compact vectors keep", model, passages),
                "bytes per vector in the Avro result (log scale)", k + "-NN agreement with float32", true).yMax(1);
        for (VectorEncoding e : encodings) {
            List<double[]> points = new ArrayList<>();
            rows.stream().filter(r -> r.encoding() == e).forEach(r -> points.add(new double[] {r.avroBytes(), r.agreement()}));
            chart.series(e + " (" + dimensionsOf(rows, e) + " dims)", points);
        }
        chart.write(path);
        out.println("plot written to " + path);
    }

    private static String dimensionsOf(List<Row> rows, VectorEncoding e) {
        List<String> dims = new ArrayList<>();
        rows.stream().filter(r -> r.encoding() == e).forEach(r -> dims.add(String.valueOf(r.dimensions())));
        return String.join("/", dims);
    }
}
