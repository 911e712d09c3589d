package io.dive.provider.keycloak.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

/**
 * An artifact of a Maven repository in the local one ({@code ~/.m2/repository}), downloaded when
 * missing, and checked against the checksum the repository publishes beside it ({@code .sha1}, which
 * Maven Central has for every file): a mirror or a proxy that hands out another archive is refused
 * before anything of it is unpacked or run. A file already cached is checked against the checksum Maven
 * stored beside it.
 */
final class CheckedDownload {

    private final String repository;
    private final Path localRepository;
    private final PrintStream progress;

    CheckedDownload(String repository, Path localRepository, PrintStream progress) {
        this.repository = repository.endsWith("/") ? repository.substring(0, repository.length() - 1) : repository;
        this.localRepository = localRepository;
        this.progress = progress;
    }

    /** @param rel the artifact's path in the repository ({@code org/keycloak/.../x.tar.gz}) */
    Path fetch(String rel) throws IOException, InterruptedException {
        Path local = localRepository.resolve(rel);
        Path sum = local.resolveSibling(local.getFileName() + ".sha1");
        if (Files.isRegularFile(local) && Files.size(local) > 0) {
            if (Files.isRegularFile(sum)) {
                check(local, Files.readString(sum), local.toString());
            }
            return local;
        }
        Files.createDirectories(local.getParent());
        String url = repository + "/" + rel;
        HttpClient c = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(20)).build();
        HttpResponse<String> published = c.send(HttpRequest.newBuilder(URI.create(url + ".sha1")).build(), HttpResponse.BodyHandlers.ofString());
        if (published.statusCode() != 200) {
            throw new IOException("GET " + url + ".sha1: " + published.statusCode() + " (dive runs no download it cannot check)");
        }
        progress.println("Downloading " + local.getFileName() + " from " + url + " (once; cached in " + localRepository + ")");
        HttpResponse<InputStream> r = c.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + url + ": " + r.statusCode());
        }
        long total = r.headers().firstValueAsLong("Content-Length").orElse(-1);
        Path tmp = local.resolveSibling(local.getFileName() + ".part");
        try {
            try (InputStream in = r.body(); OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[1 << 16];
                long done = 0;
                int lastPct = -10;
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                    done += n;
                    int pct = total > 0 ? (int) (done * 100 / total) : -1;
                    if (pct >= lastPct + 10) {
                        progress.println(String.format(Locale.ROOT, "  %d%% (%d of %d MB)", pct, done >> 20, total >> 20));
                        lastPct = pct;
                    }
                }
            }
            check(tmp, published.body(), url);
            Files.writeString(sum, published.body().strip().split("\\s+")[0]);
            Files.move(tmp, local, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return local;
    }

    /** A {@code .sha1} file holds the hex digest, sometimes followed by the file's name. */
    private static void check(Path file, String published, String what) throws IOException {
        String expected = published.strip().split("\\s+")[0].toLowerCase(Locale.ROOT);
        String actual = sha1(file);
        if (!actual.equals(expected)) {
            throw new IOException(what + ": SHA-1 " + actual + " is not the published " + expected
                    + " (a corrupt or substituted download; nothing of it was used)");
        }
    }

    private static String sha1(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
