package io.llmstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmstream.core.records.Codecs;
import io.llmstream.core.records.InputFormat;
import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.DeadLetterReason;
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

    @Test
    void aLineWithAFieldOfTheWrongTypeKeepsItsIdAndIsSentForTheJobToJudgeInJson() throws Exception {
        String line = "{\"id\": \"bad-20\", \"text\": [\"list\", \"of\", \"strings\"]}";

        List<DemoInput.Record> records = DemoInput.read(new BufferedReader(new StringReader(line)), InputFormat.JSON, 0L);

        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.key).isEqualTo("bad-20");
            assertThat(r.deadLetter).isFalse();
            assertThat(new String(r.value, StandardCharsets.UTF_8)).isEqualTo(line);
        });
    }

    @Test
    void inAvroALineWithAFieldOfTheWrongTypeIsAnsweredByTheReaderAsAnInvalidFieldDeadLetterUnderItsId() throws Exception {
        String jsonl = "{\"id\": \"ok\", \"text\": \"fine\"}\n"
                + "{\"id\": \"bad-20\", \"text\": [\"list\", \"of\", \"strings\"]}\n"
                + "{\"id\": 7, \"text\": \"an integer id\"}\n"
                + "{\"id\": [1], \"text\": \"an id that is a list\"}\n";

        List<DemoInput.Record> records = DemoInput.read(new BufferedReader(new StringReader(jsonl)), InputFormat.AVRO, 0L);

        assertThat(records).extracting(r -> r.key).containsExactly("ok", "bad-20", "7", "line-4");
        assertThat(records).extracting(r -> r.deadLetter).containsExactly(false, true, false, true);
        DeadLetter bad = Codecs.deadLetters().decode(records.get(1).value);
        assertThat(bad.getId()).isEqualTo("bad-20");
        assertThat(bad.getReason()).isEqualTo(DeadLetterReason.INVALID_FIELD);
        assertThat(bad.getMessage()).isEqualTo("field 'text' must be a string, got an array");
        assertThat(StandardCharsets.UTF_8.decode(bad.getPayload()).toString()).contains("bad-20");
        assertThat(Codecs.requests().decode(records.get(2).value).getId()).isEqualTo("7");
        assertThat(Codecs.deadLetters().decode(records.get(3).value).getMessage()).endsWith("got an array");
    }

    @Test
    void aLineOverTheRecordLimitIsAnsweredAsRecordTooLargeUnderItsIdWithTheHeadOfTheLine() throws Exception {
        String longer = "ü".repeat(60_000);
        String shorterButLargeOnceEncoded = "ü".repeat(40_000);
        String jsonl = "{\"id\": \"small\", \"text\": \"fine\"}\n"
                + "{\"text\": \"" + longer + "\", \"id\": \"id-after-the-text\"}\n"
                + "{\"text\": \"" + shorterButLargeOnceEncoded + "\"}\r\n"
                + "{\"id\": \"last\", \"text\": \"after the big ones\"}";

        List<DemoInput.Record> records = DemoInput.read(new BufferedReader(new StringReader(jsonl)), InputFormat.AVRO, 0L, 50_000);

        assertThat(records).extracting(r -> r.key).containsExactly("small", "id-after-the-text", "line-3", "last");
        assertThat(records).extracting(r -> r.deadLetter).containsExactly(false, true, true, false);
        DeadLetter big = Codecs.deadLetters().decode(records.get(1).value);
        assertThat(big.getReason()).isEqualTo(DeadLetterReason.RECORD_TOO_LARGE);
        assertThat(big.getStage()).isEqualTo("decode");
        long lineBytes = ("{\"text\": \"" + longer + "\", \"id\": \"id-after-the-text\"}").getBytes(StandardCharsets.UTF_8).length;
        assertThat(big.getMessage()).startsWith("record value has " + lineBytes + " bytes; input.max-record-bytes is 50000")
                .endsWith("[payload cut to its first 32768 bytes]");
        assertThat(big.getPayload().remaining()).isEqualTo(LocalAnswers.PAYLOAD_KEPT_BYTES);
        assertThat(StandardCharsets.UTF_8.decode(big.getPayload()).toString()).startsWith("{\"text\": \"üü");
        DeadLetter encoded = Codecs.deadLetters().decode(records.get(2).value);
        assertThat(encoded.getReason()).isEqualTo(DeadLetterReason.RECORD_TOO_LARGE);
        assertThat(StandardCharsets.UTF_8.decode(encoded.getPayload()).toString()).startsWith("{\"text\": \"üü");
        assertThat(Codecs.requests().decode(records.get(3).value).getText()).isEqualTo("after the big ones");
    }

    @Test
    void aRequestOverTheLimitOnlyOnceEncodedIsAnsweredToo() throws Exception {
        String line = "{\"id\": \"x\", \"text\": \"" + "ü".repeat(490) + "\"}";

        List<DemoInput.Record> records = DemoInput.read(new BufferedReader(new StringReader(line)), InputFormat.JSON, 0L, 1_000);

        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.key).isEqualTo("x");
            assertThat(r.deadLetter).isTrue();
            assertThat(Codecs.deadLetters().decode(r.value).getMessage())
                    .startsWith("record value has " + line.getBytes(StandardCharsets.UTF_8).length + " bytes; input.max-record-bytes is 1000");
        });
    }
}
