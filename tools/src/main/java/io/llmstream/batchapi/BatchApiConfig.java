package io.llmstream.batchapi;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How the batch API listens and what it accepts: bind address and port, the bearer token
 * (already resolved from its secret placeholder), the largest upload, and the directory that
 * holds uploaded and produced files. Built and checked by {@link #builder()}.
 */
public final class BatchApiConfig {
    /** Loopback: the API is reachable from other machines only when told so. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 200L * 1024 * 1024;
    /** Smallest upload limit: room for a multipart envelope and a few request lines. */
    public static final long MIN_MAX_UPLOAD_BYTES = 1024;

    private final String host;
    private final int port;
    private final String token;
    private final long maxUploadBytes;
    private final Path filesDir;

    private BatchApiConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.token = b.token;
        this.maxUploadBytes = b.maxUploadBytes;
        this.filesDir = b.filesDir;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String host() {
        return host;
    }

    /** The port to bind; 0 for any free port. */
    public int port() {
        return port;
    }

    /** The token every request must bring as {@code Authorization: Bearer <token>}; empty when none is required. */
    public Optional<String> token() {
        return Optional.ofNullable(token);
    }

    /** The largest upload body; a larger one is refused with 413. */
    public long maxUploadBytes() {
        return maxUploadBytes;
    }

    /** Where uploaded files and batches' output and error files are kept. */
    public Path filesDir() {
        return filesDir;
    }

    /** Builds a {@link BatchApiConfig}; {@link #build()} names the field that is out of range. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port;
        private String token;
        private long maxUploadBytes = DEFAULT_MAX_UPLOAD_BYTES;
        private Path filesDir;

        private Builder() {}

        public Builder setHost(String host) {
            this.host = host;
            return this;
        }

        public Builder setPort(int port) {
            this.port = port;
            return this;
        }

        /** The resolved token; see {@link io.llmstream.server.ServerToken} for how it is read from a placeholder. */
        public Builder setToken(String token) {
            this.token = token;
            return this;
        }

        public Builder setMaxUploadBytes(long maxUploadBytes) {
            this.maxUploadBytes = maxUploadBytes;
            return this;
        }

        public Builder setFilesDir(Path filesDir) {
            this.filesDir = filesDir;
            return this;
        }

        /** @throws IllegalArgumentException naming the first field that is out of range */
        public BatchApiConfig build() {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must be an address to bind, e.g. 127.0.0.1 or 0.0.0.0");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port = " + port + " is out of range; allowed: 0 (any free port) to 65535");
            }
            if (token != null && token.isBlank()) {
                throw new IllegalArgumentException("token is empty; give a non-empty secret or none");
            }
            if (maxUploadBytes < MIN_MAX_UPLOAD_BYTES) {
                throw new IllegalArgumentException("maxUploadBytes = " + maxUploadBytes + " is out of range; allowed: >= "
                        + MIN_MAX_UPLOAD_BYTES);
            }
            if (filesDir == null) {
                throw new IllegalArgumentException("filesDir must be a directory for uploaded and produced files");
            }
            return new BatchApiConfig(this);
        }
    }
}
