package io.llmstream.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class VectorStoreOptionsTest {

    private static VectorStoreSettings from(Map<String, String> values) {
        return VectorStoreOptions.from(Configuration.fromMap(values));
    }

    @Test
    void noStoreUnlessAKindIsSet() {
        assertThat(from(Map.of()).enabled()).isFalse();
    }

    @Test
    void aSolrStoreNeedsAnHttpUrlAndACollection() {
        VectorStoreSettings s = from(Map.of("vector-store.kind", "solr", "vector-store.url", "http://localhost:8983/solr/",
                "vector-store.collection", "sotu"));

        assertThat(s.enabled()).isTrue();
        assertThat(s.url()).isEqualTo("http://localhost:8983/solr");
        assertThat(s.collection()).isEqualTo("sotu");
        assertThat(s.reindex()).isFalse();
        assertThatThrownBy(() -> from(Map.of("vector-store.kind", "solr", "vector-store.collection", "sotu")))
                .hasMessage("vector-store.url = '' is not allowed with vector-store.kind = solr; allowed: an http:// or https:// URL"
                        + " such as http://localhost:8983/solr");
        assertThatThrownBy(() -> from(Map.of("vector-store.kind", "solr", "vector-store.url", "http://h/solr",
                "vector-store.collection", "a/b")))
                .hasMessageContaining("vector-store.collection = 'a/b' is not allowed");
        assertThatThrownBy(() -> from(Map.of("vector-store.kind", "milvus")))
                .hasMessage("vector-store.kind = 'milvus' is not a vector store; allowed: none, solr");
    }

    @Test
    void aPasswordMustBeASecretPlaceholder() {
        assertThatThrownBy(() -> from(Map.of("vector-store.kind", "solr", "vector-store.url", "https://h/solr",
                "vector-store.collection", "c", "vector-store.username", "u", "vector-store.password", "hunter2")))
                .hasMessageContaining("vector-store.password holds a secret as plain text")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> from(Map.of("vector-store.kind", "solr", "vector-store.url", "https://h/solr",
                "vector-store.collection", "c", "vector-store.username", "u",
                "vector-store.password", "${env:LLM_STREAM_TEST_SURELY_UNSET_VARIABLE}")))
                .hasMessageContaining("vector-store.password");
    }

    @Test
    void aChunksKeyNamesItsDocumentIndexAndModel() {
        ChunkRow row = new ChunkRow("doc#1", 3, 10, 20, "text", new float[] {1, 0}, "m", "0123456789abcdef0123", null, Map.of());

        assertThat(row.key()).isEqualTo("doc#1#3#0123456789abcdef");
        assertThat(SolrIndex.quoted("say \"hi\" \\o/")).isEqualTo("\"say \\\"hi\\\" \\\\o/\"");
    }
}
