package io.dive.provider.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.spi.ProviderException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * The tests' own hands on Keycloak: its admin REST API over plain HTTP, for the out-of-band changes
 * the issue asks for ("made with the admin REST API") and for looking at what dive did, independent
 * of the admin client dive itself is built on.
 */
public final class AdminRest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final String baseUrl;
    private final String adminRealm;
    private final String clientId;
    private final String username;
    private final String password;
    private volatile String token;
    private volatile Instant tokenExpires = Instant.EPOCH;

    public AdminRest(String baseUrl, String adminRealm, String clientId, String username, String password) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.adminRealm = adminRealm;
        this.clientId = clientId;
        this.username = username;
        this.password = password;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** GET; null on 404. */
    public JsonNode get(String path) {
        HttpResponse<String> r = send("GET", path, null);
        if (r.statusCode() == 404) {
            return null;
        }
        check("GET", path, r);
        return parse(r.body());
    }

    /** POST; returns the id of what was created (from the Location header), or null. */
    public String post(String path, JsonNode body) {
        HttpResponse<String> r = send("POST", path, body);
        check("POST", path, r);
        return r.headers().firstValue("Location").map(l -> l.substring(l.lastIndexOf('/') + 1)).orElse(null);
    }

    public void put(String path, JsonNode body) {
        check("PUT", path, send("PUT", path, body));
    }

    /** DELETE; an object that is already gone counts as deleted. */
    public void delete(String path) {
        HttpResponse<String> r = send("DELETE", path, null);
        if (r.statusCode() != 404) {
            check("DELETE", path, r);
        }
    }

    /** DELETE with a body (Keycloak takes role mappings away so); already gone counts as deleted. */
    public void delete(String path, JsonNode body) {
        HttpResponse<String> r = send("DELETE", path, body);
        if (r.statusCode() != 404) {
            check("DELETE", path, r);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpResponse<String> send(String method, String path, JsonNode body) {
        HttpResponse<String> r = exchange(method, path, body, bearer(false));
        if (r.statusCode() == 401) {
            r = exchange(method, path, body, bearer(true)); // the token expired under us: log in again once
        }
        return r;
    }

    private HttpResponse<String> exchange(String method, String path, JsonNode body, String auth) {
        try {
            return http.send(request(method, path, body, auth), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ProviderException(method + " " + baseUrl + path + ": cannot reach Keycloak: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(method + " " + path + ": interrupted");
        }
    }

    private HttpRequest request(String method, String path, JsonNode body, String auth) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + auth).header("Accept", "application/json");
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return b.build();
    }

    private synchronized String bearer(boolean force) {
        if (!force && token != null && Instant.now().isBefore(tokenExpires)) {
            return token;
        }
        String form = "grant_type=password&client_id=" + enc(clientId) + "&username=" + enc(username) + "&password=" + enc(password);
        String path = "/realms/" + enc(adminRealm) + "/protocol/openid-connect/token";
        HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> r;
        try {
            r = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ProviderException("POST " + baseUrl + path + ": cannot reach Keycloak (" + e.getClass().getSimpleName()
                    + "); is it running? (dive sandbox up starts a local one)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("POST " + path + ": interrupted");
        }
        if (r.statusCode() != 200) {
            throw new ProviderException("POST " + baseUrl + path + ": admin login as \"" + username + "\" refused: "
                    + r.statusCode() + " " + brief(r.body()));
        }
        JsonNode t = parse(r.body());
        token = t.path("access_token").asText();
        // Renew a little early so a token never expires in flight.
        tokenExpires = Instant.now().plusSeconds(Math.max(5, t.path("expires_in").asLong(60) - 15));
        return token;
    }

    private void check(String method, String path, HttpResponse<String> r) {
        int s = r.statusCode();
        if (s >= 200 && s < 300) {
            return;
        }
        throw new ProviderException(method + " " + path + ": Keycloak answered " + s + " " + brief(r.body()));
    }

    private static String brief(String body) {
        if (body == null || body.isBlank()) {
            return "(no body)";
        }
        String b = body.replaceAll("\\s+", " ").trim();
        return b.length() > 300 ? b.substring(0, 300) + "..." : b;
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new ProviderException("Keycloak sent something that is not JSON: " + brief(body));
        }
    }
}
