package io.dive.cli;

import io.dive.cli.commands.ApplyCommand;
import io.dive.cli.commands.DestroyCommand;
import io.dive.cli.commands.DriftCommand;
import io.dive.cli.commands.GraphCommand;
import io.dive.cli.commands.PlanCommand;
import io.dive.cli.commands.StateCommand;
import io.dive.cli.commands.ValidateCommand;
import io.dive.core.run.ProviderRegistry;
import io.dive.spi.DiveException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code dive} command: parses arguments, runs one subcommand, maps failures to exit codes. */
@Command(name = "dive", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "Declarative desired state for a federated identity platform: validate, plan, apply, drift.",
        subcommands = {ValidateCommand.class, PlanCommand.class, ApplyCommand.class, DriftCommand.class, GraphCommand.class,
                StateCommand.class, DestroyCommand.class, io.dive.cli.commands.SandboxCommand.class,
                io.dive.cli.commands.VerifyCommand.class, io.dive.cli.commands.ShowCommand.class, io.dive.cli.commands.StatusCommand.class, io.dive.cli.commands.TrainCommand.class,
                io.dive.cli.commands.ImportCommand.class, picocli.AutoComplete.GenerateCompletion.class})
public final class Main implements Runnable {

    private final Cli cli;

    /** On the top-level command and, inherited, on every subcommand. */
    @CommandLine.Option(names = "--no-color", scope = CommandLine.ScopeType.INHERIT,
            description = "No colour, even on a terminal (as does a non-empty NO_COLOR).")
    boolean noColor;

    public Main(Cli cli) {
        this.cli = cli;
    }

    public Cli cli() {
        return cli;
    }

    /** This run's colour, decided once its options are parsed. */
    private io.dive.cli.views.Style style = io.dive.cli.views.Style.PLAIN;

    public io.dive.cli.views.Style style() {
        return style;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "missing command");
    }

    public static void main(String[] args) {
        LibraryLogs.configure(Arrays.asList(args).contains("--debug"));
        // A confirmation needs only stdin at a terminal: dive apply | tee apply.log still asks.
        boolean terminal = Terminals.stdin();
        Cli cli = new Cli(System.out, System.err, System::getenv, ProviderRegistry::discover, terminal,
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), Terminals.stdout());
        System.exit(run(cli, args));
    }

    /** The test entry point: runs dive with the given streams and environment and returns the exit code. */
    public static int run(Cli given, String... args) {
        // Every line leaves through the scrubber: results, progress, warnings and the error report alike.
        Cli cli = new Cli(ScrubbingStream.around(given.out()), ScrubbingStream.around(given.err()), given.env(), given.providers(),
                given.terminal(), given.stdin(), given.colorTerminal());
        try {
            return execute(cli, args);
        } finally {
            cli.out().flush();
            cli.err().flush();
        }
    }

    private static int execute(Cli cli, String... args) {
        boolean debug = Arrays.asList(args).contains("--debug");
        CommandLine cl = new CommandLine(new Main(cli));
        withHelp(cl);
        cl.setOut(new java.io.PrintWriter(cli.out(), true));
        cl.setErr(new java.io.PrintWriter(cli.err(), true));
        cl.setParameterExceptionHandler((ex, a) -> {
            cli.err().println("dive: " + ex.getMessage());
            cli.err().print("Usage: " + ex.getCommandLine().getHelp().synopsis(0));
            cli.err().println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more.");
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, line, parsed) -> report(cli.err(), ex, debug));
        Main main = cl.getCommand();
        cl.setExecutionStrategy(parsed -> {
            String noColorEnv = cli.env().apply("NO_COLOR");
            main.style = new io.dive.cli.views.Style(cli.colorTerminal() && !main.noColor && (noColorEnv == null || noColorEnv.isEmpty()));
            return new CommandLine.RunLast().execute(parsed);
        });
        return cl.execute(args);
    }

    /** --help on every command and subcommand prints its usage and exits 0, as the contract says. */
    private static void withHelp(CommandLine cl) {
        cl.getCommandSpec().mixinStandardHelpOptions(true);
        var usage = cl.getCommandSpec().usageMessage();
        java.util.Map<String, String> codes = new java.util.TreeMap<>(usage.exitCodeList().isEmpty()
                ? cl.getCommandSpec().parent() == null ? java.util.Map.of("0", "the command's own (see dive COMMAND --help)") : ExitCodes.DEFAULT
                : usage.exitCodeList());
        codes.putAll(ExitCodes.COMMON);
        usage.exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        cl.getSubcommands().values().forEach(Main::withHelp);
    }

    /** The command tree, for tests that walk every command. */
    public static CommandLine commandLine(Cli cli) {
        CommandLine cl = new CommandLine(new Main(cli));
        withHelp(cl);
        return cl;
    }

    static int report(PrintStream err, Exception ex, boolean debug) {
        if (ex instanceof DiveException de) {
            de.lines().forEach(err::println);
            if (debug && de.getCause() != null) {
                de.getCause().printStackTrace(err);
            }
            return ExitCodes.FAILED;
        }
        err.println("dive: internal error (a bug, please report it): " + ex);
        if (debug) {
            ex.printStackTrace(err);
        } else {
            err.println("run again with --debug for the stack trace");
        }
        return ExitCodes.BUG;
    }
}
