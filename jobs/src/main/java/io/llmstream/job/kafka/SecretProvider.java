package io.llmstream.job.kafka;

import io.llmstream.core.secrets.SecretPlaceholders;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigData;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.provider.ConfigProvider;

/**
 * Resolves one kind of {@link SecretPlaceholders} inside a Kafka client, when the client is
 * created: the job graph and its logged settings keep the placeholder, only the client's memory
 * holds the secret.
 */
abstract class SecretProvider implements ConfigProvider {
    private static final String WHERE = "Kafka client property";
    private final String provider;

    SecretProvider(String provider) {
        this.provider = provider;
    }

    @Override
    public void configure(Map<String, ?> configs) {}

    @Override
    public ConfigData get(String path) {
        return new ConfigData(Map.of());
    }

    @Override
    public ConfigData get(String path, Set<String> keys) {
        if (path != null && !path.isEmpty()) {
            throw new ConfigException(WHERE + ": ${" + provider + ":" + path + ":...} is not a secret placeholder; allowed: "
                    + "${env:NAME} or ${file:/path/to/secret}");
        }
        Map<String, String> values = new HashMap<>();
        try {
            for (String key : keys) {
                values.put(key, SecretPlaceholders.system().lookup(WHERE, provider, key));
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        return new ConfigData(values);
    }

    @Override
    public void close() {}
}
