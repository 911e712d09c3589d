package io.dive.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.cli.ExitCodes;
import io.dive.cli.views.ApplyView;
import io.dive.core.engine.Session;
import io.dive.core.ops.StatusReport;
import io.dive.core.run.ProviderRegistry;
import io.dive.spi.HealthProbe;
import io.dive.spi.state.LockHolder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dive status FILE}: each instance's health, score and fix commands (exit 0 healthy, 2 degraded, 1 error). */
@Command(exitCodeList = {"0:every instance healthy", "1:error", "2:degraded: a check failed"},
        name = "status", description = "Health of each instance: a score, what fails and the command that fixes it (exit 0 healthy, 2 degraded, 1 error).")
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
            StatusReport.Report report = StatusReport.build(s, file, instance, Clock.systemUTC());
            if (json) {
                ApplyView.print(cli().out(), json(report));
            } else {
                human(report);
            }
            return report.healthy() ? ExitCodes.OK : ExitCodes.CHANGES;
        }
    }

    /**
     * Per instance its score, then what a person reads first: failures and warnings with their fix, and the
     * live facts (servers, containers, replica sets, links) even when they pass. Resources merely "as the
     * topology says" are counted, not listed.
     */
    private void human(StatusReport.Report report) {
        var out = cli().out();
        for (StatusReport.Instance i : report.instances()) {
            out.println(i.code() + ": " + i.passed() + "/" + i.checks().size() + (i.healthy() ? " healthy" : " degraded"));
            long plain = 0;
            for (StatusReport.Check c : i.checks()) {
                boolean declaredOnly = c.level() == HealthProbe.Level.OK && c.detail().endsWith("as the topology says");
                if (declaredOnly) {
                    plain++;
                    continue;
                }
                String mark = switch (c.level()) {
                    case OK -> "  ok     ";
                    case WARN -> "  WARN   ";
                    case FAIL -> "  FAILED ";
                };
                out.println(mark + c.name() + ": " + c.detail());
                if (c.fix() != null) {
                    out.println("         fix: " + c.fix());
                }
            }
            if (plain > 0) {
                out.println("  ok     " + plain + " resources as the topology says");
            }
        }
        for (StatusReport.LastRun r : report.lastRuns()) {
            out.println("last " + r.kind() + ": " + r.result() + " " + StatusReport.ago(Duration.between(r.finishedAt(), report.at()))
                    + " (" + r.finishedAt() + "), " + r.changed() + (r.kind().equals("drift") ? " drifted" : " changed") + ": " + r.command());
        }
        out.println("lock: " + report.lock().map(h -> "held by " + h.describe()).orElse("free"));
    }

    static ObjectNode json(StatusReport.Report report) {
        ObjectNode root = io.dive.core.plan.PlanJson.document(report.topology());
        root.put("healthy", report.healthy());
        root.put("at", report.at().toString());
        root.put("duration_ms", report.elapsed().toMillis());
        ArrayNode instances = root.putArray("instances");
        for (StatusReport.Instance i : report.instances()) {
            ObjectNode o = instances.addObject();
            o.put("code", i.code());
            o.put("healthy", i.healthy());
            o.putObject("score").put("passed", i.passed()).put("total", i.checks().size());
            ArrayNode checks = o.putArray("checks");
            for (StatusReport.Check c : i.checks()) {
                ObjectNode x = checks.addObject().put("name", c.name()).put("ok", c.ok())
                        .put("level", c.level().name().toLowerCase(java.util.Locale.ROOT)).put("detail", c.detail());
                if (c.fix() != null) {
                    x.put("fix", c.fix());
                }
            }
        }
        ArrayNode runs = root.putArray("last_runs");
        for (StatusReport.LastRun r : report.lastRuns()) {
            ObjectNode x = runs.addObject().put("kind", r.kind()).put("command", r.command()).put("result", r.result())
                    .put("finished_at", r.finishedAt().toString())
                    .put("age_seconds", Duration.between(r.finishedAt(), report.at()).toSeconds()).put("changed", r.changed());
            ObjectNode summary = x.putObject("summary");
            r.summary().forEach(summary::put);
        }
        if (report.lock().isPresent()) {
            LockHolder h = report.lock().get();
            root.putObject("lock").put("user", h.user()).put("host", h.host()).put("pid", h.pid()).put("command", h.command())
                    .put("since", h.since());
        } else {
            root.putNull("lock");
        }
        return root;
    }
}
