package io.llmstream.server;

import java.util.Optional;

/**
 * How an HTTP server of llm-stream listens and what it takes from any client: bind address and
 * port, the bearer token (already resolved from its secret placeholder) and the largest request
 * body. The embed server's and the batch API's configs each hold one; their builders extend
 * {@link Builder}, giving their own default port and body limit and the name the limit goes by.
 */
public final class HttpServerSettings {
    /** Loopback: a server is reachable from other machines only when told so. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Smallest body limit: room for a multipart envelope or a request of a few lines. */
    public static final int MIN_MAX_BODY_BYTES = 1024;

    private final String host;
    private final int port;
    private final String token;
    private final long maxBodyBytes;

    private HttpServerSettings(Builder<?> b) {
        this.host = b.host;
        this.port = b.port;
        this.token = b.token;
        this.maxBodyBytes = b.maxBodyBytes;
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

    /** The largest request body; a larger one is refused with 413. */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** The base address of a server bound as told, on {@code boundPort}, e.g. {@code http://127.0.0.1:8080}. */
    public String url(int boundPort) {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + boundPort;
    }

    /** Whether a request with the {@code Authorization} header {@code header} (null when absent) may pass. */
    public boolean admits(String header) {
        return token == null || ServerToken.accepts(token, header);
    }

    /**
     * The part of a server config's builder that sets and checks its {@link HttpServerSettings};
     * {@link #buildHttp()} names the field that is out of range.
     *
     * @param <B> the server config's builder, which the setters return
     */
    public abstract static class Builder<B extends Builder<B>> {
        private final String maxBodyBytesField;
        private String host = DEFAULT_HOST;
        private int port;
        private String token;
        private long maxBodyBytes;

        /**
         * Starts from loopback, no token, and the server's own defaults.
         *
         * @param maxBodyBytesField the name the server gives its body limit, named when it is out of range
         */
        protected Builder(int defaultPort, String maxBodyBytesField, long defaultMaxBodyBytes) {
            this.maxBodyBytesField = maxBodyBytesField;
            this.port = defaultPort;
            this.maxBodyBytes = defaultMaxBodyBytes;
        }

        public B setHost(String host) {
            this.host = host;
            return self();
        }

        public B setPort(int port) {
            this.port = port;
            return self();
        }

        /** The resolved token; see {@link ServerToken} for how it is read from a placeholder. */
        public B setToken(String token) {
            this.token = token;
            return self();
        }

        public B setMaxBodyBytes(long maxBodyBytes) {
            this.maxBodyBytes = maxBodyBytes;
            return self();
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        /** @throws IllegalArgumentException naming the first field that is out of range */
        protected final HttpServerSettings buildHttp() {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must be an address to bind, e.g. 127.0.0.1 or 0.0.0.0");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port = " + port + " is out of range; allowed: 0 (any free port) to 65535");
            }
            if (token != null && token.isBlank()) {
                throw new IllegalArgumentException("token is empty; give a non-empty secret or none");
            }
            if (maxBodyBytes < MIN_MAX_BODY_BYTES) {
                throw new IllegalArgumentException(maxBodyBytesField + " = " + maxBodyBytes + " is out of range; allowed: >= "
                        + MIN_MAX_BODY_BYTES);
            }
            return new HttpServerSettings(this);
        }
    }
}
