package io.dive.provider.keycloak.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.provider.keycloak.KeycloakApi;
import io.dive.spi.Log;
import io.dive.spi.Verifier.Check;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifies federation links the way a person would, in both directions: the IdP is there and
 * enabled, the client it uses is there, the secrets agree, the other side's OIDC discovery answers,
 * the broker endpoint answers, starting a login redirects to the other side, a test user of the other
 * side really logs in through the browser flow, and their copy carries the right attributes.
 * Keycloak is eventually consistent, so each check is retried with the shared backoff (Retry), saying what it waits for.
 */
public final class FederationVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Keycloak is eventually consistent: a check is asked again from 250 ms, up to every 4 s. */
    private static final io.dive.spi.Retry.Backoff VERIFY = new io.dive.spi.Retry.Backoff(java.time.Duration.ofMillis(250),
            java.time.Duration.ofSeconds(4), Integer.MAX_VALUE);
    private final Log waiting;
    private final long patienceMillis;

    public FederationVerifier(Log waiting, long patienceMillis) {
        this.waiting = waiting;
        this.patienceMillis = patienceMillis;
    }

    public List<Check> verify(LinkToVerify link) {
        List<Check> out = new ArrayList<>();
        out.addAll(direction(link, link.hub(), link.spoke()));
        out.addAll(direction(link, link.spoke(), link.hub()));
        return out;
    }

    /** Users of {@code other} log in to {@code self} through self's IdP. */
    private List<Check> direction(LinkToVerify link, LinkToVerify.Side self, LinkToVerify.Side other) {
        String dir = other.realm() + " -> " + self.realm() + " (" + self.alias() + ")";
        List<String> servers = List.of(self.url(), other.url());
        // The browser trusts what the two servers' ca: files say (the JDK's CAs when neither gives one).
        List<java.security.cert.X509Certificate> cas = new ArrayList<>(self.cas());
        cas.addAll(other.cas());
        javax.net.ssl.SSLContext ssl = io.dive.spi.TlsTrust.context(cas, "dive verify of " + link.address());
        List<Check> out = new ArrayList<>();
        out.add(check(link, dir, "idp present and enabled", () -> {
            JsonNode idp = self.admin().identityProvider(self.realm(), self.alias());
            if (idp == null) {
                return "no identity provider " + self.alias() + " in realm " + self.realm();
            }
            return idp.path("enabled").asBoolean() ? null : "identity provider " + self.alias() + " in realm " + self.realm() + " is disabled";
        }));
        out.add(check(link, dir, "client present", () -> client(other, other.client()) == null
                ? "no client " + other.client() + " in realm " + other.realm() : null));
        out.add(check(link, dir, "secrets agree", () -> {
            JsonNode c = client(other, other.client());
            if (c == null) {
                return "no client " + other.client() + " in realm " + other.realm();
            }
            String value = other.admin().clientSecret(other.realm(), c.path("id").asText());
            return value.equals(link.secret()) ? null
                    : "the secret of client " + other.client() + " in realm " + other.realm() + " is not the one the topology gives "
                    + self.alias() + " (changed outside dive? dive apply sets both sides again)";
        }));
        out.add(check(link, dir, "oidc discovery reachable", () -> {
            BrowserSession.Page p = new BrowserSession(ssl).get(URI.create(other.url() + "/realms/" + other.realm() + "/.well-known/openid-configuration"));
            if (p.status() != 200) {
                return "GET " + p.uri() + " answered " + p.status();
            }
            String issuer = JSON.readTree(p.body()).path("issuer").asText();
            return issuer.equals(other.url() + "/realms/" + other.realm()) ? null : "discovery names issuer " + issuer
                    + ", not " + other.url() + "/realms/" + other.realm() + " (the server's public URL and its hostname setting differ)";
        }));
        out.add(check(link, dir, "broker endpoint answers", () -> {
            BrowserSession.Page p = new BrowserSession(ssl).get(URI.create(self.url() + "/realms/" + self.realm() + "/broker/" + self.alias() + "/endpoint"));
            // A callback without state is refused (Keycloak says 400 or 502): that still proves it is there.
            return p.status() == 404 ? "GET " + p.uri() + " answered 404: no such broker endpoint" : null;
        }));
        String[] loginPage = new String[1];
        out.add(check(link, dir, "login redirects to the other side", () -> {
            BrowserSession browser = new BrowserSession(ssl);
            String otherAuth = other.url() + "/realms/" + other.realm() + "/protocol/openid-connect/auth";
            BrowserSession.Page p = browser.get(start(self, other));
            for (int hop = 0; hop < 10 && p.redirect(); hop++) {
                if (p.location().startsWith(otherAuth)) {
                    loginPage[0] = p.location();
                    return null;
                }
                String foreign = foreign(servers, p.location());
                if (foreign != null) {
                    return foreign;
                }
                p = browser.get(URI.create(p.location()));
            }
            return "starting a login at " + self.realm() + " with " + self.alias() + " did not redirect to " + otherAuth
                    + " (last answer " + p.status() + " " + BrowserSession.gist(p.body()) + ")";
        }));
        out.add(check(link, dir, "brokered login of " + other.username(), () -> brokeredLogin(servers, ssl, self, other)));
        out.add(check(link, dir, "attributes arrived", () -> {
            JsonNode users = self.admin().usersNamed(self.realm(), other.username());
            if (users == null || users.isEmpty()) {
                return "no user " + other.username() + " in realm " + self.realm() + " after the brokered login";
            }
            JsonNode attrs = users.get(0).path("attributes");
            for (var e : other.expectedAttributes().entrySet()) {
                List<String> got = new ArrayList<>();
                attrs.path(e.getKey()).forEach(v -> got.add(v.asText()));
                got.sort(null);
                if (!e.getValue().equals(got)) {
                    return "user " + other.username() + " in realm " + self.realm() + " has " + e.getKey() + " " + got + ", expected " + e.getValue();
                }
            }
            return null;
        }));
        return out;
    }

    private static URI start(LinkToVerify.Side self, LinkToVerify.Side other) {
        String redirect = other.url() + "/realms/" + other.realm() + "/broker/" + other.alias() + "/endpoint";
        return URI.create(self.url() + "/realms/" + self.realm() + "/protocol/openid-connect/auth?response_type=code&scope=openid"
                + "&client_id=" + BrowserSession.enc(self.client()) + "&redirect_uri=" + BrowserSession.enc(redirect)
                + "&state=dive-verify&nonce=dive-verify&kc_idp_hint=" + BrowserSession.enc(self.alias()));
    }

    /** Logs in as the other side's user, as a browser would, until self hands back an authorization code. */
    private String brokeredLogin(List<String> servers, javax.net.ssl.SSLContext ssl, LinkToVerify.Side self, LinkToVerify.Side other) throws Exception {
        if (other.username() == null || other.password() == null) {
            return "no enabled user with a password in realm " + other.realm() + " to log in with";
        }
        BrowserSession browser = new BrowserSession(ssl);
        String done = other.url() + "/realms/" + other.realm() + "/broker/" + other.alias() + "/endpoint";
        BrowserSession.Page p = browser.get(start(self, other));
        boolean posted = false;
        for (int hop = 0; hop < 20; hop++) {
            if (p.redirect()) {
                if (p.location().startsWith(done)) {
                    return p.location().contains("code=") ? null : "came back without a code: " + p.location().replaceAll("code=[^&]*", "code=...");
                }
                String foreign = foreign(servers, p.location());
                if (foreign != null) {
                    return foreign;
                }
                p = browser.get(URI.create(p.location()));
                continue;
            }
            String action = p.status() == 200 ? BrowserSession.loginFormAction(p.body()) : null;
            if (posted && p.status() == 200 && (p.body().contains("name=\"otp\"") || p.body().contains("name=\"totp\""))) {
                return "the login of " + other.username() + " in realm " + other.realm() + " asks for a one-time code (the realm's MFA), which a"
                        + " scripted login cannot give: declare a test user whose login asks none (DIVE V3: clearance UNCLASSIFIED)";
            }
            if (action == null || posted) {
                return "login stopped at " + p.uri().getPath() + ": " + p.status() + " " + BrowserSession.gist(p.body());
            }
            URI target = p.uri().resolve(action);
            String foreign = foreign(servers, target.toString());
            if (foreign != null) {
                return foreign; // the test user's password goes to the link's servers only
            }
            Map<String, String> form = new LinkedHashMap<>();
            form.put("username", other.username());
            form.put("password", other.password());
            form.put("credentialId", "");
            p = browser.postForm(target, form);
            posted = true;
        }
        return "too many redirects";
    }

    /**
     * Null when {@code next} is on one of the link's servers (same scheme, host and port as its public
     * URL), else why the login stops there: an IdP repointed by someone (a realm admin of the other
     * side) must not collect the test user's password or an authorization code from the verify cron.
     */
    static String foreign(List<String> servers, String next) {
        URI b = URI.create(next);
        for (String server : servers) {
            URI a = URI.create(server);
            if (a.getScheme().equalsIgnoreCase(String.valueOf(b.getScheme())) && a.getHost().equalsIgnoreCase(String.valueOf(b.getHost()))
                    && port(a) == port(b)) {
                return null;
            }
        }
        return "the login would go on to " + b.getScheme() + "://" + b.getHost() + (b.getPort() < 0 ? "" : ":" + b.getPort())
                + ", which is not the link's server " + String.join(" nor ", new java.util.LinkedHashSet<>(servers))
                + ": stopped before sending anything there";
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    @FunctionalInterface
    interface Probe {
        /** null when the check holds, else what is wrong. */
        String run() throws Exception;
    }

    private Check check(LinkToVerify link, String dir, String name, Probe probe) {
        int[] attempt = {0};
        String problem = io.dive.spi.Retry.until(java.time.Duration.ofMillis(patienceMillis), VERIFY, () -> {
            try {
                return probe.run();
            } catch (Exception e) {
                return describe(e);
            }
        }, notYet -> waiting.line(link.address() + " " + dir + ": waiting for \"" + name + "\" (attempt " + ++attempt[0] + "): " + notYet));
        return problem == null ? new Check(link.address(), dir, name, true, null) : new Check(link.address(), dir, name, false, problem);
    }

    private JsonNode client(LinkToVerify.Side side, String clientId) {
        JsonNode list = side.admin().clientsByClientId(side.realm(), clientId);
        return list == null || list.isEmpty() ? null : list.get(0);
    }


    /** What went wrong, in words: never "ConnectException: null". */
    static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        if (cause instanceof java.net.ConnectException) {
            return "connection refused (is the server up and listening there?)";
        }
        if (cause instanceof java.net.http.HttpTimeoutException) {
            return "no answer in time";
        }
        if (cause instanceof java.net.UnknownHostException) {
            return "unknown host " + cause.getMessage();
        }
        if (cause instanceof javax.net.ssl.SSLException) {
            return "TLS failed: " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
        }
        String m = cause.getMessage();
        return m == null || m.isBlank() ? cause.getClass().getSimpleName() : cause.getClass().getSimpleName() + ": " + m;
    }
}
