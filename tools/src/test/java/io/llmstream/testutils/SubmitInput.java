package io.llmstream.testutils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Input files for {@code submit}: JSONL lines of sample texts with ids {@code d-0, d-1, ...}, then lines as given. */
public final class SubmitInput {
    /** A text of only spaces: answered as an EMPTY_TEXT dead letter. */
    public static final String BLANK = "{\"id\": \"blank\", \"text\": \"  \"}";

    private SubmitInput() {}

    /** Writes {@code good} texts and then {@code otherLines} to {@code file}. */
    public static Path write(Path file, int good, String... otherLines) throws IOException {
        StringBuilder b = new StringBuilder();
        List<String> texts = TestTexts.sotuSentences();
        for (int i = 0; i < good; i++) {
            b.append("{\"id\": \"d-").append(i).append("\", \"text\": \"").append(texts.get(i).replace("\"", "'")).append("\"}\n");
        }
        for (String line : otherLines) {
            b.append(line).append('\n');
        }
        return Files.writeString(file, b);
    }
}
