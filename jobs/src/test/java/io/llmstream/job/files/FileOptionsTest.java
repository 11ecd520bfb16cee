package io.llmstream.job.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.job.EnrichmentJob;
import io.llmstream.job.JobSettings;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** source.kind and sink.kind settings: what a files source or sink needs, named at start. */
class FileOptionsTest {
    @TempDir
    Path dir;

    @Test
    void filesInAndOutNeedNoKafkaAndMakeABoundedJob() {
        JobSettings s = JobSettings.from(Map.of("source.kind", "files", "source.path", dir.toString(), "input.format", "json",
                "sink.kind", "files", "sink.path", dir.resolve("out").toString(), "output.format", "openai-batch")).requireKafka();

        assertThat(s.files().source()).isEqualTo(ConnectorKind.FILES);
        assertThat(s.files().sourcePath()).isEqualTo(dir.toString());
        assertThat(s.files().sinkPath()).isEqualTo(dir.resolve("out").toString());
        assertThat(s.files().usesKafka()).isFalse();
        assertThat(s.bounded()).isTrue();
    }

    @Test
    void kafkaIsTheDefaultOnBothSides() {
        JobSettings s = JobSettings.from(Map.of("properties.bootstrap.servers", "localhost:9092"));

        assertThat(s.files().source()).isEqualTo(ConnectorKind.KAFKA);
        assertThat(s.files().sink()).isEqualTo(ConnectorKind.KAFKA);
        assertThat(s.bounded()).isFalse();
    }

    @Test
    void aFilesSourceWithAKafkaSinkStillNeedsTheBootstrapServers() {
        assertThatThrownBy(() -> JobSettings.from(Map.of("source.kind", "files", "source.path", dir.toString(),
                "input.format", "openai-batch")).requireKafka())
                .hasMessageContaining("properties.bootstrap.servers is required");
    }

    @Test
    void aFilesSourceWithoutAPathIsNamed() {
        assertThatThrownBy(() -> JobSettings.from(Map.of("source.kind", "files", "input.format", "json")))
                .hasMessageStartingWith("source.path is required with source.kind = files");
    }

    @Test
    void aFilesSinkWithoutAPathIsNamed() {
        assertThatThrownBy(() -> JobSettings.from(Map.of("sink.kind", "files", "output.format", "json")))
                .hasMessageStartingWith("sink.path is required with sink.kind = files");
    }

    @Test
    void filesHoldLinesOfTextSoAvroIsRefusedOnEitherSide() {
        assertThatThrownBy(() -> JobSettings.from(Map.of("source.kind", "files", "source.path", dir.toString())))
                .hasMessage("source.kind = files reads lines of text, so input.format must be json or openai-batch, got avro");
        assertThatThrownBy(() -> JobSettings.from(Map.of("sink.kind", "files", "sink.path", dir.toString())))
                .hasMessage("sink.kind = files writes lines of text, so output.format must be json or openai-batch, got avro");
    }

    @Test
    void anUnknownKindNamesTheAllowedOnes() {
        assertThatThrownBy(() -> JobSettings.from(Map.of("source.kind", "s3")))
                .hasMessageContaining("source.kind")
                .hasMessageContaining("kafka")
                .hasMessageContaining("files");
    }

    @Test
    void aLocalSourcePathThatDoesNotExistFailsWhenTheJobIsBuilt() {
        JobSettings s = JobSettings.from(Map.of("source.kind", "files", "source.path", dir.resolve("missing").toString(),
                "input.format", "json", "sink.kind", "files", "sink.path", dir.toString(), "output.format", "json"));

        assertThatThrownBy(() -> EnrichmentJob.build(StreamExecutionEnvironment.getExecutionEnvironment(), s))
                .hasMessageStartingWith("source.path = '" + dir.resolve("missing") + "'")
                .hasMessageContaining("does not exist");
    }

    @Test
    void aFilesSinkBehindAKafkaSourceNeedsCheckpointing() {
        JobSettings s = JobSettings.from(Map.of("properties.bootstrap.servers", "localhost:9092", "sink.kind", "files",
                "sink.path", dir.toString(), "output.format", "json"));

        assertThatThrownBy(() -> EnrichmentJob.build(StreamExecutionEnvironment.getExecutionEnvironment(), s))
                .hasMessageStartingWith("sink.kind = files with a Kafka source needs checkpointing");
    }
}
