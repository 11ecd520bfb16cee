package io.llmstream.core.task;

/** What a task computed for one document; it writes its own fields into the result. */
@FunctionalInterface
public interface TaskOutput {

    void writeTo(ResultWriter result);
}
