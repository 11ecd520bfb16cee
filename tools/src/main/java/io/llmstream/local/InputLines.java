package io.llmstream.local;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;

/**
 * Reads the lines of a JSONL file without ever holding a line longer than a limit: a longer line
 * is streamed past, keeping only its first {@link #HEAD_CHARS} characters, its size in UTF-8
 * bytes and its top-level {@code id}, found by a streaming JSON parser that skips the long text
 * without copying it. A 64 MiB line thus costs the limit's worth of memory, not several copies
 * of the line.
 */
public final class InputLines {
    /** How much of an oversized line is kept, as the dead letter's payload. */
    public static final int HEAD_CHARS = 32 * 1024;
    private static final JsonFactory JSON = new JsonFactory();

    /**
     * One line.
     *
     * @param number its line number, from 1
     * @param text the whole line, or {@code null} when it is longer than the limit
     * @param bytes its size in UTF-8 bytes; computed only for a line over the limit
     * @param oversizedId the top-level id of a line over the limit, if it has one
     * @param head the first {@link #HEAD_CHARS} characters of a line over the limit
     */
    public record Line(int number, String text, long bytes, String oversizedId, String head) {
        /** True when the line was longer than the limit and only {@link #head} was kept. */
        public boolean oversized() {
            return text == null;
        }
    }

    private final BufferedReader in;
    private final int maxChars;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;
    private int number;

    /** @param maxChars longest line held in memory; a line with more characters is {@link Line#oversized()} */
    public InputLines(BufferedReader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /** The next line, or {@code null} at the end of the input. */
    public Line next() throws IOException {
        StringBuilder line = new StringBuilder();
        int c = read();
        if (c < 0) {
            return null;
        }
        number++;
        while (c >= 0 && c != '\n') {
            line.append((char) c);
            if (line.length() > maxChars) {
                return oversized(line);
            }
            c = read();
        }
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
        }
        return new Line(number, line.toString(), 0, null, null);
    }

    /** One character of the input, or -1 at its end; a buffer of our own, since a line may be read one character at a time. */
    private int read() throws IOException {
        if (position == limit) {
            limit = in.read(buffer, 0, buffer.length);
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return -1;
            }
        }
        return buffer[position++];
    }

    private Line oversized(StringBuilder start) throws IOException {
        String head = start.substring(0, Math.min(start.length(), HEAD_CHARS));
        RestOfLine rest = new RestOfLine(utf8Bytes(start));
        Reader whole = new ConcatReader(new StringReader(start.toString()), rest);
        String id = topLevelId(whole);
        rest.drain();
        return new Line(number, null, rest.bytes, id, head);
    }

    /** The value of the object's top-level {@code id} field (a string or a number), or {@code null}. */
    private static String topLevelId(Reader json) {
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("id".equals(field) && (value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT)) {
                    return parser.getText();
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static long utf8Bytes(CharSequence s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            bytes += utf8Bytes(s.charAt(i));
        }
        return bytes;
    }

    /** A surrogate counts 2, so a pair counts the 4 bytes of its code point. */
    private static int utf8Bytes(char c) {
        return c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }

    /** The rest of the current line, up to and without its newline, counting its UTF-8 bytes. */
    private final class RestOfLine extends Reader {
        private long bytes;
        private boolean ended;

        RestOfLine(long bytesSoFar) {
            this.bytes = bytesSoFar;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            if (ended || len == 0) {
                return ended ? -1 : 0;
            }
            int n = 0;
            while (n < len) {
                int c = InputLines.this.read();
                if (c < 0 || c == '\n') {
                    ended = true;
                    break;
                }
                if (c != '\r') {
                    bytes += utf8Bytes((char) c);
                }
                buf[off + n++] = (char) c;
            }
            return n == 0 ? -1 : n;
        }

        void drain() throws IOException {
            char[] skip = new char[8192];
            while (read(skip, 0, skip.length) >= 0) {
                // reading counts the bytes and stops at the line's end
            }
        }

        @Override
        public void close() {
            // the file stays open for the next line
        }
    }

    /** {@code first}, then {@code second}, as one reader. */
    private static final class ConcatReader extends Reader {
        private final Reader first;
        private final Reader second;
        private boolean firstDone;

        ConcatReader(Reader first, Reader second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            if (!firstDone) {
                int n = first.read(buf, off, len);
                if (n >= 0) {
                    return n;
                }
                firstDone = true;
            }
            return second.read(buf, off, len);
        }

        @Override
        public void close() {
            // neither reader owns the file
        }
    }
}
