package io.llmstream.core.runtime;

import io.llmstream.core.model.ModelSource;
import io.llmstream.core.model.ModelSpec;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Per-JVM cache of {@link ModelSession}s keyed by (model file, pinned sha256, settings), so that
 * every operator and slot of a TaskManager shares one copy of the weights and one GPU context,
 * whatever window or pooling each of them uses. The session is closed with its last lease.
 */
public final class SharedSessions {
    private static final SharedSessions JVM = new SharedSessions(ModelSession::open);

    private final BiFunction<ModelSpec, SessionSettings, ModelSession> opener;
    private final RefCountedCache<Key, ModelSession> cache = new RefCountedCache<>();

    /** A separate cache, for tests; production code uses {@link #jvm()}. */
    SharedSessions(BiFunction<ModelSpec, SessionSettings, ModelSession> opener) {
        this.opener = opener;
    }

    /** The cache shared by everything in this JVM. */
    public static SharedSessions jvm() {
        return JVM;
    }

    /** Returns a lease on the session for {@code spec}, opening it on first use. */
    public RefCountedCache.Lease<ModelSession> acquire(ModelSpec spec, SessionSettings settings) {
        return cache.acquire(new Key(spec, settings), () -> opener.apply(spec, settings));
    }

    /** Number of live leases on the session for (spec, settings); 0 when it is not open. */
    public int references(ModelSpec spec, SessionSettings settings) {
        return cache.references(new Key(spec, settings));
    }

    private static final class Key {
        final ModelSource model;
        final String sha256;
        final SessionSettings settings;

        Key(ModelSpec spec, SessionSettings settings) {
            this.model = spec.model();
            this.sha256 = spec.expectedSha256();
            this.settings = settings;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key)) {
                return false;
            }
            Key k = (Key) o;
            return k.model.equals(model) && Objects.equals(k.sha256, sha256) && k.settings.equals(settings);
        }

        @Override
        public int hashCode() {
            return Objects.hash(model, sha256, settings);
        }

        @Override
        public String toString() {
            return model + "@" + settings;
        }
    }
}
