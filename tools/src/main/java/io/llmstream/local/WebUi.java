package io.llmstream.local;

import io.llmstream.cli.Args;
import io.llmstream.cli.CommandOption;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;

/**
 * Where a local command shows Flink's web UI: on the loopback interface only, on a port the
 * command prints at start. {@code --web-port N} chooses the port (0 for any free one) and
 * {@code --web-ui false} leaves it out.
 *
 * @param port the port the REST endpoint and the web UI are served on, never 0
 */
public record WebUi(int port) {
    /** The only interface the web UI listens on: it can cancel jobs, so it stays on this machine. */
    public static final String HOST = "127.0.0.1";

    /** The options {@link #from} reads, with {@code defaultPort} in their help. */
    public static List<CommandOption> options(int defaultPort) {
        String port = defaultPort == 0 ? "any free port" : String.valueOf(defaultPort);
        return List.of(
                CommandOption.optional("web-port", "N", "serve Flink's web UI on " + HOST + ":N; 0 for any free port"
                        + " [default: " + port + "]"),
                CommandOption.optional("web-ui", "true|false", "serve Flink's web UI and print its URL [default: true]"));
    }

    /**
     * The web UI {@code args} ask for, or none with {@code --web-ui false}. A free port is chosen
     * for 0; a given port must be free now, so that a second run fails at start naming the option
     * rather than deep inside Flink.
     */
    public static Optional<WebUi> from(Args args, int defaultPort) {
        String enabled = args.get("web-ui").orElse("true").strip();
        if (!enabled.equals("true") && !enabled.equals("false")) {
            throw new Args.UsageException(args.command() + ": --web-ui must be true or false, got '" + enabled + "'");
        }
        int port = args.intValue("web-port", defaultPort, 0);
        if (port > 65535) {
            throw new Args.UsageException(args.command() + ": --web-port = " + port + " is out of range; allowed: 0-65535");
        }
        if (enabled.equals("false")) {
            if (args.get("web-port").isPresent()) {
                throw new Args.UsageException(args.command() + ": --web-port has no use with --web-ui false");
            }
            return Optional.empty();
        }
        if (port == 0) {
            return Optional.of(new WebUi(freePort()));
        }
        if (!isFree(port)) {
            throw new Args.UsageException(args.command() + ": --web-port " + port + " is in use on " + HOST
                    + " (another serve, or a Flink cluster?); give --web-port N, or 0 for any free port");
        }
        return Optional.of(new WebUi(port));
    }

    /** The address to open in a browser, e.g. {@code http://127.0.0.1:8081}. */
    public String url() {
        return "http://" + HOST + ":" + port;
    }

    /** The line commands print at start. */
    public String describe() {
        return "Flink web UI: " + url();
    }

    /** A port free on the loopback interface now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on " + HOST + ": " + e.getMessage(), e);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
