package io.llmstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmstream.core.records.Codecs;
import io.llmstream.core.records.InputFormat;
import io.llmstream.schema.EmbeddingRequest;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoInputTest {

    @Test
    void linesBecomeKeyedAvroRequestsAndBrokenLinesAreSentAsTheyAre() throws Exception {
        String jsonl = "{\"id\": \"a\", \"text\": \"hello\", \"lang\": \"en\"}\n"
                + "\n"
                + "not json at all\n"
                + "{\"text\": \"no id\"}\n";

        List<DemoInput.Record> records = DemoInput.read(new BufferedReader(new StringReader(jsonl)), InputFormat.AVRO, 7L);

        assertThat(records).extracting(r -> r.key).containsExactly("a", "line-3", "line-4");
        EmbeddingRequest first = Codecs.requests().decode(records.get(0).value);
        assertThat(first.getText()).isEqualTo("hello");
        assertThat(first.getAttributes()).containsEntry("lang", "en");
        assertThat(first.getSubmitTimeMillis()).isEqualTo(7L);
        assertThat(new String(records.get(1).value, StandardCharsets.UTF_8)).isEqualTo("not json at all");
        assertThat(Codecs.requests().decode(records.get(2).value).getId()).isEmpty();
    }

    @Test
    void jsonFormatSendsTheLineItself() throws Exception {
        List<DemoInput.Record> records = DemoInput.read(
                new BufferedReader(new StringReader("{\"id\": \"a\", \"text\": \"hello\"}")), InputFormat.JSON, 0L);

        assertThat(new String(records.get(0).value, StandardCharsets.UTF_8)).isEqualTo("{\"id\": \"a\", \"text\": \"hello\"}");
    }
}
