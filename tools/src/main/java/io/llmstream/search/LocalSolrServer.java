package io.llmstream.search;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Solr node on this machine, started as a JVM of its own from the {@code solr-server} module's
 * build ({@code solr-server/target/llm-stream-solr-server.jar} and {@code solr-lib/}), so Solr's
 * libraries never meet this process's. For tests and the local example; {@link #kill} ends it
 * at once, {@link #close} too.
 */
public final class LocalSolrServer implements AutoCloseable {
    private static final String MAIN = "io.llmstream.solr.LocalSolr";
    private static final String READY = "SOLR READY ";

    private final Process process;
    private final String url;
    private final Path log;

    private LocalSolrServer(Process process, String url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /**
     * Starts a node whose cores live under {@code home} and waits until it answers.
     *
     * @param port the port, or 0 for a free one
     * @param cores the cores to create unless {@code home} holds them: name to vector dimension
     * @throws IllegalStateException when the solr-server module is not built, or the node does not start within 10 minutes (a busy machine can take several)
     */
    public static LocalSolrServer start(Path home, int port, Map<String, Integer> cores) throws IOException, InterruptedException {
        Path target = projectHome().resolve("solr-server").resolve("target");
        Path jar = target.resolve("llm-stream-solr-server.jar");
        Path lib = target.resolve("solr-lib");
        if (!Files.isRegularFile(jar) || !Files.isDirectory(lib)) {
            throw new IllegalStateException("the local Solr server is not built: " + jar.toAbsolutePath() + " and " + lib.toAbsolutePath()
                    + " are missing; build it with: mvn -B -pl solr-server package");
        }
        Files.createDirectories(home);
        int chosen = port == 0 ? freePort() : port;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dsolr.log.dir=" + home.toAbsolutePath().resolve("logs"),
                "-cp", jar.toAbsolutePath() + File.pathSeparator + lib.toAbsolutePath() + File.separator + "*",
                MAIN, "--home", home.toAbsolutePath().toString(), "--port", String.valueOf(chosen)));
        cores.forEach((name, dimension) -> command.addAll(List.of("--core", name + ":" + dimension)));
        Path log = home.resolve("solr.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // a node must not outlive the JVM that started it, even when that JVM is stopped without closing it
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            String url = readyUrl(log);
            if (url != null) {
                return new LocalSolrServer(process, url, log);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Solr exited with " + process.exitValue() + " before it was ready; see " + log);
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new IllegalStateException("Solr did not start within 10 minutes; see " + log);
    }

    /** The directory of the project: {@code llmstream.home} as the launcher sets it, else the parent of the working directory (a module's). */
    static Path projectHome() {
        String home = System.getProperty("llmstream.home");
        if (home != null) {
            return Path.of(home);
        }
        Path cwd = Path.of("").toAbsolutePath();
        return Files.isDirectory(cwd.resolve("solr-server")) ? cwd : cwd.getParent();
    }

    private static String readyUrl(Path log) throws IOException {
        if (!Files.exists(log)) {
            return null;
        }
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith(READY)) {
                return line.substring(READY.length()).strip();
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Base URL, e.g. {@code http://127.0.0.1:8983/solr}. */
    public String url() {
        return url;
    }

    public Path log() {
        return log;
    }

    /** Waits until the node exits (for the {@code solr} command, which runs until interrupted). */
    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    /** Ends the node at once (SIGKILL). */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(1, TimeUnit.MINUTES);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
