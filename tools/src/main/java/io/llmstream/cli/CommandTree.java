package io.llmstream.cli;

import io.llmstream.job.OptionDocs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Builds the picocli command tree of {@code llm-stream} from {@link CommandDefinition}s. Each
 * command gets {@code -h/--help}, its own options, and, when it runs the pipeline, one option per
 * job setting (taken from {@link OptionDocs#all()} at run time, so renamed or added settings need no
 * change here) plus the {@link Shorthands}. Every option takes its value as {@code --key=value}
 * or {@code --key value}.
 */
final class CommandTree {
    static final String ROOT = "llm-stream";
    /** Synopsis lines fit 80 columns after the heading "Usage: ". */
    private static final int SYNOPSIS_WIDTH = 70;

    /** What a parsed option stands for: a command's own option, or a pipeline setting. */
    record Target(String ownName, String settingKey) {
        static Target own(String name) {
            return new Target(name, null);
        }

        static Target setting(String key) {
            return new Target(null, key);
        }
    }

    private CommandTree() {}

    /** The root command with {@code commands} as its subcommands, plus {@code help} and {@code completion}. */
    static CommandLine build(List<CommandDefinition> commands) {
        CommandSpec root = CommandSpec.wrapWithoutInspection(CommandDefinition.group(ROOT, List.of(), commands));
        root.name(ROOT).version(ROOT + " " + Version.current());
        root.usageMessage()
                .description("Batch LLM/NLP enrichment of text as a stream: Kafka, Flink and ONNX Runtime.")
                .customSynopsis(ROOT + " <command> [OPTIONS]")
                .footer("%nRun 'llm-stream <command> --help' for a command's options, 'llm-stream completion' for"
                        + " a bash/zsh completion script.%nExit codes: 0 ok, 1 not every input accounted for or a"
                        + " failure, 2 usage or configuration error.");
        common(root);
        root.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).description("print the version and exit").build());
        root.addOption(help());
        CommandLine line = new CommandLine(root);
        for (CommandDefinition c : commands) {
            line.addSubcommand(c.name(), command(c, ROOT + " " + c.name()));
        }
        line.addSubcommand("help", helpCommand());
        line.addSubcommand("completion", completionCommand());
        line.setExpandAtFiles(false);
        line.setOverwrittenOptionsAllowed(true);
        return line;
    }

    private static CommandLine command(CommandDefinition definition, String qualifiedName) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(definition);
        spec.name(definition.name());
        common(spec);
        spec.usageMessage().description(paragraphs(definition.description()));
        Set<String> taken = new HashSet<>();
        List<String> synopsis = new ArrayList<>();
        for (CommandOption o : definition.options()) {
            spec.addOption(OptionSpec.builder("--" + o.name()).paramLabel(o.label()).arity("1").type(String.class)
                    .description(escape(o.description())).userObject(Target.own(o.name())).build());
            taken.add(o.name());
            String shown = "--" + o.name() + " " + o.label();
            synopsis.add(o.required() ? shown : "[" + shown + "]");
        }
        spec.addOption(help());
        if (definition.pipelineSettings()) {
            List<OptionSpec> shorthands = new ArrayList<>();
            List<OptionSpec> settings = settings(taken, shorthands);
            shorthands.forEach(spec::addOption);
            settings.forEach(spec::addOption);
            synopsis.add("[--<shorthand> VALUE ...]");
            synopsis.add("[--<setting.key> VALUE ...]");
            Map<String, CommandLine.IHelpSectionRenderer> sections = new LinkedHashMap<>(spec.usageMessage().sectionMap());
            sections.put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, h -> optionList(h, shorthands, settings));
            spec.usageMessage().sectionMap(sections);
        }
        CommandLine line = new CommandLine(spec);
        if (definition.subcommands().isEmpty()) {
            spec.usageMessage().customSynopsis(wrap(qualifiedName, synopsis));
        } else {
            spec.usageMessage().customSynopsis(qualifiedName + " <" + String.join("|",
                    definition.subcommands().stream().map(CommandDefinition::name).toList()) + "> [OPTIONS]");
            for (CommandDefinition sub : definition.subcommands()) {
                line.addSubcommand(sub.name(), command(sub, qualifiedName + " " + sub.name()));
            }
        }
        return line;
    }

    /**
     * One option per job setting and per alias key of a setting, then the shorthands not taken by
     * the command's own options or a setting of the same name (added to {@code shorthands}).
     */
    private static List<OptionSpec> settings(Set<String> taken, List<OptionSpec> shorthands) {
        Map<String, ConfigOption<?>> byKey = new LinkedHashMap<>();
        List<OptionSpec> options = new ArrayList<>();
        for (ConfigOption<?> o : OptionDocs.all()) {
            byKey.put(o.key(), o);
            if (taken.add(o.key())) {
                options.add(OptionSpec.builder("--" + o.key()).paramLabel("VALUE").arity("1").type(String.class)
                        .description(escape(OptionDocs.describe(o) + defaultOf(o))).userObject(Target.setting(o.key())).build());
            }
            for (FallbackKey alias : o.fallbackKeys()) {
                if (taken.add(alias.getKey())) {
                    options.add(OptionSpec.builder("--" + alias.getKey()).paramLabel("VALUE").arity("1").type(String.class)
                            .description(escape("the former name of --" + o.key())).userObject(Target.setting(o.key()))
                            .build());
                }
            }
        }
        for (Shorthands.Shorthand s : Shorthands.ALL) {
            ConfigOption<?> target = byKey.get(s.settingKey());
            if (target != null && taken.add(s.name())) {
                shorthands.add(OptionSpec.builder("--" + s.name()).paramLabel(s.label()).arity("1").type(String.class)
                        .description(escape("--" + target.key() + ": " + OptionDocs.describe(target) + defaultOf(target)))
                        .userObject(Target.setting(target.key())).build());
            }
        }
        return options;
    }

    /** The own options as picocli lists them, then the shorthands and the settings under their own headings. */
    private static String optionList(Help help, List<OptionSpec> shorthands, List<OptionSpec> settings) {
        List<OptionSpec> own = help.commandSpec().options().stream()
                .filter(o -> o.usageHelp() || o.userObject() instanceof Target t && t.ownName() != null).toList();
        StringBuilder text = new StringBuilder(help.optionListExcludingGroups(own));
        text.append(String.format("%nShorthands (declared once for every command that runs the pipeline):%n"));
        text.append(help.optionListExcludingGroups(shorthands));
        text.append(String.format("%nPipeline settings (also from --config PIPELINE.yaml; arguments override it):%n"));
        text.append(help.optionListExcludingGroups(settings));
        Help.Layout prefixes = help.createDefaultLayout();
        for (Shorthands.Prefix p : Shorthands.PREFIXES) {
            prefixes.addOption(OptionSpec.builder("--" + p.prefix() + p.label()).paramLabel("VALUE").arity("1")
                    .description(escape(p.description())).build(), help.parameterLabelRenderer());
        }
        return text.append(prefixes).toString();
    }

    private static String defaultOf(ConfigOption<?> option) {
        if (!option.hasDefaultValue() || option.defaultValue() == null) {
            return "";
        }
        Object v = option.defaultValue();
        return " [default: " + (v instanceof Duration ? TimeUtils.formatWithHighestUnit((Duration) v) : v) + "]";
    }

    private static OptionSpec help() {
        return OptionSpec.builder("-h", "--help").usageHelp(true).description("show this help and exit").build();
    }

    private static CommandLine helpCommand() {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(CommandDefinition.group("help", List.of(), List.of()));
        common(spec);
        spec.usageMessage().description("Show the help of llm-stream, or of a command.").customSynopsis(ROOT + " help [COMMAND ...]");
        spec.addPositional(PositionalParamSpec.builder().arity("0..*").paramLabel("COMMAND").type(String[].class)
                .description("a command, e.g. 'demo' or 'cluster start'").build());
        spec.addOption(help());
        return new CommandLine(spec);
    }

    private static CommandLine completionCommand() {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(CommandDefinition.group("completion", List.of(), List.of()));
        common(spec);
        spec.usageMessage()
                .description("Print a bash/zsh completion script: commands, options and settings.",
                        "Load it with: source <(bin/llm-stream completion)")
                .customSynopsis(ROOT + " completion");
        spec.addOption(help());
        return new CommandLine(spec);
    }

    private static void common(CommandSpec spec) {
        spec.interpolateVariables(false);
        spec.usageMessage().autoWidth(true).sortOptions(false);
    }

    /** The synopsis as lines of at most {@link #SYNOPSIS_WIDTH} characters, continued lines indented. */
    private static String[] wrap(String name, List<String> parts) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(name);
        String indent = " ".repeat(8);
        for (String p : parts) {
            if (line.length() > indent.length() && line.length() + 1 + p.length() > SYNOPSIS_WIDTH) {
                lines.add(escape(line.toString()));
                line = new StringBuilder(indent).append(p);
            } else {
                line.append(' ').append(p);
            }
        }
        lines.add(escape(line.toString()));
        return lines.toArray(String[]::new);
    }

    /** The first line (what the command list shows) and the rest as one paragraph, which picocli wraps. */
    private static String[] paragraphs(List<String> lines) {
        List<String> escaped = escape(lines);
        return escaped.size() <= 1 ? escaped.toArray(String[]::new)
                : new String[] {escaped.get(0), String.join(" ", escaped.subList(1, escaped.size()))};
    }

    /** picocli formats descriptions with {@link String#format}: a literal '%' must be doubled. */
    private static String escape(String text) {
        return text.replace("%", "%%");
    }

    private static List<String> escape(List<String> lines) {
        return lines.stream().map(CommandTree::escape).toList();
    }
}
