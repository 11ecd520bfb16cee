package io.llmstream.batchapi;

import io.llmstream.server.ApiError;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code multipart/form-data} upload as OpenAI's {@code POST /v1/files} takes it: the
 * {@code file} part is streamed to disk as it arrives, never held in memory, and the other parts
 * ({@code purpose}) are read as short text fields. The whole body may have at most a limit of
 * bytes; a body announced larger is refused before it is read, and one that turns out larger is
 * refused as soon as it passes the limit.
 */
final class MultipartUpload {
    private static final Pattern BOUNDARY = Pattern.compile("(?i);\\s*boundary=(\"([^\"]+)\"|[^;\\s]+)");
    private static final Pattern NAME = Pattern.compile("(?i)(?:^|;)\\s*name=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("(?i);\\s*filename=\"([^\"]*)\"");
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final int MAX_FIELD_BYTES = 64 * 1024;
    private static final String OPTION = "--max-upload-bytes";

    /** The form's text fields, and the {@code file} part as a file on disk (null when the form had none). */
    record Form(Map<String, String> fields, Path file, String filename) {}

    private final InputStream in;
    private final byte[] delimiter;

    private MultipartUpload(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads the form.
     *
     * @param contentType the request's {@code Content-Type}, which names the boundary
     * @param contentLength the request's {@code Content-Length}, or null
     * @param target where the {@code file} part goes
     * @throws ApiError 413 over the limit, 400 when the body is not a well-formed form
     */
    static Form read(InputStream body, String contentType, String contentLength, long limit, Path target) throws IOException {
        if (contentLength != null) {
            try {
                if (Long.parseLong(contentLength.trim()) > limit) {
                    throw ApiError.tooLarge(limit, OPTION);
                }
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("Content-Length '" + contentLength + "' is not a number", null, "invalid_request");
            }
        }
        Matcher m = contentType == null || !contentType.toLowerCase().startsWith("multipart/form-data") ? null
                : BOUNDARY.matcher(contentType);
        if (m == null || !m.find()) {
            throw ApiError.badRequest("upload the file as multipart/form-data with the fields 'file' and 'purpose'"
                    + " (curl -F purpose=batch -F file=@requests.jsonl); got Content-Type " + contentType, null, "invalid_request");
        }
        String boundary = m.group(2) != null ? m.group(2) : m.group(1);
        return new MultipartUpload(new BufferedInputStream(new LimitedInput(body, limit), 64 * 1024), boundary).form(target);
    }

    private Form form(Path target) throws IOException {
        Map<String, String> fields = new HashMap<>();
        Path file = null;
        String filename = null;
        // the body opens with the delimiter less its leading line break
        if (!scan(OutputStream.nullOutputStream(), Long.MAX_VALUE, 2)) {
            throw malformed("no part starts with the boundary");
        }
        while (!lastDelimiter()) {
            String headers = headers();
            Matcher name = NAME.matcher(disposition(headers));
            if (!name.find()) {
                throw malformed("a part has no Content-Disposition name");
            }
            if (name.group(1).equals("file")) {
                Matcher f = FILENAME.matcher(disposition(headers));
                filename = f.find() ? f.group(1) : "upload.jsonl";
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 64 * 1024)) {
                    if (!copyTo(out, Long.MAX_VALUE)) {
                        throw malformed("the file part does not end with the boundary");
                    }
                }
                file = target;
            } else {
                ByteArrayOutputStream value = new ByteArrayOutputStream();
                if (!copyTo(value, MAX_FIELD_BYTES)) {
                    throw malformed("field '" + name.group(1) + "' is longer than " + MAX_FIELD_BYTES + " bytes or does not end");
                }
                fields.put(name.group(1), value.toString(StandardCharsets.UTF_8));
            }
        }
        return new Form(fields, file, filename);
    }

    /** After a delimiter: {@code --} ends the form, a line break starts another part. */
    private boolean lastDelimiter() throws IOException {
        int a = in.read();
        int b = in.read();
        if (a == '-' && b == '-') {
            return true;
        }
        if (a == '\r' && b == '\n') {
            return false;
        }
        throw malformed("a boundary is followed by neither a line break nor '--'");
    }

    private String headers() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] end = {'\r', '\n', '\r', '\n'};
        // the line break after the delimiter counts, so that a part without headers ends them at once
        int matched = 2;
        int c;
        while (matched < end.length && (c = in.read()) >= 0) {
            bytes.write(c);
            matched = c == end[matched] ? matched + 1 : c == '\r' ? 1 : 0;
            if (bytes.size() > MAX_HEADER_BYTES) {
                throw malformed("a part's headers are longer than " + MAX_HEADER_BYTES + " bytes");
            }
        }
        if (matched < end.length) {
            throw malformed("a part's headers do not end");
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String disposition(String headers) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Disposition")) {
                return line.substring(colon + 1);
            }
        }
        return "";
    }

    /** Copies the bytes before the next delimiter to {@code out}; false when the body ends first or more than {@code max} come. */
    private boolean copyTo(OutputStream out, long max) throws IOException {
        return scan(out, max, 0);
    }

    /**
     * Finds the delimiter in the stream, writing what comes before it; false when the body ends
     * first or more than {@code max} bytes come. The body opens with the delimiter less its
     * leading line break, which {@code alreadyMatched} 2 allows for. The delimiter's first byte, a
     * carriage return, occurs nowhere else in it, so after a mismatch the search restarts at the
     * byte that broke the match: no earlier position can begin a match.
     */
    private boolean scan(OutputStream out, long max, int alreadyMatched) throws IOException {
        int matched = alreadyMatched;
        long written = 0;
        int c;
        while ((c = in.read()) >= 0) {
            if (c == (delimiter[matched] & 0xff)) {
                if (++matched == delimiter.length) {
                    return true;
                }
                continue;
            }
            if (matched > 0) {
                out.write(delimiter, 0, matched);
                written += matched;
            }
            matched = 0;
            if (c == '\r') {
                matched = 1;
            } else {
                out.write(c);
                written++;
            }
            if (written > max) {
                return false;
            }
        }
        return false;
    }

    private static ApiError malformed(String why) {
        return ApiError.badRequest("the upload is not a well-formed multipart/form-data body: " + why, null, "invalid_request");
    }

    /** The body, refused with 413 as soon as more than the limit has been read. */
    private static final class LimitedInput extends InputStream {
        private final InputStream in;
        private final long limit;
        private long read;

        LimitedInput(InputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int c = in.read();
            if (c >= 0) {
                count(1);
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw ApiError.tooLarge(limit, OPTION);
            }
        }
    }
}
