package io.llmstream.server;

import io.llmstream.cli.Args;
import io.llmstream.cli.CommandOption;
import io.llmstream.core.secrets.SecretPlaceholders;
import io.llmstream.job.JobSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code llm-stream embed-server}: query-time embeddings over HTTP with the pipeline's model and
 * settings, until stopped.
 */
public final class EmbedServerCommand {
    /** The command's own options; it also takes every pipeline setting (model, device, batching, chunking). */
    public static final List<CommandOption> OPTIONS;

    static {
        List<CommandOption> options = new ArrayList<>();
        options.add(CommandOption.optional("config", "PIPELINE.yaml", "a pipeline spec: model, device, batching, chunking"));
        options.add(CommandOption.optional("port", "N", "port to listen on; 0 for any free port [default: "
                + EmbedServerConfig.DEFAULT_PORT + "]"));
        options.addAll(EmbedServerOptions.COMMON);
        OPTIONS = List.copyOf(options);
    }

    private final PrintStream out;

    public EmbedServerCommand(PrintStream out) {
        this.out = out;
    }

    /** Serves until stopped; {@code args} as {@code llm-stream embed-server} takes them. */
    public int run(Args args) throws Exception {
        EmbedServerConfig config = EmbedServerOptions.from(args, "port", EmbedServerConfig.DEFAULT_PORT, SecretPlaceholders.system());
        JobSettings settings = JobSettings.from(args.settingsOver(Map.of()));
        CountDownLatch stopped = new CountDownLatch(1);
        try (EmbedServer server = start(args, config, settings)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "llm-stream-embed-server-stop"));
            describe(out, server);
            out.println("stop with Ctrl-C");
            stopped.await();
        }
        return 0;
    }

    /**
     * Starts the server, reporting an address that cannot be bound as a usage error.
     *
     * @throws Args.UsageException when the address is taken or not local
     */
    public static EmbedServer start(Args args, EmbedServerConfig config, JobSettings settings) throws IOException {
        try {
            return EmbedServer.start(config, settings);
        } catch (BindException | UnknownHostException e) {
            throw new Args.UsageException(args.command() + ": cannot listen on " + config.http().host() + ":" + config.http().port() + " ("
                    + e.getMessage() + ")");
        }
    }

    /** Prints where the server listens and what it serves. */
    public static void describe(PrintStream out, EmbedServer server) {
        out.printf("embed server: %s/v1/embeddings, model %s (%d dimensions, sha256 %s)%s%n", server.url(), server.model(),
                server.dimensions(), server.sha256(), server.requiresToken() ? ", bearer token required" : "");
        out.printf("  also GET %s/health, %s/metrics (Prometheus), %s/v1/models%n", server.url(), server.url(), server.url());
        if (!server.loopbackOnly() && !server.requiresToken()) {
            out.println("  warning: reachable from other machines without a token; give --token '${env:NAME}' to require one");
        }
    }
}
