package io.llmstream.server;

import java.util.Optional;

/**
 * How the embed server listens and what it accepts: bind address and port, request limits, the
 * handler threads and the bearer token (already resolved from its secret placeholder). Built and
 * checked by {@link #builder()}.
 */
public final class EmbedServerConfig {
    /** Loopback: the server is reachable from other machines only when told so. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    /** OpenAI's own limit of inputs per request. */
    public static final int DEFAULT_MAX_INPUTS = 2048;
    public static final int DEFAULT_MAX_REQUEST_BYTES = 1 << 20;
    public static final int DEFAULT_THREADS = 64;
    /** Two full requests of the default size: room for many small ones, and a cap on what a burst queues at the model. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 2 * DEFAULT_MAX_INPUTS;

    private final String host;
    private final int port;
    private final int maxInputs;
    private final int maxRequestBytes;
    private final int threads;
    private final int maxInFlight;
    private final String token;

    private EmbedServerConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.maxInputs = b.maxInputs;
        this.maxRequestBytes = b.maxRequestBytes;
        this.threads = b.threads;
        this.maxInFlight = b.maxInFlight;
        this.token = b.token;
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

    public int maxInputs() {
        return maxInputs;
    }

    public int maxRequestBytes() {
        return maxRequestBytes;
    }

    /** Threads that read requests and wait for their vectors. */
    public int threads() {
        return threads;
    }

    /** Most texts handed to the model and not yet answered; a request that would pass it gets 429. */
    public int maxInFlight() {
        return maxInFlight;
    }

    /** The token every request must bring as {@code Authorization: Bearer <token>}; empty when none is required. */
    Optional<String> token() {
        return Optional.ofNullable(token);
    }

    /** Builds an {@link EmbedServerConfig}; {@link #build()} names the field that is out of range. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private int maxInputs = DEFAULT_MAX_INPUTS;
        private int maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
        private int threads = DEFAULT_THREADS;
        private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
        private String token;

        private Builder() {}

        public Builder setHost(String host) {
            this.host = host;
            return this;
        }

        public Builder setPort(int port) {
            this.port = port;
            return this;
        }

        public Builder setMaxInputs(int maxInputs) {
            this.maxInputs = maxInputs;
            return this;
        }

        public Builder setMaxRequestBytes(int maxRequestBytes) {
            this.maxRequestBytes = maxRequestBytes;
            return this;
        }

        public Builder setThreads(int threads) {
            this.threads = threads;
            return this;
        }

        public Builder setMaxInFlight(int maxInFlight) {
            this.maxInFlight = maxInFlight;
            return this;
        }

        /** The resolved token; see {@link ServerToken} for how it is read from a placeholder. */
        public Builder setToken(String token) {
            this.token = token;
            return this;
        }

        /** @throws IllegalArgumentException naming the first field that is out of range */
        public EmbedServerConfig build() {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must be an address to bind, e.g. 127.0.0.1 or 0.0.0.0");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port = " + port + " is out of range; allowed: 0 (any free port) to 65535");
            }
            if (maxInputs < 1) {
                throw new IllegalArgumentException("maxInputs = " + maxInputs + " is out of range; allowed: >= 1");
            }
            if (maxRequestBytes < 1024) {
                throw new IllegalArgumentException("maxRequestBytes = " + maxRequestBytes + " is out of range; allowed: >= 1024");
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads = " + threads + " is out of range; allowed: >= 1");
            }
            if (maxInFlight < maxInputs) {
                throw new IllegalArgumentException("maxInFlight = " + maxInFlight + " is out of range; allowed: >= maxInputs ("
                        + maxInputs + "), or a request of maxInputs texts could never be served");
            }
            if (token != null && token.isBlank()) {
                throw new IllegalArgumentException("token is empty; give a non-empty secret or none");
            }
            return new EmbedServerConfig(this);
        }
    }
}
