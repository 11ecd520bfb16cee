package io.llmstream.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.core.batch.BatchingOptions;
import io.llmstream.core.embed.ChunkEmit;
import io.llmstream.core.embed.ChunkingOptions;
import io.llmstream.core.embed.ChunkingPolicy;
import io.llmstream.core.embed.OverflowMode;
import io.llmstream.core.jobs.BatchJobOptions;
import io.llmstream.core.model.ModelOptions;
import io.llmstream.core.records.InputFormat;
import io.llmstream.core.records.InputOptions;
import io.llmstream.core.records.OutputFormat;
import io.llmstream.core.records.OutputOptions;
import io.llmstream.core.registry.SchemaRegistryOptions;
import io.llmstream.core.runtime.ErrorStrategy;
import io.llmstream.core.runtime.ExecutionDevice;
import io.llmstream.core.runtime.InferenceOptions;
import io.llmstream.core.runtime.OnError;
import io.llmstream.core.text.MailText;
import io.llmstream.core.text.TextOptions;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.junit.jupiter.api.Test;

/** Each option group of the core reads values as users write them and names the key of a bad one. */
class OptionGroupsTest {

    private static ReadableConfig conf(String... keyValues) {
        Configuration c = new Configuration();
        for (int i = 0; i < keyValues.length; i += 2) {
            c.setString(keyValues[i], keyValues[i + 1]);
        }
        return c;
    }

    @Test
    void enumsAreWrittenAsUsersWriteThem() {
        assertThat(InputOptions.from(conf("input.format", "avro-confluent")).format()).isEqualTo(InputFormat.AVRO_CONFLUENT);
        assertThat(InputOptions.from(conf("input.format", " JSON ")).format()).isEqualTo(InputFormat.JSON);
        assertThat(OutputOptions.from(conf("output.format", "avro-confluent")).format()).isEqualTo(OutputFormat.AVRO_CONFLUENT);
        assertThat(TextOptions.preprocess(conf("text.preprocess", "mail"))).isEqualTo(MailText.Mode.CLEAN);
        assertThat(TextOptions.preprocess(conf())).isEqualTo(MailText.Mode.RAW);
        assertThat(ChunkingOptions.from(conf("chunking.mode", "truncate"), 256).chunk()).isFalse();
        assertThat(ChunkingOptions.from(conf("chunking.emit", "both"), 256).emit()).isEqualTo(ChunkEmit.BOTH);
        assertThat(ChunkingOptions.from(conf("model.on-overflow", "reject", "chunking.emit", "chunks"), 256).emit())
                .isEqualTo(ChunkEmit.CHUNKS);
        assertThat(ChunkingOptions.from(conf(), 256).emit()).isEqualTo(ChunkEmit.DOCUMENT);
        // Flink's own enum parsing reads the same values, so the options work wherever Flink reads them
        assertThat(conf("input.format", "avro-confluent").get(InputOptions.FORMAT)).isEqualTo(InputFormat.AVRO_CONFLUENT);
        assertThat(conf("text.preprocess", "mail").get(TextOptions.PREPROCESS)).isEqualTo(MailText.Mode.CLEAN);
    }

    @Test
    void badEnumValuesNameTheKeyAndWhatIsAllowed() {
        assertThatThrownBy(() -> InputOptions.from(conf("input.format", "xml")))
                .hasMessage("input.format = 'xml' is not an input format; allowed: avro, json, avro-confluent, openai-batch");
        assertThatThrownBy(() -> OutputOptions.from(conf("output.format", "protobuf")))
                .hasMessage("output.format = 'protobuf' is not allowed; allowed: avro, avro-confluent, json, openai-batch");
        assertThatThrownBy(() -> ChunkingOptions.from(conf("chunking.mode", "split"), 256))
                .hasMessage("chunking.mode = 'split' is not allowed; allowed: chunk, truncate"
                        + " (or model.on-overflow: chunk, truncate-head, truncate-tail, reject)");
        assertThatThrownBy(() -> ChunkingOptions.from(conf("model.on-overflow", "truncate"), 256))
                .hasMessage("model.on-overflow = 'truncate' is not a way to handle long texts;"
                        + " allowed: chunk, truncate-head, truncate-tail, reject");
        assertThatThrownBy(() -> ChunkingOptions.from(conf("chunking.emit", "windows"), 256))
                .hasMessage("chunking.emit = 'windows' is not a choice of what results carry; allowed: document, chunks, both");
        assertThatThrownBy(() -> InferenceOptions.from(conf("inference.on-error", "ignore")))
                .hasMessage("inference.on-error = 'ignore' is not an error strategy; allowed: dead-letter, retry, fail");
        assertThatThrownBy(() -> TextOptions.preprocess(conf("text.preprocess", "html")))
                .hasMessage("text.preprocess = 'html' is not allowed; allowed: none, mail, mail-headers");
        assertThatThrownBy(() -> InferenceOptions.from(conf("inference.device", "tpu")))
                .hasMessageContaining("inference.device = 'tpu' is not a device; allowed: auto, cpu, cuda:N");
    }

    @Test
    void byteSizesAreMemorySizesOrPlainBytes() {
        assertThat(InputOptions.from(conf("input.max-record-bytes", "8 mb")).maxRecordBytes()).isEqualTo(8 * 1024 * 1024);
        assertThat(InputOptions.from(conf("input.max-record-bytes", "1048576")).maxRecordBytes()).isEqualTo(1_048_576);
        assertThat(InputOptions.from(conf()).maxRecordBytes()).isEqualTo(8 * 1024 * 1024);
        assertThat(OutputOptions.from(conf()).maxRecordBytes()).isEqualTo(1_000_000);
        assertThat(OutputOptions.from(conf("output.max-record-bytes", "64 kb")).maxRecordBytes()).isEqualTo(64 * 1024);
        assertThat(InputOptions.MAX_RECORD_BYTES.defaultValue()).hasToString("8 mb");

        assertThatThrownBy(() -> InputOptions.from(conf("input.max-record-bytes", "eight")))
                .hasMessageStartingWith("input.max-record-bytes = 'eight' cannot be read");
        assertThatThrownBy(() -> InputOptions.from(conf("input.max-record-bytes", "4 gb")))
                .hasMessageStartingWith("input.max-record-bytes = 4294967296 is out of range");
        assertThatThrownBy(() -> OutputOptions.from(conf("output.max-record-bytes", "1 kb")))
                .hasMessageStartingWith("output.max-record-bytes = 1024 is out of range; allowed: 32768 bytes");
    }

    @Test
    void numbersAndDurationsOutOfRangeNameTheKey() {
        assertThatThrownBy(() -> InputOptions.from(conf("input.max-text-chars", "0")))
                .hasMessage("input.max-text-chars = 0 is out of range; allowed: >= 1");
        assertThatThrownBy(() -> InputOptions.from(conf("input.max-text-chars", "many")))
                .hasMessageStartingWith("input.max-text-chars = 'many' cannot be read");
        assertThatThrownBy(() -> InferenceOptions.from(conf("inference.workers", "-1")))
                .hasMessage("inference.workers = -1 is out of range; allowed: >= 0");
        assertThatThrownBy(() -> InferenceOptions.from(conf("inference.max-in-flight", "0")))
                .hasMessage("inference.max-in-flight = 0 is out of range; allowed: >= 1");
        assertThatThrownBy(() -> InferenceOptions.from(conf("inference.timeout", "0 s")))
                .hasMessageStartingWith("inference.timeout = PT0S is out of range");
        assertThatThrownBy(() -> BatchingOptions.from(conf("batching.max-batch-size", "0")))
                .hasMessageContaining("batching.max-batch-size = 0");
        assertThatThrownBy(() -> ModelOptions.from(conf("model.max-tokens", "1")))
                .hasMessage("model.max-tokens = 1 is out of range; allowed: 2..8192");
        assertThatThrownBy(() -> ModelOptions.from(conf("model.id", "gpt-9")))
                .hasMessageContaining("model.id = 'gpt-9'");
        assertThatThrownBy(() -> ChunkingOptions.from(conf("chunking.overlap", "200"), 256))
                .hasMessageContaining("chunking.overlap = 200");
        assertThatThrownBy(() -> BatchJobOptions.progressInterval(conf("jobs.progress-interval", "1 ms")))
                .hasMessageStartingWith("jobs.progress-interval = PT0.001S is out of range; allowed: >= 10 ms");
        assertThatThrownBy(() -> SchemaRegistryOptions.from(conf(), "input.format is avro-confluent"))
                .hasMessageStartingWith("schema-registry.url is required when input.format is avro-confluent");
    }

    @Test
    void overflowModesAreReadUnderTheNewKeyAndTheFormerOne() {
        assertThat(ChunkingOptions.from(conf(), 256).mode()).isEqualTo(OverflowMode.CHUNK);
        assertThat(ChunkingOptions.from(conf("model.on-overflow", "truncate-head"), 256).mode()).isEqualTo(OverflowMode.TRUNCATE_HEAD);
        assertThat(ChunkingOptions.from(conf("model.on-overflow", "reject"), 256).mode()).isEqualTo(OverflowMode.REJECT);
        assertThat(ChunkingOptions.from(conf("chunking.mode", "truncate"), 256).mode()).isEqualTo(OverflowMode.TRUNCATE_TAIL);
        assertThat(ChunkingOptions.from(conf("chunking.mode", "chunk", "chunking.max-chunks", "4"), 256).maxChunks()).isEqualTo(4);
        // the new key wins over the former one
        assertThat(ChunkingOptions.from(conf("chunking.mode", "truncate", "model.on-overflow", "reject"), 256).mode())
                .isEqualTo(OverflowMode.REJECT);
        assertThat(conf("model.on-overflow", "truncate-tail").get(ChunkingOptions.ON_OVERFLOW)).isEqualTo(OverflowMode.TRUNCATE_TAIL);
    }

    @Test
    void errorStrategiesAreReadWithTheirRetrySettings() {
        assertThat(InferenceOptions.from(conf()).onError().mode()).isEqualTo(OnError.DEAD_LETTER);
        assertThat(InferenceOptions.from(conf("inference.on-error", "fail")).onError().failsJob()).isTrue();
        ErrorStrategy retry = InferenceOptions.from(conf("inference.on-error", "retry")).onError();
        assertThat(retry.mode()).isEqualTo(OnError.RETRY);
        assertThat(retry.maxAttempts()).isEqualTo(3);
        assertThat(retry.backoff()).isEqualTo(Duration.ofSeconds(1));
        ErrorStrategy custom = InferenceOptions.from(conf("inference.on-error", "retry", "inference.retry.max-attempts", "5",
                "inference.retry.backoff", "200 ms")).onError();
        assertThat(custom.maxAttempts()).isEqualTo(5);
        assertThat(custom.backoff()).isEqualTo(Duration.ofMillis(200));
        assertThatThrownBy(() -> InferenceOptions.from(conf("inference.on-error", "retry", "inference.retry.max-attempts", "0")))
                .hasMessageStartingWith("inference.retry.max-attempts = 0 is out of range");
    }

    @Test
    void groupsBuildTheirSettings() {
        InferenceOptions.Settings inference = InferenceOptions.from(conf("inference.device", "cpu", "inference.workers", "3",
                "inference.intra-op-threads", "2", "inference.timeout", "30 s"));
        assertThat(inference.session().device()).isEqualTo(ExecutionDevice.CPU);
        assertThat(inference.workers()).isEqualTo(3);
        assertThat(inference.session().intraOpThreads()).isEqualTo(2);
        assertThat(inference.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(ModelOptions.from(conf("model.max-tokens", "128")).maxTokens()).isEqualTo(128);
        ChunkingPolicy chunking = ChunkingOptions.from(conf("chunking.overlap", "16", "chunking.max-chunks", "4"), 256);
        assertThat(chunking.overlap()).isEqualTo(16);
        assertThat(chunking.maxChunks()).isEqualTo(4);
        assertThat(BatchingOptions.from(conf("batching.max-delay", "20 ms")).policy().maxDelay()).hasMillis(20);
    }
}
