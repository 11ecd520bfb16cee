package io.llmstream.batchapi;

import io.llmstream.server.HttpServerSettings;
import java.nio.file.Path;

/**
 * How the batch API listens and what it accepts: its {@link HttpServerSettings} (bind address and
 * port, bearer token, and the largest upload as their body limit) and the directory that holds
 * uploaded and produced files. Built and checked by {@link #builder()}.
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
     * A builder with the batch API's defaults: loopback, any free port, no token, and uploads up to
     * {@value #DEFAULT_MAX_UPLOAD_BYTES} bytes (named {@code maxUploadBytes} in errors).
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Where and how the API listens; its body limit is the largest upload, a larger one is refused with 413. */
    public HttpServerSettings http() {
        return http;
    }

    /** Where uploaded files and batches' output and error files are kept. */
    public Path filesDir() {
        return filesDir;
    }

    /** Builds a {@link BatchApiConfig}; {@link #build()} names the field that is out of range. */
    public static final class Builder extends HttpServerSettings.Builder<Builder> {
        private Path filesDir;

        private Builder() {
            super(0, "maxUploadBytes", DEFAULT_MAX_UPLOAD_BYTES);
        }

        public Builder setFilesDir(Path filesDir) {
            this.filesDir = filesDir;
            return this;
        }

        /** @throws IllegalArgumentException naming the first field that is out of range */
        public BatchApiConfig build() {
            HttpServerSettings http = buildHttp();
            if (filesDir == null) {
                throw new IllegalArgumentException("filesDir must be a directory for uploaded and produced files");
            }
            return new BatchApiConfig(http, filesDir);
        }
    }
}
