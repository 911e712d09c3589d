package io.dive.spi;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The certificates a server's TLS is checked against: the CA of its {@code ca:} file (PEM), or the
 * JDK's own when it gives none. Verification is never skipped: a certificate signed by another CA,
 * or one that does not name the host dive connects to, fails the handshake with one line that names
 * the server, the host and the certificate's subject.
 */
public final class TlsTrust {

    private TlsTrust() {
    }

    /** The CA certificates of a PEM file. */
    public static List<X509Certificate> read(Path pem, String server) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends java.security.cert.Certificate> all = CertificateFactory.getInstance("X.509").generateCertificates(in);
            List<X509Certificate> out = new ArrayList<>();
            all.forEach(c -> out.add((X509Certificate) c));
            if (out.isEmpty()) {
                throw new ProviderException(server + ": ca: " + pem + " holds no certificate (a PEM file, -----BEGIN CERTIFICATE-----)");
            }
            return out;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ProviderException(server + ": ca: no file " + pem + " (for manifests/local, images/build makes it)");
        } catch (IOException | CertificateException e) {
            throw new ProviderException(server + ": ca: " + pem + " is not a readable PEM certificate: " + e.getMessage());
        }
    }

    /** A context that trusts these CAs (the JDK's when empty), checking every peer as described above. */
    public static SSLContext context(List<X509Certificate> cas, String server) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (cas.isEmpty()) {
                tmf.init((KeyStore) null);
            } else {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                for (int i = 0; i < cas.size(); i++) {
                    ks.setCertificateEntry("ca-" + i, cas.get(i));
                }
                tmf.init(ks);
            }
            X509ExtendedTrustManager inner = null;
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    inner = x;
                }
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new Checked(inner, server)}, null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Wraps the JDK's checks so that a refusal says which server, which host and whose certificate. */
    private static final class Checked extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager inner;
        private final String server;

        Checked(X509ExtendedTrustManager inner, String server) {
            this.inner = inner;
            this.server = server;
        }

        private void check(X509Certificate[] chain, String authType, String host) throws CertificateException {
            String subject = chain.length == 0 ? "(none)" : chain[0].getSubjectX500Principal().getName();
            try {
                inner.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                throw new CertificateException(server + ": the certificate of " + host + " (subject " + subject
                        + ") is not signed by a CA this server trusts (its ca: file): " + e.getMessage(), e);
            }
            if (host != null && !names(chain[0], host)) {
                throw new CertificateException(server + ": the certificate of " + host + " (subject " + subject + ") does not name "
                        + host + " (it names " + altNames(chain[0]) + ")");
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            check(chain, authType, socket instanceof SSLSocket s && s.getHandshakeSession() != null ? s.getHandshakeSession().getPeerHost() : null);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            check(chain, authType, engine == null ? null : engine.getPeerHost());
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, authType, null);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("dive is never a TLS server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("dive is never a TLS server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("dive is never a TLS server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return inner.getAcceptedIssuers();
        }
    }

    /** Whether the certificate names the host: a DNS name (one leading wildcard label allowed) or an IP address. */
    static boolean names(X509Certificate cert, String host) {
        try {
            Collection<List<?>> alt = cert.getSubjectAlternativeNames();
            if (alt == null) {
                return false;
            }
            boolean ip = host.matches("[0-9.]+") || host.contains(":");
            for (List<?> entry : alt) {
                int type = (Integer) entry.get(0);
                String value = String.valueOf(entry.get(1));
                if (ip && type == 7 && InetAddress.getByName(value).equals(InetAddress.getByName(host))) {
                    return true;
                }
                if (!ip && type == 2 && dnsMatch(value.toLowerCase(Locale.ROOT), host.toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
            return false;
        } catch (CertificateException | IOException e) {
            return false;
        }
    }

    private static boolean dnsMatch(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot).equals(pattern.substring(1));
        }
        return pattern.equals(host);
    }

    private static String altNames(X509Certificate cert) {
        try {
            Collection<List<?>> alt = cert.getSubjectAlternativeNames();
            if (alt == null) {
                return "no subject alternative names";
            }
            List<String> out = new ArrayList<>();
            alt.forEach(e -> out.add(String.valueOf(e.get(1))));
            return String.join(", ", out);
        } catch (CertificateException e) {
            return "names that cannot be read";
        }
    }
}
