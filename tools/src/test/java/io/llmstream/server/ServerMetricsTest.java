package io.llmstream.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerMetricsTest {

    @Test
    void theExpositionCountsRequestsByStatusAndBucketsLatencyCumulatively() {
        ServerMetrics m = new ServerMetrics();
        m.loaded("mini\"lm", "abc123");
        m.loaded("zh", "def456");
        m.started();
        m.answered(200, 3_000_000);
        m.embedded(2, 17);
        m.started();
        m.answered(400, 200_000_000);
        m.refused(401);
        String text = m.exposition();
        assertThat(text).contains("llmstream_embed_server_model_info{model=\"mini\\\"lm\",sha256=\"abc123\"} 1\n")
                .contains("llmstream_embed_server_model_info{model=\"zh\",sha256=\"def456\"} 1\n")
                .contains("llmstream_embed_server_requests_total{status=\"200\"} 1\n")
                .contains("llmstream_embed_server_requests_total{status=\"400\"} 1\n")
                .contains("llmstream_embed_server_requests_total{status=\"401\"} 1\n")
                .contains("llmstream_embed_server_inputs_total 2\n")
                .contains("llmstream_embed_server_tokens_total 17\n")
                .contains("llmstream_embed_server_requests_in_flight 0\n")
                .contains("llmstream_embed_server_request_duration_seconds_bucket{le=\"0.005\"} 1\n")
                .contains("llmstream_embed_server_request_duration_seconds_bucket{le=\"0.1\"} 1\n")
                .contains("llmstream_embed_server_request_duration_seconds_bucket{le=\"0.25\"} 2\n")
                .contains("llmstream_embed_server_request_duration_seconds_bucket{le=\"+Inf\"} 2\n")
                .contains("llmstream_embed_server_request_duration_seconds_count 2\n")
                .contains("# TYPE llmstream_embed_server_request_duration_seconds histogram\n");
        assertThat(m.requests(200)).isEqualTo(1);
    }
}
