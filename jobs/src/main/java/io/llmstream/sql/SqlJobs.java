package io.llmstream.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * Runs the statements of a SQL script, as {@link SqlScript} splits them, in a fresh table
 * environment on a stream environment, and returns the jobs its {@code INSERT INTO}s started.
 * Shared by the {@code sql} command and the bench's SQL variant, so both run a script the same way.
 */
public final class SqlJobs {
    private SqlJobs() {}

    /**
     * Executes every statement of {@code script} with its {@code ${name}} placeholders replaced.
     *
     * @param echo told each statement before it runs
     * @return the jobs started, in statement order; empty when the script has no {@code INSERT INTO}
     * @throws IllegalArgumentException naming a placeholder that has no value
     */
    public static List<JobClient> submit(StreamExecutionEnvironment env, String script, Map<String, String> placeholders,
            Consumer<String> echo) {
        List<String> statements = SqlScript.statements(script, placeholders);
        StreamTableEnvironment tables = StreamTableEnvironment.create(env);
        List<JobClient> jobs = new ArrayList<>();
        for (String statement : statements) {
            echo.accept(statement);
            TableResult result = tables.executeSql(statement);
            result.getJobClient().ifPresent(jobs::add);
        }
        return jobs;
    }
}
