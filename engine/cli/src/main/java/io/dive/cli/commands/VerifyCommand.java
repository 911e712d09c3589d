package io.dive.cli.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.cli.ExitCodes;
import io.dive.cli.views.ApplyView;
import io.dive.core.engine.Session;
import io.dive.core.run.ProviderRegistry;
import io.dive.spi.Log;
import io.dive.spi.Verifier.Check;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dive verify FILE}: the end-to-end checks of every provider that offers them (for Keycloak:
 * every federation link, both directions, down to a real brokered login).
 */
@Command(exitCodeList = {"0:every check passed", "1:a check failed, or an error"},
        name = "verify", description = "Check every federation link both ways, down to a real brokered login (exit 0 all pass, 1 any fails).")
public final class VerifyCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The topology.yaml.")
    Path file;

    @Option(names = "--json", description = "Print only JSON (waiting messages go to stderr).")
    boolean json;

    @Option(names = "--patience", defaultValue = "20s", description = "How long each check may be retried before it fails (default 20s).")
    String patience;

    @Option(names = "--metrics-file", paramLabel = "F", description = "Write the result in Prometheus text format (node_exporter's textfile collector): a gauge per link and direction.")
    Path metricsFile;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        requireMetricsFolder(metricsFile);
        String[] topology = {file.getFileName().toString()};
        java.time.Instant began = java.time.Instant.now();
        try (ProviderRegistry registry = cli().providers().get(); Session s = open(file, common.state, registry)) {
            topology[0] = s.topology().name();
            List<Check> checks = io.dive.core.ops.VerifyOperation.run(s, duration(patience, "--patience"), Log.to(json ? cli().err() : cli().out()));
            metrics(topology[0], checks, began);
            boolean ok = checks.stream().allMatch(Check::ok);
            long subjects = checks.stream().map(Check::subject).distinct().count();
            if (json) {
                ObjectNode root = io.dive.core.plan.PlanJson.document(s.topology().name());
                root.put("ok", ok);
                ArrayNode arr = root.putArray("checks");
                for (Check c : checks) {
                    ObjectNode o = arr.addObject().put("link", c.subject()).put("direction", c.direction()).put("check", c.name()).put("ok", c.ok());
                    if (c.detail() != null) {
                        o.put("detail", c.detail());
                    }
                }
                ApplyView.print(cli().out(), root);
            } else {
                print(checks);
                long failed = checks.stream().filter(c -> !c.ok()).count();
                cli().out().println(checks.isEmpty() ? "Nothing to verify: topology " + s.topology().name()
                        + " declares no federation link, nothing that can be checked end to end."
                        : ok ? "All " + checks.size() + " checks of " + subjects + (subjects == 1 ? " link" : " links") + " passed."
                        : failed + " of " + checks.size() + " checks failed.");
            }
            checks.stream().filter(c -> !c.ok()).forEach(c -> cli().err().println(c.subject() + ": " + c.direction() + ": "
                    + c.name() + " failed: " + c.detail()));
            return ok ? ExitCodes.OK : ExitCodes.FAILED;
        } catch (RuntimeException e) {
            metrics(topology[0], null, began); // could not verify: said, and the last results kept
            throw e;
        }
    }

    private void metrics(String topology, List<Check> checks, java.time.Instant began) {
        if (metricsFile != null) {
            io.dive.core.metrics.Textfile.write(metricsFile, io.dive.core.metrics.VerifyMetrics.render(topology, checks, java.time.Instant.now(),
                    java.time.Duration.between(began, java.time.Instant.now()), io.dive.core.metrics.Textfile.read(metricsFile)));
        }
    }

    private void print(List<Check> checks) {
        String subject = null;
        String dir = null;
        for (Check c : checks) {
            if (!c.subject().equals(subject)) {
                subject = c.subject();
                dir = null;
                cli().out().println(subject);
            }
            if (!c.direction().equals(dir)) {
                dir = c.direction();
                cli().out().println("  " + dir);
            }
            cli().out().println("    " + (c.ok() ? "ok    " : "FAILED") + " " + c.name());
        }
    }
}
