package io.llmstream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmstream.core.classify.Classification;
import io.llmstream.core.classify.ClassifierHead;
import io.llmstream.core.model.BuiltinModels;
import io.llmstream.core.model.ModelSource;
import io.llmstream.core.records.Codecs;
import io.llmstream.core.text.MailText;
import io.llmstream.core.text.TextTokenizer;
import io.llmstream.local.DemoInput;
import io.llmstream.local.LocalFlink;
import io.llmstream.local.OutputCollector;
import io.llmstream.local.RequestProducer;
import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.DeadLetterReason;
import io.llmstream.schema.EmbeddingRequest;
import io.llmstream.schema.EmbeddingResult;
import io.llmstream.testutils.EmbeddedKafkaExtension;
import io.llmstream.testutils.TinyClassifierExport;
import io.llmstream.train.TrainHeadCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classify task through Kafka and Flink with a fine-tuned multi-label model in the Hugging
 * Face export layout reading cleaned e-mails, and with a head trained by {@code train-head}.
 */
class ClassifierModesITCase {
    @RegisterExtension
    static final EmbeddedKafkaExtension BROKER = new EmbeddedKafkaExtension();

    private static final String MAIL = "From: alice@example.com\nTo: support@example.com\nSubject: =?utf-8?q?Invoice_charged_twice?=\n"
            + "MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"b1\"\n\n--b1\nContent-Type: text/plain; charset=utf-8\n"
            + "Content-Transfer-Encoding: quoted-printable\n\nI was charged twice for my subscription this month, please =\nrefund one.\n"
            + "--b1\nContent-Type: text/html\n\n<html><body><p>I was charged twice</p></body></html>\n--b1--\n";
    private static final String ONLY_ATTACHMENT = "From: bob@example.com\nMIME-Version: 1.0\n"
            + "Content-Type: multipart/mixed; boundary=\"x\"\n\n--x\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\n"
            + "iVBORw0KGgo=\n--x--\n";

    @TempDir
    Path dir;

    @Test
    void aFineTunedMultiLabelModelScoresTheCleanedMailAndAnEmptyMailIsADeadLetter() throws Exception {
        List<String> labels = List.of("billing", "outage", "praise");
        TinyClassifierExport export = new TinyClassifierExport(labels, 11);
        export.writeTo(dir.resolve("tickets-classifier"), true);
        JobSettings settings = settings("model", Map.of(
                "classify.mode", "model",
                "classify.model", dir.resolve("tickets-classifier").toString(),
                "classify.threshold", "0.5",
                "text.preprocess", "mail"));

        Map<String, EmbeddingResult> results = new HashMap<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        run(settings, List.of(avro("mail", MAIL), avro("attachment-only", ONLY_ATTACHMENT), avro("plain", "The site is down again.")),
                results, deadLetters);

        assertThat(deadLetters).singleElement().satisfies(d -> {
            assertThat(d.getId()).isEqualTo("attachment-only");
            assertThat(d.getReason()).isEqualTo(DeadLetterReason.EMPTY_TEXT);
            assertThat(d.getStage()).isEqualTo("preprocess");
        });
        try (TextTokenizer tokenizer = TextTokenizer.load(ModelSource.parse("t", "file:" + dir.resolve("tickets-classifier/tokenizer.json")), 512)) {
            for (Map.Entry<String, String> e : Map.of("mail", MailText.clean(MAIL), "plain", "The site is down again.").entrySet()) {
                Classification expected = Classification.multiLabel(labels,
                        export.expectedLogits(tokenizer.encode(e.getValue()).ids()), 0.5);
                EmbeddingResult r = results.get(e.getKey());
                for (String label : labels) {
                    assertThat(r.getLabels().get(label)).as(e.getKey() + " " + label).isCloseTo(expected.scores().get(label), within(1e-5f));
                }
                assertThat(r.getSelectedLabels()).containsExactlyElementsOf(expected.selected());
                assertThat(r.getLabel()).isEqualTo(expected.best());
                assertThat(r.getEmbedding()).hasSize(384);
            }
        }
        assertThat(MailText.clean(MAIL)).startsWith("Invoice charged twice").doesNotContain("Content-Type");
    }

    @Test
    void aHeadTrainedByTrainHeadLabelsTheStreamAsItsOnnxFileSays() throws Exception {
        List<String> sports = List.of("The striker scored twice in the final.", "Our team won the championship game.",
                "The goalkeeper saved a penalty in extra time.", "She ran the marathon in record time.",
                "The coach praised the players after the match.", "Fans cheered as the batter hit a home run.",
                "The tennis final went to five sets.", "He was transferred to a rival football club.");
        List<String> finance = List.of("The central bank raised interest rates again.", "Stock prices fell sharply on Monday.",
                "The company reported higher quarterly earnings.", "Inflation eroded the value of savings.",
                "Investors moved money into government bonds.", "The bank approved the mortgage application.",
                "Currency markets reacted to the trade deficit.", "Dividends were cut after the loss.");
        StringBuilder jsonl = new StringBuilder();
        sports.forEach(t -> jsonl.append("{\"text\": \"").append(t).append("\", \"label\": \"sports\"}\n"));
        finance.forEach(t -> jsonl.append("{\"text\": \"").append(t).append("\", \"label\": \"finance\"}\n"));
        Path input = Files.writeString(dir.resolve("labelled.jsonl"), jsonl);
        Path head = dir.resolve("topic-head.onnx");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int code = new TrainHeadCommand(new PrintStream(log, true, StandardCharsets.UTF_8)).run(new String[] {
                "--input", input.toString(), "--output", head.toString(), "--model", "all-minilm-l6-v2-q", "--folds", "4"});
        assertThat(code).isZero();
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("4-fold cross-validation: accuracy").contains("head written to");

        JobSettings settings = settings("head", Map.of("classify.mode", "head", "classify.head", "file:" + head));
        Map<String, EmbeddingResult> results = new HashMap<>();
        run(settings, List.of(avro("s", "A late goal decided the cup final."), avro("f", "Bond yields rose after the rate decision.")),
                results, new ArrayList<>());

        assertThat(results.get("s").getLabel()).isEqualTo("sports");
        assertThat(results.get("f").getLabel()).isEqualTo("finance");
        try (ClassifierHead onnx = ClassifierHead.load("classify.head", ModelSource.parse("classify.head", "file:" + head),
                BuiltinModels.DEFAULT.id())) {
            for (EmbeddingResult r : results.values()) {
                float[] v = new float[r.getEmbedding().size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = r.getEmbedding().get(i);
                }
                assertThat(r.getLabels().get("sports")).isCloseTo(onnx.scores(v).scores().get("sports"), within(1e-5f));
            }
        }
    }

    private static JobSettings settings(String name, Map<String, String> extra) {
        Map<String, String> s = new HashMap<>(Map.of(
                "kafka.bootstrap-servers", BROKER.kafka().bootstrapServers(),
                "kafka.starting-offsets", "earliest",
                "topics.requests", name + ".requests",
                "topics.results", name + ".results",
                "topics.dead-letters", name + ".dead-letters",
                "inference.intra-op-threads", "1",
                "tasks", "embed,classify"));
        s.putAll(extra);
        return JobSettings.from(s);
    }

    private static void run(JobSettings settings, List<DemoInput.Record> records, Map<String, EmbeddingResult> results,
            List<DeadLetter> deadLetters) throws Exception {
        BROKER.kafka().createTopics(1, settings.requestsTopic(), settings.resultsTopic(), settings.deadLettersTopic());
        StreamExecutionEnvironment env = LocalFlink.environment(1);
        EnrichmentJob.build(env, settings);
        JobClient job = env.executeAsync("classify-itcase");
        try (OutputCollector collector = new OutputCollector(BROKER.kafka().bootstrapServers(), settings)) {
            RequestProducer.send(BROKER.kafka().bootstrapServers(), settings.requestsTopic(), records);
            assertThat(collector.collect(records.size(), Duration.ofSeconds(90), (c, s) -> { }, () -> false)).isTrue();
            job.cancel().get(60, TimeUnit.SECONDS);
            collector.results().forEach(r -> results.put(r.getId(), r));
            deadLetters.addAll(collector.deadLetters());
        }
    }

    private static DemoInput.Record avro(String id, String text) {
        EmbeddingRequest request = EmbeddingRequest.newBuilder().setId(id).setText(text).build();
        return new DemoInput.Record(id, Codecs.requests().encode(request));
    }
}
