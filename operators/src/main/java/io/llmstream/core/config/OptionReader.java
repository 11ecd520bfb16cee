package io.llmstream.core.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ReadableConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads options of the groups from a {@link ReadableConfig}, naming the key in every error.
 *
 * <p>A value is looked up under the option's key, then under its deprecated keys (the option's
 * {@code withDeprecatedKeys}); a value found under a deprecated key is logged once per read at
 * WARN with the key to use instead. When both are set, the option's own key wins. Errors name the
 * key the value was found under, so a user is told about what they wrote.
 */
public final class OptionReader {
    private static final Logger LOG = LoggerFactory.getLogger(OptionReader.class);

    private final ReadableConfig config;

    private OptionReader(ReadableConfig config) {
        this.config = config;
    }

    public static OptionReader of(ReadableConfig config) {
        return new OptionReader(config);
    }

    /** A value as written and the key it was found under. */
    private static final class Raw {
        private final String key;
        private final String value;

        Raw(String key, String value) {
            this.key = key;
            this.value = value;
        }

        String key() {
            return key;
        }

        String value() {
            return value;
        }
    }

    /**
     * The value as written under the option's key or one of its deprecated keys, if any; a value
     * under a deprecated key is logged with the key to use.
     */
    private Optional<Raw> raw(ConfigOption<?> option) {
        return find(option, true);
    }

    private Optional<Raw> find(ConfigOption<?> option, boolean warn) {
        Optional<String> own = text(option.key());
        if (own.isPresent()) {
            return Optional.of(new Raw(option.key(), own.get()));
        }
        for (FallbackKey fallback : option.fallbackKeys()) {
            Optional<String> old = text(fallback.getKey());
            if (old.isPresent()) {
                if (warn && fallback.isDeprecated()) {
                    LOG.warn("Setting '{}' is deprecated and will be removed; use '{}' instead", fallback.getKey(), option.key());
                }
                return Optional.of(new Raw(fallback.getKey(), old.get()));
            }
        }
        return Optional.empty();
    }

    private Optional<String> text(String key) {
        return config.getOptional(ConfigOptions.key(key).stringType().noDefaultValue());
    }

    /** The key a value of {@code option} was written under, else the option's own key (for messages). */
    public String keyOf(ConfigOption<?> option) {
        return find(option, false).map(Raw::key).orElse(option.key());
    }

    /**
     * The option's value, or its default when it is not set.
     *
     * @throws IllegalArgumentException naming the key and the value that does not parse
     */
    public <T> T get(ConfigOption<T> option) {
        return raw(option).map(r -> parse(option, r)).orElseGet(option::defaultValue);
    }

    /** Whether the option is written in the configuration, under its key or a fallback key. */
    public boolean isSet(ConfigOption<?> option) {
        return find(option, false).isPresent();
    }

    /** The option's value, empty when it is not set and has no default. */
    public <T> Optional<T> getOptional(ConfigOption<T> option) {
        Optional<Raw> raw = raw(option);
        return raw.isPresent() ? Optional.of(parse(option, raw.get())) : Optional.ofNullable(option.defaultValue());
    }

    private static <T> T parse(ConfigOption<T> option, Raw raw) {
        Configuration single = new Configuration();
        single.setString(option.key(), raw.value());
        try {
            return single.get(option);
        } catch (IllegalArgumentException e) {
            String cause = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
            throw new IllegalArgumentException(raw.key() + " = '" + raw.value() + "' cannot be read: " + cause, e);
        }
    }

    /**
     * An enum option, matched as written ({@code toString()} of a constant, any case).
     *
     * @param what what a value is, for the message: "an input format" gives
     *     {@code input.format = 'xml' is not an input format; allowed: avro, json, avro-confluent, openai-batch};
     *     {@code null} gives {@code ... is not allowed; allowed: ...}
     * @param aliases further accepted values (e.g. those of a deprecated key), lower case
     */
    public <E extends Enum<E>> E enumValue(ConfigOption<E> option, String what, Map<String, E> aliases) {
        Optional<Raw> raw = raw(option);
        if (raw.isEmpty()) {
            return option.defaultValue();
        }
        if (option.defaultValue() == null) {
            throw new IllegalStateException(option.key() + " needs a default to be read as an enum");
        }
        Class<E> type = option.defaultValue().getDeclaringClass();
        String value = raw.get().value();
        return EnumValues.find(type, value)
                .or(() -> Optional.ofNullable(aliases.get(value.strip().toLowerCase(Locale.ROOT))))
                .orElseThrow(() -> EnumValues.notAllowed(type, raw.get().key(), value, what));
    }

    /** {@link #enumValue(ConfigOption, String, Map)} without aliases. */
    public <E extends Enum<E>> E enumValue(ConfigOption<E> option, String what) {
        return enumValue(option, what, Map.of());
    }

    /** An enum option whose message says {@code key = 'value' is not allowed; allowed: ...}. */
    public <E extends Enum<E>> E enumValue(ConfigOption<E> option) {
        return enumValue(option, null, Map.of());
    }

    /** An int option of at least {@code min}. */
    public int atLeast(ConfigOption<Integer> option, int min) {
        int v = get(option);
        if (v < min) {
            throw outOfRange(option, v, ">= " + min);
        }
        return v;
    }

    /** An int option within {@code min..max}. */
    public int inRange(ConfigOption<Integer> option, int min, int max) {
        int v = get(option);
        if (v < min || v > max) {
            throw outOfRange(option, v, min + ".." + max);
        }
        return v;
    }

    /** A byte size ({@code 8 mb}, or plain bytes) of {@code min} bytes up to 2 GiB - 1, as an int. */
    public int bytes(ConfigOption<MemorySize> option, int min) {
        MemorySize size = get(option);
        if (size.getBytes() < min || size.getBytes() > Integer.MAX_VALUE) {
            throw outOfRange(option, size.getBytes(), min + " bytes .. " + Integer.MAX_VALUE + " bytes");
        }
        return (int) size.getBytes();
    }

    /** A string option that must hold more than blanks; returned trimmed. */
    public String nonBlank(ConfigOption<String> option) {
        String v = get(option);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(keyOf(option) + " must not be empty");
        }
        return v.trim();
    }

    /** An error naming the key, the value and the allowed range. */
    public IllegalArgumentException outOfRange(ConfigOption<?> option, Object value, String allowed) {
        return new IllegalArgumentException(keyOf(option) + " = " + value + " is out of range; allowed: " + allowed);
    }
}
