package io.llmstream.core.registry;

import io.llmstream.schema.DeadLetterReason;
import java.nio.ByteBuffer;

/**
 * The framing Confluent's serializers put around an Avro record: one magic byte {@code 0}, the
 * schema id as a 4-byte big-endian integer, then the record in Avro binary.
 */
public final class ConfluentWireFormat {
    /** First byte of every framed payload. */
    public static final byte MAGIC_BYTE = 0;
    /** Magic byte plus schema id. */
    public static final int HEADER_BYTES = 5;

    private ConfluentWireFormat() {}

    /** Puts the header for {@code schemaId} in front of an Avro binary record. */
    public static byte[] frame(int schemaId, byte[] avroBinary) {
        return ByteBuffer.allocate(HEADER_BYTES + avroBinary.length)
                .put(MAGIC_BYTE)
                .putInt(schemaId)
                .put(avroBinary)
                .array();
    }

    /**
     * The schema id of a framed payload.
     *
     * @throws RegistryDecodeException ({@code UNDECODABLE}) when the payload is shorter than the
     *     header or does not start with the magic byte
     */
    public static int schemaId(byte[] payload) throws RegistryDecodeException {
        if (payload == null || payload.length < HEADER_BYTES) {
            throw new RegistryDecodeException(DeadLetterReason.UNDECODABLE, "not in the Confluent wire format: "
                    + (payload == null ? 0 : payload.length) + " bytes, shorter than the " + HEADER_BYTES + "-byte header");
        }
        if (payload[0] != MAGIC_BYTE) {
            throw new RegistryDecodeException(DeadLetterReason.UNDECODABLE, String.format(
                    "not in the Confluent wire format: first byte is 0x%02x, expected the magic byte 0x00", payload[0] & 0xff));
        }
        return ByteBuffer.wrap(payload, 1, 4).getInt();
    }
}
