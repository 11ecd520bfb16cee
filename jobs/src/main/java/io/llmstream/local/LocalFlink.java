package io.llmstream.local;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Flink MiniCluster environments for the local runner and tests. */
public final class LocalFlink {
    private LocalFlink() {}

    /** A MiniCluster with {@code parallelism} slots; its REST endpoint takes a free port so runs never collide. */
    public static StreamExecutionEnvironment environment(int parallelism) {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        return StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
    }
}
