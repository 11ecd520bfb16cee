package io.llmstream.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.llmstream.cli.CommandOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a running {@code serve} tells {@code submit} and its users, kept in a JSON state file while
 * it runs: its process id, the broker's address, the job's topics, and the URLs of the web UI, the
 * Prometheus endpoint and the embed server, each if there is one. Serve writes it at start and deletes it on a clean stop, so that
 * {@code submit} finds the broker without anyone copying a random port.
 *
 * @param pid serve's process id, to tell a running serve from a file left by a killed one
 * @param webUi the Flink web UI's URL, or {@code null} with {@code --web-ui false}
 * @param metrics the Prometheus endpoint's URL, or {@code null} without {@code --metrics-port}
 * @param embedServer the embed server's base URL, or {@code null} without {@code --embed-port}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServeState(long pid, String bootstrapServers, String requestsTopic, String resultsTopic,
        String deadLettersTopic, String controlTopic, String statusTopic, String jobId, String model, String webUi,
        String metrics, String embedServer) {
    /** The option of serve and submit that names another state file. */
    public static final CommandOption OPTION = CommandOption.optional("state-file", "FILE",
            "where serve keeps its state (broker, topics, URLs) for submit [default: $XDG_STATE_HOME/llm-stream/serve.json,"
                    + " or ~/.local/state/llm-stream/serve.json]");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ServeState {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(requestsTopic, "requestsTopic");
        Objects.requireNonNull(controlTopic, "controlTopic");
        Objects.requireNonNull(statusTopic, "statusTopic");
    }

    /**
     * The state file {@code --state-file} names, else {@code $XDG_STATE_HOME/llm-stream/serve.json}
     * when that variable holds an absolute path (as the XDG base directory specification asks), else
     * {@code ~/.local/state/llm-stream/serve.json}.
     */
    public static Path path(Optional<String> stateFile, Map<String, String> env, String userHome) {
        if (stateFile.isPresent()) {
            return Path.of(stateFile.get());
        }
        String xdg = env.get("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(userHome, ".local", "state");
        return base.resolve("llm-stream").resolve("serve.json");
    }

    /** {@link #path} for this process's environment. */
    public static Path path(Optional<String> stateFile) {
        return path(stateFile, System.getenv(), System.getProperty("user.home"));
    }

    /** Writes the file whole or not at all (a reader never sees half of it), creating its folder. */
    public void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path partial = Files.createTempFile(dir, file.getFileName().toString(), ".partial");
        try {
            JSON.writeValue(partial.toFile(), this);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** The state in {@code file}, or none if there is no such file. */
    public static Optional<ServeState> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), ServeState.class));
        } catch (IOException e) {
            throw new IOException("serve's state file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Deletes {@code file} if it still holds this state: a later serve may have replaced it. */
    public void deleteIfMine(Path file) throws IOException {
        Optional<ServeState> current = read(file);
        if (current.isPresent() && current.get().pid() == pid) {
            Files.deleteIfExists(file);
        }
    }

    /** Whether the serve that wrote this state still runs. */
    public boolean isRunning() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
