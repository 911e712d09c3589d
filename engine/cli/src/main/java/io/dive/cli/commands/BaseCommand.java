package io.dive.cli.commands;

import io.dive.cli.Cli;
import io.dive.cli.ExitCodes;
import io.dive.cli.Main;
import io.dive.cli.views.ApplyView;
import io.dive.cli.views.PlanView;
import io.dive.cli.views.ProgressView;
import io.dive.core.apply.ApplyListener;
import io.dive.core.engine.Session;
import io.dive.core.ops.ChangeOperation;
import io.dive.core.ops.Durations;
import io.dive.core.run.ProviderRegistry;
import io.dive.spi.Address;
import io.dive.spi.DiveException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ParentCommand;

/** What the commands share: the CLI context, opening a session, parsing addresses and durations. */
abstract class BaseCommand implements Callable<Integer> {

    @ParentCommand
    Object parent;

    @picocli.CommandLine.Option(names = "--allow-env", paramLabel = "NAME", split = ",",
            description = "Let the manifest read these environment variables too (besides DIVE_* and those in DIVE_ALLOW_ENV); repeatable or comma-separated.")
    List<String> allowEnv = new ArrayList<>();

    @picocli.CommandLine.Option(names = "--allow-root", paramLabel = "DIR",
            description = "Let the manifest name files in this folder too (besides its own folder and those in DIVE_ALLOW_ROOTS); repeatable.")
    List<String> allowRoots = new ArrayList<>();

    /** The environment the run sees: the CLI's, with --allow-env added to DIVE_ALLOW_ENV and --allow-root to DIVE_ALLOW_ROOTS. */
    java.util.function.Function<String, String> env() {
        java.util.function.Function<String, String> base = cli().env();
        base = withListed(base, io.dive.core.secrets.EnvPolicy.ALLOW, allowEnv, ",");
        return withListed(base, io.dive.spi.FileRoots.ALLOW, allowRoots.stream()
                .map(r -> java.nio.file.Path.of(r).toAbsolutePath().toString()).toList(), java.io.File.pathSeparator);
    }

    private static java.util.function.Function<String, String> withListed(java.util.function.Function<String, String> base, String variable,
                                                                         List<String> added, String separator) {
        if (added.isEmpty()) {
            return base;
        }
        String listed = base.apply(variable);
        String merged = (listed == null || listed.isBlank() ? "" : listed + separator) + String.join(separator, added);
        return name -> name.equals(variable) ? merged : base.apply(name);
    }

    Cli cli() {
        return main().cli();
    }

    /** This run's colour (off unless stdout is a terminal and nothing says no). */
    io.dive.cli.views.Style style() {
        return main().style();
    }

    private Main main() {
        Object p = parent;
        while (!(p instanceof Main)) {
            if (p instanceof BaseCommand b) {
                p = b.parent;
            } else {
                throw new IllegalStateException("command outside dive");
            }
        }
        return (Main) p;
    }

    Session open(Path manifest, String stateOption, ProviderRegistry registry) {
        return Session.open(manifest, stateOption, env(), registry, io.dive.spi.Log.to(cli().err()));
    }

    List<Address> addresses(List<String> raw, String option) {
        List<Address> out = new ArrayList<>();
        for (String r : raw == null ? List.<String>of() : raw) {
            try {
                out.add(Address.parse(r));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                        option + " " + r + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** A duration option ({@code 30s}, {@code 5m}, {@code 500ms}, or seconds); a bad one is a usage error (exit 64). */
    Duration duration(String text, String option) {
        try {
            return Durations.parse(text, option);
        } catch (DiveException e) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), e.getMessage());
        }
    }

    /**
     * Runs a change (apply, destroy) the way people see it: the plan, a confirmation unless
     * {@code autoApprove}, progress, then the summary (or one JSON document). Returns the exit code.
     *
     * @param verb what is asked and reported: "apply", "destroy"
     */
    int change(Session s, ChangeOperation.Request request, boolean json, boolean autoApprove, String verb) {
        return change(s, request, json, autoApprove, verb, outcome -> {
        });
    }

    /** @param done hears the outcome of a run that was not cancelled (for its metrics) */
    int change(Session s, ChangeOperation.Request request, boolean json, boolean autoApprove, String verb,
               java.util.function.Consumer<ChangeOperation.Outcome> done) {
        ChangeOperation.Outcome outcome = ChangeOperation.run(s, request,
                planned -> {
                    if (!json) {
                        PlanView.render(planned.plan(), cli().out(), style());
                    }
                    // What prevent_destroy keeps is said (PlanView, and on stderr with --json), so it is never a surprise.
                    if (json) {
                        planned.plan().changes().stream().filter(io.dive.core.plan.PlanJson::kept)
                                .forEach(c -> cli().err().println(c.address() + ": " + c.reason()));
                    }
                    return !planned.plan().hasChanges() || autoApprove || confirm(verb + " these changes");
                },
                json ? ApplyListener.NONE : new ProgressView(cli().out()));
        if (outcome.cancelled()) {
            cli().err().println(Character.toUpperCase(verb.charAt(0)) + verb.substring(1) + " cancelled.");
            return ExitCodes.FAILED;
        }
        done.accept(outcome);
        if (json) {
            ApplyView.print(cli().out(), ApplyView.json(outcome.result()));
            ApplyView.failures(outcome.result(), cli().err());
        } else if (outcome.planned().plan().hasChanges() || !outcome.succeeded()) {
            ApplyView.human(outcome.result(), cli().out(), cli().err(), verb);
        }
        return outcome.succeeded() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /**
     * Checks a {@code --metrics-file} before anything runs: node_exporter reads one folder, and a typo in it
     * must not go unnoticed in a new folder nobody reads.
     */
    void requireMetricsFolder(Path metricsFile) {
        if (metricsFile != null && !java.nio.file.Files.isDirectory(metricsFile.toAbsolutePath().getParent())) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--metrics-file " + metricsFile + ": no folder " + metricsFile.toAbsolutePath().getParent());
        }
    }

    /** The --lock-timeout given, or null when none was (then the manifest's state.lock_timeout applies). */
    Duration given(LockTimeoutOption option) {
        return option.value == null ? null : duration(option.value, "--lock-timeout");
    }

    /** Asks on the terminal; refuses when there is none. Returns true only for "yes". */
    boolean confirm(String question) {
        Cli cli = cli();
        if (!cli.terminal()) {
            throw new DiveException("refusing to " + question + " without confirmation: stdin is not a terminal"
                    + " (pass --auto-approve to run non-interactively)");
        }
        cli.out().println();
        cli.out().println("Do you want to " + question + "? Only 'yes' will be accepted.");
        cli.out().print("  Enter a value: ");
        cli.out().flush();
        try {
            String answer = cli.stdin().readLine();
            return answer != null && answer.trim().equals("yes");
        } catch (IOException e) {
            return false;
        }
    }
}
