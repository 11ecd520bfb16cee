package io.llmstream.core.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmstream.core.embed.EmbedTask;
import io.llmstream.core.registry.RegistryAvroDecoder;
import io.llmstream.core.registry.RegistryDecodeException;
import io.llmstream.core.registry.SchemaLookup;
import io.llmstream.schema.DeadLetterReason;
import io.llmstream.schema.EmbeddingRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a Kafka record or a line of an input file (key and value bytes) into a validated
 * {@link EmbeddingRequest}, or says why it cannot: payload over the size limit, undecodable payload, a JSON field of the wrong type,
 * missing id, blank text, text over the size limit. Never
 * throws for bad input. Not thread-safe; use one per operator instance.
 */
public final class RequestDecoder {
    /** Longest id accepted; ids are echoed into every result and dead letter. */
    public static final int MAX_ID_CHARS = 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "id";
    private static final String TEXT = "text";
    private static final String JOB_ID = "jobId";
    private static final String ATTRIBUTES = "attributes";
    private static final String SUBMIT_TIME = "submitTimeMillis";

    private final InputFormat format;
    private final int maxTextChars;
    private final int maxRecordBytes;
    private final AvroCodec<EmbeddingRequest> avro = Codecs.requests();
    private final RegistryAvroDecoder<EmbeddingRequest> registryAvro;
    private final List<String> tasks;
    private final String routingAttribute;

    /** A decoder that reads values of at most {@code maxRecordBytes} and texts of at most {@code maxTextChars}. */
    public RequestDecoder(InputFormat format, int maxTextChars, int maxRecordBytes) {
        this(format, maxTextChars, maxRecordBytes, null);
    }

    /** @param registry where writer schemas are found; required for {@link InputFormat#AVRO_CONFLUENT} */
    public RequestDecoder(InputFormat format, int maxTextChars, int maxRecordBytes, SchemaLookup registry) {
        this(format, maxTextChars, maxRecordBytes, registry, List.of(EmbedTask.NAME));
    }

    /**
     * @param registry where writer schemas are found; required for {@link InputFormat#AVRO_CONFLUENT}
     * @param tasks the tasks the job runs: {@link InputFormat#OPENAI_BATCH} requests may ask for their endpoints
     */
    public RequestDecoder(InputFormat format, int maxTextChars, int maxRecordBytes, SchemaLookup registry, List<String> tasks) {
        this(format, maxTextChars, maxRecordBytes, registry, tasks, null);
    }

    /**
     * @param registry where writer schemas are found; required for {@link InputFormat#AVRO_CONFLUENT}
     * @param tasks the tasks the job runs: {@link InputFormat#OPENAI_BATCH} requests may ask for their endpoints
     * @param routingAttribute the attribute that picks a record's model, which an
     *     {@link InputFormat#OPENAI_BATCH} request's {@code body.model} sets; {@code null} with one model
     */
    public RequestDecoder(InputFormat format, int maxTextChars, int maxRecordBytes, SchemaLookup registry, List<String> tasks,
            String routingAttribute) {
        if (maxTextChars < 1) {
            throw new IllegalArgumentException("input.max-text-chars must be >= 1, got " + maxTextChars);
        }
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("input.max-record-bytes must be >= 1, got " + maxRecordBytes);
        }
        if (format == InputFormat.AVRO_CONFLUENT && registry == null) {
            throw new IllegalArgumentException("input format avro-confluent needs a schema registry");
        }
        this.format = format;
        this.maxTextChars = maxTextChars;
        this.maxRecordBytes = maxRecordBytes;
        this.registryAvro = registry == null ? null : new RegistryAvroDecoder<>(registry, EmbeddingRequest.getClassSchema());
        this.tasks = List.copyOf(tasks);
        this.routingAttribute = routingAttribute;
    }

    public DecodedRequest decode(byte[] key, byte[] value) {
        String keyId = keyAsId(key);
        if (value == null || value.length == 0) {
            return DecodedRequest.rejected(keyId, new Rejection(DeadLetterReason.UNDECODABLE, "empty payload"));
        }
        if (value.length > maxRecordBytes) {
            // checked before decoding, so that an oversized record costs no parsing and no copy of its text
            return DecodedRequest.rejected(keyId, new Rejection(DeadLetterReason.RECORD_TOO_LARGE,
                    "record value has " + value.length + " bytes; input.max-record-bytes is " + maxRecordBytes));
        }
        EmbeddingRequest request;
        try {
            request = format == InputFormat.AVRO_CONFLUENT ? registryAvro.decode(value)
                    : format == InputFormat.AVRO ? avro.decode(value)
                    : format == InputFormat.OPENAI_BATCH ? OpenAiBatchRequests.parse(value, tasks, routingAttribute) : fromJson(value);
        } catch (RegistryDecodeException e) {
            return DecodedRequest.rejected(keyId, new Rejection(e.reason(), e.getMessage()));
        } catch (InvalidFieldException e) {
            String id = e.id() == null || e.id().isBlank() ? keyId : clip(e.id());
            return DecodedRequest.rejected(id, e.jobId(), new Rejection(DeadLetterReason.INVALID_FIELD, e.getMessage()));
        } catch (IOException | RuntimeException e) {
            return DecodedRequest.rejected(keyId, new Rejection(DeadLetterReason.UNDECODABLE,
                    "not a " + format.key() + " request: " + e.getMessage()));
        }
        return validate(request, keyId);
    }

    private DecodedRequest validate(EmbeddingRequest request, String keyId) {
        return validate(request, keyId, maxTextChars);
    }

    /**
     * Checks a request that arrived already decoded (e.g. a row of a SQL table) exactly as a
     * decoded payload is checked: id, blank text, text of at most {@code maxTextChars}.
     */
    public static DecodedRequest validate(EmbeddingRequest request, int maxTextChars) {
        return validate(request, request.getId(), maxTextChars);
    }

    private static DecodedRequest validate(EmbeddingRequest request, String keyId, int maxTextChars) {
        String id = request.getId();
        String job = request.getJobId();
        if (id == null || id.isBlank()) {
            return DecodedRequest.rejected(keyId, job, new Rejection(DeadLetterReason.MISSING_ID, "request has no id"));
        }
        if (id.length() > MAX_ID_CHARS) {
            return DecodedRequest.rejected(id.substring(0, MAX_ID_CHARS), job, new Rejection(DeadLetterReason.MISSING_ID,
                    "id has " + id.length() + " characters; at most " + MAX_ID_CHARS + " are allowed"));
        }
        String text = request.getText();
        if (text == null || !hasContent(text)) {
            return DecodedRequest.rejected(id, job, new Rejection(DeadLetterReason.EMPTY_TEXT,
                    "text is empty or holds only spaces, control or format characters"));
        }
        if (text.length() > maxTextChars) {
            return DecodedRequest.rejected(id, job, new Rejection(DeadLetterReason.TEXT_TOO_LONG,
                    "text has " + text.length() + " characters; input.max-text-chars is " + maxTextChars));
        }
        return DecodedRequest.accepted(request);
    }

    /**
     * True when some character is more than a space, a control character (NUL, BEL, ...) or an
     * invisible format character (zero-width space, byte order mark): those alone give a model
     * nothing to read.
     */
    static boolean hasContent(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int type = Character.getType(c);
            if (!Character.isWhitespace(c) && type != Character.SPACE_SEPARATOR && type != Character.CONTROL
                    && type != Character.FORMAT && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads a JSON request: a missing id or text becomes empty (for validation to report), unknown
     * fields become attributes (nested values as their JSON text). An id (or job id) may be a
     * string or an integer, read as its decimal digits; {@code text} must be a string and
     * {@code attributes} an object.
     *
     * @throws InvalidFieldException when a field has another JSON type; it carries the id when that
     *     could be read
     * @throws IOException when the bytes are not UTF-8 JSON of one object
     */
    public static EmbeddingRequest fromJson(byte[] value) throws IOException {
        JsonNode root = JSON.readTree(strictUtf8(value));
        if (root == null || !root.isObject()) {
            throw new IOException("expected a JSON object");
        }
        ObjectNode object = (ObjectNode) root;
        String id = idField(object, ID, null, null);
        String jobId = idField(object, JOB_ID, id, null);
        String text = stringField(object, TEXT, id, jobId);
        Map<String, String> attributes = new HashMap<>();
        JsonNode declared = object.get(ATTRIBUTES);
        if (declared != null && !declared.isNull()) {
            if (!declared.isObject()) {
                throw new InvalidFieldException(ATTRIBUTES, "an object", jsonType(declared), id, jobId);
            }
            declared.fields().forEachRemaining(e -> attributes.put(e.getKey(), asString(e.getValue())));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            if (!name.equals(ID) && !name.equals(TEXT) && !name.equals(JOB_ID) && !name.equals(ATTRIBUTES)
                    && !name.equals(SUBMIT_TIME)) {
                attributes.put(name, asString(field.getValue()));
            }
        }
        JsonNode submit = object.get(SUBMIT_TIME);
        return EmbeddingRequest.newBuilder()
                .setId(orEmpty(id))
                .setText(orEmpty(text))
                .setJobId(jobId)
                .setAttributes(attributes)
                .setSubmitTimeMillis(submit != null && submit.canConvertToLong() ? submit.asLong() : null)
                .build();
    }

    static String strictUtf8(byte[] value) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IOException("payload is not valid UTF-8", e);
        }
    }

    /**
     * An id-like field: a string, or an integer as its decimal digits ({@code 42} and {@code "42"}
     * name the same record); {@code null} when absent or JSON null. Another number or a boolean is
     * refused under its JSON text, since that is what the sender will look for; an array or object
     * under the id read so far.
     */
    private static String idField(ObjectNode object, String name, String id, String jobId) throws InvalidFieldException {
        JsonNode node = object.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        String answerId = name.equals(ID) && node.isValueNode() ? node.asText() : id;
        throw new InvalidFieldException(name, "a string or an integer", jsonType(node), answerId, jobId);
    }

    /** A string field, or {@code null} when absent or JSON null. */
    private static String stringField(ObjectNode object, String name, String id, String jobId) throws InvalidFieldException {
        JsonNode node = object.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidFieldException(name, "a string", jsonType(node), id, jobId);
        }
        return node.textValue();
    }

    /** The JSON type of a value as a reader of the input would name it: never the value itself. */
    static String jsonType(JsonNode node) {
        if (node.isArray()) {
            return "an array";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        return node.isNumber() ? "a number" : node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    /** Missing id or text become empty, so that validation reports them with their own reason. */
    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String asString(JsonNode node) {
        return node.isValueNode() ? node.asText() : node.toString();
    }

    private static String keyAsId(byte[] key) {
        if (key == null || key.length == 0) {
            return null;
        }
        return clip(new String(key, StandardCharsets.UTF_8));
    }

    /** An id as dead letters carry it: at most {@link #MAX_ID_CHARS} characters. */
    public static String clip(String id) {
        return id.length() > MAX_ID_CHARS ? id.substring(0, MAX_ID_CHARS) : id;
    }
}
