package io.llmstream.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Request bodies up to a limit, on a real loopback HTTP server: announced, chunked, and the 413's message. */
class BoundedBodyTest {
    private static final int LIMIT = 1024;
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] answer;
            int status;
            try {
                answer = ("read " + BoundedBody.read(exchange, LIMIT, "fixed for this path").length).getBytes(StandardCharsets.UTF_8);
                status = 200;
            } catch (ApiError e) {
                answer = e.getMessage().getBytes(StandardCharsets.UTF_8);
                status = e.status();
            }
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpResponse<String> post(HttpRequest.BodyPublisher body) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        return http.send(HttpRequest.newBuilder(uri).POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aBodyAtTheLimitIsReadWhole() throws Exception {
        HttpResponse<String> r = post(HttpRequest.BodyPublishers.ofByteArray(new byte[LIMIT]));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("read " + LIMIT);
    }

    @Test
    void aBodyOverTheLimitGets413NamingTheLimitAndWhatSetsIt() throws Exception {
        HttpResponse<String> announced = post(HttpRequest.BodyPublishers.ofByteArray(new byte[LIMIT + 1]));
        assertThat(announced.statusCode()).isEqualTo(413);
        assertThat(announced.body()).isEqualTo("the request body is larger than the server's limit of 1024 bytes (fixed for this path)");
        // no Content-Length: read only until it passes the limit
        HttpResponse<String> chunked = post(HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(new byte[LIMIT * 4])));
        assertThat(chunked.statusCode()).isEqualTo(413);
    }
}
