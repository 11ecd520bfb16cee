package io.llmstream.core.store;

import static org.apache.flink.configuration.description.TextElement.text;

import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;

/** Where the job indexes chunks besides the results topic ({@code vector-store.kind}). */
public enum VectorStoreKind implements DescribedEnum {
    NONE("none", "No vector store: results go to the results topic only."),
    SOLR("solr", "Apache Solr 9 (standalone core or SolrCloud collection) with the llm-stream configset.");

    private final String value;
    private final String description;

    VectorStoreKind(String value, String description) {
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
