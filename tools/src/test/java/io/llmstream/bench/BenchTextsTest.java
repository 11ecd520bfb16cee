package io.llmstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class BenchTextsTest {

    @Test
    void linesOverTheRecordLimitAreLeftOutAndCountedAndTheRestAreRead() throws Exception {
        String jsonl = "{\"id\": \"a\", \"text\": \"first\"}\n"
                + "{\"id\": \"big\", \"text\": \"" + "x".repeat(5_000) + "\"}\n"
                + "not json\n"
                + "{\"id\": \"b\", \"text\": \"  \"}\n"
                + "{\"id\": \"c\", \"text\": \"second\"}\n";

        BenchTexts.Read read = BenchTexts.read(new BufferedReader(new StringReader(jsonl)), Integer.MAX_VALUE, 1_000);

        assertThat(read.texts()).containsExactly("first", "second");
        assertThat(read.tooLarge()).isEqualTo(1);
    }

    @Test
    void theLimitStopsReading() throws Exception {
        String jsonl = "{\"text\": \"one\"}\n{\"text\": \"two\"}\n{\"text\": \"three\"}\n";

        assertThat(BenchTexts.read(new BufferedReader(new StringReader(jsonl)), 2)).containsExactly("one", "two");
    }
}
