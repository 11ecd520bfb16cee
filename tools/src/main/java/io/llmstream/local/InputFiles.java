package io.llmstream.local;

import io.llmstream.cli.Args;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the JSONL a command reads: {@code --input FILE}, or the sample corpus bundled with llm-stream. */
public final class InputFiles {
    /** 200 State of the Union passages (public domain), two of them bad on purpose. */
    static final String SAMPLE = "samples/sotu-sample.jsonl";

    private InputFiles() {}

    public static BufferedReader open(Args args, String command) throws IOException {
        if (args.get("input").isPresent()) {
            Path path = Path.of(args.get("input").get());
            if (!Files.isRegularFile(path)) {
                throw new Args.UsageException(command + ": --input " + path + " is not a readable file");
            }
            return Files.newBufferedReader(path, StandardCharsets.UTF_8);
        }
        return new BufferedReader(new InputStreamReader(
                InputFiles.class.getClassLoader().getResourceAsStream(SAMPLE), StandardCharsets.UTF_8));
    }
}
