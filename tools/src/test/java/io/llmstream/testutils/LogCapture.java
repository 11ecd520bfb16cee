package io.llmstream.testutils;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures what log4j2 logs while open: every logger at INFO (what a deployment logs by default)
 * and llm-stream's own at DEBUG, messages and stack traces, instead of the console. Restores the
 * test configuration on close.
 */
public final class LogCapture implements AutoCloseable {
    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final Map<String, Level> levels = new HashMap<>();
    private final Map<String, Appender> rootAppenders;
    private final Level rootLevel;
    private final Appender appender;

    private LogCapture() {
        Configuration config = context.getConfiguration();
        LoggerConfig root = config.getRootLogger();
        rootAppenders = new HashMap<>(root.getAppenders());
        rootLevel = root.getLevel();
        appender = new AbstractAppender("log-capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                StringBuilder line = new StringBuilder(event.getLevel() + " " + event.getLoggerName() + " - "
                        + event.getMessage().getFormattedMessage());
                if (event.getThrown() != null) {
                    StringWriter trace = new StringWriter();
                    event.getThrown().printStackTrace(new PrintWriter(trace));
                    line.append('\n').append(trace);
                }
                lines.add(line.toString());
            }
        };
        appender.start();
        rootAppenders.keySet().forEach(root::removeAppender);
        root.addAppender(appender, null, null);
        config.getLoggers().forEach((name, logger) -> {
            levels.put(name, logger.getLevel());
            logger.setLevel(name.startsWith("io.llmstream") ? Level.DEBUG : Level.INFO);
        });
        root.setLevel(Level.INFO);
        context.updateLoggers();
    }

    /** Starts capturing. */
    public static LogCapture start() {
        return new LogCapture();
    }

    /** What was logged so far, one entry per event. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Everything logged so far as one text. */
    public String text() {
        return String.join("\n", lines);
    }

    @Override
    public void close() {
        Configuration config = context.getConfiguration();
        LoggerConfig root = config.getRootLogger();
        // levels first, so that nothing logged meanwhile reaches the console at the capture's levels
        config.getLoggers().forEach((name, logger) -> logger.setLevel(levels.getOrDefault(name, logger.getLevel())));
        root.setLevel(rootLevel);
        context.updateLoggers();
        root.removeAppender(appender.getName());
        rootAppenders.values().forEach(a -> root.addAppender(a, null, null));
        context.updateLoggers();
        appender.stop();
    }
}
