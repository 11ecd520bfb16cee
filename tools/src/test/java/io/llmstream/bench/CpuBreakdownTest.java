package io.llmstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link CpuBreakdown} on hand-written stacks in async-profiler's collapsed format. */
class CpuBreakdownTest {

    @Test
    void samplesGoToTheInnermostLayerOrTheirThreadsOwner() {
        FlameGraph profile = FlameGraph.fromFolded(String.join("\n",
                // the model called from an inference worker, down to ONNX Runtime's native kernel
                "[llm-stream-inference-1 tid=11];java/lang/Thread.run;io/llmstream/core/embed/Embedder.embed;"
                        + "ai/onnxruntime/OrtSession.run;Java_ai_onnxruntime_OrtSession_run;MlasGemmQuantOperation 60",
                // pooling on the same worker
                "[llm-stream-inference-1 tid=11];java/lang/Thread.run;io/llmstream/core/embed/Embedder.embed;"
                        + "io/llmstream/core/model/Pooling.pool 4",
                // the tokenizer's Rust code under a Flink task thread
                "[Source: requests -> embed (1/1)#0 tid=12];org/apache/flink/streaming/runtime/tasks/StreamTask.invoke;"
                        + "io/llmstream/core/text/TextTokenizer.encode;ai/djl/huggingface/tokenizers/jni/TokenizersLibrary.encode;"
                        + "tokenizers::tokenizer::TokenizerImpl::encode 5",
                // Avro encoding a result inside a Flink operator, down to a JDK frame
                "[Source: requests -> embed (1/1)#0 tid=12];org/apache/flink/streaming/runtime/tasks/StreamTask.invoke;"
                        + "org/apache/avro/generic/GenericDatumWriter.write;java/lang/Float.valueOf 3",
                // a JDK frame called by Flink's runtime counts as Flink's
                "[flink-scheduler-1 tid=13];org/apache/flink/runtime/Foo.tick;java/util/HashMap.get 2",
                // the producer's own network thread is a client, not the broker
                "[kafka-producer-network-thread | producer-1 tid=14];org/apache/kafka/clients/producer/internals/Sender.run;"
                        + "sun/nio/ch/EPoll.wait 6",
                // the broker's request handler, and a broker thread named after its node id
                "[data-plane-kafka-request-handler-0 tid=15];kafka/server/KafkaApis.handle;"
                        + "org/apache/kafka/common/record/MemoryRecords.writeTo 7",
                "[kafka1-raft-io-thread tid=16];org/apache/kafka/raft/KafkaRaftClient.poll 1",
                // the measurement's reader decoding results with Avro is the reader's
                "[main tid=1];io/llmstream/local/OutputCollector.collect;org/apache/avro/io/BinaryDecoder.readFloat 2",
                "[GC Thread#0 tid=17];G1ParScanThreadState::trim_queue 3",
                "[C2 CompilerThre tid=18];CompileBroker::compiler_thread_loop 5",
                "[Thread-9 tid=19];java/lang/Thread.run;java/lang/Object.wait 2"));

        CpuBreakdown breakdown = CpuBreakdown.of(profile.folded());

        assertThat(breakdown.samples()).isEqualTo(100);
        Map<String, Double> shares = breakdown.shares();
        assertThat(shares).containsOnlyKeys(CpuBreakdown.CATEGORIES);
        assertThat(shares.get("model")).isCloseTo(0.60, within(1e-9));
        assertThat(shares.get("pooling_vectors")).isCloseTo(0.04, within(1e-9));
        assertThat(shares.get("tokenizer")).isCloseTo(0.05, within(1e-9));
        assertThat(shares.get("avro")).isCloseTo(0.03, within(1e-9));
        assertThat(shares.get("flink")).isCloseTo(0.02, within(1e-9));
        assertThat(shares.get("kafka_clients")).isCloseTo(0.06, within(1e-9));
        assertThat(shares.get("kafka_broker")).isCloseTo(0.08, within(1e-9));
        assertThat(shares.get("result_reader")).isCloseTo(0.02, within(1e-9));
        assertThat(shares.get("gc")).isCloseTo(0.03, within(1e-9));
        assertThat(shares.get("jit")).isCloseTo(0.05, within(1e-9));
        assertThat(shares.get("other")).isCloseTo(0.02, within(1e-9));
        assertThat(breakdown.microsPerText(2000).get("model")).isCloseTo(1200, within(1e-6));
    }

    @Test
    void threadIdsAreLeftOutSoThatEquallyNamedThreadsMerge() {
        FlameGraph profile = FlameGraph.fromFolded("[worker tid=1];a/B.c 2\n[worker tid=2];a/B.c 3\n");

        assertThat(profile.folded()).containsExactly(Map.entry("[worker];a.B.c", 5L));
    }
}
