package io.llmstream.core.model;

/**
 * Turns the {@code source} of a model entry ({@code models.<id>.source}) into the model's recipe.
 * Every source form a pipeline accepts goes through {@link #resolve}, so that a new form (a model
 * directory, say) is added in one place.
 */
public final class ModelCatalog {

    private ModelCatalog() {}

    /**
     * The model {@code source} names; today a built-in model id.
     *
     * @param field the setting the source was written under, for messages
     * @throws IllegalArgumentException naming {@code field}, the value and what is allowed
     */
    public static ModelSpec resolve(String field, String source) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException(field + " is required: name a built-in model, e.g. "
                    + BuiltinModels.DEFAULT.id());
        }
        return BuiltinModels.byId(field, source.trim());
    }
}
