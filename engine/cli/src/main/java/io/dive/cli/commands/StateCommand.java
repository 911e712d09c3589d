package io.dive.cli.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.cli.ExitCodes;
import io.dive.core.engine.ProviderRegistry;
import io.dive.core.manifest.ManifestLoader;
import io.dive.core.model.DiveException;
import io.dive.core.model.Topology;
import io.dive.core.state.LocalStateStore;
import io.dive.core.state.State;
import io.dive.core.state.StateEntry;
import io.dive.core.state.StateLocator;
import io.dive.core.state.StateStore;
import io.dive.spi.Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dive state list|show ADDR|rm ADDR}. The state is found from {@code --state}, DIVE_STATE, a
 * topology file given as an argument, else ./topology.yaml, else ./.dive/state.json.
 */
@Command(name = "state", description = "Inspect and edit recorded state.",
        subcommands = {StateCommand.ListCommand.class, StateCommand.ShowCommand.class, StateCommand.RmCommand.class,
                StateCommand.HistoryCommand.class, StateCommand.MigrateCommand.class})
public final class StateCommand extends BaseCommand {

    @Override
    public Integer call() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "missing subcommand: list, show ADDR or rm ADDR");
    }

    /** Splits the positional words into a topology file (if any) and addresses. */
    abstract static class StateSub extends BaseCommand {
        @Parameters(paramLabel = "ARG", arity = "0..*", description = "Addresses, and optionally the topology.yaml.")
        List<String> args = new ArrayList<>();

        @Mixin
        CommonOptions common;

        @Option(names = "--topology", paramLabel = "NAME", description = "With a postgresql:// state and no topology file: the topology's name.")
        String topologyOption;

        Path manifest() {
            for (String a : args) {
                if (a.endsWith(".yaml") || a.endsWith(".yml")) {
                    return Path.of(a);
                }
            }
            return null;
        }

        List<String> addressArgs() {
            return args.stream().filter(a -> !(a.endsWith(".yaml") || a.endsWith(".yml"))).toList();
        }

        StateStore store() {
            Path m = manifest();
            if (m == null && Files.exists(Path.of("topology.yaml"))) {
                m = Path.of("topology.yaml");
            }
            if (m != null) {
                try (ProviderRegistry registry = cli().providers().get()) {
                    Topology t = new ManifestLoader(cli().env(), registry.types()).load(m);
                    return StateLocator.locate(common.state, cli().env(), t);
                }
            }
            String value = common.state != null ? common.state : cli().env().apply("DIVE_STATE");
            if (value == null || value.isBlank()) {
                value = ".dive/state.json";
            }
            if (value.contains("://") && topologyOption == null) {
                throw new DiveException("state " + StateLocator.redact(value) + " holds many topologies: give the topology file or --topology NAME");
            }
            StateStore remote = StateLocator.remote(value, topologyOption);
            if (remote != null) {
                return remote;
            }
            return new LocalStateStore(Path.of(value.startsWith("file:") ? value.substring(5) : value), null);
        }

        String oneAddress() {
            List<String> a = addressArgs();
            if (a.size() != 1) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "expected one resource address, got " + a);
            }
            try {
                return Address.parse(a.get(0)).toString();
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), e.getMessage());
            }
        }
    }

    @Command(name = "list", description = "One recorded address per line.")
    public static final class ListCommand extends StateSub {
        @Override
        public Integer call() {
            for (String address : store().read().entries().keySet()) {
                cli().out().println(address);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", description = "What state records of one resource, as JSON (secrets as fingerprints).")
    public static final class ShowCommand extends StateSub {
        @Override
        public Integer call() throws Exception {
            String address = oneAddress();
            StateEntry e = store().read().get(address);
            if (e == null) {
                throw new DiveException(address + ": not in state");
            }
            ObjectNode o = new ObjectMapper().createObjectNode();
            o.put("address", address);
            o.put("type", e.type());
            o.put("name", e.name());
            o.put("provider", e.provider());
            o.put("status", e.status().name().toLowerCase(java.util.Locale.ROOT));
            e.dependsOn().forEach(o.putArray("depends_on")::add);
            o.set("attributes", e.attributes());
            cli().out().println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(o));
            return ExitCodes.OK;
        }
    }

    @Command(name = "rm", description = "Forget a resource: dive stops managing it; the object itself is left alone.")
    public static final class RmCommand extends StateSub {
        @Option(names = "--lock-timeout", paramLabel = "DURATION", description = "How long to wait for the state lock (default 0s).")
        String lockTimeout;

        @Override
        public Integer call() {
            String address = oneAddress();
            StateStore store = store();
            try (StateStore.StateLock lock = store.lock("dive state rm " + address, lockTimeout == null ? Duration.ZERO : duration(lockTimeout, "--lock-timeout"))) {
                State state = store.read();
                if (state.remove(address) == null) {
                    throw new DiveException(address + ": not in state");
                }
                store.write(state.nextSerial());
                cli().out().println("Removed " + address + " from state (the object itself was not touched).");
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "history", description = "The recorded apply and drift runs, newest first (PostgreSQL state).")
    public static final class HistoryCommand extends StateSub {
        @Option(names = "--limit", defaultValue = "20", description = "How many runs (default 20).")
        int limit;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            var runs = store().history(limit);
            if (json) {
                cli().out().println(new ObjectMapper().findAndRegisterModules().writerWithDefaultPrettyPrinter()
                        .writeValueAsString(runs.stream().map(HistoryCommand::asJson).toList()));
                return ExitCodes.OK;
            }
            for (var r : runs) {
                cli().out().println(r.startedAt() + "  " + r.command() + "  " + r.user() + "@" + r.host() + "  "
                        + (r.success() ? "ok" : "FAILED") + "  " + r.summary());
                for (var o : r.outcomes()) {
                    cli().out().println("    " + o.action() + " " + o.address() + ": " + o.status() + (o.message() == null ? "" : " (" + o.message() + ")"));
                }
            }
            return ExitCodes.OK;
        }

        static ObjectNode asJson(io.dive.core.state.RunRecord r) {
            ObjectNode o = new ObjectMapper().createObjectNode();
            o.put("command", r.command()).put("user", r.user()).put("host", r.host()).put("started_at", r.startedAt().toString())
                    .put("finished_at", r.finishedAt().toString()).put("success", r.success());
            ObjectNode summary = o.putObject("summary");
            r.summary().forEach(summary::put);
            var outcomes = o.putArray("outcomes");
            r.outcomes().forEach(x -> outcomes.addObject().put("address", x.address()).put("action", x.action()).put("status", x.status())
                    .put("message", x.message()));
            return o;
        }
    }

    /** Equal as JSON (a database may store object keys in its own order). */
    static boolean sameDocument(State a, State b) {
        try {
            ObjectMapper json = new ObjectMapper();
            return json.readTree(io.dive.core.state.StateCodec.encode(a)).equals(json.readTree(io.dive.core.state.StateCodec.encode(b)));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Command(name = "migrate", description = "Copy this state to another backend without loss (e.g. --to postgresql://...).")
    public static final class MigrateCommand extends StateSub {
        @Option(names = "--to", required = true, paramLabel = "STATE", description = "Where the state goes: a path or postgresql://...")
        String to;

        @Option(names = "--force", description = "Overwrite a different state already at the destination.")
        boolean force;

        @Override
        public Integer call() {
            StateStore from = store();
            State state = from.read();
            if (state.lineage().isEmpty()) {
                throw new DiveException("state " + from.describe() + " is empty: nothing to migrate");
            }
            String topology = state.topology();
            StateStore target = StateLocator.remote(to, topology);
            if (target == null) {
                target = new LocalStateStore(Path.of(to.startsWith("file:") ? to.substring(5) : to), topology);
            }
            try (StateStore.StateLock a = from.lock("dive state migrate", Duration.ZERO);
                 StateStore.StateLock b = target.lock("dive state migrate", Duration.ZERO)) {
                State existing = target.read();
                if (!existing.lineage().isEmpty() && !existing.lineage().equals(state.lineage()) && !force) {
                    throw new DiveException("state " + target.describe() + " already holds another state (lineage " + existing.lineage()
                            + "); pass --force to overwrite it");
                }
                // Same lineage and serial: the copy is the same state, so saved plans stay valid.
                target.write(new State(state.lineage(), state.serial(), topology, state.entries()));
                State copied = target.read();
                if (!sameDocument(copied, state)) {
                    throw new DiveException("state " + target.describe() + ": the copy differs from the original after writing; nothing was changed at the source");
                }
                cli().out().println("Migrated " + state.entries().size() + " resources (lineage " + state.lineage() + ", serial "
                        + state.serial() + ") to " + target.describe() + ". Point --state, DIVE_STATE or the manifest's state: at it.");
                return ExitCodes.OK;
            }
        }
    }
}
