package io.dive.provider.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.core.apply.ApplyListener;
import io.dive.core.apply.ApplyResult;
import io.dive.core.engine.Session;
import io.dive.core.plan.PlanOptions;
import io.dive.core.plan.Planned;
import io.dive.core.run.ProviderRegistry;
import io.dive.spi.state.State;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DIVE V3's realm MFA, as the built-in templates declare it, against the real Keycloak: a user cleared
 * SECRET who logs in is asked for a one-time code after the password (and gets in with a right one);
 * an UNCLASSIFIED user gets in with the password alone. Logins go through the realm's browser flow
 * with a plain HTTP client that keeps cookies and follows nothing by itself, as a browser's form posts.
 */
class RealmMfaTest {

    static final String REALM = "dive-v3-broker-mfa";
    static final String CALLBACK = "http://localhost:3000/callback";
    @TempDir
    Path dir;
    final AdminRest admin = KeycloakTestServer.admin();

    @AfterEach
    void dropRealm() {
        admin.delete("/admin/realms/" + REALM);
    }

    private void apply(Path manifest) {
        try (ProviderRegistry registry = ProviderRegistry.discover();
             Session s = Session.open(manifest, null, KeycloakTestServer.env(dir)::get, registry, io.dive.spi.Log.to(System.err))) {
            State state = s.store().read();
            Planned planned = s.plan(state, PlanOptions.all());
            ApplyResult r = s.apply(planned, state, ApplyListener.NONE, 10);
            assertTrue(r.succeeded(), () -> "apply failed: " + r.outcomes());
            assertFalse(s.plan(s.store().read(), PlanOptions.all()).plan().hasChanges(), "the MFA flow is not stable after its apply");
        }
    }

    @Test
    void aSecretUserIsAskedForAnOtpAndAnUnclassifiedUserIsNot() throws Exception {
        admin.delete("/admin/realms/" + REALM);
        Path manifest = dir.resolve("topology.yaml");
        Files.writeString(manifest, "name: mfa\n" + KeycloakTestServer.keycloakBlock() + "hub: {code: mfa, name: MFA}\n");
        apply(manifest);
        JsonNode realm = admin.get("/admin/realms/" + REALM);
        assertEquals("dive-browser-mfa", realm.path("browserFlow").asText(), "the MFA flow is the realm's browser flow");
        JsonNode secrets = KeycloakKind.JSON.readTree(dir.resolve(".dive/secrets.json").toFile());

        // testuser-mfa-1 is UNCLASSIFIED: the password alone gives an authorization code.
        Login unclassified = new Login();
        HttpResponse<String> after = unclassified.password("testuser-mfa-1", secrets.path("testuser-mfa-1").asText());
        assertEquals(302, after.statusCode(), () -> "UNCLASSIFIED: " + after.statusCode() + " " + gist(after.body()));
        assertTrue(location(after).startsWith(CALLBACK) && location(after).contains("code="), () -> location(after));

        // testuser-mfa-3 is SECRET: after the password, the one-time code; having none yet, its setup.
        Login secret = new Login();
        HttpResponse<String> asked = secret.password("testuser-mfa-3", secrets.path("testuser-mfa-3").asText());
        assertEquals(200, asked.statusCode(), () -> "SECRET: " + asked.statusCode() + " " + location(asked));
        String totpSecret = field(asked.body(), "totpSecret");
        assertNotNull(totpSecret, () -> "no OTP setup page after a SECRET user's password: " + gist(asked.body()));
        assertTrue(asked.body().contains("name=\"totp\""), () -> "no field for the one-time code: " + gist(asked.body()));
        // A wrong code is refused; the right one (RFC 6238, the realm's default policy) lets the user in.
        HttpResponse<String> wrong = secret.post(formAction(asked.body()), Map.of("totpSecret", totpSecret, "totp", "000000", "userLabel", ""));
        assertEquals(200, wrong.statusCode(), () -> "a wrong OTP: " + wrong.statusCode() + " " + location(wrong));
        HttpResponse<String> in = secret.post(formAction(wrong.body()), Map.of("totpSecret", totpSecret, "totp", Totp.now(totpSecret), "userLabel", ""));
        assertEquals(302, in.statusCode(), () -> "the right OTP: " + in.statusCode() + " " + gist(in.body()));
        assertTrue(location(in).startsWith(CALLBACK) && location(in).contains("code="), () -> location(in));

        // The next login of the SECRET user asks for the code of the authenticator just set up.
        Login again = new Login();
        HttpResponse<String> otpForm = again.password("testuser-mfa-3", secrets.path("testuser-mfa-3").asText());
        assertEquals(200, otpForm.statusCode());
        assertTrue(otpForm.body().contains("name=\"otp\""), () -> "no OTP form: " + gist(otpForm.body()));
    }

    /**
     * dive verify's brokered login cannot give a one-time code: when the only user of a linked realm is asked
     * for one, the check says so and what to declare, instead of "login stopped".
     */
    @Test
    void verifyNamesTheOtpWhenItsOnlyUserIsAskedForOne() throws Exception {
        String hub = KeycloakTestServer.uniqueRealm("mfa-hub");
        String spoke = KeycloakTestServer.uniqueRealm("mfa-spoke");
        Path manifest = dir.resolve("link.yaml");
        Files.writeString(manifest, "name: mfa-link\n" + KeycloakTestServer.keycloakBlock() + """
                resources:
                  - {type: realm, name: %1$s}
                  - {type: realm, name: %2$s, attributes: {userAttributes: [clearance]}}
                  - type: auth_flow
                    name: %2$s/otp-always
                    attributes:
                      bind: browser
                      executions:
                        - flow: otp-always-forms
                          requirement: REQUIRED
                          executions:
                            - {authenticator: auth-username-password-form, requirement: REQUIRED}
                            - {authenticator: auth-otp-form, requirement: REQUIRED}
                  - {type: user, name: %2$s/alice, attributes: {attributes: {clearance: [SECRET]}, password: "${secret:generate:alice}"}}
                  - type: link
                    name: hub-spoke
                    attributes:
                      hub: {realm: %1$s, alias: spoke-idp, client: spoke-broker}
                      spoke: {realm: %2$s, alias: hub-idp, client: hub-broker}
                      secret: ${secret:generate:link}
                """.formatted(hub, spoke));
        try {
            apply(manifest);
            try (ProviderRegistry registry = ProviderRegistry.discover();
                 Session s = Session.open(manifest, null, KeycloakTestServer.env(dir)::get, registry, io.dive.spi.Log.to(System.err))) {
                var failed = io.dive.core.ops.VerifyOperation.run(s, java.time.Duration.ofSeconds(2), io.dive.spi.Log.NONE).stream().filter(c -> !c.ok()).toList();
                assertTrue(failed.stream().anyMatch(c -> c.name().equals("brokered login of alice") && c.detail().contains(
                        "the login of alice in realm " + spoke + " asks for a one-time code (the realm's MFA)")), failed::toString);
            }
        } finally {
            admin.delete("/admin/realms/" + hub);
            admin.delete("/admin/realms/" + spoke);
        }
    }

    /**
     * One browser: its cookies kept and sent back (by hand: the JDK's cookie manager keeps no Secure cookie
     * for the plain-HTTP test server, where Keycloak's SameSite=None ones are Secure), redirects not
     * followed (each answer is looked at).
     */
    final class Login {
        final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        final Map<String, String> cookies = new LinkedHashMap<>();

        HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            if (!cookies.isEmpty()) {
                request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
            }
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String set : r.headers().allValues("Set-Cookie")) {
                String pair = set.split(";", 2)[0];
                int eq = pair.indexOf('=');
                cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
            return r;
        }

        /** Opens the login page of the frontend client and posts the password. */
        HttpResponse<String> password(String username, String password) throws Exception {
            String auth = KeycloakTestServer.url() + "/realms/" + REALM + "/protocol/openid-connect/auth?response_type=code&scope=openid&client_id=dive-v3-frontend"
                    + "&redirect_uri=" + enc(CALLBACK) + "&state=mfa-test";
            HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(auth)));
            assertEquals(200, page.statusCode(), () -> "login page: " + page.statusCode() + " " + location(page));
            Map<String, String> form = new LinkedHashMap<>();
            form.put("username", username);
            form.put("password", password);
            form.put("credentialId", "");
            return post(formAction(page.body()), form);
        }

        /** Follows redirects within Keycloak (to a required action's page); stops at one that leaves it (the client's callback). */
        HttpResponse<String> follow(HttpResponse<String> r) throws Exception {
            for (int hop = 0; hop < 5 && r.statusCode() == 302 && location(r).startsWith(KeycloakTestServer.url()); hop++) {
                r = send(HttpRequest.newBuilder(URI.create(location(r))));
            }
            return r;
        }

        HttpResponse<String> post(String action, Map<String, String> form) throws Exception {
            String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
            return follow(send(HttpRequest.newBuilder(URI.create(action)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body))));
        }
    }

    static String formAction(String html) {
        Matcher m = Pattern.compile("<form[^>]*action=\"([^\"]+)\"").matcher(html);
        assertTrue(m.find(), () -> "no form in " + gist(html));
        return m.group(1).replace("&amp;", "&");
    }

    static String field(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"" + name + "\"").matcher(html);
        return m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : null;
    }

    static String location(HttpResponse<?> r) {
        return r.headers().firstValue("Location").orElse("");
    }

    static String gist(String html) {
        String t = html.replaceAll("(?s)<script.*?</script>|<style.*?</style>|<[^>]+>", " ").replaceAll("\\s+", " ").trim();
        return t.length() > 400 ? t.substring(0, 400) : t;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
