package io.llmstream.core.model;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a model file lives: {@code classpath:some/resource.onnx} (for models shipped in jars) or
 * {@code file:/absolute/or/relative/path.onnx}.
 */
public final class ModelSource implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final String CLASSPATH = "classpath:";
    private static final String FILE = "file:";

    private final String location;

    private ModelSource(String location) {
        this.location = location;
    }

    /**
     * Parses a location. The prefix is mandatory so that a typo cannot silently switch between
     * classpath and file system.
     *
     * @throws IllegalArgumentException naming {@code field} when the location is not usable
     */
    public static ModelSource parse(String field, String location) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException(field + " is required: use 'classpath:<resource>' or 'file:<path>'");
        }
        String trimmed = location.trim();
        boolean known = trimmed.startsWith(CLASSPATH) || trimmed.startsWith(FILE);
        if (!known || trimmed.indexOf(':') == trimmed.length() - 1) {
            throw new IllegalArgumentException(
                    field + " = '" + location + "' is not a model location: use 'classpath:<resource>' or 'file:<path>'");
        }
        return new ModelSource(trimmed);
    }

    public boolean isClasspath() {
        return location.startsWith(CLASSPATH);
    }

    /** The file path of a {@code file:} source. */
    public Path path() {
        if (isClasspath()) {
            throw new IllegalStateException(location + " is not a file source");
        }
        return Path.of(location.substring(FILE.length()));
    }

    /**
     * Opens the file.
     *
     * @throws FileNotFoundException naming the location when it does not exist
     */
    public InputStream open() throws IOException {
        if (isClasspath()) {
            String resource = location.substring(CLASSPATH.length());
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            InputStream in = loader == null ? null : loader.getResourceAsStream(resource);
            if (in == null) {
                in = ModelSource.class.getClassLoader().getResourceAsStream(resource);
            }
            if (in == null) {
                throw new FileNotFoundException(location + " not found on the classpath");
            }
            return in;
        }
        Path path = path();
        if (!Files.isRegularFile(path)) {
            throw new FileNotFoundException(location + " not found (looked for " + path.toAbsolutePath() + ")");
        }
        return Files.newInputStream(path);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSource && ((ModelSource) o).location.equals(location);
    }

    @Override
    public int hashCode() {
        return Objects.hash(location);
    }

    @Override
    public String toString() {
        return location;
    }
}
