package io.llmstream.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SQL script as the {@code sql} command runs it: {@code ${name}} placeholders replaced,
 * {@code --} comments dropped, split into statements at semicolons that end a line.
 */
public final class SqlScript {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z-]+)}");

    private SqlScript() {}

    /**
     * The statements of {@code script}.
     *
     * @throws IllegalArgumentException naming a placeholder that has no value
     */
    public static List<String> statements(String script, Map<String, String> values) {
        StringBuilder current = new StringBuilder();
        List<String> statements = new ArrayList<>();
        for (String line : script.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--")) {
                continue;
            }
            current.append(substitute(line, values)).append('\n');
            if (trimmed.endsWith(";")) {
                add(statements, current);
            }
        }
        add(statements, current);
        return statements;
    }

    private static void add(List<String> statements, StringBuilder current) {
        String statement = current.toString().strip();
        if (statement.endsWith(";")) {
            statement = statement.substring(0, statement.length() - 1).strip();
        }
        if (!statement.isEmpty()) {
            statements.add(statement);
        }
        current.setLength(0);
    }

    private static String substitute(String line, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(line);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("the script uses ${" + m.group(1) + "}, which has no value; known: ${"
                        + String.join("}, ${", values.keySet()) + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
