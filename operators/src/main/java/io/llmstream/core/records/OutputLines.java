package io.llmstream.core.records;

import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.EmbeddingResult;

/** Results and dead letters as one line of text each, in an output format that writes lines ({@link OutputFormat#lines()}). */
public final class OutputLines {
    private OutputLines() {}

    /** The line of a result, without a line break. */
    public static String result(OutputFormat format, EmbeddingResult result) {
        switch (format) {
            case JSON:
                return JsonLines.result(result);
            case OPENAI_BATCH:
                return OpenAiBatchLines.output(result);
            default:
                throw notLines(format);
        }
    }

    /** The line of a dead letter, without a line break. */
    public static String deadLetter(OutputFormat format, DeadLetter deadLetter) {
        switch (format) {
            case JSON:
                return JsonLines.deadLetter(deadLetter);
            case OPENAI_BATCH:
                return OpenAiBatchLines.error(deadLetter);
            default:
                throw notLines(format);
        }
    }

    private static IllegalArgumentException notLines(OutputFormat format) {
        return new IllegalArgumentException("output format " + format + " does not write lines; json and openai-batch do");
    }
}
