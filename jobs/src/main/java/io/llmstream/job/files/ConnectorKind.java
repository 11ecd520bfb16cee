package io.llmstream.job.files;

import static org.apache.flink.configuration.description.TextElement.text;

import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;

/** What the job reads requests from ({@code source.kind}) or writes results and dead letters to ({@code sink.kind}). */
public enum ConnectorKind implements DescribedEnum {
    KAFKA("kafka", "The topics of topics.* on the Kafka cluster of properties.bootstrap.servers."),
    FILES("files", "Files of JSON lines under source.path or sink.path: a local directory, or any file system Flink"
            + " has a plugin for (s3://bucket/prefix with flink-s3-fs-hadoop, which the files sink needs; see docs/batch-files.md).");

    private final String value;
    private final String description;

    ConnectorKind(String value, String description) {
        this.value = value;
        this.description = description;
    }

    /** The value as written in settings. */
    @Override
    public String toString() {
        return value;
    }

    @Override
    public InlineElement getDescription() {
        return text(description);
    }
}
