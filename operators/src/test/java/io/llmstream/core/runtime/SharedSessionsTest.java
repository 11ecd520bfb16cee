package io.llmstream.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.core.model.BuiltinModels;
import io.llmstream.core.model.ModelSpec;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SharedSessionsTest {
    private static final SessionSettings CPU1 = new SessionSettings(ExecutionDevice.CPU, 1);

    @Test
    void oneSessionPerModelAndSettingsClosedWithItsLastLease() {
        AtomicInteger opened = new AtomicInteger();
        SharedSessions sessions = new SharedSessions((spec, settings) -> {
            opened.incrementAndGet();
            return ModelSession.open(spec, settings);
        });
        ModelSpec spec = BuiltinModels.DEFAULT;
        ModelSpec otherWindow = spec.toBuilder().setMaxTokens(128).build();

        RefCountedCache.Lease<ModelSession> a = sessions.acquire(spec, CPU1);
        RefCountedCache.Lease<ModelSession> b = sessions.acquire(otherWindow, CPU1);

        assertThat(opened).hasValue(1);
        assertThat(b.get()).isSameAs(a.get());
        assertThat(sessions.references(spec, CPU1)).isEqualTo(2);

        a.close();
        a.close();
        assertThat(sessions.references(spec, CPU1)).isEqualTo(1);
        assertThat(b.get().inputNames()).contains("input_ids");

        b.close();
        assertThat(sessions.references(spec, CPU1)).isZero();
        assertThatThrownBy(b::get).hasMessageContaining("closed");

        RefCountedCache.Lease<ModelSession> c = sessions.acquire(spec, CPU1);
        assertThat(opened).hasValue(2);
        c.close();
    }

    @Test
    void sessionsOpenFromThreadsWithSmallStacks() throws Exception {
        // a 1 MiB stack is the JVM default for Flink's task threads; 512 KiB leaves no margin
        String[] outcome = new String[1];
        Thread caller = new Thread(null, () -> {
            try (ModelSession session = ModelSession.open(BuiltinModels.DEFAULT, CPU1)) {
                outcome[0] = session.sha256();
            }
        }, "small-stack", 512 * 1024);
        caller.start();
        caller.join();

        assertThat(outcome[0]).isEqualTo(BuiltinModels.DEFAULT.expectedSha256());
    }

    @Test
    void deviceStringsAreParsedOrRejectedWithTheAllowedForms() {
        assertThat(ExecutionDevice.parse("device", "cpu")).isEqualTo(ExecutionDevice.CPU);
        assertThat(ExecutionDevice.parse("device", "cuda:1")).isEqualTo(ExecutionDevice.cuda(1));
        assertThat(ExecutionDevice.parse("device", "AUTO").isAuto()).isTrue();
        assertThatThrownBy(() -> ExecutionDevice.parse("device", "gpu"))
                .hasMessageContaining("device = 'gpu'")
                .hasMessageContaining("allowed: auto, cpu, cuda:N");
        assertThatThrownBy(() -> ExecutionDevice.parse("device", "cuda:-1")).hasMessageContaining("allowed");
    }

    @Test
    void autoFallsBackToTheCpuWhenNoGpuIsUsable() {
        try (ModelSession session = ModelSession.open(BuiltinModels.DEFAULT, new SessionSettings(ExecutionDevice.AUTO, 1))) {
            assertThat(session.device()).isEqualTo(ExecutionDevice.CPU);
        }
    }

    @Test
    void cudaOnTheCpuBuildFailsFastWithAClearMessage() {
        assertThatThrownBy(() -> ModelSession.open(BuiltinModels.DEFAULT, new SessionSettings(ExecutionDevice.cuda(0), 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("device = cuda:0")
                .hasMessageContaining("CUDA execution provider is not available");
    }
}
