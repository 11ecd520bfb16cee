package io.llmstream.job.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmstream.core.registry.ConfluentWireFormat;
import io.llmstream.core.registry.RegistryAvroDecoder;
import io.llmstream.core.registry.RegistryAvroEncoder;
import io.llmstream.core.registry.SchemaRegistryClient;
import io.llmstream.core.registry.SchemaRegistrySettings;
import io.llmstream.local.Consumers;
import io.llmstream.local.DemoInput;
import io.llmstream.local.RequestProducer;
import io.llmstream.schema.EmbeddingRequest;
import io.llmstream.testutils.EmbeddedKafkaExtension;
import io.llmstream.testutils.InMemorySchemaRegistry;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Our wire format against Flink SQL's {@code avro-confluent} format, whose registry client is
 * Confluent's own (shaded in {@code flink-sql-avro-confluent-registry}): requests framed by our
 * encoder are read as table rows, and rows Flink SQL writes are read back by our decoder.
 */
class AvroConfluentSqlITCase {
    private static final String USER = "sql";
    private static final String PASSWORD = "s3cret";
    private static final int RECORDS = 20;

    @RegisterExtension
    static final EmbeddedKafkaExtension BROKER = new EmbeddedKafkaExtension();

    @Test
    void flinkSqlReadsWhatWeFrameAndWeReadWhatFlinkSqlFrames() throws Exception {
        String requests = "sql.requests";
        String fromSql = "sql.from-flink";
        BROKER.kafka().createTopics(1, requests, fromSql);
        try (InMemorySchemaRegistry registry = InMemorySchemaRegistry.withBasicAuth(USER, PASSWORD)) {
            SchemaRegistryClient client = new SchemaRegistryClient(SchemaRegistrySettings.of("schema-registry.url",
                    registry.url(), USER, PASSWORD, Duration.ofSeconds(10), true));
            RegistryAvroEncoder<EmbeddingRequest> encoder = new RegistryAvroEncoder<>(client,
                    RegistryAvroEncoder.valueSubject(requests), EmbeddingRequest.class, EmbeddingRequest.getClassSchema());
            encoder.open();
            List<DemoInput.Record> records = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                records.add(new DemoInput.Record("r-" + i, encoder.encode(EmbeddingRequest.newBuilder().setId("r-" + i)
                        .setText("text number " + i).setAttributes(Map.of("n", String.valueOf(i))).build())));
            }
            RequestProducer.send(BROKER.kafka().bootstrapServers(), requests, records);

            List<String> output = runSql(requests, fromSql, registry.url());

            Map<String, String[]> rows = new HashMap<>();
            output.stream().filter(l -> l.startsWith(AvroConfluentSqlQuery.ROW))
                    .map(l -> l.substring(AvroConfluentSqlQuery.ROW.length()).split("\t"))
                    .forEach(f -> rows.put(f[0], f));
            assertThat(rows).hasSize(RECORDS);
            for (int i = 0; i < RECORDS; i++) {
                assertThat(rows.get("r-" + i)).containsExactly("r-" + i, "text number " + i, String.valueOf(i));
            }

            int flinkSchemaId = registry.latestId(fromSql + "-value");
            assertThat(flinkSchemaId).as("Flink SQL registered its schema").isPositive();
            RegistryAvroDecoder<EmbeddingRequest> decoder = new RegistryAvroDecoder<>(client, EmbeddingRequest.getClassSchema());
            Map<String, EmbeddingRequest> written = new HashMap<>();
            try (KafkaConsumer<byte[], byte[]> consumer = Consumers.create(Consumers.readCommitted(
                    BROKER.kafka().bootstrapServers(), "sql-it"))) {
                consumer.subscribe(List.of(fromSql));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (written.size() < RECORDS && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        assertThat(ConfluentWireFormat.schemaId(record.value())).isEqualTo(flinkSchemaId);
                        EmbeddingRequest r = decoder.decode(record.value());
                        written.put(r.getId(), r);
                    }
                }
            }
            assertThat(written).hasSize(RECORDS);
            for (int i = 0; i < RECORDS; i++) {
                assertThat(written.get("r-" + i).getText()).isEqualTo("TEXT NUMBER " + i);
                assertThat(written.get("r-" + i).getAttributes()).containsEntry("n", String.valueOf(i));
            }
        }
    }

    /** Runs {@link AvroConfluentSqlQuery} in a JVM whose classpath has the SQL format instead of flink-avro. */
    private static List<String> runSql(String requests, String fromSql, String registryUrl) throws Exception {
        Path formats = Path.of("target", "sql-formats");
        List<String> classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                // the format jar bundles its own flink-avro, built against a relocated Avro
                .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("flink-avro-"))
                .collect(Collectors.toCollection(ArrayList::new));
        try (Stream<Path> jars = Files.list(formats)) {
            jars.filter(j -> j.toString().endsWith(".jar")).forEach(j -> classpath.add(j.toAbsolutePath().toString()));
        }
        assertThat(classpath).anyMatch(e -> e.contains("flink-sql-avro-confluent-registry"));
        Path log = Files.createTempFile("avro-confluent-sql", ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + Path.of("..", "bin", "java17-flink.flags").toAbsolutePath(), "-Xmx768m",
                "-cp", String.join(File.pathSeparator, classpath), AvroConfluentSqlQuery.class.getName(),
                BROKER.kafka().bootstrapServers(), requests, fromSql, registryUrl, USER + ":" + PASSWORD));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = process.waitFor(240, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        List<String> output = Files.readAllLines(log);
        String tail = output.stream().skip(Math.max(0, output.size() - 60)).collect(Collectors.joining("\n"));
        assertThat(ended).as("Flink SQL ended within 240 s:\n" + tail).isTrue();
        assertThat(process.exitValue()).as("Flink SQL's exit code:\n" + tail).isZero();
        assertThat(output).as(tail).contains("DONE");
        Files.delete(log);
        return output;
    }
}
