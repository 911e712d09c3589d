package io.dive.provider.keycloak;

import io.dive.spi.TlsTrust;
import com.fasterxml.jackson.databind.JsonNode;
import io.dive.spi.InvalidAttributeException;
import java.util.List;

/**
 * One Keycloak server and its three addresses, each defaulting to the one before it:
 * <ul>
 *   <li>{@code url}, the admin URL: where dive reaches it (a published port, 127.0.0.1:8443);</li>
 *   <li>{@code public_url}: what a browser sees (issuer, authorization endpoint, redirect URIs);</li>
 *   <li>{@code internal_url}: what another Keycloak uses for token, userinfo and JWKS calls
 *       (https://keycloak-fra:8443 on the shared network).</li>
 * </ul>
 * The admin client is made on first use, so a server that is not up yet costs nothing until the
 * engine says it is ready.
 *
 * @param name the name in the manifest's {@code servers:}, or null for the {@code keycloak:} block
 */
record KeycloakServer(String name, JsonNode settings, String adminUrl, String publicUrl, String internalUrl, Holder holder,
                      List<java.security.cert.X509Certificate> cas, javax.net.ssl.SSLContext ssl) {

    static final List<String> KEYS = List.of("url", "public_url", "internal_url", "admin", "ca", "parallelism", "insecure");
    static final List<String> ADMIN_KEYS = List.of("username", "password", "previous_password", "realm", "client_id");

    /** The lazily made admin client (one per server). */
    static final class Holder {
        private KeycloakApi api;

        synchronized KeycloakApi get(JsonNode settings, javax.net.ssl.SSLContext ssl) {
            // A login that failed (the server was not up yet) is not kept: the next use logs in again.
            if (api != null && api.loginFailed()) {
                api.close();
                api = null;
            }
            if (api == null) {
                api = KeycloakApi.fromConfig(settings, ssl);
            }
            return api;
        }

        synchronized KeycloakApi made() {
            return api;
        }

        /**
         * After the admin password changed: the next use logs in again with the current one. The client
         * in use is kept (calls may be running on it; its token stays valid) and closed with the run.
         */
        synchronized void renew() {
            if (api != null) {
                retired.add(api);
                api = null;
            }
        }

        private final List<KeycloakApi> retired = new java.util.ArrayList<>();

        synchronized List<KeycloakApi> retired() {
            return List.copyOf(retired);
        }
    }

    /** A server with no ca: (the JDK's CAs), its paths relative to the working directory. */
    static KeycloakServer of(String name, JsonNode settings) {
        java.nio.file.Path here = java.nio.file.Path.of(".");
        return of(name, settings, here, io.dive.spi.FileRoots.of(here, null));
    }

    /**
     * @param baseDir the manifest's folder: a relative {@code ca:} is relative to it
     * @param roots   where a {@code ca:} may be read from
     */
    static KeycloakServer of(String name, JsonNode settings, java.nio.file.Path baseDir, io.dive.spi.FileRoots roots) {
        String admin = trim(settings.path("url").asText());
        String pub = settings.hasNonNull("public_url") ? trim(settings.get("public_url").asText()) : admin;
        String internal = settings.hasNonNull("internal_url") ? trim(settings.get("internal_url").asText()) : pub;
        String label = name == null ? "keycloak " + admin : "server " + name;
        if (plaintextElsewhere(admin) && !settings.path("insecure").asBoolean(false)) {
            // dive logs in with the admin password at this URL: in clear to another machine, anyone on the path has it.
            throw new io.dive.spi.DiveException(label + ": url " + admin + " is plain http to a host that is not loopback, and the admin"
                    + " password would travel in clear; use https:// (with ca:), or insecure: true");
        }
        List<java.security.cert.X509Certificate> cas = settings.hasNonNull("ca")
                ? TlsTrust.read(roots.confine(baseDir.resolve(settings.get("ca").asText()), label + ": ca"), label) : List.of();
        return new KeycloakServer(name, settings, admin, pub, internal, new Holder(), cas, TlsTrust.context(cas, label));
    }

    /** Plain http to a host other than this machine. */
    static boolean plaintextElsewhere(String url) {
        return url.startsWith("http://") && io.dive.spi.Loopback.remote(url);
    }

    /** What each run says of this server: plaintext the operator accepted with insecure: true. */
    java.util.Optional<String> warning() {
        return plaintextElsewhere(adminUrl) ? java.util.Optional.of("insecure: " + label() + " is reached over plain http: the admin"
                + " password travels in clear") : java.util.Optional.empty();
    }

    KeycloakApi api() {
        return holder.get(settings, ssl);
    }

    /** What a message calls it. */
    String label() {
        return name == null ? "keycloak " + adminUrl : "server " + name + " (" + adminUrl + ")";
    }

    /** A {@code servers:} entry of provider keycloak, as the manifest gives it (secret references unresolved). */
    static void validate(JsonNode s) {
        s.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) {
                String closest = io.dive.spi.Suggestions.closest(k, KEYS);
                throw new InvalidAttributeException("/" + k, "unknown key \"" + k + "\"" + (closest != null ? " (did you mean \"" + closest + "\"?)"
                        : " (allowed: " + String.join(", ", KEYS) + ")"));
            }
        });
        for (String k : List.of("url", "public_url", "internal_url")) {
            JsonNode v = s.get(k);
            if (v == null) {
                if (k.equals("url")) {
                    throw new InvalidAttributeException("/url", "missing: the admin URL dive reaches the server at, e.g. https://127.0.0.1:8443");
                }
                continue;
            }
            if (!v.isTextual() || !v.asText().matches("https?://[^/\\s]+(/\\S*)?")) {
                throw new InvalidAttributeException("/" + k, "expected an http:// or https:// URL");
            }
        }
        if (s.has("ca") && !s.get("ca").isTextual()) {
            throw new InvalidAttributeException("/ca", "expected the path of a PEM file with the CA that signed the server's certificate");
        }
        JsonNode admin = s.get("admin");
        if (admin == null || !admin.isObject()) {
            throw new InvalidAttributeException("/admin", admin == null ? "missing: admin: {username, password}" : "expected a mapping {username, password}");
        }
        admin.fieldNames().forEachRemaining(k -> {
            if (!ADMIN_KEYS.contains(k)) {
                throw new InvalidAttributeException("/admin/" + k, "unknown key \"" + k + "\" (allowed: " + String.join(", ", ADMIN_KEYS) + ")");
            }
        });
        for (String k : List.of("username", "password")) {
            if (!admin.path(k).isTextual()) {
                throw new InvalidAttributeException("/admin/" + k, admin.has(k) ? "expected a string" : "missing");
            }
        }
        if (admin.has("previous_password") && !admin.get("previous_password").isTextual()) {
            throw new InvalidAttributeException("/admin/previous_password", "expected a string: the admin password Keycloak has before a"
                    + " rotation, e.g. ${secret:gcp:NAME@3}");
        }
    }

    private static String trim(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
