package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * servers: that cannot be right are one line with file:line before anything is contacted: a server
 * that is not declared, one declared twice (by two instances' templates too), a runs_on that names no
 * resource or one that cannot run a server, a provider that is not installed.
 */
class ServerDeclarationErrorsTest {

    @TempDir
    Path dir;

    String errorOf(String yaml) throws Exception {
        return DiveRunner.refused(dir, yaml);
    }

    @Test
    void aResourceOnAnUndeclaredServer() throws Exception {
        assertEquals("topology.yaml:6:44: group.g.server: no server \"mem-b\" is declared (declared: mem-a)", errorOf("""
                name: t
                providers: {memory: {}}
                servers:
                  mem-a: {provider: memory, store: "mem:a"}
                resources:
                  - {type: group, name: g, attributes: {}, server: mem-b}
                """));
    }

    @Test
    void runsOnAResourceThatIsNotDeclared() throws Exception {
        assertEquals("topology.yaml:4:45: servers.mem-a.runs_on: host.h is not declared in this topology", errorOf("""
                name: t
                providers: {memory: {}}
                servers:
                  mem-a: {provider: memory, store: "mem:a", runs_on: host.h}
                resources:
                  - {type: group, name: g, server: mem-a}
                """));
    }

    @Test
    void runsOnAResourceThatCannotRunAServer() throws Exception {
        assertEquals("topology.yaml:4:45: servers.mem-a.runs_on: group.x cannot run a server (a group; a container can)", errorOf("""
                name: t
                providers: {memory: {}}
                servers:
                  mem-a: {provider: memory, store: "mem:a", runs_on: group.x}
                resources:
                  - {type: group, name: x}
                  - {type: group, name: g, server: mem-a}
                """));
    }

    @Test
    void aProviderThatIsNotInstalled() throws Exception {
        String err = errorOf("""
                name: t
                providers: {memory: {}}
                servers:
                  mem-a: {provider: memroy}
                resources:
                  - {type: group, name: g}
                """);
        assertTrue(err.startsWith("topology.yaml:4:3: servers.mem-a.provider: no installed provider \"memroy\" (installed: "), err);
    }

    @Test
    void twoInstancesDeclaringOneServerName() throws Exception {
        Files.createDirectories(dir.resolve("tpl"));
        Files.writeString(dir.resolve("tpl/hub.yaml"), """
                servers:
                  the-server: {provider: memory, store: "mem:${code}"}
                resources:
                  - {type: group, name: "${code}"}
                """);
        Files.writeString(dir.resolve("tpl/spoke.yaml"), """
                servers:
                  the-server: {provider: memory, store: "mem:${code}"}
                resources:
                  - {type: group, name: "${code}"}
                """);
        assertEquals("topology.yaml:7:5: servers.the-server: declared twice (first at topology.yaml:4:1);"
                + " this one by the template at tpl/spoke.yaml:2:3", errorOf("""
                name: t
                templates: tpl
                providers: {memory: {}}
                hub:
                  code: usa
                spokes:
                  - code: fra
                """).replace(dir.resolve("tpl").toString(), "tpl"));
    }

    @Test
    void theTemplatesServerBindsItsInstancesResourcesAndTheGraphShowsIt() throws Exception {
        Files.createDirectories(dir.resolve("tpl"));
        for (String t : new String[] {"hub", "spoke"}) {
            Files.writeString(dir.resolve("tpl/" + t + ".yaml"), """
                    servers:
                      mem-${code}: {provider: memory, store: "mem:${code}", runs_on: "host.h-${code}"}
                    resources:
                      - {type: host, name: "h-${code}"}
                      - {type: group, name: "${code}"}
                      - {type: item, name: "${code}/one"}
                    """);
        }
        Path file = dir.resolve("topology.yaml");
        Files.writeString(file, """
                name: t
                templates: tpl
                providers: {memory: {}}
                hub: {code: usa}
                spokes: [{code: fra}]
                """);
        DiveRunner.Result r = new DiveRunner(dir).run("graph", file.toString(), "--format", "json");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("\"address\" : \"item.fra/one\",\n    \"type\" : \"item\",\n    \"server\" : \"mem-fra\""), r.out());
        assertTrue(r.out().contains("\"address\" : \"group.usa\",\n    \"type\" : \"group\",\n    \"server\" : \"mem-usa\""), r.out());
        assertTrue(r.out().contains("\"from\" : \"host.h-fra\",\n    \"to\" : \"group.fra\""), "the group does not wait for its server's host: " + r.out());
        assertTrue(r.out().contains("\"address\" : \"host.h-fra\",\n    \"type\" : \"host\"\n"), "the host is bound to no server: " + r.out());
    }
}
