package io.llmstream.core.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmstream.core.embed.EmbedTask;
import io.llmstream.schema.EmbeddingRequest;
import io.llmstream.schema.EmbeddingResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a request line of the OpenAI Batch API's input file into an {@link EmbeddingRequest}:
 * {@code custom_id} becomes the id, {@code body.input} the text, and what the output line needs
 * ({@code url}, {@code body.model}, {@code body.encoding_format}, {@code body.dimensions}) travels
 * as attributes under {@code openai.*}.
 *
 * <p>One request line is one record: {@code body.input} is a string, or an array holding exactly
 * one string. An array of several texts, or of token ids, is refused with a message saying to send
 * one line per text, since a record carries one text through the pipeline. Every other field that
 * cannot be served ({@code url} of a task the job does not run, {@code method} other than POST, an
 * {@code encoding_format} other than float or base64, {@code dimensions} that is not a positive
 * integer) is an {@link InvalidFieldException} under the line's {@code custom_id}, and so an error
 * line, never a failure of the job.
 *
 * <p>With several models ({@code models:}), {@code body.model} is also put under the routing
 * attribute, so it picks the model (a model the pipeline lacks is an {@code UNKNOWN_MODEL} error
 * line); with one model any {@code body.model} is accepted, and the output names the model that
 * answered. {@code body.dimensions} up to the model's width cuts the vector as
 * {@code embed.dimensions} does; more is an {@code INVALID_FIELD} error line (see
 * {@link EmbedTask#DIMENSIONS_ATTRIBUTE} and {@link #dimensionsMismatch}).
 */
public final class OpenAiBatchRequests {
    /** The endpoint of the embed task, as OpenAI names it. */
    public static final String EMBEDDINGS_URL = "/v1/embeddings";
    /** Endpoints of our other tasks: this prefix and the task's name, e.g. {@code /v1/llm-stream/classify}. */
    public static final String TASK_URL_PREFIX = "/v1/llm-stream/";

    /** Attribute holding the request's {@code url}. */
    public static final String URL = "openai.url";
    /** Attribute holding the request's {@code body.model}. */
    public static final String MODEL = "openai.model";
    /** Attribute holding the request's {@code body.encoding_format}. */
    public static final String ENCODING_FORMAT = "openai.encoding_format";
    /**
     * Attribute holding the request's {@code body.dimensions}: the embed task cuts the record's
     * vectors to it, as {@code embed.dimensions} does ({@link EmbedTask#DIMENSIONS_ATTRIBUTE}).
     */
    public static final String DIMENSIONS = EmbedTask.DIMENSIONS_ATTRIBUTE;

    /** The {@code encoding_format} that writes vectors as base64 of little-endian float32, as OpenAI does. */
    public static final String BASE64 = "base64";
    static final String FLOAT = "float";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ECHOED_CHARS = 64;

    private OpenAiBatchRequests() {}

    /** The endpoint that serves {@code task}'s output. */
    public static String url(String task) {
        return EmbedTask.NAME.equals(task) ? EMBEDDINGS_URL : TASK_URL_PREFIX + task;
    }

    /** The endpoints of {@code tasks}, in their order. */
    public static List<String> urls(List<String> tasks) {
        List<String> urls = new ArrayList<>();
        tasks.forEach(t -> urls.add(url(t)));
        return urls;
    }

    /** The task whose output a request to {@code url} asks for, or {@code null} when no task has that endpoint. */
    public static String task(String url) {
        if (EMBEDDINGS_URL.equals(url)) {
            return EmbedTask.NAME;
        }
        if (url != null && url.startsWith(TASK_URL_PREFIX) && url.length() > TASK_URL_PREFIX.length()) {
            return url.substring(TASK_URL_PREFIX.length());
        }
        return null;
    }

    /**
     * Reads one request line.
     *
     * @param tasks the tasks the job runs: their endpoints are the {@code url}s served
     * @throws InvalidFieldException when a field is missing, of the wrong type or not served; it
     *     carries the {@code custom_id} when that could be read
     * @throws IOException when the line is not UTF-8 JSON of one object
     */
    public static EmbeddingRequest parse(byte[] line, List<String> tasks) throws IOException {
        return parse(line, tasks, null);
    }

    /**
     * Reads one request line of a pipeline with several models.
     *
     * @param tasks the tasks the job runs: their endpoints are the {@code url}s served
     * @param routingAttribute the attribute that picks a record's model ({@code routing.attribute}),
     *     which gets {@code body.model}; {@code null} when the pipeline has one model
     * @throws InvalidFieldException when a field is missing, of the wrong type or not served; it
     *     carries the {@code custom_id} when that could be read
     * @throws IOException when the line is not UTF-8 JSON of one object
     */
    public static EmbeddingRequest parse(byte[] line, List<String> tasks, String routingAttribute) throws IOException {
        JsonNode root = JSON.readTree(RequestDecoder.strictUtf8(line));
        if (root == null || !root.isObject()) {
            throw new IOException("expected a JSON object");
        }
        String id = customId(root);
        JsonNode method = root.get("method");
        if (method != null && !method.isNull() && !"POST".equalsIgnoreCase(method.asText())) {
            throw InvalidFieldException.notAllowed("method", "field 'method' must be POST, got " + echo(method), id);
        }
        String url = requiredString(root, "url", id);
        String task = task(url);
        if (task == null || !tasks.contains(task)) {
            throw InvalidFieldException.notAllowed("url", "field 'url' must be one of " + String.join(", ", urls(tasks))
                    + " (the endpoints of the tasks this job runs), got " + echo(root.get("url")), id);
        }
        JsonNode body = root.get("body");
        if (body == null || !body.isObject()) {
            throw new InvalidFieldException("body", "an object", body == null || body.isNull() ? "nothing" : RequestDecoder.jsonType(body),
                    id, null);
        }
        Map<String, String> attributes = new HashMap<>();
        attributes.put(URL, url);
        String model = optionalString("body.model", body.get("model"), id);
        if (model != null) {
            attributes.put(MODEL, model);
            if (routingAttribute != null) {
                attributes.put(routingAttribute, model);
            }
        }
        String encoding = optionalString("body.encoding_format", body.get("encoding_format"), id);
        if (encoding != null) {
            if (!encoding.equals(FLOAT) && !encoding.equals(BASE64)) {
                throw InvalidFieldException.notAllowed("body.encoding_format", "field 'body.encoding_format' must be float"
                        + " or base64, got " + echo(body.get("encoding_format")), id);
            }
            attributes.put(ENCODING_FORMAT, encoding);
        }
        JsonNode dimensions = body.get("dimensions");
        if (dimensions != null && !dimensions.isNull()) {
            if (!dimensions.canConvertToInt() || !dimensions.isIntegralNumber() || dimensions.intValue() < 1) {
                throw new InvalidFieldException("body.dimensions", "a positive integer", dimensions.isNumber()
                        ? echo(dimensions) : RequestDecoder.jsonType(dimensions), id, null);
            }
            attributes.put(DIMENSIONS, String.valueOf(dimensions.intValue()));
        }
        return EmbeddingRequest.newBuilder()
                .setId(id == null ? "" : id)
                .setText(input(body.get("input"), id))
                .setAttributes(attributes)
                .build();
    }

    /**
     * Why a result cannot answer its request's {@code body.dimensions}, or {@code null} when it can
     * (no dimensions asked for, or as many as the vector has). The embed task cuts the vector to
     * them, so this catches only a result whose vector no embed task shaped.
     */
    public static String dimensionsMismatch(EmbeddingResult result) {
        String asked = result.getAttributes().get(DIMENSIONS);
        // a packed vector (embed.encoding) leaves the float array empty
        int has = result.getEmbeddingPacked() != null ? result.getEmbeddingPacked().getDimensions() : result.getEmbedding().size();
        if (asked == null || asked.equals(String.valueOf(has))) {
            return null;
        }
        return "field 'body.dimensions' asks for " + asked + " dimensions, but model " + result.getModel().getId()
                + " gives vectors of " + has + "; leave dimensions out or set it to " + has;
    }

    private static String customId(JsonNode root) throws InvalidFieldException {
        JsonNode node = root.get("custom_id");
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        throw new InvalidFieldException("custom_id", "a string", RequestDecoder.jsonType(node),
                node.isValueNode() ? node.asText() : null, null);
    }

    private static String requiredString(JsonNode object, String name, String id) throws InvalidFieldException {
        JsonNode node = object.get(name);
        if (node == null || node.isNull()) {
            throw new InvalidFieldException(name, "a string", "nothing", id, null);
        }
        if (!node.isTextual()) {
            throw new InvalidFieldException(name, "a string", RequestDecoder.jsonType(node), id, null);
        }
        return node.textValue();
    }

    private static String optionalString(String name, JsonNode node, String id) throws InvalidFieldException {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidFieldException(name, "a string", RequestDecoder.jsonType(node), id, null);
        }
        return node.textValue();
    }

    /** The text of {@code body.input}: a string, or an array of exactly one string. */
    private static String input(JsonNode input, String id) throws InvalidFieldException {
        if (input == null || input.isNull()) {
            throw new InvalidFieldException("body.input", "a string", "nothing", id, null);
        }
        if (input.isTextual()) {
            return input.textValue();
        }
        if (input.isArray()) {
            if (input.size() == 1 && input.get(0).isTextual()) {
                return input.get(0).textValue();
            }
            boolean strings = input.size() > 0;
            for (JsonNode element : input) {
                strings &= element.isTextual();
            }
            throw InvalidFieldException.notAllowed("body.input", strings
                    ? "field 'body.input' holds " + input.size() + " texts; each request line is one record here, so send"
                            + " one line per text (body.input a string)"
                    : "field 'body.input' must be a string or an array of one string (token ids are not read), got an array of "
                            + input.size() + (input.size() == 1 ? " element" : " elements") + " that are not all strings", id);
        }
        throw new InvalidFieldException("body.input", "a string", RequestDecoder.jsonType(input), id, null);
    }

    /** A short value of a field for a message: a url or format name, never a text. */
    private static String echo(JsonNode node) {
        String s = node.isTextual() ? "'" + node.textValue() + "'" : node.toString();
        return s.length() > MAX_ECHOED_CHARS ? s.substring(0, MAX_ECHOED_CHARS) + "..." : s;
    }
}
