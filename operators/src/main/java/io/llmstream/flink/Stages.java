package io.llmstream.flink;

/** Names of the pipeline stages, as written into dead letters and used in operator uids. */
public final class Stages {
    public static final String DECODE = "decode";
    public static final String PREPROCESS = "preprocess";
    public static final String TOKENIZE = "tokenize";
    public static final String EMBED = "embed";
    public static final String SUMMARIZE = "summarize";
    public static final String CLASSIFY = "classify";
    public static final String OUTPUT = "output";

    private Stages() {}
}
