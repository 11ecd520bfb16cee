package io.llmstream.cli;

import io.llmstream.core.model.ModelLoadException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Main class of {@code bin/llm-stream}: parses the command line with picocli and runs the command.
 * Help and the version go to stdout with exit code 0; usage mistakes go to stderr with the
 * command's short usage and exit code 2, as do configuration errors; a command's own exit code
 * (0 ok, 1 not every input accounted for) is passed on, and an unexpected failure is 1.
 */
public final class LlmStream {
    private LlmStream() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line {@code argv}, printing to {@code out} and {@code err}; returns the exit code. */
    public static int run(String[] argv, PrintStream out, PrintStream err) {
        return run(argv, Commands.all(), out, err);
    }

    static int run(String[] argv, List<CommandDefinition> commands, PrintStream out, PrintStream err) {
        CommandLine root = CommandTree.build(commands);
        root.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        root.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        root.setParameterExceptionHandler(new UsageErrors());
        root.setExecutionExceptionHandler((e, cmd, parsed) -> failure(e, cmd, err));
        PrefixedSettings prefixed;
        try {
            prefixed = PrefixedSettings.extract(argv);
        } catch (Args.UsageException e) {
            err.println("error: " + e.getMessage());
            return UsageErrors.EXIT_CODE;
        }
        root.setExecutionStrategy(parsed -> dispatch(root, parsed, prefixed, out));
        return root.execute(prefixed.remaining());
    }

    /**
     * The arguments of one command for code that runs commands directly (tests, other tools):
     * parsed exactly as on the command line, e.g. {@code args("submit", "--input", "f.jsonl")}.
     *
     * @throws Args.UsageException when the command line has a mistake
     */
    public static Args args(String command, String... argv) {
        CommandLine root = CommandTree.build(Commands.all());
        PrefixedSettings prefixed = PrefixedSettings.extract(argv);
        String[] path = command.split(" ");
        String[] all = new String[path.length + prefixed.remaining().length];
        System.arraycopy(path, 0, all, 0, path.length);
        System.arraycopy(prefixed.remaining(), 0, all, path.length, prefixed.remaining().length);
        try {
            ParseResult last = deepest(root.parseArgs(all));
            return toArgs(last, prefixed);
        } catch (ParameterException e) {
            throw new Args.UsageException(command + ": " + e.getMessage());
        }
    }

    private static int dispatch(CommandLine root, ParseResult parsed, PrefixedSettings prefixed, PrintStream out) {
        Integer helpExit = CommandLine.executeHelpRequest(parsed);
        if (helpExit != null) {
            return helpExit;
        }
        ParseResult last = deepest(parsed);
        CommandLine cmd = last.commandSpec().commandLine();
        CommandDefinition definition = (CommandDefinition) last.commandSpec().userObject();
        if (last == parsed) {
            cmd.getErr().println("error: a command is needed");
            cmd.usage(cmd.getErr());
            return UsageErrors.EXIT_CODE;
        }
        switch (definition.name()) {
            case "help":
                return help(root, last);
            case "completion":
                if (!prefixed.isEmpty()) {
                    throw new CommandLine.UnmatchedArgumentException(cmd, List.of(prefixed.firstTyped()));
                }
                out.print(AutoComplete.bash(CommandTree.ROOT, root));
                out.flush();
                return 0;
            default:
                break;
        }
        if (definition.action() == null) {
            throw new ParameterException(cmd, "a subcommand is needed: " + String.join(", ", cmd.getSubcommands().keySet()));
        }
        Args args = toArgs(last, prefixed);
        try {
            return definition.action().run(args, out);
        } catch (Exception e) {
            throw new ExecutionException(cmd, e.getMessage(), named(e, args));
        }
    }

    /** {@code llm-stream help [COMMAND ...]}: the usage of the root or of the command named. */
    private static int help(CommandLine root, ParseResult helpCommand) {
        CommandLine target = root;
        List<String> names = helpCommand.matchedPositionals().isEmpty() ? List.of()
                : List.of((String[]) helpCommand.matchedPositionals().get(0).getValue());
        for (String name : names) {
            CommandLine next = target.getSubcommands().get(name);
            if (next == null) {
                throw new CommandLine.UnmatchedArgumentException(target, List.of(name));
            }
            target = next;
        }
        target.usage(root.getOut());
        return 0;
    }

    private static ParseResult deepest(ParseResult parsed) {
        ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        return last;
    }

    /**
     * The arguments of the command {@code parsed} stands for.
     *
     * @throws CommandLine.UnmatchedArgumentException when prefixed settings were given to a command
     *     that does not take settings
     */
    private static Args toArgs(ParseResult parsed, PrefixedSettings prefixed) {
        CommandDefinition definition = (CommandDefinition) parsed.commandSpec().userObject();
        if (!definition.pipelineSettings() && !prefixed.isEmpty()) {
            throw new CommandLine.UnmatchedArgumentException(parsed.commandSpec().commandLine(),
                    List.of(prefixed.firstTyped()));
        }
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, String> typed = new LinkedHashMap<>();
        for (OptionSpec o : parsed.matchedOptions()) {
            if (o.userObject() instanceof CommandTree.Target target) {
                String value = o.getValue();
                if (target.ownName() != null) {
                    values.put(target.ownName(), value);
                } else {
                    settings.put(target.settingKey(), value);
                    typed.put(target.settingKey(), o.longestName());
                }
            }
        }
        settings.putAll(prefixed.settings());
        typed.putAll(prefixed.typed());
        return Args.of(UsageErrors.qualified(parsed.commandSpec().commandLine()), values, settings, typed);
    }

    /** A configuration error whose message names the option typed instead of the setting key. */
    private static Exception named(Exception e, Args args) {
        if (e instanceof Args.UsageException) {
            return e;
        }
        if (e instanceof IllegalArgumentException) {
            String message = SettingErrors.named(e.getMessage(), args);
            return message.equals(e.getMessage()) ? e : new IllegalArgumentException(message, e);
        }
        return e;
    }

    private static int failure(Exception e, CommandLine cmd, PrintStream err) {
        if (e instanceof Args.UsageException) {
            err.println("error: " + e.getMessage());
            PrintWriter w = new PrintWriter(err, true, StandardCharsets.UTF_8);
            UsageErrors.shortUsage(cmd, w);
            w.flush();
            return UsageErrors.EXIT_CODE;
        }
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException || e instanceof ModelLoadException) {
            err.println("error: " + e.getMessage());
            return UsageErrors.EXIT_CODE;
        }
        err.println("error: " + e);
        e.printStackTrace(err);
        return 1;
    }
}
