package io.llmstream.cli;

/**
 * One option a command declares for itself, such as {@code demo --input FILE.jsonl}.
 *
 * @param name the option's name without dashes
 * @param label what the value looks like, shown in usage
 * @param description one line for the help
 * @param required whether the synopsis shows it as required (the command itself checks it, since
 *     some modes of a command need it and others do not)
 */
public record CommandOption(String name, String label, String description, boolean required) {

    /** An option the command can do without. */
    public static CommandOption optional(String name, String label, String description) {
        return new CommandOption(name, label, description, false);
    }

    /** An option the synopsis shows as required. */
    public static CommandOption required(String name, String label, String description) {
        return new CommandOption(name, label, description, true);
    }
}
