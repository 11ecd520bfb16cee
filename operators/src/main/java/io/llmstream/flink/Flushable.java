package io.llmstream.flink;

/** A function that holds partial batches and can send them on at once. */
public interface Flushable {
    /** Sends every partial batch to the model now; does not wait for results. */
    void flush();
}
