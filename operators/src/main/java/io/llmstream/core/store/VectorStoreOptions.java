package io.llmstream.core.store;

import io.llmstream.core.config.OptionReader;
import io.llmstream.core.secrets.SecretPlaceholders;
import java.time.Duration;
import java.util.regex.Pattern;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

/** The vector store the job indexes chunks into ({@code vector-store.*}). */
public final class VectorStoreOptions {
    private static final Pattern COLLECTION_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    public static final ConfigOption<VectorStoreKind> KIND = ConfigOptions.key("vector-store.kind")
            .enumType(VectorStoreKind.class)
            .defaultValue(VectorStoreKind.NONE)
            .withDescription("Index every result's chunks into a vector store as well (one row per chunk, upserted"
                    + " idempotently at each checkpoint); use it with chunking.emit = chunks or both.");

    public static final ConfigOption<String> URL = ConfigOptions.key("vector-store.url")
            .stringType()
            .defaultValue("")
            .withDescription("Base URL of the store, e.g. http://localhost:8983/solr (Solr: the URL before /<collection>).");

    public static final ConfigOption<String> COLLECTION = ConfigOptions.key("vector-store.collection")
            .stringType()
            .defaultValue("")
            .withDescription("Collection (Solr core or SolrCloud collection) built from the llm-stream configset.");

    public static final ConfigOption<String> USERNAME = ConfigOptions.key("vector-store.username")
            .stringType()
            .defaultValue("")
            .withDescription("Basic-auth user of the store; empty: no authentication.");

    public static final ConfigOption<String> PASSWORD = ConfigOptions.key("vector-store.password")
            .stringType()
            .defaultValue("")
            .withDescription("Basic-auth password of the store, as a secret placeholder: ${env:NAME} or"
                    + " ${file:/path/to/secret} (plain text is refused); resolved where the store is called, never logged.");

    public static final ConfigOption<Boolean> REINDEX = ConfigOptions.key("vector-store.reindex")
            .booleanType()
            .defaultValue(false)
            .withDescription("Allow writing into a collection that holds vectors of another model: its rows of other models"
                    + " are deleted before the first write. Without it the job fails at its first write, naming both models,"
                    + " so an index never mixes two models.");

    public static final ConfigOption<Duration> TIMEOUT = ConfigOptions.key("vector-store.timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(60))
            .withDescription("How long one request to the store may take.");

    private VectorStoreOptions() {}

    /**
     * The validated settings; kind {@code none} when no store is configured.
     *
     * @throws IllegalArgumentException naming the key, the value and what is allowed
     */
    public static VectorStoreSettings from(ReadableConfig config) {
        OptionReader r = OptionReader.of(config);
        VectorStoreKind kind = r.enumValue(KIND, "a vector store");
        if (kind == VectorStoreKind.NONE) {
            return VectorStoreSettings.none();
        }
        String url = r.get(URL).strip();
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException(URL.key() + " = '" + url + "' is not allowed with " + KIND.key() + " = " + kind
                    + "; allowed: an http:// or https:// URL such as http://localhost:8983/solr");
        }
        String collection = r.get(COLLECTION).strip();
        if (!COLLECTION_NAME.matcher(collection).matches()) {
            throw new IllegalArgumentException(COLLECTION.key() + " = '" + collection + "' is not allowed with " + KIND.key()
                    + " = " + kind + "; allowed: a collection name of letters, digits, '_', '.' and '-'");
        }
        String password = r.get(PASSWORD);
        if (!password.isEmpty()) {
            if (!SecretPlaceholders.hasPlaceholder(password)) {
                throw new IllegalArgumentException(PASSWORD.key() + " holds a secret as plain text;"
                        + " secrets must not be written into the settings: put it in a file or an environment variable and"
                        + " write ${file:/path/to/secret} or ${env:NAME} instead");
            }
            SecretPlaceholders.system().check(PASSWORD.key(), password);
        }
        Duration timeout = r.get(TIMEOUT);
        if (timeout.isNegative() || timeout.isZero()) {
            throw r.outOfRange(TIMEOUT, timeout, "a positive duration");
        }
        return new VectorStoreSettings(kind, url.replaceAll("/+$", ""), collection, r.get(USERNAME), password, r.get(REINDEX),
                timeout);
    }
}
