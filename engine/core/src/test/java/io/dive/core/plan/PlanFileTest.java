package io.dive.core.plan;

import static io.dive.core.TestKinds.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.spi.Action;
import io.dive.spi.Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A saved plan keeps what it promises, and every way it can go stale is named. */
class PlanFileTest {

    @TempDir
    Path dir;

    static Plan plan(String lineage, long serial, String hash, Map<String, String> observed, Action action) {
        ResourceChange c = new ResourceChange(Address.parse("group.x"), action, List.of(), null, json("{}"), json("{'t': 1}"), false, Set.of());
        return new Plan("t", hash, lineage, serial, observed, List.of("group.x"), List.of("group.x"), List.of(), List.of(c));
    }

    Plan base = plan("lin", 3, "hash-1", Map.of("group.x", "d1"), Action.REPLACE);

    PlanFile.Saved saved() {
        Path file = dir.resolve("p.plan");
        PlanFile.write(file, dir.resolve("topology.yaml"), base);
        assertTrue(PlanFile.isPlanFile(file));
        return PlanFile.read(file);
    }

    @Test
    void whatIsSavedReadsBack() throws Exception {
        PlanFile.Saved s = saved();
        assertEquals(dir.resolve("topology.yaml").toAbsolutePath(), s.manifest());
        assertEquals("hash-1", s.manifestHash());
        assertEquals("lin", s.lineage());
        assertEquals(3, s.serial());
        assertEquals(Map.of("group.x", "d1"), s.observed());
        assertEquals(List.of("group.x"), s.targets());
        assertEquals(List.of("group.x"), s.replace());
        assertEquals(List.of("replace group.x"), s.actions());
        assertTrue(!Files.readString(dir.resolve("p.plan")).isEmpty());
    }

    @Test
    void aFreshPlanThatAgreesHolds() {
        assertNull(PlanFile.staleness(saved(), base));
    }

    @Test
    void everyWayOfGoingStaleIsNamed() {
        PlanFile.Saved s = saved();
        assertEquals("state changed since the plan was made (serial 3 -> 3)",
                PlanFile.staleness(s, plan("other-lineage", 3, "hash-1", Map.of("group.x", "d1"), Action.REPLACE)));
        assertEquals("state changed since the plan was made (serial 3 -> 4)",
                PlanFile.staleness(s, plan("lin", 4, "hash-1", Map.of("group.x", "d1"), Action.REPLACE)));
        assertEquals("the manifest changed since the plan was made",
                PlanFile.staleness(s, plan("lin", 3, "hash-2", Map.of("group.x", "d1"), Action.REPLACE)));
        assertEquals("group.x changed on its server since the plan was made",
                PlanFile.staleness(s, plan("lin", 3, "hash-1", Map.of("group.x", "d2"), Action.REPLACE)));
        assertEquals("the planned changes differ now",
                PlanFile.staleness(s, plan("lin", 3, "hash-1", Map.of("group.x", "d1"), Action.UPDATE)));
    }

    @Test
    void aFileThatIsNotAPlanIsNotTakenForOne() throws Exception {
        Path yaml = Files.writeString(dir.resolve("topology.yaml"), "name: x\n");
        assertTrue(!PlanFile.isPlanFile(yaml));
    }
}
