package io.dive.core.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.core.model.DesiredResource;
import io.dive.core.model.Topology;
import io.dive.spi.Address;
import io.dive.spi.DiveException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader is generic: DIVE V3's keys come from a preprocessor with its own schema fragment, and so can others. */
class ManifestLoaderTest {

    @TempDir
    Path dir;

    Path write(String text) throws Exception {
        return Files.writeString(dir.resolve("topology.yaml"), text);
    }

    /** A preprocessor for the test: each squad is a group, each member an item in it. */
    static final class Squads implements TopologyPreprocessor {
        @Override
        public String schemaFragment() {
            return "test-squads.schema.json";
        }

        @Override
        public void expand(Input in, Resources into) {
            JsonNode squads = in.root().path("squads");
            for (int i = 0; i < squads.size(); i++) {
                String name = squads.get(i).get("name").asText();
                String pointer = "/squads/" + i;
                into.add(new Address("group", name), new ObjectMapper().createObjectNode(), List.of(), in.sources().locate(pointer), pointer, in.sources(), null);
                for (JsonNode m : squads.get(i).path("members")) {
                    into.add(new Address("item", name + "/" + m.asText()), new ObjectMapper().createObjectNode(), List.of(),
                            in.sources().locate(pointer), pointer, in.sources(), null);
                }
            }
        }
    }

    @Test
    void withoutTheDivePreprocessorHubIsAnUnknownKey() throws Exception {
        Path file = write("name: plain\nhub: {code: usa}\nresources:\n  - {type: group, name: g}\n");
        ManifestLoader plain = new ManifestLoader(n -> null, Set.of("group", "item"), List.of());
        DiveException e = assertThrows(DiveException.class, () -> plain.load(file));
        assertTrue(e.getMessage().contains("topology.yaml:2:1: hub: unknown key \"hub\""), e.getMessage());
        Topology t = plain.load(write("name: plain\nresources:\n  - {type: group, name: g}\n"));
        assertEquals(List.of(Address.parse("group.g")), t.resources().stream().map(DesiredResource::address).toList());
    }

    @Test
    void anotherPreprocessorBringsItsOwnKeysAndResources() throws Exception {
        Path file = write("name: teams\nsquads:\n  - {name: red, members: [ann, bo]}\nresources:\n  - {type: group, name: blue}\n");
        Topology t = new ManifestLoader(n -> null, Set.of("group", "item"), List.of(new Squads())).load(file);
        assertEquals(List.of("group.red", "item.red/ann", "item.red/bo", "group.blue"),
                t.resources().stream().map(r -> r.address().toString()).toList());
        DiveException e = assertThrows(DiveException.class, () -> new ManifestLoader(n -> null, Set.of("group", "item"), List.of(new Squads()))
                .load(write("name: teams\nsquads:\n  - {name: red, memebrs: [ann]}\n")));
        assertTrue(e.getMessage().contains("squads[0].memebrs: unknown key \"memebrs\" (did you mean \"members\"?)"), e.getMessage());
    }

    @Test
    void aResourceNamesNoProvider() throws Exception {
        // The provider of a resource is the one that owns its type: a provider: key would be read by nothing.
        Path file = write("name: p\nresources:\n  - {type: group, name: g, provider: other}\n");
        DiveException e = assertThrows(DiveException.class, () -> new ManifestLoader(n -> null, Set.of("group")).load(file));
        assertTrue(e.getMessage().contains("resources[0].provider: unknown key \"provider\""), e.getMessage());
    }
}
