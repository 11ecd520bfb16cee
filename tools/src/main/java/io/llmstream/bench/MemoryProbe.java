package io.llmstream.bench;

import io.llmstream.core.batch.EmbeddingService;
import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.embed.Embedder;
import io.llmstream.core.runtime.ModelSession;
import io.llmstream.core.runtime.RefCountedCache;
import io.llmstream.core.text.TokenizedText;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What N slots using one model cost in resident memory: N leases on the JVM's shared service (as
 * N slots of a TaskManager hold them), against N sessions of their own.
 */
final class MemoryProbe {
    private final PrintStream out;

    MemoryProbe(PrintStream out) {
        this.out = out;
    }

    void run(EngineConfig engine, TokenizedText probe, int slots, Map<String, Long> figures) throws Exception {
        long before = settledRss();
        List<RefCountedCache.Lease<EmbeddingService>> leases = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            RefCountedCache.Lease<EmbeddingService> lease = EmbeddingService.jvm(engine);
            lease.get().submit(probe).get(1, TimeUnit.MINUTES);
            leases.add(lease);
        }
        long shared = settledRss();
        leases.forEach(RefCountedCache.Lease::close);

        List<ModelSession> own = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            ModelSession session = ModelSession.open(engine.model(), engine.session());
            new Embedder(session, engine.model()).embed(List.of(probe));
            own.add(session);
        }
        long separate = settledRss();
        own.forEach(ModelSession::close);

        out.printf("memory, %d slots on one model: shared session +%d MB, one session per slot +%d MB (resident, from %d MB)%n",
                slots, shared - before, separate - before, before);
        figures.put("memory_slots", (long) slots);
        figures.put("rss_mb_probe_start", before);
        figures.put("rss_mb_slots_shared_session", shared);
        figures.put("rss_mb_slots_own_sessions", separate);
    }

    private static long settledRss() throws InterruptedException {
        System.gc();
        Thread.sleep(500);
        return CpuInfo.residentMegabytes();
    }
}
