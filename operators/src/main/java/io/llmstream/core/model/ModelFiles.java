package io.llmstream.core.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads a model's ONNX file once, checks it against the spec's sha256, and keeps it for session
 * creation. A missing file or a checksum mismatch is reported with the file's location.
 */
public final class ModelFiles {
    /** ONNX op that quantises activations with a scale computed over the whole batch tensor. */
    private static final byte[] DYNAMIC_QUANTIZE_OP = "DynamicQuantizeLinear".getBytes(StandardCharsets.US_ASCII);

    private final ModelSpec spec;
    private final byte[] onnx;
    private final String sha256;
    private final boolean dynamicallyQuantized;

    private ModelFiles(ModelSpec spec, byte[] onnx, String sha256) {
        this.spec = spec;
        this.onnx = onnx;
        this.sha256 = sha256;
        this.dynamicallyQuantized = contains(onnx, DYNAMIC_QUANTIZE_OP);
    }

    /**
     * Loads and verifies the ONNX file of {@code spec}.
     *
     * @throws ModelLoadException naming the file when it is missing, unreadable or not the expected one
     */
    public static ModelFiles load(ModelSpec spec) {
        byte[] bytes;
        String digest;
        try (InputStream raw = spec.model().open();
                DigestInputStream in = new DigestInputStream(raw, MessageDigest.getInstance("SHA-256"))) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 20);
            in.transferTo(buffer);
            bytes = buffer.toByteArray();
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
        return new ModelFiles(spec, bytes, digest);
    }

    public ModelSpec spec() {
        return spec;
    }

    /** The ONNX file's bytes; not copied, do not modify. */
    public byte[] onnxBytes() {
        return onnx;
    }

    /**
     * True when the graph quantises activations dynamically ({@code DynamicQuantizeLinear}): the
     * scale is computed over the whole batch, so a text's vector depends on its batch neighbours.
     * Op types are stored as plain strings in the ONNX protobuf, so a byte search finds them.
     */
    public boolean dynamicallyQuantized() {
        return dynamicallyQuantized;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Hex sha256 of the ONNX file as loaded. */
    public String sha256() {
        return sha256;
    }
}
