package io.llmstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmstream.job.OptionDocs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

/**
 * The command line as a user types it: the real command table, with each command's action
 * replaced by one that records the arguments it was given.
 */
class LlmStreamTest {
    private final List<Args> ran = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... argv) {
        return LlmStream.run(argv, recording(Commands.all()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<CommandDefinition> recording(List<CommandDefinition> commands) {
        return commands.stream().map(c -> new CommandDefinition(c.name(), c.description(), c.options(), c.pipelineSettings(),
                c.action() == null ? null : (args, printTo) -> {
                    ran.add(args);
                    return 0;
                }, recording(c.subcommands()))).toList();
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Args onlyRun() {
        assertThat(ran).as(err()).hasSize(1);
        return ran.get(0);
    }

    @Test
    void optionsTakeTheirValueAfterAnEqualsSignOrAsTheNextArgument() {
        assertThat(run("demo", "--input=texts.jsonl", "--output", "results.jsonl", "--parallelism=2")).isZero();

        Args args = onlyRun();
        assertThat(args.command()).isEqualTo("demo");
        assertThat(args.get("input")).contains("texts.jsonl");
        assertThat(args.get("output")).contains("results.jsonl");
        assertThat(args.intValue("parallelism", 1, 1)).isEqualTo(2);
        assertThat(args.settings()).isEmpty();
    }

    @Test
    void aShorthandSetsItsSettingAndRemembersHowItWasTyped() {
        assertThat(run("demo", "--format", "json", "--model=bge-small-zh-v1.5-q", "--max-tokens", "128")).isZero();

        Args args = onlyRun();
        assertThat(args.settings()).containsExactly(Map.entry("input.format", "json"),
                Map.entry("model.id", "bge-small-zh-v1.5-q"), Map.entry("model.max-tokens", "128"));
        assertThat(args.typedOption("input.format")).contains("--format");
        assertThat(args.typedOption("model.id")).contains("--model");
    }

    @Test
    void everyPipelineSettingIsAnOptionOfEveryCommandThatRunsThePipeline() {
        for (String command : List.of("demo", "run", "serve", "embed-server", "submit", "bench", "embed-load", "soak",
                "train-head", "eval-classify", "cluster start")) {
            for (ConfigOption<?> option : OptionDocs.all()) {
                ran.clear();
                List<String> argv = new ArrayList<>(List.of(command.split(" ")));
                argv.add("--" + option.key() + "=some value");
                assertThat(run(argv.toArray(String[]::new))).as("%s --%s: %s", command, option.key(), err()).isZero();
                assertThat(onlyRun().settings()).containsEntry(option.key(), "some value");
            }
        }
    }

    @Test
    void aSettingKeyTakesItsValueEitherWay() {
        assertThat(run("run", "--batching.max-delay", "10 ms", "--kafka.bootstrap-servers=broker:9092")).isZero();

        assertThat(onlyRun().settings()).containsEntry("batching.max-delay", "10 ms")
                .containsEntry("properties.bootstrap.servers", "broker:9092");
    }

    @Test
    void prefixedSettingsPassAnyKafkaPropertyAndLabel() {
        assertThat(run("submit", "--kafka.properties.security.protocol", "SASL_SSL", "--properties.sasl.mechanism=PLAIN",
                "--classify.labels.sports", "games and teams", "--job", "j")).isZero();

        Args args = onlyRun();
        assertThat(args.settings()).containsEntry("kafka.properties.security.protocol", "SASL_SSL")
                .containsEntry("properties.sasl.mechanism", "PLAIN")
                .containsEntry("classify.labels.sports", "games and teams");
        assertThat(args.typedOption("properties.sasl.mechanism")).contains("--properties.sasl.mechanism");
        assertThat(args.get("job")).contains("j");
    }

    @Test
    void aPrefixedSettingWithoutAValueIsAUsageError() {
        assertThat(run("run", "--kafka.properties.security.protocol")).isEqualTo(2);

        assertThat(err()).contains("error: --kafka.properties.security.protocol needs a value");
        assertThat(ran).isEmpty();
    }

    @Test
    void aCommandWithoutPipelineSettingsRefusesThem() {
        assertThat(run("sql", "--model", "x")).isEqualTo(2);
        assertThat(err()).contains("error: sql: unknown option '--model'");

        err.reset();
        assertThat(run("sql", "--kafka.properties.security.protocol", "SSL")).isEqualTo(2);
        assertThat(err()).contains("error: sql: unknown option '--kafka.properties.security.protocol'");
        assertThat(ran).isEmpty();
    }

    @Test
    void aMisspelledOptionGetsASuggestionAndTheShortUsageOnStderr() {
        assertThat(run("demo", "--modle", "x")).isEqualTo(2);

        assertThat(err()).contains("error: demo: unknown option '--modle'", "did you mean --model?",
                "Usage: llm-stream demo [--input FILE.jsonl]", "Run 'llm-stream demo --help' for all options.");
        assertThat(err()).doesNotContain("--batching.max-delay");
        assertThat(out()).isEmpty();
        assertThat(ran).isEmpty();
    }

    @Test
    void aMisspelledOptionWithAnEqualsSignIsNamedWithoutItsValue() {
        assertThat(run("demo", "--fromat=json")).isEqualTo(2);

        assertThat(err()).contains("unknown option '--fromat'", "did you mean --format?");
    }

    @Test
    void aMisspelledSettingKeyGetsTheKey() {
        assertThat(run("run", "--batching.max-dealy", "10 ms")).isEqualTo(2);

        assertThat(err()).contains("unknown option '--batching.max-dealy'", "--batching.max-delay");
    }

    @Test
    void aSettingWithoutItsPluralIsNotTakenForAnotherOneAndGetsTheSetting() {
        assertThat(run("run", "--task", "embed")).isEqualTo(2);

        assertThat(err()).contains("error: run: unknown option '--task'", "did you mean --tasks?");
        assertThat(ran).isEmpty();
    }

    @Test
    void aMisspelledCommandGetsASuggestion() {
        assertThat(run("dmeo")).isEqualTo(2);

        assertThat(err()).contains("error: unknown command 'dmeo'", "did you mean demo?");
        assertThat(out()).isEmpty();
    }

    @Test
    void helpOnEveryCommandGoesToStdoutWithExitZero() {
        assertThat(run("demo", "-h")).isZero();
        assertThat(out()).contains("Usage: llm-stream demo", "--input=FILE.jsonl", "--format=FORMAT",
                "--batching.max-delay=VALUE", "--kafka.properties.<property>=VALUE");
        assertThat(err()).isEmpty();

        out.reset();
        assertThat(run("cluster", "start", "--help")).isZero();
        assertThat(out()).contains("Usage: llm-stream cluster start", "--task-managers=N");

        out.reset();
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("demo", "submit", "train-head", "completion");
        assertThat(ran).isEmpty();
    }

    @Test
    void theHelpCommandShowsTheHelpOfTheCommandNamed() {
        assertThat(run("help", "cluster", "stop")).isZero();

        assertThat(out()).contains("Usage: llm-stream cluster stop [--dir D]");
        assertThat(err()).isEmpty();
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(run()).isEqualTo(2);

        assertThat(err()).contains("error: a command is needed", "Usage: llm-stream <command>");
        assertThat(out()).isEmpty();
    }

    @Test
    void theVersionComesFromTheBuild() {
        assertThat(run("--version")).isZero();

        assertThat(out().trim()).matches("llm-stream \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void theCompletionScriptCompletesCommandsAndSettings() {
        assertThat(run("completion")).isZero();

        assertThat(out()).contains("complete -F _complete_llm-stream", "train-head", "--batching.max-delay", "--format");
    }

    @Test
    void aMissingValueIsAUsageErrorNamingTheOption() {
        assertThat(run("demo", "--input")).isEqualTo(2);

        assertThat(err()).contains("error: demo: ", "'--input'", "Usage: llm-stream demo");
    }
}
