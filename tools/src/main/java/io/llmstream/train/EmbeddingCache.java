package io.llmstream.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Embedded corpora kept on disk ({@code --cache-dir}), so that experiments on the same texts with
 * the same model and chunking run in seconds instead of embedding again. One file per corpus,
 * named by a SHA-256 over the model's weights, the embedding settings and every text; a file
 * that cannot be read is ignored and written again.
 */
final class EmbeddingCache {
    private static final int FORMAT = 1;

    private final Path directory;

    EmbeddingCache(Path directory) {
        this.directory = directory;
    }

    /** The cache key of {@code texts} embedded with the model {@code modelSha256} and {@code settings}. */
    static String key(String modelSha256, String settings, List<String> texts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((FORMAT + "\n" + modelSha256 + "\n" + settings + "\n").getBytes(StandardCharsets.UTF_8));
            for (String text : texts) {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.UTF_8));
                digest.update(bytes);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Optional<List<DocumentFeatures>> read(String key) {
        Path file = directory.resolve(key + ".bin");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            int n = in.readInt();
            List<DocumentFeatures> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                float[] vector = floats(in);
                float[][] windows = new float[in.readInt()][];
                int[] tokens = new int[windows.length];
                for (int w = 0; w < windows.length; w++) {
                    tokens[w] = in.readInt();
                    windows[w] = floats(in);
                }
                long[] ids = new long[in.readInt()];
                for (int t = 0; t < ids.length; t++) {
                    ids[t] = in.readInt();
                }
                out.add(new DocumentFeatures(vector, windows, tokens, ids));
            }
            return Optional.of(out);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    void write(String key, List<DocumentFeatures> corpus) throws IOException {
        Files.createDirectories(directory);
        Path tmp = Files.createTempFile(directory, key, ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            out.writeInt(corpus.size());
            for (DocumentFeatures doc : corpus) {
                floats(out, doc.vector());
                out.writeInt(doc.windows().length);
                for (int w = 0; w < doc.windows().length; w++) {
                    out.writeInt(doc.windowTokens()[w]);
                    floats(out, doc.windows()[w]);
                }
                out.writeInt(doc.tokenIds().length);
                for (long id : doc.tokenIds()) {
                    out.writeInt((int) id);
                }
            }
        }
        Files.move(tmp, directory.resolve(key + ".bin"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static float[] floats(DataInputStream in) throws IOException {
        float[] v = new float[in.readInt()];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readFloat();
        }
        return v;
    }

    private static void floats(DataOutputStream out, float[] v) throws IOException {
        out.writeInt(v.length);
        for (float x : v) {
            out.writeFloat(x);
        }
    }
}
