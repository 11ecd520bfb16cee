package io.llmstream.testutils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates for a TLS test, made with the JDK's {@code keytool} (no extra library):
 * one PKCS12 key store per party, protected by a password, and the certificate alone as PEM, which
 * the other party takes as its trust store.
 */
public final class SelfSignedCertificates {
    private SelfSignedCertificates() {}

    /** One party's key store, its password and its certificate. */
    public static final class Party {
        public final Path keyStore;
        public final String password;
        public final Path certificatePem;

        Party(Path keyStore, String password, Path certificatePem) {
            this.keyStore = keyStore;
            this.password = password;
            this.certificatePem = certificatePem;
        }
    }

    /** A key pair and a certificate for {@code localhost} (also 127.0.0.1), valid for a day. */
    public static Party create(Path dir, String name, String password) throws IOException, InterruptedException {
        Path keyStore = dir.resolve(name + ".p12");
        Path pem = dir.resolve(name + ".pem");
        keytool("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-validity", "1",
                "-dname", "CN=localhost,O=llm-stream test " + name, "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-rfc", "-alias", name, "-keystore", keyStore.toString(), "-storepass", password,
                "-file", pem.toString());
        return new Party(keyStore, password, pem);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + output);
        }
    }
}
