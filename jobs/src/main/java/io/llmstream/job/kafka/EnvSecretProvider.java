package io.llmstream.job.kafka;

import io.llmstream.core.secrets.SecretPlaceholders;

/** Kafka config provider of {@code ${env:NAME}}: the value of an environment variable of the client's process. */
public final class EnvSecretProvider extends SecretProvider {
    public EnvSecretProvider() {
        super(SecretPlaceholders.ENV);
    }
}
