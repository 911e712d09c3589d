package io.dive.provider.keycloak;

import io.dive.provider.keycloak.sandbox.KeycloakSandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One real Keycloak for the whole test run: {@code DIVE_TEST_KEYCLOAK_URL} if set, else the one
 * answering on 127.0.0.1:18080, else one started here from the Maven Central distribution (and
 * stopped when the JVM ends). If it cannot start, the tests fail with the reason: none is skipped.
 */
public final class KeycloakTestServer {

    public static final int PORT = 18080;
    private static String url;

    private KeycloakTestServer() {
    }

    public static synchronized String url() {
        if (url != null) {
            return url;
        }
        String given = System.getenv("DIVE_TEST_KEYCLOAK_URL");
        if (given != null && !given.isBlank()) {
            return url = given;
        }
        return url = start(PORT, "test-keycloak");
    }

    /** A second real Keycloak, for links across two servers: started on 127.0.0.1:18081 when a test first asks for it. */
    public static synchronized String secondUrl() {
        if (secondUrl == null) {
            secondUrl = start(SECOND_PORT, "test-keycloak-2");
        }
        return secondUrl;
    }

    public static final int SECOND_PORT = 18081;
    private static String secondUrl;

    private static String start(int port, String home) {
        KeycloakSandbox sandbox = new KeycloakSandbox(System.getProperty("dive.keycloak.version", KeycloakSandbox.DEFAULT_VERSION), port,
                Path.of(System.getProperty("user.home"), ".cache", "dive", home), System.out, System::getenv);
        if (!sandbox.isUp()) {
            try {
                sandbox.up(Duration.ofMinutes(5));
            } catch (Exception e) {
                throw new IllegalStateException("could not start the test Keycloak: " + e.getMessage(), e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    sandbox.down();
                } catch (Exception e) {
                    // the JVM is ending; nothing more to do
                }
            }));
        }
        return sandbox.url();
    }

    /** An admin client of its own, to change things out of band as an operator would. */
    public static AdminRest admin() {
        return new AdminRest(url(), "master", "admin-cli", "admin", "admin");
    }

    /** An admin client of the second server. */
    public static AdminRest secondAdmin() {
        return new AdminRest(secondUrl(), "master", "admin-cli", "admin", "admin");
    }

    /** The environment a topology under test sees. */
    public static Map<String, String> env(Path dir) {
        Map<String, String> env = new HashMap<>();
        env.put("DIVE_KEYCLOAK_URL", url());
        env.put("DIVE_FINGERPRINT_KEY", "test-" + dir.getFileName());
        env.put("DIVE_TEST_KC_ADMIN_PASSWORD", "admin");
        return env;
    }

    /** A realm name no other test uses. */
    public static String uniqueRealm(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The keycloak: block of a test topology; the admin password is a secret reference, resolved when dive logs in. */
    public static String keycloakBlock() {
        return "keycloak:\n  url: ${env:DIVE_KEYCLOAK_URL}\n  admin: {username: admin, password: \"${secret:env:DIVE_TEST_KC_ADMIN_PASSWORD}\"}\n";
    }
}
