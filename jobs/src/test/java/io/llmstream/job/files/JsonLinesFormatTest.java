package io.llmstream.job.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmstream.flink.RawRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lines of a request file as raw records: keys, blank lines, line breaks, long lines, compression, restore. */
class JsonLinesFormatTest {
    @TempDir
    Path dir;

    private static List<RawRecord> all(JsonLinesFormat.LinesReader reader) throws Exception {
        List<RawRecord> out = new ArrayList<>();
        RawRecord r;
        while ((r = reader.nextRecord()) != null) {
            out.add(r);
        }
        return out;
    }

    private static JsonLinesFormat.LinesReader reader(String content, int maxLineBytes) {
        return new JsonLinesFormat.LinesReader("file:/in/a.jsonl", new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)),
                maxLineBytes);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void eachNonBlankLineIsARecordKeyedByFileAndLineNumber() throws Exception {
        List<RawRecord> records = all(reader("{\"id\": 1}\n\n   \n{\"id\": 2}\r\nlast without a break", 100));

        assertThat(records).extracting(r -> text(r.key)).containsExactly("file:/in/a.jsonl:1", "file:/in/a.jsonl:4",
                "file:/in/a.jsonl:5");
        assertThat(records).extracting(r -> text(r.value)).containsExactly("{\"id\": 1}", "{\"id\": 2}", "last without a break");
        assertThat(records).extracting(r -> r.offset).containsExactly(1L, 4L, 5L);
    }

    @Test
    void aByteOrderMarkAtTheStartIsDropped() throws Exception {
        assertThat(text(all(reader("\uFEFF{\"id\": 1}\n", 100)).get(0).value)).isEqualTo("{\"id\": 1}");
    }

    @Test
    void aLineOverTheLimitKeepsOnlyOneByteMoreThanTheLimitAndTheNextLineIsIntact() throws Exception {
        String longLine = "x".repeat(200_000);
        List<RawRecord> records = all(reader(longLine + "\n{\"id\": 2}\n", 1000));

        assertThat(records.get(0).value).hasSize(1001);
        assertThat(text(records.get(1).value)).isEqualTo("{\"id\": 2}");
        assertThat(text(records.get(1).key)).endsWith(":2");
    }

    @Test
    void gzipFilesAreDecompressedAndARestoredReaderSkipsWhatWasEmitted() throws Exception {
        Path file = dir.resolve("requests.jsonl.gz");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            for (int i = 1; i <= 600; i++) {
                gz.write(("{\"id\": \"r-" + i + "\"}\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        Files.write(file, bytes.toByteArray());
        org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(file.toUri());
        FileSourceSplit split = new FileSourceSplit("0", path, 0, Files.size(file), 0, Files.size(file));
        JsonLinesFormat format = new JsonLinesFormat(1000);

        List<RecordAndPosition<RawRecord>> first = batch(format.createReader(new Configuration(), split));
        assertThat(first).hasSize(256);
        assertThat(text(first.get(0).getRecord().value)).isEqualTo("{\"id\": \"r-1\"}");
        assertThat(first.get(255).getRecordSkipCount()).isEqualTo(256);

        FileSourceSplit checkpointed = split.updateWithCheckpointedPosition(
                new CheckpointedPosition(CheckpointedPosition.NO_OFFSET, first.get(99).getRecordSkipCount()));
        List<RecordAndPosition<RawRecord>> resumed = batch(format.restoreReader(new Configuration(), checkpointed));
        assertThat(text(resumed.get(0).getRecord().value)).isEqualTo("{\"id\": \"r-101\"}");
        assertThat(text(resumed.get(0).getRecord().key)).endsWith(":101");
        assertThat(resumed.get(0).getRecordSkipCount()).isEqualTo(101);
    }

    private static List<RecordAndPosition<RawRecord>> batch(BulkFormat.Reader<RawRecord> reader) throws Exception {
        List<RecordAndPosition<RawRecord>> out = new ArrayList<>();
        try (reader) {
            BulkFormat.RecordIterator<RawRecord> it = reader.readBatch();
            RecordAndPosition<RawRecord> r;
            while ((r = it.next()) != null) {
                // the iterator reuses its position object
                out.add(new RecordAndPosition<>(r.getRecord(), r.getOffset(), r.getRecordSkipCount()));
            }
        }
        return out;
    }
}
