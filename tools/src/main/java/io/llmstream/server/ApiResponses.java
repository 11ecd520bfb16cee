package io.llmstream.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;

/** Writes the answers of the embed server and the batch API: JSON bodies, and errors in OpenAI's shape. */
public final class ApiResponses {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Seconds a client told 429 (busy) should wait: about the time a full batch of requests takes to answer. */
    public static final int RETRY_AFTER_SECONDS = 1;

    private ApiResponses() {}

    /**
     * {@code {"error": {"message", "type", "param", "code"}}} with the error's status; a 401 also
     * asks for a bearer token, a 429 says when to try again.
     */
    public static void error(HttpExchange exchange, ApiError e) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("message", e.getMessage()).put("type", e.type()).put("param", e.param()).put("code", e.code());
        if (e.status() == 401) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        }
        if (e.status() == 429) {
            exchange.getResponseHeaders().set("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        }
        json(exchange, e.status(), body);
    }

    public static void json(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
    }

    public static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
