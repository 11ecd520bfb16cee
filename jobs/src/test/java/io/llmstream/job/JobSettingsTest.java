package io.llmstream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.core.records.InputFormat;
import io.llmstream.core.runtime.ExecutionDevice;
import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;

class JobSettingsTest {

    @Test
    void defaultsNeedOnlyTheBootstrapServers() {
        JobSettings s = JobSettings.from(Map.of("properties.bootstrap.servers", "localhost:9092")).requireKafka();

        assertThat(s.requestsTopic()).isEqualTo("llm-stream.requests");
        assertThat(s.resultsTopic()).isEqualTo("llm-stream.results");
        assertThat(s.deadLettersTopic()).isEqualTo("llm-stream.dead-letters");
        assertThat(s.inputFormat()).isEqualTo(InputFormat.AVRO);
        assertThat(s.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(s.transactionalIdPrefix()).isEqualTo("llm-stream-llm-stream");
        assertThat(s.maxRecordBytes()).isEqualTo(1_000_000);
        assertThat(s.model().id()).isEqualTo("all-minilm-l6-v2-q");
        assertThat(s.model().maxTokens()).isEqualTo(256);
        assertThat(s.session().device()).isEqualTo(ExecutionDevice.AUTO);
        assertThat(s.engine().workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(s.session().intraOpThreads()).isEqualTo(1);
        assertThat(s.engine().policy().maxBatchTokens()).isEqualTo(8192);
        assertThat(s.engine().policy().maxBatchSize()).isEqualTo(64);
        assertThat(s.engine().policy().maxDelay()).hasMillis(5);
        assertThat(s.engine().allowBatchDependentResults()).isFalse();
        assertThat(s.maxInFlight()).isEqualTo(512);
        assertThat(s.chunking().chunk()).isTrue();
        assertThat(s.chunking().overlap()).isEqualTo(32);
        assertThat(s.chunking().maxChunks()).isEqualTo(16);
    }

    @Test
    void onAGpuTheQuantisedBuiltinIsSwappedForItsFp32Twin() {
        JobSettings gpu = JobSettings.from(Map.of("inference.device", "cuda:0", "model.id", "bge-small-zh-v1.5-q"));
        JobSettings cpu = JobSettings.from(Map.of("inference.device", "cpu", "model.id", "bge-small-zh-v1.5-q"));

        assertThat(gpu.model().id()).isEqualTo("bge-small-zh-v1.5");
        assertThat(gpu.engine().model()).isEqualTo(gpu.model());
        assertThat(cpu.model().id()).isEqualTo("bge-small-zh-v1.5-q");
    }

    @Test
    void embedDimensionsMustFitEveryRoutedModelNotOnlyTheDefault() {
        Map<String, String> routed = Map.of("models.zh.source", "bge-small-zh-v1.5-q", "models.en.source",
                "all-minilm-l6-v2-q", "routing.default", "zh");
        assertThat(JobSettings.from(with(routed, "embed.dimensions", "384"))).isNotNull();
        assertThatThrownBy(() -> JobSettings.from(with(routed, "embed.dimensions", "512")))
                .hasMessage("embed.dimensions = 512 is more than the 384 dimensions of model 'en';"
                        + " allowed: 1 to 384, or unset for all of them");
    }

    private static Map<String, String> with(Map<String, String> settings, String key, String value) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put(key, value);
        return all;
    }

    @Test
    void missingBootstrapServersIsNamed() {
        assertThatThrownBy(() -> JobSettings.from(Map.of()).requireKafka())
                .hasMessageContaining("properties.bootstrap.servers is required");
    }

    @Test
    void unknownKeyNamesTheClosestKnownOnes() {
        assertThatThrownBy(() -> JobSettings.from(Map.of("topic.requests", "x")))
                .hasMessageContaining("'topic.requests' is not a setting; did you mean 'topics.requests'");
    }

    @Test
    void badValuesNameTheKeyTheValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> JobSettings.from(Map.of("input.format", "xml")))
                .hasMessageContaining("input.format = 'xml'").hasMessageContaining("allowed: avro, json");
        assertThatThrownBy(() -> JobSettings.from(Map.of("sink.delivery-guarantee", "exactly-twice")))
                .hasMessageContaining("sink.delivery-guarantee = 'exactly-twice'")
                .hasMessageContaining("exactly-once, at-least-once, none");
        assertThatThrownBy(() -> JobSettings.from(Map.of("delivery.transaction-timeout", "1 h")))
                .hasMessageContaining("delivery.transaction-timeout").hasMessageContaining("1 s .. 15 min");
        assertThatThrownBy(() -> JobSettings.from(Map.of("output.max-record-bytes", "100")))
                .hasMessageContaining("output.max-record-bytes = 100");
        assertThatThrownBy(() -> JobSettings.from(Map.of("text.preprocess", "html")))
                .hasMessageContaining("text.preprocess = 'html'").hasMessageContaining("none, mail");
        assertThatThrownBy(() -> JobSettings.from(Map.of("tasks", "embed,classify", "classify.mode", "head")))
                .hasMessageContaining("classify.head is required with classify.mode = head");
        assertThatThrownBy(() -> JobSettings.from(Map.of("tasks", "embed,classify", "classify.mode", "rules")))
                .hasMessageContaining("classify.mode = 'rules'").hasMessageContaining("zero-shot, head, model");
        assertThatThrownBy(() -> JobSettings.from(Map.of("topics.results", "my results")))
                .hasMessageContaining("topics.results = 'my results'").hasMessageContaining("valid Kafka topic name");
        assertThatThrownBy(() -> JobSettings.from(Map.of("model.max-tokens", "100000")))
                .hasMessageContaining("model.max-tokens = 100000").hasMessageContaining("2..8192");
        assertThatThrownBy(() -> JobSettings.from(Map.of("model.id", "gpt-9")))
                .hasMessageContaining("model.id = 'gpt-9'").hasMessageContaining("all-minilm-l6-v2-q");
        assertThatThrownBy(() -> JobSettings.from(Map.of("inference.device", "tpu")))
                .hasMessageContaining("inference.device = 'tpu'").hasMessageContaining("cpu, cuda:N");
        assertThatThrownBy(() -> JobSettings.from(Map.of("input.max-text-chars", "0")))
                .hasMessageContaining("input.max-text-chars = 0").hasMessageContaining(">= 1");
        assertThatThrownBy(() -> JobSettings.from(Map.of("batching.max-batch-size", "0")))
                .hasMessageContaining("batching.max-batch-size = 0").hasMessageContaining("1..4096");
        assertThatThrownBy(() -> JobSettings.from(Map.of("batching.max-delay", "soon")))
                .hasMessageContaining("batching.max-delay");
        assertThatThrownBy(() -> JobSettings.from(Map.of("inference.timeout", "0 s")))
                .hasMessageContaining("inference.timeout");
        assertThatThrownBy(() -> JobSettings.from(Map.of("chunking.mode", "split")))
                .hasMessageContaining("chunking.mode = 'split'").hasMessageContaining("chunk, truncate");
        assertThatThrownBy(() -> JobSettings.from(Map.of("chunking.overlap", "200")))
                .hasMessageContaining("chunking.overlap = 200").hasMessageContaining("0..128");
        assertThatThrownBy(() -> JobSettings.from(Map.of("chunking.max-chunks", "0")))
                .hasMessageContaining("chunking.max-chunks = 0");
        assertThatThrownBy(() -> JobSettings.from(Map.of("scan.startup.mode", "yesterday")))
                .hasMessageContaining("scan.startup.mode = 'yesterday'")
                .hasMessageContaining("allowed: group-offsets, earliest-offset, latest-offset");
        assertThatThrownBy(() -> JobSettings.from(Map.of("input.max-record-bytes", "lots")))
                .hasMessageContaining("input.max-record-bytes = 'lots' cannot be read");
    }

    @Test
    void maxTokensOverridesTheModelsWindow() {
        JobSettings s = JobSettings.from(Map.of("model.max-tokens", "128", "inference.intra-op-threads", "2",
                "inference.workers", "3", "inference.device", "cpu", "batching.max-delay", "20 ms"));

        assertThat(s.model().maxTokens()).isEqualTo(128);
        assertThat(s.session().intraOpThreads()).isEqualTo(2);
        assertThat(s.engine().workers()).isEqualTo(3);
        assertThat(s.engine().policy().maxDelay()).hasMillis(20);
    }

    @Test
    void kafkaClientPropertiesPassThroughAndTheInputRecordLimitIsChecked() {
        JobSettings s = JobSettings.from(Map.of("properties.security.protocol", "SSL",
                "properties.ssl.truststore.location", "/etc/kafka/truststore.p12", "input.max-record-bytes", "2048"));

        assertThat(s.kafkaProperties().asMap()).containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12");
        assertThat(s.maxInputRecordBytes()).isEqualTo(2048);
        assertThat(JobSettings.from(Map.of()).maxInputRecordBytes()).isEqualTo(8 * 1024 * 1024);
        assertThat(JobSettings.from(Map.of()).kafkaProperties().isEmpty()).isTrue();
        assertThatThrownBy(() -> JobSettings.from(Map.of("input.max-record-bytes", "0")))
                .hasMessageContaining("input.max-record-bytes = 0 is out of range");
        assertThat(JobSettings.from(Map.of("input.max-record-bytes", "2 mb")).maxInputRecordBytes()).isEqualTo(2 * 1024 * 1024);
        assertThatThrownBy(() -> JobSettings.from(Map.of("kafka.properties.group.id", "other")))
                .hasMessageContaining("kafka.properties.group.id is set by the job itself")
                .hasMessageContaining("properties.group.id");
        assertThatThrownBy(() -> JobSettings.from(Map.of("properties.transactional.id", "mine")))
                .hasMessageContaining("properties.transactional.id is set by the job itself")
                .hasMessageContaining("sink.transactional-id-prefix");
    }
}
