package io.llmstream.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How a command-line mistake is shown: {@code error: ...} naming what was typed, the closest known
 * options or commands ("did you mean"), and the short usage of that command, all on stderr; exit
 * code 2.
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {
    static final int EXIT_CODE = 2;

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        if (ex instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String typed = unmatched.getUnmatched().get(0);
            boolean option = typed.startsWith("-");
            String name = option && typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
            List<String> known = new ArrayList<>(option ? cmd.getCommandSpec().optionsMap().keySet()
                    : cmd.getCommandSpec().subcommands().keySet());
            String what = option ? "unknown option" : cmd.getSubcommands().isEmpty() ? "unexpected argument" : "unknown command";
            err.println("error: " + prefix(cmd) + what + " '" + name + "'");
            List<String> suggestions = DidYouMean.suggest(name, known);
            if (!suggestions.isEmpty()) {
                err.println("did you mean " + (suggestions.size() == 1 ? suggestions.get(0)
                        : "one of " + String.join(", ", suggestions)) + "?");
            }
        } else {
            err.println("error: " + prefix(cmd) + ex.getMessage());
        }
        shortUsage(cmd, err);
        err.flush();
        return EXIT_CODE;
    }

    /** The command's synopsis and where to find the rest. */
    static void shortUsage(CommandLine cmd, PrintWriter err) {
        CommandLine.Help help = cmd.getHelp();
        err.print(help.synopsisHeading() + help.synopsis(help.synopsisHeadingLength()));
        err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for all options.");
    }

    private static String prefix(CommandLine cmd) {
        return cmd.getParent() == null ? "" : qualified(cmd) + ": ";
    }

    /** The command as the user typed it, without the program's name: {@code demo}, {@code cluster start}. */
    static String qualified(CommandLine cmd) {
        String name = cmd.getCommandSpec().qualifiedName();
        return name.startsWith(CommandTree.ROOT + " ") ? name.substring(CommandTree.ROOT.length() + 1) : name;
    }
}
