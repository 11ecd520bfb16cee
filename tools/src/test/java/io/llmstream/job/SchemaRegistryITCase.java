package io.llmstream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.core.records.Codecs;
import io.llmstream.core.registry.ConfluentWireFormat;
import io.llmstream.core.registry.RegistryAvroDecoder;
import io.llmstream.core.registry.RegistryAvroEncoder;
import io.llmstream.core.registry.SchemaRegistryClient;
import io.llmstream.core.registry.SchemaRegistryException;
import io.llmstream.local.Consumers;
import io.llmstream.local.DemoInput;
import io.llmstream.local.LocalFlink;
import io.llmstream.local.RequestProducer;
import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.DeadLetterReason;
import io.llmstream.schema.EmbeddingRequest;
import io.llmstream.schema.EmbeddingResult;
import io.llmstream.testutils.EmbeddedKafkaExtension;
import io.llmstream.testutils.InMemorySchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job with requests, results and dead letters in the Confluent wire format: requests written
 * by producers with two versions of the request schema, framing errors, an unknown and an
 * incompatible schema id, all through the real broker and a MiniCluster; the registry demands
 * basic auth. Results are read back by their schema ids.
 */
class SchemaRegistryITCase {
    private static final String USER = "llm-stream";
    private static final String PASSWORD = "s3cret";
    /** An earlier request schema: id and text only. */
    private static final Schema REQUEST_V1 = new Schema.Parser().parse("{\"type\": \"record\","
            + " \"name\": \"EmbeddingRequest\", \"namespace\": \"io.llmstream.schema\", \"fields\": ["
            + " {\"name\": \"id\", \"type\": \"string\"}, {\"name\": \"text\", \"type\": \"string\"}]}");

    @RegisterExtension
    static final EmbeddedKafkaExtension BROKER = new EmbeddedKafkaExtension();

    private static InMemorySchemaRegistry registry;

    @BeforeAll
    static void startRegistry() throws IOException {
        registry = InMemorySchemaRegistry.withBasicAuth(USER, PASSWORD);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    private static Map<String, String> settings(String prefix, String url, String password) {
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrap-servers", BROKER.kafka().bootstrapServers());
        s.put("kafka.starting-offsets", "earliest");
        s.put("topics.requests", prefix + ".requests");
        s.put("topics.results", prefix + ".results");
        s.put("topics.dead-letters", prefix + ".dead-letters");
        s.put("inference.intra-op-threads", "1");
        s.put("input.format", "avro-confluent");
        s.put("output.format", "avro-confluent");
        s.put("schema-registry.url", url);
        s.put("schema-registry.username", USER);
        s.put("schema-registry.password", "${file:" + secretFile(password) + "}");
        return s;
    }

    /** The password in a file of its own, as a mounted secret would be. */
    private static String secretFile(String password) {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("registry-password", "");
            file.toFile().deleteOnExit();
            return java.nio.file.Files.writeString(file, password + "\n").toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void framedRequestsOfTwoSchemaVersionsAreAnsweredInTheWireFormatAndBadFramesBecomeDeadLetters() throws Exception {
        JobSettings settings = JobSettings.from(settings("registry", registry.url(), PASSWORD));
        BROKER.kafka().createTopics(2, settings.requestsTopic());
        BROKER.kafka().createTopics(1, settings.resultsTopic(), settings.deadLettersTopic());
        SchemaRegistryClient client = new SchemaRegistryClient(settings.schemaRegistry());
        String requestSubject = RegistryAvroEncoder.valueSubject(settings.requestsTopic());

        // an older producer registers v1 first; ours then registers the current schema as v2 (BACKWARD-compatible)
        int v1 = client.register(requestSubject, REQUEST_V1);
        RegistryAvroEncoder<EmbeddingRequest> encoder = new RegistryAvroEncoder<>(client, requestSubject,
                EmbeddingRequest.class, EmbeddingRequest.getClassSchema());
        int v2 = encoder.open();
        assertThat(v2).isNotEqualTo(v1);
        // evolution rules of the subject: a field added with a default is accepted, one without is refused
        Schema withDefault = withField(EmbeddingRequest.getClassSchema(), "{\"name\": \"priority\", \"type\": \"int\", \"default\": 0}");
        Schema withoutDefault = withField(EmbeddingRequest.getClassSchema(), "{\"name\": \"priority\", \"type\": \"int\"}");
        assertThat(client.isCompatible(requestSubject, withDefault)).isTrue();
        assertThat(client.isCompatible(requestSubject, withoutDefault)).isFalse();
        assertThatThrownBy(() -> client.register(requestSubject, withoutDefault))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.status()).isEqualTo(409));
        // a schema that cannot be read as a request (no text), registered under another subject
        Schema noText = new Schema.Parser().parse("{\"type\": \"record\", \"name\": \"EmbeddingRequest\","
                + " \"namespace\": \"io.llmstream.schema\", \"fields\": [{\"name\": \"id\", \"type\": \"string\"}]}");
        int incompatible = client.register("another-topic-value", noText);

        List<DemoInput.Record> records = new ArrayList<>();
        Map<String, String> expected = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            String id = "v2-" + i;
            records.add(new DemoInput.Record(id, encoder.encode(EmbeddingRequest.newBuilder().setId(id)
                    .setText("Request number " + i + " written with the current schema.").setAttributes(Map.of("n", "" + i))
                    .build())));
            expected.put(id, "result");
        }
        for (int i = 0; i < 10; i++) {
            String id = "v1-" + i;
            GenericRecord old = new GenericData.Record(REQUEST_V1);
            old.put("id", id);
            old.put("text", "Request number " + i + " written by an older producer.");
            records.add(new DemoInput.Record(id, ConfluentWireFormat.frame(v1, avro(REQUEST_V1, old))));
            expected.put(id, "result");
        }
        byte[] someRequest = Codecs.requests().encode(EmbeddingRequest.newBuilder().setId("x").setText("some text").build());
        records.add(new DemoInput.Record("unknown-id", ConfluentWireFormat.frame(987_654, someRequest)));
        expected.put("unknown-id", DeadLetterReason.SCHEMA_NOT_FOUND.name());
        records.add(new DemoInput.Record("plain-avro", someRequest));
        expected.put("plain-avro", DeadLetterReason.UNDECODABLE.name());
        records.add(new DemoInput.Record("short", new byte[] {0, 0, 1}));
        expected.put("short", DeadLetterReason.UNDECODABLE.name());
        GenericRecord idOnly = new GenericData.Record(noText);
        idOnly.put("id", "no-text");
        records.add(new DemoInput.Record("no-text", ConfluentWireFormat.frame(incompatible, avro(noText, idOnly))));
        expected.put("no-text", DeadLetterReason.INCOMPATIBLE_SCHEMA.name());

        StreamExecutionEnvironment env = LocalFlink.withParallelism(2).noRestarts().build();
        EnrichmentJob.build(env, settings);
        JobClient job = env.executeAsync("schema-registry");
        Map<String, List<String>> answers = new HashMap<>();
        try {
            RequestProducer.send(BROKER.kafka().bootstrapServers(), settings.requestsTopic(), records);
            readAnswers(settings, client, records.size(), answers);
            assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS)).as("the job never failed").isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get(60, TimeUnit.SECONDS);
        }

        assertThat(answers).hasSize(expected.size());
        expected.forEach((id, outcome) -> assertThat(answers.get(id)).as(id).containsExactly(outcome));
        // each decode subtask fetched each writer schema once
        assertThat(registry.fetchesOfId(v1)).isBetween(1, 2);
        assertThat(registry.fetchesOfId(v2)).isBetween(1, 2);
        System.out.printf("schema registry: %d requests (ids v1=%d, v2=%d), %d answered exactly once%n",
                records.size(), v1, v2, answers.size());
    }

    /** Reads results and dead letters, checks their schema ids and decodes them by id. */
    private static void readAnswers(JobSettings settings, SchemaRegistryClient client, int expected,
            Map<String, List<String>> answers) throws Exception {
        int resultsId = registry.latestId(RegistryAvroEncoder.valueSubject(settings.resultsTopic()));
        int deadLettersId = registry.latestId(RegistryAvroEncoder.valueSubject(settings.deadLettersTopic()));
        assertThat(resultsId).as("results schema registered at start").isPositive();
        assertThat(deadLettersId).as("dead-letter schema registered at start").isPositive();
        RegistryAvroDecoder<EmbeddingResult> results = new RegistryAvroDecoder<>(client, EmbeddingResult.getClassSchema());
        RegistryAvroDecoder<DeadLetter> deadLetters = new RegistryAvroDecoder<>(client, DeadLetter.getClassSchema());
        int answered = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = Consumers.create(Consumers.readCommitted(
                BROKER.kafka().bootstrapServers(), "registry-it"))) {
            consumer.subscribe(List.of(settings.resultsTopic(), settings.deadLettersTopic()));
            while (answered < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    answered++;
                    if (record.topic().equals(settings.resultsTopic())) {
                        assertThat(ConfluentWireFormat.schemaId(record.value())).isEqualTo(resultsId);
                        EmbeddingResult r = results.decode(record.value());
                        assertThat(r.getEmbedding()).hasSize(384);
                        answers.computeIfAbsent(r.getId(), k -> new ArrayList<>()).add("result");
                    } else {
                        assertThat(ConfluentWireFormat.schemaId(record.value())).isEqualTo(deadLettersId);
                        DeadLetter d = deadLetters.decode(record.value());
                        answers.computeIfAbsent(d.getId(), k -> new ArrayList<>()).add(d.getReason().name());
                    }
                }
            }
            // nothing more arrives: every id was answered once, not more
            for (int i = 0; i < 10; i++) {
                answered += consumer.poll(Duration.ofMillis(200)).count();
            }
        }
        assertThat(answered).isEqualTo(expected);
    }

    @Test
    void aRegistryThatCannotBeReachedOrRefusesTheCredentialsStopsTheJobAtStart() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        JobSettings unreachable = JobSettings.from(settings("down", "http://127.0.0.1:" + closedPort, PASSWORD));
        JobSettings wrongPassword = JobSettings.from(settings("denied", registry.url(), "wrong"));

        assertThatThrownBy(() -> EnrichmentJob.build(LocalFlink.withParallelism(1).build(), unreachable))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema-registry.url = 'http://127.0.0.1:" + closedPort + "'")
                .hasMessageContaining("cannot be reached");
        assertThatThrownBy(() -> EnrichmentJob.build(LocalFlink.withParallelism(1).build(), wrongPassword))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("check schema-registry.username and schema-registry.password")
                .hasMessageNotContaining("wrong");
    }

    @Test
    void anOutputSubjectWhoseLatestVersionCannotEvolveIntoOurSchemaStopsTheJobAtStart() throws Exception {
        JobSettings settings = JobSettings.from(settings("taken", registry.url(), PASSWORD));
        SchemaRegistryClient client = new SchemaRegistryClient(settings.schemaRegistry());
        // someone else's schema under the results subject: ours lacks its required field
        client.register(RegistryAvroEncoder.valueSubject(settings.resultsTopic()), new Schema.Parser().parse(
                "{\"type\": \"record\", \"name\": \"EmbeddingResult\", \"namespace\": \"io.llmstream.schema\","
                        + " \"fields\": [{\"name\": \"id\", \"type\": \"string\"}, {\"name\": \"owner\", \"type\": \"string\"}]}"));

        assertThatThrownBy(() -> EnrichmentJob.build(LocalFlink.withParallelism(1).build(), settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("output.format = avro-confluent")
                .hasMessageContaining("subject 'taken.results-value'")
                .hasMessageContaining("compatibility rule refuses it");
    }

    private static Schema withField(Schema base, String fieldJson) {
        String json = base.toString();
        return new Schema.Parser().parse(json.substring(0, json.lastIndexOf(']')) + "," + fieldJson + "]}");
    }

    private static byte[] avro(Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
