package io.llmstream.batchapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.server.ApiError;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultipartUploadTest {
    private static final String TYPE = "multipart/form-data; boundary=----b0undary";

    @TempDir
    Path dir;

    private static String form(String content) {
        return "------b0undary\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                + "------b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"requests.jsonl\"\r\n"
                + "Content-Type: application/jsonl\r\n\r\n" + content + "\r\n------b0undary--\r\n";
    }

    private MultipartUpload.Form read(String body, String length, long limit) throws Exception {
        InputStream in = new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
        return MultipartUpload.read(in, TYPE, length, limit, dir.resolve("upload"));
    }

    @Test
    void theFilePartGoesToDiskByteForByteAndTheFieldsAreRead() throws Exception {
        // line breaks, a lone carriage return and dashes that start like the boundary stay in the file
        String content = "{\"custom_id\": \"a\"}\r\n{\"custom_id\": \"b\\r\"}\n\r--not the boundary\r\n\r\n------b0undar\n";
        MultipartUpload.Form form = read(form(content), null, 1 << 20);
        assertThat(form.fields()).containsEntry("purpose", "batch");
        assertThat(form.filename()).isEqualTo("requests.jsonl");
        assertThat(Files.readString(form.file())).isEqualTo(content);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWhetherAnnouncedOrNot() {
        String body = form("x".repeat(4096));
        assertThatThrownBy(() -> read(body, String.valueOf(body.length()), 2048))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(413))
                .hasMessageContaining("limit of 2048 bytes (--max-upload-bytes)");
        assertThatThrownBy(() -> read(body, null, 2048))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(413));
        assertThat(dir.resolve("upload")).satisfies(p -> assertThat(!Files.exists(p) || Files.size(p) <= 2048).isTrue());
    }

    @Test
    void aBodyThatIsNotAFormIsA400() {
        assertThatThrownBy(() -> MultipartUpload.read(new ByteArrayInputStream(new byte[0]), "application/json", null, 1024,
                dir.resolve("u"))).isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("multipart/form-data with the fields 'file' and 'purpose'");
        assertThatThrownBy(() -> read("------b0undary\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nno end", null, 1024))
                .isInstanceOf(ApiError.class).hasMessageContaining("the file part does not end with the boundary");
    }
}
