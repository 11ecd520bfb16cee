package io.llmstream.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts a JVM with the cluster's classpath and Java 17 flags, its output in a log file. */
final class JavaProcess {
    private JavaProcess() {}

    /**
     * @param classpath entries joined into {@code -cp}
     * @param flags a Java argument file (the add-opens Flink needs), or {@code null}
     * @param jvmArgs further JVM options (system properties, heap)
     * @param env extra environment variables
     */
    static Process start(List<String> classpath, Path flags, List<String> jvmArgs, String mainClass, List<String> args,
            Map<String, String> env, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (flags != null) {
            command.add("@" + flags.toAbsolutePath());
        }
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(String.join(java.io.File.pathSeparator, classpath));
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Runs to completion and returns the exit code. */
    static int run(List<String> classpath, Path flags, List<String> jvmArgs, String mainClass, List<String> args,
            Map<String, String> env, Path log, long timeoutSeconds) throws IOException, InterruptedException {
        Process p = start(classpath, flags, jvmArgs, mainClass, args, env, log);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(mainClass + " did not finish within " + timeoutSeconds + " s; see " + log);
        }
        return p.exitValue();
    }
}
