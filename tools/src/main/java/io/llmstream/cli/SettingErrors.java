package io.llmstream.cli;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * Rewrites a configuration error that names a setting key (as the job's validation does, e.g.
 * {@code input.format = 'xml' is not an input format; ...}) so that it names the option the user
 * typed for it instead ({@code --format: 'xml' is not an input format; ...}). Errors about settings
 * that came from a pipeline spec keep the key, which is what the spec says.
 */
final class SettingErrors {
    private SettingErrors() {}

    /** {@code message} with its leading setting key replaced by the option typed for it, if any. */
    static String named(String message, Args args) {
        if (message == null) {
            return null;
        }
        Optional<Map.Entry<String, String>> key = args.typedOptions().entrySet().stream()
                .filter(e -> message.startsWith(e.getKey()) && message.length() > e.getKey().length()
                        && " :".indexOf(message.charAt(e.getKey().length())) >= 0)
                .max(Comparator.comparingInt(e -> e.getKey().length()));
        if (key.isEmpty()) {
            return message;
        }
        String rest = message.substring(key.get().getKey().length());
        if (rest.startsWith(" = ")) {
            rest = ": " + rest.substring(3);
        }
        return key.get().getValue() + rest;
    }
}
