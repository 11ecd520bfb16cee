package io.llmstream.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Stops a running Flink job through the JobManager's REST API and keeps its state in a savepoint
 * ({@code POST /jobs/:id/stop}): the sources stop, the sinks commit what they wrote, and a later
 * submission with {@code --fromSavepoint} continues at the same offsets, with the same batch-job
 * counts, so nothing is answered twice or lost across a stop and a start.
 */
final class StopWithSavepoint {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private StopWithSavepoint() {}

    /**
     * Stops the job with a savepoint. A job that was just started or is restarting has tasks that
     * are not running yet, and its savepoint fails; that is tried again until {@code timeout}.
     *
     * @return the savepoint's location
     * @throws IOException when the job cannot be stopped so (not running, JobManager gone, no
     *     savepoint within {@code timeout}), with the reason
     */
    static String stop(String restUrl, String jobId, Path targetDir, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String failure = "no savepoint within " + timeout.toSeconds() + " s";
        while (System.nanoTime() < deadline) {
            JsonNode operation = trigger(restUrl, jobId, targetDir, deadline);
            if (operation.hasNonNull("location")) {
                return operation.path("location").asText();
            }
            failure = "the savepoint failed: " + reason(operation.path("failure-cause").path("stack-trace").asText(""));
            Thread.sleep(1000);
        }
        throw new IOException(failure);
    }

    /** Triggers one stop-with-savepoint and waits for its outcome: the operation, with a location or a failure cause. */
    private static JsonNode trigger(String restUrl, String jobId, Path targetDir, long deadline) throws IOException, InterruptedException {
        String body = JSON.createObjectNode()
                .put("targetDirectory", targetDir.toAbsolutePath().toUri().toString())
                .put("drain", false)
                .toString();
        JsonNode trigger = send(HttpRequest.newBuilder(URI.create(restUrl + "/jobs/" + jobId + "/stop"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        String request = trigger.path("request-id").asText();
        while (System.nanoTime() < deadline) {
            JsonNode status = send(HttpRequest.newBuilder(URI.create(restUrl + "/jobs/" + jobId + "/savepoints/" + request)).GET());
            if (status.path("status").path("id").asText().equals("COMPLETED")) {
                return status.path("operation");
            }
            Thread.sleep(500);
        }
        throw new IOException("no savepoint within the time given");
    }

    /** The innermost message of a stack trace's first line, without the exception class names before it. */
    private static String reason(String stackTrace) {
        String first = stackTrace.lines().findFirst().orElse("no reason given");
        int at = first.lastIndexOf("Exception: ");
        return at < 0 ? first : first.substring(at + "Exception: ".length());
    }

    private static JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(request.build().uri().getPath() + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }
}
