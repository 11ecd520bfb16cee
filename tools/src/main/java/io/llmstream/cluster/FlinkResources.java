package io.llmstream.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The JVM options (heap, direct and metaspace sizes) and derived memory settings a JobManager or
 * TaskManager process needs, computed from the configuration by Flink itself, as its start
 * scripts do ({@code BashJavaUtils}): a TaskManager refuses to start without them.
 */
final class FlinkResources {
    static final String JOB_MANAGER = "GET_JM_RESOURCE_PARAMS";
    static final String TASK_MANAGER = "GET_TM_RESOURCE_PARAMS";
    private static final String RESULT = "BASH_JAVA_UTILS_EXEC_RESULT:";

    private final List<String> jvmArgs;
    private final List<String> dynamicProperties;

    private FlinkResources(List<String> jvmArgs, List<String> dynamicProperties) {
        this.jvmArgs = jvmArgs;
        this.dynamicProperties = dynamicProperties;
    }

    static FlinkResources of(String command, List<String> classpath, Path conf, Path logs) throws IOException, InterruptedException {
        Path log = logs.resolve(command.toLowerCase() + ".out");
        int code = JavaProcess.run(classpath, null, List.of(), "org.apache.flink.runtime.util.bash.BashJavaUtils",
                List.of(command, "--configDir", conf.toString()), Map.of(), log, 120);
        List<String> results = Files.readAllLines(log).stream().filter(l -> l.startsWith(RESULT))
                .map(l -> l.substring(RESULT.length()).trim()).toList();
        if (code != 0 || results.size() < 2) {
            throw new IOException("Flink could not derive the process memory from the configuration; see " + log);
        }
        List<String> dynamic = new ArrayList<>(Arrays.asList(results.get(1).split(" ")));
        dynamic.removeIf(String::isBlank);
        return new FlinkResources(Arrays.asList(results.get(0).split(" ")), dynamic);
    }

    /** E.g. {@code -Xmx... -Xms... -XX:MaxDirectMemorySize=...}. */
    List<String> jvmArgs() {
        return jvmArgs;
    }

    /** {@code -D key=value} pairs to pass to the entry point. */
    List<String> dynamicProperties() {
        return dynamicProperties;
    }
}
