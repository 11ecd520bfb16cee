package io.llmstream.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmstream.core.records.Codecs;
import io.llmstream.local.DemoInput;
import io.llmstream.local.LocalFlink;
import io.llmstream.local.OutputCollector;
import io.llmstream.local.RequestProducer;
import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.DeadLetterReason;
import io.llmstream.schema.EmbeddingRequest;
import io.llmstream.schema.EmbeddingResult;
import io.llmstream.testutils.EmbeddedKafkaExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad and hostile input through the real broker and Flink, on a job that is not allowed to
 * restart: every kind ends as results or as dead letters with its own reason, and the job is
 * still running afterwards.
 */
class HostileInputITCase {
    private static final int OUTPUT_LIMIT = 48 * 1024;

    @RegisterExtension
    static final EmbeddedKafkaExtension BROKER = new EmbeddedKafkaExtension();

    private static final String RESULT = "result";

    @Test
    void everyKindOfBadInputEndsAsAResultOrADeadLetterWithItsReason() throws Exception {
        JobSettings settings = JobSettings.from(Map.of(
                "kafka.bootstrap-servers", BROKER.kafka().bootstrapServers(),
                "kafka.starting-offsets", "earliest",
                "topics.requests", "hostile.requests",
                "topics.results", "hostile.results",
                "topics.dead-letters", "hostile.dead-letters",
                "inference.intra-op-threads", "1",
                "chunking.max-chunks", "4",
                "output.max-record-bytes", String.valueOf(OUTPUT_LIMIT)));
        BROKER.kafka().createTopic(settings.requestsTopic(), 2, Map.of("max.message.bytes", String.valueOf(16 * 1024 * 1024)));
        // the broker itself refuses anything over the job's limit on the way out
        for (String out : List.of(settings.resultsTopic(), settings.deadLettersTopic())) {
            BROKER.kafka().createTopic(out, 1, Map.of("max.message.bytes", String.valueOf(OUTPUT_LIMIT + 4096)));
        }
        List<Input> inputs = inputs();

        StreamExecutionEnvironment env = LocalFlink.withParallelism(2).noRestarts().build();
        EnrichmentJob.build(env, settings);
        JobClient job = env.executeAsync("hostile-input");
        Map<String, List<String>> outcomes = new HashMap<>();
        try (OutputCollector collector = new OutputCollector(BROKER.kafka().bootstrapServers(), settings)) {
            List<DemoInput.Record> records = new ArrayList<>();
            inputs.forEach(i -> records.add(i.record));
            RequestProducer.send(BROKER.kafka().bootstrapServers(), settings.requestsTopic(), records);
            assertThat(collector.collect(inputs.size(), Duration.ofSeconds(120), (c, s) -> { }, () -> false)).isTrue();
            collector.collect(inputs.size() + 1, Duration.ofSeconds(3), (c, s) -> { }, () -> false);
            assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS)).as("the job never failed").isEqualTo(JobStatus.RUNNING);
            job.cancel().get(60, TimeUnit.SECONDS);

            for (EmbeddingResult r : collector.results()) {
                outcomes.computeIfAbsent(r.getId(), k -> new ArrayList<>()).add(RESULT);
                assertThat(r.getEmbedding()).hasSize(384);
            }
            for (DeadLetter d : collector.deadLetters()) {
                outcomes.computeIfAbsent(String.valueOf(d.getId()), k -> new ArrayList<>()).add(d.getReason().name());
                assertThat(Codecs.deadLetters().encode(d).length).isLessThanOrEqualTo(OUTPUT_LIMIT);
            }
            System.out.printf("hostile input: %d kinds, %d records, %d results, %d dead letters%n", inputs.stream()
                    .map(i -> i.kind).distinct().count(), inputs.size(), collector.results().size(), collector.deadLetters().size());
            assertThat(collector.total()).isEqualTo(inputs.size());
        }
        for (Input input : inputs) {
            String expected = input.reason == null ? RESULT : input.reason.name();
            assertThat(outcomes.get(input.answerId)).as(input.kind).contains(expected);
        }
        assertThat(outcomes.get("duplicate-id")).as("a duplicate id is answered each time it is sent").containsExactly(RESULT, RESULT);
        assertThat(inputs.stream().map(i -> i.kind).distinct().count()).isGreaterThanOrEqualTo(20);
    }

    @Test
    void jsonRequestsWithAFieldOfTheWrongTypeAreInvalidFieldDeadLettersUnderTheirOwnIds() throws Exception {
        JobSettings settings = JobSettings.from(Map.of(
                "kafka.bootstrap-servers", BROKER.kafka().bootstrapServers(),
                "kafka.starting-offsets", "earliest",
                "input.format", "json",
                "topics.requests", "hostile-json.requests",
                "topics.results", "hostile-json.results",
                "topics.dead-letters", "hostile-json.dead-letters",
                "inference.intra-op-threads", "1"));
        BROKER.kafka().createTopics(1, settings.requestsTopic(), settings.resultsTopic(), settings.deadLettersTopic());
        List<Input> inputs = List.of(
                json("a text that is a list", "line-1", "{\"id\": \"bad-20\", \"text\": [\"list\", \"of\", \"strings\"]}",
                        DeadLetterReason.INVALID_FIELD).answeredAs("bad-20"),
                json("a text that is an object", "line-2", "{\"id\": \"nested\", \"text\": {\"body\": \"hidden words\"}}",
                        DeadLetterReason.INVALID_FIELD).answeredAs("nested"),
                json("a text that is a number", "line-3", "{\"id\": \"number-text\", \"text\": 42}",
                        DeadLetterReason.INVALID_FIELD).answeredAs("number-text"),
                json("attributes that are a list", "line-4", "{\"id\": \"bad-attrs\", \"text\": \"hi\", \"attributes\": [1]}",
                        DeadLetterReason.INVALID_FIELD).answeredAs("bad-attrs"),
                json("an id that is a fraction", "line-5", "{\"id\": 1.5, \"text\": \"hi\"}",
                        DeadLetterReason.INVALID_FIELD).answeredAs("1.5"),
                json("an id that is an object", "line-6", "{\"id\": {\"n\": 1}, \"text\": \"hi\"}",
                        DeadLetterReason.INVALID_FIELD),
                json("an id that is an integer", "line-7", "{\"id\": 42, \"text\": \"an integer id is its digits\"}",
                        null).answeredAs("42"),
                json("a good line", "line-8", "{\"id\": \"good\", \"text\": \"a plain sentence\"}", null).answeredAs("good"));

        Map<String, List<String>> outcomes = new HashMap<>();
        Map<String, String> messages = new HashMap<>();
        StreamExecutionEnvironment env = LocalFlink.withParallelism(1).noRestarts().build();
        EnrichmentJob.build(env, settings);
        JobClient job = env.executeAsync("hostile-json-input");
        try (OutputCollector collector = new OutputCollector(BROKER.kafka().bootstrapServers(), settings)) {
            RequestProducer.send(BROKER.kafka().bootstrapServers(), settings.requestsTopic(),
                    inputs.stream().map(i -> i.record).toList());
            assertThat(collector.collect(inputs.size(), Duration.ofSeconds(120), (c, s) -> { }, () -> false)).isTrue();
            assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS)).as("the job never failed").isEqualTo(JobStatus.RUNNING);
            job.cancel().get(60, TimeUnit.SECONDS);
            collector.results().forEach(r -> outcomes.computeIfAbsent(r.getId(), k -> new ArrayList<>()).add(RESULT));
            for (DeadLetter d : collector.deadLetters()) {
                outcomes.computeIfAbsent(d.getId(), k -> new ArrayList<>()).add(d.getReason().name());
                messages.put(d.getId(), d.getMessage());
            }
            assertThat(collector.total()).isEqualTo(inputs.size());
        }
        for (Input input : inputs) {
            assertThat(outcomes.get(input.answerId)).as(input.kind)
                    .containsExactly(input.reason == null ? RESULT : input.reason.name());
        }
        // the job adds the record's topic, partition and offset
        assertThat(messages.get("bad-20")).startsWith("field 'text' must be a string, got an array (");
        assertThat(messages.get("nested")).startsWith("field 'text' must be a string, got an object (").doesNotContain("hidden");
        assertThat(messages.get("line-6")).startsWith("field 'id' must be a string or an integer, got an object (");
    }

    private static List<Input> inputs() {
        List<Input> in = new ArrayList<>();
        in.add(avro("empty text", "empty-text", "", DeadLetterReason.EMPTY_TEXT));
        in.add(avro("whitespace only", "whitespace", " \t\r\n  \n", DeadLetterReason.EMPTY_TEXT));
        in.add(avro("unicode spaces and zero-width characters only", "invisible", "\u00a0\u2003\u200b\u200d\ufeff\u3000",
                DeadLetterReason.EMPTY_TEXT));
        in.add(avro("control bytes only", "control-only", "\u0000\u0001\u0007\u001b", DeadLetterReason.EMPTY_TEXT));
        in.add(avro("NUL and control bytes inside words", "nul-inside", "budget\u0000 report\u0007 for the\u001b third quarter", null));
        in.add(avro("a 5 MB text", "five-mb", "word ".repeat(1_000_000), DeadLetterReason.TEXT_TOO_LONG));
        in.add(avro("a 100,000-character word", "long-word", "a".repeat(100_000), null));
        in.add(avro("emoji flood", "emoji", "\ud83d\ude00\ud83d\udd25\ud83d\udc4d".repeat(5_000), null));
        in.add(avro("combining-character flood", "zalgo", ("e" + "\u0301\u0302\u0303\u0304\u0305".repeat(40)).repeat(200), null));
        in.add(avro("right-to-left scripts", "rtl", "مرحبا بالعالم، هذا نص عربي. שלום עולם, זהו טקסט בעברית.", null));
        in.add(avro("mixed CJK scripts", "cjk", "今天天气很好。今日は天気がいいです。오늘은 날씨가 좋습니다。", null));
        in.add(avro("raw MIME mail with HTML", "mime", "From: a@example.com\nSubject: Offer\nMIME-Version: 1.0\n"
                + "Content-Type: text/html\n\n<html><body><script>x()</script><p>Buy now &amp; save</p></body></html>", null));
        in.add(avro("JSON inside the text", "json-in-text", "{\"id\": \"evil\", \"text\": \"\", \"attributes\": {\"a\": 1}}", null));
        in.add(avro("a lone surrogate", "lone-surrogate", "half a pair \ud800 here", null));
        in.add(avro("duplicate id (1)", "duplicate-id", "the first copy", null));
        in.add(avro("duplicate id (2)", "duplicate-id", "the second copy", null));
        in.add(avro("missing id", "", "a text without an id", DeadLetterReason.MISSING_ID).answeredAs("missing-id-key"));
        in.add(avro("a 5,000-character id", "i".repeat(5_000), "text", DeadLetterReason.MISSING_ID).answeredAs("i".repeat(1024)));
        in.add(raw("bytes that are not Avro", "not-avro", "this is plain text, not an Avro record".getBytes(StandardCharsets.UTF_8),
                DeadLetterReason.UNDECODABLE));
        in.add(raw("a record of another schema", "other-schema", Codecs.deadLetters().encode(DeadLetter.newBuilder().setId("x")
                .setStage("s").setReason(DeadLetterReason.UNKNOWN).setMessage("m").setTimeMillis(1L).build()),
                DeadLetterReason.UNDECODABLE));
        in.add(raw("JSON on an Avro topic", "json-on-avro", "{\"id\": \"j\", \"text\": \"hello\"}".getBytes(StandardCharsets.UTF_8),
                DeadLetterReason.UNDECODABLE));
        in.add(raw("an empty payload", "empty-payload", new byte[0], DeadLetterReason.UNDECODABLE));
        in.add(invalidUtf8());
        in.add(nullKey());
        Map<String, String> big = Map.of("blob", "x".repeat(OUTPUT_LIMIT));
        in.add(new Input("a result over the broker's size limit", "too-large", DeadLetterReason.RESULT_TOO_LARGE,
                record("too-large", EmbeddingRequest.newBuilder().setId("too-large").setText("A short text with a big attribute.")
                        .setAttributes(big).build())));
        return in;
    }

    /** Avro's string decoding turns invalid UTF-8 into U+FFFD: the text is readable, so it is embedded. */
    private static Input invalidUtf8() {
        byte[] bytes = Codecs.requests().encode(EmbeddingRequest.newBuilder().setId("bad-utf8").setText("abcXYZdef").build());
        String s = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = s.indexOf("XYZ");
        bytes[at] = (byte) 0xC3;
        bytes[at + 1] = (byte) 0x28;
        bytes[at + 2] = (byte) 0xFF;
        return raw("invalid UTF-8 in the text", "bad-utf8", bytes, null);
    }

    private static Input nullKey() {
        EmbeddingRequest r = EmbeddingRequest.newBuilder().setId("null-key").setText("a record without a key").build();
        return new Input("a null key", "null-key", null, new DemoInput.Record(null, Codecs.requests().encode(r)));
    }

    private static Input avro(String kind, String id, String text, DeadLetterReason reason) {
        return new Input(kind, id, reason, record(id.isEmpty() ? "missing-id-key" : id,
                EmbeddingRequest.newBuilder().setId(id).setText(text).build()));
    }

    /** A JSON line keyed as the demo keys a line without a readable id. */
    private static Input json(String kind, String key, String line, DeadLetterReason reason) {
        return raw(kind, key, line.getBytes(StandardCharsets.UTF_8), reason);
    }

    private static DemoInput.Record record(String key, EmbeddingRequest request) {
        return new DemoInput.Record(key, Codecs.requests().encode(request));
    }

    private static Input raw(String kind, String key, byte[] value, DeadLetterReason reason) {
        return new Input(kind, key, reason, new DemoInput.Record(key, value));
    }

    /** One hostile record, the id its answer carries, and the dead-letter reason expected ({@code null}: a result). */
    private static final class Input {
        final String kind;
        final DeadLetterReason reason;
        final DemoInput.Record record;
        String answerId;

        Input(String kind, String answerId, DeadLetterReason reason, DemoInput.Record record) {
            this.kind = kind;
            this.answerId = answerId;
            this.reason = reason;
            this.record = record;
        }

        Input answeredAs(String id) {
            this.answerId = id;
            return this;
        }
    }
}
