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
        subcommands = {StateCommand.ListCommand.class, StateCommand.ShowCommand.class, StateCommand.RmCommand.class})
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
            if (value.startsWith("postgresql://") || value.startsWith("postgres://")) {
                throw new DiveException("the PostgreSQL state backend is not part of this build yet");
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
}
