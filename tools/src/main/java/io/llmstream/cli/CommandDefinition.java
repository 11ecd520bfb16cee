package io.llmstream.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * A command of {@code llm-stream}: its name, what it does, its own options, whether it takes the
 * pipeline settings, and what runs it (or its subcommands, as {@code cluster start|stop|status}).
 *
 * @param name the command's name
 * @param description one or more lines for the help
 * @param options the command's own options
 * @param pipelineSettings whether it accepts every pipeline setting as {@code --<setting.key>}, the
 *     shorthands and the prefixed settings
 * @param action what runs it; null for a command that only groups subcommands
 * @param subcommands its subcommands
 */
public record CommandDefinition(String name, List<String> description, List<CommandOption> options,
        boolean pipelineSettings, Action action, List<CommandDefinition> subcommands) {

    /** Runs a command on its parsed arguments and returns the exit code. */
    @FunctionalInterface
    public interface Action {
        int run(Args args, PrintStream out) throws Exception;
    }

    /** A command without subcommands. */
    public static CommandDefinition of(String name, List<String> description, List<CommandOption> options,
            boolean pipelineSettings, Action action) {
        return new CommandDefinition(name, description, options, pipelineSettings, action, List.of());
    }

    /** A command that only groups {@code subcommands}. */
    public static CommandDefinition group(String name, List<String> description, List<CommandDefinition> subcommands) {
        return new CommandDefinition(name, description, List.of(), false, null, subcommands);
    }
}
