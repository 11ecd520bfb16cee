package io.llmstream.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmstream.core.records.DecodedRequest;
import io.llmstream.core.records.RequestDecoder;
import io.llmstream.schema.DeadLetterReason;
import io.llmstream.schema.EmbeddingRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads and checks the body of {@code POST /v1/embeddings} in OpenAI's shape: {@code input} (a
 * string or an array of strings), {@code model}, {@code encoding_format} ({@code float} or
 * {@code base64}), {@code dimensions} and {@code user}. {@code model} picks one of the pipeline's
 * models (the default one when left out); {@code dimensions} may be 1 to that model's width. Every text passes the job's own request
 * checks ({@link RequestDecoder#validate}: not blank, at most {@code input.max-text-chars}), so a
 * request the job would turn into a dead letter is refused here, before it reaches the model.
 * Anything wrong is an {@link ApiError} (400) naming the field.
 */
final class EmbeddingsRequestParser {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> FIELDS = Set.of("input", "model", "encoding_format", "dimensions", "user");

    private final Map<String, Integer> widths;
    private final int defaultDimensions;
    private final int maxInputs;
    private final int maxTextChars;

    /**
     * @param widths the model ids served and the width of each one's vectors, in order; the first is
     *     the one a request without {@code model} gets
     * @param defaultDimensions the dimensions a request without {@code dimensions} gets (the pipeline's
     *     {@code embed.dimensions}); 0 for the model's full width
     * @param maxInputs the most texts one request may hold
     * @param maxTextChars the job's {@code input.max-text-chars}
     */
    EmbeddingsRequestParser(Map<String, Integer> widths, int defaultDimensions, int maxInputs, int maxTextChars) {
        if (widths.isEmpty()) {
            throw new IllegalArgumentException("widths must name at least one model id");
        }
        this.widths = Collections.unmodifiableMap(new LinkedHashMap<>(widths));
        this.defaultDimensions = defaultDimensions;
        this.maxInputs = maxInputs;
        this.maxTextChars = maxTextChars;
    }

    EmbeddingsRequest parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("the request body is not valid JSON: " + e.getOriginalMessage(), null, "invalid_json");
        } catch (IOException e) {
            throw ApiError.badRequest("the request body could not be read: " + e.getMessage(), null, "invalid_json");
        }
        if (root == null || root.isMissingNode()) {
            throw ApiError.badRequest("the request body is empty; send a JSON object with \"input\" and \"model\"", null,
                    "invalid_json");
        }
        if (!root.isObject()) {
            throw ApiError.badRequest("the request body must be a JSON object with \"input\" and \"model\"", null, "invalid_json");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            String field = it.next().getKey();
            if (!FIELDS.contains(field)) {
                throw ApiError.badRequest("unknown parameter '" + field + "'; allowed: input, model, encoding_format,"
                        + " dimensions, user", field, "unknown_parameter");
            }
        }
        String model = model(root.get("model"));
        EncodingFormat format = encodingFormat(root.get("encoding_format"));
        int dimensions = dimensions(root.get("dimensions"), model);
        JsonNode user = root.get("user");
        if (user != null && !user.isTextual() && !user.isNull()) {
            throw ApiError.badRequest("user must be a string", "user", "invalid_type");
        }
        return new EmbeddingsRequest(inputs(root.get("input")), model, dimensions, format);
    }

    private String model(JsonNode node) {
        if (node == null || node.isNull()) {
            return widths.keySet().iterator().next();
        }
        if (!node.isTextual() || !widths.containsKey(node.asText())) {
            throw ApiError.badRequest("model " + node + " is not served here; allowed: " + String.join(", ", widths.keySet()),
                    "model",
                    "model_not_found");
        }
        return node.asText();
    }

    private static EncodingFormat encodingFormat(JsonNode node) {
        if (node == null || node.isNull()) {
            return EncodingFormat.FLOAT;
        }
        EncodingFormat format = node.isTextual() ? EncodingFormat.of(node.asText()) : null;
        if (format == null) {
            throw ApiError.badRequest("encoding_format " + node + " is not supported; allowed: float, base64", "encoding_format",
                    "invalid_encoding_format");
        }
        return format;
    }

    /** The dimensions to keep of {@code model}'s vectors; 0 for all of them. */
    private int dimensions(JsonNode node, String model) {
        if (node == null || node.isNull()) {
            return defaultDimensions;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < 1) {
            throw ApiError.badRequest("dimensions must be a whole number >= 1, got " + node, "dimensions", "invalid_type");
        }
        int width = widths.get(model);
        if (node.asInt() > width) {
            throw ApiError.badRequest("dimensions = " + node.asInt() + " is more than the " + width + " dimensions of model '"
                    + model + "'; allowed: 1 to " + width, "dimensions", "invalid_dimensions");
        }
        return node.asInt();
    }

    private List<String> inputs(JsonNode node) {
        if (node == null || node.isNull()) {
            throw ApiError.badRequest("input is required: a string or an array of strings", "input", "missing_parameter");
        }
        if (node.isTextual()) {
            return List.of(checked(node.asText(), "input"));
        }
        if (!node.isArray()) {
            throw ApiError.badRequest("input must be a string or an array of strings, got " + node.getNodeType().name()
                    .toLowerCase(Locale.ROOT), "input", "invalid_type");
        }
        if (node.isEmpty()) {
            throw ApiError.badRequest("input is an empty array; send at least one text", "input", "empty_input");
        }
        if (node.size() > maxInputs) {
            throw ApiError.badRequest("input has " + node.size() + " texts; at most " + maxInputs + " are allowed per request",
                    "input", "too_many_inputs");
        }
        List<String> texts = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String param = "input[" + i + "]";
            if (!item.isTextual()) {
                throw ApiError.badRequest(param + " is not a string; send texts (arrays of token ids are not supported)", param,
                        "invalid_type");
            }
            texts.add(checked(item.asText(), param));
        }
        return texts;
    }

    /** The job's checks of a request's text, under {@code param} as the request's id. */
    private String checked(String text, String param) {
        EmbeddingRequest request = new EmbeddingRequest();
        request.setId(param);
        request.setText(text);
        request.setAttributes(Map.of());
        DecodedRequest decoded = RequestDecoder.validate(request, maxTextChars);
        if (!decoded.isAccepted()) {
            DeadLetterReason reason = decoded.rejection().reason();
            String code = reason == DeadLetterReason.EMPTY_TEXT ? "empty_input" : reason.name().toLowerCase(Locale.ROOT);
            throw ApiError.badRequest(param + ": " + decoded.rejection().message(), param, code);
        }
        return text;
    }
}
