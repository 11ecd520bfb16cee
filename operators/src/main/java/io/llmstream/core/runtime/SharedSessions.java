package io.llmstream.core.runtime;

import io.llmstream.core.model.ModelSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Per-JVM, reference-counted cache of {@link ModelSession}s keyed by (model file, pinned sha256,
 * settings), so that every operator and slot of a TaskManager shares one copy of the weights and
 * one GPU context, whatever window or pooling each of them uses. The session is closed when its
 * last lease is closed.
 */
public final class SharedSessions {
    private static final SharedSessions JVM = new SharedSessions(ModelSession::open);

    private final BiFunction<ModelSpec, SessionSettings, ModelSession> opener;
    private final Map<Key, Entry> entries = new HashMap<>();

    /** A separate cache, for tests; production code uses {@link #jvm()}. */
    SharedSessions(BiFunction<ModelSpec, SessionSettings, ModelSession> opener) {
        this.opener = opener;
    }

    /** The cache shared by everything in this JVM. */
    public static SharedSessions jvm() {
        return JVM;
    }

    /** Returns a lease on the session for {@code spec}, opening it on first use. */
    public synchronized Lease acquire(ModelSpec spec, SessionSettings settings) {
        Key key = new Key(spec, settings);
        Entry entry = entries.get(key);
        if (entry == null) {
            entry = new Entry(opener.apply(spec, settings));
            entries.put(key, entry);
        }
        entry.references++;
        return new Lease(key, entry.session);
    }

    /** Number of live leases on the session for (spec, settings); 0 when it is not open. */
    public synchronized int references(ModelSpec spec, SessionSettings settings) {
        Entry entry = entries.get(new Key(spec, settings));
        return entry == null ? 0 : entry.references;
    }

    private synchronized void release(Key key) {
        Entry entry = entries.get(key);
        if (entry != null && --entry.references == 0) {
            entries.remove(key);
            entry.session.close();
        }
    }

    /** One user's hold on a shared session; closing it twice is harmless. */
    public final class Lease implements AutoCloseable {
        private final Key key;
        private final ModelSession session;
        private boolean closed;

        private Lease(Key key, ModelSession session) {
            this.key = key;
            this.session = session;
        }

        public ModelSession session() {
            if (closed) {
                throw new IllegalStateException("lease on '" + key.spec.id() + "' is closed");
            }
            return session;
        }

        @Override
        public void close() {
            synchronized (SharedSessions.this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            release(key);
        }
    }

    private static final class Entry {
        final ModelSession session;
        int references;

        Entry(ModelSession session) {
            this.session = session;
        }
    }

    private static final class Key {
        final ModelSpec spec;
        final SessionSettings settings;

        Key(ModelSpec spec, SessionSettings settings) {
            this.spec = spec;
            this.settings = settings;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key)) {
                return false;
            }
            Key k = (Key) o;
            return k.spec.model().equals(spec.model())
                    && Objects.equals(k.spec.expectedSha256(), spec.expectedSha256())
                    && k.settings.equals(settings);
        }

        @Override
        public int hashCode() {
            return Objects.hash(spec.model(), spec.expectedSha256(), settings);
        }
    }
}
