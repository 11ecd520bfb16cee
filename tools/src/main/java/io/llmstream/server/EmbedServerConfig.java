package io.llmstream.server;

/**
 * How the embed server listens and what it accepts: its {@link HttpServerSettings} (bind address
 * and port, bearer token, and the largest request body), the inputs per request, the handler
 * threads and the texts at the model at once. Built and checked by {@link #builder()}.
 */
public final class EmbedServerConfig {
    public static final int DEFAULT_PORT = 8080;
    /** OpenAI's own limit of inputs per request. */
    public static final int DEFAULT_MAX_INPUTS = 2048;
    public static final int DEFAULT_MAX_REQUEST_BYTES = 1 << 20;
    public static final int DEFAULT_THREADS = 64;
    /** Two full requests of the default size: room for many small ones, and a cap on what a burst queues at the model. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 2 * DEFAULT_MAX_INPUTS;

    private final HttpServerSettings http;
    private final int maxInputs;
    private final int threads;
    private final int maxInFlight;

    private EmbedServerConfig(HttpServerSettings http, Builder b) {
        this.http = http;
        this.maxInputs = b.maxInputs;
        this.threads = b.threads;
        this.maxInFlight = b.maxInFlight;
    }

    /**
     * A builder with the embed server's defaults: loopback, port {@value #DEFAULT_PORT}, no token,
     * request bodies up to {@value #DEFAULT_MAX_REQUEST_BYTES} bytes (named {@code maxRequestBytes}
     * in errors), and the limits above.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Where and how the server listens; its body limit is the largest request, a larger one gets 413. */
    public HttpServerSettings http() {
        return http;
    }

    public int maxInputs() {
        return maxInputs;
    }

    /** Threads that read requests and wait for their vectors. */
    public int threads() {
        return threads;
    }

    /** Most texts handed to the model and not yet answered; a request that would pass it gets 429. */
    public int maxInFlight() {
        return maxInFlight;
    }

    /** Builds an {@link EmbedServerConfig}; {@link #build()} names the field that is out of range. */
    public static final class Builder extends HttpServerSettings.Builder<Builder> {
        private int maxInputs = DEFAULT_MAX_INPUTS;
        private int threads = DEFAULT_THREADS;
        private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;

        private Builder() {
            super(DEFAULT_PORT, "maxRequestBytes", DEFAULT_MAX_REQUEST_BYTES);
        }

        public Builder setMaxInputs(int maxInputs) {
            this.maxInputs = maxInputs;
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

        /** @throws IllegalArgumentException naming the first field that is out of range */
        public EmbedServerConfig build() {
            HttpServerSettings http = buildHttp();
            if (maxInputs < 1) {
                throw new IllegalArgumentException("maxInputs = " + maxInputs + " is out of range; allowed: >= 1");
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads = " + threads + " is out of range; allowed: >= 1");
            }
            if (maxInFlight < maxInputs) {
                throw new IllegalArgumentException("maxInFlight = " + maxInFlight + " is out of range; allowed: >= maxInputs ("
                        + maxInputs + "), or a request of maxInputs texts could never be served");
            }
            return new EmbedServerConfig(http, this);
        }
    }
}
