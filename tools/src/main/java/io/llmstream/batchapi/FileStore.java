package io.llmstream.batchapi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The batch API's files, each kept whole on local disk under one directory as {@code <id>.jsonl}:
 * uploads, and the output and error files of batches. Ids are {@code file-} and 24 random hex
 * digits, so they cannot be guessed from one another.
 */
public final class FileStore {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final Map<String, StoredFile> files = new ConcurrentHashMap<>();

    public FileStore(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    /** A new empty file in the store's directory, for an upload to be streamed into before {@link #add}. */
    public Path newUpload() throws IOException {
        return Files.createTempFile(dir, "upload-", ".part");
    }

    /** Keeps {@code content} (moved into the store) as a new file. */
    public StoredFile add(Path content, String filename, String purpose) throws IOException {
        String id = newId();
        Path path = Files.move(content, dir.resolve(id + ".jsonl"), StandardCopyOption.ATOMIC_MOVE);
        return keep(new StoredFile(id, filename, purpose, nowSeconds(), path));
    }

    /** A new empty file a batch writes its lines into. */
    public StoredFile create(String filename, String purpose) throws IOException {
        String id = newId();
        return keep(new StoredFile(id, filename, purpose, nowSeconds(), Files.createFile(dir.resolve(id + ".jsonl"))));
    }

    public Optional<StoredFile> get(String id) {
        return Optional.ofNullable(files.get(id));
    }

    private StoredFile keep(StoredFile file) {
        files.put(file.id(), file);
        return file;
    }

    private static String newId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "file-" + HexFormat.of().formatHex(bytes);
    }

    static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }
}
