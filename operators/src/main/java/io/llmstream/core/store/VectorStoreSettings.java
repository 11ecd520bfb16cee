package io.llmstream.core.store;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Where chunks are indexed and how to reach the store: kind, base URL, collection, basic-auth user
 * and password placeholder (resolved only where the store is called), whether another model's
 * rows may be replaced, and the request timeout. Serializable, so the sink carries it to the
 * TaskManagers.
 */
public final class VectorStoreSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final VectorStoreKind kind;
    private final String url;
    private final String collection;
    private final String username;
    private final String password;
    private final boolean reindex;
    private final Duration timeout;

    /**
     * @param password a secret placeholder ({@code ${env:NAME}}, {@code ${file:/path}}) or empty; never the secret
     */
    public VectorStoreSettings(VectorStoreKind kind, String url, String collection, String username, String password,
            boolean reindex, Duration timeout) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.url = Objects.requireNonNull(url, "url");
        this.collection = Objects.requireNonNull(collection, "collection");
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password");
        this.reindex = reindex;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** No vector store. */
    public static VectorStoreSettings none() {
        return new VectorStoreSettings(VectorStoreKind.NONE, "", "", "", "", false, Duration.ofSeconds(60));
    }

    /** A Solr collection without authentication, e.g. for a local server. */
    public static VectorStoreSettings solr(String url, String collection, boolean reindex) {
        return new VectorStoreSettings(VectorStoreKind.SOLR, url, collection, "", "", reindex, Duration.ofSeconds(60));
    }

    public boolean enabled() {
        return kind != VectorStoreKind.NONE;
    }

    public VectorStoreKind kind() {
        return kind;
    }

    public String url() {
        return url;
    }

    public String collection() {
        return collection;
    }

    public String username() {
        return username;
    }

    /** The password's placeholder, never the secret itself. */
    public String passwordPlaceholder() {
        return password;
    }

    public boolean reindex() {
        return reindex;
    }

    public Duration timeout() {
        return timeout;
    }

    @Override
    public String toString() {
        return kind + " " + url + "/" + collection + (username.isEmpty() ? "" : " as " + username);
    }
}
