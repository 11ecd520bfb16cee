package io.llmstream.job.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmstream.job.EnrichmentJob;
import io.llmstream.job.JobSettings;
import io.llmstream.local.LocalFlink;
import io.llmstream.testutils.S3ProxyServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.DefaultPluginManager;
import org.apache.flink.core.plugin.DirectoryBasedPluginFinder;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bounded job reading {@code s3://bucket/in/} and writing {@code s3://bucket/out/} through a
 * real S3 API server (S3Proxy, which checks every request's signature) and Flink's {@code s3}
 * file system loaded as a plugin, as a cluster loads it, with its endpoint, path-style access and
 * credentials set the way a deployment sets them. The test puts the request files and reads the
 * committed part files back with its own S3 client: every line is answered exactly once, and
 * nothing else is left under {@code out/} but committed part files.
 */
class S3FilesITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUCKET = "llmstream";

    @TempDir
    Path dir;

    private S3ProxyServer s3;

    @BeforeEach
    void startS3AndLoadTheS3FileSystem() throws Exception {
        s3 = S3ProxyServer.start(dir.resolve("s3proxy"));
        Configuration conf = new Configuration();
        conf.setString("s3.endpoint", s3.endpoint());
        conf.setString("s3.endpoint.region", "us-east-1");
        conf.setString("s3.path.style.access", "true");
        conf.setString("s3.access-key", S3ProxyServer.ACCESS_KEY);
        conf.setString("s3.secret-key", S3ProxyServer.SECRET_KEY);
        Path plugins = Path.of("target", "s3", "plugins").toAbsolutePath();
        FileSystem.initialize(conf, new DefaultPluginManager(new DirectoryBasedPluginFinder(plugins).findPlugins(),
                CoreOptions.getPluginParentFirstLoaderPatterns(conf)));
    }

    @AfterEach
    void stopS3AndForgetTheS3FileSystem() throws Exception {
        // file systems are set once per JVM: the ITCases that run after this one must not find s3 configured
        FileSystem.initialize(new Configuration(), null);
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void everyLineUnderAnS3PrefixIsAnsweredOnceInCommittedPartFilesUnderAnotherPrefix() throws Exception {
        s3.createBucket(BUCKET);
        // the server checks credentials, so the job below reads and writes only if its keys reach the s3 file system
        assertThat(s3.unsignedListStatus(BUCKET)).isEqualTo(403);
        List<String> good = new ArrayList<>();
        for (String file : List.of("a", "b", "c")) {
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 40; i++) {
                good.add(file + "-" + i);
                lines.append(request(file + "-" + i, "ticket " + i + " from file " + file + ": the invoice is overdue")).append('\n');
            }
            s3.put(BUCKET, "in/" + file + ".jsonl", lines.toString().getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            for (int i = 0; i < 20; i++) {
                good.add("nested-" + i);
                gz.write((request("nested-" + i, "refund for order " + i) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        s3.put(BUCKET, "in/2026/12/nested.jsonl.gz", zipped.toByteArray());
        s3.put(BUCKET, "in/.hidden.jsonl", (request("hidden", "never read") + "\n").getBytes(StandardCharsets.UTF_8));
        s3.put(BUCKET, "elsewhere/outside.jsonl", (request("outside", "not under the prefix") + "\n").getBytes(StandardCharsets.UTF_8));
        s3.put(BUCKET, "in/bad.jsonl", String.join("\n",
                "this line is not JSON",
                request("bad-blank", "   "),
                "{\"text\": \"a text without an id\"}",
                request("good-among-bad", "a fine text"),
                "{\"id\": \"bad-text-type\", \"text\": 42}").getBytes(StandardCharsets.UTF_8));
        good.add("good-among-bad");
        String badPlace = "s3://" + BUCKET + "/in/bad.jsonl";
        Map<String, String> bad = Map.of(
                badPlace + ":1", "UNDECODABLE",
                "bad-blank", "EMPTY_TEXT",
                badPlace + ":3", "MISSING_ID",
                "bad-text-type", "INVALID_FIELD");

        JobSettings settings = JobSettings.from(Map.of(
                "source.kind", "files", "source.path", "s3://" + BUCKET + "/in/", "input.format", "json",
                "sink.kind", "files", "sink.path", "s3://" + BUCKET + "/out/", "output.format", "json",
                "tasks", "embed", "model.max-tokens", "32", "chunking.mode", "truncate", "inference.workers", "1"));
        StreamExecutionEnvironment env = LocalFlink.withParallelism(2).noRestarts().build();
        EnrichmentJob.build(env, settings);
        env.execute("s3 in, s3 out");

        List<String> written = s3.list(BUCKET, "out/");
        assertThat(written).isNotEmpty().allSatisfy(key -> assertThat(key)
                .matches("out/(results|dead-letters)/part-[^/]+\\" + FileConnectors.PART_SUFFIX));
        Map<String, JsonNode> results = lines(written, "out/results/");
        Map<String, JsonNode> deadLetters = lines(written, "out/dead-letters/");
        assertThat(results.keySet()).containsExactlyInAnyOrderElementsOf(good);
        assertThat(deadLetters.keySet()).containsExactlyInAnyOrderElementsOf(bad.keySet());
        bad.forEach((id, reason) -> assertThat(deadLetters.get(id).get("reason").asText()).as(id).isEqualTo(reason));
        assertThat(results.get("b-7").get("embedding")).hasSize(384);
        assertThat(results.get("nested-3").get("embedding")).hasSize(384);
    }

    private static String request(String id, String text) {
        return "{\"id\": \"" + id + "\", \"text\": \"" + text + "\"}";
    }

    /** Every line of the part files under {@code prefix}, read through S3, by id; an id seen twice fails. */
    private Map<String, JsonNode> lines(List<String> keys, String prefix) throws Exception {
        Map<String, JsonNode> byId = new HashMap<>();
        for (String key : keys.stream().filter(k -> k.startsWith(prefix)).toList()) {
            for (String line : new String(s3.get(BUCKET, key), StandardCharsets.UTF_8).split("\n")) {
                JsonNode node = JSON.readTree(line);
                JsonNode before = byId.put(node.get("id").asText(), node);
                assertThat(before).as("a second line for " + node.get("id")).isNull();
            }
        }
        return byId;
    }
}
