package io.llmstream.core.text;

import io.llmstream.core.config.OptionReader;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

/** What the models see of each text. */
public final class TextOptions {

    public static final ConfigOption<MailText.Mode> PREPROCESS = ConfigOptions.key("text.preprocess")
            .enumType(MailText.Mode.class)
            .defaultValue(MailText.Mode.RAW)
            .withDescription("What the models see of each text.");

    private TextOptions() {}

    /**
     * The validated preprocessing mode.
     *
     * @throws IllegalArgumentException naming the key, the value and what is allowed
     */
    public static MailText.Mode preprocess(ReadableConfig config) {
        return OptionReader.of(config).enumValue(PREPROCESS);
    }
}
