package io.llmstream.core.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reference-counted resources by key: the first {@link #acquire} creates the resource, every
 * acquire returns a lease, and closing the last lease closes the resource. Thread-safe.
 */
public final class RefCountedCache<K, V extends AutoCloseable> {
    private final Map<K, Entry<V>> entries = new HashMap<>();

    /** Returns a lease on the resource for {@code key}, creating it with {@code factory} on first use. */
    public Lease<V> acquire(K key, Supplier<V> factory) {
        Entry<V> entry;
        synchronized (this) {
            entry = entries.computeIfAbsent(key, k -> new Entry<>());
            entry.references++;
        }
        // creation happens outside the cache lock (loading a model takes seconds), once per entry
        try {
            synchronized (entry) {
                if (entry.value == null) {
                    entry.value = factory.get();
                }
            }
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                if (--entry.references == 0) {
                    entries.remove(key, entry);
                }
            }
            throw e;
        }
        return new Lease<>(this, key, entry.value);
    }

    /** Live leases on the resource for {@code key}; 0 when it is not open. */
    public synchronized int references(K key) {
        Entry<V> entry = entries.get(key);
        return entry == null ? 0 : entry.references;
    }

    private void release(K key) {
        V toClose = null;
        synchronized (this) {
            Entry<V> entry = entries.get(key);
            if (entry != null && --entry.references == 0) {
                entries.remove(key);
                toClose = entry.value;
            }
        }
        if (toClose != null) {
            try {
                toClose.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + key + " failed", e);
            }
        }
    }

    /** One user's hold on a shared resource; closing it twice is harmless. */
    public static final class Lease<V extends AutoCloseable> implements AutoCloseable {
        private final RefCountedCache<?, V> cache;
        private final Object key;
        private final V value;
        private boolean closed;

        private Lease(RefCountedCache<?, V> cache, Object key, V value) {
            this.cache = cache;
            this.key = key;
            this.value = value;
        }

        public V get() {
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("lease on " + key + " is closed");
                }
            }
            return value;
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            ((RefCountedCache) cache).release(key);
        }
    }

    private static final class Entry<V> {
        V value;
        int references;
    }
}
