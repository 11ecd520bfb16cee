package io.llmstream.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.testutils.TinyEncoderExport;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models are checked when a query using them is planned: options, input and output columns, with
 * messages naming what is wrong and what is allowed. Planning only; no job runs.
 */
class OnnxModelProviderFactoryTest {
    private TableEnvironment tables;

    @BeforeEach
    void tables() {
        tables = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        tables.executeSql("CREATE TEMPORARY VIEW docs AS SELECT * FROM (VALUES ('1', 'a text', 7)) AS t(id, text, n)");
    }

    private String plan(String model) {
        return plan(model, "text");
    }

    private String plan(String model, String inputColumn) {
        tables.executeSql("DROP TEMPORARY MODEL IF EXISTS m");
        tables.executeSql("CREATE TEMPORARY MODEL m " + model);
        return tables.explainSql("SELECT * FROM ML_PREDICT(TABLE docs, MODEL m, DESCRIPTOR(" + inputColumn + "))");
    }

    @Test
    void embedModelPlansAsAnAsyncPrediction() {
        String plan = plan("INPUT (text STRING) OUTPUT (embedding ARRAY<FLOAT>, error_reason STRING)"
                + " WITH ('provider' = 'onnx', 'task' = 'embed', 'batching.max-batch-size' = '16')");

        assertThat(plan).contains("MLPredictTableFunction");
    }

    @Test
    void unknownTaskNamesTheAllowedOnes() {
        assertThatThrownBy(() -> plan("INPUT (text STRING) OUTPUT (embedding ARRAY<FLOAT>)"
                        + " WITH ('provider' = 'onnx', 'task' = 'translate')"))
                .hasStackTraceContaining("'task' = 'translate' is not a task; allowed: embed, summarize, classify, keywords");
    }

    @Test
    void unknownOptionIsRefused() {
        assertThatThrownBy(() -> plan("INPUT (text STRING) OUTPUT (embedding ARRAY<FLOAT>)"
                        + " WITH ('provider' = 'onnx', 'task' = 'embed', 'batching.max-batch-sise' = '8')"))
                .hasStackTraceContaining("Unsupported options")
                .hasStackTraceContaining("batching.max-batch-sise");
    }

    @Test
    void jobSettingsAreValidatedAsTheJobValidatesThem() {
        assertThatThrownBy(() -> plan("INPUT (text STRING) OUTPUT (embedding ARRAY<FLOAT>)"
                        + " WITH ('provider' = 'onnx', 'task' = 'embed', 'chunking.mode' = 'split')"))
                .hasStackTraceContaining("model 'default_catalog.default_database.m': chunking.mode = 'split' is not allowed;"
                        + " allowed: chunk, truncate");
        assertThatThrownBy(() -> plan("INPUT (text STRING) OUTPUT (embedding ARRAY<FLOAT>)"
                        + " WITH ('provider' = 'onnx', 'task' = 'embed', 'model' = 'gpt-5')"))
                .hasStackTraceContaining("model.id")
                .hasStackTraceContaining("gpt-5");
    }

    @Test
    void aModelFolderIsNamedWithModelPathAndNotTogetherWithModel(@TempDir Path tmp) throws Exception {
        Path dir = new TinyEncoderExport(3).writeSentenceTransformers(tmp.resolve("tiny-e5"), "pooling_mode_mean_tokens",
                true, 128, "{\"query\": \"query: \", \"passage\": \"passage: \"}");
        String options = " WITH ('provider' = 'onnx', 'task' = 'embed', 'model.path' = '" + dir + "'";

        assertThat(plan("INPUT (text STRING) OUTPUT (embedding ARRAY<FLOAT>)" + options + ")")).contains("MLPredictTableFunction");
        assertThat(OnnxModelOptions.settings(Map.of("task", "embed", "model.path", dir.toString())).model().documentPrefix())
                .isEqualTo("passage: ");
        assertThatThrownBy(() -> plan("INPUT (text STRING) OUTPUT (embedding ARRAY<FLOAT>)" + options
                        + ", 'model' = 'all-minilm-l6-v2-q')"))
                .hasStackTraceContaining("'model' and 'model.path' are both set");
    }

    @Test
    void outputColumnsMustBeOnesTheTaskProduces() {
        assertThatThrownBy(() -> plan("INPUT (text STRING) OUTPUT (embedding ARRAY<FLOAT>, vector ARRAY<FLOAT>)"
                        + " WITH ('provider' = 'onnx', 'task' = 'embed')"))
                .hasStackTraceContaining("OUTPUT column 'vector' is not produced by the onnx provider; allowed: embedding ARRAY<FLOAT>");
        assertThatThrownBy(() -> plan("INPUT (text STRING) OUTPUT (embedding ARRAY<FLOAT>, label STRING)"
                        + " WITH ('provider' = 'onnx', 'task' = 'embed')"))
                .hasStackTraceContaining("OUTPUT column 'label' needs 'task' = 'classify', but the model's task is 'embed'");
        assertThatThrownBy(() -> plan("INPUT (text STRING) OUTPUT (embedding ARRAY<DOUBLE>)"
                        + " WITH ('provider' = 'onnx', 'task' = 'embed')"))
                .hasStackTraceContaining("OUTPUT column 'embedding' is ARRAY<DOUBLE>; allowed: ARRAY<FLOAT>");
        assertThatThrownBy(() -> plan("INPUT (text STRING) OUTPUT (embedding ARRAY<FLOAT>)"
                        + " WITH ('provider' = 'onnx', 'task' = 'classify', 'classify.labels.a' = 'one', 'classify.labels.b' = 'two')"))
                .hasStackTraceContaining("a model with 'task' = 'classify' needs the OUTPUT column label STRING");
    }

    @Test
    void inputIsOneTextColumn() {
        assertThatThrownBy(() -> plan("INPUT (n INT) OUTPUT (embedding ARRAY<FLOAT>)"
                        + " WITH ('provider' = 'onnx', 'task' = 'embed')", "n"))
                .hasStackTraceContaining("INPUT must be one text column, e.g. INPUT (text STRING); found [`n` INT]");
    }

    @Test
    void columnsComeFromTheTasksResultFields() {
        assertThat(plan("INPUT (text STRING) OUTPUT (summary STRING, tokens INT, chunk_embeddings ARRAY<ARRAY<FLOAT>>)"
                + " WITH ('provider' = 'onnx', 'task' = 'summarize', 'summarize.sentences' = '2',"
                + " 'chunking.emit-chunk-embeddings' = 'true')")).contains("MLPredictTableFunction");
        assertThatThrownBy(() -> plan("INPUT (text STRING) OUTPUT (tokens INT) WITH ('provider' = 'onnx', 'task' = 'summarize')"))
                .hasStackTraceContaining("a model with 'task' = 'summarize' needs the OUTPUT column summary STRING");
        assertThatThrownBy(() -> plan("INPUT (text STRING) OUTPUT (embedding ARRAY<FLOAT>)"
                        + " WITH ('provider' = 'onnx', 'task' = 'embed', 'summarize.mode' = 'generative')"))
                .hasStackTraceContaining("summarize.mode = 'generative' is not allowed")
                .hasStackTraceContaining("extractive, abstractive");
    }

    @Test
    void aKeywordsModelHasAKeywordsColumnOfTextsAndScores() {
        assertThat(plan("INPUT (text STRING) OUTPUT (keywords ARRAY<ROW<text STRING, score FLOAT>>, error_reason STRING)"
                + " WITH ('provider' = 'onnx', 'task' = 'keywords', 'keywords.top-k' = '3')")).contains("MLPredictTableFunction");
        assertThatThrownBy(() -> plan("INPUT (text STRING) OUTPUT (keywords ARRAY<STRING>)"
                        + " WITH ('provider' = 'onnx', 'task' = 'keywords')"))
                .hasStackTraceContaining("OUTPUT column 'keywords' is ARRAY<STRING>; allowed: ARRAY<ROW<`text` STRING, `score` FLOAT>>");
        assertThatThrownBy(() -> plan("INPUT (text STRING) OUTPUT (embedding ARRAY<FLOAT>)"
                        + " WITH ('provider' = 'onnx', 'task' = 'keywords')"))
                .hasStackTraceContaining("a model with 'task' = 'keywords' needs the OUTPUT column keywords ARRAY<ROW<`text` STRING, `score` FLOAT>>");
        assertThatThrownBy(() -> plan("INPUT (text STRING) OUTPUT (keywords ARRAY<ROW<text STRING, score FLOAT>>)"
                        + " WITH ('provider' = 'onnx', 'task' = 'keywords', 'keywords.diversity' = '2')"))
                .hasStackTraceContaining("keywords.diversity = 2.0 is out of range; allowed: 0..1");
    }

    @Test
    void compactVectorsAreSettingsOfTheModelAndTheirEncodingAColumn() {
        assertThat(plan("INPUT (text STRING) OUTPUT (embedding ARRAY<FLOAT>, embedding_encoding STRING)"
                + " WITH ('provider' = 'onnx', 'task' = 'embed', 'embed.dimensions' = '128', 'embed.encoding' = 'int8')"))
                .contains("MLPredictTableFunction");
        assertThatThrownBy(() -> plan("INPUT (text STRING) OUTPUT (embedding_encoding INT)"
                        + " WITH ('provider' = 'onnx', 'task' = 'embed')"))
                .hasStackTraceContaining("OUTPUT column 'embedding_encoding' is INT; allowed: STRING");
        assertThatThrownBy(() -> plan("INPUT (text STRING) OUTPUT (embedding ARRAY<FLOAT>)"
                        + " WITH ('provider' = 'onnx', 'task' = 'embed', 'embed.dimensions' = '1024')"))
                .hasStackTraceContaining("embed.dimensions = 1024 is more than the 384 dimensions of model 'all-minilm-l6-v2-q'");
    }

    @Test
    void zeroShotNeedsTwoLabels() {
        assertThatThrownBy(() -> plan("INPUT (text STRING) OUTPUT (embedding ARRAY<FLOAT>, label STRING)"
                        + " WITH ('provider' = 'onnx', 'task' = 'classify', 'classify.labels.only' = 'one label')"))
                .hasStackTraceContaining("classify.labels");
    }
}
