package io.llmstream.bench;

import io.llmstream.cluster.LocalCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak against a multi-process cluster, as {@code llm-stream cluster start} runs one: a Kafka
 * broker, a Flink JobManager and TaskManagers, each its own JVM, with the shaded job jar submitted
 * by Flink's CLI with one subtask per TaskManager. Each process's heap is read after a full collection with the JDK's {@code jcmd},
 * its resident memory from /proc.
 */
final class ClusterTarget implements SoakTarget {
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total\\s+\\d+K,\\s+used\\s+(\\d+)K");

    private final LocalCluster cluster;
    private final String jobId;

    private ClusterTarget(LocalCluster cluster, String jobId) {
        this.cluster = cluster;
        this.jobId = jobId;
    }

    /**
     * Starts the cluster in {@code dir} (empty), creates the job's topics and submits the job.
     *
     * @param home the llm-stream checkout with the built job jar and libraries
     * @param settings the job's settings, without the broker's address
     */
    static ClusterTarget start(Path home, Path dir, int taskManagers, Map<String, String> settings, List<String> topics)
            throws Exception {
        LocalCluster.wipe(dir);
        Path jar = LocalCluster.jobJar(home.resolve("jobs/target"));
        LocalCluster cluster = LocalCluster.start(dir, home.resolve("tools/target/lib"), home.resolve("bin/java17-flink.flags"),
                taskManagers, 1);
        try {
            cluster.createTopics(taskManagers, topics.toArray(new String[0]));
            List<String> jobArgs = new ArrayList<>(List.of("--properties.bootstrap.servers", cluster.bootstrapServers()));
            settings.forEach((k, v) -> {
                jobArgs.add("--" + k);
                jobArgs.add(v);
            });
            return new ClusterTarget(cluster, cluster.submit(jar, "io.llmstream.job.EnrichmentJob", jobArgs, null, taskManagers));
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    @Override
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** The job's state and how many failures it recovered from, for the report. */
    String jobStatus() throws IOException, InterruptedException {
        return cluster.jobState(jobId) + ", " + cluster.failures(jobId) + " failures recovered";
    }

    @Override
    public List<ProcessMemory> measure() throws Exception {
        List<Long> pids = cluster.pids();
        List<ProcessMemory> memory = new ArrayList<>();
        for (int i = 0; i < pids.size(); i++) {
            String name = i == 0 ? "broker" : i == 1 ? "jobmanager" : "taskmanager-" + (i - 1);
            memory.add(new ProcessMemory(name, heapAfterGc(pids.get(i)), residentMb(pids.get(i))));
        }
        return memory;
    }

    @Override
    public void close() throws Exception {
        try {
            cluster.cancel(jobId);
        } finally {
            cluster.close();
        }
    }

    private static double heapAfterGc(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        Matcher m = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
        if (!m.find()) {
            throw new IOException("jcmd " + pid + " GC.heap_info printed no heap usage");
        }
        return Long.parseLong(m.group(1)) / 1024.0;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " " + command + " failed: " + output.strip());
        }
        return output;
    }

    private static double residentMb(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                .filter(l -> l.startsWith("VmRSS:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                .findFirst()
                .orElseThrow(() -> new IOException("no VmRSS for process " + pid)) / 1024.0;
    }
}
