package io.llmstream.testutils;

import java.io.IOException;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * An S3 API endpoint on this machine for tests: S3Proxy with its in-memory store, started as a JVM of
 * its own from the jar the build copies to {@code target/s3/s3proxy/} (so its Jetty and Jackson never
 * meet the tests'), requiring signed requests with {@link #ACCESS_KEY} and {@link #SECRET_KEY}. Its
 * small client signs with AWS signature version 2, which S3Proxy accepts beside version 4, so the
 * tests put and read objects without going through the file system under test.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "llmstream-test";
    public static final String SECRET_KEY = "llmstream-test-secret";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    private final Process process;
    private final String endpoint;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private S3ProxyServer(Process process, String endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /**
     * Starts S3Proxy with its files under {@code dir} and waits until it answers.
     *
     * @throws IllegalStateException when the jar is missing (run the tools' integration tests through Maven, which
     *     copies it) or the server does not answer within a minute
     */
    public static S3ProxyServer start(Path dir) throws IOException, InterruptedException {
        Path jar = Path.of("target", "s3", "s3proxy", "s3proxy.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; the tools module's pre-integration-test phase copies it"
                    + " (mvn -pl tools -am verify -Dit.test=...)");
        }
        Files.createDirectories(dir);
        int port = freePort();
        String endpoint = "http://127.0.0.1:" + port;
        Path properties = dir.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=" + endpoint,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=transient") + "\n");
        Path log = dir.resolve("s3proxy.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString(), "--properties", properties.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // the server must not outlive the test JVM, even when that JVM is stopped without closing it
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + "; see " + log);
            }
            if (accepts(port)) {
                return new S3ProxyServer(process, endpoint, log);
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new IllegalStateException("S3Proxy did not answer within a minute; see " + log);
    }

    /** e.g. {@code http://127.0.0.1:40123}: what {@code s3.endpoint} is set to. */
    public String endpoint() {
        return endpoint;
    }

    public Path log() {
        return log;
    }

    public void createBucket(String bucket) throws IOException, InterruptedException {
        send("PUT", "/" + bucket, "", HttpRequest.BodyPublishers.noBody());
    }

    public void put(String bucket, String key, byte[] content) throws IOException, InterruptedException {
        send("PUT", "/" + bucket + "/" + key, "", HttpRequest.BodyPublishers.ofByteArray(content));
    }

    public byte[] get(String bucket, String key) throws IOException, InterruptedException {
        return send("GET", "/" + bucket + "/" + key, "", HttpRequest.BodyPublishers.noBody());
    }

    /** Every key under {@code prefix}, however deep. */
    public List<String> list(String bucket, String prefix) throws Exception {
        List<String> keys = new ArrayList<>();
        String marker = "";
        while (true) {
            String query = "?prefix=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8)
                    + (marker.isEmpty() ? "" : "&marker=" + URLEncoder.encode(marker, StandardCharsets.UTF_8));
            byte[] body = send("GET", "/" + bucket + "/", query, HttpRequest.BodyPublishers.noBody());
            Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new InputSource(new StringReader(new String(body, StandardCharsets.UTF_8))));
            NodeList found = xml.getElementsByTagName("Key");
            for (int i = 0; i < found.getLength(); i++) {
                keys.add(found.item(i).getTextContent());
            }
            NodeList truncated = xml.getElementsByTagName("IsTruncated");
            if (found.getLength() == 0 || truncated.getLength() == 0 || !"true".equals(truncated.item(0).getTextContent())) {
                return keys;
            }
            marker = keys.get(keys.size() - 1);
        }
    }

    /** The HTTP status of an unsigned request to list {@code bucket}: S3Proxy refuses it, as S3 does. */
    public int unsignedListStatus(String bucket) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/" + bucket + "/")).GET()
                .timeout(Duration.ofSeconds(30)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private byte[] send(String method, String resource, String query, HttpRequest.BodyPublisher body)
            throws IOException, InterruptedException {
        String date = HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC));
        String contentType = "application/octet-stream";
        String toSign = method + "\n\n" + contentType + "\n" + date + "\n" + resource;
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + resource + query))
                .method(method, body)
                .header("Date", date)
                .header("Content-Type", contentType)
                .header("Authorization", "AWS " + ACCESS_KEY + ":" + sign(toSign))
                .timeout(Duration.ofSeconds(30))
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(method + " " + resource + query + ": " + response.statusCode() + " "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    private static String sign(String toSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(SECRET_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean accepts(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(1, TimeUnit.MINUTES);
        }
    }
}
