package io.llmstream.server;

import io.llmstream.cli.Args;
import io.llmstream.cli.CommandOption;
import io.llmstream.core.secrets.SecretPlaceholders;
import java.util.List;

/**
 * The command-line options of the embed server, shared by {@code embed-server} and {@code serve}
 * (which takes the port as {@code --embed-port}).
 */
public final class EmbedServerOptions {
    /** Everything but the port, whose name differs between the commands. */
    public static final List<CommandOption> COMMON = List.of(
            CommandOption.optional("host", "ADDRESS", "address to bind [default: " + HttpServerSettings.DEFAULT_HOST
                    + ", loopback only; 0.0.0.0 for every interface]"),
            CommandOption.optional("max-inputs", "N", "most texts per request [default: " + EmbedServerConfig.DEFAULT_MAX_INPUTS + "]"),
            CommandOption.optional("max-request-bytes", "N", "largest request body; larger ones get 413 [default: "
                    + EmbedServerConfig.DEFAULT_MAX_REQUEST_BYTES + "]"),
            CommandOption.optional("token", "'${env:NAME}'", "require 'Authorization: Bearer <token>'; the token as a secret"
                    + " placeholder, ${env:NAME} or ${file:/path}, never the token itself"),
            CommandOption.optional("threads", "N", "threads handling requests [default: " + EmbedServerConfig.DEFAULT_THREADS + "]"),
            CommandOption.optional("max-in-flight", "N", "most texts at the model at once; a request that would pass it gets 429"
                    + " with Retry-After, at least --max-inputs [default: " + EmbedServerConfig.DEFAULT_MAX_IN_FLIGHT + "]"));

    private EmbedServerOptions() {}

    /**
     * The server's settings from {@code args}, the port from {@code portOption}.
     *
     * @throws Args.UsageException naming the option that is wrong
     */
    public static EmbedServerConfig from(Args args, String portOption, int defaultPort, SecretPlaceholders secrets) {
        EmbedServerConfig.Builder b = EmbedServerConfig.builder()
                .setPort(args.intValue(portOption, defaultPort, 0))
                .setMaxInputs(args.intValue("max-inputs", EmbedServerConfig.DEFAULT_MAX_INPUTS, 1))
                .setMaxBodyBytes(args.intValue("max-request-bytes", EmbedServerConfig.DEFAULT_MAX_REQUEST_BYTES,
                        HttpServerSettings.MIN_MAX_BODY_BYTES))
                .setThreads(args.intValue("threads", EmbedServerConfig.DEFAULT_THREADS, 1))
                .setMaxInFlight(args.intValue("max-in-flight", EmbedServerConfig.DEFAULT_MAX_IN_FLIGHT, 1));
        args.get("host").ifPresent(b::setHost);
        try {
            if (args.get("token").isPresent()) {
                b.setToken(ServerToken.resolve("--token", args.get("token").get(), secrets));
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(args.command() + ": " + e.getMessage());
        }
    }
}
