package io.llmstream.core.records;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro binary (no header, no schema id) for one record type, as written to and read from Kafka.
 * Decoding is strict: trailing bytes mean the payload was not one record of this schema.
 */
public final class AvroCodec<T extends SpecificRecord> {
    private final SpecificDatumWriter<T> writer;
    private final SpecificDatumReader<T> reader;
    private static final int MIN_SIZE_HINT = 256;
    /**
     * The buffer size the next record starts with: a little more than the last one took, so that a
     * result with its vector (1.5 KB and more) is written without growing and copying its buffer
     * three times. Racy between threads on purpose: any value is a correct hint.
     */
    private int sizeHint = MIN_SIZE_HINT;

    public AvroCodec(Class<T> type, Schema schema) {
        this.writer = new SpecificDatumWriter<>(type);
        this.reader = new SpecificDatumReader<>(schema);
    }

    public byte[] encode(T record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sizeHint = Math.max(MIN_SIZE_HINT, out.size() + out.size() / 8);
        return out.toByteArray();
    }

    /**
     * Decodes one record.
     *
     * @throws IOException when the bytes are not exactly one record of this schema
     */
    public T decode(byte[] bytes) throws IOException {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
        T record;
        try {
            record = reader.read(null, decoder);
        } catch (RuntimeException e) {
            // Avro reports impossible lengths and bad enum/union indexes as runtime exceptions
            throw new IOException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        if (!decoder.isEnd()) {
            throw new IOException("trailing bytes after the record");
        }
        return record;
    }
}
