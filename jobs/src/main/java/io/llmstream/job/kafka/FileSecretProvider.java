package io.llmstream.job.kafka;

import io.llmstream.core.secrets.SecretPlaceholders;

/** Kafka config provider of {@code ${file:/path/to/secret}}: a file's content without its final line break. */
public final class FileSecretProvider extends SecretProvider {
    public FileSecretProvider() {
        super(SecretPlaceholders.FILE);
    }
}
