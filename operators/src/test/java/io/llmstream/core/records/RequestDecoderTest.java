package io.llmstream.core.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.core.registry.ConfluentWireFormat;
import io.llmstream.schema.DeadLetterReason;
import io.llmstream.schema.EmbeddingRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestDecoderTest {
    private final RequestDecoder avro = new RequestDecoder(InputFormat.AVRO, 100, 1000);
    private final RequestDecoder json = new RequestDecoder(InputFormat.JSON, 100, 1000);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] avroRequest(String id, String text) {
        return Codecs.requests().encode(EmbeddingRequest.newBuilder().setId(id).setText(text)
                .setAttributes(Map.of("lang", "en")).setSubmitTimeMillis(42L).build());
    }

    @Test
    void avroRequestRoundTrips() {
        DecodedRequest d = avro.decode(utf8("k"), avroRequest("a-1", "hello"));

        assertThat(d.isAccepted()).isTrue();
        assertThat(d.request().getId()).isEqualTo("a-1");
        assertThat(d.request().getText()).isEqualTo("hello");
        assertThat(d.request().getAttributes()).containsEntry("lang", "en");
        assertThat(d.request().getSubmitTimeMillis()).isEqualTo(42L);
    }

    @Test
    void bytesThatAreNotAvroAreUndecodableAndKeepTheKeyAsId() {
        DecodedRequest d = avro.decode(utf8("key-7"), utf8("{\"id\": \"x\", \"text\": \"json, not avro\"}"));

        assertThat(d.isAccepted()).isFalse();
        assertThat(d.rejection().reason()).isEqualTo(DeadLetterReason.UNDECODABLE);
        assertThat(d.id()).isEqualTo("key-7");
    }

    @Test
    void trailingBytesAfterAnAvroRecordAreRejected() {
        byte[] good = avroRequest("a", "b");
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 3);

        assertThat(avro.decode(null, longer).rejection().message()).contains("trailing bytes");
    }

    @Test
    void emptyPayloadAndNullKey() {
        DecodedRequest d = avro.decode(null, new byte[0]);

        assertThat(d.rejection().reason()).isEqualTo(DeadLetterReason.UNDECODABLE);
        assertThat(d.id()).isNull();
    }

    @Test
    void blankTextMissingIdAndOverlongText() {
        assertThat(avro.decode(null, avroRequest("a", " \n\t ")).rejection().reason()).isEqualTo(DeadLetterReason.EMPTY_TEXT);
        assertThat(avro.decode(utf8("k"), avroRequest("", "text")).rejection().reason()).isEqualTo(DeadLetterReason.MISSING_ID);
        DecodedRequest tooLong = avro.decode(null, avroRequest("a", "x".repeat(101)));
        assertThat(tooLong.rejection().reason()).isEqualTo(DeadLetterReason.TEXT_TOO_LONG);
        assertThat(tooLong.rejection().message()).contains("input.max-text-chars is 100");
        assertThat(tooLong.id()).isEqualTo("a");
    }

    @Test
    void aRecordOverTheByteLimitIsRejectedBeforeDecodingAndKeepsTheKeyAsId() {
        // 1,001 bytes that would not even decode: the size is checked first
        byte[] big = utf8("{" + " ".repeat(1000));
        DecodedRequest d = json.decode(utf8("big-1"), big);

        assertThat(d.rejection().reason()).isEqualTo(DeadLetterReason.RECORD_TOO_LARGE);
        assertThat(d.rejection().message()).isEqualTo("record value has 1001 bytes; input.max-record-bytes is 1000");
        assertThat(d.id()).isEqualTo("big-1");
        assertThat(json.decode(null, utf8("{\"id\": \"a\", \"text\": \"" + "x".repeat(80) + "\"}")).isAccepted()).isTrue();
        assertThatThrownBy(() -> new RequestDecoder(InputFormat.JSON, 100, 0)).hasMessageContaining("input.max-record-bytes");
    }

    @Test
    void jsonKeepsUnknownFieldsAsAttributes() {
        DecodedRequest d = json.decode(null, utf8("{\"id\": 17, \"text\": \"hi\", \"year\": 1790, \"tags\": [\"a\"], \"attributes\": {\"src\": \"x\"}}"));

        assertThat(d.isAccepted()).isTrue();
        assertThat(d.request().getId()).isEqualTo("17");
        assertThat(d.request().getAttributes()).containsEntry("year", "1790").containsEntry("tags", "[\"a\"]").containsEntry("src", "x");
    }

    @Test
    void jsonWithoutIdOrTextGetsItsOwnReason() {
        assertThat(json.decode(utf8("line-3"), utf8("{\"text\": \"hi\"}")).rejection().reason()).isEqualTo(DeadLetterReason.MISSING_ID);
        assertThat(json.decode(null, utf8("{\"id\": \"a\"}")).rejection().reason()).isEqualTo(DeadLetterReason.EMPTY_TEXT);
        assertThat(json.decode(null, utf8("{\"id\": \"a\", \"text\": null}")).rejection().reason()).isEqualTo(DeadLetterReason.EMPTY_TEXT);
    }

    @Test
    void aTextThatIsNotAStringIsAnInvalidFieldUnderTheRequestsIdAndJob() {
        DecodedRequest list = json.decode(utf8("line-19"), utf8(
                "{\"id\": \"bad-20\", \"jobId\": \"j-1\", \"text\": [\"list\", \"of\", \"strings\"]}"));
        DecodedRequest nested = json.decode(utf8("k"), utf8("{\"id\": \"bad-21\", \"text\": {\"nested\": \"secret words\"}}"));
        DecodedRequest number = json.decode(utf8("k"), utf8("{\"id\": \"bad-22\", \"text\": 42}"));

        assertThat(list.rejection().reason()).isEqualTo(DeadLetterReason.INVALID_FIELD);
        assertThat(list.id()).isEqualTo("bad-20");
        assertThat(list.jobId()).isEqualTo("j-1");
        assertThat(list.rejection().message()).isEqualTo("field 'text' must be a string, got an array");
        assertThat(nested.id()).isEqualTo("bad-21");
        assertThat(nested.rejection().message()).isEqualTo("field 'text' must be a string, got an object").doesNotContain("secret");
        assertThat(number.rejection().reason()).isEqualTo(DeadLetterReason.INVALID_FIELD);
        assertThat(number.rejection().message()).endsWith("got a number");
    }

    @Test
    void anIntegerIdIsReadAsItsDecimalDigitsAndAnyOtherNonStringIdIsAnInvalidField() {
        DecodedRequest integer = json.decode(utf8("k"), utf8("{\"id\": 12345678901234567890, \"text\": \"hi\"}"));
        DecodedRequest fraction = json.decode(utf8("k"), utf8("{\"id\": 1.5, \"text\": \"hi\"}"));
        DecodedRequest object = json.decode(utf8("line-4"), utf8("{\"id\": {\"a\": 1}, \"text\": \"hi\"}"));

        assertThat(integer.isAccepted()).isTrue();
        assertThat(integer.request().getId()).isEqualTo("12345678901234567890");
        assertThat(fraction.rejection().reason()).isEqualTo(DeadLetterReason.INVALID_FIELD);
        assertThat(fraction.id()).isEqualTo("1.5");
        assertThat(fraction.rejection().message()).isEqualTo("field 'id' must be a string or an integer, got a number");
        assertThat(object.rejection().reason()).isEqualTo(DeadLetterReason.INVALID_FIELD);
        assertThat(object.id()).as("an unreadable id leaves the key").isEqualTo("line-4");
        assertThat(object.rejection().message()).endsWith("got an object");
        assertThat(json.decode(utf8("line-5"), utf8("{\"id\": \" \", \"text\": [1]}")).id())
                .as("a blank id is no id").isEqualTo("line-5");
    }

    @Test
    void attributesAndJobIdOfTheWrongTypeAreInvalidFieldsUnderTheId() {
        DecodedRequest attributes = json.decode(null, utf8("{\"id\": \"a-1\", \"text\": \"hi\", \"attributes\": [1]}"));
        DecodedRequest job = json.decode(null, utf8("{\"id\": \"a-2\", \"text\": \"hi\", \"jobId\": true}"));

        assertThat(attributes.rejection().reason()).isEqualTo(DeadLetterReason.INVALID_FIELD);
        assertThat(attributes.id()).isEqualTo("a-1");
        assertThat(attributes.rejection().message()).isEqualTo("field 'attributes' must be an object, got an array");
        assertThat(job.id()).isEqualTo("a-2");
        assertThat(job.rejection().message()).isEqualTo("field 'jobId' must be a string or an integer, got a boolean");
    }

    @Test
    void anOverlongIdOfAnInvalidRequestIsClippedLikeAnyOther() {
        String id = "i".repeat(RequestDecoder.MAX_ID_CHARS + 10);
        DecodedRequest d = new RequestDecoder(InputFormat.JSON, 100, 10_000).decode(null, utf8("{\"id\": \"" + id + "\", \"text\": [1]}"));

        assertThat(d.rejection().reason()).isEqualTo(DeadLetterReason.INVALID_FIELD);
        assertThat(d.id()).hasSize(RequestDecoder.MAX_ID_CHARS);
    }

    @Test
    void jsonThatIsNotAnObjectOrNotUtf8IsUndecodable() {
        assertThat(json.decode(null, utf8("[1, 2]")).rejection().reason()).isEqualTo(DeadLetterReason.UNDECODABLE);
        assertThat(json.decode(null, utf8("{\"id\": ")).rejection().reason()).isEqualTo(DeadLetterReason.UNDECODABLE);
        DecodedRequest badUtf8 = json.decode(null, new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        assertThat(badUtf8.rejection().message()).contains("not valid UTF-8");
    }

    @Test
    void formatNamesAreValidated() {
        assertThat(InputFormat.parse("input.format", "JSON")).isEqualTo(InputFormat.JSON);
        assertThatThrownBy(() -> InputFormat.parse("input.format", "csv"))
                .hasMessageContaining("input.format = 'csv'")
                .hasMessageContaining("allowed: avro, json");
    }

    @Test
    void avroConfluentRequestsAreReadByTheirSchemaIdAndValidatedLikeTheOthers() {
        RequestDecoder confluent = new RequestDecoder(InputFormat.AVRO_CONFLUENT, 100, 1000,
                id -> EmbeddingRequest.getClassSchema());

        DecodedRequest ok = confluent.decode(null, ConfluentWireFormat.frame(3, avroRequest("c-1", "hello")));
        DecodedRequest noId = confluent.decode(utf8("k"), ConfluentWireFormat.frame(3, avroRequest("", "hello")));
        DecodedRequest plainAvro = confluent.decode(utf8("key-9"), avroRequest("c-2", "hello"));

        assertThat(ok.isAccepted()).isTrue();
        assertThat(ok.request().getId()).isEqualTo("c-1");
        assertThat(noId.rejection().reason()).isEqualTo(DeadLetterReason.MISSING_ID);
        assertThat(plainAvro.rejection().reason()).isEqualTo(DeadLetterReason.UNDECODABLE);
        assertThat(plainAvro.rejection().message()).contains("not in the Confluent wire format");
        assertThat(plainAvro.id()).isEqualTo("key-9");
    }

    @Test
    void avroConfluentNeedsARegistry() {
        assertThat(InputFormat.parse("input.format", "avro-confluent")).isEqualTo(InputFormat.AVRO_CONFLUENT);
        assertThat(InputFormat.AVRO_CONFLUENT.key()).isEqualTo("avro-confluent");
        assertThatThrownBy(() -> new RequestDecoder(InputFormat.AVRO_CONFLUENT, 100, 1000))
                .hasMessageContaining("needs a schema registry");
    }
}
