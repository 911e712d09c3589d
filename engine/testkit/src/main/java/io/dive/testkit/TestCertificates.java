package io.dive.testkit;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;

/**
 * Certificates for TLS tests, made by Debian's openssl in a folder: {@code ca.pem} (the CA that signs the
 * server's certificate), {@code other.pem} (a CA that signs nothing here), and the server's
 * {@code cert.pem}/{@code key.pem} naming {@code localhost} only, also as {@code server.p12} (password
 * {@code test}).
 */
public final class TestCertificates {

    public static final String PASSWORD = "test";

    private TestCertificates() {
    }

    /** Makes the files in {@code dir}; {@code subject} is the server certificate's common name. */
    public static KeyStore make(Path dir, String subject) throws Exception {
        for (String c : new String[] {
                "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=right-ca -keyout ca-key.pem -out ca.pem",
                "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=other-ca -keyout other-key.pem -out other.pem",
                "openssl req -newkey rsa:2048 -nodes -subj /CN=" + subject + " -keyout key.pem -out cert.csr",
                "printf 'subjectAltName=DNS:localhost\\nextendedKeyUsage=serverAuth\\n' > ext.cnf",
                "openssl x509 -req -in cert.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 2 -extfile ext.cnf -out cert.pem",
                "openssl pkcs12 -export -in cert.pem -inkey key.pem -passout pass:" + PASSWORD + " -out server.p12"}) {
            Process p = new ProcessBuilder("sh", "-c", c).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new AssertionError(c + " failed: " + out);
            }
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }
}
