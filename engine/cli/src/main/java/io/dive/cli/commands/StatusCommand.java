package io.dive.cli.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.cli.ExitCodes;
import io.dive.cli.views.ApplyView;
import io.dive.core.engine.ProviderRegistry;
import io.dive.core.engine.Session;
import io.dive.core.ops.StatusReport;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dive status FILE}: each instance's health, score and fix commands (exit 0 healthy, 2 degraded, 1 error). */
@Command(name = "status", description = "Health of each instance: a score, what fails and the command that fixes it (exit 0 healthy, 2 degraded, 1 error).")
public final class StatusCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The topology.yaml.")
    Path file;

    @Option(names = "--instance", paramLabel = "CODE", description = "Only this instance (hub or spoke code).")
    String instance;

    @Option(names = "--json", description = "Print only JSON.")
    boolean json;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        try (ProviderRegistry registry = cli().providers().get(); Session s = open(file, common.state, registry)) {
            StatusReport.Report report = StatusReport.build(s, file, instance);
            if (json) {
                ApplyView.print(cli().out(), json(report));
            } else {
                human(report);
            }
            return report.healthy() ? ExitCodes.OK : ExitCodes.CHANGES;
        }
    }

    private void human(StatusReport.Report report) {
        for (StatusReport.Instance i : report.instances()) {
            cli().out().println(i.code() + ": " + i.passed() + "/" + i.checks().size() + (i.healthy() ? " healthy" : " degraded"));
            for (StatusReport.Check c : i.checks()) {
                if (!c.ok()) {
                    cli().out().println("  FAILED " + c.name() + ": " + c.detail());
                    cli().out().println("         fix: " + c.fix());
                }
            }
        }
        for (StatusReport.LastRun r : report.lastRuns()) {
            cli().out().println("last " + r.command() + ": " + r.result() + " at " + r.finishedAt() + " " + r.summary());
        }
    }

    static ObjectNode json(StatusReport.Report report) {
        ObjectNode root = io.dive.core.plan.PlanJson.document(report.topology());
        root.put("healthy", report.healthy());
        ArrayNode instances = root.putArray("instances");
        for (StatusReport.Instance i : report.instances()) {
            ObjectNode o = instances.addObject();
            o.put("code", i.code());
            o.put("healthy", i.healthy());
            o.putObject("score").put("passed", i.passed()).put("total", i.checks().size());
            ArrayNode checks = o.putArray("checks");
            for (StatusReport.Check c : i.checks()) {
                ObjectNode x = checks.addObject().put("name", c.name()).put("ok", c.ok()).put("detail", c.detail());
                if (c.fix() != null) {
                    x.put("fix", c.fix());
                }
            }
        }
        ArrayNode runs = root.putArray("last_runs");
        for (StatusReport.LastRun r : report.lastRuns()) {
            ObjectNode x = runs.addObject().put("command", r.command()).put("result", r.result()).put("finished_at", r.finishedAt());
            ObjectNode summary = x.putObject("summary");
            r.summary().forEach(summary::put);
        }
        return root;
    }
}
