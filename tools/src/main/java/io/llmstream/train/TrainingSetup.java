package io.llmstream.train;

import io.llmstream.cli.Args;
import io.llmstream.core.embed.EmbedTask;
import io.llmstream.job.JobOptions;
import io.llmstream.job.JobSettings;
import java.util.Map;

/** Job settings for train-head and eval-classify: a pipeline spec, if given, with the command's overrides. */
final class TrainingSetup {
    private TrainingSetup() {}

    /**
     * Reads {@code --config} and applies the settings given as options on top ({@code --model},
     * {@code --max-tokens}, {@code --chunking}, {@code --preprocess}, any {@code --<setting.key>}),
     * so that texts are embedded exactly as the pipeline will embed them; only the embedding runs.
     */
    static Map<String, String> settings(Args args) {
        Map<String, String> settings = args.settingsOver(Map.of());
        settings.put(JobOptions.TASKS.key(), EmbedTask.NAME);
        return settings;
    }

    static JobSettings job(Map<String, String> settings) {
        return JobSettings.from(settings);
    }

    static double doubleValue(Args args, String name, double defaultValue) {
        String v = args.get(name).orElse(null);
        if (v == null) {
            return defaultValue;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (!(d >= 0)) {
                throw new Args.UsageException("--" + name + " = " + v + " is out of range; allowed: >= 0");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new Args.UsageException("--" + name + " = '" + v + "' is not a number");
        }
    }
}
