package io.llmstream.batchapi;

import io.llmstream.cli.Args;
import io.llmstream.cli.CommandOption;
import io.llmstream.core.secrets.SecretPlaceholders;
import io.llmstream.server.HttpServerSettings;
import io.llmstream.server.ServerToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The command-line options of {@code serve}'s batch API; {@code --http-port} starts it. */
public final class BatchApiOptions {
    public static final String PORT = "http-port";
    public static final List<CommandOption> OPTIONS = List.of(
            CommandOption.optional(PORT, "N", "also answer OpenAI's batch API (POST /v1/files, /v1/batches, ...) on this port;"
                    + " 0 for any free port"),
            CommandOption.optional("http-host", "ADDRESS", "address the batch API binds [default: " + HttpServerSettings.DEFAULT_HOST
                    + ", loopback only; 0.0.0.0 for every interface]"),
            CommandOption.optional("http-token", "'${env:NAME}'", "require 'Authorization: Bearer <token>' on the batch API;"
                    + " the token as a secret placeholder, ${env:NAME} or ${file:/path}, never the token itself"),
            CommandOption.optional("max-upload-bytes", "N", "largest file upload; larger ones get 413 [default: "
                    + BatchApiConfig.DEFAULT_MAX_UPLOAD_BYTES + "]"),
            CommandOption.optional("files-dir", "DIR", "where uploaded files and batch output and error files are kept"
                    + " [default: a new temporary directory]"));

    private BatchApiOptions() {}

    /**
     * The batch API's settings when {@code --http-port} is given; its other options need it.
     *
     * @throws Args.UsageException naming the option that is wrong
     */
    public static Optional<BatchApiConfig> from(Args args, SecretPlaceholders secrets) {
        if (args.get(PORT).isEmpty()) {
            for (CommandOption o : OPTIONS) {
                if (args.get(o.name()).isPresent()) {
                    throw new Args.UsageException(args.command() + ": --" + o.name() + " is an option of the batch API;"
                            + " give --" + PORT + " N to start it");
                }
            }
            return Optional.empty();
        }
        BatchApiConfig.Builder b = BatchApiConfig.builder()
                .setPort(args.intValue(PORT, 0, 0))
                .setMaxBodyBytes(args.intValue("max-upload-bytes", (int) BatchApiConfig.DEFAULT_MAX_UPLOAD_BYTES,
                        HttpServerSettings.MIN_MAX_BODY_BYTES));
        args.get("http-host").ifPresent(b::setHost);
        try {
            if (args.get("http-token").isPresent()) {
                b.setToken(ServerToken.resolve("--http-token", args.get("http-token").get(), secrets));
            }
            b.setFilesDir(filesDir(args.get("files-dir")));
            return Optional.of(b.build());
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(args.command() + ": " + e.getMessage());
        } catch (IOException e) {
            throw new Args.UsageException(args.command() + ": --files-dir: " + e.getMessage());
        }
    }

    private static Path filesDir(Optional<String> dir) throws IOException {
        if (dir.isEmpty()) {
            return Files.createTempDirectory("llm-stream-batch-files");
        }
        Path path = Path.of(dir.get());
        Files.createDirectories(path);
        if (!Files.isWritable(path)) {
            throw new IOException(path + " is not a writable directory");
        }
        return path;
    }
}
