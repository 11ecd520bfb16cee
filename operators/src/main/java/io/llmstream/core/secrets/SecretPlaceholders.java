package io.llmstream.core.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves secret placeholders in settings: {@code ${env:NAME}} (an environment variable) and
 * {@code ${file:/path/to/secret}} (a file's content, without its final line break). The syntax is
 * Kafka's own config-provider syntax, so the same placeholders in Kafka client properties are
 * resolved inside each Kafka client by the job's config providers; other secrets (the schema
 * registry's password) are resolved where they are used. The job checks them all when it starts. Messages name the setting and the placeholder,
 * never the resolved value.
 */
public final class SecretPlaceholders {
    /** Kafka's {@code ConfigTransformer} pattern: {@code ${provider:[path:]key}}. */
    public static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*?):(([^}]*?):)?([^}]*?)\\}");
    public static final String ENV = "env";
    public static final String FILE = "file";

    private final Function<String, String> environment;

    /** Placeholders resolved against {@code environment} (a variable's value, or null when unset) and the file system. */
    public SecretPlaceholders(Function<String, String> environment) {
        this.environment = environment;
    }

    /** Placeholders resolved against this process's environment and file system. */
    public static SecretPlaceholders system() {
        return new SecretPlaceholders(System::getenv);
    }

    /** Whether {@code value} holds an {@code env} or {@code file} placeholder. */
    public static boolean hasPlaceholder(String value) {
        Matcher m = PLACEHOLDER.matcher(value);
        while (m.find()) {
            if (m.group(1).equals(ENV) || m.group(1).equals(FILE)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Resolves every {@code env} and {@code file} placeholder in {@code value} (placeholders of
     * other config providers are left as they are, for those providers to resolve).
     *
     * @throws IllegalArgumentException naming {@code key} and the placeholder when a variable is
     *     unset or a file cannot be read
     */
    public String resolve(String key, String value) {
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String provider = m.group(1);
            String replacement = m.group();
            if (provider.equals(ENV) || provider.equals(FILE)) {
                if (m.group(3) != null) {
                    throw new IllegalArgumentException(key + ": " + m.group() + " is not a secret placeholder; allowed: ${env:NAME}"
                            + " or ${file:/path/to/secret}");
                }
                replacement = lookup(key, provider, m.group(4));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Fails as {@link #resolve} does when some placeholder of {@code value} cannot be resolved; the values are discarded. */
    public void check(String key, String value) {
        resolve(key, value);
    }

    /** The value of one placeholder, e.g. {@code lookup(key, "env", "KAFKA_PASSWORD")}. */
    public String lookup(String key, String provider, String name) {
        String placeholder = "${" + provider + ":" + name + "}";
        if (provider.equals(ENV)) {
            String v = name.isEmpty() ? null : environment.apply(name);
            if (v == null) {
                throw new IllegalArgumentException(key + ": " + placeholder + " names an environment variable that is not set");
            }
            return v;
        }
        try {
            return withoutFinalLineBreak(Files.readString(Path.of(name), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(key + ": " + placeholder + " names a file that cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** Secret files written with {@code echo} end with a line break that is not part of the secret. */
    private static String withoutFinalLineBreak(String s) {
        if (s.endsWith("\r\n")) {
            return s.substring(0, s.length() - 2);
        }
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }
}
