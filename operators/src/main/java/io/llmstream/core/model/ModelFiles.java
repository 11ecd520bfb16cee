package io.llmstream.core.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a model's ONNX file once, checks it against the spec's sha256 and notes which quantisation
 * ops its graph holds. A {@code classpath:} model is kept in memory for session creation; a
 * {@code file:} model is only streamed here and opened by path, so ONNX Runtime finds its external
 * data ({@code model.onnx_data}) next to it. A missing file or a checksum mismatch is reported with
 * the file's location.
 */
public final class ModelFiles {
    /** ONNX op that quantises activations with a scale computed over the whole batch tensor. */
    static final String DYNAMIC_QUANTIZE_OP = "DynamicQuantizeLinear";

    private final ModelSpec spec;
    private final byte[] onnx;
    private final Path path;
    private final String sha256;
    private final Set<String> quantizationOps;

    private ModelFiles(ModelSpec spec, byte[] onnx, Path path, String sha256, Set<String> quantizationOps) {
        this.spec = spec;
        this.onnx = onnx;
        this.path = path;
        this.sha256 = sha256;
        this.quantizationOps = quantizationOps;
    }

    /**
     * Loads and verifies the ONNX file of {@code spec}.
     *
     * @throws ModelLoadException naming the file when it is missing, unreadable or not the expected one
     */
    public static ModelFiles load(ModelSpec spec) {
        boolean inMemory = spec.model().isClasspath();
        ByteArrayOutputStream buffer = inMemory ? new ByteArrayOutputStream(1 << 20) : null;
        QuantizationOpScanner scanner = new QuantizationOpScanner();
        String digest;
        try (InputStream raw = spec.model().open();
                DigestInputStream in = new DigestInputStream(raw, MessageDigest.getInstance("SHA-256"))) {
            byte[] chunk = new byte[1 << 20];
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                scanner.update(chunk, n);
                if (buffer != null) {
                    buffer.write(chunk, 0, n);
                }
            }
            digest = HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (IOException e) {
            String hint = spec.model().isClasspath()
                    ? BuiltinModels.artifactOf(spec.id()).map(a -> "; it ships in the jar " + a + ", which must be on the classpath").orElse("")
                    : "";
            throw new ModelLoadException("Cannot read model file of '" + spec.id() + "': " + e.getMessage() + hint, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
        if (spec.expectedSha256() != null && !spec.expectedSha256().equals(digest)) {
            throw new ModelLoadException("Checksum mismatch for model file " + spec.model() + " of '" + spec.id()
                    + "': expected sha256 " + spec.expectedSha256() + " but the file has " + digest);
        }
        return new ModelFiles(spec, buffer == null ? null : buffer.toByteArray(),
                inMemory ? null : spec.model().path(), digest, scanner.found());
    }

    public ModelSpec spec() {
        return spec;
    }

    /** The ONNX file's bytes for a {@code classpath:} model; not copied, do not modify. */
    public Optional<byte[]> onnxBytes() {
        return Optional.ofNullable(onnx);
    }

    /** The ONNX file's path for a {@code file:} model, which ONNX Runtime opens itself. */
    public Optional<Path> onnxPath() {
        return Optional.ofNullable(path);
    }

    /**
     * True when the graph quantises activations dynamically ({@code DynamicQuantizeLinear}): the
     * scale is computed over the whole batch, so a text's vector depends on its batch neighbours.
     */
    public boolean dynamicallyQuantized() {
        return quantizationOps.contains(DYNAMIC_QUANTIZE_OP);
    }

    /**
     * The integer-quantisation op types found in the graph ({@code DynamicQuantizeLinear},
     * {@code MatMulInteger}, {@code ConvInteger}, {@code QLinear*}): ops that ONNX Runtime runs on
     * the CPU, so such a model gains nothing from a GPU. Empty for a float model.
     */
    public Set<String> quantizationOps() {
        return quantizationOps;
    }

    /** Hex sha256 of the ONNX file as loaded. */
    public String sha256() {
        return sha256;
    }
}
