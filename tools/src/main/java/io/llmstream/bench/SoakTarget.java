package io.llmstream.bench;

import java.util.List;

/**
 * Where a soak runs the job: the in-process broker and MiniCluster, or a multi-process cluster.
 * It tells the soak where to send requests and what the job's processes hold in memory.
 */
interface SoakTarget extends AutoCloseable {

    /** The broker the requests go to and the answers come from. */
    String bootstrapServers();

    /** The job's processes, each measured now, heap after a full collection. */
    List<ProcessMemory> measure() throws Exception;

    /** Stops the job, then what the target started. */
    @Override
    void close() throws Exception;

    /** One process's memory at one moment, in MB. */
    record ProcessMemory(String name, double heapMb, double residentMb) {}
}
