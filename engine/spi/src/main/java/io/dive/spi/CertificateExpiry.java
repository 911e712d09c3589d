package io.dive.spi;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * How long a TLS server's certificate has left, for {@link HealthProbe}s. The handshake accepts any
 * chain because it only reads the leaf's {@code notAfter}: nothing is sent over the connection, and
 * whether the chain is trusted is the provider's own connection's business.
 */
public final class CertificateExpiry {

    /** Under this many days a certificate is a warning in {@code dive status}. */
    public static final int WARN_DAYS = 30;

    private CertificateExpiry() {
    }

    /** The leaf certificate's end of validity. Throws {@link java.io.IOException} when there is no TLS server there. */
    public static Instant notAfter(String host, int port, Duration timeout) throws java.io.IOException {
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {new ReadOnly()}, null);
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
                socket.setSoTimeout((int) timeout.toMillis());
                socket.startHandshake();
                var chain = socket.getSession().getPeerCertificates();
                return ((X509Certificate) chain[0]).getNotAfter().toInstant();
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new java.io.IOException(e.getMessage(), e);
        }
    }

    /**
     * A finding about the certificate of an {@code https://} URL's server: days left, a warning under
     * {@link #WARN_DAYS}, a failure once expired or when no handshake succeeds. Null for other schemes.
     */
    public static HealthProbe.Finding check(String server, URI url, Clock clock) {
        if (url == null || !"https".equalsIgnoreCase(url.getScheme())) {
            return null;
        }
        return check(server, url.getHost(), url.getPort() < 0 ? 443 : url.getPort(), clock);
    }

    /** The same for a host and port that speak TLS from the first byte. */
    public static HealthProbe.Finding check(String server, String host, int port, Clock clock) {
        String where = host + ":" + port;
        try {
            Instant end = notAfter(host, port, Duration.ofSeconds(3));
            long days = Duration.between(clock.instant(), end).toDays();
            String fix = "renew the certificate of " + where;
            if (!end.isAfter(clock.instant())) {
                return HealthProbe.Finding.ofServer(server, "certificate", HealthProbe.Level.FAIL,
                        where + ": expired on " + end, fix);
            }
            return HealthProbe.Finding.ofServer(server, "certificate", days < WARN_DAYS ? HealthProbe.Level.WARN : HealthProbe.Level.OK,
                    where + ": " + days + " days left (until " + end + ")", days < WARN_DAYS ? fix : null);
        } catch (java.io.IOException e) {
            return HealthProbe.Finding.ofServer(server, "certificate", HealthProbe.Level.FAIL,
                    where + ": no TLS handshake: " + e.getMessage(), null);
        }
    }

    /** Accepts any chain: the probe reads the certificate, it does not trust the server with anything. */
    private static final class ReadOnly implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
