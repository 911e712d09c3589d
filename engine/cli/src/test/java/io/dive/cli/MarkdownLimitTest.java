package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plan's Markdown fits a GitHub pull-request comment (65,536 characters), and says where it was cut. */
class MarkdownLimitTest {

    @TempDir
    Path dir;

    @Test
    void aLargePlanIsCutBelowTheCommentLimitWithANote() throws Exception {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 800; i++) {
            items.append("  - type: item\n    name: hub/user-").append(i).append("\n    attributes: {value: \"").append("v".repeat(60)).append(i)
                    .append("\", tags: [a, b, c]}\n");
        }
        Path manifest = Files.writeString(dir.resolve("topology.yaml"), ApplyLifecycleTest.topology(items.toString()));
        DiveRunner.Result r = new DiveRunner(dir).run("plan", "--markdown", manifest.toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().length() < 65_536, "the Markdown has " + r.out().length() + " characters");
        assertTrue(r.out().contains("**The plan is cut here**: ") && r.out().contains(" more of its 803 changes are not shown"), r.out().substring(
                Math.max(0, r.out().length() - 400)));
        assertTrue(r.out().startsWith("### dive plan: `lifecycle`") && r.out().contains("803 to create"), r.out().substring(0, 300));

        DiveRunner.Result small = new DiveRunner(dir).run("plan", "--markdown", Files.writeString(dir.resolve("small.yaml"),
                ApplyLifecycleTest.topology("")).toString());
        assertTrue(!small.out().contains("cut here"), small::toString);
    }
}
