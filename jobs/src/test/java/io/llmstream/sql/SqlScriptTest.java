package io.llmstream.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlScriptTest {
    @Test
    void splitsAtSemicolonsEndingALineAndFillsPlaceholders() {
        String script = "-- a comment; not a statement\nCREATE TABLE t (a STRING)\nWITH ('topic' = '${input-topic}');\n\n"
                + "INSERT INTO u SELECT 'x;y' FROM t;\n";

        assertThat(SqlScript.statements(script, Map.of("input-topic", "in")))
                .containsExactly("CREATE TABLE t (a STRING)\nWITH ('topic' = 'in')", "INSERT INTO u SELECT 'x;y' FROM t");
    }

    @Test
    void unknownPlaceholderIsNamed() {
        assertThatThrownBy(() -> SqlScript.statements("SELECT '${topic}';", Map.of("input-topic", "in")))
                .hasMessage("the script uses ${topic}, which has no value; known: ${input-topic}");
    }
}
