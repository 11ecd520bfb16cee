package io.llmstream.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/** How a vector is written in the response: OpenAI's {@code encoding_format}. */
enum EncodingFormat {
    /** A JSON array of numbers, each the shortest decimal that reads back as the same float32. */
    FLOAT("float"),
    /** Base64 of the float32 values, little-endian, as OpenAI sends them. */
    BASE64("base64");

    private final String value;

    EncodingFormat(String value) {
        this.value = value;
    }

    /** The format named {@code value} in a request, or null. */
    static EncodingFormat of(String value) {
        for (EncodingFormat f : values()) {
            if (f.value.equals(value)) {
                return f;
            }
        }
        return null;
    }

    JsonNode encode(float[] vector) {
        if (this == FLOAT) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode(vector.length);
            for (float v : vector) {
                array.add(v);
            }
            return array;
        }
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return TextNode.valueOf(Base64.getEncoder().encodeToString(bytes.array()));
    }

    @Override
    public String toString() {
        return value;
    }
}
