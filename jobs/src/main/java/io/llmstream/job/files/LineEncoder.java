package io.llmstream.job.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.util.function.SerializableFunction;

/** Writes each element as one line of UTF-8 text, as a function of the output format renders it. */
final class LineEncoder<T> implements Encoder<T> {
    private static final long serialVersionUID = 1L;

    private final SerializableFunction<T, String> line;

    LineEncoder(SerializableFunction<T, String> line) {
        this.line = line;
    }

    @Override
    public void encode(T element, OutputStream stream) throws IOException {
        stream.write(line.apply(element).getBytes(StandardCharsets.UTF_8));
        stream.write('\n');
    }
}
