package io.llmstream.server;

/**
 * What one load run measured: requests answered 200 within the measured window, per second, and
 * the texts and tokens in them, and their latency percentiles; other answers and failed calls are counted as errors.
 */
record LoadResult(int clients, double seconds, long requests, long errors, long texts, long tokens, double p50Millis,
        double p90Millis, double p99Millis, double maxMillis) {

    double requestsPerSecond() {
        return requests / seconds;
    }

    double textsPerSecond() {
        return texts / seconds;
    }

    /** Tokens per second, as the answers' {@code usage.prompt_tokens} count them. */
    double tokensPerSecond() {
        return tokens / seconds;
    }
}
