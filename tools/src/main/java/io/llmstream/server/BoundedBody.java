package io.llmstream.server;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body up to a limit. A body announced larger than the limit is refused without
 * reading it, and a body without a length (chunked) is read only until it passes the limit, so a
 * huge body never sits whole in memory.
 */
public final class BoundedBody {
    private BoundedBody() {}

    /**
     * @param setBy what sets the limit, for the 413's message (an option, or why it is fixed)
     * @throws ApiError 413 when the body is larger than {@code limit} bytes
     */
    public static byte[] read(HttpExchange exchange, long limit, String setBy) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > limit) {
                    throw ApiError.tooLarge(limit, setBy);
                }
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("Content-Length '" + length + "' is not a number", null, "invalid_request");
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit, 64 * 1024));
        byte[] buffer = new byte[16 * 1024];
        InputStream in = exchange.getRequestBody();
        int n;
        while ((n = in.read(buffer)) >= 0) {
            if (out.size() + n > limit) {
                throw ApiError.tooLarge(limit, setBy);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
