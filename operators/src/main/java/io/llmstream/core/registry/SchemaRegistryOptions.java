package io.llmstream.core.registry;

import io.llmstream.core.config.OptionReader;
import io.llmstream.core.secrets.SecretPlaceholders;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

/** The schema registry of the Confluent wire format ({@code avro-confluent}). */
public final class SchemaRegistryOptions {

    public static final ConfigOption<String> URL = ConfigOptions.key("schema-registry.url")
            .stringType()
            .defaultValue("")
            .withDescription("Base URL of a Confluent-compatible schema registry API (Confluent Schema Registry, or"
                    + " Apicurio's .../apis/ccompat/v7); required when input.format or output.format is avro-confluent.");

    public static final ConfigOption<String> USERNAME = ConfigOptions.key("schema-registry.username")
            .stringType()
            .defaultValue("")
            .withDescription("Basic-auth user of the schema registry (empty: no authentication).");

    public static final ConfigOption<String> PASSWORD = ConfigOptions.key("schema-registry.password")
            .stringType()
            .defaultValue("")
            .withDescription("Basic-auth password of the schema registry, as a secret placeholder: ${env:NAME} or"
                    + " ${file:/path/to/secret} (plain text is refused); resolved only when the registry is called, never logged.");

    public static final ConfigOption<Boolean> AUTO_REGISTER = ConfigOptions.key("schema-registry.auto-register")
            .booleanType()
            .defaultValue(true)
            .withDescription("Register the result and dead-letter schemas under <topic>-value at start; false: they must"
                    + " already be registered there, and are only looked up.");

    public static final ConfigOption<Duration> REQUEST_TIMEOUT = ConfigOptions.key("schema-registry.request-timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(10))
            .withDescription("Timeout of one request to the schema registry (failed requests are tried three times).");

    private SchemaRegistryOptions() {}

    /**
     * The validated registry settings, for a job with a format that needs them.
     *
     * @param because the settings that make the registry required, for the message when it is missing
     * @throws IllegalArgumentException naming the key: no URL, a bad URL, a plain-text password or one
     *     whose placeholder does not resolve here
     */
    public static SchemaRegistrySettings from(ReadableConfig config, String because) {
        OptionReader r = OptionReader.of(config);
        String url = r.get(URL);
        if (url.isBlank()) {
            throw new IllegalArgumentException(URL.key() + " is required when " + because
                    + ": the base URL of a Confluent-compatible schema registry API, e.g. http://registry:8081");
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
        return SchemaRegistrySettings.of(URL.key(), url, r.get(USERNAME), password, r.get(REQUEST_TIMEOUT),
                r.get(AUTO_REGISTER));
    }
}
