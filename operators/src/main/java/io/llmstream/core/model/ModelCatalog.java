package io.llmstream.core.model;

import java.nio.file.Path;

/**
 * Turns the {@code source} of a model entry ({@code models.<id>.source}) into the model's recipe.
 * Every source form a pipeline accepts goes through {@link #resolve}, so that a new form (a model
 * directory, say) is added in one place.
 */
public final class ModelCatalog {

    private ModelCatalog() {}

    /**
     * The model {@code source} names: a built-in model id, or a model folder as Optimum or
     * sentence-transformers export it, written {@code file:/path/to/folder} (or as a path with a
     * {@code /}), read by {@link ModelDirectory}.
     *
     * @param field the setting the source was written under, for messages
     * @throws IllegalArgumentException naming {@code field}, the value and what is allowed
     */
    public static ModelSpec resolve(String field, String source) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException(field + " is required: name a built-in model, e.g. "
                    + BuiltinModels.DEFAULT.id() + ", or a model folder, file:/path/to/folder");
        }
        String value = source.trim();
        if (value.startsWith("file:")) {
            return ModelDirectory.read(field, Path.of(value.substring("file:".length())), null);
        }
        if (value.contains("/")) {
            return ModelDirectory.read(field, Path.of(value), null);
        }
        return BuiltinModels.byId(field, value);
    }
}
