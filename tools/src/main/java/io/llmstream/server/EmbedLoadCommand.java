package io.llmstream.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmstream.bench.CpuInfo;
import io.llmstream.bench.LineChart;
import io.llmstream.cli.Args;
import io.llmstream.cli.CommandOption;
import io.llmstream.core.secrets.SecretPlaceholders;
import io.llmstream.job.JobSettings;
import io.llmstream.local.InputFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code llm-stream embed-load}: a bounded load test of an embed server on loopback. Runs N
 * concurrent clients (a closed loop each, JDK HttpClient) for T seconds after a warm-up, for each
 * N given, and prints requests/s, texts/s and p50/p90/p99 latency. Without {@code --url} it starts
 * an embed server in this process with the pipeline settings given.
 */
public final class EmbedLoadCommand {
    /** The command's own options; it also takes every pipeline setting, for the server it starts without --url. */
    public static final List<CommandOption> OPTIONS = List.of(
            CommandOption.optional("url", "URL", "the server to load, e.g. http://127.0.0.1:8080; default: start one in this"
                    + " process on a free loopback port"),
            CommandOption.optional("config", "PIPELINE.yaml", "the pipeline spec of the server started without --url"),
            CommandOption.optional("clients", "N1,N2,...", "concurrent clients; one run per number [default: 32]"),
            CommandOption.optional("seconds", "T", "measured seconds per run [default: 30]"),
            CommandOption.optional("warmup-seconds", "W", "seconds of load before each measurement [default: 5]"),
            CommandOption.optional("input", "FILE.jsonl", "the texts (their \"text\" fields); default: the bundled sample"),
            CommandOption.optional("limit", "N", "use the first N texts"),
            CommandOption.optional("inputs-per-request", "K", "texts per request [default: 1]"),
            CommandOption.optional("token", "'${env:NAME}'", "the server's bearer token, as a secret placeholder"),
            CommandOption.optional("json", "OUT", "write the figures as JSON"),
            CommandOption.optional("plot", "OUT.png", "plot p50 and p99 latency per number of clients"));

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;

    public EmbedLoadCommand(PrintStream out) {
        this.out = out;
    }

    /** Runs the load test; {@code args} as {@code llm-stream embed-load} takes them. */
    public int run(Args args) throws Exception {
        List<Integer> clients = clients(args);
        int seconds = args.intValue("seconds", 30, 1);
        int warmup = args.intValue("warmup-seconds", 5, 0);
        int perRequest = args.intValue("inputs-per-request", 1, 1);
        Optional<String> token = args.get("token").map(t -> {
            try {
                return ServerToken.resolve("--token", t, SecretPlaceholders.system());
            } catch (IllegalArgumentException e) {
                throw new Args.UsageException(args.command() + ": " + e.getMessage());
            }
        });
        List<String> texts = texts(args);
        EmbedServer local = null;
        try {
            String url;
            if (args.get("url").isPresent()) {
                url = args.get("url").get();
            } else {
                EmbedServerConfig config = EmbedServerConfig.builder().setPort(0).setToken(token.orElse(null)).build();
                local = EmbedServerCommand.start(args, config, JobSettings.from(args.settingsOver(Map.of())));
                url = local.url();
            }
            JsonNode health = health(url);
            String model = health.path("model").asText();
            out.printf("llm-stream embed-load: %s, model %s (sha256 %s), %s; %d s measured after %d s warm-up per run,"
                    + " %d text(s) per request from %d texts; %s, %d cores%n", url, model, health.path("model_sha256").asText(),
                    local == null ? "server in another process" : "server in this process", seconds, warmup, perRequest,
                    texts.size(), CpuInfo.model(), Runtime.getRuntime().availableProcessors());
            out.printf("%8s %11s %9s %9s %8s %8s %8s %8s %7s%n", "clients", "requests/s", "texts/s", "tokens/s", "p50 ms",
                    "p90 ms", "p99 ms", "max ms", "errors");
            EmbedLoad load = new EmbedLoad(url, token, model, texts, perRequest);
            List<LoadResult> results = new ArrayList<>();
            for (int n : clients) {
                LoadResult r = load.run(n, Duration.ofSeconds(warmup), Duration.ofSeconds(seconds));
                results.add(r);
                out.printf("%8d %11.1f %9.1f %9.0f %8.1f %8.1f %8.1f %8.1f %7d%n", r.clients(), r.requestsPerSecond(),
                        r.textsPerSecond(), r.tokensPerSecond(), r.p50Millis(), r.p90Millis(), r.p99Millis(), r.maxMillis(), r.errors());
            }
            if (args.get("json").isPresent()) {
                writeJson(Path.of(args.get("json").get()), url, model, perRequest, results);
            }
            if (args.get("plot").isPresent()) {
                plot(Path.of(args.get("plot").get()), model, perRequest, results);
            }
            return results.stream().anyMatch(r -> r.errors() > 0 || r.requests() == 0) ? 1 : 0;
        } finally {
            if (local != null) {
                local.close();
            }
        }
    }

    private static List<Integer> clients(Args args) {
        List<Integer> clients = new ArrayList<>();
        for (String n : args.get("clients").orElse("32").split(",")) {
            try {
                int c = Integer.parseInt(n.trim());
                if (c < 1) {
                    throw new NumberFormatException();
                }
                clients.add(c);
            } catch (NumberFormatException e) {
                throw new Args.UsageException(args.command() + ": --clients '" + args.get("clients").get()
                        + "' must be whole numbers >= 1, separated by commas");
            }
        }
        return clients;
    }

    private static List<String> texts(Args args) throws IOException {
        int limit = args.intValue("limit", Integer.MAX_VALUE, 1);
        List<String> texts = new ArrayList<>();
        try (BufferedReader reader = InputFiles.open(args, args.command())) {
            String line;
            while ((line = reader.readLine()) != null && texts.size() < limit) {
                try {
                    JsonNode text = JSON.readTree(line).path("text");
                    if (text.isTextual() && !text.asText().isBlank()) {
                        texts.add(text.asText());
                    }
                } catch (IOException e) {
                    // a line that is not JSON is not a text to send; the sample holds one on purpose
                }
            }
        }
        if (texts.isEmpty()) {
            throw new Args.UsageException(args.command() + ": the input has no line with a non-blank \"text\"");
        }
        return texts;
    }

    private JsonNode health(String url) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + "/health"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + "/health answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static void writeJson(Path file, String url, String model, int perRequest, List<LoadResult> results) throws IOException {
        ObjectNode root = JSON.createObjectNode().put("url", url).put("model", model).put("inputs_per_request", perRequest)
                .put("cpu", CpuInfo.model()).put("cores", Runtime.getRuntime().availableProcessors());
        ArrayNode runs = root.putArray("runs");
        for (LoadResult r : results) {
            runs.addObject().put("clients", r.clients()).put("seconds", r.seconds()).put("requests", r.requests())
                    .put("errors", r.errors()).put("requests_per_second", r.requestsPerSecond())
                    .put("texts_per_second", r.textsPerSecond()).put("tokens_per_second", r.tokensPerSecond()).put("p50_ms", r.p50Millis()).put("p90_ms", r.p90Millis())
                    .put("p99_ms", r.p99Millis()).put("max_ms", r.maxMillis());
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }

    private static void plot(Path file, String model, int perRequest, List<LoadResult> results) throws IOException {
        List<double[]> p50 = new ArrayList<>();
        List<double[]> p99 = new ArrayList<>();
        for (LoadResult r : results) {
            p50.add(new double[] {r.clients(), r.p50Millis()});
            p99.add(new double[] {r.clients(), r.p99Millis()});
        }
        new LineChart("embed server latency, " + model + ", " + perRequest + " text(s) per request", "concurrent clients (log2)",
                "latency (ms)", true).series("p50", p50).series("p99", p99).write(file);
    }
}
