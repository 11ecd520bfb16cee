package io.llmstream.core.enrich;

import io.llmstream.core.task.TaskRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * Names of the pipeline stages, as written into dead letters: the framework's fixed stages, and
 * each task under its own name ({@link TaskRegistry#names()}).
 */
public final class Stages {
    public static final String DECODE = "decode";
    public static final String PREPROCESS = "preprocess";
    /** Picking the record's model among several ({@code models}): {@code UNKNOWN_MODEL}. */
    public static final String ROUTE = "route";
    public static final String TOKENIZE = "tokenize";
    public static final String OUTPUT = "output";

    private Stages() {}

    /** Every stage a dead letter may name, in pipeline order. */
    public static List<String> all() {
        List<String> stages = new ArrayList<>(List.of(DECODE, PREPROCESS, ROUTE, TOKENIZE));
        stages.addAll(TaskRegistry.names());
        stages.add(OUTPUT);
        return stages;
    }
}
