package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.core.apply.ApplyResult;
import io.dive.core.metrics.ApplyMetrics;
import io.dive.core.metrics.DriftMetrics;
import io.dive.core.metrics.Textfile;
import io.dive.core.metrics.VerifyMetrics;
import io.dive.core.plan.Plan;
import io.dive.spi.Verifier.Check;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The alert rules of docs/monitoring are valid and do what docs/monitoring.md says, by Prometheus's own
 * promtool (Debian package prometheus; ./test installs it): drift held for 30 minutes fires, failing runs
 * fire, a stale timestamp fires, a healthy topology stays silent. And every metric the rules, their test
 * series and the Grafana dashboard name is one that dive writes.
 */
class AlertRulesTest {

    static final Path MONITORING = Path.of("..", "..", "docs", "monitoring");

    static DiveRunner.Result promtool(String... args) throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        assertTrue(Files.isExecutable(promtool), "no promtool: install the Debian package prometheus (./test does)");
        List<String> cmd = new java.util.ArrayList<>(List.of(promtool.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(MONITORING.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        return new DiveRunner.Result(p.waitFor(), out, "");
    }

    @Test
    void promtoolChecksTheRulesAndTheirFourCasesPass() throws Exception {
        DiveRunner.Result check = promtool("check", "rules", "dive.rules.yml");
        assertEquals(0, check.code(), check::toString);
        DiveRunner.Result test = promtool("test", "rules", "dive.rules.test.yml");
        assertEquals(0, test.code(), test::toString);
        assertTrue(test.out().contains("SUCCESS"), test::toString);
    }

    @Test
    void everyMetricTheyNameIsOneDiveWrites() throws Exception {
        Instant now = Instant.now();
        Set<String> written = new TreeSet<>();
        written.addAll(Textfile.names(DriftMetrics.render("t", new Plan("t", "h", "l", 1, java.util.Map.of(), List.of(), List.of(), List.of(), List.of()), List.of("user"), now, Duration.ofSeconds(1), null)));
        written.addAll(Textfile.names(VerifyMetrics.render("t", List.of(new Check("link.a-b", "a -> b", "x", true, null)), now, Duration.ZERO, null)));
        written.addAll(Textfile.names(ApplyMetrics.render("t", new ApplyResult(new Plan("t", "h", "l", 1, java.util.Map.of(), List.of(), List.of(), List.of(), List.of()), List.of()), now, Duration.ZERO, null)));
        for (String file : List.of("dive.rules.yml", "dive.rules.test.yml", "dive-dashboard.json")) {
            Matcher m = Pattern.compile("\\bdive_[a-z_]+\\b").matcher(Files.readString(MONITORING.resolve(file)));
            while (m.find()) {
                assertTrue(written.contains(m.group()), file + " names " + m.group() + ", which dive does not write (it writes " + written + ")");
            }
        }
    }
}
