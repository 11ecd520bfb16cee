package io.llmstream.core.registry;

import io.llmstream.core.secrets.SecretPlaceholders;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * Where the schema registry is and how to talk to it: base URL (a Confluent-compatible API, e.g.
 * Confluent Schema Registry at {@code http://host:8081} or Apicurio Registry at
 * {@code http://host:8080/apis/ccompat/v7}), optional basic-auth credentials, the timeout of one
 * request, and whether our schemas may be registered or must already be there. The password is
 * kept as written ({@code ${env:NAME}} or {@code ${file:/path}}, see {@link SecretPlaceholders}) and
 * resolved only when a request is made, so a job graph holding these settings holds no secret; it
 * is never part of {@link #toString()}.
 */
public final class SchemaRegistrySettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String url;
    private final String username;
    private final String password;
    private final Duration requestTimeout;
    private final boolean autoRegister;

    private SchemaRegistrySettings(String url, String username, String password, Duration requestTimeout,
            boolean autoRegister) {
        this.url = url;
        this.username = username;
        this.password = password;
        this.requestTimeout = requestTimeout;
        this.autoRegister = autoRegister;
    }

    /**
     * Validates the settings; each error names its setting.
     *
     * @param urlField name of the URL setting, for messages
     * @param url http(s) URL of the registry API, without a trailing slash needed
     * @param username basic-auth user, or blank for none
     * @param password basic-auth password (used only with a user), usually a secret placeholder
     */
    public static SchemaRegistrySettings of(String urlField, String url, String username, String password,
            Duration requestTimeout, boolean autoRegister) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(urlField + " is required when a format is avro-confluent");
        }
        String trimmed = url.trim();
        try {
            URI uri = new URI(trimmed);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new URISyntaxException(trimmed, "expected http://host:port[/path] or https://...");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(urlField + " = '" + trimmed + "' is not a registry URL; allowed: "
                    + "http://host:port[/path] or https://host:port[/path]", e);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("schema registry request timeout = " + requestTimeout
                    + " is out of range; allowed: > 0");
        }
        boolean auth = username != null && !username.isBlank();
        return new SchemaRegistrySettings(trimmed.replaceAll("/+$", ""), auth ? username.trim() : null,
                auth ? (password == null ? "" : password) : null, requestTimeout, autoRegister);
    }

    /** Base URL without a trailing slash. */
    public String url() {
        return url;
    }

    /** Basic-auth user, or {@code null}. */
    public String username() {
        return username;
    }

    /**
     * Basic-auth password with its placeholders resolved, or {@code null} without a user.
     *
     * @throws IllegalArgumentException naming the placeholder when its variable or file is missing
     */
    public String password() {
        return password == null ? null : SecretPlaceholders.system().resolve("schema registry password", password);
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** Register our schemas under their subjects (true), or only look up ids already registered. */
    public boolean autoRegister() {
        return autoRegister;
    }

    @Override
    public String toString() {
        return "schema registry " + url + (username == null ? "" : " as " + username + " (password hidden)");
    }
}
