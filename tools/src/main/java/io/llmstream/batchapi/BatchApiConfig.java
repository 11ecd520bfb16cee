package io.llmstream.batchapi;

import io.llmstream.server.HttpServerSettings;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How the batch API listens and what it accepts: its {@link HttpServerSettings} (bind address and
 * port, bearer token, and the largest upload as their body limit) and the directory that holds
 * uploaded and produced files.
 */
public final class BatchApiConfig {
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 200L * 1024 * 1024;

    private final HttpServerSettings http;
    private final Path filesDir;

    private BatchApiConfig(HttpServerSettings http, Path filesDir) {
        this.http = http;
        this.filesDir = filesDir;
    }

    /**
     * HTTP settings with the batch API's defaults: loopback, no token, uploads up to {@value
     * #DEFAULT_MAX_UPLOAD_BYTES} bytes (named {@code maxUploadBytes}), and any free port.
     */
    public static HttpServerSettings.Builder httpSettings() {
        return HttpServerSettings.builder(0, "maxUploadBytes", DEFAULT_MAX_UPLOAD_BYTES);
    }

    /** @throws IllegalArgumentException when {@code filesDir} is missing */
    public static BatchApiConfig of(HttpServerSettings http, Path filesDir) {
        if (filesDir == null) {
            throw new IllegalArgumentException("filesDir must be a directory for uploaded and produced files");
        }
        return new BatchApiConfig(Objects.requireNonNull(http, "http"), filesDir);
    }

    /** Where and how the API listens; its body limit is the largest upload, a larger one is refused with 413. */
    public HttpServerSettings http() {
        return http;
    }

    /** Where uploaded files and batches' output and error files are kept. */
    public Path filesDir() {
        return filesDir;
    }
}
