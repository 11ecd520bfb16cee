package io.llmstream.job.files;

import io.llmstream.flink.RawRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.flink.api.common.io.compression.InflaterInputStreamFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.compression.StandardDeCompressors;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.Path;

/**
 * Reads a file of requests, one per line, as {@link RawRecord}s: the line's bytes undecoded (so that
 * a line that is not UTF-8 or not JSON becomes a dead letter with its bytes), keyed by
 * {@code <path>:<line number>}, which is the id of a line whose own id cannot be read. Blank lines
 * are skipped. A line longer than {@code maxLineBytes} is never held whole: its first
 * {@code maxLineBytes + 1} bytes are kept, enough for the decoder to refuse it as
 * {@code RECORD_TOO_LARGE}. Files with a suffix Flink has a decompressor for ({@code .gz},
 * {@code .deflate}, {@code .bz2}, {@code .xz}) are decompressed.
 *
 * <p>A file is one split, read from its start; a restored reader skips the lines already emitted,
 * as counted in the split's checkpointed position.
 */
public final class JsonLinesFormat implements BulkFormat<RawRecord, FileSourceSplit> {
    private static final long serialVersionUID = 1L;
    private static final int BATCH = 256;

    private final int maxLineBytes;

    /** @param maxLineBytes the decoder's {@code input.max-record-bytes} */
    public JsonLinesFormat(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public Reader<RawRecord> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return open(split, 0);
    }

    @Override
    public Reader<RawRecord> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        return open(split, split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L));
    }

    private Reader<RawRecord> open(FileSourceSplit split, long skip) throws IOException {
        Path path = split.path();
        InputStream in = path.getFileSystem().open(path);
        InflaterInputStreamFactory<?> inflater = StandardDeCompressors.getDecompressorForFileName(path.getPath());
        LinesReader reader = new LinesReader(path.toString(), inflater == null ? in : inflater.create(in), maxLineBytes);
        for (long i = 0; i < skip && reader.nextRecord() != null; i++) {
            // lines emitted before the checkpoint are read past, not emitted again
        }
        return reader;
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }

    /** Reads lines in batches; the position of each record is the count of records before it and itself. */
    static final class LinesReader implements Reader<RawRecord> {
        private final String file;
        private final InputStream in;
        private final int maxLineBytes;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        // read through a buffer of our own: a synchronized read() per byte would cost more than the parsing
        private final byte[] buffer = new byte[64 * 1024];
        private int position;
        private int limit;
        private long emitted;
        private long lineNumber;
        private boolean ended;

        LinesReader(String file, InputStream in, int maxLineBytes) {
            this.file = file;
            this.in = in;
            this.maxLineBytes = maxLineBytes;
        }

        @Override
        public RecordIterator<RawRecord> readBatch() throws IOException {
            RawRecord[] batch = new RawRecord[BATCH];
            long before = emitted;
            int n = 0;
            RawRecord next;
            while (n < BATCH && (next = nextRecord()) != null) {
                batch[n++] = next;
            }
            if (n == 0) {
                return null;
            }
            ArrayResultIterator<RawRecord> records = new ArrayResultIterator<>();
            records.set(batch, n, CheckpointedPosition.NO_OFFSET, before);
            return records;
        }

        /** The next non-blank line as a record, or {@code null} at the end of the file. */
        RawRecord nextRecord() throws IOException {
            while (!ended) {
                byte[] value = nextLine();
                if (value == null) {
                    ended = true;
                } else if (!isBlank(value)) {
                    emitted++;
                    String key = file + ":" + lineNumber;
                    return new RawRecord(key.getBytes(StandardCharsets.UTF_8), value, file, 0, lineNumber);
                }
            }
            return null;
        }

        /** The next line without its line break; at most {@code maxLineBytes + 1} of its bytes. */
        private byte[] nextLine() throws IOException {
            line.reset();
            if (!fill()) {
                return null;
            }
            lineNumber++;
            boolean lineEnded = false;
            while (!lineEnded && fill()) {
                int start = position;
                while (position < limit && buffer[position] != '\n') {
                    position++;
                }
                int room = maxLineBytes + 1 - line.size();
                line.write(buffer, start, Math.max(0, Math.min(room, position - start)));
                if (position < limit) {
                    position++;
                    lineEnded = true;
                }
            }
            byte[] bytes = line.toByteArray();
            int end = bytes.length;
            if (end > 0 && bytes[end - 1] == '\r' && end <= maxLineBytes) {
                end--;
            }
            int start = lineNumber == 1 && end >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
                    && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
            return start == 0 && end == bytes.length ? bytes : Arrays.copyOfRange(bytes, start, end);
        }

        /** Whether bytes are left to read, reading more when the buffer is used up. */
        private boolean fill() throws IOException {
            if (position < limit) {
                return true;
            }
            int n = in.read(buffer);
            while (n == 0) {
                n = in.read(buffer);
            }
            position = 0;
            limit = Math.max(n, 0);
            return n > 0;
        }

        private static boolean isBlank(byte[] value) {
            for (byte b : value) {
                if (b != ' ' && b != '\t' && b != '\r') {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
