package io.llmstream.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.schema.DeadLetterReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfluentWireFormatTest {

    @Test
    void headerIsMagicByteThenBigEndianSchemaId() throws RegistryDecodeException {
        byte[] framed = ConfluentWireFormat.frame(0x01020304, new byte[] {9, 8});

        assertThat(framed).containsExactly(0, 1, 2, 3, 4, 9, 8);
        assertThat(ConfluentWireFormat.schemaId(framed)).isEqualTo(0x01020304);
    }

    @Test
    void largeIdsRoundTrip() throws RegistryDecodeException {
        assertThat(ConfluentWireFormat.schemaId(ConfluentWireFormat.frame(Integer.MAX_VALUE, new byte[0])))
                .isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void aPayloadNotStartingWithTheMagicByteIsUndecodable() {
        byte[] json = "{\"id\":\"a\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ConfluentWireFormat.schemaId(json))
                .isInstanceOfSatisfying(RegistryDecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNDECODABLE))
                .hasMessageContaining("first byte is 0x7b, expected the magic byte 0x00");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4})
    void aPayloadShorterThanTheHeaderIsUndecodable(int length) {
        assertThatThrownBy(() -> ConfluentWireFormat.schemaId(new byte[length]))
                .isInstanceOfSatisfying(RegistryDecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNDECODABLE))
                .hasMessageContaining(length + " bytes, shorter than the 5-byte header");
    }
}
