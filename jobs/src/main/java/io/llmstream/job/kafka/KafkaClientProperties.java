package io.llmstream.job.kafka;

import io.llmstream.core.secrets.SecretPlaceholders;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * Kafka client properties passed through from settings under a prefix (the job's
 * {@code properties.<property>}), e.g. {@code security.protocol}, {@code sasl.mechanism},
 * {@code sasl.jaas.config} or {@code ssl.truststore.location}, for every Kafka client the job and
 * its tools create.
 *
 * <p>Values keep their secret placeholders ({@code ${env:NAME}}, {@code ${file:/path}}): the
 * clients resolve them when they are created, through the config providers that
 * {@link #clientProperties()} registers, so resolved secrets are never part of the job graph, a
 * settings dump or a message. {@link #from} refuses properties the job sets itself (naming the
 * setting to use instead), secrets written as plain text, and placeholders that do not resolve
 * here.
 */
public final class KafkaClientProperties implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final String CONFIG_PROVIDERS = "config.providers";
    private static final String RAW_BYTES = "the job reads and writes raw bytes (see input.format)";
    /** Properties the job's clients set themselves, with what to do instead. */
    private static final Map<String, String> OWNED = owned();
    /** Properties Kafka treats as passwords: {@code [hidden]} in its logs, placeholders in ours. */
    private static final Set<String> PASSWORDS = passwordProperties();
    /** A JAAS option whose name says it holds a secret, with its quoted or bare value. */
    private static final Pattern JAAS_SECRET =
            Pattern.compile("(?i)([a-z0-9_.]*(?:password|secret))\\s*=\\s*(?:\"([^\"]*)\"|([^\\s;]*))");

    private final String prefix;
    private final Map<String, String> properties;

    private KafkaClientProperties(String prefix, Map<String, String> properties) {
        this.prefix = prefix;
        this.properties = properties;
    }

    /** No properties: the clients' defaults (plaintext, no authentication). */
    public static KafkaClientProperties none() {
        return new KafkaClientProperties("", new TreeMap<>());
    }

    /** The properties among {@code settings} whose key starts with {@code prefix}, checked against this process's environment. */
    public static KafkaClientProperties from(String prefix, Map<String, String> settings) {
        return from(prefix, settings, SecretPlaceholders.system());
    }

    /**
     * The properties among {@code settings} whose key starts with {@code prefix}, the prefix removed.
     *
     * @throws IllegalArgumentException naming the setting: a property the job owns, a secret
     *     written as plain text, or a placeholder that {@code secrets} cannot resolve
     */
    public static KafkaClientProperties from(String prefix, Map<String, String> settings, SecretPlaceholders secrets) {
        Map<String, String> properties = new TreeMap<>();
        settings.forEach((key, value) -> {
            if (!key.startsWith(prefix)) {
                return;
            }
            String property = key.substring(prefix.length()).trim();
            if (property.isEmpty()) {
                throw new IllegalArgumentException(key + " names no Kafka client property; write " + prefix + "<property>,"
                        + " e.g. " + prefix + "security.protocol");
            }
            String instead = owned(property);
            if (instead != null) {
                throw new IllegalArgumentException(key + " is set by the job itself and cannot be passed through: " + instead);
            }
            refusePlainSecret(key, property, value);
            secrets.check(key, value);
            properties.put(property, value);
        });
        String providers = properties.get(CONFIG_PROVIDERS);
        if (providers != null && Stream.of(providers.split(",")).map(String::trim)
                .anyMatch(p -> p.equals(SecretPlaceholders.ENV) || p.equals(SecretPlaceholders.FILE))) {
            throw new IllegalArgumentException(prefix + CONFIG_PROVIDERS + " = '" + providers + "' names 'env' or 'file',"
                    + " which the job registers itself for ${env:NAME} and ${file:/path/to/secret}; choose other names");
        }
        return new KafkaClientProperties(prefix, properties);
    }

    private static String owned(String property) {
        String p = property.toLowerCase(Locale.ROOT);
        if (p.startsWith(CONFIG_PROVIDERS + "." + SecretPlaceholders.ENV + ".")
                || p.startsWith(CONFIG_PROVIDERS + "." + SecretPlaceholders.FILE + ".")) {
            return "the job registers the config providers 'env' and 'file' for ${env:NAME} and ${file:/path/to/secret}";
        }
        return OWNED.get(p);
    }

    private static void refusePlainSecret(String key, String property, String value) {
        String plain = null;
        if (property.equals(SaslConfigs.SASL_JAAS_CONFIG)) {
            Matcher m = JAAS_SECRET.matcher(value);
            while (m.find() && plain == null) {
                String option = m.group(2) != null ? m.group(2) : m.group(3);
                if (!SecretPlaceholders.PLACEHOLDER.matcher(option).find()) {
                    plain = "its option " + m.group(1);
                }
            }
        } else if (PASSWORDS.contains(property) && !SecretPlaceholders.PLACEHOLDER.matcher(value).find()) {
            plain = "its value";
        }
        if (plain != null) {
            throw new IllegalArgumentException(key + " holds a secret as plain text (" + plain + "); secrets must not be written"
                    + " into the settings: put it in a file or an environment variable and write ${file:/path/to/secret}"
                    + " or ${env:NAME} instead");
        }
    }

    /**
     * These properties, plus those of {@code fallback} that they do not set (e.g. the same
     * properties under a deprecated prefix).
     */
    public KafkaClientProperties orElse(KafkaClientProperties fallback) {
        Map<String, String> merged = new TreeMap<>(fallback.properties);
        merged.putAll(properties);
        return new KafkaClientProperties(prefix, merged);
    }

    /** Whether no property is passed through. */
    public boolean isEmpty() {
        return properties.isEmpty();
    }

    /** The properties as written, placeholders unresolved. */
    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(properties);
    }

    /**
     * What to give a Kafka client: the properties as written plus, when any holds a placeholder,
     * the config providers {@code env} and {@code file} that resolve them inside the client.
     */
    public Map<String, String> clientProperties() {
        Map<String, String> out = new LinkedHashMap<>(properties);
        if (properties.values().stream().anyMatch(SecretPlaceholders::hasPlaceholder)) {
            String own = properties.get(CONFIG_PROVIDERS);
            out.put(CONFIG_PROVIDERS, (own == null || own.isBlank() ? "" : own + ",") + SecretPlaceholders.ENV + ","
                    + SecretPlaceholders.FILE);
            out.put(providerClass(SecretPlaceholders.ENV), EnvSecretProvider.class.getName());
            out.put(providerClass(SecretPlaceholders.FILE), FileSecretProvider.class.getName());
        }
        return out;
    }

    /** {@link #clientProperties()} added to {@code props}, replacing what they set. */
    public Properties addTo(Properties props) {
        props.putAll(clientProperties());
        return props;
    }

    private static String providerClass(String alias) {
        return CONFIG_PROVIDERS + "." + alias + ".class";
    }

    /** The properties as written; placeholders stay unresolved and plain secrets are refused, so nothing secret shows. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        properties.forEach((k, v) -> shown.put(prefix + k, v));
        return shown.toString();
    }

    private static Map<String, String> owned() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "set properties.bootstrap.servers");
        m.put(ConsumerConfig.GROUP_ID_CONFIG, "set properties.group.id");
        m.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "set scan.startup.mode");
        m.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "the requests source commits its offsets with Flink's checkpoints");
        m.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, RAW_BYTES);
        m.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, RAW_BYTES);
        m.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, RAW_BYTES);
        m.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, RAW_BYTES);
        m.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "set sink.transactional-id-prefix");
        m.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "set delivery.transaction-timeout");
        m.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "set sink.delivery-guarantee");
        m.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "set output.max-record-bytes");
        return m;
    }

    private static Set<String> passwordProperties() {
        Set<String> names = new TreeSet<>();
        for (ConfigDef def : new ConfigDef[] {ProducerConfig.configDef(), ConsumerConfig.configDef(), AdminClientConfig.configDef()}) {
            def.configKeys().forEach((name, k) -> {
                if (k.type == ConfigDef.Type.PASSWORD) {
                    names.add(name);
                }
            });
        }
        return names;
    }
}
