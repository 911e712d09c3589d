package io.dive.cli.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.cli.ExitCodes;
import io.dive.core.engine.Session;
import io.dive.core.ops.ChangeOperation;
import io.dive.core.ops.StateEdits;
import io.dive.core.run.ProviderRegistry;
import io.dive.core.secrets.SecretResolver;
import io.dive.core.state.StateLocator;
import io.dive.spi.Address;
import io.dive.spi.DiveException;
import io.dive.spi.state.State;
import io.dive.spi.state.StateEntry;
import io.dive.spi.state.StateStore;
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
                StateCommand.MvCommand.class, StateCommand.RenameTopologyCommand.class, StateCommand.HistoryCommand.class,
                StateCommand.MigrateCommand.class})
public final class StateCommand extends BaseCommand {

    @Override
    public Integer call() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "missing subcommand: list, show ADDR, rm ADDR, mv OLD NEW, history or migrate");
    }

    /** Splits the positional words into a topology file (if any) and addresses. */
    abstract static class StateSub extends BaseCommand {
        @Parameters(paramLabel = "ARG", arity = "0..*", description = "Addresses, and optionally the topology.yaml.")
        List<String> args = new ArrayList<>();

        @Mixin
        CommonOptions common;

        @Option(names = "--topology", paramLabel = "NAME", description = "With a postgresql:// state and no topology file: the topology's name.")
        String topologyOption;

        /** The manifest's state.lock_timeout, once {@link #store()} has found a manifest. */
        private Duration manifestLockTimeout = Duration.ZERO;

        /** --lock-timeout when given, else the manifest's, else no wait: as for apply. */
        Duration lockTimeout(LockTimeoutOption option) {
            Duration given = given(option);
            return given != null ? given : manifestLockTimeout;
        }

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

        /** The state of the topology file given (or ./topology.yaml), else of --state or DIVE_STATE alone. */
        StateStore store() {
            Path m = manifest();
            if (m == null && Files.exists(Path.of("topology.yaml"))) {
                m = Path.of("topology.yaml");
            }
            if (m != null) {
                try (ProviderRegistry registry = cli().providers().get(); Session s = open(m, common.state, registry)) {
                    manifestLockTimeout = ChangeOperation.lockTimeout(s, null);
                    return s.store();
                }
            }
            return StateLocator.withoutManifest(common.state, env(), topologyOption,
                    new SecretResolver(env(), Path.of("").toAbsolutePath())::resolve);
        }

        String oneAddress() {
            return addressesExactly(1).get(0).toString();
        }

        List<Address> addressesAtLeastOne() {
            return addressesExactly(Math.max(1, addressArgs().size()));
        }

        List<Address> addressesExactly(int n) {
            List<String> a = addressArgs();
            if (a.size() != n) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                        "expected " + (n == 1 ? "one resource address" : n + " resource addresses") + ", got " + a);
            }
            try {
                return a.stream().map(Address::parse).toList();
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

    @Command(name = "rm", description = "Forget resources (one or more addresses): dive stops managing them; the objects themselves are left alone."
            + " All or none: an address not in state removes nothing.")
    public static final class RmCommand extends StateSub {
        @Mixin
        LockTimeoutOption lockTimeout;

        @Override
        public Integer call() {
            List<Address> addresses = addressesAtLeastOne();
            StateStore store = store();
            StateEdits.remove(store, addresses, lockTimeout(lockTimeout));
            for (Address a : addresses) {
                cli().out().println("Removed " + a + " from state (the object itself was not touched).");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "mv", description = "Record a resource under a new address (after a rename in the manifest): nothing is deleted or recreated.")
    public static final class MvCommand extends StateSub {
        @Mixin
        LockTimeoutOption lockTimeout;

        @Override
        public Integer call() {
            List<Address> both = addressesExactly(2);
            StateStore store = store();
            StateEdits.move(store, both.get(0), both.get(1), lockTimeout(lockTimeout));
            cli().out().println("Moved " + both.get(0) + " to " + both.get(1) + " in state (the object itself was not touched).");
            return ExitCodes.OK;
        }
    }

    @Command(name = "rename-topology", description = "Give a state the manifest's topology name, after its name: changed on purpose"
            + " (plan and apply refuse a state recorded under another name).")
    public static final class RenameTopologyCommand extends BaseCommand {
        @Parameters(index = "0", paramLabel = "OLD", description = "The topology name the state records now.")
        String oldName;

        @Parameters(index = "1", paramLabel = "FILE", description = "The topology.yaml whose name the state takes.")
        Path file;

        @Mixin
        CommonOptions common;

        @Mixin
        LockTimeoutOption lockTimeout;

        @Override
        public Integer call() {
            var timeout = given(lockTimeout);
            try (ProviderRegistry registry = cli().providers().get(); Session s = open(file, common.state, registry)) {
                String newName = s.topology().name();
                State renamed = StateEdits.renameTopology(s.storeOf(oldName, common.state), s.store(), oldName, newName,
                        ChangeOperation.lockTimeout(s, timeout), s.stateKey());
                cli().out().println("The state of topology \"" + oldName + "\" (lineage " + renamed.lineage() + ", " + renamed.entries().size()
                        + " resources) now belongs to \"" + newName + "\" in " + s.store().describe() + ".");
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "history", description = "The recorded apply, destroy and drift runs, newest first (a local state keeps the last 20; PostgreSQL all).")
    public static final class HistoryCommand extends StateSub {
        @Option(names = "--limit", defaultValue = "20", description = "How many runs (default 20).")
        int limit;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            StateStore store = store();
            if (!(store instanceof io.dive.spi.state.RunHistory history)) {
                throw new DiveException("state " + store.describe() + " keeps no history: history needs a postgresql:// state");
            }
            var runs = history.history(limit);
            if (json) {
                cli().out().println(new ObjectMapper().findAndRegisterModules().writerWithDefaultPrettyPrinter()
                        .writeValueAsString(runs.stream().map(HistoryCommand::asJson).toList()));
                return ExitCodes.OK;
            }
            for (var r : runs) {
                cli().out().println(r.startedAt() + "  " + r.command() + "  " + r.user() + "@" + r.host() + "  "
                        + r.result() + "  " + r.summary());
                for (var o : r.outcomes()) {
                    cli().out().println("    " + o.action() + " " + o.address() + ": " + o.status() + (o.message() == null ? "" : " (" + o.message() + ")"));
                }
            }
            return ExitCodes.OK;
        }

        static ObjectNode asJson(io.dive.spi.state.RunRecord r) {
            return io.dive.core.state.RunRecordJson.encode(r);
        }
    }

    @Command(name = "migrate", description = "Copy this state to another backend without loss (e.g. --to postgresql://...).")
    public static final class MigrateCommand extends StateSub {
        @Mixin
        LockTimeoutOption lockTimeout;

        @Option(names = "--to", required = true, paramLabel = "STATE", description = "Where the state goes: a path or postgresql://...")
        String to;

        @Option(names = "--force", description = "Overwrite a different state already at the destination.")
        boolean force;

        @Override
        public Integer call() {
            StateStore from = store();
            String topology = from.read().topology();
            StateStore target = StateLocator.open(to, Path.of("").toAbsolutePath(), topology, env());
            State state = StateEdits.migrate(from, target, force, lockTimeout(lockTimeout));
            cli().out().println("Migrated " + state.entries().size() + " resources (lineage " + state.lineage() + ", serial "
                    + state.serial() + ") to " + target.describe() + ". Point --state, DIVE_STATE or the manifest's state: at it.");
            return ExitCodes.OK;
        }
    }
}
