package io.llmstream.core.routing;

import java.io.Serializable;
import java.lang.Character.UnicodeScript;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The models of a pipeline and which one each record goes to: by a request attribute naming the
 * model, by the script of the text (Chinese to a Chinese model, say), or both, with a default.
 * A pipeline without a {@code models} section has one model ({@link #single}), and every record
 * goes to it. Serializable, and cheap to decide per record.
 */
public final class ModelRouting implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Longest attribute value quoted in an UNKNOWN_MODEL message. */
    private static final int MAX_QUOTED = 128;

    private final Map<String, RoutedModel> models;
    private final String defaultModel;
    private final RoutingMode mode;
    private final String attribute;
    private final EnumMap<UnicodeScript, String> scripts;
    private final double minScriptShare;

    private ModelRouting(Builder b) {
        this.models = Collections.unmodifiableMap(new LinkedHashMap<>(b.models));
        this.defaultModel = b.defaultModel;
        this.mode = b.mode;
        this.attribute = b.attribute;
        this.scripts = new EnumMap<>(b.scripts);
        this.minScriptShare = b.minScriptShare;
    }

    /** One model for every record: a pipeline without a {@code models} section. */
    public static ModelRouting single(RoutedModel model) {
        return builder().addModel(model).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The id of the model for a record.
     *
     * @param attributes the request's attributes
     * @param text the text the model will see (after preprocessing)
     * @throws UnknownModelException when the routing attribute names no configured model
     */
    public String route(Map<String, String> attributes, String text) {
        if (models.size() == 1) {
            return defaultModel;
        }
        if (mode.byAttribute()) {
            String named = attributes.get(attribute);
            if (named != null) {
                String id = named.trim();
                if (!models.containsKey(id)) {
                    throw new UnknownModelException("attribute " + attribute + " = '" + quote(named)
                            + "' names no model of this pipeline; allowed: " + String.join(", ", models.keySet()));
                }
                return id;
            }
        }
        if (mode.byScript()) {
            return byScript(text);
        }
        return defaultModel;
    }

    private String byScript(String text) {
        TextScripts counted = TextScripts.of(text);
        UnicodeScript best = null;
        for (UnicodeScript script : scripts.keySet()) {
            if (counted.letters(script) > 0 && (best == null || counted.letters(script) > counted.letters(best))) {
                best = script;
            }
        }
        return best != null && counted.share(best) >= minScriptShare ? scripts.get(best) : defaultModel;
    }

    private static String quote(String value) {
        return value.length() <= MAX_QUOTED ? value : value.substring(0, MAX_QUOTED) + "...";
    }

    /** The model by id. @throws IllegalArgumentException for an id that is not configured */
    public RoutedModel model(String id) {
        RoutedModel m = models.get(id);
        if (m == null) {
            throw new IllegalArgumentException("'" + id + "' is not a model of this pipeline; allowed: "
                    + String.join(", ", models.keySet()));
        }
        return m;
    }

    /** Every model, the default one first. */
    public Collection<RoutedModel> models() {
        List<RoutedModel> ordered = new ArrayList<>();
        ordered.add(models.get(defaultModel));
        models.values().stream().filter(m -> !m.id().equals(defaultModel)).forEach(ordered::add);
        return ordered;
    }

    /** The model of records that nothing else routes. */
    public RoutedModel defaultModel() {
        return models.get(defaultModel);
    }

    public RoutingMode mode() {
        return mode;
    }

    /** The request attribute that names a record's model. */
    public String attribute() {
        return attribute;
    }

    /** The model of each routed script. */
    public Map<UnicodeScript, String> scripts() {
        return Collections.unmodifiableMap(scripts);
    }

    public double minScriptShare() {
        return minScriptShare;
    }

    @Override
    public String toString() {
        return "models " + models.keySet() + ", default " + defaultModel + ", by " + mode
                + (mode.byAttribute() ? " (attribute " + attribute + ")" : "")
                + (mode.byScript() ? " (scripts " + scripts + ", min share " + minScriptShare + ")" : "");
    }

    /** Builds a {@link ModelRouting}; {@link #build()} names the setting of any mistake. */
    public static final class Builder {
        private final Map<String, RoutedModel> models = new LinkedHashMap<>();
        private String defaultModel;
        private RoutingMode mode = RoutingMode.ATTRIBUTE;
        private String attribute = "model";
        private final Map<UnicodeScript, String> scripts = new EnumMap<>(UnicodeScript.class);
        private double minScriptShare = 0.2;

        private Builder() {}

        /** @throws IllegalArgumentException when a model of the same id is already there */
        public Builder addModel(RoutedModel model) {
            Objects.requireNonNull(model, "model");
            if (models.putIfAbsent(model.id(), model) != null) {
                throw new IllegalArgumentException("model '" + model.id() + "' is configured twice");
            }
            return this;
        }

        /** The model of records nothing else routes; may be left out when there is one model. */
        public Builder setDefaultModel(String id) {
            this.defaultModel = id;
            return this;
        }

        public Builder setMode(RoutingMode mode) {
            this.mode = mode;
            return this;
        }

        public Builder setAttribute(String attribute) {
            this.attribute = attribute;
            return this;
        }

        /** Routes texts mostly of {@code script} to the model {@code id}. */
        public Builder routeScript(UnicodeScript script, String id) {
            scripts.put(Objects.requireNonNull(script, "script"), id);
            return this;
        }

        public Builder setMinScriptShare(double share) {
            this.minScriptShare = share;
            return this;
        }

        /** @throws IllegalStateException naming the setting to fix */
        public ModelRouting build() {
            if (models.isEmpty()) {
                throw new IllegalStateException("models needs at least one model, e.g. models.<id>.source = "
                        + "all-minilm-l6-v2-q");
            }
            if (defaultModel == null) {
                if (models.size() > 1) {
                    throw new IllegalStateException(RoutingOptions.DEFAULT.key() + " is required with more than one model;"
                            + " allowed: " + String.join(", ", models.keySet()));
                }
                defaultModel = models.keySet().iterator().next();
            } else if (!models.containsKey(defaultModel)) {
                throw new IllegalStateException(RoutingOptions.DEFAULT.key() + " = '" + defaultModel
                        + "' is not a model of the models section; allowed: " + String.join(", ", models.keySet()));
            }
            if (mode == null) {
                throw new IllegalStateException(RoutingOptions.BY.key() + " is required; allowed: attribute, script,"
                        + " attribute-then-script");
            }
            if (mode.byAttribute() && (attribute == null || attribute.isBlank())) {
                throw new IllegalStateException(RoutingOptions.ATTRIBUTE.key() + " must name a request attribute with"
                        + " routing.by = " + mode);
            }
            attribute = attribute == null ? null : attribute.trim();
            scripts.forEach((script, id) -> {
                if (!models.containsKey(id)) {
                    throw new IllegalStateException(RoutingOptions.SCRIPT_PREFIX + RoutingOptions.scriptName(script)
                            + " = '" + id + "' is not a model of the models section; allowed: "
                            + String.join(", ", models.keySet()));
                }
            });
            if (mode.byScript() && scripts.isEmpty()) {
                throw new IllegalStateException(RoutingOptions.BY.key() + " = " + mode + " needs at least one "
                        + RoutingOptions.SCRIPT_PREFIX + "<script> = <model id>, e.g. " + RoutingOptions.SCRIPT_PREFIX
                        + "han");
            }
            if (!mode.byScript() && !scripts.isEmpty()) {
                throw new IllegalStateException(RoutingOptions.SCRIPT_PREFIX + RoutingOptions.scriptName(
                        scripts.keySet().iterator().next()) + " is set, but " + RoutingOptions.BY.key() + " = " + mode
                        + " does not route by script; set it to script or attribute-then-script");
            }
            if (!(minScriptShare > 0 && minScriptShare <= 1)) {
                throw new IllegalStateException(RoutingOptions.MIN_SCRIPT_SHARE.key() + " = " + minScriptShare
                        + " is out of range; allowed: > 0 and <= 1");
            }
            return new ModelRouting(this);
        }
    }
}
