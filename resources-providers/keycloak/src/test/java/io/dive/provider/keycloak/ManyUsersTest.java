package io.dive.provider.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.core.apply.ApplyListener;
import io.dive.core.apply.ApplyResult;
import io.dive.core.engine.Session;
import io.dive.core.plan.PlanOptions;
import io.dive.core.plan.Planned;
import io.dive.core.run.ProviderRegistry;
import io.dive.spi.state.State;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One realm with 1,000 users and 200 clients (-Ddive.many.users / -Ddive.many.clients): a no-op plan reads
 * the realm in pages, so its requests grow with pages of users, never with users or clients. Prints the
 * first-apply and no-op figures of docs/PERFORMANCE.md.
 */
class ManyUsersTest {

    @TempDir
    Path dir;
    final String realm = KeycloakTestServer.uniqueRealm("many");
    final AdminRest admin = KeycloakTestServer.admin();

    @AfterEach
    void drop() {
        admin.delete("/admin/realms/" + realm);
    }

    record Run(Planned planned, ApplyResult result, long reads, long writes, long millis) {
    }

    Run run(Path manifest, boolean apply) {
        long t0 = System.nanoTime();
        try (ProviderRegistry registry = ProviderRegistry.discover();
             Session s = Session.open(manifest, null, KeycloakTestServer.env(dir)::get, registry, io.dive.spi.Log.to(System.err))) {
            State state = s.store().read();
            Planned planned = s.plan(state, PlanOptions.all());
            ApplyResult result = apply ? s.apply(planned, state, ApplyListener.NONE, 10) : null;
            if (result != null) {
                assertTrue(result.succeeded(), () -> "apply failed: " + result.outcomes().stream().filter(o -> o.message() != null).limit(3).toList());
            }
            KeycloakApi api = ((KeycloakProvider) s.context().provider("realm")).apiForTests();
            return new Run(planned, result, api.reads(), api.writes(), (System.nanoTime() - t0) / 1_000_000);
        }
    }

    Path manifest(String name, int users, int clients) throws Exception {
        StringBuilder m = new StringBuilder("name: " + name + "\n" + KeycloakTestServer.keycloakBlock() + "resources:\n");
        m.append("  - {type: realm, name: ").append(realm).append(", attributes: {userAttributes: [clearance]}}\n");
        for (int i = 0; i < clients; i++) {
            m.append("  - {type: client, name: ").append(realm).append("/app-").append(i)
                    .append(", attributes: {publicClient: true, redirectUris: [\"https://app-").append(i).append(".example/cb\"]}}\n");
        }
        for (int i = 0; i < users; i++) {
            m.append("  - {type: user, name: ").append(realm).append("/user-").append(i)
                    .append(", attributes: {email: user-").append(i).append("@many.example, attributes: {clearance: [SECRET]}}}\n");
        }
        // Every user in one group and holding one role: memberships are read a page of members at a time.
        String all = java.util.stream.IntStream.range(0, users).mapToObj(i -> "user-" + i).collect(java.util.stream.Collectors.joining(", "));
        m.append("  - {type: user_group, name: ").append(realm).append("/everyone}\n");
        m.append("  - {type: group_membership, name: ").append(realm).append("/everyone, attributes: {users: [").append(all).append("]}}\n");
        m.append("  - {type: role, name: ").append(realm).append("/reader}\n");
        m.append("  - {type: role_membership, name: ").append(realm).append("/reader, attributes: {users: [").append(all).append("]}}\n");
        Path d = Files.createDirectories(dir.resolve(name));
        return Files.writeString(d.resolve("topology.yaml"), m.toString());
    }

    /** Users are listed 500 at a time; the last page, short or empty, ends the listing. */
    static long userPages(int users) {
        return users / RealmSnapshot.PAGE + 1;
    }

    @Test
    void aNoOpPlanOfAThousandUsersAndTwoHundredClientsReadsPagesNotObjects() throws Exception {
        int users = Integer.getInteger("dive.many.users", 1000);
        int clients = Integer.getInteger("dive.many.clients", 200);
        // First a tenth of them, then all: the same realm, the same state.
        run(manifest("many", users / 10, clients / 10), true);
        Run small = run(manifest("many", users / 10, clients / 10), false);
        Path many = manifest("many", users, clients);
        Run first = run(many, true);
        Run noop = run(many, false);
        assertFalse(noop.planned().plan().hasChanges(), "the plan after the apply changes something");
        System.out.println("FIGURE " + users + " users and " + clients + " clients in one realm: apply of the " + (users - users / 10) + " users and "
                + (clients - clients / 10) + " clients added " + first.millis() + " ms (" + first.reads() + " reads, " + first.writes()
                + " writes); no-op plan " + noop.millis() + " ms (" + noop.reads() + " reads); with a tenth of them " + small.reads() + " reads");

        // The realm, its user profile, its clients (one list), its groups and its roles cost the same whatever their number; users,
        // the group's members and the role's holders cost a request per page each.
        long fixed = small.reads() - 3 * userPages(users / 10);
        assertTrue(fixed <= 7, "a no-op plan of one realm reads " + fixed + " requests besides the pages of users, members and holders");
        assertEquals(fixed + 3 * userPages(users), noop.reads(), "ten times the users and clients must cost only the extra pages");
        assertEquals(0, noop.writes());
    }
}
