package io.dive.provider.keycloak.verify;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of a browser to log in through Keycloak: redirects are followed by hand (so each hop
 * can be checked), and cookies are kept per host and sent back even when marked Secure, as browsers
 * do for http://localhost.
 */
final class BrowserSession {

    private final HttpClient http;

    /** A browser that trusts the JDK's CAs. */
    BrowserSession() {
        this(null);
    }

    /** @param ssl the CAs an https page is checked against (null: the JDK's) */
    BrowserSession(javax.net.ssl.SSLContext ssl) {
        HttpClient.Builder b = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10));
        if (ssl != null) {
            b.sslContext(ssl);
        }
        http = b.build();
    }
    /** Per host, cookies keyed by path and name: Keycloak gives each realm its own cookie path. */
    private final Map<String, Map<String, Cookie>> cookies = new LinkedHashMap<>();

    private record Cookie(String name, String value, String path) {
    }

    record Page(int status, URI uri, String location, String body) {
        boolean redirect() {
            return status >= 300 && status < 400 && location != null;
        }
    }

    Page get(URI uri) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri).GET(), uri);
    }

    Page postForm(URI uri, Map<String, String> form) throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), uri);
    }

    private Page send(HttpRequest.Builder b, URI uri) throws IOException, InterruptedException {
        Map<String, Cookie> jar = cookies.computeIfAbsent(uri.getHost() + ":" + uri.getPort(), k -> new LinkedHashMap<>());
        String requestPath = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        StringBuilder header = new StringBuilder();
        for (Cookie c : jar.values()) {
            if (requestPath.startsWith(c.path())) {
                header.append(header.length() == 0 ? "" : "; ").append(c.name()).append('=').append(c.value());
            }
        }
        if (header.length() > 0) {
            b.header("Cookie", header.toString());
        }
        HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        for (String set : r.headers().allValues("Set-Cookie")) {
            String[] parts = set.split(";");
            int eq = parts[0].indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = parts[0].substring(0, eq).trim();
            String value = parts[0].substring(eq + 1).trim();
            String path = "/";
            for (String attr : parts) {
                if (attr.trim().toLowerCase().startsWith("path=")) {
                    path = attr.trim().substring(5);
                }
            }
            String key = path + "|" + name;
            if (value.isEmpty() || set.toLowerCase().contains("max-age=0")) {
                jar.remove(key);
            } else {
                jar.put(key, new Cookie(name, value, path));
            }
        }
        String location = r.headers().firstValue("Location").map(l -> uri.resolve(l).toString()).orElse(null);
        return new Page(r.statusCode(), uri, location, r.body());
    }

    /** The action of the login form on a Keycloak login page, or null. */
    static String loginFormAction(String html) {
        Matcher m = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"", Pattern.DOTALL).matcher(html);
        if (!m.find()) {
            m = Pattern.compile("<form[^>]*action=\"([^\"]+)\"[^>]*id=\"kc-form-login\"", Pattern.DOTALL).matcher(html);
            if (!m.find()) {
                return null;
            }
        }
        return m.group(1).replace("&amp;", "&");
    }

    /** A short, single-line hint of what a page says (its title or first error), for messages. */
    static String gist(String html) {
        if (html == null) {
            return "";
        }
        Matcher m = Pattern.compile("<span[^>]*(?:kc-feedback-text|input-error)[^>]*>\\s*([^<]+)<", Pattern.DOTALL).matcher(html);
        if (m.find()) {
            return m.group(1).trim();
        }
        m = Pattern.compile("<title>([^<]*)</title>").matcher(html);
        return m.find() ? "page \"" + m.group(1).trim() + "\"" : html.substring(0, Math.min(120, html.length())).replaceAll("\\s+", " ");
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
