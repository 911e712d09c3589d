package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * validate is as strict as plan: each kind checks its attributes before anything is contacted, and
 * every problem is one line at the field. Plan gives the same lines, and writes nothing.
 */
class ValidationStrictnessTest {

    @TempDir
    Path dir;

    static final String BAD = """
            name: v
            keycloak:
              url: http://127.0.0.1:1
              admin: {username: admin, password: admin}
            resources:
              - type: realm
                name: r1
                attributes:
                  enabeld: true
              - type: user
                name: r1/alice
                attributes:
                  enabled: "yes please"
              - type: client
                name: r1/app
                attributes:
                  redirectUris: "x"
              - type: realm
                name: r2
                attributes:
                  userAttributes: clearance
              - type: link
                name: l1
                attributes:
                  hub: {realm: r1, alias: a, client: c}
                  spoke: {realm: r2, alias: b, client: d}
                  claim: [clearance]
              - type: link
                name: l2
              - type: link
                name: l3
                attributes:
                  hub: {realm: r1, alias: a, client: c}
                  spoke: {realm: r1, alias: b, client: d}
                  claims: clearance
            """;

    static final String EXPECTED = """
            topology.yaml:9:7: realm.r1.enabeld: Keycloak's realm has no field "enabeld" (did you mean "enabled"?)
            topology.yaml:13:7: user.r1/alice.enabled: expected true or false, found a string
            topology.yaml:17:7: client.r1/app.redirectUris: expected a list, found a string
            topology.yaml:21:7: realm.r2.userAttributes: expected a list of attribute names, found a string
            topology.yaml:27:7: link.l1.claim: unknown key "claim" (did you mean "claims"?)
            topology.yaml:28:5: link.l2.hub: missing: a link needs hub: {realm, alias, client}
            topology.yaml:34:15: link.l3.spoke.realm: a link joins two realms; both sides name realm "r1"
            """;

    @Test
    void validateAndPlanReportEveryBadAttributeAtItsLineAndPlanWritesNothing() throws Exception {
        Path manifest = Files.writeString(dir.resolve("topology.yaml"), BAD);
        DiveRunner dive = new DiveRunner(dir);
        dive.env.remove("DIVE_FINGERPRINT_KEY"); // so a key file would be made if anything were fingerprinted
        DiveRunner.Result validate = dive.run("validate", manifest.toString());
        assertEquals(1, validate.code(), validate::toString);
        assertEquals(EXPECTED.replace("topology.yaml", manifest.toString()), validate.err(), validate::toString);
        DiveRunner.Result plan = dive.run("plan", manifest.toString());
        assertEquals(1, plan.code(), plan::toString);
        assertEquals(validate.err(), plan.err(), "plan reports what validate does, before contacting anything");
        assertFalse(Files.exists(dir.resolve(".dive")), "a plan that failed on its input wrote .dive/");
    }

    @Test
    void anAliasBombIsRefusedQuickly() throws Exception {
        StringBuilder bomb = new StringBuilder("name: v\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= 9; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            bomb.append("]\n");
        }
        Path manifest = Files.writeString(dir.resolve("topology.yaml"), bomb.toString());
        long t0 = System.nanoTime();
        DiveRunner.Result r = new DiveRunner(dir).run("validate", manifest.toString());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(1, r.code(), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(ms < 5_000, "an alias bomb took " + ms + " ms to refuse");
    }

    @Test
    void inputThatCrashedBeforeIsALocatedError() throws Exception {
        String[][] cases = {
                {"name: v\nresources: &a [*a]\n", "topology.yaml:2:12: resources[0]: recursive alias: the value contains itself"},
                {"name: v\nhub: null\n", "topology.yaml:2:1: hub: expected object, found nothing (null)"},
                {"name: v\nhub: {code: usa}\nusers:\n  - {realm: usa, username: /uuu}\n",
                        "topology.yaml:4:5: user.dive-v3-broker-usa//uuu: a user is named REALM/USERNAME, and a username has no \"/\""},
                {"name: v\ntemplates: no-such-folder\nhub: {code: usa}\n", "topology.yaml:2:1: templates: no folder no-such-folder beside"},
                {"name: v\nhub: {code: usa, vars: {code: fra}}\n",
                        "topology.yaml:2:25: hub.vars.code: \"code\" is set by dive from the instance (code, name, hub); choose another variable name"},
                {"name: v\nresources: " + "[".repeat(20_000) + "]".repeat(20_000) + "\n", "topology.yaml:2:268: invalid YAML: nested more than the parser can follow"},
                {"name: v\nresources: [{type: group, name: g, attributes: {labels: {\"${secret:env:DIVE_X}\": v}}}]\n",
                        "topology.yaml:2:58: resources[0].attributes.labels.${secret:env:DIVE_X}: a secret reference cannot be a key"},
                {"name: v\ndescription: \"" + "${".repeat(20_000) + "}".repeat(20_000) + "\"\n", "description: references nested more than 8 deep"},
        };
        for (String[] c : cases) {
            Path manifest = Files.writeString(dir.resolve("topology.yaml"), c[0]);
            DiveRunner.Result r = new DiveRunner(dir).run("validate", manifest.toString());
            assertEquals(1, r.code(), r::toString);
            assertEquals(1, r.err().lines().count(), r::toString);
            assertTrue(r.err().contains(c[1].replace("topology.yaml", manifest.toString())), r::toString);
        }
    }
}
