package io.llmstream.core.routing;

import static org.apache.flink.configuration.description.TextElement.text;

import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;

/** What picks a record's model among those of the {@code models} section ({@code routing.by}). */
public enum RoutingMode implements DescribedEnum {
    ATTRIBUTE("attribute", "The request attribute named by routing.attribute holds the model's id; a request"
            + " without it gets routing.default, one naming no configured model is an UNKNOWN_MODEL dead letter."),
    SCRIPT("script", "The script of the text's letters picks the model (routing.script.<script>); a text with no"
            + " such script reaching routing.min-script-share gets routing.default."),
    ATTRIBUTE_THEN_SCRIPT("attribute-then-script", "The attribute when the request has it, else the script of the text.");

    private final String value;
    private final String description;

    RoutingMode(String value, String description) {
        this.value = value;
        this.description = description;
    }

    boolean byAttribute() {
        return this != SCRIPT;
    }

    boolean byScript() {
        return this != ATTRIBUTE;
    }

    /** The value as written in settings. */
    @Override
    public String toString() {
        return value;
    }

    @Override
    public InlineElement getDescription() {
        return text(description);
    }
}
