package io.dive.provider.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.spi.ProviderException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jboss.resteasy.client.jaxrs.internal.ResteasyClientBuilderImpl;
import org.keycloak.admin.client.JacksonProvider;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.ClientsResource;
import org.keycloak.admin.client.resource.IdentityProviderResource;
import org.keycloak.admin.client.resource.IdentityProvidersResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.RealmsResource;
import org.keycloak.admin.client.resource.UsersResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ClientScopeRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.IdentityProviderMapperRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.representations.userprofile.config.UPConfig;

/**
 * Every call dive makes to Keycloak, on keycloak-admin-client's typed resources: one method per call,
 * so this is the one place that says what dive reads and writes (hence its length). Representations
 * cross it as JSON trees ({@link Representations}); failures become messages that name the call and
 * the server's answer ({@link AdminCalls}); a request filter counts admin requests (tests assert
 * bounds on them). The admin client's HTTP stack takes most of a second to build, so it is built on
 * a background thread, with the first admin token, as soon as this object exists (when a run first
 * needs Keycloak), while dive goes on preparing what to read.
 */
public final class KeycloakApi implements AutoCloseable {

    private static final int CONNECTIONS = 32;

    private final String baseUrl;
    private final String username;
    private final String adminRealm;
    private volatile boolean withPrevious;
    private final AdminCalls calls;
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final CompletableFuture<Keycloak> client;
    /** Runs reads that do not depend on each other at once; blocking calls, so its own threads. */
    private final ExecutorService io = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dive-keycloak-io");
        t.setDaemon(true);
        return t;
    });

    public KeycloakApi(String baseUrl, String adminRealm, String clientId, String username, String password) {
        this(baseUrl, adminRealm, clientId, username, password, null);
    }

    /** @param ssl the certificates an https server is checked against (null: the JDK's) */
    public KeycloakApi(String baseUrl, String adminRealm, String clientId, String username, String password, javax.net.ssl.SSLContext ssl) {
        this(baseUrl, adminRealm, clientId, username, password, null, ssl);
    }

    /**
     * @param previous the admin password before a rotation (null: none): tried when {@code password} is
     *                 refused, so that dive can log in to change it ({@link AdminPasswordKind})
     */
    public KeycloakApi(String baseUrl, String adminRealm, String clientId, String username, String password, String previous,
                       javax.net.ssl.SSLContext ssl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.username = username;
        this.adminRealm = adminRealm;
        this.calls = new AdminCalls(this.baseUrl);
        this.client = CompletableFuture.supplyAsync(() -> {
            try {
                return login(build(adminRealm, clientId, username, password, ssl), adminRealm);
            } catch (Refused refused) {
                if (previous == null || previous.equals(password)) {
                    throw new Refused(refused.getMessage() + " (if its password was rotated, give the one Keycloak has now as"
                            + " admin.previous_password)");
                }
                try {
                    Keycloak kc = login(build(adminRealm, clientId, username, previous, ssl), adminRealm);
                    withPrevious = true;
                    return kc;
                } catch (Refused again) {
                    throw new Refused(refused.getMessage() + "; with admin.previous_password too");
                }
            }
        }, io);
    }

    private Keycloak build(String adminRealm, String clientId, String username, String password, javax.net.ssl.SSLContext ssl) {
        return KeycloakBuilder.builder().serverUrl(this.baseUrl).realm(adminRealm)
                .clientId(clientId).username(username).password(password)
                .resteasyClient(tls(new ResteasyClientBuilderImpl(), ssl).connectionPoolSize(CONNECTIONS).maxPooledPerRoute(CONNECTIONS)
                        .connectTimeout(10, TimeUnit.SECONDS).readTimeout(60, TimeUnit.SECONDS)
                        // Keycloak's own JSON settings (nulls left out), as the admin client's default HTTP stack has them.
                        .register(new JacksonProvider()).register(counter()).build())
                .build();
    }

    /** A login the server answered with a refusal (wrong password, unknown user), not one it could not answer. */
    static final class Refused extends ProviderException {
        Refused(String message) {
            super(message);
        }
    }

    /** Whether the admin login took the previous password: the current one is not in effect yet. */
    public boolean loggedInWithPrevious() {
        admin();
        return withPrevious;
    }

    /** The realm the admin logs in to (master). */
    public String adminRealm() {
        return adminRealm;
    }

    /** The admin's user name. */
    public String adminUsername() {
        return username;
    }

    /** Never trusts more than the CA given, and checks the host name strictly. */
    private static ResteasyClientBuilderImpl tls(ResteasyClientBuilderImpl b, javax.net.ssl.SSLContext ssl) {
        if (ssl != null) {
            b.sslContext(ssl);
        }
        b.hostnameVerification(org.jboss.resteasy.client.jaxrs.ResteasyClientBuilder.HostnameVerificationPolicy.STRICT);
        return b;
    }

    /** Gets the first admin token now, so that a refused login is reported as one (and overlaps other work). */
    private Keycloak login(Keycloak kc, String adminRealm) {
        String tokenCall = "POST " + baseUrl + "/realms/" + adminRealm + "/protocol/openid-connect/token";
        try {
            kc.tokenManager().getAccessToken();
            return kc;
        } catch (WebApplicationException e) {
            kc.close();
            Response r = e.getResponse();
            throw new Refused(tokenCall + ": admin login as \"" + username + "\" refused: " + r.getStatus() + " " + AdminCalls.brief(AdminCalls.body(r)));
        } catch (ProcessingException e) {
            kc.close();
            throw AdminCalls.unreachable(tokenCall, e);
        }
    }

    /** From a manifest's {@code keycloak:} block, secrets resolved: url, admin.username, admin.password, admin.realm, admin.client_id. */
    public static KeycloakApi fromConfig(JsonNode keycloak) {
        return fromConfig(keycloak, null);
    }

    /** The same, checking an https server's certificate against {@code ssl}'s CAs (null: the JDK's). */
    public static KeycloakApi fromConfig(JsonNode keycloak, javax.net.ssl.SSLContext ssl) {
        JsonNode admin = keycloak.path("admin");
        return new KeycloakApi(keycloak.path("url").asText(), admin.path("realm").asText("master"), admin.path("client_id").asText("admin-cli"),
                admin.path("username").asText(), admin.path("password").asText(),
                admin.hasNonNull("previous_password") ? admin.get("previous_password").asText() : null, ssl);
    }

    /** Counts what reaches the admin API; token requests go elsewhere and are not counted. */
    private ClientRequestFilter counter() {
        return request -> {
            if (request.getUri().getPath().contains("/admin/realms")) {
                (request.getMethod().equals("GET") ? reads : writes).incrementAndGet();
            }
        };
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** GET requests sent to the admin API, token requests excluded. */
    public long reads() {
        return reads.get();
    }

    /** POST, PUT and DELETE requests sent to the admin API, token requests excluded. */
    public long writes() {
        return writes.get();
    }

    // ---- reads: null when absent (for a list: when its realm is absent) ----

    public JsonNode realm(String realm) {
        return calls.readOrNull("GET " + realmPath(realm), () -> Representations.tree(realmOf(realm).toRepresentation()));
    }

    public JsonNode userProfile(String realm) {
        return calls.readOrNull("GET " + realmPath(realm) + "/users/profile", () -> Representations.tree(usersOf(realm).userProfile().getConfiguration()));
    }

    public JsonNode clients(String realm) {
        return calls.readOrNull("GET " + realmPath(realm) + "/clients", () -> Representations.tree(clientsOf(realm).findAll()));
    }

    public JsonNode clientsByClientId(String realm, String clientId) {
        return calls.readOrNull("GET " + realmPath(realm) + "/clients?clientId=" + clientId, () -> Representations.tree(clientsOf(realm).findByClientId(clientId)));
    }

    public JsonNode client(String realm, String id) {
        return calls.readOrNull("GET " + realmPath(realm) + "/clients/" + id, () -> Representations.tree(clientOf(realm, id).toRepresentation()));
    }

    public String clientSecret(String realm, String id) {
        return calls.read("GET " + realmPath(realm) + "/clients/" + id + "/client-secret", () -> {
            CredentialRepresentation c = clientOf(realm, id).getSecret();
            return c == null || c.getValue() == null ? "" : c.getValue();
        });
    }

    public JsonNode identityProviders(String realm) {
        return calls.readOrNull("GET " + realmPath(realm) + "/identity-provider/instances", () -> Representations.tree(idpsOf(realm).findAll()));
    }

    public JsonNode identityProvider(String realm, String alias) {
        return calls.readOrNull("GET " + idpPath(realm, alias), () -> Representations.tree(idpOf(realm, alias).toRepresentation()));
    }

    public JsonNode identityProviderMappers(String realm, String alias) {
        return calls.readOrNull("GET " + idpPath(realm, alias) + "/mappers", () -> Representations.tree(idpOf(realm, alias).getMappers()));
    }

    /** One page of users, full representations (attributes included). */
    public JsonNode users(String realm, int first, int max) {
        return calls.readOrNull("GET " + realmPath(realm) + "/users?first=" + first + "&max=" + max,
                () -> Representations.tree(usersOf(realm).search(null, first, max, false)));
    }

    /** Up to {@code max} users who logged in through an identity provider (brokered accounts), brief representations. */
    public JsonNode usersBrokeredBy(String realm, String idpAlias, int max) {
        return calls.readOrNull("GET " + realmPath(realm) + "/users?idpAlias=" + idpAlias + "&max=" + max + "&briefRepresentation=true",
                () -> Representations.tree(usersOf(realm).search(null, null, null, null, null, idpAlias, null, 0, max, null, true)));
    }

    /** The users with exactly this username: none or one. */
    public JsonNode usersNamed(String realm, String username) {
        return calls.readOrNull("GET " + realmPath(realm) + "/users?exact=true&username=" + username,
                () -> Representations.tree(usersOf(realm).searchByUsername(username, true)));
    }

    public JsonNode user(String realm, String id) {
        return calls.readOrNull("GET " + realmPath(realm) + "/users/" + id, () -> Representations.tree(usersOf(realm).get(id).toRepresentation()));
    }

    /** The realm's client scopes, with their protocol mappers. */
    public JsonNode clientScopes(String realm) {
        return calls.readOrNull("GET " + realmPath(realm) + "/client-scopes", () -> Representations.tree(realmOf(realm).clientScopes().findAll()));
    }

    /** The client scopes new clients get: {@code default} or {@code optional}. */
    public JsonNode realmDefaultScopes(String realm, String kind) {
        return calls.readOrNull("GET " + realmPath(realm) + "/default-" + kind + "-client-scopes", () -> Representations.tree(kind.equals("default")
                ? realmOf(realm).getDefaultDefaultClientScopes() : realmOf(realm).getDefaultOptionalClientScopes()));
    }

    /** Runs a read on the I/O threads, for reads that do not depend on each other. */
    public <T> CompletableFuture<T> async(Supplier<T> read) {
        return CompletableFuture.supplyAsync(read, io);
    }

    // ---- writes ----

    public void createRealm(JsonNode rep) {
        calls.run("POST /admin/realms", () -> realms().create(Representations.rep(rep, RealmRepresentation.class, "realm")));
    }

    public void updateRealm(String realm, JsonNode rep) {
        calls.run("PUT " + realmPath(realm), () -> realmOf(realm).update(Representations.rep(rep, RealmRepresentation.class, "realm")));
    }

    public void deleteRealm(String realm) {
        calls.runUnlessGone("DELETE " + realmPath(realm), () -> realmOf(realm).remove());
    }

    public void updateUserProfile(String realm, JsonNode profile) {
        calls.run("PUT " + realmPath(realm) + "/users/profile", () -> usersOf(realm).userProfile().update(Representations.rep(profile, UPConfig.class, "user profile")));
    }

    /** Returns the new client's id. */
    public String createClient(String realm, JsonNode rep) {
        return calls.created("POST " + realmPath(realm) + "/clients", () -> clientsOf(realm).create(Representations.rep(rep, ClientRepresentation.class, "client")));
    }

    public void updateClient(String realm, String id, JsonNode rep) {
        calls.run("PUT " + realmPath(realm) + "/clients/" + id, () -> clientOf(realm, id).update(Representations.rep(rep, ClientRepresentation.class, "client")));
    }

    public void deleteClient(String realm, String id) {
        calls.runUnlessGone("DELETE " + realmPath(realm) + "/clients/" + id, () -> clientOf(realm, id).remove());
    }

    public void createClientMapper(String realm, String clientId, JsonNode rep) {
        calls.created("POST " + realmPath(realm) + "/clients/" + clientId + "/protocol-mappers/models",
                () -> clientOf(realm, clientId).getProtocolMappers().createMapper(Representations.rep(rep, ProtocolMapperRepresentation.class, "protocol mapper")));
    }

    public void updateClientMapper(String realm, String clientId, String mapperId, JsonNode rep) {
        calls.run("PUT " + realmPath(realm) + "/clients/" + clientId + "/protocol-mappers/models/" + mapperId,
                () -> clientOf(realm, clientId).getProtocolMappers().update(mapperId, Representations.rep(rep, ProtocolMapperRepresentation.class, "protocol mapper")));
    }

    public void deleteClientMapper(String realm, String clientId, String mapperId) {
        calls.runUnlessGone("DELETE " + realmPath(realm) + "/clients/" + clientId + "/protocol-mappers/models/" + mapperId,
                () -> clientOf(realm, clientId).getProtocolMappers().delete(mapperId));
    }

    public String createUser(String realm, JsonNode rep) {
        return calls.created("POST " + realmPath(realm) + "/users", () -> usersOf(realm).create(Representations.rep(rep, UserRepresentation.class, "user")));
    }

    public void updateUser(String realm, String id, JsonNode rep) {
        calls.run("PUT " + realmPath(realm) + "/users/" + id, () -> usersOf(realm).get(id).update(Representations.rep(rep, UserRepresentation.class, "user")));
    }

    public void resetPassword(String realm, String id, JsonNode credential) {
        calls.run("PUT " + realmPath(realm) + "/users/" + id + "/reset-password",
                () -> usersOf(realm).get(id).resetPassword(Representations.rep(credential, CredentialRepresentation.class, "credential")));
    }

    public void deleteUser(String realm, String id) {
        calls.runUnlessGone("DELETE " + realmPath(realm) + "/users/" + id, () -> usersOf(realm).get(id).remove());
    }

    public void createIdentityProvider(String realm, JsonNode rep) {
        calls.created("POST " + realmPath(realm) + "/identity-provider/instances",
                () -> idpsOf(realm).create(Representations.rep(rep, IdentityProviderRepresentation.class, "identity provider")));
    }

    public void updateIdentityProvider(String realm, String alias, JsonNode rep) {
        calls.run("PUT " + idpPath(realm, alias),
                () -> idpOf(realm, alias).update(Representations.rep(rep, IdentityProviderRepresentation.class, "identity provider")));
    }

    public void deleteIdentityProvider(String realm, String alias) {
        calls.runUnlessGone("DELETE " + idpPath(realm, alias), () -> idpOf(realm, alias).remove());
    }

    public void createIdentityProviderMapper(String realm, String alias, JsonNode rep) {
        calls.created("POST " + idpPath(realm, alias) + "/mappers", () -> idpOf(realm, alias)
                .addMapper(Representations.rep(rep, IdentityProviderMapperRepresentation.class, "identity provider mapper")));
    }

    public void updateIdentityProviderMapper(String realm, String alias, String mapperId, JsonNode rep) {
        calls.run("PUT " + idpPath(realm, alias) + "/mappers/" + mapperId, () -> idpOf(realm, alias)
                .update(mapperId, Representations.rep(rep, IdentityProviderMapperRepresentation.class, "identity provider mapper")));
    }

    public void deleteIdentityProviderMapper(String realm, String alias, String mapperId) {
        calls.runUnlessGone("DELETE " + idpPath(realm, alias) + "/mappers/" + mapperId,
                () -> idpOf(realm, alias).delete(mapperId));
    }

    /** The realm's registered required actions, with whether each is enabled, a default action, and its priority. */
    public JsonNode requiredActions(String realm) {
        return calls.readOrNull("GET " + realmPath(realm) + "/authentication/required-actions",
                () -> Representations.tree(realmOf(realm).flows().getRequiredActions()));
    }

    /** Registers a required action by its provider id (what makes one exist in a realm), named as given. */
    public void registerRequiredAction(String realm, String providerId, String name) {
        var rep = new org.keycloak.representations.idm.RequiredActionProviderSimpleRepresentation();
        rep.setProviderId(providerId);
        rep.setName(name);
        calls.run("POST " + realmPath(realm) + "/authentication/register-required-action", () -> realmOf(realm).flows().registerRequiredAction(rep));
    }

    public void updateRequiredAction(String realm, String alias, JsonNode rep) {
        calls.run("PUT " + realmPath(realm) + "/authentication/required-actions/" + alias, () -> realmOf(realm).flows().updateRequiredAction(alias,
                Representations.rep(rep, org.keycloak.representations.idm.RequiredActionProviderRepresentation.class, "required action")));
    }

    public void deleteRequiredAction(String realm, String alias) {
        calls.runUnlessGone("DELETE " + realmPath(realm) + "/authentication/required-actions/" + alias,
                () -> realmOf(realm).flows().removeRequiredAction(alias));
    }

    /** One page of the realm's top-level groups, with their attributes and how many subgroups each has. */
    public JsonNode groups(String realm, int first, int max) {
        return calls.readOrNull("GET " + realmPath(realm) + "/groups?first=" + first,
                () -> Representations.tree(realmOf(realm).groups().groups(null, first, max, false)));
    }

    /** One page of a group's subgroups, with their attributes. */
    public JsonNode subGroups(String realm, String id, int first, int max) {
        return calls.readOrNull("GET " + realmPath(realm) + "/groups/" + id + "/children?first=" + first,
                () -> Representations.tree(realmOf(realm).groups().group(id).getSubGroups(first, max, false)));
    }

    /** A group by its path ({@code /analysts/fra}), or null. */
    public JsonNode groupByPath(String realm, String path) {
        return calls.readOrNull("GET " + realmPath(realm) + "/group-by-path" + path, () -> Representations.tree(realmOf(realm).getGroupByPath(path)));
    }

    public String createGroup(String realm, String parentId, JsonNode rep) {
        var group = Representations.rep(rep, org.keycloak.representations.idm.GroupRepresentation.class, "group");
        return parentId == null
                ? calls.created("POST " + realmPath(realm) + "/groups", () -> realmOf(realm).groups().add(group))
                : calls.created("POST " + realmPath(realm) + "/groups/" + parentId + "/children", () -> realmOf(realm).groups().group(parentId).subGroup(group));
    }

    public void updateGroup(String realm, String id, JsonNode rep) {
        calls.run("PUT " + realmPath(realm) + "/groups/" + id,
                () -> realmOf(realm).groups().group(id).update(Representations.rep(rep, org.keycloak.representations.idm.GroupRepresentation.class, "group")));
    }

    public void deleteGroup(String realm, String id) {
        calls.runUnlessGone("DELETE " + realmPath(realm) + "/groups/" + id, () -> realmOf(realm).groups().group(id).remove());
    }

    /** A client's roles with their attributes. */
    public JsonNode clientRoles(String realm, String clientUuid) {
        return calls.readOrNull("GET " + realmPath(realm) + "/clients/" + clientUuid + "/roles",
                () -> Representations.tree(clientsOf(realm).get(clientUuid).roles().list(false)));
    }

    public void createClientRole(String realm, String clientUuid, JsonNode rep) {
        calls.run("POST " + realmPath(realm) + "/clients/" + clientUuid + "/roles", () -> clientsOf(realm).get(clientUuid).roles()
                .create(Representations.rep(rep, org.keycloak.representations.idm.RoleRepresentation.class, "client role")));
    }

    public void updateClientRole(String realm, String clientUuid, String name, JsonNode rep) {
        calls.run("PUT " + realmPath(realm) + "/clients/" + clientUuid + "/roles/" + name, () -> clientsOf(realm).get(clientUuid).roles().get(name)
                .update(Representations.rep(rep, org.keycloak.representations.idm.RoleRepresentation.class, "client role")));
    }

    public void deleteClientRole(String realm, String clientUuid, String name) {
        calls.runUnlessGone("DELETE " + realmPath(realm) + "/clients/" + clientUuid + "/roles/" + name,
                () -> clientsOf(realm).get(clientUuid).roles().deleteRole(name));
    }

    /** The realm's roles with their attributes (one request: Keycloak lists them whole with briefRepresentation=false). */
    public JsonNode realmRoles(String realm) {
        return calls.readOrNull("GET " + realmPath(realm) + "/roles", () -> Representations.tree(realmOf(realm).roles().list(false)));
    }

    public void createRealmRole(String realm, JsonNode rep) {
        calls.run("POST " + realmPath(realm) + "/roles",
                () -> realmOf(realm).roles().create(Representations.rep(rep, org.keycloak.representations.idm.RoleRepresentation.class, "role")));
    }

    public void updateRealmRole(String realm, String name, JsonNode rep) {
        calls.run("PUT " + realmPath(realm) + "/roles/" + name,
                () -> realmOf(realm).roles().get(name).update(Representations.rep(rep, org.keycloak.representations.idm.RoleRepresentation.class, "role")));
    }

    public void deleteRealmRole(String realm, String name) {
        calls.runUnlessGone("DELETE " + realmPath(realm) + "/roles/" + name, () -> realmOf(realm).roles().deleteRole(name));
    }

    public String createClientScope(String realm, JsonNode rep) {
        return calls.created("POST " + realmPath(realm) + "/client-scopes",
                () -> realmOf(realm).clientScopes().create(Representations.rep(rep, ClientScopeRepresentation.class, "client scope")));
    }

    public void updateClientScope(String realm, String id, JsonNode rep) {
        calls.run("PUT " + realmPath(realm) + "/client-scopes/" + id,
                () -> realmOf(realm).clientScopes().get(id).update(Representations.rep(rep, ClientScopeRepresentation.class, "client scope")));
    }

    public void deleteClientScope(String realm, String id) {
        calls.runUnlessGone("DELETE " + realmPath(realm) + "/client-scopes/" + id, () -> realmOf(realm).clientScopes().get(id).remove());
    }

    public void createClientScopeMapper(String realm, String scopeId, JsonNode rep) {
        calls.created("POST " + realmPath(realm) + "/client-scopes/" + scopeId + "/protocol-mappers/models", () -> realmOf(realm).clientScopes()
                .get(scopeId).getProtocolMappers().createMapper(Representations.rep(rep, ProtocolMapperRepresentation.class, "protocol mapper")));
    }

    public void deleteClientScopeMapper(String realm, String scopeId, String mapperId) {
        calls.runUnlessGone("DELETE " + realmPath(realm) + "/client-scopes/" + scopeId + "/protocol-mappers/models/" + mapperId,
                () -> realmOf(realm).clientScopes().get(scopeId).getProtocolMappers().delete(mapperId));
    }

    /** Makes a client scope one of the realm's {@code default} or {@code optional} scopes for new clients. */
    public void addRealmDefaultScope(String realm, String kind, String scopeId) {
        calls.run("PUT " + realmPath(realm) + "/default-" + kind + "-client-scopes/" + scopeId, () -> {
            if (kind.equals("default")) {
                realmOf(realm).addDefaultDefaultClientScope(scopeId);
            } else {
                realmOf(realm).addDefaultOptionalClientScope(scopeId);
            }
        });
    }

    public void removeRealmDefaultScope(String realm, String kind, String scopeId) {
        calls.runUnlessGone("DELETE " + realmPath(realm) + "/default-" + kind + "-client-scopes/" + scopeId, () -> {
            if (kind.equals("default")) {
                realmOf(realm).removeDefaultDefaultClientScope(scopeId);
            } else {
                realmOf(realm).removeDefaultOptionalClientScope(scopeId);
            }
        });
    }

    /** Gives a client a client scope ({@code default} or {@code optional}), or takes it away. */
    public void setClientScope(String realm, String clientId, String kind, String scopeId, boolean given) {
        String what = (given ? "PUT " : "DELETE ") + realmPath(realm) + "/clients/" + clientId + "/" + kind + "-client-scopes/" + scopeId;
        Runnable call = () -> {
            ClientResource c = clientOf(realm, clientId);
            if (kind.equals("default")) {
                if (given) {
                    c.addDefaultClientScope(scopeId);
                } else {
                    c.removeDefaultClientScope(scopeId);
                }
            } else if (given) {
                c.addOptionalClientScope(scopeId);
            } else {
                c.removeOptionalClientScope(scopeId);
            }
        };
        if (given) {
            calls.run(what, call);
        } else {
            calls.runUnlessGone(what, call);
        }
    }

    // ---- memberships ----

    /** One page of a group's direct members (brief representations). */
    public JsonNode groupMembers(String realm, String groupId, int first, int max) {
        return calls.readOrNull("GET " + realmPath(realm) + "/groups/" + groupId + "/members?first=" + first + "&max=" + max,
                () -> Representations.tree(realmOf(realm).groups().group(groupId).members(first, max, true)));
    }

    private org.keycloak.admin.client.resource.RoleResource role(String realm, String clientUuid, String role) {
        return clientUuid == null ? realmOf(realm).roles().get(role) : clientsOf(realm).get(clientUuid).roles().get(role);
    }

    private static String rolePath(String realm, String clientUuid, String role) {
        return realmPath(realm) + (clientUuid == null ? "" : "/clients/" + clientUuid) + "/roles/" + role;
    }

    /** One page of the users the role is mapped to directly (a realm role when clientUuid is null). */
    public JsonNode roleUsers(String realm, String clientUuid, String role, int first, int max) {
        return calls.readOrNull("GET " + rolePath(realm, clientUuid, role) + "/users?first=" + first + "&max=" + max,
                () -> Representations.tree(role(realm, clientUuid, role).getUserMembers(true, first, max)));
    }

    /** One page of the groups the role is mapped to directly. */
    public JsonNode roleGroups(String realm, String clientUuid, String role, int first, int max) {
        return calls.readOrNull("GET " + rolePath(realm, clientUuid, role) + "/groups?first=" + first + "&max=" + max,
                () -> Representations.tree(role(realm, clientUuid, role).getRoleGroupMembers(first, max)));
    }

    public void joinGroup(String realm, String userId, String groupId) {
        calls.run("PUT " + realmPath(realm) + "/users/" + userId + "/groups/" + groupId, () -> usersOf(realm).get(userId).joinGroup(groupId));
    }

    public void leaveGroup(String realm, String userId, String groupId) {
        calls.runUnlessGone("DELETE " + realmPath(realm) + "/users/" + userId + "/groups/" + groupId, () -> usersOf(realm).get(userId).leaveGroup(groupId));
    }

    /**
     * Maps a role to a user or a group ({@code holder} "users" or "groups"), or takes it away.
     *
     * @param role the role's representation as Keycloak lists it (its id and name)
     */
    public void roleMapping(String realm, String holder, String holderId, String clientUuid, JsonNode role, boolean add) {
        var mapping = holder.equals("users") ? usersOf(realm).get(holderId).roles() : realmOf(realm).groups().group(holderId).roles();
        var scope = clientUuid == null ? mapping.realmLevel() : mapping.clientLevel(clientUuid);
        var rep = java.util.List.of(Representations.rep(role, org.keycloak.representations.idm.RoleRepresentation.class, "role"));
        String what = (add ? "POST " : "DELETE ") + realmPath(realm) + "/" + holder + "/" + holderId + "/role-mappings/"
                + (clientUuid == null ? "realm" : "clients/" + clientUuid);
        if (add) {
            calls.run(what, () -> scope.add(rep));
        } else {
            calls.runUnlessGone(what, () -> scope.remove(rep));
        }
    }

    // ---- authentication flows ----

    /** The realm's top-level authentication flows (alias, id, description, provider, whether built in). */
    public JsonNode authFlows(String realm) {
        return calls.readOrNull("GET " + realmPath(realm) + "/authentication/flows", () -> Representations.tree(realmOf(realm).flows().getFlows()));
    }

    /** A flow's executions, its subflows' included, depth first, each with its level and index. */
    public JsonNode flowExecutions(String realm, String flowAlias) {
        return calls.readOrNull("GET " + realmPath(realm) + "/authentication/flows/" + flowAlias + "/executions",
                () -> Representations.tree(realmOf(realm).flows().getExecutions(flowAlias)));
    }

    public JsonNode authenticatorConfig(String realm, String id) {
        return calls.readOrNull("GET " + realmPath(realm) + "/authentication/config/" + id,
                () -> Representations.tree(realmOf(realm).flows().getAuthenticatorConfig(id)));
    }

    public String createAuthFlow(String realm, JsonNode rep) {
        return calls.created("POST " + realmPath(realm) + "/authentication/flows", () -> realmOf(realm).flows()
                .createFlow(Representations.rep(rep, org.keycloak.representations.idm.AuthenticationFlowRepresentation.class, "authentication flow")));
    }

    public void updateAuthFlow(String realm, String id, JsonNode rep) {
        calls.run("PUT " + realmPath(realm) + "/authentication/flows/" + id, () -> realmOf(realm).flows()
                .updateFlow(id, Representations.rep(rep, org.keycloak.representations.idm.AuthenticationFlowRepresentation.class, "authentication flow")));
    }

    /** Deletes a top-level flow with its subflows and their configurations. */
    public void deleteAuthFlow(String realm, String id) {
        calls.runUnlessGone("DELETE " + realmPath(realm) + "/authentication/flows/" + id, () -> realmOf(realm).flows().deleteFlow(id));
    }

    /** Copies a top-level flow, its subflows (renamed "NEW_ALIAS SUBFLOW") and their settings, under a new alias. */
    public void copyAuthFlow(String realm, String alias, String newAlias) {
        calls.created("POST " + realmPath(realm) + "/authentication/flows/" + alias + "/copy",
                () -> realmOf(realm).flows().copy(alias, Map.of("newName", newAlias)));
    }

    /** Appends an authenticator to a flow (Keycloak adds it DISABLED). */
    public void addExecution(String realm, String flowAlias, String authenticator) {
        calls.run("POST " + realmPath(realm) + "/authentication/flows/" + flowAlias + "/executions/execution",
                () -> realmOf(realm).flows().addExecution(flowAlias, Map.of("provider", authenticator)));
    }

    /** Appends a subflow (a basic flow) to a flow. */
    public void addSubflow(String realm, String flowAlias, String alias, String description) {
        calls.run("POST " + realmPath(realm) + "/authentication/flows/" + flowAlias + "/executions/flow",
                () -> realmOf(realm).flows().addExecutionFlow(flowAlias, Map.of("alias", alias, "type", "basic-flow", "description", description)));
    }

    /** Changes an execution's requirement: {@code rep} is the execution as listed, its requirement changed. */
    public void updateExecution(String realm, String flowAlias, JsonNode rep) {
        calls.run("PUT " + realmPath(realm) + "/authentication/flows/" + flowAlias + "/executions", () -> realmOf(realm).flows()
                .updateExecutions(flowAlias, Representations.rep(rep, org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation.class, "execution")));
    }

    /** Removes an execution; a subflow's goes with its own executions. */
    public void removeExecution(String realm, String executionId) {
        calls.runUnlessGone("DELETE " + realmPath(realm) + "/authentication/executions/" + executionId, () -> realmOf(realm).flows().removeExecution(executionId));
    }

    public void newExecutionConfig(String realm, String executionId, JsonNode rep) {
        calls.created("POST " + realmPath(realm) + "/authentication/executions/" + executionId + "/config", () -> realmOf(realm).flows()
                .newExecutionConfig(executionId, Representations.rep(rep, org.keycloak.representations.idm.AuthenticatorConfigRepresentation.class, "authenticator config")));
    }

    public void updateAuthenticatorConfig(String realm, String id, JsonNode rep) {
        calls.run("PUT " + realmPath(realm) + "/authentication/config/" + id, () -> realmOf(realm).flows()
                .updateAuthenticatorConfig(id, Representations.rep(rep, org.keycloak.representations.idm.AuthenticatorConfigRepresentation.class, "authenticator config")));
    }

    public void removeAuthenticatorConfig(String realm, String id) {
        calls.runUnlessGone("DELETE " + realmPath(realm) + "/authentication/config/" + id, () -> realmOf(realm).flows().removeAuthenticatorConfig(id));
    }

    // ---- plumbing ----

    /** Whether the first admin login failed (refused, or the server did not answer). */
    public boolean loginFailed() {
        return client.isCompletedExceptionally();
    }

    /** Waits for the admin login: returns when the server gave a token, else throws what it answered. */
    public void awaitLogin() {
        admin();
    }

    private Keycloak admin() {
        try {
            return client.join();
        } catch (CompletionException e) {
            // Each caller gets its own exception; the login failure's message is the one to show.
            Throwable cause = e.getCause();
            throw new ProviderException(cause instanceof ProviderException ? cause.getMessage()
                    : "keycloak: cannot build the admin client for " + baseUrl + ": " + cause);
        }
    }

    /*
     * The admin client makes a new proxy for every sub-resource it is asked for, and making one reads
     * the annotations of every method of its interface: about 13 ms for a realm's. Proxies are
     * stateless, so each is made once per run and kept.
     */
    private final Map<String, Object> proxies = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    private <T> T proxy(String key, Supplier<T> make) {
        Object p = proxies.get(key);
        if (p == null) {
            p = make.get();
            Object raced = proxies.putIfAbsent(key, p);
            p = raced != null ? raced : p;
        }
        return (T) p;
    }

    private RealmResource realmOf(String realm) {
        return proxy("realm\0" + realm, () -> realms().realm(realm));
    }

    private RealmsResource realms() {
        return proxy("realms", () -> admin().realms());
    }

    private ClientsResource clientsOf(String realm) {
        return proxy("clients\0" + realm, () -> realmOf(realm).clients());
    }

    private ClientResource clientOf(String realm, String id) {
        return proxy("client\0" + realm + "\0" + id, () -> clientsOf(realm).get(id));
    }

    private UsersResource usersOf(String realm) {
        return proxy("users\0" + realm, () -> realmOf(realm).users());
    }

    private IdentityProvidersResource idpsOf(String realm) {
        return proxy("idps\0" + realm, () -> realmOf(realm).identityProviders());
    }

    private IdentityProviderResource idpOf(String realm, String alias) {
        return proxy("idp\0" + realm + "\0" + alias, () -> idpsOf(realm).get(alias));
    }

    private static String realmPath(String realm) {
        return "/admin/realms/" + realm;
    }

    private static String idpPath(String realm, String alias) {
        return realmPath(realm) + "/identity-provider/instances/" + alias;
    }

    @Override
    public void close() {
        client.thenAccept(Keycloak::close);
        io.shutdownNow();
    }
}
