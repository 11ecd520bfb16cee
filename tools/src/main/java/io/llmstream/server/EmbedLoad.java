package io.llmstream.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmstream.local.Percentiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A closed-loop load generator for an embeddings endpoint: {@code clients} threads each send one
 * request, wait for its answer and send the next, for a warm-up and then a measured window. Only
 * requests that complete inside the window count; requests/s is their number over the window's
 * length, and latency is from sending to the whole answer read.
 */
final class EmbedLoad {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Read from the answer's text, so that the vectors need not be parsed. */
    private static final Pattern PROMPT_TOKENS = Pattern.compile("\"prompt_tokens\"\\s*:\\s*(\\d+)");

    private final URI endpoint;
    private final Optional<String> token;
    private final String model;
    private final List<String> texts;
    private final int inputsPerRequest;
    private final HttpClient http;

    /**
     * @param baseUrl e.g. {@code http://127.0.0.1:8080}
     * @param model the model id the requests name
     * @param texts the texts to send, taken in turn
     */
    EmbedLoad(String baseUrl, Optional<String> token, String model, List<String> texts, int inputsPerRequest) {
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("texts must hold at least one text");
        }
        this.endpoint = URI.create(baseUrl.replaceAll("/+$", "") + "/v1/embeddings");
        this.token = token;
        this.model = model;
        this.texts = List.copyOf(texts);
        this.inputsPerRequest = inputsPerRequest;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Runs {@code clients} clients for {@code warmup}, then measures them for {@code window}. */
    LoadResult run(int clients, Duration warmup, Duration window) throws InterruptedException {
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long endAt = measureFrom + window.toNanos();
        List<long[]> latencies = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        List<Client> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Client client = new Client(c * 7919L, measureFrom, endAt, errors);
            running.add(client);
            Thread t = new Thread(client, "embed-load-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        running.forEach(r -> latencies.add(r.latencies()));
        long tokens = running.stream().mapToLong(r -> r.tokens).sum();
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).toArray();
        Percentiles p = new Percentiles(all);
        long max = Arrays.stream(all).max().orElse(0);
        return new LoadResult(clients, window.toNanos() / 1e9, all.length, errors.get(), (long) all.length * inputsPerRequest,
                tokens, p.get(50) / 1e3, p.get(90) / 1e3, p.get(99) / 1e3, max / 1e3);
    }

    private HttpRequest request(long first) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode input = body.putArray("input");
        for (int i = 0; i < inputsPerRequest; i++) {
            input.add(texts.get((int) ((first + i) % texts.size())));
        }
        body.put("model", model);
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return b.build();
    }

    /** One client: sends requests back to back and keeps the latencies (microseconds) of those done in the window. */
    private final class Client implements Runnable {
        private final long measureFrom;
        private final long endAt;
        private final AtomicLong errors;
        private long next;
        private long[] latencies = new long[1024];
        private int count;
        private long tokens;

        Client(long start, long measureFrom, long endAt, AtomicLong errors) {
            this.next = start;
            this.measureFrom = measureFrom;
            this.endAt = endAt;
            this.errors = errors;
        }

        @Override
        public void run() {
            while (System.nanoTime() < endAt) {
                long t0 = System.nanoTime();
                boolean ok;
                long answerTokens = 0;
                try {
                    HttpResponse<String> response = http.send(request(next), HttpResponse.BodyHandlers.ofString());
                    ok = response.statusCode() == 200;
                    Matcher usage = PROMPT_TOKENS.matcher(response.body());
                    answerTokens = ok && usage.find() ? Long.parseLong(usage.group(1)) : 0;
                } catch (IOException e) {
                    ok = false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                long t1 = System.nanoTime();
                next += inputsPerRequest;
                if (t1 < measureFrom || t1 >= endAt) {
                    continue;
                }
                if (!ok) {
                    errors.incrementAndGet();
                    continue;
                }
                if (count == latencies.length) {
                    latencies = Arrays.copyOf(latencies, count * 2);
                }
                latencies[count++] = (t1 - t0) / 1_000;
                tokens += answerTokens;
            }
        }

        long[] latencies() {
            return Arrays.copyOf(latencies, count);
        }
    }
}
