package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The markdown plan goes into a pull-request comment that reviewers trust: nothing a manifest or a
 * server says can forge a line of it ("Plan: 0 to create"), add HTML, or close the diff's fence.
 */
class MarkdownInjectionTest {

    @TempDir
    Path dir;

    @Test
    void aNameWithALineBreakIsRefusedWhereItIsWritten() throws Exception {
        String err = DiveRunner.refused(dir, """
                name: t
                providers: {memory: {}}
                resources:
                  - {type: group, name: "g\\n**Plan: 0 to create, 0 to update**"}
                """);
        assertTrue(err.startsWith("topology.yaml:4:5: resources[0].name: resource name holds a control or formatting character (U+000A)"), err);
        assertEquals(1, err.lines().count(), err);
    }

    @Test
    void namesReasonsPathsAndValuesCannotAddMarkupOrLines() throws Exception {
        Path file = dir.resolve("topology.yaml");
        Files.writeString(file, """
                name: t
                providers: {memory: {}}
                resources:
                  - type: group
                    name: "x</code></summary><img src=y>"
                    attributes:
                      "k\\n**Plan: 9 to create**": "```\\n</details>\\n**Plan: 0 to create, 0 to update, 0 to replace, 0 to delete**"
                """);
        DiveRunner.Result r = new DiveRunner(dir).run("plan", "--markdown", file.toString());
        assertEquals(0, r.code(), r::toString);
        String md = r.out();
        assertEquals(1, md.lines().filter(l -> l.contains("Plan:") && !l.startsWith("+ ")).count(), md);
        assertFalse(md.contains("<img"), md);
        assertTrue(md.contains("<code>+ group.x&lt;/code&gt;&lt;/summary&gt;&lt;img src=y&gt;</code>"), md);
        assertEquals(1, md.lines().filter(l -> l.startsWith("</details>")).count(), md);
        // The value holds a fence of three backticks: the diff's fence is longer, so it still encloses it.
        assertTrue(md.contains("````diff\n+ k\\u000a**Plan: 9 to create**: \"```\\n</details>\\n**Plan: 0 to create"), md);
        assertTrue(md.contains("\n````\n"), md);
    }
}
